import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackPart } from '../../../shared/model';
import { fixBounds, boxContains, unionBounds, validPosition } from '../../../shared/geo/bounds';
import { mercatorX, mercatorY, worldUnitsPerPixel } from '../../../shared/geo/mercator';
import {
  FULL_DETAIL_ZOOM,
  LOD_TOLERANCE_PX,
  buildRouteLod,
  forEachLodRun,
  lodZoom,
  minZoomFor,
  planLodView,
  routeRuns,
  type LodView,
  type RouteLod,
} from '../../../shared/geo/routeLod';
import { segmentDistanceSq } from '../../../shared/geo/simplify';

function columns(points: [number, number][]) {
  return {
    lat: new Float64Array(points.map((p) => p[0])),
    lon: new Float64Array(points.map((p) => p[1])),
    count: points.length,
  };
}

const track = (...segments: [number, number][]): TrackPart[] => [
  { kind: 'track', segments: segments.map(([start, end]) => ({ start, end })) },
];

/** A wiggly drive of n fixes around Brussels, deterministic. */
function drive(n: number) {
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let y = 50.85;
  let x = 4.35;
  let heading = 0;
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) {
    heading += (random() - 0.5) * 0.3;
    y += Math.cos(heading) * 1e-4;
    x += Math.sin(heading) * 1.6e-4;
    lat[i] = y + (random() - 0.5) * 2e-5;
    lon[i] = x + (random() - 0.5) * 2e-5;
  }
  return { lat, lon, count: n };
}

const WORLD: LodView['window'] = { west: -180, south: -90, east: 180, north: 90 };

function drawn(lod: RouteLod, fixes: { lat: Float64Array; lon: Float64Array }, view: LodView) {
  const runs: number[][] = [];
  forEachLodRun(lod, fixes, view, (_r, kept, n) => {
    runs.push(Array.from(kept.subarray(0, n), (k) => lod.order[k]!));
  });
  return runs;
}

describe('routeRuns', () => {
  it('skips NaN and out-of-range positions and drops runs of fewer than two', () => {
    const fixes = columns([
      [50, 4],
      [NaN, 4.1],
      [50.2, 4.2],
      [95, 4.3],
      [51, NaN],
      [52, 5],
      [53, 6],
      [54, 7],
    ]);
    const runs = routeRuns(fixes, track([0, 4], [4, 6], [6, 8]));
    expect([...runs.order]).toEqual([0, 2, 6, 7]);
    expect([...runs.runStart]).toEqual([0, 2, 4]);
    expect([...runs.runSegment]).toEqual([0, 2]);
  });

  it('clamps segments to the fixes there are', () => {
    const runs = routeRuns(
      columns([
        [1, 1],
        [2, 2],
      ]),
      track([-3, 10]),
    );
    expect([...runs.order]).toEqual([0, 1]);
  });

  it('matches a plain reference on random parts, gaps and invalid positions', () => {
    const reference = (fixes: ReturnType<typeof columns>, parts: TrackPart[]) => {
      const order: number[] = [];
      const runStart = [0];
      const runPart: number[] = [];
      const runSegment: number[] = [];
      parts.forEach((part, p) =>
        part.segments.forEach((s, si) => {
          const kept: number[] = [];
          for (let i = Math.max(0, s.start); i < Math.min(s.end, fixes.count); i++)
            if (validPosition(fixes.lat[i]!, fixes.lon[i]!)) kept.push(i);
          if (kept.length < 2) return;
          order.push(...kept);
          runStart.push(order.length);
          runPart.push(p);
          runSegment.push(si);
        }),
      );
      return { order, runStart, runPart, runSegment };
    };
    const position = fc.oneof(
      fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180 })),
      fc.constant<[number, number]>([NaN, 1]),
      fc.constant<[number, number]>([95, 1]),
    );
    const segment = fc.tuple(fc.integer({ min: -3, max: 30 }), fc.integer({ min: -3, max: 30 }));
    fc.assert(
      fc.property(
        fc.array(position, { maxLength: 30 }),
        fc.array(fc.array(segment, { maxLength: 4 }), { maxLength: 3 }),
        (points, partSegments) => {
          const fixes = columns(points);
          const parts: TrackPart[] = partSegments.map((segs) => ({
            kind: 'track',
            segments: segs.map(([start, end]) => ({ start, end })),
          }));
          const runs = routeRuns(fixes, parts);
          const want = reference(fixes, parts);
          expect([...runs.order]).toEqual(want.order);
          expect([...runs.runStart]).toEqual(want.runStart);
          expect([...runs.runPart]).toEqual(want.runPart);
          expect([...runs.runSegment]).toEqual(want.runSegment);
          expect(runs.order.length).toBe(runs.order.buffer.byteLength / 4);
        },
      ),
    );
  });
});

describe('buildRouteLod', () => {
  it('draws segment ends at every zoom and every fix from FULL_DETAIL_ZOOM on', () => {
    const fixes = drive(5000);
    const lod = buildRouteLod(fixes, track([0, 2000], [2000, 5000]));
    expect(lod.minZoom[0]).toBe(0);
    expect(lod.minZoom[1999]).toBe(0);
    expect(lod.minZoom[2000]).toBe(0);
    expect(lod.minZoom[4999]).toBe(0);
    expect(lod.countAtZoom[FULL_DETAIL_ZOOM]).toBe(5000);
    for (let z = 1; z <= FULL_DETAIL_ZOOM; z++)
      expect(lod.countAtZoom[z]).toBeGreaterThanOrEqual(lod.countAtZoom[z - 1]!);
    expect(lod.countAtZoom[5]).toBeLessThan(200);
    const all = drawn(lod, fixes, { zoom: 17, detailZoom: 17, coarseZoom: 17, window: null });
    expect(all.flat()).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('keeps every dropped fix within the pixel tolerance at each zoom', () => {
    const fixes = drive(3000);
    const lod = buildRouteLod(fixes, track([0, 3000]));
    const x = Array.from(fixes.lon, mercatorX);
    const y = Array.from(fixes.lat, mercatorY);
    for (const z of [3, 8, 12, 15]) {
      const [kept] = drawn(lod, fixes, { zoom: z, detailZoom: z, coarseZoom: z, window: null });
      const tol = LOD_TOLERANCE_PX * worldUnitsPerPixel(z);
      let j = 0;
      for (let i = 0; i < 3000; i++) {
        while (kept![j + 1]! < i) j++;
        const a = kept![j]!;
        const b = kept![j + 1] ?? a;
        const d = Math.sqrt(segmentDistanceSq(x[i]!, y[i]!, x[a]!, y[a]!, x[b]!, y[b]!));
        expect(d).toBeLessThanOrEqual(tol * (1 + 1e-9));
      }
    }
  });

  it('is deterministic', () => {
    const fixes = drive(2000);
    const a = buildRouteLod(fixes, track([0, 2000]));
    const b = buildRouteLod(fixes, track([0, 2000]));
    expect(a.minZoom).toEqual(b.minZoom);
    expect(a.countAtZoom).toEqual(b.countAtZoom);
  });

  it('maps importance to zooms at the half-pixel tolerance', () => {
    expect(minZoomFor(Infinity)).toBe(0);
    expect(minZoomFor(0)).toBe(FULL_DETAIL_ZOOM);
    const z10 = LOD_TOLERANCE_PX * worldUnitsPerPixel(10);
    expect(minZoomFor(z10 * 1.01)).toBe(10);
    expect(minZoomFor(z10)).toBe(11);
    expect(lodZoom(12.99)).toBe(12);
    expect(lodZoom(22)).toBe(FULL_DETAIL_ZOOM);
    expect(lodZoom(NaN)).toBe(0);
  });
});

describe('planLodView', () => {
  const fixes = drive(20_000);
  const lod = buildRouteLod(fixes, track([0, 20_000]));

  it('draws the whole source at the zoom when it fits the budget', () => {
    const view = planLodView(lod, fixes, 9.7, WORLD!, 1_000_000);
    expect(view).toEqual({ zoom: 9, detailZoom: 9, coarseZoom: 9, window: null });
  });

  it('keeps full detail inside the window and a coarse line elsewhere when over budget', () => {
    const window = { west: 4.36, south: 50.85, east: 4.4, north: 50.9 };
    const budget = Math.floor(lod.countAtZoom[17]! / 2);
    const view = planLodView(lod, fixes, 17.2, window, budget);
    expect(view.window).toEqual(window);
    expect(view.coarseZoom).toBeLessThan(17);
    const runs = drawn(lod, fixes, view);
    const shown = new Set(runs.flat());
    expect(shown.size).toBeLessThanOrEqual(budget);
    for (let i = 0; i < 20_000; i++) {
      if (boxContains(window, fixes.lat[i]!, fixes.lon[i]!) && view.detailZoom === 17)
        expect(shown.has(i)).toBe(true);
    }
    expect(shown.has(0)).toBe(true);
    expect(shown.has(19_999)).toBe(true);
  });

  it('coarsens the window detail rather than exceed the budget', () => {
    const budget = 600;
    const view = planLodView(lod, fixes, 17, WORLD!, budget);
    expect(view.detailZoom).toBeLessThan(17);
    expect(new Set(drawn(lod, fixes, view).flat()).size).toBeLessThanOrEqual(budget);
  });
});

describe('bounds', () => {
  it('covers valid fixes and extra positions, ignoring NaN', () => {
    const fixes = columns([
      [50, 4],
      [NaN, 9],
      [49, 6],
    ]);
    expect(fixBounds(fixes, [{ lat: 51, lon: 3 }])).toEqual({
      west: 3,
      south: 49,
      east: 6,
      north: 51,
    });
    expect(fixBounds(columns([]))).toBeNull();
    expect(unionBounds([null, { west: 1, south: 1, east: 2, north: 2 }])).toEqual({
      west: 1,
      south: 1,
      east: 2,
      north: 2,
    });
  });

  it('wraps boxes that cross the antimeridian', () => {
    const box = { west: 170, south: -10, east: 190, north: 10 };
    expect(boxContains(box, 0, -175)).toBe(true);
    expect(boxContains(box, 0, 175)).toBe(true);
    expect(boxContains(box, 0, 0)).toBe(false);
    expect(boxContains(box, 20, 175)).toBe(false);
  });
});
