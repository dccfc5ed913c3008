/**
 * One evidence file, one pass: open read-only, detect the format from the first bytes, then
 * stream the file in chunks, feeding each chunk both to SHA-256 and to the format's reader.
 * Runs inside the intake worker (or in-process for tests); never throws for bad input.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DETECT_HEAD_BYTES, detectFormat } from '../../shared/formats/detect';
import { applySanityChecks } from '../../shared/formats/sanity';
import type { FormatDetection, ReaderOptions, ReaderResult } from '../../shared/formats/reader';
import type { TableMapping } from '../../shared/formats/table/mapping';
import type { CellSite } from '../../shared/formats/cdr/cells';
import type { EvidenceFile, ImportIssue } from '../../shared/model';
import { createSha256, HASH_CHUNK_BYTES } from './hash';
import { formatEntry, supportedFormatLabels } from './format-registry';

export interface ReadFileOptions {
  /** Bytes per read; about 1 MiB balances syscalls against memory. */
  chunkSize?: number;
  /**
   * Keep hashing a file whose format is not recognised, so the caller can still report its
   * SHA-256 (the CLI does). Import skips it: an unsupported file is rejected without reading it all.
   */
  hashUnrecognised?: boolean;
  /**
   * When the import happened (UTC epoch ms): fix times after it are flagged. Fixed by tests so
   * results do not depend on the day they run.
   */
  importedAt?: number;
  /** The examiner's date for logs that carry none (YYYY-MM-DD), e.g. a GGA-only NMEA log. */
  assumedDate?: string;
  /** The mapping the examiner confirmed in the mapping step; ignored by non-table formats. */
  mapping?: TableMapping;
  /** Cell sites from a site list imported in the same job; only call detail records use them. */
  sites?: CellSite[];
}

/** Hooks that cannot cross a thread boundary (the worker client supplies its own). */
export interface ReadHooks {
  /** Called after each chunk with the bytes read so far and the file's size at open. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Checked between chunks: an aborted read stops and yields `import.cancelled`. */
  signal?: AbortSignal;
}

/** Why a file yielded no source. Stable codes; the renderer may translate by code. */
export type ReadFailureCode =
  | 'file.missing'
  | 'file.permission'
  | 'file.not-a-file'
  | 'file.unreadable'
  | 'file.empty'
  | 'format.unknown'
  | 'format.unreadable'
  | 'intake.crashed'
  | 'import.cancelled';

export interface EvidenceReadOk {
  ok: true;
  path: string;
  file: EvidenceFile;
  detection: FormatDetection;
  result: ReaderResult;
}

export interface EvidenceReadFailure {
  ok: false;
  path: string;
  name: string;
  code: ReadFailureCode;
  message: string;
  /** Present when the bytes were hashed before the failure was known. */
  file?: EvidenceFile;
  /** Detected format, when detection succeeded but the reader rejected the file. */
  format?: string;
  /** The reader's issues, when it got that far. */
  issues: ImportIssue[];
}

export type EvidenceRead = EvidenceReadOk | EvidenceReadFailure;

export async function readEvidenceFile(
  path: string,
  opts: ReadFileOptions = {},
  hooks: ReadHooks = {},
): Promise<EvidenceRead> {
  const name = basename(path);
  if (hooks.signal?.aborted) return cancelledRead(path);
  const chunkSize = opts.chunkSize ?? HASH_CHUNK_BYTES;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    return openFailure(path, name, err);
  }
  try {
    return await readOpened(handle, path, name, chunkSize, opts, hooks);
  } catch (err) {
    // EISDIR and I/O errors surface on read, not open.
    return openFailure(path, name, err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readOpened(
  handle: FileHandle,
  path: string,
  name: string,
  chunkSize: number,
  opts: ReadFileOptions,
  hooks: ReadHooks,
): Promise<EvidenceRead> {
  const info = await handle.stat();
  const progress = (): void => hooks.onProgress?.(size, info.size);
  if (!info.isFile()) {
    return failure(
      path,
      name,
      'file.not-a-file',
      `${name} is not a regular file (${describeKind(info)})`,
    );
  }
  const hash = createSha256();
  let size = 0;
  const evidenceFile = (): EvidenceFile => ({
    name,
    path: resolve(path),
    size,
    sha256: hash.digest('hex'),
    modifiedAt: Math.trunc(info.mtimeMs),
  });

  // The first read always covers the detection head, whatever the chunk size.
  const first = await readChunk(handle, Math.max(chunkSize, DETECT_HEAD_BYTES));
  size += first.length;
  hash.update(first);
  progress();
  if (first.length === 0) {
    return {
      ...failure(path, name, 'file.empty', `${name} is empty (0 bytes)`),
      file: evidenceFile(),
    };
  }

  const detection = safeDetect(first.subarray(0, DETECT_HEAD_BYTES), name);
  const entry = detection ? formatEntry(detection.format) : undefined;
  if (!detection || !entry) {
    const message = `${name} is not a supported evidence format (${supportedFormatLabels()})`;
    const rejected = failure(path, name, 'format.unknown', message);
    if (!opts.hashUnrecognised) return rejected;
    for (
      let chunk = await readChunk(handle, chunkSize);
      chunk.length > 0;
      chunk = await readChunk(handle, chunkSize)
    ) {
      if (hooks.signal?.aborted) return cancelledRead(path);
      size += chunk.length;
      hash.update(chunk);
      progress();
    }
    return { ...rejected, file: evidenceFile() };
  }

  let result: ReaderResult;
  try {
    const importedAt = opts.importedAt ?? Date.now();
    // The table readers take the confirmed mapping; other formats ignore the extra option.
    const readerOptions: ReaderOptions & { mapping?: TableMapping; sites?: CellSite[] } = {
      fileName: name,
      importedAt,
      ...(opts.assumedDate ? { assumedDate: opts.assumedDate } : {}),
      ...(opts.mapping ? { mapping: opts.mapping } : {}),
      ...(opts.sites && entry.id === 'cdr' ? { sites: opts.sites } : {}),
    };
    const reader = entry.createReader(readerOptions);
    reader.push(first);
    // Read the next chunk while this one is parsed: the read runs on libuv's pool meanwhile.
    let pending = readChunk(handle, chunkSize);
    try {
      for (;;) {
        const chunk = await pending;
        if (chunk.length === 0) break;
        if (hooks.signal?.aborted) return cancelledRead(path);
        pending = readChunk(handle, chunkSize);
        size += chunk.length;
        hash.update(chunk);
        reader.push(chunk);
        progress();
      }
    } finally {
      // A reader that threw leaves a read in flight; settle it before the handle closes.
      await pending.catch(() => undefined);
    }
    result = applySanityChecks(reader.finish(), { fileName: name, importedAt });
  } catch (err) {
    return {
      ...failure(
        path,
        name,
        'intake.crashed',
        `${name}: the ${entry.label} reader failed: ${errorMessage(err)}`,
      ),
      format: entry.id,
    };
  }

  const file = evidenceFile();
  if (!result.readable) {
    const firstError =
      result.issues.find((issue) => issue.severity === 'error') ?? result.issues[0];
    const message = firstError
      ? `${name}: ${firstError.message}${locate(firstError)}`
      : `${name} could not be read as ${entry.label}`;
    return {
      ...failure(path, name, 'format.unreadable', message),
      file,
      format: entry.id,
      issues: result.issues,
    };
  }
  return { ok: true, path, file, detection, result };
}

async function readChunk(handle: FileHandle, size: number): Promise<Buffer> {
  // A fresh buffer per chunk: readers may keep views of earlier chunks.
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

function safeDetect(head: Uint8Array, name: string): FormatDetection | null {
  try {
    return detectFormat(head, name);
  } catch {
    return null;
  }
}

/** The result of a read stopped by the examiner: nothing of the file is kept. */
export function cancelledRead(path: string): EvidenceReadFailure {
  const name = basename(path);
  return failure(path, name, 'import.cancelled', `${name}: the import was cancelled`);
}

function failure(
  path: string,
  name: string,
  code: ReadFailureCode,
  message: string,
): EvidenceReadFailure {
  return { ok: false, path, name, code, message, issues: [] };
}

function openFailure(path: string, name: string, err: unknown): EvidenceReadFailure {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return failure(path, name, 'file.missing', `${name}: no such file (${path})`);
    case 'EACCES':
    case 'EPERM':
      return failure(
        path,
        name,
        'file.permission',
        `${name}: permission denied, the file cannot be opened for reading`,
      );
    case 'EISDIR':
      return failure(path, name, 'file.not-a-file', `${name} is a directory, not an evidence file`);
    default:
      return failure(
        path,
        name,
        'file.unreadable',
        `${name} could not be read: ${errorMessage(err)}`,
      );
  }
}

function describeKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a pipe';
  if (info.isSocket()) return 'a socket';
  return 'a device or special file';
}

function locate(issue: ImportIssue): string {
  if (issue.line === undefined) return '';
  return issue.column === undefined
    ? ` (line ${issue.line})`
    : ` (line ${issue.line}, column ${issue.column})`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
