/**
 * The XLSX side of the mapping step: the first rows of a generated workbook as cell text
 * (`readXlsxPreview`), the mapping detected from them (the same as the reader's), and the
 * reader honouring a confirmed mapping (`opts.mapping`) instead of detecting its own.
 */
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { TableMapping } from '../../../shared/formats/table/mapping';
import type { ReaderResult } from '../../../shared/formats/reader';
import {
  createXlsxPreviewReader,
  createXlsxReader,
  detectXlsxMapping,
  readXlsxPreview,
  XLSX_DETECT_ROWS,
} from '../../../shared/formats/xlsx';
import { buildXlsx } from './table/xlsx-fixture';
import { FIRST_MS, positionsSheet, positionsWorkbook, rezipXlsx } from './xlsx-workbook';

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function read(bytes: Uint8Array, mapping?: TableMapping, naiveZone?: string): ReaderResult {
  const r = createXlsxReader({
    fileName: 'fleet.xlsx',
    ...(mapping ? { mapping } : {}),
    ...(naiveZone ? { naiveZone } : {}),
  });
  for (const c of chunks(bytes, 1000)) r.push(c);
  return r.finish();
}

function roleIndex(m: TableMapping, role: string): number | undefined {
  return m.columns.find((c) => c.role === role)?.index;
}

describe('readXlsxPreview', () => {
  it('gives the first rows as the reader sees them: shared strings, date serials, numbers, booleans', () => {
    const bytes = buildXlsx([
      [
        { t: 's', v: 'Time' },
        { t: 's', v: 'Lat' },
        { t: 'inlineStr', v: 'Driver' },
        { t: 's', v: 'Moving' },
      ],
      [
        { t: 'd', v: 45458.4375 },
        { t: 'n', v: 50.85 },
        { t: 's', v: 'Jan & Piet' },
        { t: 'b', v: 1 },
      ],
      [
        { t: 'd', v: 45458.5 },
        { t: 'n', v: -0.25 },
        { t: 'inlineStr', v: 'Anne' },
        { t: 'b', v: 0 },
      ],
    ]);
    const preview = readXlsxPreview(bytes, 10, 'a.xlsx');
    expect(preview.rows).toEqual([
      ['Time', 'Lat', 'Driver', 'Moving'],
      ['2024-06-15 10:30:00.000', '50.85', 'Jan & Piet', 'TRUE'],
      ['2024-06-15 12:00:00.000', '-0.25', 'Anne', 'FALSE'],
    ]);
    expect(preview.lines).toEqual([1, 2, 3]);
    expect(preview.sheetNames).toEqual(['Positions']);
    expect(preview.complete).toBe(true);
    expect(preview.issues).toEqual([]);
  });

  it('counts empty and rich-text shared strings, skipping phonetic runs', () => {
    const parts = unzipSync(
      buildXlsx([[0, 1, 2, 3].map((k) => ({ t: 's' as const, v: `s${k}` })), [{ t: 'n', v: 1 }]]),
    );
    parts['xl/sharedStrings.xml'] = strToU8(
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<si/><si><r><t>Lat</t></r><r><t xml:space="preserve">itude</t></r></si>' +
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t/></si></sst>',
    );
    const preview = readXlsxPreview(zipSync(parts), 10);
    expect(preview.rows[0]).toEqual(['', 'Latitude', '東京', '']);
    expect(preview.issues).toEqual([]);
  });

  it('stops at n rows, and chunking the input changes nothing', () => {
    const { cells } = positionsSheet(300);
    const bytes = buildXlsx(cells);
    const whole = readXlsxPreview(bytes, 25);
    expect(whole.rows).toHaveLength(25);
    expect(whole.complete).toBe(false);
    expect(whole.rows[0]).toEqual(['Time', 'Latitude', 'Longitude', 'Speed']);
    expect(whole.rows[24]![0]).toBe('2024-06-15 10:53:00.000');
    expect(whole.lines).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
    for (const size of [1, 7, 97, 4096]) {
      const cut = readXlsxPreview(chunks(bytes, size), 25);
      expect(cut.rows, `chunks of ${size}`).toEqual(whole.rows);
    }
    // Asking for every row gives every row, the header included.
    const all = readXlsxPreview(bytes, 1000);
    expect(all.rows).toHaveLength(301);
    expect(all.complete).toBe(true);
  });

  it('is satisfied before the end of the file when the strings and styles come first', () => {
    const bytes = rezipXlsx(positionsWorkbook(4000), {
      first: ['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'],
      extraSheets: [{ name: 'Summary', rows: 3000 }],
    });
    const reader = createXlsxPreviewReader(30, 'a.xlsx');
    let fed = 0;
    for (const c of chunks(bytes, 1024)) {
      if (reader.satisfied) break;
      reader.push(c);
      fed += c.length;
    }
    expect(reader.satisfied).toBe(true);
    expect(fed).toBeLessThan(bytes.length / 2);
    const preview = reader.finish();
    expect(preview.rows).toHaveLength(30);
    expect(preview.rows[1]).toEqual(['2024-06-15 10:30:00.000', '50.85', '4.35', '30']);
    expect(preview.sheetNames).toEqual(['Positions', 'Summary']);
    // Stopping early is not damage.
    expect(preview.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('in Excel order (strings after the sheet) resolves the strings of the rows kept', () => {
    const bytes = rezipXlsx(positionsWorkbook(500), {
      extraSheets: [{ name: 'Other', rows: 10 }],
    });
    const preview = readXlsxPreview(chunks(bytes, 512), 5);
    expect(preview.rows[0]).toEqual(['Time', 'Latitude', 'Longitude', 'Speed']);
    expect(preview.issues.map((i) => i.code)).toEqual(['xlsx.sheets.ignored']);
  });

  it('reports a truncated or foreign file as issues, never throwing', () => {
    const bytes = positionsWorkbook(50);
    const truncated = readXlsxPreview(bytes.subarray(0, 200), 20);
    expect(truncated.rows).toEqual([]);
    expect(truncated.issues.map((i) => i.code)).toContain('xlsx.no-sheet');
    const text = readXlsxPreview(new TextEncoder().encode('a,b\n1,2\n'), 20);
    expect(text.issues[0]).toMatchObject({ code: 'xlsx.no-sheet', severity: 'error' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(600), (noise, at) => {
        const damaged = bytes.slice();
        damaged.set(noise.subarray(0, Math.max(0, damaged.length - at)), at);
        const p = readXlsxPreview(chunks(damaged, 64), 20);
        expect(p.rows.length).toBeLessThanOrEqual(20);
      }),
      { numRuns: 150 },
    );
  });
});

describe('detectXlsxMapping on the preview', () => {
  it('finds the header below title rows and the roles, as the reader does unasked', () => {
    const bytes = positionsWorkbook(40, 2);
    const preview = readXlsxPreview(bytes, XLSX_DETECT_ROWS, 'fleet.xlsx');
    const detection = detectXlsxMapping(preview.rows, preview.lines, 'fleet.xlsx');
    const { mapping } = detection;
    expect(mapping.dialect).toMatchObject({ delimiter: '', header: true, skipRows: 2 });
    expect(mapping.dialect.encoding).toBeUndefined();
    expect(roleIndex(mapping, 'datetime')).toBe(0);
    expect(roleIndex(mapping, 'lat')).toBe(1);
    expect(roleIndex(mapping, 'lon')).toBe(2);
    expect(detection.confidence).toBeGreaterThan(0.9);
    expect(detection.notes[0]).toMatch(/worksheet 1: header row, skipping 2 leading row/);

    const unasked = read(bytes, undefined, 'UTC');
    const confirmed = read(bytes, mapping, 'UTC');
    expect(unasked.issues.find((i) => i.code === 'table.mapping.detected')?.message).toContain(
      `confidence ${detection.confidence}`,
    );
    expect(confirmed.issues.some((i) => i.code === 'table.mapping.detected')).toBe(false);
    expect(confirmed.fixes.count).toBe(40);
    expect([...confirmed.fixes.t]).toEqual([...unasked.fixes.t]);
    expect([...confirmed.fixes.lat]).toEqual([...unasked.fixes.lat]);
  });

  it('reads as much of a long sheet as the reader needs: the preview rows give the same mapping', () => {
    const bytes = positionsWorkbook(2000, 3);
    const preview = readXlsxPreview(bytes, XLSX_DETECT_ROWS);
    expect(preview.rows).toHaveLength(XLSX_DETECT_ROWS);
    const all = readXlsxPreview(bytes, Infinity);
    expect(all.rows).toHaveLength(2004);
    expect(detectXlsxMapping(preview.rows, preview.lines, 'a.xlsx')).toEqual(
      detectXlsxMapping(all.rows, all.lines, 'a.xlsx'),
    );
  });
});

describe('createXlsxReader with a confirmed mapping', () => {
  const sheet = positionsSheet(30);
  const bytes = buildXlsx(sheet.cells);
  const detected = detectXlsxMapping(
    readXlsxPreview(bytes, XLSX_DETECT_ROWS).rows,
    readXlsxPreview(bytes, XLSX_DETECT_ROWS).lines,
    'fleet.xlsx',
  ).mapping;

  it('reads the fixes of the detected mapping', () => {
    const out = read(bytes, { ...detected, timeZone: 'UTC' });
    expect(out.readable).toBe(true);
    expect(out.fixes.count).toBe(30);
    expect(out.fixes.t[0]).toBe(FIRST_MS);
    expect(out.fixes.t[29]).toBe(sheet.fixes[29]!.t);
    expect(out.fixes.lat[7]).toBeCloseTo(sheet.fixes[7]!.lat, 9);
    expect(out.fixes.lon[7]).toBeCloseTo(sheet.fixes[7]!.lon, 9);
  });

  it('swapping the latitude and longitude roles swaps every fix', () => {
    const swapped: TableMapping = {
      ...detected,
      timeZone: 'UTC',
      columns: detected.columns.map((c) =>
        c.role === 'lat' ? { ...c, role: 'lon' } : c.role === 'lon' ? { ...c, role: 'lat' } : c,
      ),
    };
    const out = read(bytes, swapped);
    expect(out.fixes.count).toBe(30);
    for (let i = 0; i < 30; i++) {
      expect(out.fixes.lat[i]).toBeCloseTo(sheet.fixes[i]!.lon, 9);
      expect(out.fixes.lon[i]).toBeCloseTo(sheet.fixes[i]!.lat, 9);
    }
  });

  it("places naive times in the mapping's zone", () => {
    const out = read(bytes, { ...detected, timeZone: 'Europe/Brussels' });
    // 15 June: Brussels is UTC+2.
    expect(out.fixes.t[0]).toBe(FIRST_MS - 2 * 3600_000);
  });

  it('honours the header and skip settings of the mapping', () => {
    // Declared header-less: the header row is read as data and rejected, the rest still read.
    const out = read(bytes, {
      ...detected,
      timeZone: 'UTC',
      dialect: { ...detected.dialect, header: false },
    });
    expect(out.fixes.count).toBe(30);
    expect(out.issues.some((i) => i.line === 1 && i.severity !== 'info')).toBe(true);
    // Skipping 11 rows (header + 10 data rows) with no header leaves 20 fixes.
    const skipped = read(bytes, {
      ...detected,
      timeZone: 'UTC',
      dialect: { ...detected.dialect, header: false, skipRows: 11 },
    });
    expect(skipped.fixes.count).toBe(20);
    expect(skipped.fixes.t[0]).toBe(sheet.fixes[10]!.t);
  });

  it('applies the decimal comma to numbers stored as text cells (so the dialog keeps it)', () => {
    const textual = buildXlsx([
      ['Time', 'Lat', 'Lon'].map((v) => ({ t: 's' as const, v })),
      [
        { t: 'd', v: 45458.4375 },
        { t: 's', v: '50,85' },
        { t: 's', v: '4,35' },
      ],
      [
        { t: 'd', v: 45458.5 },
        { t: 'inlineStr', v: '50,86' },
        { t: 'n', v: 4.36 },
      ],
    ]);
    const mapping: TableMapping = {
      ...detected,
      timeZone: 'UTC',
      columns: [
        { index: 0, role: 'datetime' },
        { index: 1, role: 'lat' },
        { index: 2, role: 'lon' },
      ],
    };
    expect(read(textual, mapping).fixes.count).toBe(0);
    const comma = read(textual, {
      ...mapping,
      dialect: { ...mapping.dialect, decimalComma: true },
    });
    expect(comma.fixes.count).toBe(2);
    expect([...comma.fixes.lat]).toEqual([50.85, 50.86]);
    // Real number cells are written with a point whatever the setting.
    expect([...comma.fixes.lon]).toEqual([4.35, 4.36]);
  });

  it('rejects an invalid mapping instead of guessing', () => {
    const out = read(bytes, { ...detected, version: 99 } as unknown as TableMapping);
    expect(out.readable).toBe(false);
    expect(out.issues.map((i) => i.code)).toContain('table.mapping.invalid');
  });
});
