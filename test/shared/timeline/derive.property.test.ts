import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/model';
import { deriveTimeline } from '../../../shared/timeline/derive';
import { defaultTimelineSettings, resolveSourceSettings } from '../../../shared/timeline/settings';
import type { Timeline, TimelineStop } from '../../../shared/timeline/types';
import { MIN, source, T0, type Fix } from './helpers';

/** A random walk of stays and drives, with occasional silences and reported stops. */
const arbSource = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom('tracker' as const, 'phone' as const),
      steps: fc.array(
        fc.record({
          dtS: fc.integer({ min: 5, max: 1500 }),
          east: fc.integer({ min: -3000, max: 3000 }),
          north: fc.integer({ min: -3000, max: 3000 }),
          still: fc.integer({ min: 0, max: 40 }),
        }),
        { maxLength: 30 },
      ),
      reported: fc.array(
        fc.record({
          startMin: fc.integer({ min: 0, max: 600 }),
          lenMin: fc.integer({ min: 0, max: 90 }),
          e: fc.integer({ min: -5000, max: 5000 }),
        }),
        { maxLength: 3 },
      ),
    })
    .map(({ kind, steps, reported }): Source => {
      const fixes: Fix[] = [];
      let t = T0;
      let east = 0;
      let north = 0;
      for (const s of steps) {
        east += s.east;
        north += s.north;
        t += s.dtS * 1000;
        fixes.push({ t, east, north });
        for (let k = 0; k < s.still; k++)
          fixes.push({ t: (t += 30_000), east: east + (k % 3), north });
      }
      const base = source(id, kind, fixes);
      base.reportedStops = reported.map((r) => ({
        start: T0 + r.startMin * MIN,
        end: T0 + (r.startMin + r.lenMin) * MIN,
        timeBasis: 'utc' as const,
        lat: 51 + r.e / 1e5,
        lon: 3,
      }));
      return base;
    });

const settings = defaultTimelineSettings('UTC');
const stopsOf = (tl: Timeline): TimelineStop[] =>
  tl.entries.filter((e): e is TimelineStop => e.type === 'stop');
const reportedRefs = (tl: Timeline): Set<string> =>
  new Set(
    [...stopsOf(tl), ...(tl.contested ?? [])]
      .flatMap((s) => s.evidence)
      .filter((e) => e.kind === 'reported-stop')
      .map((e) => JSON.stringify(e)),
  );

describe('deriveTimeline properties', () => {
  it('entries are sorted and never overlap; detected stops last at least the minimum', () => {
    fc.assert(
      fc.property(arbSource('a'), arbSource('b'), arbSource('c'), (a, b, c) => {
        const tl = deriveTimeline([a, b, c], settings);
        for (let i = 1; i < tl.entries.length; i++) {
          expect(tl.entries[i]!.start).toBeGreaterThanOrEqual(tl.entries[i - 1]!.start);
          expect(tl.entries[i]!.start).toBeGreaterThanOrEqual(tl.entries[i - 1]!.end);
        }
        for (const e of tl.entries) expect(e.end).toBeGreaterThanOrEqual(e.start);
        const byId = new Map([a, b, c].map((s) => [s.id, s]));
        for (const s of stopsOf(tl)) {
          if (!s.origin.includes('detected')) continue;
          const min = Math.min(
            ...s.sources.map((id) => resolveSourceSettings(byId.get(id)!, settings).stopMinS),
          );
          expect(s.durationS).toBeGreaterThanOrEqual(min);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the order of the sources does not change the output', () => {
    fc.assert(
      fc.property(arbSource('a'), arbSource('b'), arbSource('c'), (a, b, c) => {
        const one = deriveTimeline([a, b, c], settings);
        expect(deriveTimeline([c, a, b], settings)).toEqual(one);
        expect(deriveTimeline([b, c, a], settings)).toEqual(one);
      }),
      { numRuns: 100 },
    );
  });

  it('adding a source never removes a reported stop', () => {
    fc.assert(
      fc.property(arbSource('a'), arbSource('b'), arbSource('c'), (a, b, c) => {
        const before = reportedRefs(deriveTimeline([a, b], settings));
        const after = reportedRefs(deriveTimeline([a, b, c], settings));
        for (const ref of before) expect(after.has(ref)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on the host time zone', () => {
    // vitest runs with TZ=Pacific/Chatham; the result must equal a hand-checked UTC one.
    const fixes: Fix[] = [];
    for (let k = 0; k <= 40; k++) fixes.push({ t: T0 + k * 30_000, east: 0, north: 0 });
    const tl = deriveTimeline([source('a', 'tracker', fixes)], settings);
    expect(new Date(stopsOf(tl)[0]!.start).toISOString()).toBe('2024-06-01T08:00:00.000Z');
    expect(stopsOf(tl)[0]!.durationS).toBe(1200);
  });
});
