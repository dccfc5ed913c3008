/**
 * "Verify evidence": re-hashes every original a case refers to and says whether it still matches
 * the SHA-256 recorded at import. Originals are found at their recorded path or, failing that,
 * beside the case file by name (a case handed over on a disk together with its evidence).
 * Files are opened read-only; nothing is written.
 */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaseDocument } from '../../shared/case/format';
import { sha256File } from './hash';

export type EvidenceStatus = 'match' | 'mismatch' | 'missing';

export interface EvidenceCheck {
  sourceId: string;
  sourceLabel: string;
  name: string;
  recordedPath?: string;
  recordedSize: number;
  recordedSha256: string;
  status: EvidenceStatus;
  /** Where the file was found (and hashed). */
  foundAt?: string;
  actualSize?: number;
  actualSha256?: string;
  /** Why the file was missing or could not be hashed. */
  note?: string;
}

export interface EvidenceReport {
  checks: EvidenceCheck[];
  match: number;
  mismatch: number;
  missing: number;
}

export interface VerifyEvidenceOptions {
  /** Path of the case file, so originals can be looked for beside it. */
  casePath?: string;
  /** Called after each file, for progress. */
  onFile?: (check: EvidenceCheck, done: number, total: number) => void;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function verifyEvidence(
  doc: CaseDocument,
  opts: VerifyEvidenceOptions = {},
): Promise<EvidenceReport> {
  const files = doc.sources.flatMap((source) => source.files.map((file) => ({ source, file })));
  const checks: EvidenceCheck[] = [];
  for (const { source, file } of files) {
    const base: EvidenceCheck = {
      sourceId: source.id,
      sourceLabel: source.label,
      name: file.name,
      recordedPath: file.path,
      recordedSize: file.size,
      recordedSha256: file.sha256.toLowerCase(),
      status: 'missing',
    };
    const candidates = [
      ...(file.path ? [file.path] : []),
      ...(opts.casePath ? [join(dirname(opts.casePath), file.name)] : []),
    ];
    let check: EvidenceCheck = {
      ...base,
      note: 'not found at its recorded path or beside the case',
    };
    for (const candidate of candidates) {
      if (!(await isFile(candidate))) continue;
      try {
        const [sha, info] = await Promise.all([sha256File(candidate), stat(candidate)]);
        check = {
          ...base,
          status: sha === base.recordedSha256 ? 'match' : 'mismatch',
          foundAt: candidate,
          actualSize: info.size,
          actualSha256: sha,
        };
        // A mismatch at the recorded path may be a different file of that name; a match beside
        // the case is still the original. Keep looking only after a mismatch.
        if (check.status === 'match') break;
      } catch (err) {
        check = { ...base, note: `cannot be read: ${(err as Error).message}` };
      }
    }
    checks.push(check);
    opts.onFile?.(check, checks.length, files.length);
  }
  const count = (s: EvidenceStatus) => checks.filter((c) => c.status === s).length;
  return { checks, match: count('match'), mismatch: count('mismatch'), missing: count('missing') };
}
