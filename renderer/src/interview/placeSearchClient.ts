/**
 * The interview screen's side of the place search worker: searches are answered latest first
 * (a keystroke makes the previous query's answer stale, and a stale answer is dropped), reverse
 * lookups each get their answer. One worker serves the whole app, started on first use.
 */
import type { PlaceSearchResult } from '../../../shared/geo/gazetteer-search';
import type { TileFeatureInput } from '../../../shared/geo/tile-names';
import type { PointDescription } from '../../../shared/geo/reverse';
import type { Locale } from '../../../shared/i18n';
import { bundledGazetteerUrl } from '../timeline/gazetteerLoader';

export type PlaceSearchRequest =
  | { type: 'load'; url: string }
  | {
      type: 'search';
      id: number;
      query: string;
      near?: { lat: number; lon: number; radiusKm?: number };
      limit: number;
      locale: Locale;
    }
  | { type: 'describe'; id: number; lat: number; lon: number; locale: Locale }
  /** Named features of a basemap's loaded tiles; another `basemap` key drops the earlier names. */
  | { type: 'basemap-names'; basemap: string; features: TileFeatureInput[] }
  /** Raw vector tiles of that basemap, decoded in the worker. */
  | {
      type: 'basemap-tiles';
      basemap: string;
      tiles: { z: number; x: number; y: number; data: ArrayBuffer }[];
    };

export type SearchStatus =
  | { state: 'loading' }
  | { state: 'indexing'; places: number }
  | { state: 'ready'; places: number; ms: number }
  | { state: 'failed'; message: string };

export type PlaceSearchResponse =
  | ({ type: 'status' } & SearchStatus)
  | { type: 'search'; id: number; results: PlaceSearchResult[]; ms: number }
  | { type: 'describe'; id: number; description: PointDescription | null }
  | { type: 'basemap-names'; basemap: string; names: number };

export interface SearchAnswer {
  results: PlaceSearchResult[];
  /** Time the search itself took in the worker, ms. */
  ms: number;
}

export interface PlaceSearchClient {
  /** Resolves with the answer, or null when a newer search made this one stale. */
  search(
    query: string,
    options: {
      near?: { lat: number; lon: number; radiusKm?: number };
      limit?: number;
      locale: Locale;
    },
  ): Promise<SearchAnswer | null>;
  describe(lat: number, lon: number, locale: Locale): Promise<PointDescription | null>;
  status(): SearchStatus;
  onStatus(listener: (status: SearchStatus) => void): () => void;
  /** Adds named features of the basemap `basemap` (its files) to what the search finds. */
  addBasemapNames(basemap: string, features: TileFeatureInput[]): void;
  /** Adds the names in raw vector tiles (decompressed) of the basemap `basemap`. */
  addBasemapTiles(
    basemap: string,
    tiles: { z: number; x: number; y: number; data: ArrayBuffer }[],
  ): void;
  /** How many merged street, POI and place names the current basemap has given. */
  basemapNames(): number;
  onBasemapNames(listener: (names: number) => void): () => void;
}

export function createPlaceSearchClient(
  url: string | null,
  makeWorker: () => Worker | null = defaultWorker,
): PlaceSearchClient {
  let status: SearchStatus = url
    ? { state: 'loading' }
    : { state: 'failed', message: 'no gazetteer' };
  const listeners = new Set<(s: SearchStatus) => void>();
  const nameListeners = new Set<(n: number) => void>();
  let basemapNames = 0;
  let worker: Worker | null | undefined;
  let nextId = 1;
  let latestSearch = 0;
  const pending = new Map<number, (response: PlaceSearchResponse | null) => void>();
  const searchIds = new Set<number>();

  const setStatus = (s: SearchStatus) => {
    status = s;
    for (const l of listeners) l(s);
  };

  const ensure = (): Worker | null => {
    if (worker !== undefined) return worker;
    worker = url ? makeWorker() : null;
    if (!worker || !url) {
      if (url) setStatus({ state: 'failed', message: 'no worker' });
      return null;
    }
    worker.onmessage = (event: MessageEvent<PlaceSearchResponse>) => {
      const r = event.data;
      if (r.type === 'status') {
        const { type: _type, ...s } = r;
        setStatus(s);
        // Nothing more will come for what is waiting.
        if (s.state === 'failed') for (const id of [...pending.keys()]) settle(id, r);
        return;
      }
      if (r.type === 'basemap-names') {
        basemapNames = r.names;
        for (const l of nameListeners) l(r.names);
        return;
      }
      settle(r.id, r);
    };
    worker.onerror = (event) => {
      setStatus({ state: 'failed', message: event.message || 'worker error' });
    };
    worker.postMessage({ type: 'load', url } satisfies PlaceSearchRequest);
    return worker;
  };

  const settle = (id: number, response: PlaceSearchResponse | null) => {
    const resolve = pending.get(id);
    pending.delete(id);
    searchIds.delete(id);
    resolve?.(response);
  };

  const ask = (request: PlaceSearchRequest & { id: number }) =>
    new Promise<PlaceSearchResponse | null>((resolve) => {
      const w = ensure();
      if (!w || status.state === 'failed') {
        resolve(null);
        return;
      }
      pending.set(request.id, resolve);
      w.postMessage(request);
    });

  return {
    async search(query, options) {
      const id = nextId++;
      latestSearch = id;
      // Older searches still waiting for the index will never be shown: forget them.
      for (const waitingId of searchIds) settle(waitingId, null);
      searchIds.add(id);
      const response = await ask({
        type: 'search',
        id,
        query,
        near: options.near,
        limit: options.limit ?? 8,
        locale: options.locale,
      });
      if (id !== latestSearch || !response || response.type !== 'search') return null;
      return { results: response.results, ms: response.ms };
    },
    async describe(lat, lon, locale) {
      const response = await ask({ type: 'describe', id: nextId++, lat, lon, locale });
      return response?.type === 'describe' ? response.description : null;
    },
    status() {
      ensure();
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    addBasemapNames(basemap, features) {
      ensure()?.postMessage({
        type: 'basemap-names',
        basemap,
        features,
      } satisfies PlaceSearchRequest);
    },
    addBasemapTiles(basemap, tiles) {
      ensure()?.postMessage(
        { type: 'basemap-tiles', basemap, tiles } satisfies PlaceSearchRequest,
        {
          transfer: tiles.map((t) => t.data),
        },
      );
    },
    basemapNames() {
      return basemapNames;
    },
    onBasemapNames(listener) {
      nameListeners.add(listener);
      return () => nameListeners.delete(listener);
    },
  };
}

function defaultWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./placeSearch.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

let shared: PlaceSearchClient | null = null;

/** The app's one place search, over the bundled gazetteer. */
export function appPlaceSearch(): PlaceSearchClient {
  shared ??= createPlaceSearchClient(bundledGazetteerUrl());
  return shared;
}
