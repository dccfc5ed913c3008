/**
 * The exhibit page's arithmetic, without a browser: tiling a map image the GPU cannot draw in
 * one go, the computed view and scale bar, splitting the tables over pages, and the worded
 * document (four languages, the exhibit's own stop numbers on the map).
 */
import { describe, expect, it } from 'vitest';
import { maxDrawableSize, planMapTiles, planTiles, wasClamped } from '../../shared/exhibit/tiles';
import {
  fitCamera,
  mercator,
  metresPerPixel,
  scaleBar,
  tileCenter,
} from '../../shared/exhibit/view';
import { paginate, type FlowBlock } from '../../shared/exhibit/paginate';

describe('planTiles', () => {
  const limits = { maxRenderbufferSize: 4096, maxViewportDims: [4096, 4096] as const };

  it('is one tile when the image fits', () => {
    expect(planTiles(3508, 2480, limits)).toEqual([{ x: 0, y: 0, width: 3508, height: 2480 }]);
  });

  it('splits a 300 dpi A3 map into even tiles that cover it exactly', () => {
    const tiles = planTiles(4961, 3508, limits);
    expect(tiles).toHaveLength(2);
    expect(tiles.map((t) => t.width)).toEqual([2481, 2480]);
    assertCovers(tiles, 4961, 3508);
  });

  it('honours the smallest of the renderbuffer, viewport and caller limits', () => {
    expect(maxDrawableSize({ maxRenderbufferSize: 8192, maxViewportDims: [3000, 5000] })).toEqual({
      width: 3000,
      height: 5000,
    });
    const tiles = planTiles(10_000, 7_000, {
      maxRenderbufferSize: 8192,
      maxViewportDims: [8192, 8192],
      maxTileSize: 1000,
    });
    expect(tiles).toHaveLength(10 * 7);
    for (const t of tiles) expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(1000);
    assertCovers(tiles, 10_000, 7_000);
  });

  it('plans CSS tiles whose grown size still fits at the pixel ratio', () => {
    const ratio = 300 / 96;
    const tiles = planMapTiles(
      1500,
      800,
      ratio,
      { maxRenderbufferSize: 2048, maxViewportDims: [2048, 2048] },
      64,
    );
    for (const t of tiles) {
      expect((t.width + 128) * ratio).toBeLessThanOrEqual(2048);
      expect((t.height + 128) * ratio).toBeLessThanOrEqual(2048);
    }
    assertCovers(tiles, 1500, 800);
    expect(() =>
      planMapTiles(100, 100, ratio, { maxRenderbufferSize: 300, maxViewportDims: [300, 300] }, 64),
    ).toThrow(RangeError);
  });

  it('rejects an empty or endless image', () => {
    expect(() => planTiles(0, 10, limits)).toThrow(RangeError);
    expect(() => planTiles(Infinity, 10, limits)).toThrow(RangeError);
  });

  it('tells a clamped drawing buffer from a whole one', () => {
    expect(wasClamped({ width: 5000, height: 3000 }, { width: 4096, height: 2458 })).toBe(true);
    expect(wasClamped({ width: 5000, height: 3000 }, { width: 5000, height: 3000 })).toBe(false);
  });
});

function assertCovers(
  tiles: { x: number; y: number; width: number; height: number }[],
  w: number,
  h: number,
) {
  const area = tiles.reduce((sum, t) => sum + t.width * t.height, 0);
  expect(area).toBe(w * h);
  for (const t of tiles) {
    expect(t.x).toBeGreaterThanOrEqual(0);
    expect(t.y).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width).toBeLessThanOrEqual(w);
    expect(t.y + t.height).toBeLessThanOrEqual(h);
  }
}

describe('the computed view', () => {
  const kent = { west: 1.0, south: 50.9, east: 1.6, north: 51.3 };

  it('fits the bounds inside the padding and centres them', () => {
    const camera = fitCamera(kent, 1200, 600, 50, 18);
    const world = 512 * 2 ** camera.zoom;
    const [x0, y0] = mercator(kent.west, kent.north);
    const [x1, y1] = mercator(kent.east, kent.south);
    const fits = Math.max(((x1 - x0) * world) / 1100, ((y1 - y0) * world) / 500);
    expect(fits).toBeCloseTo(1, 6);
    const [cx, cy] = mercator(camera.center[0], camera.center[1]);
    expect(cx).toBeCloseTo((x0 + x1) / 2, 12);
    expect(cy).toBeCloseTo((y0 + y1) / 2, 12);
  });

  it('does not zoom into one point beyond the maximum', () => {
    const one = { west: 1.3, south: 51.1, east: 1.3, north: 51.1 };
    expect(fitCamera(one, 800, 600, 40, 16)).toEqual({
      center: [expect.closeTo(1.3, 9), expect.closeTo(51.1, 9)],
      zoom: 16,
    });
  });

  it('centres each tile on its part of the whole view', () => {
    const camera = fitCamera(kent, 1000, 500, 0, 18);
    const whole = { x: 0, y: 0, width: 1000, height: 500 };
    expect(tileCenter(camera, 1000, 500, whole)[0]).toBeCloseTo(camera.center[0], 12);
    const right = tileCenter(camera, 1000, 500, { x: 500, y: 0, width: 500, height: 500 });
    const world = 512 * 2 ** camera.zoom;
    const dx = (mercator(right[0], right[1])[0] - mercator(...camera.center)[0]) * world;
    expect(dx).toBeCloseTo(250, 6);
  });

  it('draws a round scale bar no longer than asked', () => {
    const mpp = metresPerPixel(51, 10);
    expect(mpp).toBeCloseTo((40075016.686 * Math.cos((51 * Math.PI) / 180)) / (512 * 1024), 9);
    const bar = scaleBar(mpp, 160);
    expect(bar.width).toBeLessThanOrEqual(160);
    expect(bar.width).toBeGreaterThan(160 / 5);
    expect(String(bar.metres)).toMatch(/^[125]0*$/);
  });
});

describe('paginate', () => {
  const table = (id: string, rows: number, h = 20): FlowBlock => ({
    kind: 'table',
    id,
    titleHeight: 30,
    headHeight: 25,
    rowHeights: Array.from({ length: rows }, () => h),
  });

  it('keeps a short table on one page', () => {
    expect(paginate([table('stops', 5)], 500, 10)).toEqual([
      [{ id: 'stops', kind: 'table', from: 0, to: 5, continued: false }],
    ]);
  });

  it('continues a long table with its header on every page, no row lost or repeated', () => {
    const pages = paginate([table('stops', 100)], 500, 10);
    // (500 - 55) / 20 = 22 rows per page.
    expect(pages.length).toBe(5);
    const rows = pages
      .flat()
      .flatMap((s) => Array.from({ length: s.to - s.from }, (_, i) => s.from + i));
    expect(rows).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(pages.slice(1).every((p) => p[0]!.continued)).toBe(true);
    expect(pages[0]![0]!.to).toBe(22);
  });

  it('moves a table whose first row does not fit under its title to the next page', () => {
    const pages = paginate([table('a', 22), table('b', 3)], 500, 10);
    expect(pages).toHaveLength(2);
    expect(pages[1]![0]).toMatchObject({ id: 'b', from: 0, continued: false });
  });

  it('never splits a figure and shrinks one taller than a page', () => {
    const figure: FlowBlock = { kind: 'figure', id: 'schematic', titleHeight: 30, height: 900 };
    const pages = paginate([table('a', 3), figure], 500, 10);
    expect(pages).toHaveLength(2);
    expect(pages[1]).toEqual([
      { id: 'schematic', kind: 'figure', from: 0, to: 1, continued: false, maxHeight: 470 },
    ]);
  });

  it('places an empty table (its "none" row) and a row taller than a page', () => {
    expect(paginate([table('none', 0)], 500, 10)).toEqual([
      [{ id: 'none', kind: 'table', from: 0, to: 0, continued: false }],
    ]);
    const pages = paginate([table('tall', 2, 800)], 500, 10);
    expect(pages.map((p) => p.map((s) => [s.from, s.to]))).toEqual([[[0, 1]], [[1, 2]]]);
  });
});
