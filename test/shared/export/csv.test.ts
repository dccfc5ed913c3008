import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportedSource } from '../../../shared/api';
import { defaultExhibitOptions, type ExhibitRequest } from '../../../shared/exhibit/request';
import { CSV_COLUMNS, exhibitToCsv, UTF8_BOM } from '../../../shared/export/csv';
import { buildExhibitModel } from '../../../shared/export/exhibit-model';
import { deriveTimeline, defaultTimelineSettings } from '../../../shared/timeline/derive';
import type { Gazetteer } from '../../../shared/timeline/types';
import { leg, source, type Fix } from '../timeline/helpers';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (c === '"' || c === '\r' || c === '\n')
        throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

function twoStops(): Fix[] {
  return [
    ...leg(0, 20, 10, [0, 0], [0, 0]),
    ...leg(20, 30, 10, [0, 0], [5000, 0]).slice(1),
    ...leg(30, 50, 10, [5000, 0], [5000, 0]).slice(1),
  ];
}

function csvFor(label: string, place: string): string {
  const gazetteer: Gazetteer = {
    nearest: () => ({ name: place, country: 'BE', distanceM: 10, approximate: true }),
  };
  const src = source('trk', 'tracker', twoStops(), { label }) as ImportedSource;
  const request: ExhibitRequest = {
    sources: [src],
    settings: defaultTimelineSettings('Europe/Brussels'),
    options: { ...defaultExhibitOptions('nl'), displayZone: 'Europe/Brussels' },
  };
  const timeline = deriveTimeline(request.sources, request.settings, { gazetteer });
  return exhibitToCsv(buildExhibitModel(request, timeline));
}

describe('CSV export', () => {
  it('round-trips any place name and source label through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (label, place) => {
        const csv = csvFor(label, place);
        expect(csv.startsWith(UTF8_BOM)).toBe(true);
        const rows = parseCsv(csv.slice(1));
        expect(rows[0]).toEqual([...CSV_COLUMNS]);
        const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
        const stops = rows.slice(1).filter((r) => r[col('kind')] === 'stop');
        expect(stops).toHaveLength(2);
        for (const r of rows.slice(1)) expect(r).toHaveLength(CSV_COLUMNS.length);
        const unformula = (s: string) => (/^''*[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
        expect(unformula(stops[0]![col('place')]!)).toBe(place);
        expect(unformula(stops[0]![col('sources')]!)).toBe(label);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a name that already starts with a quote before a formula sign', () => {
    const rows = parseCsv(csvFor("'-x", '=SUM(A1)').slice(1));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const stop = rows.find((r) => r[col('kind')] === 'stop')!;
    expect(stop[col('sources')]).toBe("''-x");
    expect(stop[col('place')]).toBe("'=SUM(A1)");
  });

  it('writes stops and the legs between them with UTC and display-zone times', () => {
    const rows = parseCsv(csvFor('truck', 'Liège').slice(1));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.slice(1).map((r) => r[col('kind')])).toEqual(['stop', 'leg', 'stop']);
    const [first, legRow, second] = rows.slice(1) as [string[], string[], string[]];
    expect(first[col('n')]).toBe('1');
    expect(first[col('arrival_utc')]).toBe('2024-06-01T08:00:00Z');
    // 08:00Z is 10:00 in Brussels in June.
    expect(first[col('arrival_local')]).toBe('2024-06-01 10:00:00');
    expect(first[col('zone')]).toBe('Europe/Brussels UTC+02:00');
    expect(first[col('place')]).toBe('Liège');
    expect(legRow[col('from_n')]).toBe('1');
    expect(legRow[col('to_n')]).toBe('2');
    expect(Number(legRow[col('distance_m')])).toBeGreaterThan(4900);
    expect(legRow[col('departure_utc')]).toBe(first[col('departure_utc')]);
    expect(legRow[col('arrival_utc')]).toBe(second[col('arrival_utc')]);
    expect(second[col('duration')]).toMatch(/min$/);
  });

  it('neutralises spreadsheet formulas in names', () => {
    const rows = parseCsv(csvFor('=HYPERLINK("x")', '+1').slice(1));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('sources')]).toBe(`'=HYPERLINK("x")`);
    expect(rows[1]![col('place')]).toBe(`'+1`);
  });
});
