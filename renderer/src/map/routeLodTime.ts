/**
 * The time window applied to a drawn route (see `routeChunksForView`): which chunks lie
 * inside, outside or across the window, and the exact in-window pieces of the crossing
 * chunks, cut at the window's edges by interpolating between vertex times. A drag touches
 * a few hundred chunk spans and re-cuts at most a few chunks, whatever the track's length.
 */
import type { Feature, FeatureCollection, LineString } from 'geojson';
import type { TimeSpan } from '../store/timeSlice';
import type { RouteChunks } from './routeGeoJson';

export const CHUNK_IN = 0;
export const CHUNK_OUT = 1;
export const CHUNK_CROSSING = 2;

/**
 * Per chunk: CHUNK_IN (bright), CHUNK_OUT (dimmed) or CHUNK_CROSSING (dimmed, with its
 * in-window part drawn bright on top). Untimed chunks are never dimmed.
 */
export function chunkStates(chunks: RouteChunks, range: TimeSpan | null): Uint8Array {
  const n = chunks.t0.length;
  const states = new Uint8Array(n);
  if (!range) return states;
  const { start, end } = range;
  for (let c = 0; c < n; c++) {
    const lo = chunks.t0[c]!;
    const hi = chunks.t1[c]!;
    if (Number.isNaN(lo)) continue;
    if (hi < start || lo > end) states[c] = CHUNK_OUT;
    else if (lo < start || hi > end || hasUntimed(chunks, c)) states[c] = CHUNK_CROSSING;
  }
  return states;
}

/** A chunk with some untimed vertices cannot be judged as a whole: it is cut vertex by vertex. */
function hasUntimed(chunks: RouteChunks, c: number): boolean {
  for (let k = chunks.vertexStart[c]!; k < chunks.vertexStart[c + 1]!; k++) {
    if (Number.isNaN(chunks.times[k]!)) return true;
  }
  return false;
}

/** The in-window lines of every crossing chunk. */
export function crossingPieces(
  chunks: RouteChunks,
  states: Uint8Array,
  range: TimeSpan | null,
): FeatureCollection<LineString> {
  const features: Feature<LineString>[] = [];
  if (range) {
    const lines = chunks.lines.features;
    for (let c = 0; c < states.length; c++) {
      if (states[c] !== CHUNK_CROSSING) continue;
      const from = chunks.vertexStart[c]!;
      const times = chunks.times.subarray(from, chunks.vertexStart[c + 1]!);
      for (const coordinates of clipLineToRange(lines[c]!.geometry.coordinates, times, range)) {
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates },
          properties: lines[c]!.properties,
        });
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The parts of a polyline whose time lies in `range`, cut where the time crosses an edge
 * (linear in time between vertices). An untimed vertex takes its neighbour's time; a line
 * with no time at all is inside.
 */
export function clipLineToRange(
  coordinates: readonly number[][],
  times: ArrayLike<number>,
  range: TimeSpan,
): [number, number][][] {
  const pieces: [number, number][][] = [];
  let current: [number, number][] | null = null;
  const n = Math.min(coordinates.length, times.length);
  for (let k = 0; k + 1 < n; k++) {
    let ta = times[k]!;
    let tb = times[k + 1]!;
    if (Number.isNaN(ta)) ta = tb;
    if (Number.isNaN(tb)) tb = ta;
    let u0: number;
    let u1: number;
    if (Number.isNaN(ta) || ta === tb) {
      const inside = Number.isNaN(ta) || (ta >= range.start && ta <= range.end);
      if (!inside) {
        current = null;
        continue;
      }
      u0 = 0;
      u1 = 1;
    } else {
      const us = (range.start - ta) / (tb - ta);
      const ue = (range.end - ta) / (tb - ta);
      u0 = Math.max(0, Math.min(us, ue));
      u1 = Math.min(1, Math.max(us, ue));
      if (u0 > u1) {
        current = null;
        continue;
      }
    }
    const a = coordinates[k]!;
    const b = coordinates[k + 1]!;
    const p0 = lerp(a, b, u0);
    const p1 = lerp(a, b, u1);
    if (current && u0 === 0) {
      current.push(p1);
    } else {
      current = [p0, p1];
      pieces.push(current);
    }
    if (u1 < 1) current = null;
  }
  return pieces;
}

function lerp(a: readonly number[], b: readonly number[], u: number): [number, number] {
  if (u <= 0) return [a[0]!, a[1]!];
  if (u >= 1) return [b[0]!, b[1]!];
  return [a[0]! + (b[0]! - a[0]!) * u, a[1]! + (b[1]! - a[1]!) * u];
}
