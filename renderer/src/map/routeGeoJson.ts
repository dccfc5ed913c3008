/**
 * Turns a source's columnar fixes into GeoJSON for the map: one LineString per track or
 * route segment, one Point per waypoint. Fixes without a valid position (NaN) are skipped,
 * never drawn at 0,0.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { BoundingBox, Source } from '../../../shared/model';

export interface RouteProperties {
  sourceId: string;
  part: number;
  segment: number;
  kind: 'track' | 'route';
}

export interface WaypointProperties {
  sourceId: string;
  name: string;
}

function validPosition(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
  );
}

export function routeLines(source: Source): FeatureCollection<LineString, RouteProperties> {
  const { lat, lon, count } = source.fixes;
  const features: Feature<LineString, RouteProperties>[] = [];
  source.parts.forEach((part, partIndex) => {
    part.segments.forEach((segment, segmentIndex) => {
      const coordinates: [number, number][] = [];
      const end = Math.min(segment.end, count);
      for (let i = Math.max(0, segment.start); i < end; i++) {
        const y = lat[i]!;
        const x = lon[i]!;
        if (validPosition(y, x)) coordinates.push([x, y]);
      }
      if (coordinates.length < 2) return;
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates },
        properties: {
          sourceId: source.id,
          part: partIndex,
          segment: segmentIndex,
          kind: part.kind,
        },
      });
    });
  });
  return { type: 'FeatureCollection', features };
}

/**
 * Positions that belong to no segment (or to a segment of one fix) would otherwise be
 * invisible: they are drawn as dots alongside the waypoints.
 */
function isolatedFixes(source: Source): number[] {
  const { lat, lon, count } = source.fixes;
  const covered = new Uint8Array(count);
  for (const part of source.parts) {
    for (const segment of part.segments) {
      let valid = 0;
      for (let i = segment.start; i < Math.min(segment.end, count); i++) {
        if (validPosition(lat[i]!, lon[i]!)) valid++;
      }
      if (valid < 2) continue;
      covered.fill(1, Math.max(0, segment.start), Math.min(segment.end, count));
    }
  }
  const isolated: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!covered[i] && validPosition(lat[i]!, lon[i]!)) isolated.push(i);
  }
  return isolated;
}

export function waypointPoints(source: Source): FeatureCollection<Point, WaypointProperties> {
  const features: Feature<Point, WaypointProperties>[] = [];
  for (const waypoint of source.waypoints) {
    if (!validPosition(waypoint.lat, waypoint.lon)) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [waypoint.lon, waypoint.lat] },
      properties: { sourceId: source.id, name: waypoint.name ?? '' },
    });
  }
  for (const i of isolatedFixes(source)) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [source.fixes.lon[i]!, source.fixes.lat[i]!] },
      properties: { sourceId: source.id, name: '' },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Bounds of every valid fix and waypoint, or null when the source has no position. */
export function sourceBounds(source: Source): BoundingBox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const include = (y: number, x: number) => {
    if (!validPosition(y, x)) return;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  };
  const { lat, lon, count } = source.fixes;
  for (let i = 0; i < count; i++) include(lat[i]!, lon[i]!);
  for (const w of source.waypoints) include(w.lat, w.lon);
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
