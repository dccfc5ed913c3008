/**
 * Differential test: the table reader against GPSBabel's `unicsv` reader
 * (`gpsbabel -i unicsv -f FILE -o unicsv -F OUT`) on every CSV/TXT table fixture. Where both read
 * a file, the point count must match and coordinates agree within 1e-6° (unicsv prints 6
 * decimals). Each file where they differ is listed in DIFFERENCES with the reason, checked:
 * - "gpsbabel-fails": unicsv cannot read the layout at all (E7 integers, decimal commas, epoch
 *   seconds, yymmdd dates, WKT, header-less dumps, `#` metadata before the header); GPSBabel must
 *   report an error or produce no points, so the day it learns the layout this test says so.
 * - "visits-only": a timeline with Activity and Visit rows; unicsv makes a point of every row,
 *   we import only Visits as reported stops: the stop's coordinates must equal GPSBabel's point
 *   for the same row.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTableReader } from '../../../../shared/formats/table/table-reader';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixturesRoot = path.resolve(repoRoot, '../shared/fixtures');
const GPSBABEL = '/usr/bin/gpsbabel';
const present = fs.existsSync(path.join(fixturesRoot, 'fleet-csv'));
const hasGpsbabel = fs.existsSync(GPSBABEL);
if (!present)
  console.warn(`skipping table/gpsbabel differential test: ${fixturesRoot} not present`);
if (!hasGpsbabel)
  console.warn(`skipping table/gpsbabel differential test: ${GPSBABEL} not installed`);

const DIFFERENCES: Record<string, 'gpsbabel-fails' | 'visits-only'> = {
  'EDGE_dawarich_csv_e7_integers.csv': 'gpsbabel-fails',
  'EDGE_dawarich_csv_semicolon_decimal_comma.csv': 'gpsbabel-fails',
  'EDGE_dawarich_csv_unix_epoch.csv': 'gpsbabel-fails',
  'EDGE_reitti_trip_1_wkt_points.csv': 'gpsbabel-fails',
  'gpsbabel_columbus_P1markII_24173415.CSV': 'gpsbabel-fails',
  'gpsbabel_garmin_g1000_flightlog.csv': 'gpsbabel-fails',
  'opengts_demo_EventData.txt': 'gpsbabel-fails',
  'EDGE_dawarich_csv_quoted_google_timeline_style.csv': 'visits-only',
};

function gpsbabelPoints(file: string): { ok: boolean; points: [number, number][] } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'itinera-unicsv-')), 'out.csv');
  const r = spawnSync(GPSBABEL, ['-i', 'unicsv', '-f', file, '-o', 'unicsv', '-F', out], {
    encoding: 'utf8',
  });
  if (r.status !== 0 || !fs.existsSync(out)) return { ok: false, points: [] };
  const lines = fs.readFileSync(out, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const la = header.indexOf('Latitude');
  const lo = header.indexOf('Longitude');
  return {
    ok: true,
    points: lines.slice(1).map((l) => {
      const c = l.split(',');
      return [Number(c[la]), Number(c[lo])];
    }),
  };
}

const files = present
  ? ['fleet-csv', 'other-tracks'].flatMap((d) =>
      fs
        .readdirSync(path.join(fixturesRoot, d))
        .filter((f) => /\.(csv|txt)$/i.test(f))
        .sort()
        .map((f) => path.join(fixturesRoot, d, f)),
    )
  : [];

describe.skipIf(!present || !hasGpsbabel)('table reader vs gpsbabel unicsv', () => {
  it.each(files)('%s', (file) => {
    const name = path.basename(file);
    const r = createTableReader({ fileName: name });
    r.push(new Uint8Array(fs.readFileSync(file)));
    const ours = r.finish();
    const theirs = gpsbabelPoints(file);
    const rule = DIFFERENCES[name];
    if (rule === 'gpsbabel-fails') {
      expect(
        theirs.ok && theirs.points.length > 0,
        'gpsbabel now reads this file: compare it',
      ).toBe(false);
      expect(ours.fixes.count).toBeGreaterThan(0);
      return;
    }
    if (rule === 'visits-only') {
      expect(theirs.points).toHaveLength(2);
      expect(ours.reportedStops).toHaveLength(1);
      const stop = ours.reportedStops![0]!;
      expect(Math.abs(stop.lat! - theirs.points[stop.line! - 2]![0])).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(stop.lon! - theirs.points[stop.line! - 2]![1])).toBeLessThanOrEqual(1e-6);
      return;
    }
    expect(theirs.ok).toBe(true);
    expect(ours.fixes.count).toBe(theirs.points.length);
    for (let i = 0; i < ours.fixes.count; i++) {
      expect(Math.abs(ours.fixes.lat[i]! - theirs.points[i]![0])).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(ours.fixes.lon[i]! - theirs.points[i]![1])).toBeLessThanOrEqual(1e-6);
    }
  });
});
