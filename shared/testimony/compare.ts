/**
 * A pin set against the device evidence: the nearest stop of the derived timeline, how far it
 * is, and whether the time the witness described overlaps the stop. The comparison is shown next
 * to the pin and never written back: a stop is not confirmed or moved by what a witness said.
 */
import { haversineM } from '../geo/distance';
import type { TimelineStop } from '../timeline/types';
import type { TestimonyPin } from './types';

/**
 * `overlaps`: the witness's window and the stop share some time. `disjoint`: they do not
 * (`gapMs` says by how much). `unknown`: the witness gave no time.
 */
export type TimeOverlap = 'overlaps' | 'disjoint' | 'unknown';

export interface StopComparison {
  stopKey: string;
  /** The stop's number in the timeline (0 for a stop left out of the numbering). */
  stopN: number;
  distanceM: number;
  stopStart: number;
  stopEnd: number;
  overlap: TimeOverlap;
  /** For `disjoint`: the time between the window and the stop, ms. */
  gapMs?: number;
}

/** The witness's window as a closed interval; an open end reaches as far as it can. */
function windowSpan(pin: TestimonyPin): { start: number; end: number } | null {
  const w = pin.window;
  if (!w) return null;
  const start = w.start !== undefined && Number.isFinite(w.start) ? w.start : -Infinity;
  const end = w.end !== undefined && Number.isFinite(w.end) ? w.end : Infinity;
  if (start === -Infinity && end === Infinity) return null;
  return start <= end ? { start, end } : { start: end, end: start };
}

export function timeOverlap(
  pin: TestimonyPin,
  stop: { start: number; end: number },
): { overlap: TimeOverlap; gapMs?: number } {
  const span = windowSpan(pin);
  if (!span) return { overlap: 'unknown' };
  if (span.start <= stop.end && span.end >= stop.start) return { overlap: 'overlaps' };
  const gapMs = span.end < stop.start ? stop.start - span.end : span.start - stop.end;
  return { overlap: 'disjoint', gapMs };
}

/** The nearest stop the examiner has not excluded, or null when the timeline has none. */
export function compareWithStops(
  pin: TestimonyPin,
  stops: readonly TimelineStop[],
): StopComparison | null {
  let best: TimelineStop | null = null;
  let bestM = Infinity;
  for (const stop of stops) {
    if (stop.excluded || !Number.isFinite(stop.lat) || !Number.isFinite(stop.lon)) continue;
    const d = haversineM(pin.lat, pin.lon, stop.lat, stop.lon);
    // Ties go to the earlier stop, so the answer does not depend on the list's order.
    if (d < bestM || (d === bestM && best !== null && stop.start < best.start)) {
      best = stop;
      bestM = d;
    }
  }
  if (!best) return null;
  return {
    stopKey: best.key,
    stopN: best.n,
    distanceM: bestM,
    stopStart: best.start,
    stopEnd: best.end,
    ...timeOverlap(pin, best),
  };
}

/** Length of a sketched route along its points ([lon, lat] pairs), metres. */
export function pathLengthM(points: readonly (readonly [number, number])[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [lon0, lat0] = points[i - 1]!;
    const [lon1, lat1] = points[i]!;
    total += haversineM(lat0, lon0, lat1, lon1);
  }
  return total;
}

/** Distance between two pins, metres. */
export function pinDistanceM(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  return haversineM(a.lat, a.lon, b.lat, b.lon);
}
