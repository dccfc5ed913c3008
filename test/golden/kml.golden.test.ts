/**
 * Golden sweep over ../shared/fixtures/kml (KML and KMZ): one compact summary per fixture,
 * compared with test/golden/kml/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/kml.golden.test.ts` and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKmlReader, sniffKml } from '../../shared/formats/kml';
import type { KmlReaderResult } from '../../shared/formats/kml-types';
import { createKmzReader, sniffKmz } from '../../shared/formats/kmz';
import { computeStats } from '../../shared/formats/stats';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/kml');
const goldenDir = path.resolve(repoRoot, 'test/golden/kml');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping KML golden sweep: ${fixturesDir} not present`);

const iso = (t: number | undefined): string | null =>
  t === undefined || Number.isNaN(t) ? null : new Date(t).toISOString();
const round = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 1e7) / 1e7;

function readInChunks(bytes: Uint8Array, size: number, name: string): KmlReaderResult {
  const r = /\.kmz$/i.test(name)
    ? createKmzReader({ fileName: name })
    : createKmlReader({ fileName: name });
  for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
  return r.finish();
}

function summarise(name: string, bytes: Uint8Array, r: KmlReaderResult): unknown {
  const { fixes } = r;
  const sampled: unknown[] = [];
  const step = Math.max(1, Math.floor(fixes.count / 12));
  for (let i = 0; i < fixes.count; i++) {
    if (i === 0 || i === fixes.count - 1 || i % step === 0) {
      sampled.push({
        i,
        t: iso(fixes.t[i]),
        lat: round(fixes.lat[i]),
        lon: round(fixes.lon[i]),
        ele: round(fixes.ele?.[i]),
      });
    }
  }
  const stats = computeStats(r);
  const head = bytes.subarray(0, 65536);
  return {
    file: name,
    sniff: { kml: sniffKml(head, name), kmz: sniffKmz(head, name) },
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    stats: { ...stats, first: iso(stats.first ?? undefined), last: iso(stats.last ?? undefined) },
    columns: Object.keys(fixes).filter((k) => k !== 'count'),
    extras: Object.keys(r.fixExtras ?? {}),
    archive: r.archive ?? null,
    parts: r.parts.map((p) => ({
      name: p.name ?? null,
      document: p.document ?? null,
      attributes: p.attributes ?? null,
      segments: p.segments.map((s) => s.end - s.start),
    })),
    placemarkFixes: (r.placemarkFixes ?? []).slice(0, 3).map((p) => ({
      ...p,
      description: p.description?.slice(0, 80),
      end: iso(p.end),
    })),
    waypoints: r.waypoints.slice(0, 10).map((w) => ({
      name: w.name ?? null,
      t: iso(w.t),
      basis: w.timeBasis,
      lat: w.lat,
      lon: w.lon,
      ele: w.ele ?? null,
      line: w.line,
      attributes: w.attributes ?? null,
    })),
    sampled,
    issues: r.issues,
  };
}

const files = present ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present)('KML/KMZ golden sweep', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  it.each(files)('%s matches its golden summary', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const whole = readInChunks(bytes, bytes.length || 1, name);
    const summary = JSON.parse(JSON.stringify(summarise(name, bytes, whole)));
    // Chunking must not change anything.
    const chunked = readInChunks(bytes, 977, name);
    expect(JSON.parse(JSON.stringify(summarise(name, bytes, chunked)))).toEqual(summary);
    const goldenPath = path.join(goldenDir, `${name}.json`);
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(goldenDir, { recursive: true });
      fs.writeFileSync(goldenPath, JSON.stringify(summary, null, 2) + '\n');
    }
    expect(
      fs.existsSync(goldenPath),
      `missing golden ${goldenPath}; run with UPDATE_GOLDEN=1`,
    ).toBe(true);
    expect(summary).toEqual(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
  });

  it('gives every EDGE_ fixture a located or counted issue, named after its file', () => {
    for (const name of files.filter((f) => f.startsWith('EDGE_'))) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
      const r = readInChunks(bytes, 4096, name);
      expect(r.issues.length, name).toBeGreaterThan(0);
      for (const issue of r.issues) {
        expect(issue.file.startsWith(name)).toBe(true);
        expect(issue.code).toMatch(/^[a-z0-9.-]+$/);
      }
    }
  });

  it('reads what each fixture is known to hold', () => {
    const get = (name: string) =>
      readInChunks(new Uint8Array(fs.readFileSync(path.join(fixturesDir, name))), 4096, name);
    // SOURCES.tsv: 2 gx:Track of 2470 points plus the same flight as 2 untimed LineStrings.
    const perf = get('PERF_gpsbabel_92HV66G1_igc_flight.kml');
    expect(perf.parts.map((p) => p.segments[0]!.end - p.segments[0]!.start)).toEqual([
      2470, 2470, 2470, 2470,
    ]);
    expect(Object.keys(perf.fixExtras!)).toContain('igc_gsp');
    // Pause markers at both ends of the OpenTracks track: 2 real points in one segment.
    const open = get('EDGE_gpsbabel_opentracks_empty_coord.kml');
    expect(open.parts[0]!.segments).toEqual([{ start: 0, end: 2 }]);
    expect(open.issues.map((i) => i.code)).toEqual(['kml.track.pause']);
    // Track/coord without the gx prefix: all 16 points.
    expect(get('EDGE_togeojson_non_gx_multitrack.kml').parts[0]!.segments).toEqual([
      { start: 0, end: 16 },
    ]);
    // 23 inReach positions with TimeStamp and ExtendedData, plus their LineString.
    const inreach = get('wheretofly_garmin_inreach_mapshare_track.kml');
    expect(inreach.placemarkFixes).toHaveLength(23);
    expect(inreach.placemarkFixes![0]!.attributes!['Device Type']).toBe('inReach Mini');
  });
});
