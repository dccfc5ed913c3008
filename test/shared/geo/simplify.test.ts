import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dpImportance, segmentDistanceSq, simplify } from '../../../shared/geo/simplify';

/** Distance from point i to the polyline through the kept points that enclose it. */
function distanceToKept(x: number[], y: number[], kept: Int32Array, i: number): number {
  let j = 0;
  while (j + 1 < kept.length && kept[j + 1]! < i) j++;
  const a = kept[j]!;
  const b = kept[Math.min(j + 1, kept.length - 1)]!;
  return Math.sqrt(segmentDistanceSq(x[i]!, y[i]!, x[a]!, y[a]!, x[b]!, y[b]!));
}

/** A textbook recursive Douglas–Peucker, as an oracle for small inputs. */
function referenceDp(x: number[], y: number[], tol: number): number[] {
  const keep = new Set<number>([0, x.length - 1]);
  const rec = (a: number, b: number) => {
    let max = -1;
    let split = -1;
    for (let k = a + 1; k < b; k++) {
      const d = Math.sqrt(segmentDistanceSq(x[k]!, y[k]!, x[a]!, y[a]!, x[b]!, y[b]!));
      if (d > max) {
        max = d;
        split = k;
      }
    }
    if (split >= 0 && max > tol) {
      keep.add(split);
      rec(a, split);
      rec(split, b);
    }
  };
  if (x.length > 2) rec(0, x.length - 1);
  return [...keep].sort((p, q) => p - q);
}

const polyline = fc
  .array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), {
    minLength: 2,
    maxLength: 60,
  })
  .map((pts) => ({ x: pts.map((p) => p[0] / 10), y: pts.map((p) => p[1] / 10) }));

describe('segmentDistanceSq', () => {
  it('measures to the segment, not the infinite line', () => {
    expect(segmentDistanceSq(0, 1, -1, 0, 1, 0)).toBe(1);
    expect(segmentDistanceSq(4, 0, 0, 0, 1, 0)).toBe(9);
    expect(segmentDistanceSq(-3, 4, 0, 0, 1, 0)).toBe(25);
    expect(segmentDistanceSq(3, 4, 0, 0, 0, 0)).toBe(25);
  });
});

describe('simplify (Douglas–Peucker)', () => {
  it('drops points on a straight line and keeps the corner', () => {
    const x = [0, 1, 2, 3, 3, 3];
    const y = [0, 0, 0, 0, 1, 2];
    expect([...simplify(x, y, 0.01)]).toEqual([0, 3, 5]);
  });

  it('keeps both ends, even of a closed loop and of two points', () => {
    expect([...simplify([0, 1, 0], [0, 0, 0], 10)]).toEqual([0, 2]);
    expect([...simplify([5, 6], [5, 6], 100)]).toEqual([0, 1]);
    expect([...simplify([7], [7], 1)]).toEqual([0]);
    expect([...simplify([], [], 1)]).toEqual([]);
  });

  it('matches a textbook recursive Douglas–Peucker', () => {
    fc.assert(
      fc.property(polyline, fc.double({ min: 0, max: 50, noNaN: true }), ({ x, y }, tol) => {
        expect([...simplify(x, y, tol)]).toEqual(referenceDp(x, y, tol));
      }),
    );
  });

  it('leaves every dropped point within the tolerance of the simplified line', () => {
    fc.assert(
      fc.property(polyline, fc.double({ min: 0, max: 50, noNaN: true }), ({ x, y }, tol) => {
        const kept = simplify(x, y, tol);
        expect(kept[0]).toBe(0);
        expect(kept.at(-1)).toBe(x.length - 1);
        for (let i = 0; i < x.length; i++) {
          if (kept.includes(i)) continue;
          expect(distanceToKept(x, y, kept, i)).toBeLessThanOrEqual(tol + 1e-9);
        }
      }),
    );
  });

  it('keeps fewer points as the tolerance grows (the kept sets are nested)', () => {
    fc.assert(
      fc.property(polyline, ({ x, y }) => {
        const fine = new Set(simplify(x, y, 1));
        for (const i of simplify(x, y, 10)) expect(fine.has(i)).toBe(true);
      }),
    );
  });

  it('is deterministic, ties going to the first point', () => {
    // Points 1 and 3 are equally far from the chord 0→4.
    const x = [0, 1, 2, 3, 4];
    const y = [0, 1, 0, 1, 0];
    const once = [...simplify(x, y, 0.5)];
    expect(once).toEqual([...simplify(x, y, 0.5)]);
    const importance = new Float64Array(5);
    dpImportance(x, y, [0, 1, 2, 3, 4], 0, 5, importance);
    expect(importance[1]).toBe(1);
    expect(importance[3]).toBeLessThanOrEqual(1);
  });

  it('runs over a sub-range of an index order, leaving the rest untouched', () => {
    const x = [0, 9, 1, 2, 9];
    const y = [0, 9, 5, 0, 9];
    const out = new Float64Array(5).fill(-1);
    dpImportance(x, y, [4, 0, 2, 3, 1], 1, 4, out);
    expect(out[0]).toBe(-1);
    expect(out[4]).toBe(-1);
    expect(out[1]).toBe(Infinity);
    expect(out[3]).toBe(Infinity);
    expect(out[2]).toBeCloseTo(5, 12);
  });

  it('handles a million points (a zig-zag drive and a stationary cluster) without overflow', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < n; i++) {
      const parked = i > 400_000 && i < 600_000;
      x[i] = parked ? 0.4 + random() * 1e-6 : i / n + random() * 1e-5;
      y[i] = parked ? 0.4 + random() * 1e-6 : Math.sin(i / 5000) * 0.01 + random() * 1e-5;
    }
    const kept = simplify(x, y, 1e-5);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(n / 2);
    // Spot-check the tolerance on a sample of dropped points.
    const xs = Array.from(x);
    const ys = Array.from(y);
    const keptSet = new Set(kept);
    for (let i = 0; i < n; i += 9973) {
      if (!keptSet.has(i)) expect(distanceToKept(xs, ys, kept, i)).toBeLessThanOrEqual(1e-5);
    }
  }, 60_000);
});
