/**
 * Place names and recurring places. Names come from the offline gazetteer (nearest settlement:
 * approximate). Stops whose centres lie within RECURRING_RADIUS_M of each other, on different
 * visits, are one recurring place, numbered in order of the first visit.
 */
import { haversineM, M_PER_DEG } from '../geo/distance';
import type { Gazetteer, TimelineStop } from './types';

export const RECURRING_RADIUS_M = 150;

export function nameStops(stops: TimelineStop[], gazetteer: Gazetteer | undefined): void {
  if (!gazetteer) return;
  for (const s of stops) {
    const place = gazetteer.nearest(s.lat, s.lon);
    if (place) s.place = place;
  }
}

/** Sets `placeGroup` on stops (in time order) that share a place with another stop. */
export function groupRecurringPlaces(stops: TimelineStop[], radiusM = RECURRING_RADIUS_M): void {
  const live = stops.filter((s) => !s.excluded);
  const parent = live.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  // Grid cells of radiusM in latitude; neighbours within ±1 cell in both axes are compared.
  const cellDeg = radiusM / M_PER_DEG;
  const grid = new Map<string, number[]>();
  const cellOf = (s: TimelineStop): [number, number] => {
    const cy = Math.floor(s.lat / cellDeg);
    const cos = Math.max(0.01, Math.cos((s.lat * Math.PI) / 180));
    return [cy, Math.floor((s.lon * cos) / cellDeg)];
  };
  live.forEach((s, i) => {
    const [cy, cx] = cellOf(s);
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        for (const j of grid.get(`${cy + dy},${cx + dx}`) ?? []) {
          const o = live[j]!;
          if (haversineM(s.lat, s.lon, o.lat, o.lon) <= radiusM) {
            const ri = find(i);
            const rj = find(j);
            if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
          }
        }
    const key = `${cy},${cx}`;
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
  });
  const sizes = new Map<number, number>();
  live.forEach((_, i) => sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1));
  const numbers = new Map<number, number>();
  live.forEach((s, i) => {
    const root = find(i);
    if ((sizes.get(root) ?? 0) < 2) return;
    let n = numbers.get(root);
    if (n === undefined) numbers.set(root, (n = numbers.size + 1));
    s.placeGroup = n;
  });
}
