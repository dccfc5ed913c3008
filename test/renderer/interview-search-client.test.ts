import { describe, expect, it } from 'vitest';
import {
  createPlaceSearchClient,
  type PlaceSearchRequest,
  type PlaceSearchResponse,
} from '../../renderer/src/interview/placeSearchClient';

/** A stand-in worker: records requests; the test answers them when it likes. */
class FakeWorker {
  sent: PlaceSearchRequest[] = [];
  onmessage: ((e: MessageEvent<PlaceSearchResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(message: PlaceSearchRequest) {
    this.sent.push(message);
  }
  reply(response: PlaceSearchResponse) {
    this.onmessage?.({ data: response } as MessageEvent<PlaceSearchResponse>);
  }
}

const place = (name: string) => ({
  source: 'gazetteer' as const,
  name,
  matchedName: name,
  matchedBy: 'exact' as const,
  editDistance: 0,
  country: 'BE',
  countryName: 'Belgium',
  admin1: 'VLG',
  kind: 'PPL',
  lat: 51.18,
  lon: 3.09,
  population: 14000,
  score: 1,
});

describe('the place search client', () => {
  it('loads the gazetteer once and answers the latest search only', async () => {
    const worker = new FakeWorker();
    let made = 0;
    const client = createPlaceSearchClient('http://127.0.0.1/places.bin', () => {
      made++;
      return worker as unknown as Worker;
    });
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s.state));
    const first = client.search('Jab', { locale: 'en' });
    const second = client.search('Jabbeke', { locale: 'en', near: { lat: 51, lon: 3 } });
    expect(made).toBe(1);
    expect(worker.sent[0]).toEqual({ type: 'load', url: 'http://127.0.0.1/places.bin' });
    const searches = worker.sent.filter((r) => r.type === 'search');
    expect(searches.map((r) => r.type === 'search' && r.query)).toEqual(['Jab', 'Jabbeke']);
    // The first is stale as soon as the second is asked.
    expect(await first).toBeNull();
    worker.reply({ type: 'status', state: 'ready', places: 135_000, ms: 900 });
    worker.reply({ type: 'search', id: searches[1]!.id, results: [place('Jabbeke')], ms: 3.5 });
    expect(await second).toEqual({ results: [place('Jabbeke')], ms: 3.5 });
    expect(statuses).toEqual(['ready']);
    expect(client.status()).toEqual({ state: 'ready', places: 135_000, ms: 900 });
  });

  it('answers every reverse lookup, and nothing once loading failed', async () => {
    const worker = new FakeWorker();
    const client = createPlaceSearchClient('u', () => worker as unknown as Worker);
    const a = client.describe(51, 3, 'en');
    const b = client.describe(50, 4, 'nl');
    const [ra, rb] = worker.sent.filter((r) => r.type === 'describe');
    worker.reply({ type: 'describe', id: rb!.id, description: { text: 'B', places: [] } });
    worker.reply({ type: 'describe', id: ra!.id, description: { text: 'A', places: [] } });
    expect((await a)?.text).toBe('A');
    expect((await b)?.text).toBe('B');
    const pending = client.search('x', { locale: 'en' });
    worker.reply({ type: 'status', state: 'failed', message: 'HTTP 404' });
    expect(await pending).toBeNull();
    expect(await client.describe(1, 1, 'en')).toBeNull();
  });

  it('says so when there is no gazetteer or no worker', async () => {
    expect(createPlaceSearchClient(null).status().state).toBe('failed');
    const noWorker = createPlaceSearchClient('u', () => null);
    expect(await noWorker.search('a', { locale: 'en' })).toBeNull();
    expect(noWorker.status()).toEqual({ state: 'failed', message: 'no worker' });
  });
});
