/**
 * Where the subject was at an instant, along the merged route: every source's timed fixes,
 * sorted by time once (cached per source), searched by bisection. The source whose fixes
 * bracket the instant most tightly wins and the position is interpolated between its two
 * fixes; when no source brackets it within `maxGapMs` (a gap, a silence), the nearest fix in
 * time is shown as a held, stale position — never an invented one.
 */
import { validPosition } from '../../../shared/geo/bounds';
import type { Source } from '../../../shared/model';

/** A gap longer than this is not bridged by interpolation. */
export const DEFAULT_MAX_GAP_MS = 15 * 60_000;

export interface TimeIndex {
  /** Fix indices with a time and a position, in time order. */
  order: Int32Array;
  /** Their times, ascending. */
  t: Float64Array;
}

const indexes = new WeakMap<Source, TimeIndex>();

export function timeIndexOf(source: Source): TimeIndex {
  const cached = indexes.get(source);
  if (cached) return cached;
  const { t, lat, lon, count } = source.fixes;
  const n = Math.min(count, t.length, lat.length, lon.length);
  let kept = 0;
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    if (!Number.isFinite(ti) || !validPosition(lat[i]!, lon[i]!)) continue;
    if (ti < previous) sorted = false;
    previous = ti;
    kept++;
  }
  let order = new Int32Array(kept);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(t[i]!) && validPosition(lat[i]!, lon[i]!)) order[k++] = i;
  }
  // Most files are already in time order: sort only when they are not.
  if (!sorted) order = order.sort((a, b) => t[a]! - t[b]! || a - b);
  const times = new Float64Array(kept);
  for (let j = 0; j < kept; j++) times[j] = t[order[j]!]!;
  const index = { order, t: times };
  indexes.set(source, index);
  return index;
}

/** The last position j with times[j] ≤ t, or -1. */
export function lastAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export interface SubjectPosition {
  lon: number;
  lat: number;
  sourceId: string;
  /** True when held at the nearest fix because no source brackets the instant closely. */
  stale: boolean;
}

export function positionAt(
  sources: readonly Source[],
  t: number,
  maxGapMs = DEFAULT_MAX_GAP_MS,
): SubjectPosition | null {
  if (!Number.isFinite(t)) return null;
  let best: SubjectPosition | null = null;
  let bestScore = Infinity;
  let held: SubjectPosition | null = null;
  let heldAge = Infinity;
  for (const source of sources) {
    const index = timeIndexOf(source);
    const n = index.t.length;
    if (n === 0) continue;
    const { lat, lon } = source.fixes;
    const j = lastAtOrBefore(index.t, t);
    const at = (k: number) => index.order[k]!;
    if (j >= 0 && j + 1 < n) {
      const ta = index.t[j]!;
      const tb = index.t[j + 1]!;
      const gap = tb - ta;
      if (gap <= maxGapMs && gap < bestScore) {
        const u = gap > 0 ? (t - ta) / gap : 0;
        const a = at(j);
        const b = at(j + 1);
        bestScore = gap;
        best = {
          lon: lon[a]! + (lon[b]! - lon[a]!) * u,
          lat: lat[a]! + (lat[b]! - lat[a]!) * u,
          sourceId: source.id,
          stale: false,
        };
      }
    } else if (j >= 0 && index.t[j] === t && 0 < bestScore) {
      // Exactly on the last fix.
      bestScore = 0;
      best = { lon: lon[at(j)]!, lat: lat[at(j)]!, sourceId: source.id, stale: false };
    }
    for (const k of [j, j + 1]) {
      if (k < 0 || k >= n) continue;
      const age = Math.abs(index.t[k]! - t);
      if (age < heldAge) {
        heldAge = age;
        held = { lon: lon[at(k)]!, lat: lat[at(k)]!, sourceId: source.id, stale: true };
      }
    }
  }
  if (best) return best;
  if (held && heldAge === 0) return { ...held, stale: false };
  return held;
}

/** The next playhead: advanced by real time × speed, kept inside [lo, hi]; `done` at the end. */
export function advancePlayhead(
  playhead: number | null,
  realMs: number,
  speed: number,
  lo: number,
  hi: number,
): { playhead: number; done: boolean } {
  const from = playhead === null || playhead < lo || playhead >= hi ? lo : playhead;
  const next = from + Math.max(0, realMs) * speed;
  return next >= hi ? { playhead: hi, done: true } : { playhead: next, done: false };
}
