import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExhibitRequest, ExportFileFormat } from '../../shared/exhibit/request';
import type { ExhibitModel } from '../../shared/export/exhibit-model';
import { deriveForRequest } from '../../electron/services/export-derive';
import {
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  renderExport,
} from '../../electron/services/export-files';
import type { Timeline } from '../../shared/timeline/types';
import { demoRequest, HAVE_OGR, ogrFeatures, ogrLayers, type OgrFeature } from './export-helpers';

const repoRoot = resolve(import.meta.dirname, '../..');
const GENERATED = Date.UTC(2026, 10, 28, 12, 0, 0);
const GENERATED_ISO = '2026-11-28T12:00:00Z';
const LATER = Date.UTC(2027, 0, 2, 3, 4, 6);
const LATER_ISO = '2027-01-02T03:04:06Z';
const SOFTWARE = { name: 'Itinera', version: '0.0.0-test' };

let request: ExhibitRequest;
let timeline: Timeline;
let model: ExhibitModel;
const files = {} as Record<ExportFileFormat, string>;
const bytes = {} as Record<ExportFileFormat, Uint8Array>;
let dir: string;

beforeAll(async () => {
  ({ request } = await demoRequest('Europe/Brussels'));
  timeline = deriveForRequest(request);
  dir = mkdtempSync(join(tmpdir(), 'itinera-export-'));
  for (const format of EXPORT_FORMATS) {
    const rendered = await renderExport(request, format, {
      generatedAt: GENERATED,
      software: SOFTWARE,
      timeline,
    });
    model = rendered.model;
    files[format] = join(dir, `demo${EXPORT_EXTENSIONS[format]}`);
    bytes[format] = rendered.bytes;
    writeFileSync(files[format], rendered.bytes);
  }
}, 120_000);

const time = (v: unknown) => Date.parse(String(v).replace(/\//g, '-').replace(' ', 'T'));

function expectStopsLikeModel(features: OgrFeature[], nKey: string, begin: string, end?: string) {
  expect(features.map((f) => Number(f.properties[nKey]))).toEqual(model.stops.map((s) => s.n));
  features.forEach((f, i) => {
    const stop = model.stops[i]!;
    expect(time(f.properties[begin])).toBe(stop.arrival);
    if (end !== undefined) expect(time(f.properties[end])).toBe(stop.departure);
    const [lon, lat] = f.geometry!.coordinates as [number, number];
    expect(lat).toBeCloseTo(stop.lat, 6);
    expect(lon).toBeCloseTo(stop.lon, 6);
  });
}

describe('exports of the demo case', () => {
  it('has the stops the timeline derives, numbered in time order', () => {
    const stops = timeline.entries.filter((e) => e.type === 'stop' && e.n > 0);
    expect(model.stops.length).toBe(stops.length);
    expect(model.stops.length).toBeGreaterThanOrEqual(5);
    expect(model.stops.map((s) => s.arrival)).toEqual(stops.map((s) => s.start));
    expect(model.routes.length).toBe(2);
    expect(model.photos.filter((p) => p.lat !== null).length).toBeGreaterThan(0);
  });

  describe.skipIf(!HAVE_OGR)('read by GDAL', () => {
    for (const format of ['kml', 'kmz'] as const) {
      it(`${format.toUpperCase()}: numbered stops with TimeSpan, a LineString route per source, photos`, () => {
        const layers = ogrLayers(files[format]);
        expect(layers).toContain('Stops');
        expectStopsLikeModel(ogrFeatures(files[format], 'Stops'), 'Name', 'begin', 'end');
        for (const route of model.routes) {
          const name = layers.find((l) => l.startsWith(route.source.label));
          expect(name, route.source.label).toBeDefined();
          const [feature] = ogrFeatures(files[format], name!);
          expect(feature!.geometry!.type).toMatch(/LineString/);
          const first = route.segments[0]!.t[0]!;
          expect(time(feature!.properties.begin)).toBe(first);
          const last = route.segments.at(-1)!.t.at(-1)!;
          expect(time(feature!.properties.end)).toBe(last);
        }
        const photos = ogrFeatures(files[format], 'Photo');
        expect(photos.length).toBe(model.photos.filter((p) => p.lat !== null).length);
        for (const p of photos) expect(Number.isFinite(time(p.properties.timestamp))).toBe(true);
        const legs = ogrFeatures(
          files[format],
          layers.find((l) => l.startsWith('Schematic leg'))!,
        );
        expect(legs.length).toBe(model.stops.length - 1);
      });
    }

    it('GeoJSON: stops as Points with ISO UTC times, routes as lines', () => {
      const [layer] = ogrLayers(files.geojson);
      const stops = ogrFeatures(files.geojson, layer!, "feature = 'stop'");
      expectStopsLikeModel(stops, 'n', 'arrival', 'departure');
      const routes = ogrFeatures(files.geojson, layer!, "feature = 'route'");
      expect(routes.map((r) => r.properties.source_id).sort()).toEqual(
        model.routes.map((r) => r.source.id).sort(),
      );
      for (const r of routes) expect(r.geometry!.type).toMatch(/LineString/);
    });

    it('GPX: a waypoint per stop, a route through them, a track per source', () => {
      const waypoints = ogrFeatures(files.gpx, 'waypoints', "type = 'stop'");
      expectStopsLikeModel(waypoints, 'name', 'time');
      const points = ogrFeatures(files.gpx, 'route_points');
      expect(points.map((p) => p.properties.name)).toEqual(model.stops.map((s) => String(s.n)));
      const tracks = ogrFeatures(files.gpx, 'tracks');
      expect(tracks.map((t) => t.properties.src).sort()).toEqual(
        model.routes.map((r) => r.source.id).sort(),
      );
      const trackPoints = ogrFeatures(files.gpx, 'track_points');
      expect(trackPoints.length).toBe(model.routes.reduce((n, r) => n + r.pointsKept, 0));
    });
  });

  it('GPX validates against the GPX 1.1 schema', () => {
    const run = spawnSync(
      'xmllint',
      ['--noout', '--schema', resolve(repoRoot, '../shared/schemas/gpx-1.1.xsd'), files.gpx],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toContain('validates');
    expect(run.status).toBe(0);
  });

  it('KMZ holds doc.kml first, the thumbnails it references and the manifest', () => {
    const entries = unzipSync(bytes.kmz);
    const names = Object.keys(entries);
    expect(names[0]).toBe('doc.kml');
    expect(names).toContain('itinera-manifest.json');
    const kml = new TextDecoder().decode(entries['doc.kml']);
    const refs = [...kml.matchAll(/src="(files\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBe(model.photos.filter((p) => p.lat !== null).length);
    for (const ref of refs) {
      const image = entries[ref];
      expect(image, ref).toBeDefined();
      expect([image![0], image![1]]).toEqual([0xff, 0xd8]);
    }
    expect(kml).not.toMatch(/https?:\/\/(?!www\.opengis\.net\/kml)/);
  });

  it('SVG schematic: well-formed, every stop numbered, no remote reference', () => {
    const svg = new TextDecoder().decode(bytes.svg);
    const run = spawnSync('xmllint', ['--noout', files.svg], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const s of model.stops) expect(svg).toContain(`<g id="stop-${s.n}">`);
    expect(svg.match(/https?:\/\//g)).toEqual(['http://']);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).not.toMatch(/@import|url\((?!#)/);
    expect(svg).toContain('Schematic route');
  });

  it('SVG schematic in Dutch uses Dutch words and Belgian dates', async () => {
    const nl = {
      ...request,
      options: { ...request.options, locale: 'nl' as const },
    };
    const rendered = await renderExport(nl, 'svg', {
      generatedAt: GENERATED,
      software: SOFTWARE,
      timeline,
    });
    const svg = new TextDecoder().decode(rendered.bytes);
    expect(svg).toContain('Schematische route');
    expect(svg).toContain('aank.');
    expect(svg).toContain('16/04/2024');
  });

  it('CSV: one row per stop and per leg, UTF-8 with BOM, CRLF', () => {
    expect([...bytes.csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.csv);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines[0]!.startsWith('kind,n,from_n,to_n,arrival_utc')).toBe(true);
    const kinds = lines.slice(1).map((l) => l.split(',')[0]);
    expect(kinds.filter((k) => k === 'stop')).toHaveLength(model.stops.length);
    expect(kinds.filter((k) => k === 'leg')).toHaveLength(model.stops.length - 1);
  });

  it('two exports of the same case are identical apart from the generation time', async () => {
    for (const format of EXPORT_FORMATS) {
      const again = await renderExport(request, format, {
        generatedAt: GENERATED,
        software: SOFTWARE,
      });
      expect(Buffer.from(again.bytes).equals(Buffer.from(bytes[format])), format).toBe(true);
      const later = await renderExport(request, format, {
        generatedAt: LATER,
        software: SOFTWARE,
        timeline,
      });
      if (format === 'kmz') {
        const a = unzipSync(bytes.kmz);
        const b = unzipSync(later.bytes);
        expect(Object.keys(b)).toEqual(Object.keys(a));
        for (const name of Object.keys(a)) {
          const x = Buffer.from(a[name]!)
            .toString('latin1')
            .replaceAll(GENERATED_ISO.slice(0, 19), '');
          const y = Buffer.from(b[name]!).toString('latin1').replaceAll(LATER_ISO.slice(0, 19), '');
          expect(y, name).toBe(x);
        }
      } else if (format === 'csv') {
        // The CSV states no generation time at all.
        expect(Buffer.from(later.bytes).equals(Buffer.from(bytes.csv))).toBe(true);
      } else {
        const x = new TextDecoder().decode(bytes[format]).replaceAll(GENERATED_ISO, 'T');
        const y = new TextDecoder().decode(later.bytes).replaceAll(LATER_ISO, 'T');
        expect(y, format).toBe(x);
        expect(y).not.toBe(new TextDecoder().decode(later.bytes));
      }
    }
  }, 60_000);
});

describe('itinera export (CLI)', () => {
  function itinera(args: string[], TZ: string) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/itinera.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, TZ },
      },
    );
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('writes the same KMZ bytes under any host zone', () => {
    const outs = ['UTC', 'America/St_Johns'].map((TZ) => {
      const out = join(dir, `cli-${TZ.replace('/', '-')}.kmz`);
      const run = itinera(
        [
          'export',
          'assets/demo/case',
          '--format',
          'kmz',
          '--out',
          out,
          '--zone',
          'Europe/Brussels',
          '--generated-at',
          GENERATED_ISO,
        ],
        TZ,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/KMZ, \d+ bytes, \d+ stops/);
      return readFileSync(out);
    });
    expect(outs[0]!.equals(outs[1]!)).toBe(true);
  }, 60_000);

  it('rejects an unknown format with the usage', () => {
    const run = itinera(['export', 'assets/demo/case', '--out', join(dir, 'x.shp')], 'UTC');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be one of kml, kmz, geojson, gpx, csv, svg');
  });
});
