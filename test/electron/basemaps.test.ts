/**
 * The basemap range service: a real PMTiles v3 archive read through `readRange` by the same
 * `pmtiles` library the renderer uses, plus bounds checks and the legacy-version message.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compression, TileType, writePmtiles } from '../../assets/lib/pmtiles-writer';
import { zxyToTileId } from '../../assets/lib/tile-id';
import {
  BasemapError,
  BasemapRegistry,
  WORLD_BASEMAP_ATTRIBUTION,
  WORLD_BASEMAP_ID,
  worldBasemapEntry,
  type BasemapEntry,
} from '../../electron/services/basemaps';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The renderer's side: a pmtiles Source that asks the registry (over IPC in the app). */
function registrySource(registry: BasemapRegistry, id: string): Source {
  return {
    getKey: () => id,
    getBytes: async (offset: number, length: number): Promise<RangeResponse> => ({
      data: await registry.readRange(id, offset, length),
    }),
  };
}

function entry(id: string, path: string): BasemapEntry {
  return { id, name: id, origin: 'user', kind: 'pmtiles', path, attribution: 'test' };
}

describe('BasemapRegistry', () => {
  let dir: string;
  let archivePath: string;
  let archive: Uint8Array;
  const tile00 = new TextEncoder().encode('tile 0/0/0');
  const tile11 = new TextEncoder().encode('tile 1/1/0, a little longer');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-basemaps-'));
    archivePath = join(dir, 'small.pmtiles');
    archive = writePmtiles(
      [
        { tileId: zxyToTileId(0, 0, 0), data: tile00 },
        { tileId: zxyToTileId(1, 1, 0), data: tile11 },
      ],
      {
        tileType: TileType.Mvt,
        tileCompression: Compression.None,
        internalCompression: Compression.None,
        minZoom: 0,
        maxZoom: 1,
        bounds: [-180, -85, 180, 85],
        center: [0, 0, 0],
        metadata: { name: 'test' },
      },
    ).archive;
    await writeFile(archivePath, archive);
    await writeFile(
      join(dir, 'v2.pmtiles'),
      Buffer.from([0x50, 0x4d, 2, 0, ...new Array(60).fill(0)]),
    );
    await writeFile(join(dir, 'text.pmtiles'), 'hello, not an archive');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a whole archive to the pmtiles library', async () => {
    const registry = new BasemapRegistry([entry('small', archivePath)]);
    try {
      const pm = new PMTiles(registrySource(registry, 'small'));
      const header = await pm.getHeader();
      expect(header.specVersion).toBe(3);
      expect(header.maxZoom).toBe(1);
      const t0 = await pm.getZxy(0, 0, 0);
      expect(new Uint8Array(t0!.data)).toEqual(tile00);
      const t1 = await pm.getZxy(1, 1, 0);
      expect(new Uint8Array(t1!.data)).toEqual(tile11);
      expect(await pm.getZxy(1, 0, 1)).toBeUndefined();
      expect(await pm.getMetadata()).toEqual({ name: 'test' });
    } finally {
      await registry.close();
    }
  });

  it('returns exactly the bytes asked for, as a fresh ArrayBuffer', async () => {
    const registry = new BasemapRegistry([entry('small', archivePath)]);
    const got = await registry.readRange('small', 10, 20);
    expect(got).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(got)).toEqual(archive.subarray(10, 30));
    await registry.close();
  });

  it('shortens a range that runs past the end, and refuses one that starts past it', async () => {
    const registry = new BasemapRegistry([entry('small', archivePath)]);
    const tail = await registry.readRange('small', archive.length - 5, 16_384);
    expect(new Uint8Array(tail)).toEqual(archive.subarray(archive.length - 5));
    expect((await registry.readRange('small', archive.length, 10)).byteLength).toBe(0);
    await expect(registry.readRange('small', archive.length + 1, 10)).rejects.toMatchObject({
      code: 'basemap.out-of-range',
    });
    await expect(registry.readRange('small', -1, 10)).rejects.toBeInstanceOf(BasemapError);
    await expect(registry.readRange('small', 0, 0)).rejects.toBeInstanceOf(BasemapError);
    await expect(registry.readRange('small', 1.5, 10)).rejects.toBeInstanceOf(BasemapError);
    await registry.close();
  });

  it('keeps one descriptor open across reads and survives concurrent reads', async () => {
    const registry = new BasemapRegistry([entry('small', archivePath)]);
    const reads = await Promise.all(
      Array.from({ length: 50 }, (_, i) => registry.readRange('small', i, 7)),
    );
    reads.forEach((buf, i) => expect(new Uint8Array(buf)).toEqual(archive.subarray(i, i + 7)));
    await registry.close();
    // After close, a read reopens.
    expect((await registry.readRange('small', 0, 7)).byteLength).toBe(7);
    await registry.close();
  });

  it('refuses unknown ids, missing files, non-archives and legacy versions with clear codes', async () => {
    const registry = new BasemapRegistry([
      entry('missing', join(dir, 'nope.pmtiles')),
      entry('v2', join(dir, 'v2.pmtiles')),
      entry('text', join(dir, 'text.pmtiles')),
    ]);
    await expect(registry.readRange('nope', 0, 1)).rejects.toMatchObject({
      code: 'basemap.unknown',
    });
    await expect(registry.readRange('missing', 0, 1)).rejects.toMatchObject({
      code: 'basemap.missing',
    });
    await expect(registry.readRange('v2', 0, 1)).rejects.toMatchObject({
      code: 'basemap.unsupported-version',
      message: expect.stringContaining('version 2'),
    });
    await expect(registry.readRange('text', 0, 1)).rejects.toMatchObject({
      code: 'basemap.not-pmtiles',
    });
    // Messages name the file, never the full path.
    await expect(registry.readRange('missing', 0, 1)).rejects.not.toThrow(dir);
    await registry.close();
  });

  it('lists a bundled map only when its file exists, a user map always, with what it holds', async () => {
    const registry = new BasemapRegistry([
      entry('small', archivePath),
      { ...entry('gone', join(dir, 'nope.pmtiles')), origin: 'bundled' },
      entry('missing', join(dir, 'nope.pmtiles')),
    ]);
    const [small, missing, ...rest] = await registry.list();
    expect(rest).toEqual([]);
    expect(small).toMatchObject({
      id: 'small',
      name: 'test',
      origin: 'user',
      kind: 'pmtiles',
      size: archive.length,
      tileType: 'vector',
      format: 'pbf',
      minzoom: 0,
      maxzoom: 1,
      status: 'ok',
    });
    expect(missing).toMatchObject({ id: 'missing', origin: 'user', status: 'missing' });
    await registry.close();
  });

  it('refuses the same id twice', () => {
    const registry = new BasemapRegistry([entry('a', archivePath)]);
    expect(() => registry.register(entry('a', archivePath))).toThrow(/twice/);
  });
});

const worldPath = join(repoRoot, 'assets', 'basemap', 'world.pmtiles');
const haveWorld = existsSync(worldPath);
if (!haveWorld)
  console.warn('skipping: assets/basemap/world.pmtiles not built (npm run build:assets)');

describe.skipIf(!haveWorld)('the bundled world basemap', () => {
  it('is a PMTiles v3 archive the pmtiles library reads through the registry', async () => {
    const registry = new BasemapRegistry([worldBasemapEntry(worldPath)]);
    try {
      const [info] = await registry.list();
      expect(info).toMatchObject({ id: WORLD_BASEMAP_ID, origin: 'bundled', kind: 'pmtiles' });
      const pm = new PMTiles(registrySource(registry, WORLD_BASEMAP_ID));
      const header = await pm.getHeader();
      expect(header.specVersion).toBe(3);
      expect(header.minZoom).toBe(0);
      const root = await pm.getZxy(0, 0, 0);
      expect(root?.data.byteLength).toBeGreaterThan(0);
      const metadata = (await pm.getMetadata()) as { attribution?: string };
      expect(metadata.attribution).toBe(WORLD_BASEMAP_ATTRIBUTION);
      expect(info!.attribution).toBe(WORLD_BASEMAP_ATTRIBUTION);
    } finally {
      await registry.close();
    }
  });
});
