/**
 * Issue bookkeeping shared by the format readers.
 *
 * Located issues are listed up to a cap per code, so a file with a million bad rows does not
 * produce a million objects; the rest are counted and summarised in one closing issue, never
 * dropped silently. Conditions that hit many rows alike are tallied instead (count, first
 * location, an example) and reported once by the reader.
 *
 * Nothing here runs per row unless the row has a problem: tallies compute their location and
 * example only on their first hit, so a reader may call `hit` on its hot path.
 */
import type { ImportIssue, Severity } from '../model';

/** Where an issue is: line and column in text, record index in record formats, byte offset. */
export interface IssueLocation {
  line?: number;
  column?: number;
  record?: number;
  offset?: number;
}

/** A value, or how to compute it when it is first needed. */
export type Lazy<T> = T | (() => T);

/** Issues listed per code by default before the rest are only counted. */
export const ISSUES_PER_CODE = 1000;

/**
 * How the codes that reached their cap are closed at `finish()`:
 * - `more`: "N more issue(s) of this kind (code) not listed individually", in the order the codes
 *   reached the cap;
 * - `total`: "N issues of this kind (code) in total; only the first K are listed individually", in
 *   the order the codes first appeared.
 * The summary takes the severity of the issues it stands for: the first one left unlisted for
 * `more`, the first one of the code for `total` (a code has one severity in every reader so far).
 */
export type CapSummary = 'more' | 'total';

export interface IssueListOptions {
  /** Issues listed per code; default {@link ISSUES_PER_CODE}. */
  perCode?: number;
  /** Default `more`. */
  summary?: CapSummary;
}

interface CodeCount {
  code: string;
  /** Order of first appearance among the codes. */
  seq: number;
  total: number;
  /** Severity the summary takes (see {@link CapSummary}). */
  severity: Severity;
}

export class IssueList {
  readonly issues: ImportIssue[] = [];
  private readonly counts = new Map<string, CodeCount>();
  /** Codes past their cap, in the order they got there. */
  private readonly capped: CodeCount[] = [];
  private readonly perCode: number;
  private readonly summary: CapSummary;

  constructor(
    private readonly file: string,
    options: IssueListOptions = {},
  ) {
    this.perCode = options.perCode ?? ISSUES_PER_CODE;
    this.summary = options.summary ?? 'more';
  }

  add(severity: Severity, code: string, message: string, loc?: IssueLocation): void {
    let c = this.counts.get(code);
    if (c === undefined) {
      c = { code, seq: this.counts.size, total: 0, severity };
      this.counts.set(code, c);
    }
    if (++c.total > this.perCode) {
      if (c.total === this.perCode + 1) {
        if (this.summary === 'more') c.severity = severity;
        this.capped.push(c);
      }
      return;
    }
    const issue: ImportIssue = { file: this.file, severity, code, message };
    if (loc !== undefined) {
      if (loc.line !== undefined) issue.line = loc.line;
      if (loc.column !== undefined) issue.column = loc.column;
      if (loc.record !== undefined) issue.record = loc.record;
      if (loc.offset !== undefined) issue.offset = loc.offset;
    }
    this.issues.push(issue);
  }

  /** Appends a summary for every capped code and returns all issues; call once, at the end. */
  finish(): ImportIssue[] {
    const capped =
      this.summary === 'total' ? this.capped.sort((a, b) => a.seq - b.seq) : this.capped;
    for (const c of capped) {
      this.issues.push({
        file: this.file,
        severity: c.severity,
        code: c.code,
        message:
          this.summary === 'total'
            ? `${c.total} issues of this kind (${c.code}) in total; only the first ${this.perCode} are listed individually`
            : `${c.total - this.perCode} more issue(s) of this kind (${c.code}) not listed individually`,
      });
    }
    this.capped.length = 0;
    return this.issues;
  }
}

function resolve<T>(v: Lazy<T>): T {
  return typeof v === 'function' ? (v as () => T)() : v;
}

/**
 * Counts occurrences of one condition, remembering where (in the reader's own terms: a location
 * object, a line number) and how it first appeared.
 */
export class Tally<L = IssueLocation> {
  count = 0;
  first: L | undefined;
  example = '';

  hit(at: Lazy<L>, example: Lazy<string> = ''): void {
    if (this.count++ === 0) {
      this.first = resolve(at);
      this.example = resolve(example);
    }
  }
}

/** Counts one condition per key (e.g. sentence type), keys in order of first appearance. */
export class KeyedTally<L = IssueLocation> {
  readonly counts = new Map<string, number>();
  count = 0;
  first: L | undefined;

  hit(key: string, at: Lazy<L>): void {
    if (this.count++ === 0) this.first = resolve(at);
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

/** "line 3, column 7": a location in text read by line and column. */
export function describeLineColumn(loc: { line: number; column: number } | undefined): string {
  return loc ? `line ${loc.line}, column ${loc.column}` : 'unknown location';
}

/** "record 3, line 7": a location in a record format (the column is left to the issue). */
export function describeRecordLine(loc: IssueLocation | undefined): string {
  if (loc === undefined) return 'unknown location';
  const parts: string[] = [];
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  return parts.length > 0 ? parts.join(', ') : 'unknown location';
}
