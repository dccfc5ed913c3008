/** Summary figures of a read file, for the sources panel. */
import { TIME_BASES, type SourceStats, type TimeBasis } from '../model';
import type { ReaderResult } from './reader';

/**
 * `first`/`last` are the earliest and latest fix times (not the first and last in file order,
 * which need not be chronological); waypoint times are not fixes and are not included.
 * `segments` counts the segments of tracks; a route is one path and counts as a route.
 */
export function computeStats(r: ReaderResult): SourceStats {
  const { fixes, fixTimeBasis } = r;
  let first = Infinity;
  let last = -Infinity;
  const perBasis = new Array<number>(TIME_BASES.length).fill(0);
  for (let i = 0; i < fixes.count; i++) {
    const t = fixes.t[i]!;
    if (t < first) first = t;
    if (t > last) last = t;
    const b = fixTimeBasis[i]!;
    perBasis[b] = (perBasis[b] ?? 0) + 1;
  }
  const timeBases: Partial<Record<TimeBasis, number>> = {};
  perBasis.forEach((n, code) => {
    if (n > 0) timeBases[TIME_BASES[code] ?? 'none'] = n;
  });
  let tracks = 0;
  let routes = 0;
  let segments = 0;
  for (const p of r.parts) {
    if (p.kind === 'track') {
      tracks++;
      segments += p.segments.length;
    } else {
      routes++;
    }
  }
  return {
    points: fixes.count,
    tracks,
    segments,
    routes,
    waypoints: r.waypoints.length,
    first: first === Infinity ? null : first,
    last: last === -Infinity ? null : last,
    timeBases,
  };
}
