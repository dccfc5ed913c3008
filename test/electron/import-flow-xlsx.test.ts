/**
 * Opening an XLSX workbook from the renderer's import flow goes through the mapping step like
 * a CSV: the real Node handlers inspect the generated workbook, the flow asks the examiner
 * (the prompt holds the XLSX inspection), and the edited mapping is the one the import reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportResult, ItineraApi, TableInspection } from '../../shared/api';
import type { TableMapping } from '../../shared/formats/table/mapping';
import { importPaths } from '../../renderer/src/actions';
import { createAppStore } from '../../renderer/src/store/store';
import { createApiHandlers, invokeChannel } from '../../electron/services/api-handlers';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { importEvidence } from '../../electron/services/intake';
import { positionsSheet, positionsWorkbook } from '../shared/formats/xlsx-workbook';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

let dir: string;
let workbook: string;
const basemaps = new BasemapRegistry([]);
const handlers = createApiHandlers({
  appInfo: () => ({ name: 'itinera', version: '0', locale: 'en', platform: 'linux' }),
  pickEvidence: async () => [],
  importEvidence: (paths, job) => importEvidence(paths, { ...(job ?? {}), inProcess: true }),
  demoEvidencePaths: [],
  basemaps,
});
const call = <T>(channel: string, payload: unknown): Promise<T> =>
  invokeChannel(handlers, channel, payload, undefined, {
    sendEvent: () => undefined,
  }) as Promise<T>;

const imported: ImportResult[][] = [];
const api = {
  inspectTable: (req) => call<TableInspection>('evidence:inspect-table', req),
  importEvidence: async (req) => {
    const results = await call<ImportResult[]>('evidence:import', req);
    imported.push(results);
    return results;
  },
  onImportProgress: () => () => undefined,
} as Partial<ItineraApi> as ItineraApi;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-xlsx-flow-'));
  workbook = join(dir, 'fleet.xlsx');
  await writeFile(workbook, positionsWorkbook(40));
});

afterAll(async () => {
  await basemaps.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('import flow with an XLSX workbook', () => {
  it('asks for its mapping first and imports with the mapping confirmed', async () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    const done = importPaths(store, api, [workbook]);
    await vi.waitFor(() => expect(store.getState().mappingPrompt).not.toBeNull(), {
      timeout: 10_000,
    });
    expect(imported).toHaveLength(0);
    const { inspection } = store.getState().mappingPrompt!;
    expect(inspection).toMatchObject({ path: workbook, format: 'xlsx', encoding: '' });
    expect(inspection.rows[0]).toEqual(['Time', 'Latitude', 'Longitude', 'Speed']);
    const edited: TableMapping = {
      ...inspection.mapping,
      timeZone: 'Europe/Brussels',
      columns: inspection.mapping.columns.map((c) =>
        c.role === 'lat' ? { ...c, role: 'lon' } : c.role === 'lon' ? { ...c, role: 'lat' } : c,
      ),
    };
    store.getState().mappingPrompt!.resolve(edited);
    await done;
    expect(imported).toHaveLength(1);
    const [result] = imported[0]!;
    if (!result!.ok) throw new Error(result!.message);
    const { fixes, stats } = result!.source;
    const expected = positionsSheet(40).fixes;
    expect(stats.points).toBe(40);
    // Brussels summer time: two hours before the naive wall time read as UTC.
    expect(stats.first).toBe(expected[0]!.t - 2 * 3600_000);
    expect(fixes.lat[5]).toBeCloseTo(expected[5]!.lon, 9);
    expect(fixes.lon[5]).toBeCloseTo(expected[5]!.lat, 9);
    expect(store.getState().entries).toHaveLength(1);
  });
});
