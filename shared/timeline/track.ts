/**
 * One source's observations as a time-sorted columnar track, clock correction applied: timed
 * fixes with a valid position, plus the start and end points of the movements the source
 * reported itself (Google's activity segments), which are the only positions some exports hold.
 */
import { validPosition } from '../geo/bounds';
import type { FixColumns, FixRange, Source } from '../model';

export interface SourceTrack {
  sourceId: string;
  count: number;
  /** Corrected UTC ms, ascending. */
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  /** Stated accuracy, metres; NaN when unknown. */
  accuracyM: Float64Array;
  /** Index into `Source.fixes`, or −1 for a reported movement's endpoint. */
  fixIndex: Int32Array;
}

export function buildTrack(source: Source, clockOffsetMs: number): SourceTrack {
  const f = source.fixes;
  const n = Math.min(f.count, f.t.length, f.lat.length, f.lon.length);
  const moves = source.reportedMovements ?? [];
  const capacity = n + moves.length * 2;
  const t = new Float64Array(capacity);
  const lat = new Float64Array(capacity);
  const lon = new Float64Array(capacity);
  const acc = new Float64Array(capacity);
  const fixIndex = new Int32Array(capacity);
  let count = 0;
  let sorted = true;
  const push = (ti: number, y: number, x: number, a: number, index: number): void => {
    if (count > 0 && ti < t[count - 1]!) sorted = false;
    t[count] = ti;
    lat[count] = y;
    lon[count] = x;
    acc[count] = a;
    fixIndex[count] = index;
    count++;
  };
  const accuracy = f.accuracyM;
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const ti = f.t[i]! + clockOffsetMs;
    const y = f.lat[i]!;
    const x = f.lon[i]!;
    // Inline: this loop sees every fix of every source.
    if (!(ti === ti && Math.abs(y) <= 90 && Math.abs(x) <= 180) || !Number.isFinite(ti)) continue;
    if (ti < previous) sorted = false;
    previous = ti;
    t[count] = ti;
    lat[count] = y;
    lon[count] = x;
    acc[count] = accuracy ? accuracy[i]! : NaN;
    fixIndex[count] = i;
    count++;
  }
  for (const m of moves) {
    // A movement that states no endpoint starts and ends where its path does.
    const first = pathEnd(f, m.path, 1);
    const last = pathEnd(f, m.path, -1);
    const [y0, x0] = validPosition(m.startLat ?? NaN, m.startLon ?? NaN)
      ? [m.startLat!, m.startLon!]
      : first < 0
        ? [NaN, NaN]
        : [f.lat[first]!, f.lon[first]!];
    const [y1, x1] = validPosition(m.endLat ?? NaN, m.endLon ?? NaN)
      ? [m.endLat!, m.endLon!]
      : last < 0
        ? [NaN, NaN]
        : [f.lat[last]!, f.lon[last]!];
    if (Number.isFinite(m.start) && validPosition(y0, x0))
      push(m.start + clockOffsetMs, y0, x0, NaN, -1);
    if (Number.isFinite(m.end) && validPosition(y1, x1))
      push(m.end + clockOffsetMs, y1, x1, NaN, -1);
  }
  const track: SourceTrack = {
    sourceId: source.id,
    count,
    t: t.subarray(0, count),
    lat: lat.subarray(0, count),
    lon: lon.subarray(0, count),
    accuracyM: acc.subarray(0, count),
    fixIndex: fixIndex.subarray(0, count),
  };
  return sorted ? track : sortTrack(track);
}

/** Index of the first (step 1) or last (step −1) fix with a valid position in a path range, or −1. */
function pathEnd(f: FixColumns, path: FixRange | undefined, step: 1 | -1): number {
  if (!path) return -1;
  const end = Math.min(path.end, f.count);
  for (let i = step > 0 ? path.start : end - 1; i >= path.start && i < end; i += step)
    if (validPosition(f.lat[i]!, f.lon[i]!)) return i;
  return -1;
}

/** Stable sort by time (ties keep fix order, endpoints after fixes). */
function sortTrack(track: SourceTrack): SourceTrack {
  const order = new Int32Array(track.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => track.t[a]! - track.t[b]! || a - b);
  const pick = <A extends Float64Array | Int32Array>(src: A, dst: A): A => {
    for (let i = 0; i < order.length; i++) dst[i] = src[order[i]!]!;
    return dst;
  };
  const n = track.count;
  return {
    sourceId: track.sourceId,
    count: n,
    t: pick(track.t, new Float64Array(n)),
    lat: pick(track.lat, new Float64Array(n)),
    lon: pick(track.lon, new Float64Array(n)),
    accuracyM: pick(track.accuracyM, new Float64Array(n)),
    fixIndex: pick(track.fixIndex, new Int32Array(n)),
  };
}

/** The track as FixColumns, for helpers that take fixes (placing photos on a track). */
export function trackAsFixes(track: SourceTrack): FixColumns {
  return { count: track.count, t: track.t, lat: track.lat, lon: track.lon };
}

/** First index with t ≥ time (count when none). */
export function lowerBound(t: Float64Array, count: number, time: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the observation nearest in time, or −1 when the track is empty. */
export function nearestIndex(track: SourceTrack, time: number): number {
  if (track.count === 0 || !Number.isFinite(time)) return -1;
  const i = lowerBound(track.t, track.count, time);
  if (i === 0) return 0;
  if (i === track.count) return track.count - 1;
  return time - track.t[i - 1]! <= track.t[i]! - time ? i - 1 : i;
}
