/**
 * `itinera mapping` and the events/stops part of `itinera inspect`, run as a child process
 * on the fleet and other-track fixtures, checked against values read here from the raw text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateTableMapping, type TableMapping } from '../../shared/formats/table/mapping';
import { positionsWorkbook, rezipXlsx } from '../shared/formats/xlsx-workbook';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = resolve(repoRoot, '../shared/fixtures');
const fleet = join(fixtures, 'fleet-csv');
const other = join(fixtures, 'other-tracks');
const haveFixtures = existsSync(fleet) && existsSync(other);
if (!haveFixtures) console.warn(`skipping CLI table tests: ${fixtures} not present`);

function itinera(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/itinera.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'Pacific/Chatham' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface MappingJson {
  path: string;
  format: string;
  confidence: number;
  mapping: TableMapping;
  notes: string[];
}

describe('itinera mapping: usage', () => {
  it.each([[[]], [['a.csv', 'b.csv']], [['--nope', 'a.csv']]])('exits 2 for %j', (args) => {
    const run = itinera('mapping', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: itinera mapping');
    expect(run.stdout).toBe('');
  });
  it('lists the command in the main help', () => {
    expect(itinera('--help').stdout).toMatch(/^\s+mapping\s+print the detected table mapping/m);
  });
});

describe.skipIf(!haveFixtures)('itinera mapping on the fixtures', () => {
  it('prints the Holux logger mapping: roles match the header, dialect and notes explain it', () => {
    const path = join(fleet, 'gpsbabel_holux_m241_logger.csv');
    const run = itinera('mapping', path, '--json');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as MappingJson;
    expect(Object.keys(doc)).toEqual(['path', 'format', 'confidence', 'mapping', 'notes']);
    expect(doc.path).toBe(path);
    expect(doc.format).toBe('table');
    expect(doc.confidence).toBeGreaterThan(0.9);
    expect(validateTableMapping(doc.mapping).ok).toBe(true);
    const header = readFileSync(path, 'latin1').split(/\r?\n/)[0]!.split(',');
    const roleOf = (name: string) =>
      doc.mapping.columns.find((c) => c.index === header.indexOf(name))?.role;
    expect(roleOf('LATITUDE')).toBe('lat');
    expect(roleOf('LONGITUDE')).toBe('lon');
    expect(roleOf('N/S')).toBe('lat-hemisphere');
    expect(roleOf('E/W')).toBe('lon-hemisphere');
    expect(roleOf('DATE')).toBe('date');
    expect(roleOf('TIME')).toBe('time');
    expect(doc.mapping.dialect).toMatchObject({
      delimiter: ',',
      header: true,
      decimalComma: false,
    });
    expect(doc.notes.some((n) => n.includes('delimiter'))).toBe(true);
  });

  it('reads the semicolon / decimal-comma layout as such', () => {
    const run = itinera(
      'mapping',
      join(other, 'EDGE_dawarich_csv_semicolon_decimal_comma.csv'),
      '--json',
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as MappingJson;
    expect(doc.mapping.dialect).toMatchObject({ delimiter: ';', decimalComma: true });
  });

  it('gives a valid mapping for every table fixture and exit 1 for the others', () => {
    const files = [
      ...readdirSync(fleet).map((f) => join(fleet, f)),
      ...readdirSync(other).map((f) => join(other, f)),
    ];
    const outcomes: Record<string, number | null> = {};
    for (const file of files) {
      const run = itinera('mapping', file, '--json');
      outcomes[file.split('/').pop()!] = run.code;
      const doc = JSON.parse(run.stdout) as MappingJson & { error?: string };
      if (run.code === 0) {
        const checked = validateTableMapping(doc.mapping);
        expect(checked.ok, `${file}: ${checked.ok ? '' : checked.errors.join('; ')}`).toBe(true);
      } else {
        expect(run.code, file).toBe(1);
        expect(doc.error, file).toMatch(/not a table/);
      }
    }
    // OwnTracks recordings and the SQL schema are not tables; every CSV/TXT export is.
    for (const [name, code] of Object.entries(outcomes)) {
      expect(code, name).toBe(/\.(rec|sql)$/.test(name) ? 1 : 0);
    }
  }, 120_000);
});

describe('itinera mapping on a generated XLSX workbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'itinera-cli-xlsx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const workbook = join(dir, 'fleet report.xlsx');
  writeFileSync(
    workbook,
    rezipXlsx(positionsWorkbook(60, 1), { extraSheets: [{ name: 'Totals', rows: 4 }] }),
  );

  it('prints the detected mapping as JSON with format xlsx (exit 0)', () => {
    const run = itinera('mapping', workbook, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as MappingJson;
    expect(Object.keys(doc)).toEqual(['path', 'format', 'confidence', 'mapping', 'notes']);
    expect(doc.path).toBe(workbook);
    expect(doc.format).toBe('xlsx');
    expect(doc.confidence).toBeGreaterThan(0.9);
    expect(validateTableMapping(doc.mapping).ok).toBe(true);
    expect(doc.mapping.dialect).toMatchObject({ delimiter: '', header: true, skipRows: 1 });
    expect(doc.mapping.dialect.encoding).toBeUndefined();
    const roles = Object.fromEntries(doc.mapping.columns.map((c) => [c.header, c.role]));
    expect(roles).toMatchObject({ Time: 'datetime', Latitude: 'lat', Longitude: 'lon' });
    expect(doc.notes[0]).toBe('worksheet 1: header row, skipping 1 leading row(s)');
    expect(doc.notes.some((n) => n.includes('the workbook has 2 (Positions, Totals)'))).toBe(true);
  });

  it('prints it for people without delimiter or encoding', () => {
    const run = itinera('mapping', workbook);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+format\s+xlsx \(positions\)/m);
    expect(run.stdout).toMatch(/^\s+dialect\s+worksheet 1, header row, decimal point, skip 1$/m);
    expect(run.stdout).not.toMatch(/delimiter|encoding/);
    expect(run.stdout).toMatch(/^\s+1\s+lat\s+Latitude$/m);
  });

  it('exits 1 for a damaged workbook, saying why', () => {
    const damaged = join(dir, 'damaged.xlsx');
    writeFileSync(damaged, positionsWorkbook(20).subarray(0, 120));
    const run = itinera('mapping', damaged, '--json');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { format: string; error: string };
    expect(doc.format).toBe('xlsx');
    expect(doc.error).toMatch(/No first worksheet/);
  });
});

/** OpenGTS status codes the built-in preset turns into events (the rest are ignored). */
const OPENGTS_EVENT_CODES = new Set([
  '61713',
  '61715',
  '61716',
  '62465',
  '62467',
  '62476',
  '62477',
  '62144',
  '62150',
]);

describe.skipIf(!haveFixtures)('itinera inspect: events and reported stops', () => {
  it('counts and lists the OpenGTS status events with their times and positions', () => {
    const path = join(fleet, 'opengts_demo_EventData.txt');
    const run = itinera('inspect', '--json', '--points', path);
    expect(run.code).toBe(0);
    const file = (JSON.parse(run.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    // Independent reading: field 3 is the status code, field 2 the Unix time.
    const expected = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(',').map((f) => f.trim()))
      .filter((f) => OPENGTS_EVENT_CODES.has(f[3]!))
      .map((f) => new Date(Number(f[2]) * 1000).toISOString())
      .sort();
    const counts = file.counts as Record<string, number>;
    const events = file.events as { t: string | null; type: string; lat?: number; lon?: number }[];
    expect(counts.events).toBe(events.length);
    expect(counts.stops).toBe(0);
    // Every status code of the code table became a `status` event at its row's time.
    const status = events.filter((e) => e.type === 'status');
    expect(status.map((e) => e.t).sort()).toEqual(expected);
    expect(expected.length).toBe(15);
    // The rest are odometer readings (the reader samples them), never another type.
    expect(events.filter((e) => e.type !== 'status').every((e) => e.type === 'odometer')).toBe(
      true,
    );
    for (const e of events) {
      expect(Object.keys(e).every((k) => ['t', 'type', 'value', 'lat', 'lon'].includes(k))).toBe(
        true,
      );
      expect(e.lat).toBeGreaterThan(30);
      expect(e.lon).toBeLessThan(-100);
    }
    expect(file.stops).toEqual([]);
    expect((file.points as unknown[]).length).toBe(counts.points);
  });

  it('lists a Google-timeline style visit as a reported stop, times in UTC', () => {
    const path = join(other, 'EDGE_dawarich_csv_quoted_google_timeline_style.csv');
    const run = itinera('inspect', '--json', '--points', path);
    const file = (JSON.parse(run.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    expect((file.counts as Record<string, number>).stops).toBe(1);
    // The Visit row: 11:02:12 to 22:14:34 at -08:00.
    expect(file.stops).toEqual([
      {
        start: '2024-12-02T19:02:12.000Z',
        end: '2024-12-03T06:14:34.000Z',
        lat: 32.8955442,
        lon: -117.1929882,
      },
    ]);
    expect(file.events).toEqual([]);
  });

  it('keeps the table output and counts without --points', () => {
    const path = join(fleet, 'opengts_demo_EventData.txt');
    const doc = JSON.parse(itinera('inspect', '--json', path).stdout) as {
      files: Record<string, unknown>[];
    };
    expect(doc.files[0]).not.toHaveProperty('events');
    expect(doc.files[0]).not.toHaveProperty('stops');
    expect((doc.files[0]!.counts as Record<string, number>).events).toBeGreaterThan(0);
    const table = itinera('inspect', path).stdout;
    expect(table.split('\n')[0]).toMatch(/EVENTS\s+STOPS/);
  });
});
