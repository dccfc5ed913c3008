import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelimitedTokenizer } from '../../../../shared/formats/table/delimited';
import { detectTableMapping } from '../../../../shared/formats/table/detect-mapping';
import type { TableMapping } from '../../../../shared/formats/table/mapping';
import { BUILTIN_PRESETS, validatePreset } from '../../../../shared/formats/table/presets';
import { sniffDialect } from '../../../../shared/formats/table/sniff-dialect';
import {
  createTableReader,
  sniffTable,
  type TableReaderOptions,
} from '../../../../shared/formats/table/table-reader';
import { createXlsxReader, sniffXlsx } from '../../../../shared/formats/xlsx';
import type { ReaderResult } from '../../../../shared/formats/reader';
import { TIME_BASES } from '../../../../shared/model';
import { buildXlsx } from './xlsx-fixture';

const enc = new TextEncoder();

function tokenize(
  text: string,
  delimiter = ',',
  chunk = text.length || 1,
): { rows: [string[], number][]; broken: number[] } {
  const rows: [string[], number][] = [];
  const broken: number[] = [];
  const t = new DelimitedTokenizer(
    { delimiter, quote: '"' },
    { row: (f, l) => rows.push([f, l]), broken: (l) => broken.push(l) },
  );
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk));
  t.finish();
  return { rows, broken };
}

function read(
  text: string | Uint8Array,
  opts: Partial<TableReaderOptions> = {},
  chunk = 4096,
): ReaderResult {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const r = createTableReader({ fileName: 'test.csv', ...opts });
  for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return r.finish();
}

describe('delimited tokenizer', () => {
  it('handles quotes, embedded delimiters, newlines, doubled quotes and CRLF', () => {
    const { rows } = tokenize('a,"b,c","say ""hi""\nthere"\r\n1, "x" ,3\r\n');
    expect(rows).toEqual([
      [['a', 'b,c', 'say "hi"\nthere'], 1],
      [['1', 'x', '3'], 3],
    ]);
  });
  it('reports an unterminated quote and resumes at the next line', () => {
    const { rows, broken } = tokenize('a,b\n1,"oops\n2,3\n');
    expect(broken).toEqual([2]);
    expect(rows.map((r) => r[0])).toEqual([
      ['a', 'b'],
      ['2', '3'],
    ]);
  });
  it('gives the same rows for any chunking', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        (table, chunk, crlf) => {
          const text = table.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n');
          expect(tokenize(text, ',', chunk)).toEqual(tokenize(text));
        },
      ),
    );
  });
});

describe('dialect sniffing', () => {
  it('finds delimiter, header, skipped lines and decimal comma', () => {
    const g = sniffDialect(
      '# exported\n\ntime;lat;lon\n2024-06-15T10:30:00Z;52,52;13,40\n2024-06-15T10:31:00Z;52,53;13,41\n',
      true,
    );
    expect(g.dialect).toEqual({
      delimiter: ';',
      quote: '"',
      decimalComma: true,
      header: true,
      skipRows: 2,
    });
    const t = sniffDialect('1\t50.85\t4.35\n2\t50.86\t4.36\n', true);
    expect(t.dialect.delimiter).toBe('\t');
    expect(t.dialect.header).toBe(false);
  });
});

const TRACKER =
  'Vehicle;Date;Time;Lat;Lon;Speed (km/h);Ignition;Door;Fuel (%);Driver\n' +
  'TRK-1;15.06.2024;08:00:00;50,8500;4,3500;0;off;closed;80;Ivan\n' +
  'TRK-1;15.06.2024;08:01:00;50,8500;4,3500;0;on;closed;80;Ivan\n' +
  'TRK-1;15.06.2024;08:02:00;50,8600;4,3600;50;on;closed;79;Ivan\n' +
  'TRK-1;15.06.2024;08:03:00;50,8700;4,3700;0;off;open;79;Ivan\n' +
  'TRK-1;15.06.2024;08:04:00;50,8700;4,3700;0;off;open;70;Ivan\n' +
  'TRK-1;15.06.2024;08:05:00;50,8700;4,3700;0;off;closed;60;Ivan\n' +
  'TRK-1;31.06.2024;08:06:00;50,8700;4,3700;0;off;closed;60;Ivan\n' +
  'TRK-1;15.06.2024;08:07:00;;;0;off;closed;60;Ivan\n';

describe('tracker table with events', () => {
  it('detects the mapping with reasons', () => {
    const d = detectTableMapping(TRACKER, 'trk.csv', { complete: true });
    const roles = Object.fromEntries(d.mapping.columns.map((c) => [c.role, c.index]));
    expect(roles).toMatchObject({
      device: 0,
      date: 1,
      time: 2,
      lat: 3,
      lon: 4,
      speed: 5,
      ignition: 6,
      door: 7,
      'fuel-level': 8,
      driver: 9,
    });
    expect(d.mapping.columns.find((c) => c.role === 'date')?.format).toBe('DMY');
    expect(d.mapping.columns.find((c) => c.role === 'speed')?.format).toBe('km/h');
    expect(d.notes.some((n) => n.includes('"Lat"') && n.includes('within ±90'))).toBe(true);
    expect(d.confidence).toBeGreaterThan(0.6);
  });
  it('derives ignition, door, fuel and driver events, rejects bad rows with their line', () => {
    const r = read(TRACKER, { naiveZone: 'Europe/Brussels' });
    expect(r.fixes.count).toBe(6);
    expect(r.fixes.t[0]).toBe(Date.UTC(2024, 5, 15, 6, 0));
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('zone-assumed');
    expect(r.fixes.speedMps![2]).toBeCloseTo(50 / 3.6, 9);
    expect(r.device).toBe('TRK-1');
    const ev = r.events!.map(
      (e) => `${e.type}@${e.line}${e.value !== undefined ? `=${e.value}` : ''}`,
    );
    expect(ev).toEqual([
      'driver@2=Ivan',
      'fuel-level@2=80',
      'ignition-on@3',
      'fuel-level@4=79',
      'ignition-off@5',
      'door-open@5',
      'fuel-level@6=70',
      'fuel-drop@6=9',
      'door-close@7',
      'fuel-level@7=60',
      'fuel-drop@7=10',
    ]);
    const rejected = r.issues.filter((i) => i.code.startsWith('table.row.'));
    expect(rejected.map((i) => [i.code, i.line])).toEqual([
      ['table.row.time', 8],
      ['table.row.no-position', 9],
    ]);
    expect(r.issues.find((i) => i.code === 'table.rows.rejected')?.message).toMatch(/^2 of 8/);
  });
  it('flags naive times without a zone, and DST gaps in a zone', () => {
    const naive = read(
      'time,lat,lon\n2023-03-26 02:30:00,50.1,4.1\n2023-03-26 03:30:00,50.1,4.1\n',
    );
    expect(naive.issues.some((i) => i.code === 'table.time.naive')).toBe(true);
    expect(TIME_BASES[naive.fixTimeBasis[0]!]).toBe('naive-as-utc');
    const berlin = read(
      'time,lat,lon\n2023-03-26 02:30:00,50.1,4.1\n2023-03-26 03:30:00,50.1,4.1\n',
      { naiveZone: 'Europe/Berlin' },
    );
    expect(berlin.fixes.t[0]).toBeNaN();
    expect(berlin.issues.find((i) => i.code === 'table.time.non-existent')?.line).toBe(2);
    expect(berlin.fixes.t[1]).toBe(Date.UTC(2023, 2, 26, 1, 30));
  });
  it('caps individual issues and summarises the total', () => {
    const rows = Array.from(
      { length: 1500 },
      (_, i) => `2024-06-15T10:00:00Z,${i % 2 ? 'x' : '50.1'},4.1`,
    );
    const r = read(`time,lat,lon\n${rows.join('\n')}\n`);
    expect(r.fixes.count).toBe(750);
    expect(
      r.issues.filter((i) => i.code === 'table.row.position' && i.line !== undefined),
    ).toHaveLength(750);
    expect(r.issues.find((i) => i.code === 'table.rows.rejected')?.message).toMatch(/^750 of 1500/);
  });
});

describe('stops report', () => {
  it('imports stops, not fixes, with stated durations', () => {
    const text =
      'Arrival,Departure,Duration,Address,Latitude,Longitude\n' +
      '2024-06-15 08:15,2024-06-15 09:30,01:15:00,"Rue de la Loi 16, Brussels",50.8466,4.3660\n' +
      '2024-06-15 23:50,,00:20:00,Parking E40,50.9,4.1\n';
    const r = read(text, { naiveZone: 'Europe/Brussels' });
    expect(r.fixes.count).toBe(0);
    expect(r.reportedStops).toHaveLength(2);
    expect(r.reportedStops![0]).toMatchObject({
      start: Date.UTC(2024, 5, 15, 6, 15),
      end: Date.UTC(2024, 5, 15, 7, 30),
      statedDurationMs: 75 * 60_000,
      address: 'Rue de la Loi 16, Brussels',
      lat: 50.8466,
      timeBasis: 'zone-assumed',
      line: 2,
    });
    expect(r.reportedStops![1]!.end - r.reportedStops![1]!.start).toBe(20 * 60_000);
    expect(r.formatDetail).toMatch(/stops report/);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        (bytes, chunk) => {
          const r = read(bytes, {}, chunk);
          expect(typeof r.readable).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
  it('keeps every complete row before a truncation, and chunking changes nothing', () => {
    const text =
      'time,lat,lon,speed\n' +
      Array.from(
        { length: 40 },
        (_, i) => `2024-06-15T10:${String(i).padStart(2, '0')}:00Z,50.${i},4.${i},"${i}"`,
      ).join('\n') +
      '\n';
    const full = read(text);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length }),
        fc.integer({ min: 1, max: 50 }),
        (cut, chunk) => {
          const part = read(text.slice(0, cut), {}, chunk);
          const completeRows = Math.max(0, text.slice(0, cut).split('\n').length - 2);
          expect(part.fixes.count).toBeGreaterThanOrEqual(Math.min(completeRows, 40));
          for (let i = 0; i < Math.min(completeRows, part.fixes.count); i++) {
            expect(part.fixes.lat[i]).toBe(full.fixes.lat[i]);
            expect(part.fixes.t[i]).toBe(full.fixes.t[i]);
          }
        },
      ),
    );
  });
  it('reads UTF-16 with BOM and windows-1252', () => {
    const text = 'name,lat,lon,time\nCafé,50.1,4.1,2024-06-15T10:00:00Z\n';
    const u16 = new Uint8Array(2 + text.length * 2);
    u16[0] = 0xff;
    u16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) u16[2 + i * 2] = text.charCodeAt(i);
    expect(read(u16).fixes.count).toBe(1);
    const latin = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const r = read(latin);
    expect(r.fixes.count).toBe(1);
    expect(r.issues.some((i) => i.code === 'table.encoding.windows-1252')).toBe(true);
  });
  it('uses a given mapping and reports an invalid one', () => {
    const mapping: TableMapping = {
      version: 1,
      kind: 'positions',
      dialect: { delimiter: ',', quote: '"', decimalComma: false, header: false, skipRows: 0 },
      columns: [
        { index: 0, role: 'latlon' },
        { index: 1, role: 'epoch-ms' },
      ],
    };
    const r = read('"50.85, 4.35",1718444200123\n', { mapping });
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.t[0]).toBe(1718444200123);
    const bad = read('x\n', { mapping: { ...mapping, columns: [{ index: 0, role: 'name' }] } });
    expect(bad.readable).toBe(false);
    expect(bad.issues[0]!.code).toBe('table.mapping.invalid');
  });
  it('sniffs tables below structured formats and declines non-tables', () => {
    const s = sniffTable(enc.encode(TRACKER), 'x.csv');
    expect(s?.format).toBe('csv');
    expect(s!.confidence!).toBeLessThan(0.8);
    expect(sniffTable(enc.encode('<?xml version="1.0"?><gpx/>'), 'a.csv')).toBeNull();
    expect(
      sniffTable(
        enc.encode('$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\n'),
        'a.txt',
      ),
    ).toBeNull();
    expect(sniffTable(enc.encode('just some words\nin a text file\n'), 'a.txt')).toBeNull();
  });
});

describe('presets', () => {
  it('every built-in preset validates', () => {
    for (const p of BUILTIN_PRESETS)
      expect(validatePreset(p), p.id).toEqual({ ok: true, preset: p });
  });
  it('rejects malformed user presets with the path', () => {
    const v = validatePreset({
      id: 'x',
      label: 'x',
      signature: {},
      mapping: { version: 1, kind: 'positions', dialect: {}, columns: [{ role: 'lat' }] },
    });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors.join()).toMatch(/dialect/);
  });
});

describe('XLSX', () => {
  const rows = [
    [
      { t: 's', v: 'Timestamp' },
      { t: 's', v: 'Latitude' },
      { t: 's', v: 'Longitude' },
      { t: 's', v: 'Ignition' },
    ],
    [
      { t: 'd', v: 45458.4375 },
      { t: 'n', v: 50.85 },
      { t: 'n', v: 4.35 },
      { t: 's', v: 'off' },
    ],
    [
      { t: 'd', v: 45458.4381944444 },
      { t: 'n', v: 50.86 },
      { t: 'n', v: 4.36 },
      { t: 's', v: 'on' },
    ],
    [
      { t: 'inlineStr', v: 'bad' },
      { t: 'n', v: 50.87 },
      { t: 'n', v: 4.37 },
      { t: 's', v: 'on' },
    ],
  ] as const;
  it('reads the first sheet with shared strings and date serials, streamed in small chunks', () => {
    const bytes = buildXlsx(rows.map((r) => [...r]));
    expect(sniffXlsx(bytes, 'a.xlsx')?.format).toBe('xlsx');
    const r = createXlsxReader({ fileName: 'a.xlsx', naiveZone: 'Europe/Brussels' });
    for (let i = 0; i < bytes.length; i += 97) r.push(bytes.subarray(i, i + 97));
    const out = r.finish();
    expect(out.format).toBe('xlsx');
    expect(out.fixes.count).toBe(2);
    expect(out.fixes.t[0]).toBe(Date.UTC(2024, 5, 15, 8, 30));
    expect(out.fixes.t[1]).toBe(Date.UTC(2024, 5, 15, 8, 31));
    expect(out.events!.map((e) => e.type)).toEqual(['ignition-on']);
    expect(out.issues.find((i) => i.code === 'table.row.time')?.line).toBe(4);
  });
  it('honours the 1904 date system', () => {
    const bytes = buildXlsx(
      rows.map((r) => [...r]),
      { date1904: true },
    );
    const r = createXlsxReader({ fileName: 'a.xlsx', naiveZone: 'UTC' });
    r.push(bytes);
    expect(r.finish().fixes.t[0]).toBe(Date.UTC(2028, 5, 16, 10, 30));
  });
  it('reports a damaged workbook without throwing', () => {
    const bytes = buildXlsx(rows.map((r) => [...r]));
    const r = createXlsxReader({ fileName: 'a.xlsx' });
    r.push(bytes.subarray(0, 200));
    const out = r.finish();
    expect(out.readable).toBe(false);
    expect(out.issues.length).toBeGreaterThan(0);
  });
});
