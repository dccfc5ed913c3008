/**
 * Differential test: the NMEA reader against GPSBabel 1.8 (`gpsbabel -t -i nmea … -o unicsv`) on
 * every fixture in ../shared/fixtures/nmea. By default both must give the same number of track
 * points, coordinates within 1e-6° (unicsv prints 6 decimals) and the same UTC times.
 *
 * GPSBabel's NMEA reader differs on purpose in a few ways (nmea.cc, read in 1.8.0); each fixture
 * affected is listed in DIFFERENCES with the rule that explains it, checked precisely:
 * - "gga-restamped": once a GGA has been seen, an RMC does not make a point but writes its time
 *   onto the last GGA point. When a receiver sends RMC before GGA in each epoch, every GPSBabel
 *   point after the first has the position of epoch k-1 and the time of epoch k.
 * - "gga-locks": the same rule where some epochs have RMC (or GLL) but no GGA: those epochs are
 *   dropped after the first GGA, and the surviving GGA points are re-stamped. GPSBabel's points
 *   are then an in-order subset of ours by coordinates; the count is the GGA epochs plus the
 *   RMC/GLL epochs before the first GGA (GLL only before any RMC).
 * - "line-start": GPSBabel only reads lines that start with `$`; a log whose sentences all follow
 *   binary bytes on their line gives it nothing, and GGA-only points without a date are dropped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNmeaReader } from '../../../shared/formats/nmea';
import type { ReaderResult } from '../../../shared/formats/reader';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/nmea');
const GPSBABEL = '/usr/bin/gpsbabel';
const present = fs.existsSync(fixturesDir);
const hasGpsbabel = fs.existsSync(GPSBABEL);
if (!present) console.warn(`skipping NMEA/gpsbabel differential test: ${fixturesDir} not present`);
if (!hasGpsbabel)
  console.warn(`skipping NMEA/gpsbabel differential test: ${GPSBABEL} not installed`);

type Rule = 'gga-restamped' | 'gga-locks' | 'line-start';

const DIFFERENCES: Record<string, Rule> = {
  // u-blox: RMC, VTG, GGA, … GLL, ZDA per epoch.
  'gpsd_ublox-neo-m9n_multiGNSS.log': 'gga-restamped',
  'EDGE_pynmeagps_corrupt_header_CRLF.log': 'gga-restamped',
  // RMC/GLL epochs between GGA epochs.
  'EDGE_gpsd_humminbird-M37_boat_time_backwards.log': 'gga-locks',
  'EDGE_gpsd_iTrek_malformed_GSA.log': 'gga-locks',
  'EDGE_pynmeagps_binary_ubx_mixed_with_nmea.log': 'line-start',
};

const TOLERANCE = 1e-6;

interface BabelPoint {
  lat: number;
  lon: number;
  /** ISO `YYYY-MM-DDThh:mm:ss[.sss]`, without zone (UTC, see gpsbabel()). */
  time: string | null;
}

const tmp = hasGpsbabel && present ? fs.mkdtempSync(path.join(os.tmpdir(), 'nmea-gpsbabel-')) : '';
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function gpsbabel(file: string): BabelPoint[] {
  const out = path.join(tmp, `${path.basename(file)}.csv`);
  // unicsv writes times in the process's zone; the suite runs in Pacific/Chatham.
  execFileSync(GPSBABEL, ['-t', '-i', 'nmea', '-f', file, '-o', 'unicsv', '-F', out], {
    stdio: 'pipe',
    env: { ...process.env, TZ: 'UTC' },
  });
  const lines = fs
    .readFileSync(out, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  const [lat, lon, date, time] = [col('Latitude'), col('Longitude'), col('Date'), col('Time')];
  expect(lat).toBeGreaterThanOrEqual(0);
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return {
      lat: Number(f[lat]),
      lon: Number(f[lon]),
      time: date >= 0 && time >= 0 ? `${f[date]!.replace(/\//g, '-')}T${f[time]}` : null,
    };
  });
}

function read(file: string): ReaderResult {
  const r = createNmeaReader({ fileName: path.basename(file) });
  r.push(new Uint8Array(fs.readFileSync(file)));
  return r.finish();
}

/** Our time as unicsv prints it: milliseconds only when not zero. */
function babelTime(t: number): string {
  const iso = new Date(t).toISOString().slice(0, 23);
  return iso.endsWith('.000') ? iso.slice(0, 19) : iso;
}

function close(p: BabelPoint, r: ReaderResult, i: number): boolean {
  return (
    Math.abs(p.lat - r.fixes.lat[i]!) <= TOLERANCE && Math.abs(p.lon - r.fixes.lon[i]!) <= TOLERANCE
  );
}

function expectSamePoint(p: BabelPoint, r: ReaderResult, i: number, j = i): void {
  expect(Math.abs(p.lat - r.fixes.lat[j]!), `lat of point ${i}`).toBeLessThanOrEqual(TOLERANCE);
  expect(Math.abs(p.lon - r.fixes.lon[j]!), `lon of point ${i}`).toBeLessThanOrEqual(TOLERANCE);
  expect(p.time, `time of point ${i}`).toBe(babelTime(r.fixes.t[i]!));
}

/**
 * The position epochs of a (clean) log in file order, each marked whether GPSBabel's "gga-locks"
 * rule turns it into a point. An independent, simple scan: consecutive valid RMC/GGA/GLL of the
 * same time of day are one epoch.
 */
function ggaLockedEpochs(file: string): boolean[] {
  const epochs: boolean[] = [];
  let last = '';
  let sawGga = false;
  let sawRmc = false;
  for (const line of fs.readFileSync(file, 'latin1').split(/\r?\n/)) {
    if (!line.startsWith('$')) continue;
    const f = line.split('*')[0]!.split(',');
    const type = f[0]!.slice(3);
    let tod: string | undefined;
    let kept = false;
    if (type === 'GGA' && f[6] !== '' && f[6] !== '0') {
      tod = f[1];
      kept = true;
      sawGga = true;
    } else if (type === 'RMC' && f[2] === 'A') {
      tod = f[1];
      kept = !sawGga;
      sawRmc = true;
    } else if (type === 'GLL' && f[6] === 'A') {
      tod = f[5];
      kept = !sawGga && !sawRmc;
    }
    if (tod === undefined) continue;
    if (tod !== last) epochs.push(false);
    last = tod;
    if (kept) epochs[epochs.length - 1] = true;
  }
  return epochs;
}

const files = present && hasGpsbabel ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present || !hasGpsbabel)('NMEA reader vs gpsbabel', () => {
  it('covers the fixtures, and every listed difference names a real fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const name of Object.keys(DIFFERENCES)) expect(files).toContain(name);
  });

  it.each(files)('%s', (name) => {
    const file = path.join(fixturesDir, name);
    const babel = gpsbabel(file);
    const ours = read(file);
    const rule = DIFFERENCES[name];

    if (rule === undefined) {
      expect(ours.fixes.count).toBe(babel.length);
      babel.forEach((p, i) => expectSamePoint(p, ours, i));
    } else if (rule === 'gga-restamped') {
      expect(ours.fixes.count).toBe(babel.length);
      expect(babel.length).toBeGreaterThan(1);
      // The first point comes from the first RMC, before any GGA was seen.
      expectSamePoint(babel[0]!, ours, 0);
      for (let i = 1; i < babel.length; i++) expectSamePoint(babel[i]!, ours, i, i - 1);
      // Had GPSBabel used the position of the same epoch, this fixture would have agreed outright.
      expect(babel.some((p, i) => !close(p, ours, i))).toBe(true);
    } else if (rule === 'gga-locks') {
      const epochs = ggaLockedEpochs(file);
      expect(epochs).toHaveLength(ours.fixes.count);
      const kept = epochs.flatMap((k, i) => (k ? [i] : []));
      expect(babel.length).toBe(kept.length);
      expect(babel.length).toBeLessThan(ours.fixes.count);
      // Same positions, in order (times are re-stamped by later RMCs, see above).
      babel.forEach((p, k) => {
        expect(close(p, ours, kept[k]!), `point ${k} vs our fix ${kept[k]}`).toBe(true);
      });
    } else {
      expect(babel).toHaveLength(0);
      expect(ours.fixes.count).toBeGreaterThan(0);
      expect(ours.needs?.[0]?.kind).toBe('date');
    }
  });
});
