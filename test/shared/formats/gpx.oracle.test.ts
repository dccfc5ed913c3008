/**
 * Oracle: our GPX reader against gpxparser (DOM based) on every fixture it can read.
 *
 * Justified differences, handled explicitly below rather than by loose tolerances:
 * - gpxparser keeps points with unparseable lat/lon as NaN; we reject them (and report each).
 * - gpxparser reads times with `new Date(s)`, so zone-less times land in the host zone; we read
 *   them as UTC (basis naive-as-utc, flagged). For those points we check our value against
 *   `Date.UTC` of the same wall time instead.
 * - gpxparser uses `parseFloat`, which accepts trailing junk ("12abc" → 12); we reject such
 *   values. No fixture has them, so any such case would show up as a failure.
 * - `Date` truncates to whole milliseconds; we keep fractions, so times agree to < 1 ms.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGpxReader } from '../../../shared/formats/gpx';
import type { ReaderResult } from '../../../shared/formats/reader';
import { parseIsoTime } from '../../../shared/time/iso';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/gpx');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping GPX oracle: ${fixturesDir} not present`);

interface OraclePoint {
  lat: number;
  lon: number;
  ele: number | null;
  time: Date | null;
}
interface OracleGpx {
  parse(xml: string): boolean;
  tracks: { points: OraclePoint[] }[];
  routes: { points: OraclePoint[] }[];
  waypoints: OraclePoint[];
}

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom') as { JSDOM: new () => { window: { DOMParser: unknown } } };
(globalThis as unknown as { window: unknown }).window = { DOMParser: new JSDOM().window.DOMParser };
const GpxParser = require('gpxparser') as new () => OracleGpx;

function timesAsWritten(xml: string): (string | null)[] {
  return [...xml.matchAll(/<(?:\w+:)?time>([^<]*)<\/(?:\w+:)?time>/g)].map((m) => m[1]!.trim());
}

function ours(bytes: Uint8Array, name: string): ReaderResult {
  const r = createGpxReader({ fileName: name });
  r.push(bytes);
  return r.finish();
}

function comparable(p: OraclePoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lon);
}

const files = present
  ? fs
      .readdirSync(fixturesDir)
      .filter((f) => !f.includes('badcharacter'))
      .sort()
  : [];

describe.skipIf(!present)('GPX reader vs gpxparser', () => {
  it.each(files)('%s', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const xml = new TextDecoder().decode(bytes);
    const oracle = new GpxParser();
    oracle.parse(xml.replace(/^\uFEFF/, ''));
    const r = ours(bytes, name);
    const naive = new Set(
      timesAsWritten(xml).filter((t) => t !== null && parseIsoTime(t)?.basis === 'naive-as-utc'),
    );

    const checkPoint = (
      i: number,
      p: OraclePoint,
      t: number,
      lat: number,
      lon: number,
      ele: number | undefined,
    ): void => {
      expect(lat, `point ${i} lat`).toBeCloseTo(p.lat, 9);
      expect(lon, `point ${i} lon`).toBeCloseTo(p.lon, 9);
      if (p.ele === null) expect(ele === undefined || Number.isNaN(ele)).toBe(true);
      else expect(ele, `point ${i} ele`).toBeCloseTo(p.ele, 9);
      if (p.time === null || Number.isNaN(p.time.getTime())) {
        expect(t, `point ${i} time`).toBeNaN();
      } else if (naive.size > 0 && !Number.isNaN(t) && t !== p.time.getTime()) {
        // A zone-less time: gpxparser applied the host zone, we did not (see header).
        const wall = new Date(p.time.getTime() - p.time.getTimezoneOffset() * 60_000);
        expect(t, `point ${i} naive time`).toBe(wall.getTime());
      } else {
        // Date keeps whole milliseconds; we keep sub-millisecond fractions (Mojstrovka's .2073437 s).
        expect(Math.abs(t - p.time.getTime()), `point ${i} time`).toBeLessThan(1);
      }
    };

    const groups = [
      ...oracle.tracks.map((tr) => ({ kind: 'track', points: tr.points })),
      ...oracle.routes.map((rt) => ({ kind: 'route', points: rt.points })),
    ];
    const ourTracks = r.parts.filter((p) => p.kind === 'track');
    const ourRoutes = r.parts.filter((p) => p.kind === 'route');
    expect(ourTracks.length).toBe(oracle.tracks.length);
    expect(ourRoutes.length).toBe(oracle.routes.length);
    const ourGroups = [...ourTracks, ...ourRoutes];
    groups.forEach((g, gi) => {
      const expected = g.points.filter(comparable);
      const indexes = ourGroups[gi]!.segments.flatMap((s) =>
        Array.from({ length: s.end - s.start }, (_, k) => s.start + k),
      );
      expect(indexes.length, `${g.kind} ${gi} point count`).toBe(expected.length);
      expected.forEach((p, k) => {
        const i = indexes[k]!;
        checkPoint(i, p, r.fixes.t[i]!, r.fixes.lat[i]!, r.fixes.lon[i]!, r.fixes.ele?.[i]);
      });
    });
    const wpts = oracle.waypoints.filter(comparable);
    expect(r.waypoints.length).toBe(wpts.length);
    wpts.forEach((p, k) => {
      const w = r.waypoints[k]!;
      checkPoint(k, p, w.t, w.lat, w.lon, w.ele);
    });
  });
});
