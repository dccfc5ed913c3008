/**
 * Street, point-of-interest and locality names carried by a loaded vector basemap, made
 * searchable next to the gazetteer: a witness remembers "Moorweg" or "the ALDI", not a
 * GeoNames settlement. Reads decoded vector-tile features in the Protomaps (`roads`, `pois`,
 * `places`, `physical_point`) and OpenMapTiles (`transportation_name`, `poi`, `place`,
 * `water_name`, `park`, `mountain_peak`, `aerodrome_label`) schemas. A street cut into many
 * segments and tiles becomes one entry: same name and category within a kilometre merge.
 */
import { haversineM } from './distance';
import {
  mergePlaceSearches,
  rankScore,
  type PlaceSearch,
  type PlaceSearchOptions,
  type PlaceSearchResult,
} from './gazetteer-search';
import { foldName } from './gazetteer-search-fold';
import { NameSearchIndex } from './gazetteer-search-index';

export type BasemapNameCategory = 'street' | 'poi' | 'place' | 'feature';

/** A decoded feature with lon/lat GeoJSON geometry (e.g. `VectorTileFeature.toGeoJSON(x, y, z)`). */
export interface TileFeatureInput {
  layer: string;
  properties: Readonly<Record<string, unknown>> | null;
  /** Geometry collections (no `coordinates`) are skipped. */
  geometry: { type: string; coordinates?: unknown };
}

export interface BasemapName {
  name: string;
  /** Every distinct name the features carried (`name`, `name_de`, `name:en` …), `name` first. */
  names: string[];
  category: BasemapNameCategory;
  /** The schema's class or kind, e.g. `residential`, `supermarket`, `suburb`. */
  kind: string;
  layer: string;
  /** A point on the feature: the middle of its longest stretch for a street. */
  lat: number;
  lon: number;
  /** West, south, east, north of everything merged into this entry. */
  bbox: [number, number, number, number];
  population: number;
}

const LAYER_CATEGORY: Readonly<Record<string, BasemapNameCategory>> = {
  // Protomaps
  roads: 'street',
  pois: 'poi',
  places: 'place',
  physical_point: 'feature',
  physical_line: 'feature',
  // OpenMapTiles
  transportation_name: 'street',
  poi: 'poi',
  place: 'place',
  water_name: 'feature',
  park: 'feature',
  mountain_peak: 'feature',
  aerodrome_label: 'poi',
};

/** The source layers, in either schema, whose features carry names worth searching. */
export const BASEMAP_NAME_LAYERS: readonly string[] = Object.keys(LAYER_CATEGORY);

const NAME_KEYS = [
  'name',
  'name:latin',
  'name_int',
  'name_en',
  'name_de',
  'name:en',
  'name:nl',
  'name:fr',
  'name:de',
];
const KIND_KEYS = ['pmap:kind_detail', 'kind_detail', 'subclass', 'pmap:kind', 'kind', 'class'];
/** Pieces of one street further apart than this are different streets of the same name. */
const MERGE_DISTANCE_M = 1000;

type Position = [number, number];

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) &&
  typeof p[0] === 'number' &&
  typeof p[1] === 'number' &&
  Number.isFinite(p[0]) &&
  Number.isFinite(p[1]);

function lineLength(line: Position[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++)
    total += haversineM(line[i - 1]![1], line[i - 1]![0], line[i]![1], line[i]![0]);
  return total;
}

/** The point half way along a line. */
function midpoint(line: Position[]): Position {
  const half = lineLength(line) / 2;
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const step = haversineM(a[1], a[0], b[1], b[0]);
    if (walked + step >= half && step > 0) {
      const f = (half - walked) / step;
      return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
    }
    walked += step;
  }
  return line[0]!;
}

/** A representative point, how much feature it stands for (metres of line), and all points. */
function represent(
  geometry: TileFeatureInput['geometry'],
): { at: Position; weight: number; points: Position[] } | null {
  const c = geometry.coordinates;
  const lines = (value: unknown): Position[][] =>
    Array.isArray(value)
      ? value.filter(
          (l): l is Position[] => Array.isArray(l) && l.every(isPosition) && l.length > 0,
        )
      : [];
  switch (geometry.type) {
    case 'Point':
      return isPosition(c) ? { at: c, weight: 0, points: [c] } : null;
    case 'MultiPoint': {
      const points = Array.isArray(c) ? c.filter(isPosition) : [];
      return points.length ? { at: points[0]!, weight: 0, points } : null;
    }
    case 'LineString':
    case 'MultiLineString': {
      const parts = geometry.type === 'LineString' ? lines([c]) : lines(c);
      if (!parts.length) return null;
      const lengths = parts.map(lineLength);
      const longest = lengths.indexOf(Math.max(...lengths));
      return {
        at: midpoint(parts[longest]!),
        weight: lengths.reduce((a, b) => a + b, 0),
        points: parts.flat(),
      };
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const rings =
        geometry.type === 'Polygon'
          ? lines(c).slice(0, 1)
          : (Array.isArray(c) ? c : []).flatMap((p) => lines(p).slice(0, 1));
      if (!rings.length) return null;
      const ring = rings.reduce((a, b) => (b.length > a.length ? b : a));
      const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
      const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
      return { at: [lon, lat], weight: 0, points: rings.flat() };
    }
    default:
      return null;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function distanceToBox(lat: number, lon: number, box: BasemapName['bbox']): number {
  const clampedLon = Math.min(box[2], Math.max(box[0], lon));
  const clampedLat = Math.min(box[3], Math.max(box[1], lat));
  return haversineM(lat, lon, clampedLat, clampedLon);
}

interface Entry extends BasemapName {
  weight: number;
}

/** Collects named features tile by tile; `names()` gives the merged list to search. */
export class TileNameCollector {
  private readonly groups = new Map<string, Entry[]>();
  private count = 0;

  /** Adds one tile's features; returns how many carried a usable name. */
  addFeatures(features: Iterable<TileFeatureInput>): number {
    let added = 0;
    for (const feature of features) if (this.addFeature(feature)) added++;
    return added;
  }

  get size(): number {
    return this.count;
  }

  private addFeature(feature: TileFeatureInput): boolean {
    const category = LAYER_CATEGORY[feature.layer];
    if (!category) return false;
    const props = feature.properties ?? {};
    const names = [...new Set(NAME_KEYS.map((k) => text(props[k])).filter((n) => n !== ''))];
    const name = names[0];
    if (!name) return false;
    const shape = represent(feature.geometry);
    if (!shape) return false;
    const kind = KIND_KEYS.map((k) => text(props[k])).find((k) => k !== '') ?? '';
    const population =
      typeof props.population === 'number' && props.population > 0 ? props.population : 0;
    const [lon, lat] = shape.at;
    const key = `${category}|${foldName(name)}`;
    const group = this.groups.get(key) ?? [];
    this.groups.set(key, group);
    const near = group.find((e) =>
      shape.points.some((p) => distanceToBox(p[1], p[0], e.bbox) <= MERGE_DISTANCE_M),
    );
    if (near) {
      for (const p of shape.points) {
        near.bbox[0] = Math.min(near.bbox[0], p[0]);
        near.bbox[1] = Math.min(near.bbox[1], p[1]);
        near.bbox[2] = Math.max(near.bbox[2], p[0]);
        near.bbox[3] = Math.max(near.bbox[3], p[1]);
      }
      for (const n of names) if (!near.names.includes(n)) near.names.push(n);
      near.population = Math.max(near.population, population);
      if (shape.weight > near.weight) {
        near.weight = shape.weight;
        near.lat = lat;
        near.lon = lon;
      }
      return true;
    }
    const bbox: BasemapName['bbox'] = [lon, lat, lon, lat];
    for (const p of shape.points) {
      bbox[0] = Math.min(bbox[0], p[0]);
      bbox[1] = Math.min(bbox[1], p[1]);
      bbox[2] = Math.max(bbox[2], p[0]);
      bbox[3] = Math.max(bbox[3], p[1]);
    }
    group.push({
      name,
      names,
      category,
      kind,
      layer: feature.layer,
      lat,
      lon,
      bbox,
      population,
      weight: shape.weight,
    });
    this.count++;
    return true;
  }

  /** The merged entries, in a stable order (by category, name, then position). */
  names(): BasemapName[] {
    const out: BasemapName[] = [];
    for (const group of this.groups.values()) {
      for (const { weight: _weight, ...entry } of group)
        out.push({ ...entry, names: [...entry.names], bbox: [...entry.bbox] });
    }
    return out.sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        a.lat - b.lat ||
        a.lon - b.lon,
    );
  }
}

/** A search over basemap names whose results merge with the gazetteer's (`source: 'basemap'`). */
export function createBasemapSearch(
  entries: readonly BasemapName[],
  now: () => number = Date.now,
): PlaceSearch {
  const started = now();
  const index = new NameSearchIndex(entries, now);
  const buildMs = now() - started;
  return {
    buildMs,
    size: entries.length,
    search(query: string, options: PlaceSearchOptions = {}): PlaceSearchResult[] {
      const ranked = index.lookup(query).map((hit) => {
        const e = entries[hit.record]!;
        return { hit, e, ...rankScore(hit.quality, e.population, e.lat, e.lon, options.near) };
      });
      ranked.sort((a, b) => b.score - a.score || a.hit.record - b.hit.record);
      return ranked.slice(0, options.limit ?? 10).map(({ hit, e, score, distanceKm }) => ({
        source: 'basemap',
        name: e.name,
        matchedName: e.names[hit.nameIndex] ?? e.name,
        matchedBy: hit.matchedBy,
        editDistance: hit.editDistance,
        country: '',
        countryName: '',
        admin1: '',
        kind: e.kind ? `${e.category}:${e.kind}` : e.category,
        lat: e.lat,
        lon: e.lon,
        population: e.population,
        ...(distanceKm !== undefined ? { distanceKm } : {}),
        score: Math.round(score * 1000) / 1000,
      }));
    },
  };
}

export { mergePlaceSearches };
