/**
 * Saving and opening `.itinera` case files on disk.
 *
 * Save is atomic and crash-safe: the new bytes go to a temporary file in the same folder, which
 * is fsynced and renamed over the case (rename is atomic within a file system), then the folder
 * is fsynced so the rename itself survives a power cut. Before that, the current file is
 * hard-linked (or, where links are refused, copied) to `<name>.itinera.bak` through its own
 * temporary name and rename, so at every instant both names hold a complete file: the case is
 * the last or the previous save, the backup the previous or the one before. A SIGKILL at any
 * moment leaves at worst a stray temporary file, removed by the next save.
 *
 * Open reads the whole file with a few large reads and checks it completely before anything is
 * used; it never writes, neither to the case nor to its backup.
 */
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  appendAudit,
  verifyAuditChain,
  type AuditAction,
  type AuditVerification,
} from '../../shared/case/audit';
import {
  CASE_MAGIC,
  HEADER_BYTES,
  TRAILER_BYTES,
  CASE_END_MAGIC,
  caseTrailer,
  decodeCase,
  encodeCaseBody,
} from '../../shared/case/container';
import { CaseFileError, isCaseFileError } from '../../shared/case/errors';
import type { CaseDocument } from '../../shared/case/format';
import { currentAccount, nodeSha256, softwareVersion } from './case-identity';

export const BACKUP_SUFFIX = '.bak';

export function backupPathFor(path: string): string {
  return `${path}${BACKUP_SUFFIX}`;
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

function tempPathFor(path: string, role: string): string {
  const nonce = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(path), `${tempPrefix(path)}${role}-${nonce}.tmp`);
}

export interface SaveCaseOptions {
  /** Defaults to `Itinera <package version>`. */
  software?: string;
  /** UTC epoch ms written as `savedAt`; defaults to the clock. */
  now?: number;
  /** Keep the previous file as `<name>.bak` (default true). */
  keepBackup?: boolean;
}

export interface SaveCaseResult {
  path: string;
  bytes: number;
  columnBytes: number;
  sha256: string;
  backupPath: string | null;
}

/**
 * Writes the chunks and returns their SHA-256: each chunk is hashed while it is being written
 * (positioned writes run on libuv's thread pool), so hashing costs almost no extra time.
 */
async function writeAndHash(
  handle: FileHandle,
  chunks: readonly Uint8Array[],
): Promise<Uint8Array> {
  const hasher = nodeSha256();
  let position = 0;
  for (const chunk of chunks) {
    const written = writeFully(handle, chunk, position);
    hasher.update(chunk);
    await written;
    position += chunk.length;
  }
  return hasher.digest();
}

async function writeFully(handle: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position + done);
    done += bytesWritten;
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a folder; its rename is already durable there.
  } finally {
    await handle?.close();
  }
}

/** True when the file at `path` at least starts and ends like a case file (no full hash). */
async function looksComplete(path: string): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size < HEADER_BYTES + TRAILER_BYTES) return false;
    const head = Buffer.alloc(CASE_MAGIC.length);
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(16);
    await handle.read(tail, 0, 16, size - TRAILER_BYTES);
    return (
      head.equals(Buffer.from(CASE_MAGIC)) &&
      tail.subarray(0, 8).equals(Buffer.from(CASE_END_MAGIC)) &&
      Number(tail.readBigUInt64LE(8)) === size - TRAILER_BYTES
    );
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** Replaces `<path>.bak` with the current file, atomically; never with a torn file. */
async function keepBackup(path: string): Promise<string | null> {
  if (!(await looksComplete(path))) return null;
  const backup = backupPathFor(path);
  const temp = tempPathFor(path, 'bak');
  try {
    await link(path, temp);
  } catch {
    // FAT and exFAT (USB sticks) refuse hard links: copy, then make the copy durable.
    await copyFile(path, temp, constants.COPYFILE_EXCL);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  await rename(temp, backup);
  // rename() between two links of one inode does nothing: then the temporary name is still there.
  await rm(temp, { force: true });
  return backup;
}

/** Removes temporary files a killed save left behind (only ours: `.<name>.*.tmp`). */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'))
      .map((n) => rm(join(dirname(path), n), { force: true })),
  );
}

/** Writes the case atomically (see the module comment). Rejects with the I/O error, leaving the old file. */
export async function saveCaseFile(
  path: string,
  doc: CaseDocument,
  opts: SaveCaseOptions = {},
): Promise<SaveCaseResult> {
  const body = encodeCaseBody(doc, {
    software: opts.software ?? softwareVersion(),
    savedAt: opts.now ?? Date.now(),
  });
  let digest: Uint8Array;
  await removeStaleTemps(path);
  const temp = tempPathFor(path, 'new');
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      digest = await writeAndHash(handle, body.chunks);
      await writeFully(handle, caseTrailer(body.contentLength, digest), body.contentLength);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const backupPath = opts.keepBackup === false ? null : await keepBackup(path);
    await rename(temp, path);
    await fsyncFolder(dirname(path));
    return {
      path,
      bytes: body.contentLength + TRAILER_BYTES,
      columnBytes: body.columnBytes,
      sha256: Buffer.from(digest).toString('hex'),
      backupPath,
    };
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export interface OpenedCase {
  path: string;
  doc: CaseDocument;
  /** Format version of the file before migration (less than current when migrated). */
  fileVersion: number;
  /** Software that saved it, and when (UTC ISO). */
  software: string;
  savedAt: string;
  bytes: number;
  columnBytes: number;
  sha256: string;
  audit: AuditVerification;
  /**
   * The audit log failed verification. The case still opens so the examiner and the court can
   * see it, but the log is never repaired or rewritten: new entries chain onto it as stored,
   * so the break stays visible in every later save, and exhibits must state it.
   */
  tampered: boolean;
  /** Set when the case itself could not be read and its backup was opened instead. */
  recoveredFrom?: { path: string; code: string; message: string };
}

async function readWhole(path: string): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new CaseFileError('case.unreadable', `${path} is not a file`);
    const size = info.size;
    // A buffer of its own (offset 0, 8-aligned) so columns can be viewed in place.
    const bytes = new Uint8Array(new ArrayBuffer(size));
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(bytes, done, Math.min(size - done, 1 << 30), done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } catch (err) {
    throw isCaseFileError(err) ? err : ioError(path, err);
  } finally {
    await handle.close();
  }
}

function ioError(path: string, err: unknown): CaseFileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CaseFileError('case.not-found', `no case file at ${path}`);
  if (code === 'EISDIR') return new CaseFileError('case.unreadable', `${path} is a folder`);
  return new CaseFileError(
    'case.unreadable',
    `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
  );
}

export interface OpenCaseOptions {
  /**
   * When the case cannot be read as a whole (truncated, checksum, corrupt), open `<name>.bak`
   * instead and say so in `recoveredFrom`. Foreign and newer-version files are never replaced.
   */
  recover?: boolean;
  /** Audit hashes that must appear in the log (heads printed on earlier exhibits). */
  anchors?: readonly string[];
}

const RECOVERABLE = new Set(['case.truncated', 'case.checksum', 'case.corrupt']);

/** Opens and fully checks a case file. Rejects with a CaseFileError; changes no file. */
export async function openCaseFile(path: string, opts: OpenCaseOptions = {}): Promise<OpenedCase> {
  try {
    return await openExactly(path, opts);
  } catch (err) {
    if (!opts.recover || !isCaseFileError(err) || !RECOVERABLE.has(err.code)) throw err;
    let opened: OpenedCase;
    try {
      opened = await openExactly(backupPathFor(path), opts);
    } catch {
      throw err;
    }
    return { ...opened, recoveredFrom: { path, code: err.code, message: err.message } };
  }
}

async function openExactly(path: string, opts: OpenCaseOptions): Promise<OpenedCase> {
  const bytes = await readWhole(path);
  const decoded = decodeCase(bytes, nodeSha256);
  const audit = verifyAuditChain(decoded.doc.audit, nodeSha256, {
    recordedHead: decoded.auditHead,
    anchors: opts.anchors,
  });
  return {
    path,
    doc: decoded.doc,
    fileVersion: decoded.fileVersion,
    software: decoded.software,
    savedAt: decoded.savedAt,
    bytes: bytes.length,
    columnBytes: decoded.columnBytes,
    sha256: decoded.sha256,
    audit,
    tampered: !audit.intact,
  };
}

/** Size and modification time of a case file, for a recent-cases list; null when it is gone. */
export async function caseFileStat(
  path: string,
): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await stat(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/** The document with one audit entry appended, stamped with this machine's account and software. */
export function recordAudit(
  doc: CaseDocument,
  action: AuditAction,
  details: Record<string, unknown> = {},
  opts: { software?: string; account?: string; now?: number } = {},
): CaseDocument {
  return {
    ...doc,
    audit: appendAudit(
      doc.audit,
      {
        action,
        details,
        account: opts.account ?? currentAccount(),
        software: opts.software ?? softwareVersion(),
        at: opts.now ?? Date.now(),
      },
      nodeSha256,
    ),
  };
}
