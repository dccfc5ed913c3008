/**
 * Street and point-of-interest names of the basemap on screen, fed to the place search while
 * the interview screen is open. Two ways in, both cheap:
 *  - the tiles MapLibre has already loaded (`querySourceFeatures`): every basemap kind, no read;
 *  - the basemap file's own street-level tiles (its deepest zoom, at most 14) around the view,
 *    read through the same bridge as the map's (`readBasemapTile` / PMTiles byte ranges) and
 *    decoded in the search worker. A town seen whole at zoom 12 carries only its main roads'
 *    names at that zoom; the witness remembers a side street, so the side streets are read.
 * Each tile is read once per basemap; a switch of basemap starts the list afresh.
 */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ItineraApi } from '../../../shared/api';
import { parseBasemapTileUrl } from '../../../shared/map/basemap-info';
import { BASEMAP_NAME_LAYERS, type TileFeatureInput } from '../../../shared/geo/tile-names';
import { WORLD_SOURCE_ID } from '../../../shared/map/world-schema';
import { registeredArchive } from '../map/basemapProtocol';
import { appPlaceSearch, type PlaceSearchClient } from './placeSearchClient';

/** At most one collection per this long: `idle` fires after every pan and zoom. */
const MIN_INTERVAL_MS = 1200;
/** Street names are complete at zoom 14 in both schemas (OpenMapTiles, Protomaps). */
const NAME_ZOOM = 14;
/** Below this view zoom the street tiles of the view are too many to read. */
const MIN_VIEW_ZOOM = 10.5;
/** Street-level tiles read per settled view, those nearest the centre first. */
const MAX_TILES_PER_VIEW = 48;
const PMTILES_PREFIX = 'pmtiles://itinera-basemap-';

export interface RawTile {
  z: number;
  x: number;
  y: number;
  data: ArrayBuffer;
}

interface TileReader {
  maxZoom: number;
  read(z: number, x: number, y: number): Promise<ArrayBuffer | null>;
}

/** The vector sources that can carry street names, and a key naming the files they read. */
export function nameSources(map: MapLibreMap): { ids: string[]; key: string } {
  const sources = map.getStyle()?.sources ?? {};
  const ids = Object.keys(sources)
    .filter((id) => id !== WORLD_SOURCE_ID && sources[id]?.type === 'vector')
    .sort();
  const key = ids
    .map((id) => {
      const s = sources[id] as { url?: string; tiles?: string[] };
      return `${id}=${s.url ?? (s.tiles ?? []).join(',')}`;
    })
    .join('|');
  return { ids, key };
}

/** Reads a style source's tiles the way the map does: MBTiles by tile, PMTiles by range. */
async function tileReader(
  source: { url?: string; tiles?: string[]; maxzoom?: number },
  api: Pick<ItineraApi, 'readBasemapTile'>,
): Promise<TileReader | null> {
  const template = source.tiles?.[0];
  if (template) {
    const probe = parseBasemapTileUrl(template.replace('{z}', '0').replace(/\{[xy]\}/g, '0'));
    if (!probe) return null;
    return {
      maxZoom: source.maxzoom ?? NAME_ZOOM,
      read: async (z, x, y) => {
        const bytes: unknown = await api.readBasemapTile({ basemapId: probe.basemapId, z, x, y });
        return bytes instanceof ArrayBuffer
          ? bytes
          : ArrayBuffer.isView(bytes)
            ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice().buffer
            : null;
      },
    };
  }
  if (source.url?.startsWith(PMTILES_PREFIX)) {
    const id = decodeURIComponent(source.url.slice(PMTILES_PREFIX.length));
    const archive = registeredArchive(id);
    if (!archive) return null;
    const header = await archive.getHeader();
    return {
      maxZoom: header.maxZoom,
      read: async (z, x, y) => (await archive.getZxy(z, x, y))?.data ?? null,
    };
  }
  return null;
}

/** Tiles at `z` covering the view, nearest the centre first, at most `limit`. */
export function tilesAround(
  bounds: { west: number; south: number; east: number; north: number },
  z: number,
  limit: number,
): { x: number; y: number }[] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    return Math.min(n - 1, Math.max(0, y));
  };
  const [x0, x1, y0, y1] = [tx(bounds.west), tx(bounds.east), ty(bounds.north), ty(bounds.south)];
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const out: { x: number; y: number }[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push({ x, y });
  return out
    .sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))
    .slice(0, limit);
}

/** A feature's identity across `idle`s: the same feature of the same tile is sent once. */
function featureKey(f: TileFeatureInput, name: string): string {
  const first = JSON.stringify(f.geometry.coordinates).slice(0, 60);
  return `${f.layer}|${name}|${f.geometry.type}|${first}`;
}

/** Named features of the loaded tiles not yet in `seen` (which they are added to). */
export function newNamedFeatures(
  map: MapLibreMap,
  sourceIds: readonly string[],
  seen: Set<string>,
): TileFeatureInput[] {
  const out: TileFeatureInput[] = [];
  for (const sourceId of sourceIds) {
    for (const layer of BASEMAP_NAME_LAYERS) {
      let features;
      try {
        features = map.querySourceFeatures(sourceId, {
          sourceLayer: layer,
          filter: ['has', 'name'],
        });
      } catch {
        continue;
      }
      for (const f of features) {
        const name = f.properties?.name;
        if (typeof name !== 'string' || name.trim() === '') continue;
        const geometry = f.geometry as TileFeatureInput['geometry'];
        if (!('coordinates' in geometry)) continue;
        const plain: TileFeatureInput = {
          layer,
          properties: { ...f.properties },
          geometry: { type: geometry.type, coordinates: geometry.coordinates },
        };
        const key = featureKey(plain, name);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(plain);
      }
    }
  }
  return out;
}

/**
 * While `active`, every settled view's named basemap features go to the search worker; a
 * basemap switch starts the list afresh (the old file's streets are no longer on the map).
 */
export function useBasemapNames(
  map: MapLibreMap | undefined,
  active: boolean,
  api: Pick<ItineraApi, 'readBasemapTile'> | undefined,
  client: PlaceSearchClient = appPlaceSearch(),
): void {
  useEffect(() => {
    if (!map || !active) return;
    const seen = new Set<string>();
    const readTiles = new Set<string>();
    let readers: Promise<TileReader | null>[] = [];
    let basemapKey = '';
    let last = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const readStreetTiles = async (key: string) => {
      if (map.getZoom() < MIN_VIEW_ZOOM) return;
      const b = map.getBounds();
      const bounds = {
        west: b.getWest(),
        south: b.getSouth(),
        east: b.getEast(),
        north: b.getNorth(),
      };
      for (const [i, pending] of readers.entries()) {
        const reader = await pending.catch(() => null);
        if (!reader || stopped || key !== basemapKey) continue;
        const z = Math.min(reader.maxZoom, NAME_ZOOM);
        const wanted = tilesAround(bounds, z, MAX_TILES_PER_VIEW).filter(
          (t) => !readTiles.has(`${i}/${z}/${t.x}/${t.y}`),
        );
        const tiles: RawTile[] = [];
        for (const t of wanted) {
          readTiles.add(`${i}/${z}/${t.x}/${t.y}`);
          const data = await reader.read(z, t.x, t.y).catch(() => null);
          if (stopped || key !== basemapKey) return;
          if (data && data.byteLength > 0) tiles.push({ z, x: t.x, y: t.y, data });
        }
        if (tiles.length > 0) client.addBasemapTiles(key, tiles);
      }
    };

    const collect = () => {
      timer = undefined;
      last = performance.now();
      if (!map.style || stopped) return;
      const { ids, key } = nameSources(map);
      const switched = key !== basemapKey;
      if (switched) {
        basemapKey = key;
        seen.clear();
        readTiles.clear();
        const sources = map.getStyle().sources;
        readers = api
          ? ids.map((id) => tileReader(sources[id] as { url?: string; tiles?: string[] }, api))
          : [];
      }
      const features = newNamedFeatures(map, ids, seen);
      // A switch is sent even without names: the worker then forgets the previous basemap's.
      if (switched || features.length > 0) client.addBasemapNames(key, features);
      void readStreetTiles(key);
    };
    const onIdle = () => {
      if (timer !== undefined) return;
      const wait = Math.max(0, MIN_INTERVAL_MS - (performance.now() - last));
      timer = setTimeout(collect, wait);
    };
    map.on('idle', onIdle);
    // The view may have settled before the screen opened.
    if (map.loaded()) onIdle();
    return () => {
      stopped = true;
      map.off('idle', onIdle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [map, active, api, client]);
}
