/**
 * Issue bookkeeping for the GPX reader: located issues, capped per code so a file with a million
 * bad rows does not produce a million objects (the overflow is summarised with its count, never
 * dropped silently), and per-file tallies for conditions that affect many rows alike.
 */
import type { ImportIssue, Severity } from '../model';
import type { XmlLocation } from '../xml/tokenizer';

/** Located issues kept per code before the rest are only counted. */
export const ISSUES_PER_CODE = 1000;

interface Overflow {
  severity: Severity;
  count: number;
}

export class IssueList {
  readonly issues: ImportIssue[] = [];
  private readonly perCode = new Map<string, number>();
  private readonly overflow = new Map<string, Overflow>();

  constructor(private readonly file: string) {}

  add(severity: Severity, code: string, message: string, loc?: XmlLocation): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n > ISSUES_PER_CODE) {
      const o = this.overflow.get(code);
      if (o) o.count++;
      else this.overflow.set(code, { severity, count: 1 });
      return;
    }
    const issue: ImportIssue = { file: this.file, severity, code, message };
    if (loc) {
      issue.line = loc.line;
      issue.column = loc.column;
    }
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
export class Tally {
  count = 0;
  first: XmlLocation | undefined;
  example = '';

  hit(loc: () => XmlLocation, example = ''): void {
    if (this.count++ === 0) {
      this.first = loc();
      this.example = example;
    }
  }
}
