import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FixColumns } from '../../../shared/model';
import { placeOnTrack, timeOrder } from '../../../shared/photos/place-on-track';

function columns(points: { t: number; lat: number; lon: number }[]): FixColumns {
  return {
    count: points.length,
    t: Float64Array.from(points, (p) => p.t),
    lat: Float64Array.from(points, (p) => p.lat),
    lon: Float64Array.from(points, (p) => p.lon),
  };
}

const T0 = Date.UTC(2024, 5, 1, 10, 0, 0);
const track = columns([
  { t: T0, lat: 50.0, lon: 4.0 },
  { t: T0 + 60_000, lat: 50.1, lon: 4.2 },
  { t: T0 + 120_000, lat: 50.1, lon: 4.4 },
]);

describe('placeOnTrack', () => {
  it('interpolates linearly between the fixes around the instant', () => {
    const p = placeOnTrack(track, T0 + 15_000)!;
    expect(p.lat).toBeCloseTo(50.025, 10);
    expect(p.lon).toBeCloseTo(4.05, 10);
    expect(p.timeDistanceMs).toBe(15_000);
    const q = placeOnTrack(track, T0 + 100_000)!;
    expect(q.lon).toBeCloseTo(4.2 + 0.2 * (40 / 60), 10);
    expect(q.timeDistanceMs).toBe(20_000);
  });

  it('returns the fix itself on an exact time, with distance 0', () => {
    expect(placeOnTrack(track, T0 + 60_000)).toEqual({ lat: 50.1, lon: 4.2, timeDistanceMs: 0 });
    expect(placeOnTrack(track, T0)).toEqual({ lat: 50, lon: 4, timeDistanceMs: 0 });
    expect(placeOnTrack(track, T0 + 120_000)).toEqual({ lat: 50.1, lon: 4.4, timeDistanceMs: 0 });
  });

  it('never extrapolates beyond the timed span', () => {
    expect(placeOnTrack(track, T0 - 1)).toBeNull();
    expect(placeOnTrack(track, T0 + 120_001)).toBeNull();
    expect(placeOnTrack(track, NaN)).toBeNull();
    expect(placeOnTrack(columns([]), T0)).toBeNull();
  });

  it('refuses a placement across a gap longer than the allowed time distance', () => {
    expect(placeOnTrack(track, T0 + 30_000, 29_999)).toBeNull();
    expect(placeOnTrack(track, T0 + 30_000, 30_000)?.timeDistanceMs).toBe(30_000);
    // Near one end of a long gap the nearest fix is close: allowed.
    expect(placeOnTrack(track, T0 + 5_000, 10_000)?.timeDistanceMs).toBe(5_000);
  });

  it('skips fixes without a time or a position, and handles unsorted input', () => {
    const messy = columns([
      { t: T0 + 120_000, lat: 50.1, lon: 4.4 },
      { t: NaN, lat: 10, lon: 10 },
      { t: T0, lat: 50.0, lon: 4.0 },
      { t: T0 + 30_000, lat: NaN, lon: 4.1 },
      { t: T0 + 60_000, lat: 50.1, lon: 4.2 },
    ]);
    expect(Array.from(timeOrder(messy))).toEqual([2, 4, 0]);
    expect(placeOnTrack(messy, T0 + 15_000)).toEqual(placeOnTrack(track, T0 + 15_000));
    expect(placeOnTrack(messy, T0 + 90_000)).toEqual(placeOnTrack(track, T0 + 90_000));
  });

  it('interpolates the shorter way over the antimeridian', () => {
    const pacific = columns([
      { t: 0, lat: -17, lon: 179.5 },
      { t: 1000, lat: -17, lon: -179.5 },
    ]);
    expect(placeOnTrack(pacific, 250)!.lon).toBeCloseTo(179.75, 10);
    expect(placeOnTrack(pacific, 750)!.lon).toBeCloseTo(-179.75, 10);
  });

  it('does not serve a stale order after the time column is replaced', () => {
    const fixes = columns([
      { t: 0, lat: 0, lon: 0 },
      { t: 1000, lat: 1, lon: 1 },
    ]);
    expect(placeOnTrack(fixes, 500)!.lat).toBeCloseTo(0.5);
    fixes.t = Float64Array.from([1000, 0]);
    expect(placeOnTrack(fixes, 250)!.lat).toBeCloseTo(0.75);
  });

  const pointArb = fc.record({
    t: fc.integer({ min: 0, max: 1_000_000 }),
    lat: fc.double({ min: -89, max: 89, noNaN: true }),
    lon: fc.double({ min: -179, max: 179, noNaN: true }),
  });

  it('property: the result lies between the surrounding fixes and within half their gap', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(pointArb, { minLength: 2, maxLength: 60, selector: (p) => p.t }),
        fc.integer({ min: -10, max: 1_000_010 }),
        (points, t) => {
          const sorted = [...points].sort((a, b) => a.t - b.t);
          const p = placeOnTrack(columns(points), t);
          const first = sorted[0]!;
          const last = sorted[sorted.length - 1]!;
          if (t < first.t || t > last.t) {
            expect(p).toBeNull();
            return;
          }
          expect(p).not.toBeNull();
          const j = sorted.findIndex((q) => q.t >= t);
          const b = sorted[j]!;
          if (b.t === t) {
            expect(p).toEqual({ lat: b.lat, lon: b.lon, timeDistanceMs: 0 });
            return;
          }
          const a = sorted[j - 1]!;
          expect(p!.lat).toBeGreaterThanOrEqual(Math.min(a.lat, b.lat) - 1e-9);
          expect(p!.lat).toBeLessThanOrEqual(Math.max(a.lat, b.lat) + 1e-9);
          expect(p!.timeDistanceMs).toBe(Math.min(t - a.t, b.t - t));
          expect(p!.timeDistanceMs).toBeLessThanOrEqual((b.t - a.t) / 2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the answer does not depend on fix order or on untimed fixes mixed in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(pointArb, { minLength: 1, maxLength: 40, selector: (p) => p.t }),
        fc.array(pointArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer(),
        (points, noise, t, seed) => {
          const sorted = [...points].sort((a, b) => a.t - b.t);
          const shuffled = [...points, ...noise.map((n) => ({ ...n, t: NaN }))];
          let s = seed >>> 0;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const k = s % (i + 1);
            [shuffled[i], shuffled[k]] = [shuffled[k]!, shuffled[i]!];
          }
          expect(placeOnTrack(columns(shuffled), t)).toEqual(placeOnTrack(columns(sorted), t));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('places 10,000 instants on a 100,000-fix unsorted track quickly', () => {
    const n = 100_000;
    const pts = Array.from({ length: n }, (_, i) => ({
      t: ((i * 7919) % n) * 1000,
      lat: 50 + ((i * 7919) % n) * 1e-5,
      lon: 4,
    }));
    const fixes = columns(pts);
    const started = performance.now();
    for (let k = 0; k < 10_000; k++) {
      const p = placeOnTrack(fixes, k * 9_999.5)!;
      expect(Math.abs(p.lat - (50 + ((k * 9_999.5) / 1000) * 1e-5))).toBeLessThan(1e-9);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
