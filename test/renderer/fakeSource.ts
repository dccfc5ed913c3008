import type { Source } from '../../shared/model';

/** A small Source built by hand, with NaN holes where a parser would leave them. */
export function fakeSource(
  id: string,
  points: [lat: number, lon: number, t: number][],
  segments: [number, number][] = [[0, points.length]],
): Source {
  const n = points.length;
  const lat = new Float64Array(points.map((p) => p[0]));
  const lon = new Float64Array(points.map((p) => p[1]));
  const t = new Float64Array(points.map((p) => p[2]));
  const times = points.map((p) => p[2]).filter(Number.isFinite);
  return {
    id,
    kind: 'track',
    format: 'gpx',
    label: id,
    files: [{ name: `${id}.gpx`, size: 1234, sha256: 'a'.repeat(64) }],
    clock: { offsetMs: 0 },
    fixes: { count: n, t, lat, lon },
    fixTimeBasis: new Uint8Array(n).fill(1),
    parts: [{ kind: 'track', segments: segments.map(([start, end]) => ({ start, end })) }],
    waypoints: [],
    stats: {
      points: n,
      tracks: 1,
      segments: segments.length,
      routes: 0,
      waypoints: 0,
      first: times.length ? Math.min(...times) : null,
      last: times.length ? Math.max(...times) : null,
      timeBases: { utc: n },
    },
    issues: [],
  };
}
