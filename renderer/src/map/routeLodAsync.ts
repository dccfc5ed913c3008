/**
 * A source's level of detail: built at once for small sources, in a Web Worker for large
 * ones (falling back to the UI thread where workers are unavailable, e.g. unit tests).
 */
import type { Source } from '../../../shared/model';
import { buildRouteLod, previewRouteLod, type RouteLod } from '../../../shared/geo/routeLod';
import type { RouteLodRequest } from './routeLod.worker';

/** Below this many fixes the build takes a few milliseconds: not worth a worker. */
export const SYNC_LOD_MAX_FIXES = 50_000;

export function buildRouteLodNow(source: Source): RouteLod {
  return buildRouteLod(source.fixes, source.parts);
}

/** What a large source draws while its level of detail is built (one pass, tens of ms). */
export function buildRoutePreviewNow(source: Source): RouteLod {
  return previewRouteLod(source.fixes, source.parts);
}

export interface LodJob {
  promise: Promise<RouteLod>;
  cancel(): void;
}

export function buildRouteLodInWorker(source: Source): LodJob {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./routeLod.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (!worker) {
    let cancelled = false;
    const promise = new Promise<RouteLod>((resolve, reject) => {
      setTimeout(() => {
        if (cancelled) return;
        try {
          resolve(buildRouteLodNow(source));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, 0);
    });
    return { promise, cancel: () => (cancelled = true) };
  }
  const active = worker;
  const promise = new Promise<RouteLod>((resolve, reject) => {
    active.onmessage = (event: MessageEvent<RouteLod>) => {
      active.terminate();
      resolve(event.data);
    };
    active.onerror = (event) => {
      active.terminate();
      reject(new Error(event.message || 'route level-of-detail worker failed'));
    };
  });
  // The worker gets copies of the two columns it needs, transferred: the store keeps its own,
  // and a column that is a view on a larger buffer (the test bridge's) sends only itself.
  const lat = source.fixes.lat.slice();
  const lon = source.fixes.lon.slice();
  const request: RouteLodRequest = {
    fixes: { lat, lon, count: source.fixes.count },
    parts: source.parts,
  };
  active.postMessage(request, [lat.buffer, lon.buffer]);
  return { promise, cancel: () => active.terminate() };
}
