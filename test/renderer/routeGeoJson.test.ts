import { describe, expect, it } from 'vitest';
import {
  routeLines,
  sourceBounds,
  unionBounds,
  waypointPoints,
} from '../../renderer/src/map/routeGeoJson';
import { FIRST_ROUTE_COLOUR, ROUTE_PALETTE, routeColour } from '../../renderer/src/map/palette';
import { fakeSource } from './fakeSource';

describe('routeLines', () => {
  it('makes one LineString per segment, in [lon, lat] order', () => {
    const source = fakeSource(
      's',
      [
        [50, 4, 0],
        [50.1, 4.1, 1],
        [50.2, 4.2, 2],
        [51, 5, 3],
        [51.1, 5.1, 4],
      ],
      [
        [0, 3],
        [3, 5],
      ],
    );
    const lines = routeLines(source);
    expect(lines.features).toHaveLength(2);
    expect(lines.features[0]!.geometry.coordinates).toEqual([
      [4, 50],
      [4.1, 50.1],
      [4.2, 50.2],
    ]);
    expect(lines.features[1]!.properties).toMatchObject({ sourceId: 's', segment: 1 });
  });

  it('skips fixes without a position instead of drawing them at 0,0', () => {
    const source = fakeSource('s', [
      [50, 4, 0],
      [NaN, NaN, 1],
      [50.2, 4.2, 2],
      [95, 4.3, 3],
    ]);
    const coords = routeLines(source).features[0]!.geometry.coordinates;
    expect(coords).toEqual([
      [4, 50],
      [4.2, 50.2],
    ]);
  });

  it('draws segments with fewer than two valid fixes as dots', () => {
    const source = fakeSource(
      's',
      [
        [50, 4, 0],
        [50.1, 4.1, 1],
        [52, 6, 2],
        [NaN, 6, 3],
      ],
      [
        [0, 2],
        [2, 4],
      ],
    );
    expect(routeLines(source).features).toHaveLength(1);
    const dots = waypointPoints(source).features.map((f) => f.geometry.coordinates);
    expect(dots).toEqual([[6, 52]]);
  });
});

describe('bounds', () => {
  it('covers every valid fix and ignores NaN', () => {
    const source = fakeSource('s', [
      [50, 4, 0],
      [NaN, 9, 1],
      [49, 6, 2],
    ]);
    expect(sourceBounds(source)).toEqual({ west: 4, south: 49, east: 6, north: 50 });
    expect(sourceBounds(fakeSource('e', []))).toBeNull();
  });

  it('unites boxes and skips empty ones', () => {
    expect(
      unionBounds([
        { west: 1, south: 2, east: 3, north: 4 },
        null,
        { west: -1, south: 3, east: 2, north: 6 },
      ]),
    ).toEqual({ west: -1, south: 2, east: 3, north: 6 });
    expect(unionBounds([null])).toBeNull();
  });
});

describe('palette', () => {
  it('starts with the strong red the end-to-end test looks for, and cycles', () => {
    expect(FIRST_ROUTE_COLOUR).toBe('#e6194b');
    expect(routeColour(0)).toBe(FIRST_ROUTE_COLOUR);
    expect(routeColour(ROUTE_PALETTE.length)).toBe(FIRST_ROUTE_COLOUR);
    expect(new Set(ROUTE_PALETTE).size).toBe(ROUTE_PALETTE.length);
  });
});
