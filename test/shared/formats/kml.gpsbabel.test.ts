/**
 * Differential test: the KML/KMZ reader against GPSBabel 1.8 (`gpsbabel -t|-w -i kml -f FILE -o
 * unicsv`) on every fixture in ../shared/fixtures/kml. GPSBabel cannot open a ZIP, so KMZ
 * archives are unzipped to a temporary folder and each .kml entry read in archive order.
 *
 * Mapping: GPSBabel's track points are our path fixes (gx:Track, gx:MultiTrack, LineString);
 * its waypoints are our Point placemarks, timed (fixes listed in `placemarkFixes`) and untimed
 * (`waypoints`), in file order. By default both counts must match, coordinates within 1e-6°
 * (unicsv prints 6 decimals) and times to the millisecond where both have one.
 *
 * Justified differences, checked exactly per fixture in DIFFERENCES:
 * - "polygon-rings": GPSBabel turns a Polygon's outer ring into a track; a polygon is an area,
 *   not where something was, so we skip it (issue `kml.geometry.skipped`).
 * - "bad-coordinates-as-zero": GPSBabel reads non-numeric coordinates as 0 (C `atof`), giving
 *   points at 0,0 or on the equator; we reject each such tuple with a located issue.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { createKmlReader } from '../../../shared/formats/kml';
import type { KmlReaderResult } from '../../../shared/formats/kml-types';
import { createKmzReader } from '../../../shared/formats/kmz';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/kml');
const GPSBABEL = '/usr/bin/gpsbabel';
const present = fs.existsSync(fixturesDir);
const hasGpsbabel = fs.existsSync(GPSBABEL);
if (!present) console.warn(`skipping KML/gpsbabel differential test: ${fixturesDir} not present`);
if (!hasGpsbabel)
  console.warn(`skipping KML/gpsbabel differential test: ${GPSBABEL} not installed`);

const TOLERANCE = 1e-6;

interface Difference {
  rule: 'polygon-rings' | 'bad-coordinates-as-zero';
  /** What GPSBabel gives and what we give instead, counted by hand from the fixture. */
  babel: { track: number; waypoints: number };
  ours: { path: number; points: number };
  /** Issue codes that must explain the difference. */
  issues: string[];
}

const DIFFERENCES: Record<string, Difference> = {
  // One Polygon with a 3-point outer ring (and TimeSpan "0725", not a date-time).
  'EDGE_togeojson_timespan_kml21_ns.kml': {
    rule: 'polygon-rings',
    babel: { track: 3, waypoints: 0 },
    ours: { path: 0, points: 0 },
    issues: ['kml.geometry.skipped'],
  },
  // Point "no,no" → GPSBabel waypoint at 0,0; LineString "no,no,0 -122.364152,no,0" → 2 track
  // points at 0,0 and 0,-122.364152; Polygon outer ring of 5 "no,30" → 5 track points.
  'EDGE_togeojson_bad_coordinates.kml': {
    rule: 'bad-coordinates-as-zero',
    babel: { track: 7, waypoints: 1 },
    ours: { path: 0, points: 0 },
    issues: ['kml.coordinates.invalid', 'kml.geometry.skipped'],
  },
};

interface BabelPoint {
  lat: number;
  lon: number;
  /** UTC epoch ms, or null. */
  t: number | null;
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const tmp = hasGpsbabel && present ? fs.mkdtempSync(path.join(os.tmpdir(), 'kml-gpsbabel-')) : '';
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function gpsbabel(file: string, what: '-t' | '-w'): BabelPoint[] {
  const out = path.join(tmp, `out${what}.csv`);
  execFileSync(GPSBABEL, [what, '-i', 'kml', '-f', file, '-o', 'unicsv', '-F', out], {
    env: { ...process.env, TZ: 'UTC' },
  });
  const lines = fs.readFileSync(out, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = parseCsvLine(lines[0]!);
  const col = (n: string) => header.indexOf(n);
  return lines.slice(1).map((l) => {
    const f = parseCsvLine(l);
    const date = col('Date') >= 0 ? f[col('Date')] : '';
    const time = col('Time') >= 0 ? f[col('Time')] : '';
    return {
      lat: Number(f[col('Latitude')]),
      lon: Number(f[col('Longitude')]),
      t: date && time ? Date.parse(`${date.replace(/\//g, '-')}T${time}Z`) : null,
    };
  });
}

/** GPSBabel's points for a fixture; a KMZ's .kml entries unzipped and read in order. */
function babelRead(name: string): { track: BabelPoint[]; waypoints: BabelPoint[] } {
  const full = path.join(fixturesDir, name);
  let docs = [full];
  if (/\.kmz$/i.test(name)) {
    const entries = unzipSync(new Uint8Array(fs.readFileSync(full)));
    docs = Object.keys(entries)
      .filter((e) => /\.kml$/i.test(e))
      .map((e, i) => {
        const p = path.join(tmp, `${i}.kml`);
        fs.writeFileSync(p, entries[e]!);
        return p;
      });
  }
  return {
    track: docs.flatMap((d) => gpsbabel(d, '-t')),
    waypoints: docs.flatMap((d) => gpsbabel(d, '-w')),
  };
}

function oursRead(name: string): { r: KmlReaderResult; path: BabelPoint[]; points: BabelPoint[] } {
  const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
  const reader: { push(chunk: Uint8Array): void; finish(): KmlReaderResult } = /\.kmz$/i.test(name)
    ? createKmzReader({ fileName: name })
    : createKmlReader({ fileName: name });
  for (let i = 0; i < bytes.length; i += 65536) reader.push(bytes.subarray(i, i + 65536));
  const r = reader.finish();
  const f = r.fixes;
  const at = (i: number): BabelPoint => ({
    lat: f.lat[i]!,
    lon: f.lon[i]!,
    t: Number.isNaN(f.t[i]!) ? null : f.t[i]!,
  });
  const placemarkFix = new Set((r.placemarkFixes ?? []).map((p) => p.fix));
  const pathPoints: BabelPoint[] = [];
  for (let i = 0; i < f.count; i++) if (!placemarkFix.has(i)) pathPoints.push(at(i));
  // Points in file order, timed or not, as GPSBabel lists them.
  const points = [
    ...(r.placemarkFixes ?? []).map((p) => ({ line: p.line ?? 0, p: at(p.fix) })),
    ...r.waypoints.map((w) => ({ line: w.line ?? 0, p: { lat: w.lat, lon: w.lon, t: null } })),
  ]
    .sort((a, b) => a.line - b.line)
    .map((x) => x.p);
  return { r, path: pathPoints, points };
}

function expectSame(ours: BabelPoint[], babel: BabelPoint[], what: string): void {
  expect(ours.length, `${what}: point count`).toBe(babel.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const o = ours[i]!;
    const b = babel[i]!;
    worst = Math.max(worst, Math.abs(o.lat - b.lat), Math.abs(o.lon - b.lon));
    if (o.t !== null && b.t !== null) expect(o.t, `${what} #${i} time`).toBe(b.t);
    else if (b.t !== null)
      expect(o.t, `${what} #${i}: GPSBabel has a time, we have none`).not.toBeNull();
  }
  expect(worst, `${what}: largest coordinate difference`).toBeLessThanOrEqual(TOLERANCE + 1e-12);
}

const files = present ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present || !hasGpsbabel)('KML reader vs GPSBabel', () => {
  it.each(files)('%s', (name) => {
    const babel = babelRead(name);
    const ours = oursRead(name);
    const diff = DIFFERENCES[name];
    if (diff === undefined) {
      expectSame(ours.path, babel.track, 'track points');
      expectSame(ours.points, babel.waypoints, 'waypoints');
      return;
    }
    expect({ track: babel.track.length, waypoints: babel.waypoints.length }).toEqual(diff.babel);
    expect({ path: ours.path.length, points: ours.points.length }).toEqual(diff.ours);
    const codes = ours.r.issues.map((i) => i.code);
    for (const code of diff.issues) expect(codes).toContain(code);
    if (diff.rule === 'bad-coordinates-as-zero') {
      // Every GPSBabel point has a coordinate that was "no" (read as 0).
      for (const p of [...babel.track, ...babel.waypoints])
        expect(p.lat === 0 || p.lon === 0).toBe(true);
    }
  });

  it('agrees on a generated 2,000-point gx:Track written times-first', async () => {
    const { generateKml } = await import('../../bench/gen-kml');
    const file = path.join(tmp, 'gen.kml');
    await generateKml(file, 2000);
    const babel = gpsbabel(file, '-t');
    const r = createKmlReader({ fileName: 'gen.kml' });
    r.push(new Uint8Array(fs.readFileSync(file)));
    const res = r.finish();
    const ours = Array.from({ length: res.fixes.count }, (_, i) => ({
      lat: res.fixes.lat[i]!,
      lon: res.fixes.lon[i]!,
      t: res.fixes.t[i]!,
    }));
    expectSame(ours, babel, 'generated track');
  });
});
