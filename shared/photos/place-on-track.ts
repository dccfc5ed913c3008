/**
 * Placing something that has only a time (a photo without GPS) on another source's track.
 * The result is inferred: a straight line between the two fixes around the instant, never
 * an extrapolation beyond the track's first or last timed fix.
 */
import type { FixColumns } from '../model';

export interface TrackPlacement {
  lat: number;
  lon: number;
  /** Time distance from the instant to the nearest fix used, ms (0 on an exact fix). */
  timeDistanceMs: number;
}

/**
 * Indexes of the usable fixes (finite time and position) in time order, ties in file order.
 * Readers usually deliver time-sorted fixes, but merged or hand-edited files do not; the sort is
 * done once per FixColumns and cached, because a whole extraction places thousands of photos.
 */
const timeOrderCache = new WeakMap<
  FixColumns,
  { t: Float64Array; count: number; order: Int32Array }
>();

export function timeOrder(fixes: FixColumns): Int32Array {
  const cached = timeOrderCache.get(fixes);
  if (cached && cached.t === fixes.t && cached.count === fixes.count) return cached.order;
  const { t, lat, lon } = fixes;
  const count = Math.min(fixes.count, t.length, lat.length, lon.length);
  let usable = 0;
  const all = new Int32Array(count);
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    const ti = t[i]!;
    if (!Number.isFinite(ti) || !Number.isFinite(lat[i]!) || !Number.isFinite(lon[i]!)) continue;
    if (ti < previous) sorted = false;
    previous = ti;
    all[usable++] = i;
  }
  const order = all.slice(0, usable);
  if (!sorted) order.sort((a, b) => t[a]! - t[b]! || a - b);
  timeOrderCache.set(fixes, { t: fixes.t, count: fixes.count, order });
  return order;
}

/** First position in `order` whose time is ≥ `t` (order.length when none). */
function lowerBound(times: Float64Array, order: Int32Array, t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[order[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Position on a track at time `t` by linear interpolation between the fixes around it (inferred).
 * Null when `t` is not a finite instant, lies outside the track's timed span, or when the nearest
 * fix is further than `maxTimeDistanceMs` away in time (a gap in the track says nothing).
 */
export function placeOnTrack(
  fixes: FixColumns,
  t: number,
  maxTimeDistanceMs: number = Infinity,
): TrackPlacement | null {
  if (!Number.isFinite(t)) return null;
  const order = timeOrder(fixes);
  if (order.length === 0) return null;
  const times = fixes.t;
  const after = lowerBound(times, order, t);
  if (after === order.length) return null;
  const j = order[after]!;
  const tj = times[j]!;
  if (tj === t) return { lat: fixes.lat[j]!, lon: fixes.lon[j]!, timeDistanceMs: 0 };
  if (after === 0) return null;
  const i = order[after - 1]!;
  const ti = times[i]!;
  const timeDistanceMs = Math.min(t - ti, tj - t);
  if (timeDistanceMs > maxTimeDistanceMs) return null;
  const f = (t - ti) / (tj - ti);
  const lat = fixes.lat[i]! + (fixes.lat[j]! - fixes.lat[i]!) * f;
  return { lat, lon: interpolateLon(fixes.lon[i]!, fixes.lon[j]!, f), timeDistanceMs };
}

/** Along the shorter way round, so a track over the antimeridian is not dragged across the world. */
function interpolateLon(a: number, b: number, f: number): number {
  let d = b - a;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  let lon = a + d * f;
  if (lon > 180) lon -= 360;
  else if (lon < -180) lon += 360;
  return lon;
}

/**
 * Furthest in time from a fix that a photo is placed on a track. Beyond it the subject could be
 * anywhere a vehicle goes in that time; the distance in time is reported with every placement.
 */
export const MAX_PHOTO_PLACEMENT_MS = 30 * 60_000;
