/**
 * Evidence intake: files in, Sources out. Each file is read once (hashed and parsed in the
 * same pass) in a worker thread, at most `concurrency` at a time; originals are opened
 * read-only and never written. Bad input yields `ok: false` results, never an exception.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type {
  ImportedSource,
  ImportFileOptions,
  ImportProgressEvent,
  ImportResult,
} from '../../shared/api';
import { computeStats } from '../../shared/formats/stats';
import { formatEntry } from './format-registry';
import {
  cancelledRead,
  readEvidenceFile,
  type EvidenceRead,
  type EvidenceReadOk,
  type ReadFileOptions,
  type ReadHooks,
} from './intake-read';
import { JobProgress } from './intake-progress';
import { trimColumns } from './intake-transfer';
import { defaultWorkerLocation, readInWorker, type WorkerLocation } from './intake-worker-client';

export {
  bundledWorkerLocation,
  defaultWorkerLocation,
  sourceWorkerLocation,
} from './intake-worker-client';
export type { WorkerLocation } from './intake-worker-client';
export type {
  EvidenceRead,
  EvidenceReadFailure,
  EvidenceReadOk,
  ReadFailureCode,
} from './intake-read';

export interface IntakeOptions extends ReadFileOptions {
  /** Parse on the calling thread instead of in workers (tests, tools that have no event loop to protect). */
  inProcess?: boolean;
  /** Files read at once; defaults to the number of cores, at most 2. */
  concurrency?: number;
  /** Where the worker entry is; defaults to the source under tsx, the bundle otherwise. */
  worker?: WorkerLocation;
}

/** One import job as the API starts it: cancellable, reporting progress, per-file choices. */
export interface ImportJob {
  jobId?: string;
  /** Aborting it terminates the job's workers; unfinished files yield `import.cancelled`. */
  signal?: AbortSignal;
  /** Throttled progress events (see intake-progress.ts); needs `jobId`. */
  onProgress?: (event: ImportProgressEvent) => void;
  /** Mapping and assumed date per path. */
  files?: Readonly<Record<string, ImportFileOptions>>;
}

/** Imports evidence files; one result per path, in the order given. */
export async function importEvidence(
  paths: string[],
  opts: IntakeOptions & ImportJob = {},
): Promise<ImportResult[]> {
  let progress: JobProgress | undefined;
  if (opts.onProgress && opts.jobId !== undefined) {
    const sizes = await Promise.all(
      paths.map((path) =>
        stat(path).then(
          (info) => (info.isFile() ? info.size : 0),
          () => 0,
        ),
      ),
    );
    progress = new JobProgress(opts.jobId, paths, sizes, opts.onProgress);
  }
  const pending = readEvidenceEach(paths, opts, {
    signal: opts.signal,
    fileOptions: (path) => opts.files?.[path],
    onProgress: progress ? (index, read, total) => progress.bytes(index, read, total) : undefined,
  });
  try {
    const reads = await Promise.all(
      pending.map((promise, index) =>
        promise.then((read) => {
          progress?.finish(
            index,
            read.ok ? 'done' : read.code === 'import.cancelled' ? 'cancelled' : 'failed',
          );
          return read;
        }),
      ),
    );
    return reads.map((read, index) => toImportResult(read, index));
  } finally {
    progress?.close();
  }
}

/** Per-file hooks of `readEvidenceEach`, by index into its paths. */
export interface EachHooks {
  signal?: AbortSignal;
  onProgress?: (index: number, bytesRead: number, totalBytes: number) => void;
  fileOptions?: (path: string, index: number) => ImportFileOptions | undefined;
}

/**
 * Starts reading every path (bounded concurrency) and returns one promise per path, in order,
 * so a caller can consume results as they arrive while keeping the argument order.
 */
export function readEvidenceEach(
  paths: string[],
  opts: IntakeOptions = {},
  hooks: EachHooks = {},
): Promise<EvidenceRead>[] {
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(2, availableParallelism()));
  const baseOptions: ReadFileOptions = {
    chunkSize: opts.chunkSize,
    hashUnrecognised: opts.hashUnrecognised,
    ...(opts.importedAt !== undefined ? { importedAt: opts.importedAt } : {}),
    ...(opts.assumedDate !== undefined ? { assumedDate: opts.assumedDate } : {}),
  };
  const location = opts.inProcess ? undefined : (opts.worker ?? defaultWorkerLocation());
  const readOne = (path: string, index: number): Promise<EvidenceRead> => {
    // A file still queued when the job is cancelled is never opened.
    if (hooks.signal?.aborted) return Promise.resolve(cancelledRead(path));
    const chosen = hooks.fileOptions?.(path, index);
    const readOptions: ReadFileOptions = {
      ...baseOptions,
      ...(chosen?.mapping ? { mapping: chosen.mapping } : {}),
      ...(chosen?.assumedDate ? { assumedDate: chosen.assumedDate } : {}),
    };
    const readHooks: ReadHooks = {
      signal: hooks.signal,
      onProgress: hooks.onProgress
        ? (read, total) => hooks.onProgress!(index, read, total)
        : undefined,
    };
    return location
      ? readInWorker(path, readOptions, location, readHooks)
      : readEvidenceFile(path, readOptions, readHooks).then((read) => {
          trimColumns(read);
          return read;
        });
  };
  return limitConcurrency(paths, concurrency, readOne);
}

export function toImportResult(read: EvidenceRead, index: number): ImportResult {
  if (!read.ok)
    return { ok: false, path: read.path, name: read.name, code: read.code, message: read.message };
  return { ok: true, path: read.path, source: toSource(read, index) };
}

/** Builds the Source for a successfully read file; `index` keeps ids unique when a file is imported twice. */
export function toSource(read: EvidenceReadOk, index: number): ImportedSource {
  const { result, file } = read;
  const source: ImportedSource = {
    id: `${file.sha256.slice(0, 16)}-${index}`,
    kind: result.kind ?? formatEntry(result.format)?.kind ?? 'track',
    format: result.format,
    formatDetail: result.formatDetail,
    label: file.name,
    device: result.device,
    files: [file],
    clock: { offsetMs: 0 },
    fixes: result.fixes,
    fixTimeBasis: result.fixTimeBasis,
    parts: result.parts,
    waypoints: result.waypoints,
    stats: computeStats(result),
    issues: result.issues,
  };
  if (result.events && result.events.length > 0) source.events = result.events;
  if (result.reportedStops && result.reportedStops.length > 0)
    source.reportedStops = result.reportedStops;
  if (result.reportedMovements && result.reportedMovements.length > 0)
    source.reportedMovements = result.reportedMovements;
  if (result.needs && result.needs.length > 0) source.needs = result.needs;
  return source;
}

function limitConcurrency<T, R>(
  items: T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R>[] {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    active -= 1;
    queue.shift()?.();
  };
  return items.map(
    (item, index) =>
      new Promise<R>((resolvePromise, reject) => {
        const start = (): void => {
          active += 1;
          run(item, index).then(resolvePromise, reject).finally(release);
        };
        if (active < limit) start();
        else queue.push(start);
      }),
  );
}
