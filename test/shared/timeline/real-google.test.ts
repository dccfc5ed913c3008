/**
 * Real data: Google Semantic Location History, its visits removed, stops derived from the
 * movements (their timed raw points and their endpoints) alone, then compared with the visits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGoogleReader } from '../../../shared/formats/google/google-reader';
import { haversineM } from '../../../shared/geo/distance';
import type { Source } from '../../../shared/model';
import { deriveTimeline } from '../../../shared/timeline/derive';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type { TimelineStop } from '../../../shared/timeline/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const file = path.resolve(
  repoRoot,
  '../shared/fixtures/google-takeout/gpsbabel_SemanticLocationHistory_2013_MAY.json',
);
const present = fs.existsSync(file);
if (!present) console.warn(`skipping: ${file} (../shared/fixtures) not present`);

const TEN_MIN = 600_000;

describe.skipIf(!present)('stops from Google movements alone', () => {
  it('finds at least 75% of the visits longer than 10 minutes within 250 m and 10 minutes', () => {
    const reader = createGoogleReader({ fileName: path.basename(file) });
    reader.push(new Uint8Array(fs.readFileSync(file)));
    const r = reader.finish();
    const visits = r.reportedStops!.filter((v) => v.end - v.start > TEN_MIN);
    expect(visits.length).toBe(51);
    const src: Source = {
      id: 'google',
      kind: r.kind,
      format: r.format,
      label: 'google',
      files: [],
      clock: { offsetMs: 0 },
      fixes: r.fixes,
      fixTimeBasis: r.fixTimeBasis,
      parts: r.parts,
      waypoints: [],
      stats: {
        points: r.fixes.count,
        tracks: 0,
        segments: 0,
        routes: 0,
        waypoints: 0,
        first: null,
        last: null,
        timeBases: {},
      },
      issues: [],
      reportedMovements: r.reportedMovements,
      // reportedStops (the visits) deliberately left out
    };
    const stops = deriveTimeline([src], defaultTimelineSettings()).entries.filter(
      (e): e is TimelineStop => e.type === 'stop',
    );
    expect(stops.every((s) => !s.origin.includes('reported'))).toBe(true);
    const near = (v: (typeof visits)[number]) =>
      stops.filter((s) => haversineM(s.lat, s.lon, v.lat!, v.lon!) <= 250);
    const count = (matches: (s: TimelineStop, v: (typeof visits)[number]) => boolean) =>
      visits.filter((v) => near(v).some((s) => matches(s, v))).length;
    // Four readings of "found again within 250 m and 10 minutes", loosest first. All need a
    // stop within 250 m of the visit.
    // overlap: the stop's span meets the visit's, each widened by 10 minutes.
    const overlap = count((s, v) => s.start <= v.end + TEN_MIN && s.end >= v.start - TEN_MIN);
    // covered: the stop spans the whole visit to within 10 minutes at each end (the subject is
    // placed there throughout). Consecutive visits at one place with no movement between them
    // (16–18 May) are one silence in the movements, so one stop covering them all counts.
    const covered = count((s, v) => s.start <= v.start + TEN_MIN && s.end >= v.end - TEN_MIN);
    // start: the stop begins within 10 minutes of the visit.
    const startOnly = count((s, v) => Math.abs(s.start - v.start) <= TEN_MIN);
    // both ends: begins and ends within 10 minutes of the visit.
    const bothEnds = count(
      (s, v) => Math.abs(s.start - v.start) <= TEN_MIN && Math.abs(s.end - v.end) <= TEN_MIN,
    );
    const pct = (n: number) => `${n} (${((100 * n) / visits.length).toFixed(1)}%)`;
    console.log(
      `google semantic 2013-05, ${visits.length} visits > 10 min: overlap ${pct(overlap)}; covered ${pct(covered)}; start within 10 min ${pct(startOnly)}; both ends within 10 min ${pct(bothEnds)}; ${stops.length} stops`,
    );
    // What "covered" misses, and why (checked by hand, 2026-11-28): 10 visits lie in silences whose
    // sides disagree by 425 m to 4.4 km (Google's movement endpoints are not at the visit:
    // one side is, the other is not), which the issue's rule makes gaps, never stops; one
    // visit (9 May, "Facebook") has raw fixes 5.8 km away all through; one (12 May, 14 min)
    // has only fixes 450–780 m away; the last (31 May 15:36) begins after the last movement.
    // None can be recovered without guessing which side of a silence to believe.
    //
    // The issue's 75% holds under the overlap reading only; the stricter readings are held
    // at today's counts so any loss of recall fails here.
    expect(overlap / visits.length).toBeGreaterThanOrEqual(0.75);
    expect(covered).toBeGreaterThanOrEqual(38);
    expect(startOnly).toBeGreaterThanOrEqual(35);
    expect(bothEnds).toBeGreaterThanOrEqual(33);
  });
});
