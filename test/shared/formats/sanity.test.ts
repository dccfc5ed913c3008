import { describe, expect, it } from 'vitest';
import { FixColumnsBuilder } from '../../../shared/formats/columns';
import type { ReaderResult } from '../../../shared/formats/reader';
import { applySanityChecks, EXAMPLES_PER_ISSUE } from '../../../shared/formats/sanity';
import { timeBasisCode, type ImportIssue, type Waypoint } from '../../../shared/model';

const UTC = timeBasisCode('utc');
const T0 = Date.UTC(2024, 0, 1);
const IMPORTED = Date.UTC(2024, 6, 1);

function result(
  rows: [number, number, number][],
  segments = [{ start: 0, end: rows.length }],
  waypoints: Waypoint[] = [],
  issues: ImportIssue[] = [],
): ReaderResult {
  const b = new FixColumnsBuilder(16);
  for (const [t, lat, lon] of rows) b.set('ele', b.push(t, lat, lon, UTC), 10);
  const { fixes, fixTimeBasis } = b.build();
  return {
    format: 'test',
    kind: 'track',
    fixes,
    fixTimeBasis,
    parts: [{ kind: 'track', segments }],
    waypoints,
    issues,
    readable: true,
  };
}

const check = (r: ReaderResult): ReaderResult =>
  applySanityChecks(r, { fileName: 'f', importedAt: IMPORTED });
const byCode = (r: ReaderResult, code: string): ImportIssue | undefined =>
  r.issues.find((i) => i.code === code);

describe('sanity checks', () => {
  it('returns a clean result unchanged', () => {
    const r = result([
      [T0, 50, 4],
      [T0 + 1000, 50.1, 4.1],
    ]);
    expect(check(r)).toBe(r);
  });

  it('flags null island, early, future, backwards and duplicates, keeping every fix', () => {
    const r = result([
      [T0, 0, 0],
      [Date.UTC(1980, 0, 1), 50, 4],
      [T0 + 5000, 50, 4],
      [T0 + 5000, 50, 4],
      [T0 + 1000, 50, 4],
      [Date.UTC(2030, 0, 1), 50, 4],
      [NaN, 50, 4],
      [NaN, 50, 4],
    ]);
    const out = check(r);
    expect(out.fixes.count).toBe(8);
    expect(out.issues.map((i) => [i.code, i.severity])).toEqual([
      ['sanity.null-island', 'warning'],
      ['sanity.time.before-1990', 'warning'],
      ['sanity.time.future', 'warning'],
      ['sanity.time.backwards', 'warning'],
      ['sanity.duplicate', 'info'],
    ]);
    expect(byCode(out, 'sanity.null-island')!.message).toMatch(/^1 position.*fix #0 /);
    // 1980 after 2024 and 2024-01-01T00:00:01 after 00:00:05.
    expect(byCode(out, 'sanity.time.backwards')!.message).toMatch(/^2 fix.*fix #1 .*fix #4 /);
    // NaN times are not duplicates of each other.
    expect(byCode(out, 'sanity.duplicate')!.message).toMatch(/^1 fix.*fix #3 .*repeats fix #2/);
    expect(r.issues).toEqual([]); // input untouched
  });

  it('does not repeat a backwards finding the reader already made', () => {
    const reader: ImportIssue = {
      file: 'f',
      severity: 'warning',
      code: 'gpx.time.backwards',
      message: 'x',
    };
    const out = check(
      result(
        [
          [T0 + 1, 1, 1],
          [T0, 1, 1],
        ],
        undefined,
        [],
        [reader],
      ),
    );
    expect(out.issues.map((i) => i.code)).toEqual(['gpx.time.backwards']);
  });

  it('removes impossible coordinates that slipped through and remaps segments', () => {
    const r = result(
      [
        [T0, 50, 4],
        [T0 + 1, 91, 4],
        [T0 + 2, 50, 4],
        [T0 + 3, NaN, 4],
        [T0 + 4, 50, -181],
      ],
      [
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 3, end: 5 },
      ],
      [
        { lat: 100, lon: 0, t: NaN, timeBasis: 'none', line: 7 },
        { lat: 0, lon: 0, t: NaN, timeBasis: 'none' },
      ],
    );
    const out = check(r);
    expect(out.fixes.count).toBe(2);
    expect(Array.from(out.fixes.t)).toEqual([T0, T0 + 2]);
    expect(Array.from(out.fixes.ele!)).toEqual([10, 10]);
    expect(out.fixTimeBasis).toHaveLength(2);
    expect(out.parts[0]!.segments).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ]);
    expect(out.waypoints).toHaveLength(1);
    const errors = out.issues.filter((i) => i.code === 'sanity.coordinate.out-of-range');
    expect(errors.map((e) => e.severity)).toEqual(['error', 'error']);
    expect(errors[0]!.message).toMatch(/^3 fix/);
    expect(errors[1]!.line).toBe(7);
    expect(byCode(out, 'sanity.null-island')!.message).toContain('waypoint #0');
  });

  it('lists only the first few locations but counts all', () => {
    const rows: [number, number, number][] = Array.from({ length: 20 }, (_, i) => [T0 + i, 0, 0]);
    const msg = byCode(check(result(rows)), 'sanity.null-island')!.message;
    expect(msg).toMatch(/^20 /);
    expect(msg.match(/fix #/g)).toHaveLength(EXAMPLES_PER_ISSUE);
    expect(msg).toContain('15 more');
  });

  it('handles 5M fixes quickly (shuffled times, some duplicates)', () => {
    const n = 5_000_000;
    const b = new FixColumnsBuilder(n);
    for (let i = 0; i < n; i++) {
      // A permutation of times; every 100 000th fix copies its predecessor's time and place.
      const k = i % 100_000 === 99_999 ? i - 1 : i;
      const t = T0 + ((k * 7_919) % n) * 1000;
      b.push(t, 50 + (k % 1000) / 1e4, 4 + (k % 997) / 1e4, UTC);
    }
    const { fixes, fixTimeBasis } = b.build();
    const r: ReaderResult = {
      format: 'test',
      kind: 'track',
      fixes,
      fixTimeBasis,
      parts: [],
      waypoints: [],
      issues: [],
      readable: true,
    };
    const started = performance.now();
    const out = check(r);
    const ms = performance.now() - started;
    console.log(`sanity: 5M fixes in ${ms.toFixed(0)} ms`);
    expect(byCode(out, 'sanity.duplicate')!.message).toMatch(/^50 fix/);
    expect(ms).toBeLessThan(10_000);
  }, 60_000);
});
