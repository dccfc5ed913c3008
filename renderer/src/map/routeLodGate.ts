/**
 * First things first after a large import: the new route's preview line is drawn before the
 * work that would compete with it starts. On two cores with a software-rendered map, a
 * frame costs a few hundred ms of CPU; the level-of-detail worker, the timeline derivation
 * (a million fixes copied to a worker and walked) and clustering 10,000 photos in MapLibre's
 * single worker all run on the same cores and in the same worker queue, and pushed the first
 * route frame back by seconds. They are cheap to postpone by a second: they wait here.
 *
 * Two gates, each held per large source (keyed by the source object, so a repeated hold is
 * one hold) and released by its route layer:
 * - `routeData`: until MapLibre's worker has the preview line. The fit to the new evidence
 *   waits for it, so the first frame at the new view asks for the route's tiles together
 *   with the basemap's, instead of one frame (hundreds of ms) later, behind them.
 * - `routeDraw`: until a rendered frame had the line's tiles loaded. The LOD worker, the
 *   timeline derivation and the photo layer wait for it.
 * Waiting work runs when no hold is left, or when a hold's time is up whatever happens (a map
 * that never renders must not starve the timeline).
 */
import { useEffect, useState } from 'react';
import type { Source } from '../../../shared/model';
import { SYNC_LOD_MAX_FIXES } from './routeLodAsync';

class Gate {
  private readonly holds = new Map<object, ReturnType<typeof setTimeout>>();
  private readonly waiting = new Set<() => void>();

  constructor(private readonly maxHoldMs: number) {}

  get pending(): boolean {
    return this.holds.size > 0;
  }

  hold(key: object): void {
    if (this.holds.has(key)) return;
    this.holds.set(
      key,
      setTimeout(() => this.release(key), this.maxHoldMs),
    );
  }

  release(key: object): void {
    const timer = this.holds.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.holds.delete(key);
    if (this.holds.size > 0 || this.waiting.size === 0) return;
    // One task each, after the current one: the frame that opened the gate ends first.
    const tasks = [...this.waiting];
    this.waiting.clear();
    for (const task of tasks) setTimeout(task, 0);
  }

  /** Runs `task` once the gate is open: at once when it is. Returns a cancel function. */
  after(task: () => void): () => void {
    if (this.holds.size === 0) {
      task();
      return () => {};
    }
    let cancelled = false;
    const run = () => {
      if (!cancelled) task();
    };
    this.waiting.add(run);
    return () => {
      cancelled = true;
      this.waiting.delete(run);
    };
  }
}

/** The longest a route's data delays the fit to it. */
export const MAX_DATA_HOLD_MS = 1000;
/** The longest a route's first frame delays the work queued behind it. */
export const MAX_DRAW_HOLD_MS = 2500;

const routeData = new Gate(MAX_DATA_HOLD_MS);
const routeDraw = new Gate(MAX_DRAW_HOLD_MS);

/** Whether a source's route is drawn from a preview first (and so holds the gates). */
export function drawsFromPreview(source: Pick<Source, 'fixes'>): boolean {
  return source.fixes.count > SYNC_LOD_MAX_FIXES;
}

/** Holds both gates for the source's route (no-op for a small source or a repeated hold). */
export function holdRoute(source: Source): void {
  if (!drawsFromPreview(source)) return;
  routeData.hold(source);
  routeDraw.hold(source);
}

/** MapLibre's worker has the source's preview line. */
export function releaseRouteData(source: Source): void {
  routeData.release(source);
}

/** A frame showed the source's route (also releases the data gate). */
export function releaseRouteDraw(source: Source): void {
  routeData.release(source);
  routeDraw.release(source);
}

/** Whether a route's first draw is still pending. */
export function routeDrawPending(): boolean {
  return routeDraw.pending;
}

/** Runs `task` once the held routes' data is in MapLibre's worker. Returns a cancel function. */
export function afterRouteData(task: () => void): () => void {
  return routeData.after(task);
}

/** Runs `task` once the held routes were drawn. Returns a cancel function. */
export function afterRouteDraw(task: () => void): () => void {
  return routeDraw.after(task);
}

/**
 * `value`, except that while a route draw is pending a new value is held back (the previous
 * one is returned) until the gate opens. For layers whose data is costly to build and draw.
 */
export function useAfterRouteDraw<T>(value: T): T {
  const [shown, setShown] = useState(value);
  const pending = !Object.is(shown, value) && routeDraw.pending;
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return routeDraw.after(() => setShown(() => value));
  }, [shown, value]);
  return pending ? shown : value;
}

/** What `skipFramesUntilRouteData` needs of a map; a MapLibre map has it. */
export interface FrameMap {
  triggerRepaint(): void;
}

/**
 * Skips the map's frames while a new route's data is on its way to MapLibre's worker. The
 * frame that would come then shows the old view without the old evidence, and with software
 * GL it holds the main thread for a few hundred ms (the GPU read-back), during which the
 * worker's answer waits; the fit and the first frame with the route come after it. Frames
 * resume when the data is in (or the gate's time is up). Uses MapLibre's internal `_render`;
 * a version without it simply draws every frame.
 */
export function skipFramesUntilRouteData(map: FrameMap): () => void {
  const internals = map as unknown as { _render?: (paintStart: number) => unknown };
  const render = internals._render;
  if (typeof render !== 'function') return () => {};
  let resumeQueued = false;
  internals._render = (paintStart: number) => {
    if (!routeData.pending) return render.call(map, paintStart);
    if (!resumeQueued) {
      resumeQueued = true;
      routeData.after(() => {
        resumeQueued = false;
        map.triggerRepaint();
      });
    }
    return map;
  };
  return () => {
    internals._render = render;
  };
}
