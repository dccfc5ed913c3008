/**
 * The extent of an MBTiles file read from its tile index, not only from its metadata: the
 * tilemaker Monaco fixture states bounds reaching far out to sea (43.48–43.75° N) while its
 * tiles cover the city only. The expected tile rectangle is computed here with sqlite3's own
 * reading of the file (Python's sqlite3 module), not with the app's page reader.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fitZoom,
  narrowerExtent,
  probeBasemap,
  tileExtent,
} from '../../electron/services/basemap-probe';
import { MbtilesArchive } from '../../electron/services/mbtiles';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(repoRoot, '../shared/fixtures/basemaps');
const monaco = resolve(
  fixtures,
  'mbtiles-openmaptiles/monaco-2025-02-15_openmaptiles_tilemaker_z0-14.mbtiles',
);
const hamburg = resolve(
  fixtures,
  'mbtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.mbtiles',
);
const haveFixtures = existsSync(monaco) && existsSync(hamburg);
if (!haveFixtures) console.warn('skipping: ../shared/fixtures/basemaps not present');

const MBTILES_FIXTURES = [
  'mbtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.mbtiles',
  'extras/moorwegsiedlung_protomaps-v3.1.0_z0-14.mbtiles',
  'extras/world_cities.mbtiles',
  'raster/usgs-mt-whitney_webp512_z8-15.mbtiles',
  'raster/geography-class-png.mbtiles',
];

/** Monaco, the principality's land (a generous box around it). */
const MONACO = { west: 7.4, east: 7.44, south: 43.72, north: 43.76 };

/** [minX, maxX, minTmsRow, maxTmsRow] per zoom, from SQLite itself. */
function sqliteSpans(file: string): Map<number, [number, number, number, number]> {
  const script = [
    'import sqlite3, sys, json',
    'c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)',
    'rows = c.execute("select zoom_level, min(tile_column), max(tile_column), min(tile_row), max(tile_row) from tiles group by zoom_level").fetchall()',
    'print(json.dumps(rows))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
  const rows = JSON.parse(out) as [number, number, number, number, number][];
  return new Map(rows.map(([z, ...rest]) => [z, rest as [number, number, number, number]]));
}

function lonOf(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

function latOf(y: number, z: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import sqlite3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPython) console.warn('skipping the SQLite cross-check: python3 with sqlite3 not present');

describe.skipIf(!haveFixtures)('MBTiles extent from the tile index', () => {
  it.skipIf(!hasPython)('reads the tile span at each zoom as SQLite does', async () => {
    const expected = sqliteSpans(monaco);
    const archive = await MbtilesArchive.open(monaco);
    try {
      for (const [z, [x0, x1, r0, r1]] of expected) {
        const span = await archive.tileSpanAt(z);
        const n = 2 ** z;
        // TMS rows flipped into XYZ rows.
        expect(span, `zoom ${z}`).toEqual({
          z,
          minX: x0,
          maxX: x1,
          minY: n - 1 - r1,
          maxY: n - 1 - r0,
        });
      }
      expect(await archive.tileSpanAt(15)).toBeNull();
      const extent = await tileExtent(archive, 0, 14);
      expect(extent?.z).toBe(14);
      expect(extent!.bounds[0]).toBeCloseTo(lonOf(8529, 14), 9);
      expect(extent!.bounds[2]).toBeCloseTo(lonOf(8531, 14), 9);
      // Too many columns for the budget: null, so the caller asks a lower zoom.
      expect(await archive.tileSpanAt(14, 1)).toBeNull();
    } finally {
      await archive.close();
    }
  });

  // Every MBTiles fixture: tilemaker, planetiler, mbutil's map/images behind a view, raster.
  it.skipIf(!hasPython).each(MBTILES_FIXTURES)('the same on %s', async (file) => {
    const path = resolve(fixtures, file);
    const expected = sqliteSpans(path);
    expect(expected.size).toBeGreaterThan(0);
    const archive = await MbtilesArchive.open(path);
    try {
      for (const [z, [x0, x1, r0, r1]] of expected) {
        const n = 2 ** z;
        expect(await archive.tileSpanAt(z, Infinity), `${file} zoom ${z}`).toEqual({
          z,
          minX: x0,
          maxX: x1,
          minY: n - 1 - r1,
          maxY: n - 1 - r0,
        });
      }
    } finally {
      await archive.close();
    }
  });

  it('opens Monaco on Monaco: bounds from the tiles, centre inside the city, a note', async () => {
    const info = await probeBasemap(monaco);
    const [w, s, e, n] = info.bounds;
    // The tiles at z14 (columns 8529–8530, TMS rows 10408–10410), in degrees.
    const tiles = {
      west: lonOf(8529, 14),
      east: lonOf(8531, 14),
      north: latOf(2 ** 14 - 1 - 10410, 14),
      south: latOf(2 ** 14 - 10408, 14),
    };
    expect(Math.abs(w - tiles.west)).toBeLessThan(0.1);
    expect(Math.abs(e - tiles.east)).toBeLessThan(0.1);
    expect(Math.abs(s - tiles.south)).toBeLessThan(0.1);
    expect(Math.abs(n - tiles.north)).toBeLessThan(0.1);
    // Not the header's sea-wide box any more (43.48° S edge).
    expect(s).toBeGreaterThan(43.6);
    const [lon, lat, zoom] = info.center;
    expect(lon).toBeGreaterThan(MONACO.west);
    expect(lon).toBeLessThan(MONACO.east);
    expect(lat).toBeGreaterThan(MONACO.south);
    expect(lat).toBeLessThan(MONACO.north);
    // Opens close enough to read the streets, not at the header's zoom 7.
    expect(zoom).toBeGreaterThanOrEqual(12);
    expect(info.role).toBe('basemap');
    expect(info.note).toMatch(/extent taken from its tiles at zoom 14/);
    expect(info.note).toMatch(/S 43\.4838/);
  });

  it('leaves a file whose stated bounds match its tiles as it is', async () => {
    const info = await probeBasemap(hamburg);
    expect(info.note).toBeUndefined();
    expect(info.bounds[0]).toBeCloseTo(9.712515, 5);
    expect(info.bounds[3]).toBeCloseTo(53.605417, 5);
  });
});

describe('narrowerExtent and fitZoom', () => {
  it('keeps stated bounds the tiles mostly cover, narrows those they do not', () => {
    const stated: [number, number, number, number] = [0, 0, 10, 10];
    expect(narrowerExtent(stated, [-0.1, -0.1, 10.2, 9.5])).toBeNull();
    expect(narrowerExtent(stated, [2, 2, 4, 4])).toEqual([2, 2, 4, 4]);
    // Tiles rounded out past one edge: the intersection.
    expect(narrowerExtent(stated, [-1, 2, 4, 4])).toEqual([0, 2, 4, 4]);
    // Bounds that miss the tiles altogether: the tiles.
    expect(narrowerExtent(stated, [20, 20, 21, 21])).toEqual([20, 20, 21, 21]);
  });

  it('picks a zoom that shows the extent at street level for a city, low for a country', () => {
    expect(fitZoom([7.38, 43.7, 7.43, 43.75])).toBeGreaterThanOrEqual(12);
    expect(fitZoom([2.5, 49.5, 6.4, 51.5])).toBeLessThanOrEqual(8);
    expect(fitZoom([-180, -85, 180, 85])).toBe(1);
  });
});
