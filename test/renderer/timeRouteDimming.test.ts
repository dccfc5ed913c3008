import { describe, expect, it } from 'vitest';
import { buildRouteLod, FULL_DETAIL_ZOOM, planLodView } from '../../shared/geo/routeLod';
import { routeChunksForView, routeLines } from '../../renderer/src/map/routeGeoJson';
import {
  CHUNK_CROSSING,
  CHUNK_IN,
  CHUNK_OUT,
  chunkStates,
  clipLineToRange,
  crossingPieces,
} from '../../renderer/src/map/routeLodTime';
import { arrowImage } from '../../renderer/src/map/RouteLayer';
import { fakeSource } from './fakeSource';

const FULL = {
  zoom: FULL_DETAIL_ZOOM,
  detailZoom: FULL_DETAIL_ZOOM,
  coarseZoom: FULL_DETAIL_ZOOM,
  window: null,
};

/** An east-bound drive, one fix a second, lon = 4 + i/1000. */
function drive(n: number) {
  const points: [number, number, number][] = [];
  for (let i = 0; i < n; i++) points.push([50, 4 + i / 1000, i * 1000]);
  return fakeSource('d', points);
}

describe('route chunks', () => {
  it('cover the drawn line exactly, sharing joints, each with its time span and an id', () => {
    const source = drive(1000);
    const lod = buildRouteLod(source.fixes, source.parts);
    const chunks = routeChunksForView(source, lod, FULL, 100);
    const features = chunks.lines.features;
    // 999 segments in chunks of 99 segments.
    expect(features).toHaveLength(Math.ceil(999 / 99));
    expect(features.map((f) => f.id)).toEqual(features.map((_, i) => i));
    const joined = features.flatMap((f, i) =>
      i === 0 ? f.geometry.coordinates : f.geometry.coordinates.slice(1),
    );
    expect(joined).toEqual(routeLines(source).features[0]!.geometry.coordinates);
    expect(chunks.t0[0]).toBe(0);
    expect(chunks.t1[0]).toBe(99_000);
    expect(chunks.t0[1]).toBe(99_000);
    expect(features[1]!.properties.t0).toBe(99_000);
    expect(chunks.vertexStart.at(-1)).toBe(chunks.times.length);
  });

  it('mark chunks in, out and crossing the window; crossing pieces are cut at its edges', () => {
    const source = drive(1000);
    const lod = buildRouteLod(source.fixes, source.parts);
    const chunks = routeChunksForView(source, lod, FULL, 100);
    const range = { start: 150_500, end: 400_250 };
    const states = chunkStates(chunks, range);
    expect(states[0]).toBe(CHUNK_OUT); // 0..99 s
    expect(states[1]).toBe(CHUNK_CROSSING); // 99..198 s
    expect(states[2]).toBe(CHUNK_IN); // 198..297 s
    expect(states[4]).toBe(CHUNK_CROSSING); // 396..495 s
    expect(states[9]).toBe(CHUNK_OUT);
    const pieces = crossingPieces(chunks, states, range);
    expect(pieces.features).toHaveLength(2);
    const first = pieces.features[0]!.geometry.coordinates;
    // Starts where the time 150.5 s is, half-way between fixes 150 and 151.
    expect(first[0]![0]).toBeCloseTo(4 + 150.5 / 1000, 9);
    expect(first.at(-1)![0]).toBeCloseTo(4 + 198 / 1000, 9);
    const last = pieces.features[1]!.geometry.coordinates;
    expect(last[0]![0]).toBeCloseTo(4 + 396 / 1000, 9);
    expect(last.at(-1)![0]).toBeCloseTo(4 + 400.25 / 1000, 9);
    // No window: nothing dims, nothing is cut.
    expect([...chunkStates(chunks, null)].every((s) => s === CHUNK_IN)).toBe(true);
  });

  it('never dims untimed lines', () => {
    const source = fakeSource('u', [
      [50, 4, NaN],
      [50, 4.1, NaN],
    ]);
    const lod = buildRouteLod(source.fixes, source.parts);
    const chunks = routeChunksForView(source, lod, FULL);
    expect([...chunkStates(chunks, { start: 0, end: 1 })]).toEqual([CHUNK_IN]);
  });

  it('updates a million-fix route in a few milliseconds per drag step', () => {
    const n = 1_000_000;
    const source = drive(2);
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const t = new Float64Array(n);
    // A seeded random walk east: the simplification keeps tens of thousands of vertices.
    let a = 50;
    let seed = 1;
    for (let i = 0; i < n; i++) {
      seed = (seed * 16807) % 2147483647;
      a += (seed / 2147483647 - 0.5) * 1e-4;
      lat[i] = a;
      lon[i] = 4 + i * 1e-5;
      t[i] = i * 1000;
    }
    source.fixes = { count: n, lat, lon, t };
    source.parts = [{ kind: 'track', segments: [{ start: 0, end: n }] }];
    const lod = buildRouteLod(source.fixes, source.parts);
    const view = planLodView(lod, source.fixes, 12, { west: 3, east: 15, south: 49, north: 51 });
    const chunks = routeChunksForView(source, lod, view);
    expect(chunks.times.length).toBeGreaterThan(10_000);
    const started = performance.now();
    let cut = 0;
    for (let step = 0; step < 50; step++) {
      const range = { start: step * 5_000_000, end: step * 5_000_000 + 300_000_000 };
      const states = chunkStates(chunks, range);
      cut += crossingPieces(chunks, states, range).features.length;
    }
    const perStep = (performance.now() - started) / 50;
    expect(cut).toBeGreaterThan(0);
    expect(perStep).toBeLessThan(20);
  }, 60_000);
});

describe('clipLineToRange', () => {
  const line = [
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 0],
  ];
  it('cuts by time, joining consecutive inside segments', () => {
    expect(clipLineToRange(line, [0, 10, 20, 30], { start: 5, end: 25 })).toEqual([
      [
        [0.5, 0],
        [1, 0],
        [2, 0],
        [2.5, 0],
      ],
    ]);
  });
  it('gives separate pieces when the time leaves and re-enters the window (unsorted times)', () => {
    const pieces = clipLineToRange(line, [0, 10, 0, 10], { start: 5, end: 100 });
    expect(pieces).toHaveLength(2);
    expect(pieces[0]).toEqual([
      [0.5, 0],
      [1, 0],
      [1.5, 0],
    ]);
  });
  it('lets an untimed vertex take its neighbour’s time', () => {
    expect(clipLineToRange(line, [NaN, 10, 20, NaN], { start: 0, end: 100 })).toEqual([line]);
    expect(clipLineToRange(line, [NaN, NaN, NaN, NaN], { start: 0, end: 1 })).toEqual([line]);
    expect(clipLineToRange(line, [0, 10, 20, 30], { start: 40, end: 50 })).toEqual([]);
  });
});

describe('the direction arrow', () => {
  it('is a signed distance field: opaque on the chevron, transparent in the corners', () => {
    const image = arrowImage(32);
    expect(image.data).toHaveLength(32 * 32 * 4);
    const alpha = (x: number, y: number) => image.data[(y * 32 + x) * 4 + 3]!;
    expect(alpha(16, 12)).toBeGreaterThanOrEqual(192); // on the upper stroke
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(31, 31)).toBe(0);
    // Pointing east: the tip is on the right half.
    expect(alpha(21, 16)).toBeGreaterThanOrEqual(192);
    expect(alpha(8, 16)).toBeLessThan(192);
  });
});
