/**
 * The mapping step for XLSX through the shared API handlers: `evidence:inspect-table` on a
 * generated workbook gives the same kind of inspection as a CSV (detected roles, preview rows
 * with their sheet row numbers, notes, presets — a user preset applies), and the mapping the
 * examiner confirms (here with latitude and longitude swapped) is the one the import reads with.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, TableInspection } from '../../shared/api';
import type { TableMapping } from '../../shared/formats/table/mapping';
import type { TablePreset } from '../../shared/formats/table/presets';
import {
  createApiHandlers,
  invokeChannel,
  type ApiServices,
} from '../../electron/services/api-handlers';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { importEvidence } from '../../electron/services/intake';
import { PresetStore } from '../../electron/services/intake-presets';
import { PREVIEW_DATA_ROWS } from '../../electron/services/intake-table';
import { buildXlsx } from '../shared/formats/table/xlsx-fixture';
import {
  FIRST_MS,
  positionsSheet,
  positionsWorkbook,
  rezipXlsx,
} from '../shared/formats/xlsx-workbook';

let dir: string;
let services: ApiServices;
let handlers: ReturnType<typeof createApiHandlers>;
const paths = { fleet: '', titled: '', damaged: '', cut: '', empty: '' };
const sheet = positionsSheet(120);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-xlsx-'));
  paths.fleet = join(dir, 'fleet.xlsx');
  await writeFile(paths.fleet, positionsWorkbook(120));
  paths.titled = join(dir, 'titled.xlsx');
  await writeFile(
    paths.titled,
    rezipXlsx(positionsWorkbook(50, 2), { extraSheets: [{ name: 'Totals', rows: 5 }] }),
  );
  paths.damaged = join(dir, 'damaged.xlsx');
  // Cut inside the worksheet, before its first row.
  await writeFile(paths.damaged, positionsWorkbook(50).subarray(0, 300));
  paths.cut = join(dir, 'cut.xlsx');
  await writeFile(paths.cut, positionsWorkbook(50).subarray(0, 120));
  paths.empty = join(dir, 'empty.xlsx');
  await writeFile(paths.empty, buildXlsx([]));
  services = {
    appInfo: () => ({ name: 'itinera', version: '0', locale: 'en', platform: 'linux' }),
    pickEvidence: async () => [],
    importEvidence: (p, job) => importEvidence(p, { ...(job ?? {}), inProcess: true }),
    demoEvidencePaths: [],
    basemaps: new BasemapRegistry([]),
    presets: new PresetStore(join(dir, 'userdata')),
  };
  handlers = createApiHandlers(services);
});

afterAll(async () => {
  await services?.basemaps.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const call = (channel: string, payload: unknown) =>
  invokeChannel(handlers, channel, payload, undefined, {
    sendEvent: () => undefined,
  });

async function inspect(path: string): Promise<Extract<TableInspection, { table: true }>> {
  const inspection = (await call('evidence:inspect-table', { path })) as TableInspection;
  if (!inspection.table) throw new Error(`not a table: ${inspection.message}`);
  return inspection;
}

function roles(m: TableMapping): Record<number, string> {
  return Object.fromEntries(m.columns.map((c) => [c.index, c.role]));
}

describe('evidence:inspect-table on XLSX', () => {
  it('detects the roles and previews the header and the first data rows', async () => {
    const inspection = await inspect(paths.fleet);
    expect(inspection.format).toBe('xlsx');
    expect(inspection.name).toBe('fleet.xlsx');
    expect(inspection.encoding).toBe('');
    expect(inspection.mapping.dialect).toMatchObject({ delimiter: '', header: true, skipRows: 0 });
    expect(roles(inspection.mapping)).toMatchObject({ 0: 'datetime', 1: 'lat', 2: 'lon' });
    expect(inspection.confidence).toBeGreaterThan(0.9);
    expect(inspection.notes[0]).toMatch(/^worksheet 1: header row/);
    expect(inspection.rows).toHaveLength(1 + PREVIEW_DATA_ROWS);
    expect(inspection.rows[0]).toEqual(['Time', 'Latitude', 'Longitude', 'Speed']);
    expect(inspection.rows[1]).toEqual([
      '2024-06-15 10:30:00.000',
      String(sheet.fixes[0]!.lat),
      String(sheet.fixes[0]!.lon),
      '30',
    ]);
    expect(inspection.lines).toEqual(Array.from({ length: 21 }, (_, k) => k + 1));
    expect(inspection.presets.some((p) => p.origin === 'builtin')).toBe(true);
  });

  it('skips title rows and says which worksheets are left out', async () => {
    const inspection = await inspect(paths.titled);
    expect(inspection.mapping.dialect).toMatchObject({ header: true, skipRows: 2 });
    // Title rows, header, then PREVIEW_DATA_ROWS data rows.
    expect(inspection.rows).toHaveLength(2 + 1 + PREVIEW_DATA_ROWS);
    expect(inspection.rows[0]).toEqual(['Fleet report 1']);
    expect(inspection.rows[2]![0]).toBe('Time');
    expect(inspection.notes.join('\n')).toContain(
      'Only the first worksheet was read; the workbook has 2 (Positions, Totals)',
    );
  });

  it('streams a workbook larger than one read, in either part order', async () => {
    const big = positionsSheet(30_000);
    const excelOrder = positionsWorkbook(30_000);
    expect(excelOrder.length).toBeGreaterThan(512 * 1024);
    const stringsFirst = rezipXlsx(excelOrder, {
      first: ['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'],
    });
    for (const [label, bytes] of [
      ['excel', excelOrder],
      ['strings-first', stringsFirst],
    ] as const) {
      const path = join(dir, `big-${label}.xlsx`);
      await writeFile(path, bytes);
      const inspection = await inspect(path);
      expect(inspection.rows, label).toHaveLength(21);
      expect(inspection.rows[20], label).toEqual([
        '2024-06-15 10:49:00.000',
        String(big.fixes[19]!.lat),
        String(big.fixes[19]!.lon),
        String(30 + (19 % 7)),
      ]);
      expect(roles(inspection.mapping), label).toMatchObject({ 0: 'datetime', 1: 'lat', 2: 'lon' });
      expect(inspection.notes.join('\n'), label).not.toMatch(/Damaged/);
    }
  });

  it('says a damaged or empty workbook cannot be mapped', async () => {
    const damaged = (await call('evidence:inspect-table', {
      path: paths.damaged,
    })) as TableInspection;
    expect(damaged).toMatchObject({ table: false, format: 'xlsx' });
    if (!damaged.table) expect(damaged.message).toMatch(/no rows \(.*truncated/);
    const cut = (await call('evidence:inspect-table', { path: paths.cut })) as TableInspection;
    expect(cut).toMatchObject({ table: false, format: 'xlsx' });
    if (!cut.table) expect(cut.message).toMatch(/No first worksheet/);
    const empty = (await call('evidence:inspect-table', { path: paths.empty })) as TableInspection;
    expect(empty).toMatchObject({ table: false, format: 'xlsx' });
    if (!empty.table) expect(empty.message).toBe('empty.xlsx: the first worksheet has no rows');
  });

  it("applies the examiner's preset to a workbook with its layout", async () => {
    const preset: TablePreset = {
      id: 'user-brussels-fleet',
      label: 'Brussels fleet',
      signature: { headers: ['Time', 'Latitude', 'Longitude', 'Speed'] },
      mapping: {
        version: 1,
        kind: 'positions',
        dialect: { delimiter: ',', quote: '"', decimalComma: false, header: true, skipRows: 0 },
        columns: [
          { header: 'Time', role: 'datetime' },
          { header: 'Latitude', role: 'lat' },
          { header: 'Longitude', role: 'lon' },
          { header: 'Speed', role: 'speed' },
        ],
        timeZone: 'Europe/Brussels',
        units: { speed: 'km/h' },
        sourceKind: 'tracker',
      },
    };
    await call('presets:save', { preset });
    try {
      const inspection = await inspect(paths.fleet);
      expect(inspection.mapping.preset).toBe('user-brussels-fleet');
      expect(inspection.mapping.timeZone).toBe('Europe/Brussels');
      // The workbook's own dialect stays: cells have no delimiter.
      expect(inspection.mapping.dialect.delimiter).toBe('');
      expect(roles(inspection.mapping)).toMatchObject({ 3: 'speed' });
      expect(inspection.presets.some((p) => p.preset.id === 'user-brussels-fleet')).toBe(true);
    } finally {
      await call('presets:delete', { id: 'user-brussels-fleet' });
    }
  });
});

describe('evidence:import of XLSX with the confirmed mapping', () => {
  it('reads with the mapping given: swapped latitude and longitude swap every fix', async () => {
    const inspection = await inspect(paths.fleet);
    const detected: TableMapping = { ...inspection.mapping, timeZone: 'UTC' };
    const swapped: TableMapping = {
      ...detected,
      columns: detected.columns.map((c) =>
        c.role === 'lat' ? { ...c, role: 'lon' } : c.role === 'lon' ? { ...c, role: 'lat' } : c,
      ),
    };
    const [asDetected] = (await call('evidence:import', {
      paths: [paths.fleet],
      jobId: 'xlsx-1',
      files: { [paths.fleet]: { mapping: detected } },
    })) as ImportResult[];
    const [asSwapped] = (await call('evidence:import', {
      paths: [paths.fleet],
      jobId: 'xlsx-2',
      files: { [paths.fleet]: { mapping: swapped } },
    })) as ImportResult[];
    if (!asDetected!.ok || !asSwapped!.ok) throw new Error('import failed');
    const a = asDetected!.source;
    const b = asSwapped!.source;
    expect(a.format).toBe('xlsx');
    expect(a.stats.points).toBe(120);
    expect(b.stats.points).toBe(120);
    expect(a.stats.first).toBe(FIRST_MS);
    for (const k of [0, 57, 119]) {
      expect(a.fixes.lat[k]).toBeCloseTo(sheet.fixes[k]!.lat, 9);
      expect(a.fixes.lon[k]).toBeCloseTo(sheet.fixes[k]!.lon, 9);
      expect(b.fixes.lat[k]).toBeCloseTo(sheet.fixes[k]!.lon, 9);
      expect(b.fixes.lon[k]).toBeCloseTo(sheet.fixes[k]!.lat, 9);
    }
  });
});
