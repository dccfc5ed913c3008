/**
 * Cuts the basemap layers into Mapbox Vector Tiles for every zoom up to `maxZoom`: polygons and
 * lines with geojson-vt, places bucketed directly (a point belongs to exactly one tile, and each
 * place only from its own `minzoom` on). Only tiles with content are produced: the open sea is
 * the style's background.
 */
import GeoJSONVT from 'geojson-vt';
import type { FeatureCollection } from 'geojson';
import vtpbf from 'vt-pbf';
import type { Place } from './places';

export const TILE_EXTENT = 4096;

export interface GeometryLayer {
  name: string;
  data: FeatureCollection;
  /** geojson-vt simplification tolerance, in tile-extent units (1/4096 of a tile). */
  tolerance: number;
}

export interface RawTile {
  z: number;
  x: number;
  y: number;
  /** Uncompressed MVT. */
  pbf: Uint8Array;
}

interface PointFeature {
  type: 1;
  geometry: [[number, number]];
  tags: Record<string, unknown>;
}

const key = (z: number, x: number, y: number) => `${z}/${x}/${y}`;

type Ring = [number, number][];

/** Twice the signed area in tile coordinates (y down): positive for a ring clockwise on screen. */
function signedArea2(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return sum;
}

/**
 * MVT 2.1: the exterior ring is clockwise, holes anticlockwise, and MapLibre starts a new polygon at
 * every ring wound like the first one, so one mis-wound ring turns islands into holes and floods a
 * tile (seen before the antimeridian fix in natural-earth.ts). Enforced here rather than trusted:
 * every feature is one polygon (natural-earth.ts splits them), so its first ring is the exterior.
 */
export function windPolygon(rings: Ring[]): Ring[] {
  return rings.map((ring, i) => {
    const clockwise = signedArea2(ring) > 0;
    return clockwise === (i === 0) ? ring : [...ring].reverse();
  });
}

interface TileFeatureLike {
  type: number;
  geometry: unknown;
}

function withMvtWinding(features: readonly TileFeatureLike[]): TileFeatureLike[] {
  return features.map((f) =>
    f.type === 3 ? { ...f, geometry: windPolygon(f.geometry as Ring[]) } : f,
  );
}

function bucketPlaces(places: readonly Place[], maxZoom: number): Map<string, PointFeature[]> {
  const buckets = new Map<string, PointFeature[]>();
  // Ordered by rank, so inside every tile the most important place comes first.
  const byRank = [...places].sort((a, b) => a.properties.rank - b.properties.rank);
  for (const place of byRank) {
    // A place labelled only from a zoom deeper than the tiles is in the deepest tiles.
    for (let z = Math.min(place.properties.minzoom, maxZoom); z <= maxZoom; z++) {
      const n = 2 ** z;
      const tx = Math.min(n - 1, Math.floor(place.x * n));
      const ty = Math.min(n - 1, Math.floor(place.y * n));
      const px = Math.round((place.x * n - tx) * TILE_EXTENT);
      const py = Math.round((place.y * n - ty) * TILE_EXTENT);
      const k = key(z, tx, ty);
      let bucket = buckets.get(k);
      if (!bucket) buckets.set(k, (bucket = []));
      bucket.push({ type: 1, geometry: [[px, py]], tags: { ...place.properties } });
    }
  }
  return buckets;
}

/** Tiles that hold, or have a descendant that holds, a place. */
function placeAncestry(places: readonly Place[], maxZoom: number): Set<string> {
  const keys = new Set<string>();
  const n = 2 ** maxZoom;
  for (const place of places) {
    const x = Math.min(n - 1, Math.floor(place.x * n));
    const y = Math.min(n - 1, Math.floor(place.y * n));
    for (let z = maxZoom; z >= 0; z--) {
      const k = key(z, x >> (maxZoom - z), y >> (maxZoom - z));
      if (keys.has(k)) break;
      keys.add(k);
    }
  }
  return keys;
}

export function* cutTiles(
  layers: readonly GeometryLayer[],
  places: readonly Place[],
  placesLayerName: string,
  maxZoom: number,
): Generator<RawTile> {
  const indexes = layers.map((layer) => ({
    name: layer.name,
    index: new GeoJSONVT(layer.data, {
      maxZoom,
      indexMaxZoom: 4,
      indexMaxPoints: 100_000,
      tolerance: layer.tolerance,
      extent: TILE_EXTENT,
      buffer: 64,
    }),
  }));
  const placeTiles = bucketPlaces(places, maxZoom);
  const withPlacesBelow = placeAncestry(places, maxZoom);

  // Depth-first, so geojson-vt's cache of parent tiles is reused while still warm.
  const stack: [number, number, number][] = [[0, 0, 0]];
  while (stack.length > 0) {
    const [z, x, y] = stack.pop()!;
    const content: Record<string, { features: readonly unknown[] }> = {};
    let hasGeometry = false;
    for (const { name, index } of indexes) {
      const tile = index.getTile(z, x, y);
      if (tile && tile.features.length > 0) {
        content[name] = { features: withMvtWinding(tile.features) };
        hasGeometry = true;
      }
    }
    const placeFeatures = placeTiles.get(key(z, x, y));
    if (placeFeatures) content[placesLayerName] = { features: placeFeatures };

    if (hasGeometry || placeFeatures) {
      yield { z, x, y, pbf: vtpbf.fromGeojsonVt(content, { version: 2, extent: TILE_EXTENT }) };
    }
    if (z < maxZoom && (hasGeometry || withPlacesBelow.has(key(z, x, y)))) {
      for (const [dx, dy] of [
        [1, 1],
        [0, 1],
        [1, 0],
        [0, 0],
      ] as const) {
        stack.push([z + 1, 2 * x + dx, 2 * y + dy]);
      }
    }
  }
}
