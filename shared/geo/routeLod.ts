/**
 * Level of detail for drawing long tracks. A million fixes as one line costs MapLibre seconds
 * of work per data update and keeps the UI busy; most of them are sub-pixel at any zoom but
 * the highest. `buildRouteLod` runs Douglas–Peucker once over every segment (in Web Mercator,
 * so tolerances are screen pixels) and stores per point the first integer zoom that needs it.
 * `planLodView` then picks, for a zoom and viewport, which points to hand to the map within a
 * vertex budget: every point needed at that zoom when they fit; otherwise full detail in a
 * window around the view and a coarser line elsewhere. From FULL_DETAIL_ZOOM up, every valid
 * fix in the window is drawn: examiners zooming in see the exact positions.
 */
import type { BoundingBox, FixColumns, TrackPart } from '../model';
import { boxContains, validPosition } from './bounds';
import { mercatorX, mercatorY, worldUnitsPerPixel } from './mercator';
import { dpImportance } from './simplify';

/** From this zoom on, every valid fix (in the window) is drawn. */
export const FULL_DETAIL_ZOOM = 17;
/** Douglas–Peucker tolerance at a point's own integer zoom: ≤ 1 px up to the next one. */
export const LOD_TOLERANCE_PX = 0.5;
/** Vertices handed to the map at once, by default. */
export const DEFAULT_VERTEX_BUDGET = 120_000;

/** Valid positions of a source, as runs of at least two consecutive valid fixes per segment. */
export interface RouteRuns {
  /** Fix indices, run after run; invalid positions are left out (joined across, never 0,0). */
  order: Int32Array;
  /** Run r is order[runStart[r] .. runStart[r + 1]); length runs + 1. */
  runStart: Int32Array;
  /** Part and segment index of each run. */
  runPart: Int32Array;
  runSegment: Int32Array;
}

export interface RouteLod extends RouteRuns {
  /** Parallel to `order`: the first integer zoom (0..FULL_DETAIL_ZOOM) at which it is drawn. */
  minZoom: Uint8Array;
  /** Points drawn at each integer zoom 0..FULL_DETAIL_ZOOM (whole source, no window). */
  countAtZoom: Int32Array;
  /**
   * Set on a preview (`previewRouteLod`) only: `minZoom` is 0 exactly at every stride-th
   * position of each run and at its last, FULL_DETAIL_ZOOM elsewhere. Below that zoom the
   * drawn positions are then known without reading every point's zoom.
   */
  previewStride?: number;
}

export function routeRuns(
  fixes: Pick<FixColumns, 'lat' | 'lon' | 'count'>,
  parts: readonly TrackPart[],
): RouteRuns {
  const { lat, lon } = fixes;
  const count = Math.min(fixes.count, lat.length, lon.length);
  // One pass over the positions (a million on a large source, on the UI thread for the
  // preview): indices go into arrays sized for every fix, trimmed once at the end.
  let capacity = 0;
  let segments = 0;
  for (const part of parts) {
    for (const s of part.segments) {
      capacity += Math.max(0, Math.min(s.end, count) - Math.max(0, s.start));
      segments += 1;
    }
  }
  let order = new Int32Array(capacity);
  let runStart = new Int32Array(segments + 1);
  let runPart = new Int32Array(segments);
  let runSegment = new Int32Array(segments);
  let k = 0;
  let r = 0;
  for (let p = 0; p < parts.length; p++) {
    const segs = parts[p]!.segments;
    for (let si = 0; si < segs.length; si++) {
      const s = segs[si]!;
      const end = Math.min(s.end, count);
      const first = k;
      for (let i = Math.max(0, s.start); i < end; i++)
        if (validPosition(lat[i]!, lon[i]!)) order[k++] = i;
      if (k - first < 2) {
        k = first;
        continue;
      }
      runStart[r] = first;
      runPart[r] = p;
      runSegment[r] = si;
      r += 1;
      runStart[r] = k;
    }
  }
  if (k < order.length) order = order.slice(0, k);
  if (r < segments) {
    runStart = runStart.slice(0, r + 1);
    runPart = runPart.slice(0, r);
    runSegment = runSegment.slice(0, r);
  }
  return { order, runStart, runPart, runSegment };
}

/** The first integer zoom at which a point of this importance (world units) is drawn. */
export function minZoomFor(importance: number): number {
  for (let z = 0; z < FULL_DETAIL_ZOOM; z++) {
    if (importance > LOD_TOLERANCE_PX * worldUnitsPerPixel(z)) return z;
  }
  return FULL_DETAIL_ZOOM;
}

export function buildRouteLod(
  fixes: Pick<FixColumns, 'lat' | 'lon' | 'count'>,
  parts: readonly TrackPart[],
): RouteLod {
  const runs = routeRuns(fixes, parts);
  const { order, runStart } = runs;
  const n = order.length;
  // Projected only where needed, indexed like the fixes so dpImportance can use `order`.
  const size = Math.min(fixes.count, fixes.lat.length, fixes.lon.length);
  const x = new Float64Array(size);
  const y = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    x[i] = mercatorX(fixes.lon[i]!);
    y[i] = mercatorY(fixes.lat[i]!);
  }
  const importance = new Float64Array(n);
  for (let r = 0; r + 1 < runStart.length; r++) {
    dpImportance(x, y, order, runStart[r]!, runStart[r + 1]!, importance);
  }
  const thresholds: number[] = [];
  for (let z = 0; z < FULL_DETAIL_ZOOM; z++)
    thresholds.push(LOD_TOLERANCE_PX * worldUnitsPerPixel(z));
  const minZoom = new Uint8Array(n);
  const perZoom = new Int32Array(FULL_DETAIL_ZOOM + 1);
  for (let k = 0; k < n; k++) {
    const imp = importance[k]!;
    let z = 0;
    while (z < FULL_DETAIL_ZOOM && !(imp > thresholds[z]!)) z++;
    minZoom[k] = z;
    perZoom[z]! += 1;
  }
  const countAtZoom = new Int32Array(FULL_DETAIL_ZOOM + 1);
  let running = 0;
  for (let z = 0; z <= FULL_DETAIL_ZOOM; z++) {
    running += perZoom[z]!;
    countAtZoom[z] = running;
  }
  return { ...runs, minZoom, countAtZoom };
}

/** Points a preview level of detail keeps at most (plus the two ends of every run). */
export const PREVIEW_POINTS = 25_000;

/**
 * A stand-in level of detail for the second or two the real one takes to build in a worker
 * on a large source, made in one pass: every stride-th valid fix of each run and the run's
 * ends are drawn from zoom 0, the rest only from FULL_DETAIL_ZOOM (where every fix is drawn
 * anyway). The first draw of a million-fix track then needs neither Douglas–Peucker nor a
 * worker round trip; the real level of detail replaces it as soon as it is ready.
 */
export function previewRouteLod(
  fixes: Pick<FixColumns, 'lat' | 'lon' | 'count'>,
  parts: readonly TrackPart[],
  maxPoints = PREVIEW_POINTS,
): RouteLod {
  const runs = routeRuns(fixes, parts);
  const { order, runStart } = runs;
  const n = order.length;
  const stride = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const minZoom = new Uint8Array(n).fill(FULL_DETAIL_ZOOM);
  let kept = 0;
  for (let r = 0; r + 1 < runStart.length; r++) {
    const first = runStart[r]!;
    const last = runStart[r + 1]! - 1;
    for (let k = first; k <= last; k += stride) {
      minZoom[k] = 0;
      kept += 1;
    }
    if (minZoom[last] !== 0) {
      minZoom[last] = 0;
      kept += 1;
    }
  }
  const countAtZoom = new Int32Array(FULL_DETAIL_ZOOM + 1).fill(kept);
  countAtZoom[FULL_DETAIL_ZOOM] = n;
  return { ...runs, minZoom, countAtZoom, previewStride: stride };
}

/**
 * What to draw: points with minZoom ≤ detailZoom inside `window` (everywhere when it is null)
 * and points with minZoom ≤ coarseZoom everywhere else.
 */
export interface LodView {
  /** The integer zoom the plan was made for (floor of the map zoom, capped). */
  zoom: number;
  detailZoom: number;
  coarseZoom: number;
  window: BoundingBox | null;
}

export function lodZoom(mapZoom: number): number {
  if (!Number.isFinite(mapZoom)) return 0;
  return Math.max(0, Math.min(FULL_DETAIL_ZOOM, Math.floor(mapZoom)));
}

export function planLodView(
  lod: RouteLod,
  fixes: Pick<FixColumns, 'lat' | 'lon'>,
  mapZoom: number,
  window: BoundingBox,
  budget = DEFAULT_VERTEX_BUDGET,
): LodView {
  const zoom = lodZoom(mapZoom);
  const counts = lod.countAtZoom;
  if (counts[zoom]! <= budget) return { zoom, detailZoom: zoom, coarseZoom: zoom, window: null };
  let coarseZoom = 0;
  for (let z = zoom; z >= 0; z--) {
    if (counts[z]! <= budget / 4) {
      coarseZoom = z;
      break;
    }
  }
  const inWindow = new Int32Array(FULL_DETAIL_ZOOM + 1);
  const { order, minZoom } = lod;
  const { lat, lon } = fixes;
  for (let k = 0; k < order.length; k++) {
    const mz = minZoom[k]!;
    if (mz <= coarseZoom || mz > zoom) continue;
    const i = order[k]!;
    if (boxContains(window, lat[i]!, lon[i]!)) inWindow[mz]! += 1;
  }
  // The densest zoom whose window detail still fits next to the coarse line.
  let detailZoom = coarseZoom;
  let extra = 0;
  for (let z = coarseZoom + 1; z <= zoom; z++) {
    extra += inWindow[z]!;
    if (counts[coarseZoom]! + extra > budget) break;
    detailZoom = z;
  }
  return { zoom, detailZoom, coarseZoom, window };
}

/**
 * Whether two plans without a window draw the same points: minZoom sets nest, so equal
 * counts at their detail zooms mean equal sets (a preview draws the same at every zoom
 * below full detail; a real level of detail where a zoom adds no point).
 */
export function drawsSamePoints(lod: RouteLod, a: LodView, b: LodView): boolean {
  return (
    a.window === null &&
    b.window === null &&
    lod.countAtZoom[a.detailZoom] === lod.countAtZoom[b.detailZoom]
  );
}

/** Calls `emit(run, positions)` per run with the positions (into `order`) the view draws. */
export function forEachLodRun(
  lod: RouteLod,
  fixes: Pick<FixColumns, 'lat' | 'lon'>,
  view: LodView,
  emit: (run: number, kept: Int32Array, length: number) => void,
): void {
  const { order, minZoom, runStart } = lod;
  const { lat, lon } = fixes;
  const { window, detailZoom, coarseZoom } = view;
  let longest = 0;
  for (let r = 0; r + 1 < runStart.length; r++)
    longest = Math.max(longest, runStart[r + 1]! - runStart[r]!);
  const kept = new Int32Array(longest);
  const stride = lod.previewStride;
  if (stride !== undefined && detailZoom < FULL_DETAIL_ZOOM) {
    // A preview below full detail draws its zoom-0 points, which lie inside any window's
    // coarse line too: every stride-th position of each run, and the run's last.
    for (let r = 0; r + 1 < runStart.length; r++) {
      const first = runStart[r]!;
      const last = runStart[r + 1]! - 1;
      let n = 0;
      for (let k = first; k <= last; k += stride) kept[n++] = k;
      if (kept[n - 1] !== last) kept[n++] = last;
      if (n >= 2) emit(r, kept, n);
    }
    return;
  }
  for (let r = 0; r + 1 < runStart.length; r++) {
    let n = 0;
    for (let k = runStart[r]!; k < runStart[r + 1]!; k++) {
      const mz = minZoom[k]!;
      if (mz > detailZoom) continue;
      if (window && mz > coarseZoom) {
        const i = order[k]!;
        if (!boxContains(window, lat[i]!, lon[i]!)) continue;
      }
      kept[n++] = k;
    }
    if (n >= 2) emit(r, kept, n);
  }
}
