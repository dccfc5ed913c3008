import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGeoJsonReader, sniffGeoJson } from '../../../shared/formats/geojson';
import type { ReaderResult } from '../../../shared/formats/reader';
import { TIME_BASES } from '../../../shared/model';

const enc = new TextEncoder();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

function read(input: string | Uint8Array, cuts: number[] = [], naiveZone?: string): ReaderResult {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const r = createGeoJsonReader(
    naiveZone ? { fileName: 't.geojson', naiveZone } : { fileName: 't.geojson' },
  );
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    r.push(bytes.slice(from, c));
    from = c;
  }
  return r.finish();
}

const codes = (r: ReaderResult): string[] => r.issues.map((i) => i.code);
const iso = (t: number | undefined): string | null =>
  t === undefined || Number.isNaN(t) ? null : new Date(t).toISOString();
const rows = (r: ReaderResult): unknown[] =>
  Array.from({ length: r.fixes.count }, (_, i) => [
    iso(r.fixes.t[i]),
    TIME_BASES[r.fixTimeBasis[i]!],
    r.fixes.lat[i],
    r.fixes.lon[i],
  ]);

const pt = (lon: number, lat: number, props: object): object => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: props,
});

describe('GeoJSON reader', () => {
  it('reads timed Points in every time notation as fixes', () => {
    const fc1 = {
      type: 'FeatureCollection',
      features: [
        pt(4.1, 51.1, { time: '2024-03-01T10:00:00Z', accuracy: 12, speed: 3, course: 90 }),
        pt(4.2, 51.2, { timestamp: '2024-03-01T11:00:00+01:00' }),
        pt(4.3, 51.3, { datetime: 1709290800 }),
        pt(4.4, 51.4, { t: 1709290800000 }),
        pt(4.5, 51.5, { recorded_at: '1709290800' }),
        pt(4.6, 51.6, { date: '2024-03-01 12:00:00' }),
      ],
    };
    const r = read(JSON.stringify(fc1));
    expect(r.readable).toBe(true);
    expect(rows(r)).toEqual([
      ['2024-03-01T10:00:00.000Z', 'utc', 51.1, 4.1],
      ['2024-03-01T10:00:00.000Z', 'offset', 51.2, 4.2],
      ['2024-03-01T11:00:00.000Z', 'utc', 51.3, 4.3],
      ['2024-03-01T11:00:00.000Z', 'utc', 51.4, 4.4],
      ['2024-03-01T11:00:00.000Z', 'utc', 51.5, 4.5],
      ['2024-03-01T12:00:00.000Z', 'naive-as-utc', 51.6, 4.6],
    ]);
    expect(r.fixes.accuracyM?.[0]).toBe(12);
    expect(r.fixes.speedMps?.[0]).toBe(3);
    expect(r.fixes.headingDeg?.[0]).toBe(90);
    expect(r.parts).toEqual([{ kind: 'track', name: 'Points', segments: [{ start: 0, end: 6 }] }]);
    expect(codes(r)).toEqual(['geojson.time.no-zone', 'geojson.time.epoch']);
    expect(r.issues[0]!.record).toBe(5);
    expect(r.issues[1]!.message).toContain('2 as seconds, 1 as milliseconds');
    expect(r.formatDetail).toBe('GeoJSON FeatureCollection');
  });

  it('says a chosen naive zone is applied later, not here', () => {
    const r = read(
      JSON.stringify(pt(1, 2, { time: '2024-03-01T12:00:00' })),
      [],
      'Europe/Brussels',
    );
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('naive-as-utc');
    expect(r.issues.find((i) => i.code === 'geojson.time.no-zone')!.message).toContain(
      'Europe/Brussels',
    );
  });

  it('reads LineStrings and MultiLineStrings with coordTimes, times or coordinateProperties.times', () => {
    const t = (s: number): string => `2024-01-01T00:00:0${s}Z`;
    const doc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'a', coordTimes: [t(0), t(1)] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [1, 2, 30],
              [1.1, 2.1, 31],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { coordinateProperties: { times: [[t(2)], [t(3), t(4)]] } },
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [[1, 2]],
              [
                [3, 4],
                [5, 6],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { times: [t(5)] },
          geometry: {
            type: 'LineString',
            coordinates: [
              [7, 8],
              [9, 10],
            ],
          },
        },
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [7, 8],
              [9, 10],
            ],
          },
        },
      ],
    };
    const r = read(JSON.stringify(doc, null, 1));
    expect(rows(r).map((x) => (x as unknown[])[0])).toEqual(
      [t(0), t(1), t(2), t(3), t(4), t(5), null, null, null].map((s) =>
        s ? s.replace('Z', '.000Z') : null,
      ),
    );
    expect(r.fixes.ele?.[0]).toBe(30);
    expect(r.parts.map((p) => [p.name ?? null, p.segments])).toEqual([
      ['a', [{ start: 0, end: 2 }]],
      [
        null,
        [
          { start: 2, end: 3 },
          { start: 3, end: 5 },
        ],
      ],
      [null, [{ start: 5, end: 7 }]],
      [null, [{ start: 7, end: 9 }]],
    ]);
    expect(codes(r)).toEqual(['geojson.line.no-time', 'geojson.times.length-mismatch']);
  });

  it('keeps untimed Points as waypoints and says so', () => {
    const r = read(JSON.stringify(pt(3, 50, { name: 'Depot', description: 'car park' })));
    expect(r.fixes.count).toBe(0);
    expect(r.waypoints).toEqual([
      {
        lat: 50,
        lon: 3,
        t: NaN,
        timeBasis: 'none',
        name: 'Depot',
        description: 'car park',
        line: 1,
      },
    ]);
    expect(codes(r)).toEqual(['geojson.point.no-time']);
    expect(r.formatDetail).toBe('GeoJSON Feature');
  });

  it('rejects out-of-range and non-numeric coordinates with their record index and line', () => {
    const lines = [
      JSON.stringify(pt(3, 50, { time: '2024-01-01T00:00:00Z' })),
      JSON.stringify(pt(3, 95, { time: '2024-01-01T00:00:01Z' })),
      JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: ['x', 1] },
        properties: {},
      }),
      JSON.stringify({ type: 'Point', coordinates: [-181, 0] }),
      JSON.stringify(pt(4, 51, { time: '2024-01-01T00:00:03Z' })),
    ];
    const r = read(lines.join('\n'));
    expect(r.fixes.count).toBe(2);
    expect(r.formatDetail).toBe('Line-delimited GeoJSON');
    const rejected = r.issues.filter((i) => i.code.startsWith('geojson.coordinate'));
    expect(rejected.map((i) => [i.code, i.record, i.line])).toEqual([
      ['geojson.coordinate.out-of-range', 1, 2],
      ['geojson.coordinate.invalid', 2, 3],
      ['geojson.coordinate.out-of-range', 3, 4],
    ]);
  });

  it('reads bare geometries, GeometryCollections and skips polygons with an info issue', () => {
    const doc = {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        {
          type: 'MultiPoint',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    };
    const r = read(JSON.stringify(doc));
    expect(r.readable).toBe(true);
    expect(r.waypoints).toHaveLength(1);
    expect(r.fixes.count).toBe(2);
    expect(codes(r)).toContain('geojson.geometry.area');
  });

  it('splits Overland points into segments by track_id and drops invalid altitude', () => {
    const f = (s: number, track: string): object =>
      pt(1 + s / 1000, 2, {
        timestamp: `2024-01-01T00:00:0${s}Z`,
        track_id: track,
        altitude: 0,
        vertical_accuracy: -1,
        speed: -1,
        horizontal_accuracy: 5,
      });
    const r = read(
      JSON.stringify({
        locations: [
          f(1, 'A'),
          f(2, 'A'),
          f(3, 'B'),
          { type: 'Feature', properties: { action: 'will_terminate' } },
        ],
      }),
    );
    expect(r.formatDetail).toBe('Overland batch (GeoJSON)');
    expect(r.kind).toBe('phone');
    expect(r.parts[0]!.segments).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 3 },
    ]);
    expect(r.fixes.ele).toBeUndefined();
    expect(r.fixes.speedMps).toBeUndefined();
    expect(r.fixes.accuracyM?.[2]).toBe(5);
    expect(codes(r)).toEqual(['geojson.feature.no-geometry']);
  });

  it('says what is wrong with files that are not GeoJSON', () => {
    expect(read('').issues.at(-1)!.message).toContain('empty');
    const notJson = read('<gpx></gpx>');
    expect(notJson.readable).toBe(false);
    expect(codes(notJson)).toEqual(['geojson.json.unexpected', 'geojson.not-geojson']);
    const records = read('{"locations":[{"latitudeE7":1,"longitudeE7":2}]}');
    expect(records.readable).toBe(false);
    expect(codes(records)).toEqual(['geojson.record.not-geojson', 'geojson.not-geojson']);
    const empty = read('{"type":"FeatureCollection","features":[]}');
    expect(empty.readable).toBe(true);
    expect(codes(empty)).toEqual(['geojson.no-positions']);
  });

  it('keeps the features before a truncation and a broken record', () => {
    const doc = `{"type":"FeatureCollection","features":[\n${JSON.stringify(pt(1, 2, { time: '2024-01-01T00:00:00Z' }))},\n{"type":"Feature",,},\n${JSON.stringify(pt(1, 3, { time: '2024-01-01T00:00:01Z' }))},\n{"type":"Fea`;
    const r = read(doc);
    expect(r.fixes.count).toBe(2);
    expect(codes(r)).toEqual(['geojson.json.record.invalid', 'geojson.json.truncated']);
    expect(r.issues.map((i) => i.line)).toEqual([3, 5]);
  });

  it('sniffs GeoJSON, Overland and GPSLogger but not Google Records.json', () => {
    expect(
      sniffGeoJson(enc.encode('\ufeff {"type": "FeatureCollection", "features": []}'), 'x.json')
        ?.format,
    ).toBe('geojson');
    expect(
      sniffGeoJson(enc.encode('{"locations":[{"type":"Feature","geometry":{}}]}'), 'batch.json')
        ?.confidence,
    ).toBe(0.95);
    expect(
      sniffGeoJson(enc.encode('\u001e{"type":"Feature","geometry":null}\n'), 'a.geojsons')?.format,
    ).toBe('geojson');
    expect(sniffGeoJson(enc.encode('{"locations":[{"latitudeE7":1}]}'), 'Records.json')).toBeNull();
    expect(sniffGeoJson(enc.encode('<?xml version="1.0"?><gpx/>'), 'a.gpx')).toBeNull();
  });

  describe('properties', () => {
    const feature = fc.record({
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      t: fc.integer({ min: 0, max: 4_000_000_000 }),
    });
    const docFor = (fs: { lon: number; lat: number; t: number }[], pretty: boolean): string =>
      JSON.stringify(
        {
          type: 'FeatureCollection',
          features: fs.map((f) => pt(f.lon, f.lat, { time: new Date(f.t * 1000).toISOString() })),
        },
        null,
        pretty ? 1 : undefined,
      );

    it('is independent of chunk boundaries', () => {
      fc.assert(
        fc.property(
          fc.array(feature, { maxLength: 8 }),
          fc.boolean(),
          fc.array(fc.nat(), { maxLength: 6 }),
          (fs, pretty, raw) => {
            const bytes = enc.encode(docFor(fs, pretty));
            const cuts = [...new Set(raw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
            const whole = read(bytes);
            expect(whole.fixes.count).toBe(fs.length);
            expect(read(bytes, cuts)).toEqual(whole);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('keeps every complete feature before a truncation point', () => {
      fc.assert(
        fc.property(fc.array(feature, { minLength: 1, maxLength: 8 }), fc.nat(), (fs, at) => {
          const text = docFor(fs, true);
          const bytes = enc.encode(text);
          const cut = at % (bytes.length + 1);
          const r = read(bytes.slice(0, cut));
          // Features whose closing brace is before the cut.
          let complete = 0;
          let from = 0;
          for (let k = 0; k < fs.length; k++) {
            const start = text.indexOf('{\n   "type": "Feature"', from);
            const end = text.indexOf('\n  }', start) + 4;
            if (end <= cut) complete++;
            from = end;
          }
          expect(r.fixes.count).toBe(complete);
          for (let k = 0; k < complete; k++) expect(r.fixes.lat[k] === fs[k]!.lat).toBe(true);
        }),
        { numRuns: 200 },
      );
    });

    it('never throws on arbitrary bytes and always says why', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 400 }),
            fc
              .array(
                fc.constantFrom(
                  '{',
                  '}',
                  '[',
                  ']',
                  '"type"',
                  ':',
                  ',',
                  '"Feature"',
                  '"Point"',
                  '"coordinates"',
                  '[1,2]',
                  '"time"',
                  '"2024-01-01T00:00:00Z"',
                  '\n',
                  'null',
                  '1e999',
                ),
                { maxLength: 80 },
              )
              .map((a) => enc.encode(a.join(''))),
          ),
          (bytes) => {
            const r = read(bytes, [Math.floor(bytes.length / 2)]);
            expect(r.fixes.t.length).toBe(r.fixes.count);
            if (!r.readable) expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
            for (let i = 0; i < r.fixes.count; i++) {
              expect(Math.abs(r.fixes.lat[i]!)).toBeLessThanOrEqual(90);
              expect(Math.abs(r.fixes.lon[i]!)).toBeLessThanOrEqual(180);
            }
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});

function hasGpsbabel(): boolean {
  try {
    execFileSync('gpsbabel', ['-V'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const canDiff = hasGpsbabel() && fs.existsSync(fixturesDir);
if (!canDiff)
  console.warn('skipping GeoJSON differential test: gpsbabel or ../shared/fixtures not present');

/** Positions gpsbabel reads from a GeoJSON file, as [lat, lon]: waypoints, then LineStrings (which it reads as routes). */
function gpsbabelPositions(file: string): number[][] {
  const out: number[][] = [];
  for (const mode of ['-w', '-r']) {
    const csv = execFileSync(
      'gpsbabel',
      [mode, '-i', 'geojson', '-f', file, '-o', 'unicsv', '-F', '-'],
      { encoding: 'utf8' },
    );
    const [header, ...lines] = csv.trim().split('\n');
    const cols = header!.split(',');
    const la = cols.indexOf('Latitude');
    const lo = cols.indexOf('Longitude');
    for (const l of lines) {
      const c = l.split(',');
      out.push([Number(c[la]), Number(c[lo])]);
    }
  }
  return out;
}

describe.skipIf(!canDiff)('GeoJSON reader against gpsbabel', () => {
  const tmp = canDiff ? fs.mkdtempSync(path.join(os.tmpdir(), 'itinera-geojson-')) : '';
  const viaGpsbabel = (gpx: string): string => {
    const out = path.join(tmp, `${path.basename(gpx)}.geojson`);
    execFileSync('gpsbabel', ['-i', 'gpx', '-f', gpx, '-o', 'geojson', '-F', out]);
    return out;
  };
  const cases = [
    ...[
      'togeojson_blue_hills.gpx',
      'togeojson_run.gpx',
      'gpxpy_korita-zbevnica.gpx',
      'togeojson_multitrack_mapsource.gpx',
    ].map((f) => path.join(fixturesDir, 'gpx', f)),
    path.join(fixturesDir, 'geojson/dawarich_gpslogger_geojson.json'),
  ];

  it.each(cases)('%s: same positions within 1e-6°', (src) => {
    const file = src.endsWith('.gpx') ? viaGpsbabel(src) : src;
    const theirs = gpsbabelPositions(file);
    const r = read(new Uint8Array(fs.readFileSync(file)), [4096]);
    // Justified differences: gpsbabel reads LineStrings as routes (we read them as tracks) and
    // timed Points as waypoints (we make them fixes). Both keep file order, so our waypoints then
    // fixes line up with its waypoints then route points.
    const ours = [
      ...r.waypoints.map((w) => [w.lat, w.lon]),
      ...Array.from({ length: r.fixes.count }, (_, i) => [r.fixes.lat[i]!, r.fixes.lon[i]!]),
    ];
    expect(ours.length).toBe(theirs.length);
    expect(ours.length).toBeGreaterThan(0);
    // unicsv prints 6 decimals: agreement within 1e-6° (plus rounding).
    for (let i = 0; i < ours.length; i++) {
      expect(Math.abs(ours[i]![0]! - theirs[i]![0]!)).toBeLessThanOrEqual(5.01e-7);
      expect(Math.abs(ours[i]![1]! - theirs[i]![1]!)).toBeLessThanOrEqual(5.01e-7);
    }
  });

  it('documents what gpsbabel does not read: the Overland batch shape', () => {
    const file = path.join(fixturesDir, 'geojson/dawarich_overland_batch.json');
    expect(gpsbabelPositions(file)).toEqual([]);
    expect(read(new Uint8Array(fs.readFileSync(file))).fixes.count).toBe(6);
  });
});
