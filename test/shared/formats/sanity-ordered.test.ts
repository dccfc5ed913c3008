import { describe, expect, it } from 'vitest';
import { FixColumnsBuilder } from '../../../shared/formats/columns';
import type { ReaderResult } from '../../../shared/formats/reader';
import { applySanityChecks } from '../../../shared/formats/sanity';
import { timeBasisCode } from '../../../shared/model';

const T0 = Date.UTC(2024, 0, 1);

function result(rows: [number, number, number][]): ReaderResult {
  const b = new FixColumnsBuilder(16);
  for (const [t, lat, lon] of rows) b.push(t, lat, lon, timeBasisCode('utc'));
  const { fixes, fixTimeBasis } = b.build();
  return {
    format: 'test',
    kind: 'track',
    fixes,
    fixTimeBasis,
    parts: [{ kind: 'track', segments: [{ start: 0, end: rows.length }] }],
    waypoints: [],
    issues: [],
    readable: true,
  };
}

const duplicates = (rows: [number, number, number][]): string | undefined =>
  applySanityChecks(result(rows), { fileName: 'f', importedAt: Date.UTC(2025, 0, 1) }).issues.find(
    (i) => i.code === 'sanity.duplicate',
  )?.message;

describe('sanity duplicate check on time-ordered fixes', () => {
  it('finds the same duplicates whether or not the times arrive in order', () => {
    const ordered: [number, number, number][] = [
      [T0, 50, 4],
      [T0 + 1000, 50, 4],
      [T0 + 1000, 50, 4], // copy of #1
      [NaN, 50, 4],
      [T0 + 1000, 51, 4], // same time, other place: not a copy
      [T0 + 2000, 50, 4],
      [T0 + 2000, 50, 4], // copy of #5
      [T0 + 2000, 50, 4], // copy of #5
    ];
    const message = duplicates(ordered);
    expect(message).toMatch(/^3 fix\(es\) repeat an earlier fix exactly/);
    expect(message).toContain('fix #2 (2024-01-01T00:00:01.000Z, 50, 4) repeats fix #1');
    expect(message).toContain('fix #7 (2024-01-01T00:00:02.000Z, 50, 4) repeats fix #5');
    // Out of order: the sort path must find exactly the same copies.
    const shuffled = [...ordered];
    [shuffled[0], shuffled[7]] = [shuffled[7]!, shuffled[0]!];
    expect(duplicates(shuffled)).toMatch(/^3 fix\(es\) repeat/);
    expect(duplicates(ordered.filter((_, i) => i !== 2 && i < 6))).toBeUndefined();
  });
});
