/**
 * Place search and reverse lookup off the UI thread: building the name index over the whole
 * gazetteer takes seconds, and the map must stay responsive meanwhile. Reverse lookup works as
 * soon as the gazetteer is parsed; search once the index is built.
 */
import { parseGazetteer, type GazetteerIndex } from '../../../shared/geo/gazetteer';
import {
  createPlaceSearch,
  mergePlaceSearches,
  type PlaceSearch,
} from '../../../shared/geo/gazetteer-search';
import {
  BASEMAP_NAME_LAYERS,
  TileNameCollector,
  createBasemapSearch,
  type TileFeatureInput,
} from '../../../shared/geo/tile-names';
import { describePoint } from '../../../shared/geo/reverse';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { PlaceSearchRequest, PlaceSearchResponse } from './placeSearchClient';

let gazetteer: GazetteerIndex | null = null;
let search: PlaceSearch | null = null;
/** Names of the basemap on screen, merged into every search while there are any. */
let basemap: { key: string; collector: TileNameCollector; search: PlaceSearch | null } | null =
  null;
const waiting: PlaceSearchRequest[] = [];

const post = (response: PlaceSearchResponse) => self.postMessage(response);

function answer(request: PlaceSearchRequest): void {
  if (request.type === 'describe') {
    post({
      type: 'describe',
      id: request.id,
      description: gazetteer
        ? describePoint(gazetteer, request.lat, request.lon, request.locale)
        : null,
    });
  } else if (request.type === 'search' && search) {
    const started = performance.now();
    const both = basemap?.search ? mergePlaceSearches([search, basemap.search]) : search;
    const results = both.search(request.query, {
      near: request.near,
      limit: request.limit,
      locale: request.locale,
    });
    post({ type: 'search', id: request.id, results, ms: performance.now() - started });
  }
}

async function load(url: string): Promise<void> {
  try {
    const started = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    gazetteer = parseGazetteer(new Uint8Array(await response.arrayBuffer()));
    post({ type: 'status', state: 'indexing', places: gazetteer.count });
    for (const r of waiting.filter((w) => w.type === 'describe')) answer(r);
    search = createPlaceSearch(gazetteer);
    post({
      type: 'status',
      state: 'ready',
      places: gazetteer.count,
      ms: performance.now() - started,
    });
    for (const r of waiting.filter((w) => w.type === 'search')) answer(r);
    waiting.length = 0;
  } catch (err) {
    post({
      type: 'status',
      state: 'failed',
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

/** Names come in view by view; the small basemap index is rebuilt from all of them each time. */
function addBasemapNames(key: string, features: TileFeatureInput[]): void {
  if (basemap?.key !== key) basemap = { key, collector: new TileNameCollector(), search: null };
  if (features.length > 0) {
    basemap.collector.addFeatures(features);
    basemap.search = createBasemapSearch(basemap.collector.names());
  }
  post({ type: 'basemap-names', basemap: key, names: basemap.collector.size });
}

/** The named features of one decompressed vector tile; a corrupt tile gives none. */
function tileFeatures(tile: { z: number; x: number; y: number; data: ArrayBuffer }) {
  const out: TileFeatureInput[] = [];
  try {
    const decoded = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
    for (const layer of BASEMAP_NAME_LAYERS) {
      const content = decoded.layers[layer];
      if (!content) continue;
      for (let i = 0; i < content.length; i++) {
        const feature = content.feature(i);
        if (typeof feature.properties.name !== 'string') continue;
        const f = feature.toGeoJSON(tile.x, tile.y, tile.z);
        out.push({ layer, properties: f.properties, geometry: f.geometry });
      }
    }
  } catch {
    return [];
  }
  return out;
}

self.onmessage = (event: MessageEvent<PlaceSearchRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    void load(request.url);
    return;
  }
  if (request.type === 'basemap-names') {
    addBasemapNames(request.basemap, request.features);
    return;
  }
  if (request.type === 'basemap-tiles') {
    addBasemapNames(request.basemap, request.tiles.flatMap(tileFeatures));
    return;
  }
  const ready = request.type === 'describe' ? gazetteer !== null : search !== null;
  if (ready) answer(request);
  else waiting.push(request);
};
