/**
 * Golden test: on every photo in ../shared/fixtures/photos, our coordinates equal exiftool's `-n`
 * values within 1e-7°, and our time equals exiftool's DateTimeOriginal + SubSecTimeOriginal +
 * OffsetTimeOriginal, else its GPSDateTime, wherever one exists (issue 5).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesReader, readPhoto } from '../../../../shared/formats/photo';
import type { Photo } from '../../../../shared/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const photosDir = path.resolve(repoRoot, '../shared/fixtures/photos');
const present = fs.existsSync(photosDir);
const hasExiftool = (() => {
  try {
    execFileSync('exiftool', ['-ver'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!present) console.warn(`skipping photo golden test: ${photosDir} not present`);
if (!hasExiftool) console.warn('skipping photo golden test: exiftool not installed');

type ExiftoolRecord = Record<string, string | number | undefined>;

function runExiftool(dir: string): Map<string, ExiftoolRecord> {
  const out = execFileSync(
    'exiftool',
    [
      '-n',
      '-json',
      '-G1',
      '-a',
      '-ExifIFD:DateTimeOriginal',
      '-ExifIFD:SubSecTimeOriginal',
      '-ExifIFD:OffsetTimeOriginal',
      '-Composite:GPSDateTime',
      '-Composite:GPSLatitude',
      '-Composite:GPSLongitude',
      dir,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const records = JSON.parse(out) as ExiftoolRecord[];
  return new Map(records.map((r) => [path.basename(String(r.SourceFile)), r]));
}

/** Independent of the reader's parser: Date.UTC on the fields, and a check that they are real. */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  const valid =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
  return valid && y > 0 ? t : undefined;
}

function msOfFraction(digits: string): number {
  return Number((digits + '00').slice(0, 3));
}

/** exiftool's DateTimeOriginal + SubSecTimeOriginal + OffsetTimeOriginal as UTC ms. */
function expectedShutter(r: ExiftoolRecord): number | undefined {
  const dto = r['ExifIFD:DateTimeOriginal'];
  const oto = r['ExifIFD:OffsetTimeOriginal'];
  if (typeof dto !== 'string' || typeof oto !== 'string') return undefined;
  const m = /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(dto);
  const o = /^([+-])(\d\d):(\d\d)$/.exec(oto);
  if (!m || !o) return undefined;
  const sub = r['ExifIFD:SubSecTimeOriginal'];
  const ms = sub === undefined ? 0 : msOfFraction(String(sub));
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as number[];
  const wall = utcMs(y!, mo!, d!, h!, mi!, s!, ms);
  if (wall === undefined) return undefined;
  const offsetMin = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
  return wall - offsetMin * 60_000;
}

function expectedGps(r: ExiftoolRecord): number | undefined {
  const g = r['Composite:GPSDateTime'];
  if (typeof g !== 'string') return undefined;
  const m = /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$/.exec(g);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as number[];
  return utcMs(y!, mo!, d!, h!, mi!, s!, m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0);
}

interface Row {
  file: string;
  field: string;
  exiftool: string;
  ours: string;
}

function iso(t: number | undefined): string {
  return t === undefined || Number.isNaN(t) ? '—' : new Date(t).toISOString();
}

describe.skipIf(!present || !hasExiftool)('photo metadata vs exiftool', () => {
  it('agrees on coordinates and time for every fixture photo', async () => {
    const files = fs.readdirSync(photosDir).sort();
    expect(files.length).toBeGreaterThan(30);
    const golden = runExiftool(photosDir);
    const mismatches: Row[] = [];
    let comparedPositions = 0;
    let comparedTimes = 0;
    for (const file of files) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(photosDir, file)));
      const { photo } = await readPhoto(bytesReader(bytes), file, 0);
      const g = golden.get(file);
      expect(g, `exiftool output for ${file}`).toBeDefined();
      const p = photo as Photo;
      expect(p, `${file} is read as a photo`).not.toBeNull();

      const lat = g!['Composite:GPSLatitude'];
      const lon = g!['Composite:GPSLongitude'];
      if (typeof lat === 'number' && typeof lon === 'number' && !(lat === 0 && lon === 0)) {
        comparedPositions++;
        const ok =
          p.lat !== undefined &&
          p.lon !== undefined &&
          Math.abs(p.lat - lat) <= 1e-7 &&
          Math.abs(p.lon - lon) <= 1e-7;
        if (!ok)
          mismatches.push({
            file,
            field: 'lat,lon',
            exiftool: `${lat},${lon}`,
            ours: `${p.lat},${p.lon}`,
          });
      } else if (p.lat !== undefined) {
        mismatches.push({
          file,
          field: 'lat,lon',
          exiftool: `${lat},${lon}`,
          ours: `${p.lat},${p.lon} (expected none)`,
        });
      }

      const expected = expectedShutter(g!) ?? expectedGps(g!);
      if (expected !== undefined) {
        comparedTimes++;
        if (p.t !== expected) {
          mismatches.push({
            file,
            field: 't',
            exiftool: iso(expected),
            ours: `${iso(p.t)} (${p.timeBasis})`,
          });
        }
      }
    }
    if (mismatches.length > 0) console.table(mismatches);
    expect(mismatches).toEqual([]);
    // Guard against a vacuous pass (e.g. exiftool output not parsed).
    expect(comparedPositions).toBeGreaterThanOrEqual(37);
    expect(comparedTimes).toBeGreaterThanOrEqual(25);
  });
});
