/**
 * Opening a multi-gigabyte basemap (issue 7: under 2 s): the probe `addBasemap` runs (header,
 * directories or schema pages, metadata, one tile) and then reads of random tiles, on
 * deterministic generated files in a temporary directory:
 * - PMTiles: 300,000 distinct tiles (root + leaf directories) whose tile data section starts
 *   3 GiB into the file, the gap left sparse (apparent size > 3 GiB, little disk);
 * - MBTiles: 1,000,000 tiles of 2 KB through Debian's `sqlite3` (a real 2 GB SQLite file with
 *   a deep b-tree; skipped with a note when `sqlite3` is not installed).
 * `ITINERA_BENCH_MBTILES_ROWS=N` changes the MBTiles row count. Warm page cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Compression, TileType, writePmtiles } from '../../../assets/lib/pmtiles-writer';
import { zxyToTileId } from '../../../assets/lib/tile-id';
import { BasemapRegistry } from '../../../electron/services/basemaps';
import { seededRandom } from '../gen-common';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';

const TARGET_MS = 2000;
const PMTILES_TILES = 300_000;
const PMTILES_GAP = 3 * 1024 ** 3;
const DEFAULT_MBTILES_ROWS = 1_000_000;
const MBTILES_BLOB_BYTES = 2000;

/** Tiles from zoom 10 down, laid row by row, `count` in all. */
function* tileAddresses(count: number): Generator<[number, number, number]> {
  let n = 0;
  for (const z of [10, 11, 12]) {
    const side = 2 ** z;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        if (n++ >= count) return;
        yield [z, x, y];
      }
    }
  }
}

/**
 * A PMTiles v3 archive of `count` distinct 16-byte tiles whose tile data starts `gap` bytes
 * later than the writer put it: the header's tile data offset is moved and the hole left sparse.
 */
export function makeSparsePmtiles(path: string, count: number, gap: number): number {
  const tiles = [];
  for (const [z, x, y] of tileAddresses(count)) {
    const data = new Uint8Array(16);
    new DataView(data.buffer).setUint32(0, z * 1e7 + y * 5000 + x);
    data[15] = 0x1a; // distinct blobs, so no run collapses them
    tiles.push({ tileId: zxyToTileId(z, x, y), data });
  }
  const { archive } = writePmtiles(tiles, {
    tileType: TileType.Mvt,
    tileCompression: Compression.None,
    internalCompression: Compression.Gzip,
    minZoom: 10,
    maxZoom: 12,
    bounds: [-180, -85, 180, 85],
    center: [0, 0, 10],
    metadata: { name: 'bench', vector_layers: [{ id: 'earth' }, { id: 'roads' }] },
  });
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const tileDataOffset = Number(view.getBigUint64(56, true));
  const head = archive.slice(0, tileDataOffset);
  new DataView(head.buffer).setBigUint64(56, BigInt(tileDataOffset + gap), true);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    const data = archive.subarray(tileDataOffset);
    writeSync(fd, data, 0, data.length, tileDataOffset + gap);
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

export function hasSqlite3(): boolean {
  return spawnSync('sqlite3', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** An MBTiles file of `rows` tiles of `blobBytes` zero bytes each, built by the sqlite3 CLI. */
export function makeMbtiles(path: string, rows: number, blobBytes: number): number {
  const side = 2 ** 12;
  const sql = `
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
CREATE TABLE metadata (name text, value text);
CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
INSERT INTO metadata VALUES ('name','bench'),('format','pbf'),('minzoom','12'),('maxzoom','12'),
  ('bounds','-180,-85,180,85'),('json','{"vector_layers":[{"id":"transportation"},{"id":"water"},{"id":"place"}]}');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${rows})
INSERT INTO tiles SELECT 12, i % ${side}, i / ${side}, zeroblob(${blobBytes}) FROM n;
CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
`;
  execFileSync('sqlite3', [path], { input: sql, stdio: ['pipe', 'ignore', 'inherit'] });
  return statSync(path).size;
}

async function timeOpen(
  path: string,
  repeat: number,
  tiles: [number, number, number][],
): Promise<{ openMs: number; tileMs: number; served: number }> {
  let openMs = Infinity;
  let tileMs = Infinity;
  let served = 0;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const t0 = performance.now();
    const registry = new BasemapRegistry();
    const info = await registry.add(path);
    openMs = Math.min(openMs, performance.now() - t0);
    const t1 = performance.now();
    served = 0;
    for (const [z, x, y] of tiles) {
      if ((await registry.readTile(info.id, z, x, y)).byteLength > 0) served++;
    }
    tileMs = Math.min(tileMs, (performance.now() - t1) / tiles.length);
    await registry.close();
  }
  return { openMs, tileMs, served };
}

export const basemapOpenSuite: BenchSuite = {
  name: 'basemap-open',
  description: 'open (probe + add) a >2 GB PMTiles and MBTiles basemap, then random tile reads',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'itinera-bench-basemap-'));
    const random = seededRandom(11);
    try {
      const pmPath = join(dir, 'sparse.pmtiles');
      const pmSize = makeSparsePmtiles(pmPath, PMTILES_TILES, PMTILES_GAP);
      const pmTiles: [number, number, number][] = [];
      const all = [...tileAddresses(PMTILES_TILES)];
      for (let i = 0; i < 200; i++) pmTiles.push(all[Math.floor(random() * all.length)]!);
      const pm = await timeOpen(pmPath, opts.repeat, pmTiles);
      rows.push({
        suite: 'basemap-open',
        subject: `PMTiles ${(pmSize / 1024 ** 3).toFixed(1)} GiB, ${PMTILES_TILES} tiles: open`,
        wallMs: pm.openMs,
        maxRssBytes: null,
        note: `${pm.tileMs.toFixed(2)} ms per random tile (${pm.served}/200 found)`,
      });
      notes.push(
        `PMTiles open ${pm.openMs.toFixed(0)} ms (target < ${TARGET_MS} ms): ${pm.openMs < TARGET_MS ? 'met' : 'MISSED'}`,
      );
      rmSync(pmPath, { force: true });

      if (!hasSqlite3()) {
        notes.push(
          'MBTiles skipped: the sqlite3 command is not installed (apt-get install sqlite3)',
        );
      } else {
        const count = Number(process.env.ITINERA_BENCH_MBTILES_ROWS ?? DEFAULT_MBTILES_ROWS);
        const mbPath = join(dir, 'big.mbtiles');
        const t0 = performance.now();
        const mbSize = makeMbtiles(mbPath, count, MBTILES_BLOB_BYTES);
        notes.push(`MBTiles generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        const side = 2 ** 12;
        const mbTiles: [number, number, number][] = [];
        for (let i = 0; i < 200; i++) {
          const k = Math.floor(random() * count);
          // XYZ row of a TMS row k / side.
          mbTiles.push([12, k % side, side - 1 - Math.floor(k / side)]);
        }
        const mb = await timeOpen(mbPath, opts.repeat, mbTiles);
        rows.push({
          suite: 'basemap-open',
          subject: `MBTiles ${(mbSize / 1024 ** 3).toFixed(1)} GiB, ${count} tiles: open`,
          wallMs: mb.openMs,
          maxRssBytes: null,
          note: `${mb.tileMs.toFixed(2)} ms per random tile (${mb.served}/200 found)`,
        });
        notes.push(
          `MBTiles open ${mb.openMs.toFixed(0)} ms (target < ${TARGET_MS} ms): ${mb.openMs < TARGET_MS ? 'met' : 'MISSED'}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { rows, notes };
  },
};
