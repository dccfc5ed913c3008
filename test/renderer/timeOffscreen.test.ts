/**
 * Off-screen lit pieces (renderer/src/time/offscreen.ts): a time-window step leaves route
 * pieces alone only when every one of them lies away from the view, judged generously.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureCollection, LineString } from 'geojson';
import { linesAwayFrom } from '../../renderer/src/time/offscreen';

const lines = (...coords: [number, number][][]): FeatureCollection<LineString> => ({
  type: 'FeatureCollection',
  features: coords.map((coordinates) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates },
    properties: {},
  })),
});

const view = { west: 4, east: 5, south: 50, north: 51 };

describe('lines away from the view', () => {
  it('says away only when every line keeps clear of the box', () => {
    const far = [
      [10, 50],
      [11, 50.5],
    ] as [number, number][];
    expect(linesAwayFrom(lines(far), view)).toBe(true);
    expect(
      linesAwayFrom(
        lines(far, [
          [4.5, 50.5],
          [4.6, 50.6],
        ]),
        view,
      ),
    ).toBe(false);
  });

  it('counts a line crossing the box with both ends outside as in view', () => {
    expect(
      linesAwayFrom(
        lines([
          [3, 50.5],
          [6, 50.5],
        ]),
        view,
      ),
    ).toBe(false);
  });

  it('counts touching edges as in view, and nothing as away', () => {
    expect(
      linesAwayFrom(
        lines([
          [5, 51],
          [6, 52],
        ]),
        view,
      ),
    ).toBe(false);
    expect(linesAwayFrom(lines(), view)).toBe(true);
  });

  it('never calls lines away from a box past the antimeridian', () => {
    const wrapped = { west: 170, east: 190, south: -10, north: 10 };
    expect(
      linesAwayFrom(
        lines([
          [-175, 0],
          [-174, 1],
        ]),
        wrapped,
      ),
    ).toBe(false);
    expect(linesAwayFrom(lines(), wrapped)).toBe(true);
  });
});
