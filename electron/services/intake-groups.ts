/**
 * Files of one import job that belong together:
 * - a cell-site list imported with call detail records is applied to them (the CDR reader places
 *   each record at its cell) and becomes part of the CDR source instead of a source of its own;
 * - the files of one Google export (every monthly Semantic Location History file, or Records.json
 *   with the semantic files) become one source, overlapping records dropped and counted.
 * Every file keeps its own SHA-256 in the source's `files`.
 */
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseCellSites, sniffCellSites, type CellSite } from '../../shared/formats/cdr/cells';
import { detectFormat } from '../../shared/formats/detect';
import { mergeGoogleResults } from '../../shared/formats/google/merge';
import type { EvidenceFile, ImportIssue } from '../../shared/model';
import { createSha256, HASH_CHUNK_BYTES } from './hash';
import type { EvidenceRead, EvidenceReadOk } from './intake-read';
import { trimColumns } from './intake-transfer';

/**
 * Head bytes looked at to find site lists and CDRs before the job's reads start: enough for a
 * header and a few dozen rows, small enough that a job of thousands of files stays quick.
 */
const PLAN_HEAD_BYTES = 16 * 1024;

/** Larger files are not taken for site lists: a real list is a few MB (one row per cell). */
export const SITE_LIST_MAX_BYTES = 64 * 1024 * 1024;

/** A cell-site list read whole (hash and parse) before the CDR reads start. */
export interface SiteListRead {
  /** Index into the job's paths. */
  index: number;
  path: string;
  file: EvidenceFile;
  sites: CellSite[];
  issues: ImportIssue[];
}

export interface SitePlan {
  /** Site lists to apply to the job's call detail records; empty when the job has no CDR. */
  siteLists: SiteListRead[];
}

interface Head {
  head: Uint8Array;
  size: number;
}

async function readHead(path: string): Promise<Head | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      const buffer = Buffer.alloc(Math.min(PLAN_HEAD_BYTES, info.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { head: buffer.subarray(0, bytesRead), size: info.size };
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch {
    // The read proper reports why the file cannot be opened.
    return null;
  }
}

function detectedFormat(head: Uint8Array, name: string): string | null {
  try {
    return detectFormat(head, name)?.format ?? null;
  } catch {
    return null;
  }
}

/** Reads a site list whole: hash and parse. Null when it cannot be read or holds no site. */
async function readSiteList(path: string, index: number): Promise<SiteListRead | null> {
  const name = basename(path);
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      const hash = createSha256();
      const decoder = new TextDecoder('utf-8');
      let text = '';
      let size = 0;
      const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        text += decoder.decode(chunk, { stream: true });
        size += bytesRead;
      }
      text += decoder.decode();
      const { sites, issues } = parseCellSites(text, name);
      if (sites.length === 0) return null;
      const file: EvidenceFile = {
        name,
        path: resolve(path),
        size,
        sha256: hash.digest('hex'),
        modifiedAt: Math.trunc(info.mtimeMs),
      };
      return { index, path, file, sites, issues };
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch {
    return null;
  }
}

/**
 * Finds the cell-site lists of a job that also holds call detail records, by the head of each
 * file (a site list is what the general detection calls a table, or nothing), and reads them.
 * A job without a CDR, or with one file, changes nothing.
 */
export async function planCellSites(
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<SitePlan> {
  const none: SitePlan = { siteLists: [] };
  if (paths.length < 2) return none;
  let hasCdr = false;
  const candidates: number[] = [];
  for (const [index, path] of paths.entries()) {
    if (signal?.aborted) return none;
    const head = await readHead(path);
    if (!head || head.head.length === 0) continue;
    const format = detectedFormat(head.head, basename(path));
    if (format === 'cdr') hasCdr = true;
    else if (
      (format === null || format === 'table') &&
      head.size <= SITE_LIST_MAX_BYTES &&
      sniffCellSites(head.head) !== null
    )
      candidates.push(index);
  }
  if (!hasCdr || candidates.length === 0) return none;
  const siteLists: SiteListRead[] = [];
  for (const index of candidates) {
    if (signal?.aborted) return none;
    const read = await readSiteList(paths[index]!, index);
    if (read) siteLists.push(read);
  }
  return { siteLists };
}

/** The site lists' files and issues added to a CDR read with their sites. */
export function siteListAdditions(siteLists: readonly SiteListRead[]): {
  files: EvidenceFile[];
  issues: ImportIssue[];
} {
  const files = siteLists.map((s) => s.file);
  const issues: ImportIssue[] = [];
  for (const list of siteLists) {
    issues.push(...list.issues);
    issues.push({
      file: list.file.name,
      severity: 'info',
      code: 'cdr.sites.applied',
      message: `Cell-site list applied: ${list.sites.length} site(s) give the position, azimuth, beam width and range of the cells they name`,
    });
  }
  return { files, issues };
}

/** Result formats of one Google Takeout export that merge into one source. */
const GOOGLE_EXPORT_FORMATS: ReadonlySet<string> = new Set(['google-semantic', 'google-records']);

/**
 * Groups of indexes (into `reads`) to merge into one source, each of at least two files:
 * every Semantic Location History file, with the job's Records.json when there is exactly one
 * (a copy with the same hash counts once). Several different Records.json are several people's
 * or devices' exports: none of them is merged, and the semantic files merge among themselves.
 */
export function googleExportGroups(reads: readonly (EvidenceRead | undefined)[]): number[][] {
  const semantic: number[] = [];
  const records: number[] = [];
  reads.forEach((read, index) => {
    if (!read?.ok || !GOOGLE_EXPORT_FORMATS.has(read.result.format)) return;
    (read.result.format === 'google-records' ? records : semantic).push(index);
  });
  const recordHashes = new Set(records.map((i) => (reads[i] as EvidenceReadOk).file.sha256));
  const group = recordHashes.size <= 1 ? [...records, ...semantic].sort((a, b) => a - b) : semantic;
  return group.length >= 2 ? [group] : [];
}

/** One read standing for the group: merged result, the first file's path and detection. */
export function mergeGoogleReads(reads: readonly EvidenceReadOk[]): {
  read: EvidenceReadOk;
  files: EvidenceFile[];
  label: string;
} {
  const first = reads[0]!;
  const label = `${first.file.name} + ${reads.length - 1} more file${reads.length === 2 ? '' : 's'}`;
  const result = mergeGoogleResults(
    reads.map((r) => r.result),
    { label: `Google export (${reads.length} files)` },
  );
  const read: EvidenceReadOk = { ...first, result };
  trimColumns(read);
  return { read, files: reads.map((r) => r.file), label };
}
