/**
 * The instants a case is made of: every timed fix, photo and event of every source. The
 * case extent and the histogram under the time bar are computed from these, over typed
 * arrays, once per source (cached by identity), never per render.
 */
import type { Source } from '../../../shared/model';
import type { TimeSpan } from '../store/timeSlice';

const extents = new WeakMap<Source, TimeSpan | null>();

/** Earliest and latest observation of one source, or null when nothing in it has a time. */
export function sourceExtent(source: Source): TimeSpan | null {
  const cached = extents.get(source);
  if (cached !== undefined) return cached;
  let start = Infinity;
  let end = -Infinity;
  forEachObservation(source, (t) => {
    if (t < start) start = t;
    if (t > end) end = t;
  });
  const extent = start <= end ? { start, end } : null;
  extents.set(source, extent);
  return extent;
}

/** The span of every observation of every source: what the time bar covers. */
export function caseExtentOf(sources: readonly Source[]): TimeSpan | null {
  let start = Infinity;
  let end = -Infinity;
  for (const source of sources) {
    const e = sourceExtent(source);
    if (!e) continue;
    start = Math.min(start, e.start);
    end = Math.max(end, e.end);
  }
  return start <= end ? { start, end } : null;
}

/** Calls `visit(t)` for every finite observation time of the source. */
export function forEachObservation(source: Source, visit: (t: number) => void): void {
  const { t, count } = source.fixes;
  const n = Math.min(count, t.length);
  for (let i = 0; i < n; i++) {
    const v = t[i]!;
    if (Number.isFinite(v)) visit(v);
  }
  for (const photo of source.photos ?? []) if (Number.isFinite(photo.t)) visit(photo.t);
  for (const event of source.events ?? []) if (Number.isFinite(event.t)) visit(event.t);
  for (const w of source.waypoints) if (Number.isFinite(w.t)) visit(w.t);
}

export interface Histogram {
  extent: TimeSpan;
  /** Observations per bin; bin i covers [start + i·width, start + (i+1)·width), the last includes `end`. */
  counts: Uint32Array;
  binWidth: number;
  max: number;
}

/**
 * Observations per equal-width bin over `extent`. Instants outside it are left out. A zero
 * length extent (one instant) puts everything in the first bin.
 */
export function observationHistogram(
  sources: readonly Source[],
  extent: TimeSpan,
  binCount: number,
): Histogram {
  const bins = Math.max(1, Math.floor(binCount));
  const counts = new Uint32Array(bins);
  const span = extent.end - extent.start;
  const binWidth = span > 0 ? span / bins : 1;
  const { start, end } = extent;
  const last = bins - 1;
  for (const source of sources) {
    forEachObservation(source, (t) => {
      if (t < start || t > end) return;
      const b = span > 0 ? Math.floor(((t - start) * bins) / span) : 0;
      counts[b > last ? last : b]! += 1;
    });
  }
  let max = 0;
  for (let i = 0; i < bins; i++) if (counts[i]! > max) max = counts[i]!;
  return { extent, counts, binWidth, max };
}
