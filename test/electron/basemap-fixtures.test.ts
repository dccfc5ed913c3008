/**
 * Every basemap fixture in ../shared/fixtures/basemaps added through the registry: what it is
 * (container, schema from its layers, format from its tile bytes, zooms, bounds, centre, tile
 * size), one real tile read per file, the same tiles from an MBTiles file and the PMTiles
 * file it was converted from, the legacy-version message and the overlay that is not a basemap.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { createHash } from 'node:crypto';
import type { BasemapInfo } from '../../shared/api';
import { imageSize, sniffTileFormat, tileAt } from '../../shared/map/basemap-info';
import { BasemapStore } from '../../electron/services/basemap-store';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { MbtilesArchive } from '../../electron/services/mbtiles';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const fixtures = resolve(repoRoot, '../shared/fixtures/basemaps');
const haveFixtures = existsSync(fixtures);
if (!haveFixtures) console.warn('skipping: ../shared/fixtures/basemaps not present');

const HAMBURG: [number, number, number, number] = [9.712515, 53.588429, 9.738092, 53.605417];

interface Expected {
  file: string;
  info: Partial<BasemapInfo>;
  /** A layer the decoded vector tile must have, or the raster format of the tile. */
  layer?: string;
}

const EXPECTED: Expected[] = [
  {
    file: 'pmtiles-protomaps/moorwegsiedlung_protomaps-v3.1.0_z0-14.pmtiles',
    info: { kind: 'pmtiles', tileType: 'vector', format: 'pbf', schema: 'protomaps' },
    layer: 'roads',
  },
  {
    file: 'pmtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.pmtiles',
    info: { kind: 'pmtiles', tileType: 'vector', format: 'pbf', schema: 'openmaptiles' },
    layer: 'transportation',
  },
  {
    file: 'mbtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.mbtiles',
    info: { kind: 'mbtiles', tileType: 'vector', format: 'pbf', schema: 'openmaptiles' },
    layer: 'transportation',
  },
  {
    file: 'mbtiles-openmaptiles/monaco-2025-02-15_openmaptiles_tilemaker_z0-14.mbtiles',
    info: { kind: 'mbtiles', tileType: 'vector', format: 'pbf', schema: 'openmaptiles' },
    layer: 'transportation',
  },
  {
    file: 'extras/moorwegsiedlung_protomaps-v3.1.0_z0-14.mbtiles',
    info: { kind: 'mbtiles', tileType: 'vector', format: 'pbf', schema: 'protomaps' },
    layer: 'roads',
  },
  {
    file: 'raster/usgs-mt-whitney-8-15-webp-512.pmtiles',
    info: { kind: 'pmtiles', tileType: 'raster', format: 'webp', tileSize: 512, minzoom: 8 },
  },
  {
    file: 'raster/usgs-mt-whitney_webp512_z8-15.mbtiles',
    info: { kind: 'mbtiles', tileType: 'raster', format: 'webp', tileSize: 512, minzoom: 8 },
  },
  {
    file: 'raster/stamen_toner_raster_CC-BY+ODbL_z0-3.pmtiles',
    info: { kind: 'pmtiles', tileType: 'raster', format: 'png', tileSize: 256, maxzoom: 3 },
  },
  {
    file: 'raster/geography-class-png.mbtiles',
    info: { kind: 'mbtiles', tileType: 'raster', format: 'png', tileSize: 256, maxzoom: 1 },
  },
  {
    file: 'raster/geography-class-jpg.mbtiles',
    info: { kind: 'mbtiles', tileType: 'raster', format: 'jpeg', tileSize: 256, maxzoom: 1 },
  },
  {
    file: 'raster/geography-class-webp.mbtiles',
    info: { kind: 'mbtiles', tileType: 'raster', format: 'webp', tileSize: 256, maxzoom: 1 },
  },
  {
    file: 'extras/world_cities.mbtiles',
    info: { kind: 'mbtiles', tileType: 'vector', schema: 'unknown', role: 'overlay' },
    layer: 'cities',
  },
];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function layersOf(tile: ArrayBuffer): string[] {
  return Object.keys(new VectorTile(new PbfReader(new Uint8Array(tile))).layers);
}

describe.skipIf(!haveFixtures)('basemap fixtures', () => {
  let userData: string;
  let registry: BasemapRegistry;
  const added = new Map<string, BasemapInfo>();

  beforeAll(async () => {
    userData = await mkdtemp(join(tmpdir(), 'itinera-basemap-fixtures-'));
    registry = new BasemapRegistry([], { store: new BasemapStore(userData) });
    for (const { file } of EXPECTED) added.set(file, await registry.add(join(fixtures, file)));
  });
  afterAll(async () => {
    await registry.close();
    await rm(userData, { recursive: true, force: true });
  });

  it.each(EXPECTED)('$file: describes itself from its contents', ({ file, info }) => {
    const got = added.get(file)!;
    expect(got).toMatchObject({ ...info, origin: 'user', status: 'ok' });
    expect(got.id).toMatch(/^user-[0-9a-f]{16}$/);
    expect(got.minzoom).toBeLessThanOrEqual(got.maxzoom);
    const [w, s, e, n] = got.bounds;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
    // The centre opens the map on the file's own area, at a zoom it has.
    expect(got.center[0]).toBeGreaterThanOrEqual(w);
    expect(got.center[0]).toBeLessThanOrEqual(e);
    expect(got.center[1]).toBeGreaterThanOrEqual(s);
    expect(got.center[1]).toBeLessThanOrEqual(n);
    expect(got.center[2]).toBeGreaterThanOrEqual(got.minzoom);
    expect(got.center[2]).toBeLessThanOrEqual(got.maxzoom);
    if (got.tileType === 'raster') expect(got.vectorLayers).toEqual([]);
    else expect(got.vectorLayers.length).toBeGreaterThan(0);
    // No markup from a file reaches the renderer.
    expect(got.attribution).not.toMatch(/[<>]/);
  });

  it.each(EXPECTED)('$file: serves a real tile at its centre', async ({ file, layer }) => {
    const info = added.get(file)!;
    // The deepest zoom with a tile under the centre (raster pyramids are not all complete).
    let tile = new ArrayBuffer(0);
    for (let z = info.maxzoom; z >= info.minzoom && tile.byteLength === 0; z--) {
      const { x, y } = tileAt(info.center[0], info.center[1], z);
      tile = await registry.readTile(info.id, z, x, y);
    }
    expect(tile.byteLength).toBeGreaterThan(0);
    const bytes = new Uint8Array(tile);
    if (info.tileType === 'vector') {
      // Served decompressed: MapLibre gets raw protobuf.
      expect(sniffTileFormat(bytes)).toEqual({ format: 'pbf', gzip: false });
      expect(layersOf(tile)).toContain(layer);
    } else {
      expect(sniffTileFormat(bytes).format).toBe(info.format);
      expect(imageSize(bytes)?.width).toBe(info.tileSize);
    }
  });

  it('reads the Hamburg extract with street detail: roads at zoom 14 in both schemas', async () => {
    const { x, y } = tileAt(9.7253, 53.5969, 14);
    const pm = added.get(EXPECTED[0]!.file)!;
    const omt = added.get(EXPECTED[2]!.file)!;
    pm.bounds.forEach((v, i) => expect(v).toBeCloseTo(HAMBURG[i]!, 5));
    const roads = new VectorTile(
      new PbfReader(new Uint8Array(await registry.readTile(pm.id, 14, x, y))),
    ).layers['roads']!;
    expect(roads.length).toBeGreaterThan(10);
    const transport = new VectorTile(
      new PbfReader(new Uint8Array(await registry.readTile(omt.id, 14, x, y))),
    ).layers['transportation']!;
    expect(transport.length).toBeGreaterThan(10);
  });

  it.each([
    [EXPECTED[1]!.file, EXPECTED[2]!.file],
    [EXPECTED[0]!.file, EXPECTED[4]!.file],
    [EXPECTED[5]!.file, EXPECTED[6]!.file],
  ])('%s and its MBTiles conversion serve identical tiles', async (pmFile, mbFile) => {
    const pm = added.get(pmFile)!;
    const mb = added.get(mbFile)!;
    let compared = 0;
    for (let z = pm.minzoom; z <= pm.maxzoom; z++) {
      const a = tileAt(pm.bounds[0], pm.bounds[3], z);
      const b = tileAt(pm.bounds[2], pm.bounds[1], z);
      for (let x = a.x; x <= b.x; x++) {
        for (let y = a.y; y <= b.y; y++) {
          const fromPm = new Uint8Array(await registry.readTile(pm.id, z, x, y));
          const fromMb = new Uint8Array(await registry.readTile(mb.id, z, x, y));
          // Digests, not element-wise equality: tiles reach 100 KB.
          expect(sha256(fromMb), `${z}/${x}/${y}`).toBe(sha256(fromPm));
          if (fromPm.length > 0) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('moves a centre that lies at sea onto the data (tilemaker Monaco)', () => {
    const monaco = added.get(EXPECTED[3]!.file)!;
    // The metadata says 7.502127,43.618373: open sea, with no tile at zoom 14 in this file.
    expect(monaco.center[0]).not.toBeCloseTo(7.502127, 3);
    expect(monaco.center[0]).toBeGreaterThan(7.4);
    expect(monaco.center[0]).toBeLessThan(7.44);
    expect(monaco.center[1]).toBeGreaterThan(43.7);
    expect(monaco.center[1]).toBeLessThan(43.76);
  });

  it('derives what the metadata lacks: format from tile bytes, centre from bounds', () => {
    const jpg = added.get('raster/geography-class-jpg.mbtiles')!;
    expect(jpg.format).toBe('jpeg'); // no `format` row
    expect(jpg.center.slice(0, 2)).toEqual([0, 0]); // no `center` row: the middle of the bounds
    const stamen = added.get('raster/stamen_toner_raster_CC-BY+ODbL_z0-3.pmtiles')!;
    expect(stamen.name).toBe('stamen_toner_raster_CC-BY+ODbL_z0-3.pmtiles'); // metadata is {}
  });

  it('takes the vector overlay as an overlay, with a note that says why', () => {
    const cities = added.get('extras/world_cities.mbtiles')!;
    expect(cities.vectorLayers).toEqual(['cities']);
    expect(cities.note).toMatch(/not a basemap/);
    expect(cities.note).toContain('cities');
  });

  it('refuses the legacy PMTiles v2 archive by name, and remembers nothing', async () => {
    const before = await registry.list();
    await expect(
      registry.add(join(fixtures, 'extras/tpe_sample_LEGACY-PMTiles-v2.pmtiles')),
    ).rejects.toMatchObject({
      code: 'basemap.unsupported-version',
      message:
        'tpe_sample_LEGACY-PMTiles-v2.pmtiles: PMTiles version 2 is not supported: convert it with `pmtiles convert`',
    });
    expect(await registry.list()).toEqual(before);
  });

  it('remembers every added file across a restart', async () => {
    const again = new BasemapRegistry([], { store: new BasemapStore(userData) });
    await again.loadRemembered();
    const listed = await again.list();
    expect(listed.map((b) => b.id).sort()).toEqual([...added.values()].map((b) => b.id).sort());
    expect(listed.every((b) => b.status === 'ok')).toBe(true);
    const first = added.get(EXPECTED[2]!.file)!;
    const tile = await again.readTile(first.id, 0, 0, 0);
    expect(layersOf(tile).length).toBeGreaterThan(0);
    await again.close();
  });

  it('serves MBTiles vector tiles exactly as stored, once gunzipped', async () => {
    const info = added.get(EXPECTED[3]!.file)!;
    const { x, y } = tileAt(info.center[0], info.center[1], 14);
    // Read the stored bytes independently of the registry (TMS row in the file).
    const archive = await MbtilesArchive.open(join(fixtures, EXPECTED[3]!.file));
    const stored = await archive.tile(14, x, y);
    await archive.close();
    expect(sniffTileFormat(stored!).gzip).toBe(true);
    const served = new Uint8Array(await registry.readTile(info.id, 14, x, y));
    expect(sha256(served)).toBe(sha256(gunzipSync(stored!)));
    expect(layersOf(served.buffer as ArrayBuffer)).toContain('building');
  });
});
