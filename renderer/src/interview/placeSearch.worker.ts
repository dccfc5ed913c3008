/**
 * Place search and reverse lookup off the UI thread: building the name index over the whole
 * gazetteer takes seconds, and the map must stay responsive meanwhile. Reverse lookup works as
 * soon as the gazetteer is parsed; search once the index is built.
 */
import { parseGazetteer, type GazetteerIndex } from '../../../shared/geo/gazetteer';
import { createPlaceSearch, type PlaceSearch } from '../../../shared/geo/gazetteer-search';
import { describePoint } from '../../../shared/geo/reverse';
import type { PlaceSearchRequest, PlaceSearchResponse } from './placeSearchClient';

let gazetteer: GazetteerIndex | null = null;
let search: PlaceSearch | null = null;
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
    const results = search.search(request.query, {
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

self.onmessage = (event: MessageEvent<PlaceSearchRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    void load(request.url);
    return;
  }
  const ready = request.type === 'describe' ? gazetteer !== null : search !== null;
  if (ready) answer(request);
  else waiting.push(request);
};
