/**
 * The preview level of detail (shared/geo/routeLod.ts `previewRouteLod`): what a large source
 * draws while its real level of detail is built in a worker.
 */
import { describe, expect, it } from 'vitest';
import type { TrackPart } from '../../shared/model';
import {
  DEFAULT_VERTEX_BUDGET,
  buildRouteLod,
  drawsSamePoints,
  FULL_DETAIL_ZOOM,
  forEachLodRun,
  planLodView,
  previewRouteLod,
  routeRuns,
} from '../../shared/geo/routeLod';

function line(n: number, invalidEvery = 0) {
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lat[i] = invalidEvery > 0 && i % invalidEvery === 0 ? NaN : 50 + i * 1e-5;
    lon[i] = 4 + Math.sin(i / 50) * 1e-3;
  }
  return { lat, lon, count: n };
}

const parts = (...segments: [number, number][]): TrackPart[] => [
  { kind: 'track', segments: segments.map(([start, end]) => ({ start, end })) },
];

const everywhere = { west: -180, south: -85, east: 180, north: 85 };

function drawnPositions(
  fixes: ReturnType<typeof line>,
  lod: ReturnType<typeof previewRouteLod>,
  zoom: number,
) {
  const view = planLodView(lod, fixes, zoom, everywhere);
  const drawn: number[][] = [];
  forEachLodRun(lod, fixes, view, (_run, kept, length) => drawn.push([...kept.slice(0, length)]));
  return drawn;
}

describe('previewRouteLod', () => {
  it('keeps about maxPoints of a large source, every run with both its ends, below full detail', () => {
    const fixes = line(1_000_000);
    const lod = previewRouteLod(fixes, parts([0, 400_000], [400_000, 1_000_000]), 20_000);
    const drawn = drawnPositions(fixes, lod, 8);
    expect(drawn).toHaveLength(2);
    const total = drawn.reduce((n, run) => n + run.length, 0);
    expect(total).toBeGreaterThan(19_000);
    expect(total).toBeLessThanOrEqual(20_002);
    expect(total).toBeLessThan(DEFAULT_VERTEX_BUDGET);
    expect(lod.countAtZoom[8]).toBe(total);
    // Both ends of both runs, so the preview line starts and stops where the track does.
    expect(drawn[0]![0]).toBe(lod.runStart[0]);
    expect(drawn[0]!.at(-1)).toBe(lod.runStart[1]! - 1);
    expect(drawn[1]![0]).toBe(lod.runStart[1]);
    expect(drawn[1]!.at(-1)).toBe(lod.runStart[2]! - 1);
  });

  it('draws every valid fix at full detail, as the real level of detail does', () => {
    const fixes = line(50_000, 7);
    const segments = parts([0, 50_000]);
    const lod = previewRouteLod(fixes, segments, 1000);
    expect(lod.countAtZoom[FULL_DETAIL_ZOOM]).toBe(routeRuns(fixes, segments).order.length);
    const near = { west: 3.99, south: 50.1, east: 4.01, north: 50.11 };
    const view = planLodView(lod, fixes, FULL_DETAIL_ZOOM, near);
    let drawn = 0;
    forEachLodRun(lod, fixes, view, (_r, _k, length) => (drawn += length));
    const inWindow = [...lod.order].filter((i) => fixes.lat[i]! >= 50.1 && fixes.lat[i]! <= 50.11);
    expect(drawn).toBeGreaterThanOrEqual(inWindow.length);
    expect(inWindow.length).toBeGreaterThan(100);
  });

  it('lets a new zoom keep the drawn data only when it draws the very same points', () => {
    const fixes = line(200_000);
    const segments = parts([0, 200_000]);
    const preview = previewRouteLod(fixes, segments, 5000);
    const plan = (lod: typeof preview, zoom: number) => planLodView(lod, fixes, zoom, everywhere);
    expect(drawsSamePoints(preview, plan(preview, 6), plan(preview, 13))).toBe(true);
    expect(drawnPositions(fixes, preview, 6)).toEqual(drawnPositions(fixes, preview, 13));
    // The real level of detail adds points with the zoom: those plans must be redrawn.
    const real = buildRouteLod(fixes, segments);
    const z = [6, 16].map((zoom) => plan(real, zoom));
    expect(real.countAtZoom[z[0]!.detailZoom]).toBeLessThan(real.countAtZoom[z[1]!.detailZoom]!);
    expect(drawsSamePoints(real, z[0]!, z[1]!)).toBe(false);
    // A window (detail around the view only) is never taken as the same drawing.
    const windowed = planLodView(
      real,
      fixes,
      16,
      { west: 3.99, south: 50, east: 4.01, north: 50.5 },
      1000,
    );
    expect(windowed.window).not.toBeNull();
    expect(drawsSamePoints(real, windowed, windowed)).toBe(false);
  });

  it('never includes an invalid position and keeps a small source whole', () => {
    const fixes = line(300, 10);
    const lod = previewRouteLod(fixes, parts([0, 300]), 25_000);
    const drawn = drawnPositions(fixes, lod, 3).flat();
    expect(drawn).toHaveLength(270);
    expect(drawn.every((k) => Number.isFinite(fixes.lat[lod.order[k]!]!))).toBe(true);
  });
});
