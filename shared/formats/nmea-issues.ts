/**
 * Issue bookkeeping for the NMEA reader. Per-sentence problems (bad checksum, malformed fields)
 * are listed individually up to a cap per code, then summarised with their total so a log with a
 * million corrupt lines neither floods the sources panel nor hides how bad it is. Conditions that
 * hit many lines alike (void fixes, proprietary sentences) are tallied and reported once.
 *
 * `gpx-issues.ts` has a similar list with a fixed cap of 1000 and a "more not listed" summary;
 * this one keeps the lower cap the NMEA brief asks for and states the total.
 */
import type { ImportIssue, Severity } from '../model';

/** Located issues listed per code before the rest are only counted. */
export const NMEA_ISSUES_PER_CODE = 50;

interface CodeCount {
  severity: Severity;
  total: number;
}

export class CappedIssues {
  readonly issues: ImportIssue[] = [];
  private readonly counts = new Map<string, CodeCount>();

  constructor(
    private readonly file: string,
    private readonly cap = NMEA_ISSUES_PER_CODE,
  ) {}

  /** One issue per occurrence; beyond the cap only counted. */
  add(severity: Severity, code: string, message: string, line?: number): void {
    let c = this.counts.get(code);
    if (c === undefined) {
      c = { severity, total: 0 };
      this.counts.set(code, c);
    }
    c.total++;
    if (c.total > this.cap) return;
    this.push(severity, code, message, line);
  }

  /** An issue outside the cap (summaries, per-file notes). */
  push(severity: Severity, code: string, message: string, line?: number): void {
    const issue: ImportIssue = { file: this.file, severity, code, message };
    if (line !== undefined) issue.line = line;
    this.issues.push(issue);
  }

  /** Appends a total for every capped code; call once at the end. */
  finish(): ImportIssue[] {
    for (const [code, c] of this.counts) {
      if (c.total <= this.cap) continue;
      this.push(
        c.severity,
        code,
        `${c.total} issues of this kind (${code}) in total; only the first ${this.cap} are listed individually`,
      );
    }
    this.counts.clear();
    return this.issues;
  }
}

/** Counts one condition, remembering the line and an example of its first occurrence. */
export class LineTally {
  count = 0;
  firstLine = 0;
  example = '';

  hit(line: number, example?: () => string): void {
    if (this.count++ === 0) {
      this.firstLine = line;
      if (example) this.example = example();
    }
  }
}

/** Counts per key (sentence type, proprietary manufacturer), in order of first appearance. */
export class KeyedTally {
  readonly counts = new Map<string, number>();
  total = 0;
  firstLine = 0;

  hit(key: string, line: number): void {
    if (this.total++ === 0) this.firstLine = line;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** e.g. `GSA ×120, GSV ×300`, most frequent first, at most `max` keys. */
  describe(prefix = '', max = 12): string {
    const entries = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const shown = entries.slice(0, max).map(([k, n]) => `${prefix}${k} ×${n}`);
    if (entries.length > max) shown.push(`${entries.length - max} more kinds`);
    return shown.join(', ');
  }
}
