/**
 * Photos into one `photos` Source: a folder of an extraction (walked recursively, see
 * photo-walk.ts) or the loose photo files of one request. For each file only the head is read
 * for metadata (`readPhoto` in shared/, at most `concurrency` files at once on this thread),
 * while a pool of worker threads hashes every photo whole (SHA-256). Whatever is not a photo is
 * listed as an issue with its reason; nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { ImportedSource, ImportResult } from '../../shared/api';
import { DETECT_HEAD_BYTES, detectFormat } from '../../shared/formats/detect';
import { computeStats } from '../../shared/formats/stats';
import type { EvidenceFile, ImportIssue, Photo } from '../../shared/model';
import { formatEntry } from './format-registry';
import { HashPool, type FileHasher } from './photo-hash';
import {
  HandleRangeReader,
  PHOTO_BLOCK_BYTES,
  readAt,
  readPhotoInShared,
  zoneAtCoordinatesInShared,
  type PhotoReadOptions,
  type ReadPhotoFn,
} from './photo-reader';
import { isPhotoSniff, sniffPhoto } from './photo-sniff';
import { walkFolder, type WalkedFile } from './photo-walk';

/** Photos whose metadata is read at once: enough to keep the disk busy, few enough for memory. */
export const PHOTO_METADATA_CONCURRENCY = 16;

export interface PhotoProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface PhotoIntakeOptions {
  signal?: AbortSignal;
  concurrency?: number;
  /** Hashes the photos; a worker pool made (and closed) per set unless given. */
  hasher?: FileHasher;
  /** Zone for local times of photos with no position (IANA), e.g. the examiner's choice. */
  fallbackZone?: string;
  /** Shutter and GPS times further apart than this are flagged (ms); the reader's default otherwise. */
  disagreementMs?: number;
  /** The metadata reader; shared/'s `readPhoto` unless a test gives another. */
  readPhoto?: ReadPhotoFn;
  zoneAt?: (lat: number, lon: number) => string | undefined;
  /** Skip hashing (the bench's metadata-only measurement); `sha256` is then empty. */
  skipHash?: boolean;
  onProgress?: (progress: PhotoProgress) => void;
}

/** One file to consider: from a walked folder, or one of the request's loose files. */
export interface PhotoCandidate {
  path: string;
  /** Its name in the source (relative to the folder, `/`-separated). */
  rel: string;
}

/** What became of one candidate. */
export interface PhotoFileRead {
  rel: string;
  /** Present when the file is a photo that was read and hashed. */
  file?: EvidenceFile;
  photo?: Photo;
  issues: ImportIssue[];
  /** Size at open (0 when it could not be opened). */
  size: number;
  /** False when the file could not even be opened or was not a regular file. */
  opened: boolean;
}

/** Imports every photo under `root` as one source; `index` keeps source ids unique in a job. */
export async function importPhotoFolder(
  root: string,
  index: number,
  opts: PhotoIntakeOptions = {},
): Promise<ImportResult> {
  const name = basename(resolve(root));
  const walk = await walkFolder(root, opts.signal);
  if (opts.signal?.aborted) return cancelled(root, name);
  const candidates = walk.files.map((f: WalkedFile) => ({ path: f.path, rel: f.rel }));
  const totalBytes = walk.files.reduce((sum, f) => sum + f.size, 0);
  const reads = await readPhotoCandidates(candidates, opts, totalBytes);
  if (opts.signal?.aborted) return cancelled(root, name);
  const source = assemblePhotoSource(reads, index, name, [...walk.issues]);
  if (!source)
    return noPhotos(root, name, walk.files.length, [
      ...walk.issues,
      ...reads.flatMap((r) => r.issues),
    ]);
  return { ok: true, path: root, source };
}

/** Imports loose photo files (already sniffed as photos) of one request as one source. */
export async function importPhotoFiles(
  paths: readonly string[],
  index: number,
  opts: PhotoIntakeOptions = {},
): Promise<ImportResult> {
  const first = paths[0]!;
  const common = commonFolder(paths);
  const candidates = paths.map((path) => ({
    path,
    rel: relative(common, resolve(path)).split(sep).join('/') || basename(path),
  }));
  const label =
    paths.length === 1 ? basename(first) : `${basename(common) || common} (${paths.length} photos)`;
  const reads = await readPhotoCandidates(candidates, opts, undefined);
  if (opts.signal?.aborted) return cancelled(first, basename(first));
  const source = assemblePhotoSource(reads, index, label, []);
  if (!source)
    return noPhotos(
      first,
      basename(first),
      paths.length,
      reads.flatMap((r) => r.issues),
    );
  return { ok: true, path: first, source };
}

/**
 * Reads every candidate (bounded concurrency) and returns one read per candidate, in order.
 * `totalBytes` is the candidates' total size when the caller knows it (a walked folder).
 */
export async function readPhotoCandidates(
  candidates: readonly PhotoCandidate[],
  opts: PhotoIntakeOptions,
  totalBytes: number | undefined,
): Promise<PhotoFileRead[]> {
  const ownHasher = !opts.hasher && !opts.skipHash;
  const hasher = opts.hasher ?? (opts.skipHash ? undefined : new HashPool());
  const progress: PhotoProgress = {
    filesDone: 0,
    filesTotal: candidates.length,
    bytesDone: 0,
    bytesTotal: totalBytes ?? 0,
  };
  const onAbort = (): void => void hasher?.close();
  if (ownHasher) opts.signal?.addEventListener('abort', onAbort, { once: true });
  const reads: PhotoFileRead[] = new Array(candidates.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length && !opts.signal?.aborted) {
      const k = next++;
      const read = await readCandidate(candidates[k]!, opts, hasher);
      reads[k] = read;
      progress.filesDone += 1;
      progress.bytesDone += read.size;
      if (totalBytes === undefined) progress.bytesTotal += read.size;
      opts.onProgress?.({ ...progress });
    }
  };
  try {
    const lanes = Math.max(1, opts.concurrency ?? PHOTO_METADATA_CONCURRENCY);
    await Promise.all(Array.from({ length: Math.min(lanes, candidates.length) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (ownHasher) await hasher?.close();
  }
  return reads;
}

async function readCandidate(
  candidate: PhotoCandidate,
  opts: PhotoIntakeOptions,
  hasher: FileHasher | undefined,
): Promise<PhotoFileRead> {
  const { rel } = candidate;
  const issue = (code: string, message: string, severity: ImportIssue['severity'] = 'warning') => ({
    file: rel,
    severity,
    code,
    message,
  });
  let handle: FileHandle;
  try {
    handle = await open(candidate.path, 'r');
  } catch (err) {
    return {
      rel,
      size: 0,
      opened: false,
      issues: [issue('photos.file.unreadable', `cannot be opened: ${errno(err)}`)],
    };
  }
  let size = 0;
  try {
    const info = await handle.stat();
    size = info.size;
    if (!info.isFile())
      return {
        rel,
        size: 0,
        opened: false,
        issues: [issue('photos.not-a-file', 'not a regular file: skipped')],
      };
    if (size === 0)
      return {
        rel,
        size,
        opened: true,
        issues: [issue('photos.file.empty', 'empty file (0 bytes)')],
      };
    const head = await readAt(
      handle,
      0,
      Math.min(size, Math.max(PHOTO_BLOCK_BYTES, DETECT_HEAD_BYTES)),
    );
    const sniff = sniffPhoto(head);
    if (!isPhotoSniff(sniff)) {
      if (sniff)
        return {
          rel,
          size,
          opened: true,
          issues: [
            issue('photos.unsupported', `${sniff.detail}: photo format not supported, not read`),
          ],
        };
      return { rel, size, opened: true, issues: [notAPhoto(head, rel)] };
    }
    // The hash runs in the pool while the metadata is read here.
    const digest = hasher?.hash(candidate.path);
    digest?.catch(() => undefined);
    const reader = new HandleRangeReader(handle, size);
    reader.prime(head);
    const readOptions: PhotoReadOptions = {
      zoneAt: opts.zoneAt ?? zoneAtCoordinatesInShared,
      ...(opts.fallbackZone !== undefined ? { fallbackZone: opts.fallbackZone } : {}),
      ...(opts.disagreementMs !== undefined ? { disagreementMs: opts.disagreementMs } : {}),
    };
    const readPhoto = opts.readPhoto ?? readPhotoInShared;
    let photo: Photo | null = null;
    const issues: ImportIssue[] = [];
    try {
      const result = await readPhoto(reader, rel, 0, readOptions);
      photo = result.photo;
      issues.push(...result.issues);
    } catch (err) {
      // The reader promises not to throw; if it does, the file is still listed, with why.
      issues.push(issue('photos.reader-failed', `the photo reader failed: ${errno(err)}`, 'error'));
    }
    let sha256 = '';
    if (digest) {
      try {
        const hashed = await digest;
        sha256 = hashed.sha256;
        if (hashed.size !== size)
          issues.push(
            issue(
              'photos.file.changed',
              `the file changed while it was read (${size} bytes at open, ${hashed.size} hashed)`,
              'error',
            ),
          );
      } catch (err) {
        issues.push(issue('photos.file.unreadable', `could not be hashed: ${errno(err)}`, 'error'));
        return { rel, size, opened: true, issues };
      }
    }
    const file: EvidenceFile = {
      name: rel,
      path: resolve(candidate.path),
      size,
      sha256,
      modifiedAt: Math.trunc(info.mtimeMs),
    };
    return { rel, size, opened: true, file, ...(photo ? { photo } : {}), issues };
  } catch (err) {
    return {
      rel,
      size,
      opened: true,
      issues: [issue('photos.file.unreadable', `cannot be read: ${errno(err)}`)],
    };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Why a non-photo was left out: another evidence format is named, so the examiner can open it. */
function notAPhoto(head: Uint8Array, rel: string): ImportIssue {
  let format: string | null = null;
  try {
    format = detectFormat(head.subarray(0, DETECT_HEAD_BYTES), rel)?.format ?? null;
  } catch {
    format = null;
  }
  const entry = format ? formatEntry(format) : undefined;
  if (entry)
    return {
      file: rel,
      severity: 'warning',
      code: 'photos.other-evidence',
      message: `${entry.label} evidence: not imported from a folder, open it directly`,
    };
  return {
    file: rel,
    severity: 'info',
    code: 'photos.not-a-photo',
    message: 'not a photo (not a JPEG, HEIC/HEIF, TIFF or TIFF-based raw, PNG or WebP file)',
  };
}

/** The source, or null when not one photo file was read. */
export function assemblePhotoSource(
  reads: readonly PhotoFileRead[],
  index: number,
  label: string,
  leadingIssues: ImportIssue[],
): ImportedSource | null {
  const files: EvidenceFile[] = [];
  const photos: Photo[] = [];
  const issues = leadingIssues;
  const containers = new Map<string, number>();
  for (const read of reads) {
    if (!read) continue;
    issues.push(...read.issues);
    if (!read.file) continue;
    const fileIndex = files.length;
    files.push(read.file);
    if (read.photo) {
      photos.push({ ...read.photo, fileIndex });
      containers.set(read.photo.container, (containers.get(read.photo.container) ?? 0) + 1);
    }
  }
  if (files.length === 0) return null;
  // The id follows the files' names and contents: the same folder gives the same id.
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${file.name}\0${file.sha256}\n`);
  const empty = new Float64Array(0);
  const fixes = { count: 0, t: empty, lat: empty, lon: empty };
  const stats = computeStats({
    format: 'photos',
    kind: 'photos',
    fixes,
    fixTimeBasis: new Uint8Array(0),
    parts: [],
    waypoints: [],
    issues: [],
    readable: true,
  });
  let first = Infinity;
  let last = -Infinity;
  for (const photo of photos) {
    if (photo.t < first) first = photo.t;
    if (photo.t > last) last = photo.t;
  }
  stats.photos = photos.length;
  stats.first = first === Infinity ? null : first;
  stats.last = last === -Infinity ? null : last;
  const detail = [...containers.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([container, n]) => `${n} ${container.toUpperCase()}`)
    .join(', ');
  return {
    id: `${digest.digest('hex').slice(0, 16)}-${index}`,
    kind: 'photos',
    format: 'photos',
    formatDetail: detail === '' ? 'no readable photo metadata' : detail,
    label,
    files,
    clock: { offsetMs: 0 },
    fixes,
    fixTimeBasis: new Uint8Array(0),
    parts: [],
    waypoints: [],
    stats,
    issues,
    photos,
  };
}

function cancelled(path: string, name: string): ImportResult {
  return {
    ok: false,
    path,
    name,
    code: 'import.cancelled',
    message: `${name}: the import was cancelled`,
  };
}

function noPhotos(
  path: string,
  name: string,
  fileCount: number,
  issues: ImportIssue[],
): ImportResult {
  const evidence = issues.filter((i) => i.code === 'photos.other-evidence').length;
  const hint = evidence > 0 ? `; ${evidence} other evidence file(s) must be opened directly` : '';
  return {
    ok: false,
    path,
    name,
    code: 'photos.none',
    message: `${name}: no photo found among ${fileCount} file(s)${hint}`,
  };
}

/** The deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  const parts = paths.map((p) => dirname(resolve(p)).split(sep));
  const shortest = Math.min(...parts.map((p) => p.length));
  let depth = 0;
  while (depth < shortest && parts.every((p) => p[depth] === parts[0]![depth])) depth += 1;
  return parts[0]!.slice(0, depth).join(sep) || sep;
}

function errno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code} (${message})` : message;
}
