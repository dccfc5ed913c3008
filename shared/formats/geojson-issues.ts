/**
 * Issue bookkeeping for record formats (GeoJSON, OwnTracks): the same policy as the GPX reader's
 * (`gpx-issues.ts`) — located issues capped per code, the overflow summarised with its count,
 * never dropped silently — with record-style locations (record index, line, column, offset).
 */
import type { ImportIssue, Severity } from '../model';

/** Located issues kept per code before the rest are only counted. */
export const ISSUES_PER_CODE = 1000;

export interface RecordLocation {
  line?: number;
  column?: number;
  record?: number;
  offset?: number;
}

export function describeLocation(loc: RecordLocation | undefined): string {
  if (loc === undefined) return 'unknown location';
  const parts: string[] = [];
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  return parts.length > 0 ? parts.join(', ') : 'unknown location';
}

export class RecordIssueList {
  readonly issues: ImportIssue[] = [];
  private readonly perCode = new Map<string, number>();
  private readonly overflow = new Map<string, { severity: Severity; count: number }>();

  constructor(private readonly file: string) {}

  add(severity: Severity, code: string, message: string, loc?: RecordLocation): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n > ISSUES_PER_CODE) {
      const o = this.overflow.get(code);
      if (o) o.count++;
      else this.overflow.set(code, { severity, count: 1 });
      return;
    }
    const issue: ImportIssue = { file: this.file, severity, code, message };
    if (loc?.line !== undefined) issue.line = loc.line;
    if (loc?.column !== undefined) issue.column = loc.column;
    if (loc?.record !== undefined) issue.record = loc.record;
    if (loc?.offset !== undefined) issue.offset = loc.offset;
    this.issues.push(issue);
  }

  /** Appends the summaries of capped codes; call once at the end. */
  finish(): ImportIssue[] {
    for (const [code, o] of this.overflow) {
      this.issues.push({
        file: this.file,
        severity: o.severity,
        code,
        message: `${o.count} more issue(s) of this kind (${code}) not listed individually`,
      });
    }
    this.overflow.clear();
    return this.issues;
  }
}

/** Counts occurrences of one condition, remembering where and how it first appeared. */
export class RecordTally {
  count = 0;
  first: RecordLocation | undefined;
  example = '';

  hit(loc: RecordLocation, example = ''): void {
    if (this.count++ === 0) {
      this.first = loc;
      this.example = example;
    }
  }
}
