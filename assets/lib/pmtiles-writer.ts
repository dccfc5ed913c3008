/**
 * A small PMTiles v3 writer (no JS writer exists on npm). Layout, in file order: the 127-byte
 * header, the root directory, the JSON metadata, the leaf directories, then the tile data.
 * Identical tile blobs are stored once, and runs of consecutive tile ids that share a blob
 * (open ocean, the inside of a continent) collapse into one directory entry.
 * Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tileIdToZxy } from './tile-id';

export const Compression = { None: 1, Gzip: 2 } as const;
export type Compression = (typeof Compression)[keyof typeof Compression];

export const TileType = { Mvt: 1, Png: 2 } as const;
export type TileType = (typeof TileType)[keyof typeof TileType];

export const HEADER_BYTES = 127;
/** Readers fetch the first 16 KiB at once: header and root directory must fit in it. */
export const ROOT_BUDGET_BYTES = 16_384;

export interface TileBlob {
  tileId: number;
  /** Already compressed with `tileCompression`. */
  data: Uint8Array;
}

export interface ArchiveDescription {
  tileType: TileType;
  tileCompression: Compression;
  /** Compression of directories and metadata. */
  internalCompression: Compression;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** [lon, lat, zoom]. */
  center: [number, number, number];
  metadata: Record<string, unknown>;
}

export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  /** 0 marks a pointer to a leaf directory. */
  runLength: number;
}

export interface ArchiveStats {
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  leafDirectories: number;
  rootDirectoryBytes: number;
  leafDirectoryBytes: number;
  metadataBytes: number;
  tileDataBytes: number;
  totalBytes: number;
}

/** Unsigned LEB128, by arithmetic so values above 2^32 (offsets in big archives) stay exact. */
export function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`varint out of range: ${value}`);
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function serializeDirectory(entries: readonly DirectoryEntry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "right after the previous entry", which is the common case in a clustered archive.
    writeVarint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

function compress(data: Uint8Array, compression: Compression): Uint8Array {
  if (compression === Compression.Gzip) return gzipSync(data, { level: 9 });
  if (compression === Compression.None) return data;
  throw new Error(`unsupported compression ${String(compression)}`);
}

interface Directories {
  root: Uint8Array;
  leaves: Uint8Array;
  leafCount: number;
}

/**
 * Everything in the root if it fits; otherwise fixed-size leaves, growing the leaf size until the
 * root of leaf pointers fits (the same strategy as go-pmtiles).
 */
function buildDirectories(
  entries: readonly DirectoryEntry[],
  compression: Compression,
  budget: number,
): Directories {
  const whole = compress(serializeDirectory(entries), compression);
  if (whole.length <= budget) return { root: whole, leaves: new Uint8Array(0), leafCount: 0 };

  for (
    let leafSize = Math.min(4096, Math.ceil(entries.length / 4));
    ;
    leafSize = Math.ceil(leafSize * 1.2)
  ) {
    const pointers: DirectoryEntry[] = [];
    const leafParts: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = compress(serializeDirectory(entries.slice(i, i + leafSize)), compression);
      pointers.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.length;
    }
    const root = compress(serializeDirectory(pointers), compression);
    if (root.length <= budget)
      return { root, leaves: concat(leafParts), leafCount: leafParts.length };
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toE7(degrees: number): number {
  return Math.round(degrees * 1e7);
}

function encodeHeader(
  desc: ArchiveDescription,
  sections: {
    rootOffset: number;
    rootLength: number;
    metadataOffset: number;
    metadataLength: number;
    leafOffset: number;
    leafLength: number;
    tileDataOffset: number;
    tileDataLength: number;
    addressedTiles: number;
    tileEntries: number;
    tileContents: number;
  },
): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PMTiles'), 0);
  view.setUint8(7, 3);
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  u64(8, sections.rootOffset);
  u64(16, sections.rootLength);
  u64(24, sections.metadataOffset);
  u64(32, sections.metadataLength);
  u64(40, sections.leafOffset);
  u64(48, sections.leafLength);
  u64(56, sections.tileDataOffset);
  u64(64, sections.tileDataLength);
  u64(72, sections.addressedTiles);
  u64(80, sections.tileEntries);
  u64(88, sections.tileContents);
  view.setUint8(96, 1); // clustered: tile data is written in tile-id order
  view.setUint8(97, desc.internalCompression);
  view.setUint8(98, desc.tileCompression);
  view.setUint8(99, desc.tileType);
  view.setUint8(100, desc.minZoom);
  view.setUint8(101, desc.maxZoom);
  const [west, south, east, north] = desc.bounds;
  view.setInt32(102, toE7(west), true);
  view.setInt32(106, toE7(south), true);
  view.setInt32(110, toE7(east), true);
  view.setInt32(114, toE7(north), true);
  const [lon, lat, zoom] = desc.center;
  view.setUint8(118, zoom);
  view.setInt32(119, toE7(lon), true);
  view.setInt32(123, toE7(lat), true);
  return bytes;
}

/** Builds a whole archive in memory; the basemap is a few MB, so streaming would buy nothing. */
export function writePmtiles(
  tiles: readonly TileBlob[],
  desc: ArchiveDescription,
  /** Room for the root directory; smaller only to exercise leaf directories in tests. */
  rootBudgetBytes: number = ROOT_BUDGET_BYTES - HEADER_BYTES,
): { archive: Uint8Array; stats: ArchiveStats } {
  const sorted = [...tiles].sort((a, b) => a.tileId - b.tileId);
  const entries: DirectoryEntry[] = [];
  const blobs: Uint8Array[] = [];
  const offsetByHash = new Map<string, number>();
  let tileDataLength = 0;

  for (let i = 0; i < sorted.length; i++) {
    const tile = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tileId === tile.tileId) {
      throw new Error(`tile ${tileIdToZxy(tile.tileId).join('/')} given twice`);
    }
    if (tile.data.length === 0)
      throw new Error(`tile ${tileIdToZxy(tile.tileId).join('/')} is empty`);
    const z = tileIdToZxy(tile.tileId)[0];
    if (z < desc.minZoom || z > desc.maxZoom)
      throw new Error(`tile at zoom ${z} outside ${desc.minZoom}..${desc.maxZoom}`);

    const hash = createHash('sha256').update(tile.data).digest('base64');
    let offset = offsetByHash.get(hash);
    if (offset === undefined) {
      offset = tileDataLength;
      offsetByHash.set(hash, offset);
      blobs.push(tile.data);
      tileDataLength += tile.data.length;
    }
    const last = entries[entries.length - 1];
    if (last && last.offset === offset && last.tileId + last.runLength === tile.tileId) {
      last.runLength++;
    } else {
      entries.push({ tileId: tile.tileId, offset, length: tile.data.length, runLength: 1 });
    }
  }
  if (entries.length === 0) throw new Error('an archive needs at least one tile');

  const dirs = buildDirectories(entries, desc.internalCompression, rootBudgetBytes);
  const metadata = compress(
    new TextEncoder().encode(JSON.stringify(desc.metadata)),
    desc.internalCompression,
  );

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + dirs.root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset + dirs.leaves.length;
  const header = encodeHeader(desc, {
    rootOffset,
    rootLength: dirs.root.length,
    metadataOffset,
    metadataLength: metadata.length,
    leafOffset,
    leafLength: dirs.leaves.length,
    tileDataOffset,
    tileDataLength,
    addressedTiles: sorted.length,
    tileEntries: entries.length,
    tileContents: blobs.length,
  });
  const archive = concat([header, dirs.root, metadata, dirs.leaves, ...blobs]);
  return {
    archive,
    stats: {
      addressedTiles: sorted.length,
      tileEntries: entries.length,
      tileContents: blobs.length,
      leafDirectories: dirs.leafCount,
      rootDirectoryBytes: dirs.root.length,
      leafDirectoryBytes: dirs.leaves.length,
      metadataBytes: metadata.length,
      tileDataBytes: tileDataLength,
      totalBytes: archive.length,
    },
  };
}
