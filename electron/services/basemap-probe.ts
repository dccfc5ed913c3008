/**
 * Opens a basemap file and tells what it is (BasemapInfo fields), reading only its header,
 * directories or schema pages, its metadata and one tile: a multi-gigabyte file opens in
 * milliseconds. The container is told from the first bytes, never from the extension.
 * Every refusal is a BasemapError whose message names the file (not its folder) and says
 * what to do.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PMTiles, type Header, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapInfo } from '../../shared/api';
import {
  detectVectorSchema,
  effectiveCenter,
  formatFromMetadata,
  parseBounds,
  parseCenter,
  plainAttribution,
  rasterTileSize,
  sniffTileFormat,
  tileAt,
  tileMiddle,
  vectorLayerIds,
  WORLD_BOUNDS,
  type BasemapKind,
  type BasemapTileFormat,
} from '../../shared/map/basemap-info';
import { BasemapError } from './basemap-errors';
import { MbtilesArchive, MbtilesError } from './mbtiles';
import { isSqliteHeader } from './mbtiles-sqlite';

/** What a probe finds; the registry adds id, origin and status. */
export type ProbedBasemap = Omit<BasemapInfo, 'id' | 'origin' | 'status'>;

const gunzipAsync = promisify(gunzip);

/** PMTiles v3 header: "PMTiles" then the spec version byte. */
const PMTILES_MAGIC = 'PMTiles';
const PMTILES_VERSION = 3;

/** The container of a file from its first bytes, or a BasemapError saying what is wrong. */
export function containerOf(head: Uint8Array, fileName: string): BasemapKind {
  if (isSqliteHeader(head)) return 'mbtiles';
  checkPmtilesHeader(head, fileName);
  return 'pmtiles';
}

/** Refuses anything but a PMTiles v3 header, naming a legacy version plainly. */
export function checkPmtilesHeader(head: Uint8Array, fileName: string): void {
  const magic = String.fromCharCode(...head.subarray(0, 7));
  if (head.length >= 4 && magic.startsWith('PM') && magic !== PMTILES_MAGIC) {
    // v1/v2 archives start with "PM" and a little-endian uint16 version; pmtiles 4.x would
    // say "Compression method not supported", which sends people the wrong way.
    // v1 and v2 share this header and writers of "v2" archives left 1 in it (the fixture
    // from the PMTiles repository does): both are the legacy format people know as v2.
    const legacy = head[2]! | (head[3]! << 8);
    throw unsupportedVersion(fileName, legacy <= 2 ? 2 : legacy);
  }
  if (head.length < 8 || magic !== PMTILES_MAGIC) {
    throw new BasemapError(
      'basemap.not-a-basemap',
      `${fileName} is not a basemap file: choose a .pmtiles or .mbtiles file`,
    );
  }
  if (head[7] !== PMTILES_VERSION) throw unsupportedVersion(fileName, head[7]!);
}

function unsupportedVersion(fileName: string, version: number): BasemapError {
  return new BasemapError(
    'basemap.unsupported-version',
    `${fileName}: PMTiles version ${version} is not supported: convert it with \`pmtiles convert\``,
  );
}

/** A pmtiles Source over an open file descriptor, bounded by the size seen at open. */
export function fileSource(handle: FileHandle, size: number, key: string): Source {
  return {
    getKey: () => key,
    getBytes: async (offset: number, length: number): Promise<RangeResponse> => ({
      data: await readAt(handle, size, offset, length),
    }),
  };
}

export async function readAt(
  handle: FileHandle,
  size: number,
  offset: number,
  length: number,
): Promise<ArrayBuffer> {
  const wanted = Math.max(0, Math.min(length, size - offset));
  const bytes = new Uint8Array(wanted);
  let filled = 0;
  while (filled < wanted) {
    const { bytesRead } = await handle.read(bytes, filled, wanted - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === wanted ? bytes.buffer : bytes.buffer.slice(0, filled);
}

/** Undoes gzip when a tile carries it (most MBTiles vector tiles): MapLibre wants raw pbf. */
export async function plainTile(data: Uint8Array): Promise<Uint8Array> {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    return new Uint8Array(await gunzipAsync(data));
  }
  return data;
}

export async function probeBasemap(path: string): Promise<ProbedBasemap> {
  const fileName = basename(path);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new BasemapError('basemap.missing', `${fileName} cannot be opened`);
  }
  let size: number;
  let kind: BasemapKind;
  try {
    size = (await handle.stat()).size;
    const head = new Uint8Array(await readAt(handle, size, 0, 16));
    if (size === 0) {
      throw new BasemapError('basemap.empty', `${fileName} is empty (0 bytes)`);
    }
    kind = containerOf(head, fileName);
    if (kind === 'pmtiles') return await probePmtiles(handle, size, fileName);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return probeMbtiles(path, size, fileName);
}

const PMTILES_TILE_TYPES: Record<number, BasemapTileFormat> = {
  1: 'pbf',
  2: 'png',
  3: 'jpeg',
  4: 'webp',
  5: 'avif',
};

async function probePmtiles(
  handle: FileHandle,
  size: number,
  fileName: string,
): Promise<ProbedBasemap> {
  const pm = new PMTiles(fileSource(handle, size, fileName));
  let header: Header;
  let metadata: Record<string, unknown>;
  try {
    header = await pm.getHeader();
    const raw: unknown = await pm.getMetadata();
    metadata = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  } catch (err) {
    throw corrupt(fileName, err);
  }
  if (
    header.numAddressedTiles === 0 &&
    header.numTileEntries === 0 &&
    (header.tileDataLength ?? 0) === 0
  ) {
    throw new BasemapError('basemap.empty', `${fileName} holds no tiles`);
  }
  const format = PMTILES_TILE_TYPES[header.tileType];
  if (!format) {
    throw new BasemapError(
      'basemap.unsupported-format',
      `${fileName} holds tiles of a type this app cannot draw (PMTiles tile type ${header.tileType})`,
    );
  }
  const bounds =
    parseBounds([header.minLon, header.minLat, header.maxLon, header.maxLat]) ?? WORLD_BOUNDS;
  const center = effectiveCenter(
    parseCenter([header.centerLon, header.centerLat, header.centerZoom]),
    bounds,
    header.minZoom,
    header.maxZoom,
  );
  let sample: Uint8Array | null = null;
  if (format !== 'pbf') {
    try {
      sample = await sampleTile(
        (z, x, y) => pm.getZxy(z, x, y).then((t) => (t ? new Uint8Array(t.data) : null)),
        center,
        header.minZoom,
        header.maxZoom,
      );
    } catch (err) {
      throw corrupt(fileName, err);
    }
  }
  return describe({
    kind: 'pmtiles',
    fileName,
    size,
    format,
    metadata,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    bounds,
    center,
    sample,
  });
}

async function probeMbtiles(path: string, size: number, fileName: string): Promise<ProbedBasemap> {
  let archive: MbtilesArchive;
  try {
    archive = await MbtilesArchive.open(path);
  } catch (err) {
    throw fromMbtilesError(err, fileName);
  }
  try {
    const meta = archive.metadata;
    const first = await archive.firstTile().catch((err: unknown) => {
      throw fromMbtilesError(err, fileName);
    });
    if (!first) throw new BasemapError('basemap.empty', `${fileName} holds no tiles`);
    const sniffed = sniffTileFormat(first.data);
    // The tile bytes decide; the metadata `format` only fills in when they cannot.
    const format = sniffed.format !== 'unknown' ? sniffed.format : formatFromMetadata(meta.format);
    if (!format || format === 'unknown') {
      throw new BasemapError(
        'basemap.unsupported-format',
        `${fileName} holds tiles of a format this app cannot draw`,
      );
    }
    const minzoom = intOr(meta.minzoom, first.z);
    const maxzoom = Math.max(minzoom, intOr(meta.maxzoom, first.z));
    const stated = parseBounds(meta.bounds) ?? WORLD_BOUNDS;
    const fromTiles = await tileExtent(archive, minzoom, maxzoom).catch((err: unknown) => {
      throw fromMbtilesError(err, fileName);
    });
    const narrowed = fromTiles ? narrowerExtent(stated, fromTiles.bounds) : null;
    const bounds = narrowed ?? stated;
    const statedCenter = parseCenter(meta.center);
    const center = await landCenter(
      archive,
      narrowed
        ? effectiveCenter(
            statedCenter && [statedCenter[0], statedCenter[1], fitZoom(narrowed)],
            narrowed,
            minzoom,
            maxzoom,
          )
        : effectiveCenter(statedCenter, bounds, minzoom, maxzoom),
      maxzoom,
    );
    const extentNote =
      narrowed && fromTiles
        ? `extent taken from its tiles at zoom ${fromTiles.z} (${formatBounds(narrowed)}): the bounds in its metadata (${formatBounds(stated)}) are much wider than the area it has tiles for`
        : undefined;
    return describe({
      note: extentNote,
      kind: 'mbtiles',
      fileName,
      size,
      format,
      metadata: meta,
      minzoom,
      maxzoom,
      bounds,
      center,
      sample: format === 'pbf' ? null : first.data,
    });
  } finally {
    await archive.close().catch(() => undefined);
  }
}

/**
 * The centre, moved onto data when the file has no tile under it at its deepest zoom (a
 * centre at sea in a file without sea polygons opens on an empty map): the middle of some
 * tile at that zoom instead, keeping the zoom.
 */
async function landCenter(
  archive: MbtilesArchive,
  center: BasemapInfo['center'],
  maxzoom: number,
): Promise<BasemapInfo['center']> {
  const { x, y } = tileAt(center[0], center[1], maxzoom);
  if (await archive.tile(maxzoom, x, y)) return center;
  const some = await archive.anyTileAt(maxzoom);
  if (!some) return center;
  const [lon, lat] = tileMiddle(some.z, some.x, some.y);
  return [lon, lat, center[2]];
}

/**
 * What the tile index says the file covers: the tile rectangle at the deepest zoom whose
 * columns can be read cheaply (see `tileSpanAt`), in degrees. Null when no zoom answers.
 */
export async function tileExtent(
  archive: MbtilesArchive,
  minzoom: number,
  maxzoom: number,
): Promise<{ z: number; bounds: BasemapInfo['bounds'] } | null> {
  for (let z = maxzoom; z >= minzoom; z--) {
    const span = await archive.tileSpanAt(z);
    if (!span) continue;
    const [west, north] = tileCorner(z, span.minX, span.minY);
    const [east, south] = tileCorner(z, span.maxX + 1, span.maxY + 1);
    return { z, bounds: [west, south, east, north] };
  }
  return null;
}

/** The north-west corner of XYZ tile z/x/y (x, y may be n, the far edge). */
function tileCorner(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lon = (x / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/**
 * The extent to show when the tiles cover clearly less than the stated bounds (a header that
 * includes sea, or a whole country's box over a city's tiles): their intersection, or the
 * tiles' own extent when the two do not meet. Null when the stated bounds are about right
 * (the tiles cover at least ~70 % of their area), so a tidy file keeps its own figures.
 */
export function narrowerExtent(
  stated: BasemapInfo['bounds'],
  tiles: BasemapInfo['bounds'],
): BasemapInfo['bounds'] | null {
  const w = Math.max(stated[0], tiles[0]);
  const s = Math.max(stated[1], tiles[1]);
  const e = Math.min(stated[2], tiles[2]);
  const n = Math.min(stated[3], tiles[3]);
  const area = (b: readonly number[]) => Math.max(0, b[2]! - b[0]!) * Math.max(0, b[3]! - b[1]!);
  const meet = w < e && s < n;
  const shown: BasemapInfo['bounds'] = meet ? [w, s, e, n] : tiles;
  return area(shown) < 0.7 * area(stated) ? shown : null;
}

/** A zoom at which `bounds` fill about half a typical window (512 px). */
export function fitZoom(bounds: BasemapInfo['bounds']): number {
  const [w, s, e, n] = bounds;
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const lonFraction = (e - w) / 360;
  const latFraction = Math.abs(mercY(n) - mercY(s)) / (2 * Math.PI);
  const fraction = Math.max(lonFraction, latFraction, 1e-9);
  return Math.max(0, Math.min(22, Math.floor(Math.log2(2 / fraction))));
}

function formatBounds(b: BasemapInfo['bounds']): string {
  return `W ${b[0].toFixed(4)}, S ${b[1].toFixed(4)}, E ${b[2].toFixed(4)}, N ${b[3].toFixed(4)}`;
}

interface Described {
  /** Something worth saying about a usable file (an overlay's reason takes precedence). */
  note?: string | undefined;
  kind: BasemapKind;
  fileName: string;
  size: number;
  format: BasemapTileFormat;
  metadata: Record<string, unknown>;
  minzoom: number;
  maxzoom: number;
  bounds: BasemapInfo['bounds'];
  center: BasemapInfo['center'];
  /** A raster tile, for its pixel size. */
  sample: Uint8Array | null;
}

function describe(d: Described): ProbedBasemap {
  const name = typeof d.metadata['name'] === 'string' && d.metadata['name'].trim();
  const attribution =
    typeof d.metadata['attribution'] === 'string'
      ? plainAttribution(d.metadata['attribution'])
      : '';
  const base = {
    name: name || d.fileName,
    kind: d.kind,
    size: d.size,
    attribution,
    format: d.format,
    minzoom: d.minzoom,
    maxzoom: d.maxzoom,
    bounds: d.bounds,
    center: d.center,
    ...(d.note ? { note: d.note } : {}),
  };
  if (d.format !== 'pbf') {
    const tileSize = d.sample ? rasterTileSize(d.sample) : null;
    return {
      ...base,
      tileType: 'raster',
      schema: 'raster',
      role: 'basemap',
      vectorLayers: [],
      ...(tileSize ? { tileSize } : {}),
    };
  }
  const vectorLayers = vectorLayerIds(d.metadata);
  const schema = detectVectorSchema(vectorLayers);
  const statedOverlay = String(d.metadata['type'] ?? '').toLowerCase() === 'overlay';
  if (schema === 'unknown') {
    const layers = vectorLayers.length > 0 ? vectorLayers.join(', ') : 'none listed';
    return {
      ...base,
      tileType: 'vector',
      schema,
      role: 'overlay',
      vectorLayers,
      note: `not a basemap: its vector layers (${layers}) are in no schema this app styles${statedOverlay ? ' and it calls itself an overlay' : ''}; it can be laid over a basemap`,
    };
  }
  return { ...base, tileType: 'vector', schema, role: 'basemap', vectorLayers };
}

/** One tile near the centre (raster size sniffing): the centre zoom first, then the others. */
async function sampleTile(
  get: (z: number, x: number, y: number) => Promise<Uint8Array | null>,
  center: BasemapInfo['center'],
  minzoom: number,
  maxzoom: number,
): Promise<Uint8Array | null> {
  const zooms = [center[2], minzoom, maxzoom, Math.round((minzoom + maxzoom) / 2)];
  for (const z of new Set(zooms)) {
    const { x, y } = tileAt(center[0], center[1], z);
    const tile = await get(z, x, y);
    if (tile && tile.length > 0) return tile;
  }
  return null;
}

function intOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 30
    ? n
    : fallback;
}

function corrupt(fileName: string, err: unknown): BasemapError {
  if (err instanceof BasemapError) return err;
  const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
  return new BasemapError('basemap.corrupt', `${fileName} is damaged and cannot be read${detail}`);
}

function fromMbtilesError(err: unknown, fileName: string): BasemapError {
  if (err instanceof BasemapError) return err;
  if (err instanceof MbtilesError) {
    switch (err.code) {
      case 'mbtiles.not-sqlite':
      case 'mbtiles.corrupt':
        return new BasemapError(
          'basemap.corrupt',
          `${fileName} is damaged and cannot be read (${err.message})`,
        );
      case 'mbtiles.no-tiles':
        return new BasemapError(
          'basemap.not-a-basemap',
          `${fileName} is not a usable MBTiles file: ${err.message}`,
        );
      case 'mbtiles.wal':
        return new BasemapError('basemap.busy', `${fileName} cannot be read yet: ${err.message}`);
    }
  }
  return corrupt(fileName, err);
}

export { fromMbtilesError };
