/** Valid positions and their bounding boxes. NaN or out-of-range positions are never counted. */
import type { BoundingBox, FixColumns } from '../model';

export function validPosition(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
  );
}

/** Bounds of every valid fix and extra position, or null when there is none. */
export function fixBounds(
  fixes: Pick<FixColumns, 'lat' | 'lon' | 'count'>,
  extra: readonly { lat: number; lon: number }[] = [],
): BoundingBox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const { lat, lon, count } = fixes;
  const n = Math.min(count, lat.length, lon.length);
  for (let i = 0; i < n; i++) {
    const y = lat[i]!;
    const x = lon[i]!;
    if (!validPosition(y, x)) continue;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  for (const p of extra) {
    if (!validPosition(p.lat, p.lon)) continue;
    if (p.lon < west) west = p.lon;
    if (p.lon > east) east = p.lon;
    if (p.lat < south) south = p.lat;
    if (p.lat > north) north = p.lat;
  }
  return west === Infinity ? null : { west, south, east, north };
}

export function unionBounds(boxes: readonly (BoundingBox | null)[]): BoundingBox | null {
  let result: BoundingBox | null = null;
  for (const box of boxes) {
    if (!box) continue;
    result = result
      ? {
          west: Math.min(result.west, box.west),
          south: Math.min(result.south, box.south),
          east: Math.max(result.east, box.east),
          north: Math.max(result.north, box.north),
        }
      : { ...box };
  }
  return result;
}

/** Whether a position lies in a box; boxes reaching past ±180° (a wrapped map view) wrap. */
export function boxContains(box: BoundingBox, lat: number, lon: number): boolean {
  if (lat < box.south || lat > box.north) return false;
  if (box.east - box.west >= 360) return true;
  return (
    (lon >= box.west && lon <= box.east) ||
    (lon + 360 >= box.west && lon + 360 <= box.east) ||
    (lon - 360 >= box.west && lon - 360 <= box.east)
  );
}
