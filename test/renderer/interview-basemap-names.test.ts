/**
 * The helpers that feed basemap street names to the interview search: which street-level tiles
 * around the view are read (nearest the centre first, bounded), and how a basemap result's
 * kind becomes its category.
 */
import { describe, expect, it, vi } from 'vitest';
import { tilesAround } from '../../renderer/src/interview/basemapNames';
import { basemapCategory } from '../../renderer/src/interview/InterviewSearch';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

describe('tilesAround', () => {
  // Moorwegsiedlung, Wedel: the fixture basemap's extent.
  const view = { west: 9.712515, south: 53.588429, east: 9.738092, north: 53.605417 };

  it('covers the view at the given zoom, nearest the centre first', () => {
    const tiles = tilesAround(view, 14, 100);
    // 0.0256° of longitude at z14 (0.022° a tile) spans 2 or 3 columns; 0.017° of latitude 2 or 3 rows.
    const xs = new Set(tiles.map((t) => t.x));
    const ys = new Set(tiles.map((t) => t.y));
    expect(xs.size).toBeGreaterThanOrEqual(2);
    expect(xs.size).toBeLessThanOrEqual(3);
    expect(ys.size).toBeGreaterThanOrEqual(2);
    expect(ys.size).toBeLessThanOrEqual(3);
    expect(tiles).toHaveLength(xs.size * ys.size);
    // The tile holding the centre (9.7253, 53.5969) is first: x 8634, y 5266 at z14.
    const n = 2 ** 14;
    const cx = Math.floor(((9.7253 + 180) / 360) * n);
    const r = (53.5969 * Math.PI) / 180;
    const cy = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    expect([...xs]).toContain(cx);
    expect([...ys]).toContain(cy);
    const first = tiles[0]!;
    expect(Math.abs(first.x - cx)).toBeLessThanOrEqual(1);
    expect(Math.abs(first.y - cy)).toBeLessThanOrEqual(1);
  });

  it('reads no more than the limit over a wide view, keeping the middle', () => {
    const wide = { west: 9.0, south: 53.3, east: 10.4, north: 53.9 };
    const tiles = tilesAround(wide, 14, 48);
    expect(tiles).toHaveLength(48);
    const all = tilesAround(wide, 14, 1e6);
    expect(all.length).toBeGreaterThan(1000);
    const midX = (Math.min(...all.map((t) => t.x)) + Math.max(...all.map((t) => t.x))) / 2;
    for (const t of tiles) expect(Math.abs(t.x - midX)).toBeLessThan(8);
  });

  it('stays inside the world at the antimeridian and the poles', () => {
    const tiles = tilesAround({ west: 179.9, south: 84, east: 180, north: 90 }, 3, 10);
    for (const t of tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.x).toBeLessThan(8);
      expect(t.y).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('basemapCategory', () => {
  it('reads the category before the schema kind', () => {
    expect(basemapCategory('street:residential')).toBe('street');
    expect(basemapCategory('poi:supermarket')).toBe('poi');
    expect(basemapCategory('place')).toBe('place');
    expect(basemapCategory('something')).toBe('feature');
  });
});
