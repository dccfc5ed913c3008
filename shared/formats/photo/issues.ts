/** Issues of one photo, located by byte offset. */
import type { ImportIssue, Severity } from '../../model';

export class PhotoIssueSink {
  readonly issues: ImportIssue[] = [];

  constructor(private readonly file: string) {}

  add(severity: Severity, code: string, message: string, offset?: number): void {
    const issue: ImportIssue = { file: this.file, severity, code, message };
    if (offset !== undefined) issue.offset = offset;
    this.issues.push(issue);
  }

  error(code: string, message: string, offset?: number): void {
    this.add('error', code, message, offset);
  }

  warning(code: string, message: string, offset?: number): void {
    this.add('warning', code, message, offset);
  }

  info(code: string, message: string, offset?: number): void {
    this.add('info', code, message, offset);
  }
}
