/**
 * What a basemap file holds, told from its contents rather than its name: the schema from the
 * vector layer ids, the tile format from the first bytes of a tile, the tile size from the
 * image header, bounds and centre from the metadata (or derived when it lacks them).
 * Runtime-neutral: the Node side probes files with it, the renderer may reuse it.
 */

export type BasemapKind = 'pmtiles' | 'mbtiles';
export type BasemapTileType = 'vector' | 'raster';
export type BasemapTileFormat = 'pbf' | 'png' | 'jpeg' | 'webp' | 'avif' | 'unknown';
/** `world` is the bundled Natural Earth map; `raster` any image tileset. */
export type BasemapSchema = 'protomaps' | 'openmaptiles' | 'world' | 'raster' | 'unknown';
/** [west, south, east, north] in degrees. */
export type BasemapBounds = [number, number, number, number];
/** [lon, lat, zoom]. */
export type BasemapCenter = [number, number, number];

export const BASEMAP_FILE_EXTENSIONS = ['.pmtiles', '.mbtiles'] as const;

export const WORLD_BOUNDS: BasemapBounds = [-180, -85.051129, 180, 85.051129];

/** Layers that only the Protomaps basemap schema (v2–v4) has. */
const PROTOMAPS_LAYERS = ['earth', 'roads', 'pois', 'physical_line', 'physical_point', 'transit'];
/** Layers that only the OpenMapTiles schema has. */
const OPENMAPTILES_LAYERS = [
  'transportation',
  'transportation_name',
  'waterway',
  'water_name',
  'landcover',
  'housenumber',
  'aeroway',
  'mountain_peak',
  'aerodrome_label',
  'place',
  'boundary',
  'building',
  'poi',
  'park',
];
const WORLD_LAYERS = ['land', 'countries', 'coastline'];

/** The kind of file by its extension (what the open dialog offers), or null. */
export function basemapKindOfName(name: string): BasemapKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pmtiles')) return 'pmtiles';
  if (lower.endsWith('.mbtiles')) return 'mbtiles';
  return null;
}

/**
 * Vector layer ids from TileJSON-style metadata: `vector_layers` directly (PMTiles) or inside
 * the MBTiles `json` row.
 */
export function vectorLayerIds(metadata: unknown): string[] {
  if (typeof metadata !== 'object' || metadata === null) return [];
  const record = metadata as Record<string, unknown>;
  let layers = record['vector_layers'];
  if (layers === undefined && typeof record['json'] === 'string') {
    try {
      layers = (JSON.parse(record['json']) as Record<string, unknown>)['vector_layers'];
    } catch {
      layers = undefined;
    }
  }
  if (!Array.isArray(layers)) return [];
  return layers
    .map((layer: unknown) =>
      typeof layer === 'object' && layer !== null ? (layer as { id?: unknown }).id : undefined,
    )
    .filter((id): id is string => typeof id === 'string');
}

/** The schema of a vector tileset from its layer ids; at least two telltale layers decide. */
export function detectVectorSchema(layerIds: readonly string[]): BasemapSchema {
  const ids = new Set(layerIds);
  const count = (names: readonly string[]) => names.filter((n) => ids.has(n)).length;
  if (count(WORLD_LAYERS) === WORLD_LAYERS.length) return 'world';
  const protomaps = count(PROTOMAPS_LAYERS);
  const omt = count(OPENMAPTILES_LAYERS);
  if (protomaps >= 2 && protomaps >= omt) return 'protomaps';
  if (omt >= 2) return 'openmaptiles';
  return 'unknown';
}

export interface SniffedTile {
  format: BasemapTileFormat;
  /** The tile bytes are gzip-compressed (vector tiles in most MBTiles). */
  gzip: boolean;
}

/** The tile format from its first bytes. A gzip stream is taken to be a vector tile. */
export function sniffTileFormat(bytes: Uint8Array): SniffedTile {
  const b = bytes;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return { format: 'pbf', gzip: true };
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47)
    return { format: 'png', gzip: false };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { format: 'jpeg', gzip: false };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP')
    return { format: 'webp', gzip: false };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 4)))
    return { format: 'avif', gzip: false };
  // An uncompressed vector tile starts with a `layers` field: tag 3, wire type 2 (0x1a).
  if (b.length >= 2 && b[0] === 0x1a) return { format: 'pbf', gzip: false };
  return { format: 'unknown', gzip: false };
}

/** The `format` metadata value of an MBTiles file, normalised; null when absent or unknown. */
export function formatFromMetadata(value: string | undefined): BasemapTileFormat | null {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'pbf':
    case 'mvt':
      return 'pbf';
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpeg';
    case 'webp':
      return 'webp';
    case 'avif':
      return 'avif';
    default:
      return null;
  }
}

/** Width and height of a PNG, JPEG or WebP image from its header; null when unknown. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = bytes;
  const { format } = sniffTileFormat(b);
  if (format === 'png' && b.length >= 24 && ascii(b, 12, 4) === 'IHDR') {
    return { width: be32(b, 16), height: be32(b, 20) };
  }
  if (format === 'webp' && b.length >= 30) {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8 ') return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') {
      return { width: le24(b, 24) + 1, height: le24(b, 27) + 1 };
    }
    return null;
  }
  if (format === 'jpeg') {
    let at = 2;
    while (at + 9 < b.length) {
      if (b[at] !== 0xff) return null;
      const marker = b[at + 1]!;
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      const length = (b[at + 2]! << 8) | b[at + 3]!;
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (
        marker >= 0xc0 &&
        marker <= 0xcf &&
        marker !== 0xc4 &&
        marker !== 0xc8 &&
        marker !== 0xcc
      ) {
        return { height: (b[at + 5]! << 8) | b[at + 6]!, width: (b[at + 7]! << 8) | b[at + 8]! };
      }
      at += 2 + length;
    }
  }
  return null;
}

/** Raster tile size as MapLibre wants it: 512 for 512-px tiles, otherwise 256. */
export function rasterTileSize(bytes: Uint8Array): 256 | 512 | null {
  const size = imageSize(bytes);
  if (!size) return null;
  return size.width >= 512 ? 512 : 256;
}

/** `west,south,east,north`; null unless four finite numbers in range with west<east, south<north. */
export function parseBounds(value: unknown): BasemapBounds | null {
  const numbers = numberList(value);
  if (numbers?.length !== 4) return null;
  const [w, s, e, n] = numbers as BasemapBounds;
  if (w < -180 || e > 180 || s < -90 || n > 90 || !(w < e) || !(s < n)) return null;
  return [w, s, e, n];
}

/** `lon,lat[,zoom]`; null unless the numbers are in range. */
export function parseCenter(value: unknown): BasemapCenter | null {
  const numbers = numberList(value);
  if (!numbers || numbers.length < 2) return null;
  const [lon, lat, zoom] = numbers as [number, number, number | undefined];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return null;
  return [lon, lat, zoom ?? 0];
}

/**
 * The centre to open the map at: the stated one when it lies inside the bounds, else the
 * middle of the bounds (some files put it at sea or at 0,0). The zoom is clamped to the
 * file's range, so the first view shows tiles.
 */
export function effectiveCenter(
  stated: BasemapCenter | null,
  bounds: BasemapBounds,
  minzoom: number,
  maxzoom: number,
): BasemapCenter {
  const [w, s, e, n] = bounds;
  const inside = stated && stated[0] >= w && stated[0] <= e && stated[1] >= s && stated[1] <= n;
  const lon = inside ? stated[0] : (w + e) / 2;
  const lat = inside ? stated[1] : (s + n) / 2;
  const wanted = stated && stated[2] > 0 ? stated[2] : Math.max(minzoom, Math.min(maxzoom, 12));
  return [lon, lat, Math.max(minzoom, Math.min(maxzoom, wanted))];
}

/** Tile column/row (XYZ) containing a point at a zoom. */
export function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const clampedLat = Math.max(-85.051128, Math.min(85.051128, lat));
  const x = Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const rad = (clampedLat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x, y: Math.min(n - 1, Math.max(0, y)) };
}

/** Longitude and latitude of the middle of XYZ tile z/x/y. */
export function tileMiddle(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lon = ((x + 0.5) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 0.5)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

function numberList(value: unknown): number[] | null {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)))
      : null;
  if (!items) return null;
  const numbers = items.map((v) => (typeof v === 'number' ? v : Number.NaN));
  return numbers.every(Number.isFinite) ? numbers : null;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[at + i] ?? 0);
  return s;
}

function be32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

function le16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function le24(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
};

/**
 * Attribution as plain text: files carry HTML (`<a href=…>&copy; OpenMapTiles</a>`), and the
 * app shows no markup from a file it did not make.
 */
export function plainAttribution(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isInteger(code) && code > 0 && code < 0x110000
          ? String.fromCodePoint(code)
          : '';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The custom protocol MapLibre reaches tile-by-tile basemaps through (MBTiles, or any basemap
 * when range reads are not wanted): `mbtiles://<id>/{z}/{x}/{y}`, answered by `readBasemapTile`.
 */
export const BASEMAP_TILE_PROTOCOL = 'mbtiles';

export function basemapTileUrlTemplate(id: string): string {
  return `${BASEMAP_TILE_PROTOCOL}://${encodeURIComponent(id)}/{z}/{x}/{y}`;
}

/** The id and XYZ address in a `mbtiles://` tile URL, or null. */
export function parseBasemapTileUrl(
  url: string,
): { basemapId: string; z: number; x: number; y: number } | null {
  const m = /^mbtiles:\/\/([^/]+)\/(\d{1,2})\/(\d{1,10})\/(\d{1,10})(?:\.\w+)?$/.exec(url);
  if (!m) return null;
  let basemapId: string;
  try {
    basemapId = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (z > 30 || x >= 2 ** z || y >= 2 ** z) return null;
  return { basemapId, z, x, y };
}
