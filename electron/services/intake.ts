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
import type { CdrResult } from '../../shared/formats/cdr/cdr';
import type { CellSite } from '../../shared/formats/cdr/cells';
import type { ReaderResult } from '../../shared/formats/reader';
import { computeStats } from '../../shared/formats/stats';
import type { EvidenceFile, SourceCell } from '../../shared/model';
import { formatEntry } from './format-registry';
import {
  cancelledRead,
  readEvidenceFile,
  type EvidenceRead,
  type EvidenceReadOk,
  type ReadFileOptions,
  type ReadHooks,
} from './intake-read';
import {
  googleExportGroups,
  mergeGoogleReads,
  planCellSites,
  siteListAdditions,
  type SiteListRead,
} from './intake-groups';
import { JobProgress } from './intake-progress';
import { classifyPaths, importPhotoSets, placeResults } from './intake-photos';
import type { FileHasher } from './photo-hash';
import { trimColumns } from './intake-transfer';
import { defaultWorkerLocation, readInWorker, type WorkerLocation } from './intake-worker-client';

export {
  bundledWorkerLocation,
  defaultWorkerLocation,
  hasIdleIntakeWorker,
  prewarmIntakeWorker,
  sourceWorkerLocation,
  stopWarmWorker,
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
  /** IANA zone for local photo times when a photo has no position to take the zone from. */
  photoFallbackZone?: string;
  /** Hashes photos; a worker pool per job unless given. */
  photoHasher?: FileHasher;
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

/** Progress of the files of one part of a job, by index into that part's paths. */
interface PartProgress {
  bytes(index: number, bytesRead: number, totalBytes: number): void;
  finish(index: number, state: 'done' | 'failed' | 'cancelled'): void;
}

/**
 * Imports evidence files and folders. One result per path, in the order given, except for files
 * that join another file's source (see intake-groups.ts): a cell-site list applied to the job's
 * call detail records, and the second and later files of one Google export, whose merged source
 * stands at the position of the export's first file. Photos are the other exception (see
 * intake-photos.ts): a folder becomes one `photos` source, and the loose photo files of the
 * request become one, at the position of the first.
 */
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
  try {
    const kinds = await classifyPaths(paths);
    const evidence = paths.flatMap((_, index) => (kinds[index] === 'evidence' ? [index] : []));
    const part: PartProgress | undefined = progress && {
      bytes: (k, read, total) => progress.bytes(evidence[k]!, read, total),
      finish: (k, state) => progress.finish(evidence[k]!, state),
    };
    const [evidenceResults, photoResults] = await Promise.all([
      evidence.length === 0
        ? Promise.resolve([])
        : importEvidenceFiles(
            evidence.map((index) => paths[index]!),
            opts,
            part,
          ),
      importPhotoSets(paths, kinds, opts, progress),
    ]);
    return placeResults(paths, evidence, evidenceResults, photoResults);
  } finally {
    progress?.close();
  }
}

/** `importEvidence` for files that are not photos. */
async function importEvidenceFiles(
  paths: string[],
  opts: IntakeOptions & ImportJob,
  progress: PartProgress | undefined,
): Promise<ImportResult[]> {
  const { siteLists } = await planCellSites(paths, opts.signal);
  const absorbed = new Set(siteLists.map((list) => list.index));
  for (const list of siteLists) {
    progress?.bytes(list.index, list.file.size, list.file.size);
    progress?.finish(list.index, 'done');
  }
  const readIndexes = paths.map((_, index) => index).filter((index) => !absorbed.has(index));
  const sites = siteLists.flatMap((list) => list.sites);
  const pending = readEvidenceEach(
    readIndexes.map((index) => paths[index]!),
    opts,
    {
      signal: opts.signal,
      fileOptions: (path) => opts.files?.[path],
      onProgress: progress
        ? (k, read, total) => progress.bytes(readIndexes[k]!, read, total)
        : undefined,
      ...(sites.length > 0 ? { sites } : {}),
    },
  );
  const reads: (EvidenceRead | undefined)[] = new Array(paths.length);
  await Promise.all(
    pending.map((promise, k) =>
      promise.then((read) => {
        const index = readIndexes[k]!;
        progress?.finish(
          index,
          read.ok ? 'done' : read.code === 'import.cancelled' ? 'cancelled' : 'failed',
        );
        reads[index] = read;
      }),
    ),
  );
  return assembleResults(paths, reads, siteLists);
}

/** Turns the job's reads into results: site lists joined to CDRs, Google exports merged. */
function assembleResults(
  paths: readonly string[],
  reads: readonly (EvidenceRead | undefined)[],
  siteLists: readonly SiteListRead[],
): ImportResult[] {
  const sitesUsed = siteLists.length > 0 && reads.some((r) => r?.ok && r.result.format === 'cdr');
  const groups = googleExportGroups(reads);
  const groupOf = new Map<number, number[]>();
  for (const group of groups) for (const index of group) groupOf.set(index, group);
  const results: ImportResult[] = [];
  for (const [index, path] of paths.entries()) {
    const read = reads[index];
    if (!read) {
      const list = siteLists.find((s) => s.index === index);
      if (list && !sitesUsed) results.push(unusedSiteList(path, list));
      continue;
    }
    const group = groupOf.get(index);
    if (group) {
      if (group[0] !== index) continue;
      const merged = mergeGoogleReads(group.map((i) => reads[i] as EvidenceReadOk));
      const source = toSource(merged.read, index, { files: merged.files });
      source.label = merged.label;
      results.push({ ok: true, path: merged.read.path, source });
      continue;
    }
    if (read.ok && sitesUsed && read.result.format === 'cdr') {
      const extra = siteListAdditions(siteLists);
      const source = toSource(read, index, { files: [read.file, ...extra.files] });
      source.issues = [...source.issues, ...extra.issues];
      results.push({ ok: true, path: read.path, source });
      continue;
    }
    results.push(toImportResult(read, index));
  }
  return results;
}

function unusedSiteList(path: string, list: SiteListRead): ImportResult {
  return {
    ok: false,
    path,
    name: list.file.name,
    code: 'cdr.sites.unused',
    message: `${list.file.name} is a cell-site list, but no call detail records of this import could be read to apply it to`,
  };
}

/** Per-file hooks of `readEvidenceEach`, by index into its paths. */
export interface EachHooks {
  signal?: AbortSignal;
  onProgress?: (index: number, bytesRead: number, totalBytes: number) => void;
  fileOptions?: (path: string, index: number) => ImportFileOptions | undefined;
  /** Cell sites for the call detail records among the paths (other formats ignore them). */
  sites?: CellSite[];
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
      ...(hooks.sites ? { sites: hooks.sites } : {}),
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

/**
 * Builds the Source for a successfully read file; `index` keeps ids unique when a file is imported
 * twice. `files` replaces the read's one file when other files went into the source too.
 */
export function toSource(
  read: EvidenceReadOk,
  index: number,
  extra: { files?: EvidenceFile[] } = {},
): ImportedSource {
  const { result, file } = read;
  const source: ImportedSource = {
    id: `${file.sha256.slice(0, 16)}-${index}`,
    kind: result.kind ?? formatEntry(result.format)?.kind ?? 'track',
    format: result.format,
    formatDetail: result.formatDetail,
    label: file.name,
    device: result.device,
    files: extra.files ?? [file],
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
  const cells = cellGeometry(result);
  if (cells) {
    source.cells = cells.cells;
    source.fixCells = cells.fixCells;
  }
  return source;
}

/** The cells of a call-detail-record result (`CdrResult`), copied to the model's shape. */
function cellGeometry(
  result: ReaderResult,
): { cells: SourceCell[]; fixCells: Int32Array } | undefined {
  const { cells, recordCells } = result as Partial<Pick<CdrResult, 'cells' | 'recordCells'>>;
  if (!Array.isArray(cells) || !(recordCells instanceof Int32Array)) return undefined;
  return {
    cells: cells.map((c) => {
      const cell: SourceCell = {
        cellId: c.cellId,
        lat: c.lat,
        lon: c.lon,
        rangeM: c.rangeM,
        rangeAssumed: c.rangeAssumed,
      };
      if (c.azimuthDeg !== undefined) cell.azimuthDeg = c.azimuthDeg;
      if (c.beamWidthDeg !== undefined) cell.beamWidthDeg = c.beamWidthDeg;
      return cell;
    }),
    fixCells: recordCells,
  };
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
