/**
 * Runs `readEvidenceFile` in a worker thread, one worker per file, so a 100 MB parse never
 * blocks the caller's event loop (the Electron main process, in the app).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  cancelledRead,
  type EvidenceRead,
  type ReadFileOptions,
  type ReadHooks,
} from './intake-read';

/** Where the intake worker's entry point is and how to start it. */
export interface WorkerLocation {
  url: URL;
  /**
   * The entry is TypeScript: the worker registers tsx's loader before importing it. (Node 20
   * ignores `--import tsx` for a worker's own entry, so execArgv alone cannot do this.)
   */
  typescript?: boolean;
  /** Node flags for the worker; undefined inherits the parent's. */
  execArgv?: string[];
}

export interface WorkerRequest {
  path: string;
  options: ReadFileOptions;
}

export type WorkerReply =
  | { type: 'done'; read: EvidenceRead }
  | { type: 'failed'; message: string }
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  /** A warm worker has loaded its code and waits for its request. */
  | { type: 'ready' };

/** File name of the bundled worker that `electron/build.ts` writes next to the bundled main. */
export const BUNDLED_WORKER_FILE = 'intake-worker.mjs';

/** The worker bundled by esbuild into `dir` (e.g. `dist/electron`). */
export function bundledWorkerLocation(dir: string): WorkerLocation {
  return { url: pathToFileURL(join(dir, BUNDLED_WORKER_FILE)) };
}

/** The worker's TypeScript source, run through tsx's loader (dev, tests, CLI). */
export function sourceWorkerLocation(): WorkerLocation {
  return { url: new URL('../workers/intake-worker.ts', currentModuleUrl()), typescript: true };
}

/**
 * Source when this module is itself TypeScript (tsx, vitest), otherwise the bundled worker next
 * to the bundle this module was bundled into.
 */
export function defaultWorkerLocation(): WorkerLocation {
  const here = currentModuleUrl();
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) return sourceWorkerLocation();
  return bundledWorkerLocation(dirname(fileURLToPath(here)));
}

function currentModuleUrl(): string {
  // esbuild's CommonJS bundle leaves `import.meta` empty; `__filename` is defined there instead.
  const metaUrl = (import.meta as { url?: string }).url;
  return metaUrl ?? pathToFileURL(__filename).href;
}

/** Worker code that registers tsx in the worker thread, then imports the TypeScript entry. */
function typescriptBootstrap(entry: URL): string {
  const tsxApi = tsxEsmApiUrl();
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** tsx's ESM register API; require.resolve would pick its CommonJS build, which cannot load ESM sources. */
function tsxEsmApiUrl(): string {
  const manifestPath = createRequire(currentModuleUrl()).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } | string } | string>;
  };
  const entry = manifest.exports?.['./esm/api'];
  const target = typeof entry === 'object' ? entry.import : undefined;
  const file =
    (typeof target === 'string' ? target : target?.default) ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(manifestPath), file)).href;
}

/**
 * Reads one file in its own worker. Aborting `hooks.signal` terminates the worker at once
 * (a parse in progress cannot be interrupted any other way) and yields `import.cancelled`.
 */
export function readInWorker(
  path: string,
  options: ReadFileOptions,
  location: WorkerLocation,
  hooks: ReadHooks = {},
): Promise<EvidenceRead> {
  if (hooks.signal?.aborted) return Promise.resolve(cancelledRead(path));
  return new Promise((resolvePromise) => {
    let settled = false;
    let onAbort = (): void => undefined;
    const settle = (read: EvidenceRead): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      resolvePromise(read);
      // The next file's worker loads soon, before it is asked for; not at once, as the result
      // is being drawn now, and loading a worker takes a core for a third of a second or more.
      setTimeout(replenishWarmWorker, REPLENISH_AFTER_MS).unref();
    };
    const crashed = (message: string): EvidenceRead => ({
      ok: false,
      path,
      name: basename(path),
      code: 'intake.crashed',
      message: `${basename(path)} could not be imported: ${message}`,
      issues: [],
    });
    let worker: Worker;
    try {
      worker = takeWorker(location, { path, options });
    } catch (err) {
      settle(
        crashed(
          `the intake worker did not start (${err instanceof Error ? err.message : String(err)})`,
        ),
      );
      return;
    }
    onAbort = () => {
      settle(cancelledRead(path));
      void worker.terminate();
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return;
      if (reply.type === 'progress') {
        if (!settled) hooks.onProgress?.(reply.bytesRead, reply.totalBytes);
        return;
      }
      settle(reply.type === 'done' ? reply.read : crashed(reply.message));
    });
    worker.once('error', (err) => settle(crashed(`the intake worker failed (${err.message})`)));
    worker.once('exit', (exitCode) =>
      settle(crashed(`the intake worker stopped (exit code ${exitCode})`)),
    );
  });
}

/**
 * Warm workers. A worker spends most of its start-up loading the readers (about 0.3 s bundled,
 * about 1 s under tsx on this 2-core machine), which is pure latency between the examiner's
 * click and the first point. `prewarmIntakeWorker` starts one that loads everything and then
 * waits, idle and unref'd, for its request; the next `readInWorker` for the same location takes
 * it, and another is started once that read is done. One file per worker still: a warm worker
 * reads one file and exits like any other.
 */
interface WarmWorker {
  worker: Worker;
  key: string;
  broken: boolean;
  /** Settles when the worker has loaded, failed, or was taken by a read. */
  loaded: Promise<void>;
  settleLoaded: () => void;
}

/** How long after a read its replacement warm worker starts loading. */
const REPLENISH_AFTER_MS = 3000;

let warm: WarmWorker | undefined;
let keepWarm: WorkerLocation | undefined;

function locationKey(location: WorkerLocation): string {
  return JSON.stringify([location.url.href, !!location.typescript, location.execArgv ?? null]);
}

function spawnWorker(location: WorkerLocation, request: WorkerRequest | null): Worker {
  // A warm worker gets no workerData and waits for its request as its first message.
  const workerOptions = { workerData: request, execArgv: location.execArgv };
  return location.typescript
    ? new Worker(typescriptBootstrap(location.url), { ...workerOptions, eval: true })
    : new Worker(location.url, workerOptions);
}

function startWarmWorker(location: WorkerLocation): WarmWorker | undefined {
  let worker: Worker;
  try {
    worker = spawnWorker(location, null);
  } catch {
    return undefined; // the next read starts its own and reports why it cannot
  }
  // Idle, it must not keep the process alive (a CLI run ends when its work does).
  worker.unref();
  let settleLoaded = (): void => undefined;
  const loaded = new Promise<void>((resolve) => (settleLoaded = resolve));
  const entry: WarmWorker = {
    worker,
    key: locationKey(location),
    broken: false,
    loaded,
    settleLoaded,
  };
  const lost = (): void => {
    entry.broken = true;
    if (warm === entry) warm = undefined;
    settleLoaded();
  };
  worker.once('error', lost);
  worker.once('exit', lost);
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'ready') settleLoaded();
  });
  return entry;
}

/** A worker reading `request`: the warm one when it fits, else a new one. */
function takeWorker(location: WorkerLocation, request: WorkerRequest): Worker {
  const entry = warm;
  if (entry !== undefined && !entry.broken && entry.key === locationKey(location)) {
    warm = undefined;
    const { worker } = entry;
    for (const event of ['message', 'error', 'exit'] as const) worker.removeAllListeners(event);
    entry.settleLoaded();
    worker.ref();
    worker.postMessage(request);
    return worker;
  }
  return spawnWorker(location, request);
}

function replenishWarmWorker(): void {
  if (keepWarm !== undefined && warm === undefined) warm = startWarmWorker(keepWarm);
}

/**
 * Keeps one intake worker for `location` loaded and idle from now on, so the next import does
 * not wait for a worker to start. Call it when imports become likely (app start, case opened).
 * The promise settles once that worker has loaded (or could not start); nothing needs to wait.
 */
export function prewarmIntakeWorker(
  location: WorkerLocation = defaultWorkerLocation(),
): Promise<void> {
  const key = locationKey(location);
  keepWarm = location;
  if (warm !== undefined && warm.key !== key) endIdleWorker();
  replenishWarmWorker();
  return warm?.loaded ?? Promise.resolve();
}

/** Whether an idle, started worker is waiting for the next read (for tests and diagnostics). */
export function hasIdleIntakeWorker(): boolean {
  return warm !== undefined && !warm.broken;
}

/** Stops keeping a worker warm and ends the idle one, if any. */
export function stopWarmWorker(): void {
  keepWarm = undefined;
  endIdleWorker();
}

function endIdleWorker(): void {
  const entry = warm;
  warm = undefined;
  if (entry === undefined) return;
  entry.settleLoaded();
  void entry.worker.terminate();
}
