/**
 * Turns a source's columnar fixes into GeoJSON for the map: one LineString per track or
 * route segment, one Point per waypoint. Fixes without a valid position (NaN) are skipped,
 * never drawn at 0,0. Long tracks are drawn through a level of detail (shared/geo/routeLod).
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { BoundingBox, Source } from '../../../shared/model';
import { fixBounds, unionBounds, validPosition } from '../../../shared/geo/bounds';
import {
  forEachLodRun,
  routeRuns,
  type LodView,
  type RouteLod,
  type RouteRuns,
} from '../../../shared/geo/routeLod';

export interface RouteProperties {
  sourceId: string;
  part: number;
  segment: number;
  kind: 'track' | 'route';
}

export interface WaypointProperties {
  sourceId: string;
  name: string;
  /** UTC ms, for dimming outside the time window; absent when the point has no time. */
  t?: number;
}

/**
 * Every valid fix of every segment, as one LineString each. Exact but heavy for long tracks:
 * the map draws `routeLinesForView` instead; this serves exports and tests.
 */
export function routeLines(source: Source): FeatureCollection<LineString, RouteProperties> {
  const runs = routeRuns(source.fixes, source.parts);
  const { lat, lon } = source.fixes;
  const features: Feature<LineString, RouteProperties>[] = [];
  for (let r = 0; r + 1 < runs.runStart.length; r++) {
    const coordinates: [number, number][] = [];
    for (let k = runs.runStart[r]!; k < runs.runStart[r + 1]!; k++) {
      const i = runs.order[k]!;
      coordinates.push([lon[i]!, lat[i]!]);
    }
    features.push(lineFeature(source, runs, r, coordinates));
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The lines to draw for one view of the map (see `planLodView`): coordinates are built for
 * the kept points only, so a million-fix track never becomes a million arrays at once.
 */
export function routeLinesForView(
  source: Source,
  lod: RouteLod,
  view: LodView,
): FeatureCollection<LineString, RouteProperties> {
  const { lat, lon } = source.fixes;
  const features: Feature<LineString, RouteProperties>[] = [];
  forEachLodRun(lod, source.fixes, view, (r, kept, length) => {
    const coordinates: [number, number][] = new Array(length);
    for (let j = 0; j < length; j++) {
      const i = lod.order[kept[j]!]!;
      coordinates[j] = [lon[i]!, lat[i]!];
    }
    features.push(lineFeature(source, lod, r, coordinates));
  });
  return { type: 'FeatureCollection', features };
}

/** A drawn route line cut into pieces of at most this many vertices, each with its time span. */
export const CHUNK_VERTICES = 256;

export interface RouteChunkProperties extends RouteProperties {
  /** Earliest and latest time of the chunk's vertices (UTC ms); absent when none has a time. */
  t0?: number;
  t1?: number;
}

/**
 * The lines of one view cut into chunks (consecutive chunks share their joining vertex, so
 * the line stays continuous), each a feature with a numeric id and its time span, plus the
 * time of every drawn vertex. The time window then dims whole chunks through feature state
 * and re-cuts only the few chunks it crosses — never the whole line on each drag.
 */
export interface RouteChunks {
  lines: FeatureCollection<LineString, RouteChunkProperties>;
  /** Per chunk, like the properties (NaN when no vertex has a time). */
  t0: Float64Array;
  t1: Float64Array;
  /** Chunk c's vertex times are times[vertexStart[c] .. vertexStart[c + 1]). */
  vertexStart: Int32Array;
  times: Float64Array;
}

export function routeChunksForView(
  source: Source,
  lod: RouteLod,
  view: LodView,
  chunkVertices = CHUNK_VERTICES,
): RouteChunks {
  const { lat, lon, t } = source.fixes;
  const size = Math.max(2, chunkVertices);
  const features: Feature<LineString, RouteChunkProperties>[] = [];
  const t0: number[] = [];
  const t1: number[] = [];
  const vertexStart: number[] = [0];
  const times: number[] = [];
  forEachLodRun(lod, source.fixes, view, (r, kept, length) => {
    const base = lineFeature(source, lod, r, []);
    for (let from = 0; from < length - 1; from += size - 1) {
      const to = Math.min(length, from + size);
      const coordinates: [number, number][] = new Array(to - from);
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = from; j < to; j++) {
        const i = lod.order[kept[j]!]!;
        coordinates[j - from] = [lon[i]!, lat[i]!];
        const ti = t[i]!;
        times.push(ti);
        if (ti < lo) lo = ti;
        if (ti > hi) hi = ti;
      }
      const timed = lo <= hi;
      const properties: RouteChunkProperties = timed
        ? { ...base.properties, t0: lo, t1: hi }
        : { ...base.properties };
      features.push({
        type: 'Feature',
        id: features.length,
        geometry: { type: 'LineString', coordinates },
        properties,
      });
      t0.push(timed ? lo : NaN);
      t1.push(timed ? hi : NaN);
      vertexStart.push(times.length);
    }
  });
  return {
    lines: { type: 'FeatureCollection', features },
    t0: Float64Array.from(t0),
    t1: Float64Array.from(t1),
    vertexStart: Int32Array.from(vertexStart),
    times: Float64Array.from(times),
  };
}

export const EMPTY_CHUNKS: RouteChunks = {
  lines: { type: 'FeatureCollection', features: [] },
  t0: new Float64Array(0),
  t1: new Float64Array(0),
  vertexStart: new Int32Array(1),
  times: new Float64Array(0),
};

export const EMPTY_LINES: FeatureCollection<LineString, RouteProperties> = {
  type: 'FeatureCollection',
  features: [],
};

function lineFeature(
  source: Source,
  runs: RouteRuns,
  run: number,
  coordinates: [number, number][],
): Feature<LineString, RouteProperties> {
  const part = runs.runPart[run]!;
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates },
    properties: {
      sourceId: source.id,
      part,
      segment: runs.runSegment[run]!,
      kind: source.parts[part]?.kind ?? 'track',
    },
  };
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
      properties: withTime({ sourceId: source.id, name: waypoint.name ?? '' }, waypoint.t),
    });
  }
  for (const i of isolatedFixes(source)) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [source.fixes.lon[i]!, source.fixes.lat[i]!] },
      properties: withTime({ sourceId: source.id, name: '' }, source.fixes.t[i]),
    });
  }
  return { type: 'FeatureCollection', features };
}

function withTime(properties: WaypointProperties, t: number | undefined): WaypointProperties {
  return t !== undefined && Number.isFinite(t) ? { ...properties, t } : properties;
}

/**
 * Bounds by source. Sources are never changed in place (an edit makes a new object), and a
 * million-fix source takes ~90 ms to scan: every fit after the first is free.
 */
const boundsCache = new WeakMap<Source, BoundingBox | null>();

/** Bounds of every valid fix, waypoint and placed photo, or null when the source has no position. */
export function sourceBounds(source: Source): BoundingBox | null {
  const cached = boundsCache.get(source);
  if (cached !== undefined) return cached;
  const bounds = scanSourceBounds(source);
  boundsCache.set(source, bounds);
  return bounds;
}

function scanSourceBounds(source: Source): BoundingBox | null {
  // Photos with a position count too, so importing a folder of photos fits the map to them.
  const photos = (source.photos ?? []).filter(
    (p): p is typeof p & { lat: number; lon: number } => p.lat !== undefined && p.lon !== undefined,
  );
  return fixBounds(
    source.fixes,
    photos.length ? [...source.waypoints, ...photos] : source.waypoints,
  );
}

export { unionBounds };
