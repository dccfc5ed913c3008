/**
 * The renderer's import flow with a fake bridge: tables go through the mapping step before
 * the job starts, a refused table is not imported, cancelled files add nothing, progress
 * events are validated before they reach the store.
 */
import { describe, expect, it, vi } from 'vitest';
import type {
  ImportEvidenceRequest,
  ImportResult,
  ItineraApi,
  TableInspection,
} from '../../shared/api';
import type { TableMapping } from '../../shared/formats/table/mapping';
import { BUILTIN_PRESETS } from '../../shared/formats/table/presets';
import { importPaths, reimportWithDate, subscribeImportProgress } from '../../renderer/src/actions';
import {
  headerRow,
  mappingFromPreset,
  presetFromMapping,
  setColumnRole,
} from '../../renderer/src/import/mappingEdit';
import { createAppStore } from '../../renderer/src/store/store';
import { validatePreset } from '../../shared/formats/table/presets';
import { fakeItineraApi } from './fakeApi';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const mapping: TableMapping = {
  version: 1,
  kind: 'positions',
  dialect: { delimiter: ',', quote: '"', decimalComma: false, header: true, skipRows: 0 },
  columns: [
    { index: 0, role: 'datetime', header: 'time' },
    { index: 1, role: 'lat', header: 'lat' },
    { index: 2, role: 'lon', header: 'lon' },
  ],
  timeZone: 'UTC',
};
const table: Extract<TableInspection, { table: true }> = {
  table: true,
  path: '/e/t.csv',
  name: 't.csv',
  format: 'table',
  encoding: 'utf-8',
  mapping,
  confidence: 0.9,
  notes: ['delimiter ","'],
  rows: [
    ['time', 'lat', 'lon', 'note'],
    ['2024-01-01 10:00:00', '50.1', '4.2', 'x'],
  ],
  lines: [1, 2],
  presets: BUILTIN_PRESETS.map((preset) => ({ preset, origin: 'builtin' as const })),
};

const source = fakeSource('t', [
  [50.1, 4.2, 0],
  [50.2, 4.3, 1000],
]);

function fakeApi(overrides: Partial<ItineraApi> = {}) {
  const calls: ImportEvidenceRequest[] = [];
  const api: ItineraApi = fakeItineraApi({
    appInfo: async () => ({ name: 'i', version: '0', locale: 'en', platform: 'linux' }),
    pickEvidence: async () => [],
    importEvidence: async (req) => {
      calls.push(req);
      return req.paths.map((path): ImportResult => ({ ok: true, path, source }));
    },
    demoEvidence: async () => [],
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
    cancelImport: async () => ({ cancelled: true }),
    inspectTable: async ({ path }) =>
      path.endsWith('.csv')
        ? { ...table, path }
        : { table: false, path, name: path, format: 'gpx', message: 'not a table' },
    listPresets: async () => [],
    savePreset: async () => [],
    deletePreset: async () => [],
    onImportProgress: () => () => undefined,
    pathForFile: () => null,
    ...overrides,
  });
  return { api, calls };
}

describe('import flow', () => {
  it('asks for the mapping of a table before importing, and sends the confirmed mapping', async () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    const { api, calls } = fakeApi();
    const done = importPaths(store, api, ['/e/a.gpx', '/e/t.csv']);
    await vi.waitFor(() => expect(store.getState().mappingPrompt).not.toBeNull());
    expect(calls).toHaveLength(0);
    const prompt = store.getState().mappingPrompt!;
    expect(prompt.inspection.path).toBe('/e/t.csv');
    prompt.resolve({ ...mapping, timeZone: 'Europe/Brussels' });
    await done;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.paths).toEqual(['/e/a.gpx', '/e/t.csv']);
    expect(calls[0]!.jobId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(calls[0]!.files).toEqual({
      '/e/t.csv': { mapping: { ...mapping, timeZone: 'Europe/Brussels' } },
    });
    expect(store.getState().entries).toHaveLength(2);
    expect(store.getState().jobs).toEqual([]);
    expect(store.getState().mappingPrompt).toBeNull();
  });

  it('imports nothing from a table the examiner refused', async () => {
    const store = createAppStore();
    const { api, calls } = fakeApi();
    const done = importPaths(store, api, ['/e/t.csv']);
    await vi.waitFor(() => expect(store.getState().mappingPrompt).not.toBeNull());
    store.getState().mappingPrompt!.resolve(null);
    await done;
    expect(calls).toHaveLength(0);
    expect(store.getState().entries).toEqual([]);
    expect(store.getState().pending).toBe(0);
  });

  it('adds nothing for a cancelled file, keeps the completed ones, and says so', async () => {
    const store = createAppStore();
    const { api } = fakeApi({
      importEvidence: async (req) => [
        { ok: true, path: req.paths[0]!, source },
        { ok: false, path: req.paths[1]!, name: 'big.gpx', code: 'import.cancelled', message: 'x' },
      ],
    });
    await importPaths(store, api, ['/e/a.gpx', '/e/big.gpx']);
    const entries = store.getState().entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'source', path: '/e/a.gpx' });
    expect(store.getState().notices.map((n) => n.key)).toEqual(['import.cancelled']);
  });

  it('feeds only well-formed progress events into the store', () => {
    const store = createAppStore();
    let push: (e: unknown) => void = () => undefined;
    const { api } = fakeApi({
      onImportProgress: (listener) => {
        push = listener;
        return () => undefined;
      },
    });
    subscribeImportProgress(store, api);
    store.getState().startJob('j1', ['/e/big.gpx']);
    push({ jobId: 'j1', fileIndex: 0, bytesRead: 'lots' });
    push({
      jobId: 'j1',
      fileIndex: 0,
      fileCount: 1,
      path: '/e/big.gpx',
      name: 'big.gpx',
      bytesRead: 500,
      totalBytes: 1000,
      jobBytesRead: 500,
      jobTotalBytes: 1000,
      state: 'reading',
    });
    expect(store.getState().jobs[0]!.files[0]).toMatchObject({
      bytesRead: 500,
      totalBytes: 1000,
      state: 'reading',
    });
    push({
      jobId: 'other',
      fileIndex: 0,
      fileCount: 1,
      path: '/x',
      name: 'x',
      bytesRead: 1,
      totalBytes: 1,
      jobBytesRead: 1,
      jobTotalBytes: 1,
      state: 'done',
    });
    expect(store.getState().jobs).toHaveLength(1);
  });

  it('re-imports a source with the date it needs, in place and in its colour', async () => {
    const store = createAppStore();
    const { api, calls } = fakeApi();
    store.getState().addResults([{ ok: true, path: '/e/gga.nmea', source }], { demo: false });
    const before = store.getState().entries[0]!;
    await reimportWithDate(store, api, before.key, '2024-03-01');
    expect(calls[0]!.files).toEqual({ '/e/gga.nmea': { assumedDate: '2024-03-01' } });
    const after = store.getState().entries;
    expect(after).toHaveLength(1);
    expect(after[0]!.key).not.toBe(before.key);
    expect(after[0]).toMatchObject({
      kind: 'source',
      colour: (before as { colour: string }).colour,
    });
  });
});

describe('mapping edits', () => {
  it('sets, changes and clears a column role, dropping the preset tag', () => {
    const tagged = { ...mapping, preset: 'generic-positions' };
    const withNote = setColumnRole(tagged, 3, 'status', 'note');
    expect(withNote.columns.map((c) => [c.index, c.role, c.header])).toEqual([
      [0, 'datetime', 'time'],
      [1, 'lat', 'lat'],
      [2, 'lon', 'lon'],
      [3, 'status', 'note'],
    ]);
    expect(withNote.preset).toBeUndefined();
    expect(setColumnRole(withNote, 3, null, 'note').columns).toHaveLength(3);
    expect(setColumnRole(tagged, 1, 'lat', 'lat')).toBe(tagged);
  });

  it('applies a preset by header names, or refuses when a column is missing', () => {
    const generic = BUILTIN_PRESETS.find((p) => p.id === 'generic-positions')!;
    const applied = mappingFromPreset(generic, mapping, table.rows, table.lines);
    expect(applied?.columns.map((c) => c.role)).toEqual(['datetime', 'lat', 'lon']);
    expect(applied?.dialect.encoding).toBe(mapping.dialect.encoding);
    const noLat = mappingFromPreset(generic, mapping, [['time', 'x', 'lon']], [1]);
    expect(noLat).toBeNull();
  });

  it('builds a user preset that validates and recognises the same header', () => {
    const header = headerRow(mapping, table.rows, table.lines);
    expect(header).toEqual(['time', 'lat', 'lon', 'note']);
    const preset = presetFromMapping('Portal X export', mapping, header, 4);
    expect(preset.id).toBe('user-portal-x-export');
    expect(preset.signature).toEqual({ headers: ['time', 'lat', 'lon'] });
    expect(validatePreset(preset).ok).toBe(true);
    const noHeader = presetFromMapping(
      'Raw',
      { ...mapping, dialect: { ...mapping.dialect, header: false } },
      undefined,
      4,
    );
    expect(noHeader.signature).toEqual({ columnCount: 4 });
    expect(noHeader.mapping.columns[0]).toEqual({ index: 0, role: 'datetime' });
  });
});
