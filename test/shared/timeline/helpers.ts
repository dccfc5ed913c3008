/** Small hand-made sources for timeline tests. Positions in metres east/north of an origin. */
import { M_PER_DEG } from '../../../shared/geo/distance';
import type { Source, SourceKind } from '../../../shared/model';

export const T0 = Date.UTC(2024, 5, 1, 8, 0, 0);
export const ORIGIN = { lat: 51.0, lon: 3.0 };
export const MIN = 60_000;

/** A position `east`/`north` metres from ORIGIN. */
export function at(east: number, north: number): { lat: number; lon: number } {
  return {
    lat: ORIGIN.lat + north / M_PER_DEG,
    lon: ORIGIN.lon + east / (M_PER_DEG * Math.cos((ORIGIN.lat * Math.PI) / 180)),
  };
}

export interface Fix {
  t: number;
  east: number;
  north: number;
}

export function source(
  id: string,
  kind: SourceKind,
  fixes: Fix[],
  extra: Partial<Source> = {},
): Source {
  const n = fixes.length;
  const t = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  fixes.forEach((f, i) => {
    const p = at(f.east, f.north);
    t[i] = f.t;
    lat[i] = p.lat;
    lon[i] = p.lon;
  });
  return columnsSource(id, kind, 'test', { t, lat, lon }, extra);
}

/** A single-track Source over ready columns, with placeholder stats (the derivation ignores them). */
export function columnsSource(
  id: string,
  kind: SourceKind,
  format: string,
  columns: { t: Float64Array; lat: Float64Array; lon: Float64Array },
  extra: Partial<Source> = {},
): Source {
  const n = columns.t.length;
  return {
    id,
    kind,
    format,
    label: id,
    files: [],
    clock: { offsetMs: 0 },
    fixes: { count: n, ...columns },
    fixTimeBasis: new Uint8Array(n).fill(1),
    parts: [{ kind: 'track', segments: [{ start: 0, end: n }] }],
    waypoints: [],
    stats: {
      points: n,
      tracks: 1,
      segments: 1,
      routes: 0,
      waypoints: 0,
      first: null,
      last: null,
      timeBases: {},
    },
    issues: [],
    ...extra,
  };
}

/** Fixes every `stepS` seconds from `fromMin` to `toMin` (minutes after T0), moving linearly. */
export function leg(
  fromMin: number,
  toMin: number,
  stepS: number,
  from: [number, number],
  to: [number, number],
): Fix[] {
  const out: Fix[] = [];
  const total = (toMin - fromMin) * 60;
  for (let s = 0; s <= total; s += stepS) {
    const f = total === 0 ? 0 : s / total;
    out.push({
      t: T0 + fromMin * MIN + s * 1000,
      east: from[0] + (to[0] - from[0]) * f,
      north: from[1] + (to[1] - from[1]) * f,
    });
  }
  return out;
}

/** Drive, stop 20 min at 5 km east, drive on: a tracker at 10 s. */
export function driveWithStop(): Fix[] {
  return [
    ...leg(0, 10, 10, [0, 0], [5000, 0]),
    ...leg(10, 30, 10, [5000, 0], [5000, 0]).slice(1),
    ...leg(30, 40, 10, [5000, 0], [10000, 0]).slice(1),
  ];
}
