/**
 * The case's audit log: append-only, hash-chained. Each entry's `hash` is the SHA-256 of the
 * canonical JSON of its content and `prev` (the previous entry's hash), so an entry that is
 * changed, removed or moved breaks the chain at that point. The chain alone cannot reveal that
 * the last entries were cut off, or that someone recomputed every hash after a change: the case
 * file records the head (count and last hash) separately, and every exhibit and `case info` print
 * the head hash, so a court can check a later log against an earlier head (an anchor).
 */
import { sha256Text, type Sha256Factory } from './sha256';

export type AuditAction =
  | 'create'
  | 'open'
  | 'save'
  | 'import'
  | 'remove-source'
  | 'setting'
  | 'edit'
  | 'exclude'
  | 'annotate'
  | 'testimony'
  | 'export'
  | 'exhibit'
  | 'verify-evidence'
  | 'migrate'
  | 'recover';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'create',
  'open',
  'save',
  'import',
  'remove-source',
  'setting',
  'edit',
  'exclude',
  'annotate',
  'testimony',
  'export',
  'exhibit',
  'verify-evidence',
  'migrate',
  'recover',
];

export interface AuditEntry {
  /** 1-based position in the log. */
  seq: number;
  /** UTC, ISO-8601 with milliseconds and `Z`. */
  at: string;
  /** Operating-system account that made the change. */
  account: string;
  /** e.g. `Itinera 0.1.0`. */
  software: string;
  action: AuditAction;
  /** What exactly happened (file names and hashes, setting and old/new value…); JSON values only. */
  details: Record<string, unknown>;
  /** `hash` of the previous entry; GENESIS_HASH for the first. */
  prev: string;
  /** SHA-256 (hex) of the canonical JSON of every field above. */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: AuditAction;
  details?: Record<string, unknown>;
  account: string;
  software: string;
  /** UTC epoch ms; the caller's clock. */
  at: number;
}

/**
 * JSON with object keys sorted and no whitespace, so the same content always hashes the same.
 * Non-finite numbers become null, as JSON would write them (details are meant to be plain JSON).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (ArrayBuffer.isView(value)) return canonicalJson(Array.from(value as unknown as number[]));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>, sha: Sha256Factory): string {
  const { seq, at, account, software, action, details, prev } = entry;
  return sha256Text(canonicalJson({ seq, at, account, software, action, details, prev }), sha);
}

/** A new log with one entry appended; the given log is not changed (and never rewritten). */
export function appendAudit(
  log: readonly AuditEntry[],
  input: AuditInput,
  sha: Sha256Factory,
): AuditEntry[] {
  const last = log[log.length - 1];
  const body: Omit<AuditEntry, 'hash'> = {
    // Chained onto whatever the last stored entry is, even in a broken log: the break stays visible.
    seq: (last?.seq ?? 0) + 1,
    at: new Date(input.at).toISOString(),
    account: input.account,
    software: input.software,
    action: input.action,
    details: input.details ?? {},
    prev: last?.hash ?? GENESIS_HASH,
  };
  return [...log, { ...body, hash: auditEntryHash(body, sha) }];
}

export type AuditProblemCode =
  /** The entry's content does not match its own hash: it was changed. */
  | 'hash-mismatch'
  /** `prev` is not the previous entry's hash: an entry before it was removed, inserted or moved. */
  | 'chain-broken'
  /** Sequence numbers skip or go back. */
  | 'seq-order'
  /** The entry is not an audit entry at all (missing fields). */
  | 'malformed'
  /** Fewer entries, or a different last hash, than the case file recorded as the head. */
  | 'head-mismatch'
  /** The anchor hash (from an earlier exhibit or printout) is not in the log. */
  | 'anchor-missing';

export interface AuditProblem {
  /** 0-based index in the log; -1 for problems of the log as a whole. */
  index: number;
  seq?: number;
  code: AuditProblemCode;
  message: string;
}

export interface AuditHead {
  count: number;
  /** Hash of the last entry; GENESIS_HASH for an empty log. */
  hash: string;
}

export interface AuditVerification {
  intact: boolean;
  entries: number;
  /** Index of the first entry that cannot be trusted (it and every later one); null when intact. */
  firstBadIndex: number | null;
  problems: AuditProblem[];
  head: AuditHead;
}

export function auditHead(log: readonly AuditEntry[]): AuditHead {
  return { count: log.length, hash: log[log.length - 1]?.hash ?? GENESIS_HASH };
}

function isEntryShaped(value: unknown): value is AuditEntry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.seq === 'number' &&
    typeof e.at === 'string' &&
    typeof e.account === 'string' &&
    typeof e.software === 'string' &&
    typeof e.action === 'string' &&
    typeof e.prev === 'string' &&
    typeof e.hash === 'string' &&
    e.details !== null &&
    typeof e.details === 'object'
  );
}

export interface VerifyAuditOptions {
  /** The head the case file recorded when it was saved. */
  recordedHead?: AuditHead | null;
  /** Hashes that must appear in the log (heads printed on earlier exhibits). */
  anchors?: readonly string[];
}

/** Checks every link of the chain; reports each problem, never throws. */
export function verifyAuditChain(
  log: readonly unknown[],
  sha: Sha256Factory,
  options: VerifyAuditOptions = {},
): AuditVerification {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  log.forEach((raw, index) => {
    if (!isEntryShaped(raw)) {
      problems.push({
        index,
        code: 'malformed',
        message: `entry ${index + 1} is not an audit entry`,
      });
      prevHash = '';
      prevSeq += 1;
      return;
    }
    const entry = raw;
    if (auditEntryHash(entry, sha) !== entry.hash) {
      problems.push({
        index,
        seq: entry.seq,
        code: 'hash-mismatch',
        message: `entry ${entry.seq} (${entry.action}, ${entry.at}) was changed after it was recorded`,
      });
    }
    if (entry.prev !== prevHash) {
      problems.push({
        index,
        seq: entry.seq,
        code: 'chain-broken',
        message: `entry ${entry.seq} does not follow the entry before it: entries were removed, inserted or reordered`,
      });
    }
    if (entry.seq !== prevSeq + 1) {
      problems.push({
        index,
        seq: entry.seq,
        code: 'seq-order',
        message: `entry at position ${index + 1} has number ${entry.seq}, expected ${prevSeq + 1}`,
      });
    }
    prevHash = entry.hash;
    prevSeq = entry.seq;
  });
  const entries = log.filter(isEntryShaped);
  const head = auditHead(entries);
  const recorded = options.recordedHead;
  if (recorded && (recorded.count !== log.length || recorded.hash !== head.hash)) {
    problems.push({
      index: -1,
      code: 'head-mismatch',
      message: `the case recorded ${recorded.count} entries ending in ${recorded.hash.slice(0, 12)}…, the log has ${log.length} ending in ${head.hash.slice(0, 12)}…`,
    });
  }
  for (const anchor of options.anchors ?? []) {
    if (!entries.some((e) => e.hash === anchor.toLowerCase())) {
      problems.push({
        index: -1,
        code: 'anchor-missing',
        message: `no entry has the hash ${anchor}: the log is not a continuation of the one that hash was taken from`,
      });
    }
  }
  const located = problems.filter((p) => p.index >= 0).map((p) => p.index);
  let firstBadIndex: number | null = located.length > 0 ? Math.min(...located) : null;
  if (firstBadIndex === null && problems.length > 0) firstBadIndex = log.length;
  return { intact: problems.length === 0, entries: log.length, firstBadIndex, problems, head };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'account',
  'software',
  'action',
  'details',
  'prev',
  'hash',
] as const;

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV, one row per entry, details as canonical JSON; CRLF line ends. */
export function auditToCsv(log: readonly AuditEntry[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of log) {
    rows.push(
      [
        String(e.seq),
        e.at,
        e.account,
        e.software,
        e.action,
        canonicalJson(e.details),
        e.prev,
        e.hash,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The log with its verification, as one JSON document. */
export function auditToJson(log: readonly AuditEntry[], verification: AuditVerification): string {
  return `${JSON.stringify({ version: 1, verification, entries: log }, null, 2)}\n`;
}
