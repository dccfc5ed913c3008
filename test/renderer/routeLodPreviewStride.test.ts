/**
 * A preview level of detail carries its stride so that `forEachLodRun` need not read a
 * million point zooms to find its every n-th point: it must draw exactly what it would draw
 * reading them (the same LOD without the stride), at every zoom and with or without a window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackPart } from '../../shared/model';
import {
  FULL_DETAIL_ZOOM,
  forEachLodRun,
  planLodView,
  previewRouteLod,
  type LodView,
  type RouteLod,
} from '../../shared/geo/routeLod';

function drawn(lod: RouteLod, fixes: { lat: Float64Array; lon: Float64Array }, view: LodView) {
  const runs: [number, number[]][] = [];
  forEachLodRun(lod, fixes, view, (r, kept, n) => runs.push([r, Array.from(kept.subarray(0, n))]));
  return runs;
}

describe('forEachLodRun on a preview', () => {
  it('draws what reading every point zoom draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }),
        fc.integer({ min: 0, max: 9 }),
        fc.array(fc.tuple(fc.nat(400), fc.nat(400)), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: FULL_DETAIL_ZOOM }),
        fc.boolean(),
        (n, invalidEvery, segments, maxPoints, zoom, windowed) => {
          const lat = new Float64Array(n);
          const lon = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            lat[i] = invalidEvery > 1 && i % invalidEvery === 0 ? NaN : 50 + i * 1e-4;
            lon[i] = 4 + Math.sin(i / 7) * 1e-3;
          }
          const fixes = { lat, lon, count: n };
          const parts: TrackPart[] = [
            { kind: 'track', segments: segments.map(([a, b]) => ({ start: a, end: a + b })) },
          ];
          const lod = previewRouteLod(fixes, parts, maxPoints);
          expect(lod.previewStride).toBeGreaterThanOrEqual(1);
          const { previewStride: _, ...plain } = lod;
          const window = windowed
            ? { west: 3.9995, south: 50 + n * 3e-5, east: 4.0005, north: 50 + n * 6e-5 }
            : { west: -180, south: -85, east: 180, north: 85 };
          const views: LodView[] = [
            planLodView(lod, fixes, zoom, window, 3),
            planLodView(lod, fixes, zoom, window),
            { zoom, detailZoom: Math.min(zoom, 16), coarseZoom: 0, window },
            { zoom, detailZoom: FULL_DETAIL_ZOOM, coarseZoom: 0, window },
          ];
          for (const view of views)
            expect(drawn(lod, fixes, view)).toEqual(drawn(plain, fixes, view));
        },
      ),
      { numRuns: 300 },
    );
  });
});
