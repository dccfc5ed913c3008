import { describe, expect, it } from 'vitest';
import { buildRouteLod, FULL_DETAIL_ZOOM } from '../../shared/geo/routeLod';
import { routeLines, routeLinesForView } from '../../renderer/src/map/routeGeoJson';
import { fakeSource } from './fakeSource';

/** A straight east-bound drive with one sharp corner, plus a NaN hole, as two segments. */
function cornerSource() {
  const points: [number, number, number][] = [];
  for (let i = 0; i < 100; i++) points.push([50, 4 + i * 0.001, i]);
  for (let i = 1; i < 100; i++) points.push([50 + i * 0.001, 4.099, 100 + i]);
  points[50] = [NaN, NaN, 50];
  return fakeSource('c', points, [
    [0, 120],
    [120, points.length],
  ]);
}

describe('routeLinesForView', () => {
  it('draws every valid fix at full-detail zoom, the same lines as routeLines', () => {
    const source = cornerSource();
    const lod = buildRouteLod(source.fixes, source.parts);
    const view = {
      zoom: FULL_DETAIL_ZOOM,
      detailZoom: FULL_DETAIL_ZOOM,
      coarseZoom: FULL_DETAIL_ZOOM,
      window: null,
    };
    expect(routeLinesForView(source, lod, view)).toEqual(routeLines(source));
  });

  it('keeps ends and corners of collinear runs at low zoom, in [lon, lat] order', () => {
    const source = cornerSource();
    const lod = buildRouteLod(source.fixes, source.parts);
    const lines = routeLinesForView(source, lod, {
      zoom: 10,
      detailZoom: 10,
      coarseZoom: 10,
      window: null,
    });
    expect(lines.features.map((f) => f.properties.segment)).toEqual([0, 1]);
    const [first, second] = lines.features.map((f) => f.geometry.coordinates);
    expect(first![0]).toEqual([4, 50]);
    expect(first!).toContainEqual([4.099, 50]);
    expect(first!.at(-1)).toEqual([4.099, 50 + 20 * 0.001]);
    expect(first!.length).toBeLessThanOrEqual(4);
    expect(second!.length).toBe(2);
    for (const line of lines.features)
      for (const [x, y] of line.geometry.coordinates) {
        expect(Number.isFinite(x)).toBe(true);
        expect(Number.isFinite(y)).toBe(true);
      }
  });

  it('draws nothing for a source without positions', () => {
    const source = fakeSource('e', [[NaN, NaN, 0]]);
    const lod = buildRouteLod(source.fixes, source.parts);
    const view = { zoom: 3, detailZoom: 3, coarseZoom: 3, window: null };
    expect(routeLinesForView(source, lod, view).features).toEqual([]);
  });
});
