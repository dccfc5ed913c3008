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
    // Found: a stop within 250 m whose span meets the visit's, each widened by 10 minutes.
    const found = visits.filter((v) =>
      near(v).some((s) => s.start <= v.end + TEN_MIN && s.end >= v.start - TEN_MIN),
    ).length;
    // Stricter figures, printed for the record: both ends within 10 minutes, or the start.
    const bothEnds = visits.filter((v) =>
      near(v).some(
        (s) => Math.abs(s.start - v.start) <= TEN_MIN && Math.abs(s.end - v.end) <= TEN_MIN,
      ),
    ).length;
    const startOnly = visits.filter((v) =>
      near(v).some((s) => Math.abs(s.start - v.start) <= TEN_MIN),
    ).length;
    const pct = (n: number) => `${((100 * n) / visits.length).toFixed(1)}%`;
    console.log(
      `google semantic 2013-05: ${found}/${visits.length} visits found (${pct(found)}); start within 10 min ${startOnly} (${pct(startOnly)}); both ends within 10 min ${bothEnds} (${pct(bothEnds)}); ${stops.length} stops`,
    );
    expect(found / visits.length).toBeGreaterThanOrEqual(0.75);
  });
});
