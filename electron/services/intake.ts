/**
 * Evidence intake: files in, Sources out. Each file is read once (hashed and parsed in the
 * same pass) in a worker thread, at most `concurrency` at a time; originals are opened
 * read-only and never written. Bad input yields `ok: false` results, never an exception.
 */
import { availableParallelism } from 'node:os';
import type { ImportResult } from '../../shared/api';
import { computeStats } from '../../shared/formats/stats';
import type { Source } from '../../shared/model';
import { formatEntry } from './format-registry';
import {
  readEvidenceFile,
  type EvidenceRead,
  type EvidenceReadOk,
  type ReadFileOptions,
} from './intake-read';
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

/** Imports evidence files; one result per path, in the order given. */
export async function importEvidence(
  paths: string[],
  opts: IntakeOptions = {},
): Promise<ImportResult[]> {
  const reads = await Promise.all(readEvidenceEach(paths, opts));
  return reads.map((read, index) => toImportResult(read, index));
}

/**
 * Starts reading every path (bounded concurrency) and returns one promise per path, in order,
 * so a caller can consume results as they arrive while keeping the argument order.
 */
export function readEvidenceEach(
  paths: string[],
  opts: IntakeOptions = {},
): Promise<EvidenceRead>[] {
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(2, availableParallelism()));
  const readOptions: ReadFileOptions = {
    chunkSize: opts.chunkSize,
    hashUnrecognised: opts.hashUnrecognised,
  };
  const location = opts.inProcess ? undefined : (opts.worker ?? defaultWorkerLocation());
  const readOne = (path: string): Promise<EvidenceRead> =>
    location
      ? readInWorker(path, readOptions, location)
      : readEvidenceFile(path, readOptions).then((read) => {
          trimColumns(read);
          return read;
        });
  return limitConcurrency(paths, concurrency, readOne);
}

export function toImportResult(read: EvidenceRead, index: number): ImportResult {
  if (!read.ok)
    return { ok: false, path: read.path, name: read.name, code: read.code, message: read.message };
  return { ok: true, path: read.path, source: toSource(read, index) };
}

/** Builds the Source for a successfully read file; `index` keeps ids unique when a file is imported twice. */
export function toSource(read: EvidenceReadOk, index: number): Source {
  const { result, file } = read;
  return {
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
}

function limitConcurrency<T, R>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R>[] {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    active -= 1;
    queue.shift()?.();
  };
  return items.map(
    (item) =>
      new Promise<R>((resolvePromise, reject) => {
        const start = (): void => {
          active += 1;
          run(item).then(resolvePromise, reject).finally(release);
        };
        if (active < limit) start();
        else queue.push(start);
      }),
  );
}
