import { describe, expect, it, vi } from 'vitest';
import type { ImportResult, ItineraApi } from '../../shared/api';
import { createAppStore } from '../../renderer/src/store/store';
import {
  dropEvidence,
  importPaths,
  loadDemoIfEmpty,
  openEvidence,
} from '../../renderer/src/actions';
import { ROUTE_PALETTE } from '../../renderer/src/map/palette';
import { fakeItineraApi } from './fakeApi';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const demo = fakeSource('demo', [
  [50.9, 1.9, 0],
  [51.5, 4.7, 1],
]);
const visnjan = fakeSource('visnjan', [
  [45.27, 13.71, 10],
  [45.28, 13.72, 20],
]);

function fakeApi(results: Record<string, ImportResult>, picked: string[] = []): ItineraApi {
  return fakeItineraApi({
    appInfo: async () => ({ name: 'itinera', version: '0', locale: 'en-GB', platform: 'linux' }),
    pickEvidence: async () => picked,
    importEvidence: async ({ paths }) => paths.map((p) => results[p]!),
    demoEvidence: async () => [{ ok: true, path: '/demo.gpx', source: demo }],
    listBasemaps: async () => [],
    readBasemapRange: async () => new ArrayBuffer(0),
    pickEvidenceFolder: async () => [],
    readPhotoPreview: async () => new ArrayBuffer(0),
    readPhotoImage: async () => new ArrayBuffer(0),
    pickBasemapFile: async () => [],
    addBasemap: async () => {
      throw new Error('no basemaps in this test');
    },
    removeBasemap: async () => [],
    readBasemapTile: async () => new ArrayBuffer(0),
    cancelImport: async () => ({ cancelled: false }),
    inspectTable: async ({ path }) => ({
      table: false,
      path,
      name: path,
      format: null,
      message: 'not a table',
    }),
    listPresets: async () => [],
    savePreset: async () => [],
    deletePreset: async () => [],
    onImportProgress: () => () => undefined,
    pathForFile: () => null,
  });
}

const ok = (path: string, source = visnjan): ImportResult => ({ ok: true, path, source });
const failed = (path: string): ImportResult => ({
  ok: false,
  path,
  name: path.split('/').pop()!,
  code: 'format.unknown',
  message: 'Not a recognised evidence format.',
});

describe('evidence flows', () => {
  it('shows the demo on a fresh start and fits the map to it', async () => {
    const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
    await loadDemoIfEmpty(store, fakeApi({}));
    const state = store.getState();
    expect(state.entries).toHaveLength(1);
    expect(state.entries[0]).toMatchObject({ kind: 'source', demo: true });
    expect(state.fitRequest?.bounds).toEqual({ west: 1.9, south: 50.9, east: 4.7, north: 51.5 });
    expect(state.pending).toBe(0);
  });

  it('replaces the demo with the first real source, which takes the first colour', async () => {
    const store = createAppStore();
    const api = fakeApi({ '/v.gpx': ok('/v.gpx') }, ['/v.gpx']);
    await loadDemoIfEmpty(store, api);
    await openEvidence(store, api);
    const entries = store.getState().entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'source', demo: false, colour: ROUTE_PALETTE[0] });
    expect(store.getState().fitRequest?.bounds.west).toBe(13.71);
  });

  it('gives each further source the next colour and fits to all of them', async () => {
    const store = createAppStore();
    const api = fakeApi({ '/a': ok('/a'), '/b': ok('/b', demo) });
    await importPaths(store, api, ['/a']);
    await importPaths(store, api, ['/b']);
    const colours = store.getState().entries.map((e) => (e.kind === 'source' ? e.colour : ''));
    expect(colours).toEqual([ROUTE_PALETTE[0], ROUTE_PALETTE[1]]);
    expect(store.getState().fitRequest).toMatchObject({
      bounds: { west: 1.9, east: 13.72 },
      seq: 2,
    });
  });

  it('keeps failed imports as error rows without touching sources, demo or view', async () => {
    const store = createAppStore();
    const api = fakeApi({ '/x.bin': failed('/x.bin') });
    await loadDemoIfEmpty(store, api);
    const fitBefore = store.getState().fitRequest;
    await importPaths(store, api, ['/x.bin']);
    const entries = store.getState().entries;
    expect(entries.map((e) => e.kind)).toEqual(['source', 'failed']);
    expect(entries[0]).toMatchObject({ demo: true });
    expect(entries[1]).toMatchObject({ name: 'x.bin', code: 'format.unknown' });
    expect(store.getState().fitRequest).toBe(fitBefore);
  });

  it('says so when a dropped file has no path in this host, and imports the rest', async () => {
    const store = createAppStore();
    const api = fakeApi({ '/real.gpx': ok('/real.gpx') });
    api.pathForFile = (file) => ((file as File).name === 'real.gpx' ? '/real.gpx' : null);
    await dropEvidence(store, api, [new File(['x'], 'real.gpx'), new File(['y'], 'unknown.gpx')]);
    const state = store.getState();
    expect(state.entries).toHaveLength(1);
    expect(state.notices).toHaveLength(1);
    expect(state.notices[0]).toMatchObject({
      key: 'drop.unreadable',
      params: { name: 'unknown.gpx' },
    });
  });

  it('reports an import that throws instead of losing it', async () => {
    const store = createAppStore();
    const api = fakeApi({});
    api.importEvidence = async () => {
      throw new Error('[api.failed] evidence:import failed');
    };
    await importPaths(store, api, ['/a']);
    expect(store.getState().notices[0]).toMatchObject({ key: 'import.unexpected' });
    expect(store.getState().pending).toBe(0);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const store = createAppStore();
    const api = fakeApi({}, []);
    const spy = vi.spyOn(api, 'importEvidence');
    await openEvidence(store, api);
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('ui slice', () => {
  it('defaults the display zone to the system zone and shows it', () => {
    const store = createAppStore({ systemZone: 'Europe/Brussels' });
    expect(store.getState().displayZone).toBe('Europe/Brussels');
    store.getState().setDisplayZone('UTC');
    expect(store.getState().displayZone).toBe('UTC');
    expect(store.getState().systemZone).toBe('Europe/Brussels');
  });
});
