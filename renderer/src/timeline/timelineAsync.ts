/**
 * Runs `deriveTimeline` in a Web Worker, latest wins: while one derivation runs, only the
 * newest request waits; older waiting requests and the result of a run that a newer request
 * has overtaken are dropped (resolved as `null`), never applied. Where workers are not
 * available (unit tests) the same code runs on this thread.
 */
import type { Source } from '../../../shared/model';
import type { Timeline, TimelineContext, TimelineSettings } from '../../../shared/timeline/types';
import { bundledGazetteerUrl, gazetteerLoader } from './gazetteerLoader';

export interface DeriveRequest {
  id: number;
  sources: Source[];
  settings: TimelineSettings;
  gazetteerUrl: string | null;
}

export type DeriveResponse =
  | { id: number; ok: true; timeline: Timeline; ms: number }
  | { id: number; ok: false; message: string };

export type DeriveOutcome =
  { ok: true; timeline: Timeline; ms: number } | { ok: false; message: string };

export interface TimelineDeriver {
  /** Resolves with the outcome, or null when a newer request made this one stale. */
  derive(sources: readonly Source[], settings: TimelineSettings): Promise<DeriveOutcome | null>;
  dispose(): void;
}

export type DeriveHere = (
  sources: readonly Source[],
  settings: TimelineSettings,
  ctx: TimelineContext,
) => Promise<Timeline>;

export interface DeriverOptions {
  /** null: derive on this thread. Defaults to the bundled worker when Worker exists. */
  makeWorker?: () => Worker | null;
  /** The in-thread derivation; defaults to the shared one, loaded on first use. */
  deriveHere?: DeriveHere;
  gazetteerUrl?: string | null;
}

export function createTimelineDeriver(options: DeriverOptions = {}): TimelineDeriver {
  const gazetteerUrl =
    options.gazetteerUrl === undefined ? bundledGazetteerUrl() : options.gazetteerUrl;
  const makeWorker = options.makeWorker ?? defaultWorker;
  const deriveHere = options.deriveHere ?? sharedDeriveHere(gazetteerUrl);
  let worker: Worker | null | undefined;
  let nextId = 1;
  let running: { id: number; resolve: (o: DeriveOutcome | null) => void } | null = null;
  let waiting: {
    sources: readonly Source[];
    settings: TimelineSettings;
    resolve: (o: DeriveOutcome | null) => void;
  } | null = null;
  let disposed = false;

  const finish = (id: number, outcome: DeriveOutcome) => {
    if (!running || running.id !== id) return;
    const { resolve } = running;
    running = null;
    // A newer request came in meanwhile: this result describes inputs that are gone.
    resolve(waiting ? null : outcome);
    startWaiting();
  };

  const start = (
    sources: readonly Source[],
    settings: TimelineSettings,
    resolve: (o: DeriveOutcome | null) => void,
  ) => {
    const id = nextId++;
    running = { id, resolve };
    if (worker === undefined) worker = makeWorker();
    if (worker) {
      const active = worker;
      active.onmessage = (event: MessageEvent<DeriveResponse>) => {
        const r = event.data;
        finish(r.id, r.ok ? { ok: true, timeline: r.timeline, ms: r.ms } : r);
      };
      active.onerror = (event) => {
        event.preventDefault();
        finish(id, { ok: false, message: event.message || 'timeline worker failed' });
      };
      const { request, transfer } = workerRequest(id, sources, settings, gazetteerUrl);
      active.postMessage(request, transfer);
      return;
    }
    setTimeout(() => {
      if (disposed) return;
      const started = performance.now();
      deriveHere(sources, settings, {})
        .then((timeline) => finish(id, { ok: true, timeline, ms: performance.now() - started }))
        .catch((err: unknown) =>
          finish(id, { ok: false, message: err instanceof Error ? err.message : String(err) }),
        );
    }, 0);
  };

  const startWaiting = () => {
    if (!waiting || disposed) return;
    const next = waiting;
    waiting = null;
    start(next.sources, next.settings, next.resolve);
  };

  return {
    derive(sources, settings) {
      return new Promise((resolve) => {
        if (disposed) return resolve(null);
        if (!running) return start(sources, settings, resolve);
        waiting?.resolve(null);
        waiting = { sources, settings, resolve };
      });
    },
    dispose() {
      disposed = true;
      worker?.terminate();
      running?.resolve(null);
      waiting?.resolve(null);
      running = null;
      waiting = null;
    },
  };
}

function defaultWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./timeline.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

function sharedDeriveHere(gazetteerUrl: string | null): DeriveHere {
  let loadGazetteer: ((url: string | null) => Promise<TimelineContext['gazetteer'] | null>) | null =
    null;
  return async (sources, settings) => {
    const engine = await import('./engine');
    loadGazetteer ??= gazetteerLoader(engine.parseGazetteer);
    const gazetteer = await loadGazetteer(gazetteerUrl);
    return engine.deriveTimeline(sources, settings, gazetteer ? { gazetteer } : {});
  };
}

/**
 * The sources as the worker gets them: the fix columns are copied and the copies transferred,
 * so the store keeps its own buffers and nothing is copied twice.
 */
export function workerRequest(
  id: number,
  sources: readonly Source[],
  settings: TimelineSettings,
  gazetteerUrl: string | null,
): { request: DeriveRequest; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copy = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
    const c = a.slice() as T;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  const copied = sources.map((s): Source => {
    const f = s.fixes;
    const fixes = {
      count: f.count,
      t: copy(f.t),
      lat: copy(f.lat),
      lon: copy(f.lon),
      ...(f.ele ? { ele: copy(f.ele) } : {}),
      ...(f.accuracyM ? { accuracyM: copy(f.accuracyM) } : {}),
      ...(f.speedMps ? { speedMps: copy(f.speedMps) } : {}),
      ...(f.headingDeg ? { headingDeg: copy(f.headingDeg) } : {}),
    };
    // Issues never affect the derivation and can be long: not worth cloning.
    return {
      ...s,
      issues: [],
      fixes,
      fixTimeBasis: copy(s.fixTimeBasis),
      ...(s.fixCells ? { fixCells: copy(s.fixCells) } : {}),
    };
  });
  return { request: { id, sources: copied, settings, gazetteerUrl }, transfer };
}
