import { describe, expect, it } from 'vitest';
import { PMTiles, zxyToTileId as referenceTileId, tileIdToZxy as referenceZxy } from 'pmtiles';
import { BufferSource } from './buffer-source';
import { gzipSync } from 'node:zlib';
import { tileIdToZxy, zxyToTileId } from '../../assets/lib/tile-id';
import {
  Compression,
  TileType,
  serializeDirectory,
  writePmtiles,
  type TileBlob,
} from '../../assets/lib/pmtiles-writer';

describe('tile ids', () => {
  it('match the pmtiles reference implementation for every tile to zoom 7 and some deep ones', () => {
    for (let z = 0; z <= 7; z++) {
      for (let x = 0; x < 2 ** z; x++) {
        for (let y = 0; y < 2 ** z; y++) {
          const id = zxyToTileId(z, x, y);
          if (id !== referenceTileId(z, x, y))
            throw new Error(`${z}/${x}/${y}: ${id} != ${referenceTileId(z, x, y)}`);
          expect(tileIdToZxy(id)).toEqual([z, x, y]);
        }
      }
    }
    for (const [z, x, y] of [
      [16, 33_000, 21_000],
      [20, 12_345, 678_901],
      [26, 2 ** 26 - 1, 5],
    ] as const) {
      const id = zxyToTileId(z, x, y);
      expect(id).toBe(referenceTileId(z, x, y));
      expect(tileIdToZxy(id)).toEqual(referenceZxy(id));
    }
  });

  it('rejects tiles outside their zoom', () => {
    expect(() => zxyToTileId(2, 4, 0)).toThrow(RangeError);
    expect(() => zxyToTileId(-1, 0, 0)).toThrow(RangeError);
  });
});

describe('directory serialisation', () => {
  it('encodes contiguous offsets as 0 and others as offset + 1', () => {
    const bytes = serializeDirectory([
      { tileId: 0, offset: 0, length: 10, runLength: 1 },
      { tileId: 1, offset: 10, length: 5, runLength: 3 },
      { tileId: 5, offset: 0, length: 10, runLength: 1 },
    ]);
    // count | delta ids 0,1,4 | run lengths 1,3,1 | lengths 10,5,10 | offsets 0+1, 0 (contiguous), 0+1
    expect([...bytes]).toEqual([3, 0, 1, 4, 1, 3, 1, 10, 5, 10, 1, 0, 1]);
  });
});

function tileAt(z: number, x: number, y: number, text: string): TileBlob {
  return { tileId: zxyToTileId(z, x, y), data: gzipSync(Buffer.from(text)) };
}

describe('writePmtiles', () => {
  const description = {
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    internalCompression: Compression.Gzip,
    minZoom: 0,
    maxZoom: 9,
    bounds: [-180, -85, 180, 85] as [number, number, number, number],
    center: [4.35, 50.85, 3] as [number, number, number],
    metadata: { name: 'test', vector_layers: [] },
  };

  it('reads back every tile, dedupes identical blobs and run-length encodes repeats', async () => {
    const tiles: TileBlob[] = [];
    const expected = new Map<string, string>();
    // Every zoom-5 tile: half share one "ocean" blob, the rest are unique.
    for (let x = 0; x < 32; x++) {
      for (let y = 0; y < 32; y++) {
        const text = (x + y) % 2 === 0 || y < 8 ? 'ocean' : `tile ${x}/${y}`;
        tiles.push(tileAt(5, x, y, text));
        expected.set(`5/${x}/${y}`, text);
      }
    }
    tiles.push(tileAt(0, 0, 0, 'world'));
    expected.set('0/0/0', 'world');
    const { archive, stats } = writePmtiles(tiles.reverse(), description);
    expect(stats.addressedTiles).toBe(1025);
    expect(stats.tileContents).toBe(1 + 1 + (32 * 24) / 2);
    expect(stats.tileEntries).toBeLessThan(stats.addressedTiles);

    const reader = new PMTiles(new BufferSource(archive));
    const header = await reader.getHeader();
    expect(header.specVersion).toBe(3);
    expect(header.clustered).toBe(true);
    expect(header.numAddressedTiles).toBe(1025);
    expect(header.centerLon).toBeCloseTo(4.35, 6);
    expect(header.maxZoom).toBe(9);
    expect(await reader.getMetadata()).toEqual(description.metadata);
    for (const [zxy, text] of expected) {
      const [z, x, y] = zxy.split('/').map(Number) as [number, number, number];
      const got = await reader.getZxy(z, x, y);
      expect(got && Buffer.from(got.data).toString()).toBe(text);
    }
    expect(await reader.getZxy(1, 0, 0)).toBeUndefined();
  });

  it('splits a large directory into leaves that the reader follows', async () => {
    const tiles: TileBlob[] = [];
    for (let x = 0; x < 128; x++) {
      for (let y = 0; y < 128; y++) {
        if ((x * 7 + y * 13) % 5 !== 0)
          tiles.push({ tileId: zxyToTileId(7, x, y), data: Buffer.from(`${x},${y}`) });
      }
    }
    const { archive, stats } = writePmtiles(
      tiles,
      { ...description, tileCompression: Compression.None },
      100,
    );
    expect(stats.leafDirectories).toBeGreaterThan(1);
    expect(stats.rootDirectoryBytes).toBeLessThanOrEqual(100);
    const reader = new PMTiles(new BufferSource(archive));
    for (const [x, y] of [
      [0, 1],
      [127, 126],
      [100, 11],
      [17, 3],
    ] as const) {
      const got = await reader.getZxy(7, x, y);
      expect(got && Buffer.from(got.data).toString()).toBe(`${x},${y}`);
    }
    expect(await reader.getZxy(7, 0, 0)).toBeUndefined(); // (0*7+0*13)%5 === 0: never written
  });

  it('refuses duplicate and out-of-range tiles', () => {
    expect(() => writePmtiles([tileAt(1, 0, 0, 'a'), tileAt(1, 0, 0, 'b')], description)).toThrow(
      /twice/,
    );
    expect(() => writePmtiles([tileAt(1, 0, 0, 'a')], { ...description, minZoom: 2 })).toThrow(
      /outside/,
    );
  });
});
