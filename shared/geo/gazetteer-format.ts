/**
 * The bundled gazetteer's binary file (`assets/gazetteer/places.bin`): every place in columns,
 * stored in the order of an implicit 3-d tree over unit vectors, so loading it builds nothing.
 *
 * Layout, little-endian, every section starting on a 4-byte boundary:
 *   magic 'ITGZ' · u16 version · u16 flags · u32 count · u32 stringCount · u32 stringBytes ·
 *   u32 attributionBytes · attribution (UTF-8, padded)
 *   i32 lat·1e5 [count] · i32 lon·1e5 [count] · u32 population [count] · u32 geonameId [count] ·
 *   u32 name [count] · u32 altName [count] · u16 country [count] · u16 admin1 [count] ·
 *   u16 featureCode [count] (padded) · u32 stringOffsets [stringCount + 1] · strings (UTF-8)
 * String references index the string pool; 0 is the empty string. Country, admin and feature
 * codes come first in the pool, so 16 bits reach them.
 * Coordinates are kept at 1e-5 degrees (about 1 m), which is what GeoNames publishes.
 */

export const GAZETTEER_MAGIC = 'ITGZ';
export const GAZETTEER_VERSION = 1;
/** Flag: places are in 3-d tree order (see `kdOrder`). */
export const FLAG_KD_ORDERED = 1;
const HEADER_BYTES = 24;
const COORD_SCALE = 1e5;

/** One settlement as the gazetteer stores it. */
export interface GazetteerPlace {
  /** GeoNames id. */
  id: number;
  name: string;
  /** Alternative name when the data has one, else empty. */
  altName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames first-level administrative code (e.g. `VLG`), or empty. */
  admin1: string;
  /** GeoNames feature code, e.g. `PPL`, `PPLA2`, `PPLC` (capital). */
  featureCode: string;
  population: number;
  lat: number;
  lon: number;
}

/** The decoded columns; `GazetteerIndex` wraps them. */
export interface GazetteerColumns {
  count: number;
  attribution: string;
  kdOrdered: boolean;
  /** Degrees, already divided back from the stored integers. */
  lat: Float64Array;
  lon: Float64Array;
  population: Uint32Array;
  geonameId: Uint32Array;
  name: Uint32Array;
  altName: Uint32Array;
  country: Uint16Array;
  admin1: Uint16Array;
  featureCode: Uint16Array;
  strings: string[];
}

export class GazetteerFormatError extends Error {
  constructor(message: string) {
    super(`gazetteer: ${message}`);
    this.name = 'GazetteerFormatError';
  }
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function quantize(deg: number): number {
  return Math.round(deg * COORD_SCALE);
}

/** Unit vector of a (quantised) position: chord distance orders like great-circle distance. */
export function unitVector(lat: number, lon: number): [number, number, number] {
  const phi = (lat * Math.PI) / 180;
  const lambda = (lon * Math.PI) / 180;
  const c = Math.cos(phi);
  return [c * Math.cos(lambda), c * Math.sin(lambda), Math.sin(phi)];
}

/**
 * Permutation that lays points out as an implicit balanced 3-d tree: in every range [lo, hi)
 * the median on axis `depth % 3` sits at `(lo + hi) >> 1`, smaller ones before it, larger after.
 * Ties are broken by the original index, so the order is fully determined by the input.
 */
export function kdOrder(xyz: Float64Array, count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const less = (a: number, b: number, axis: number): boolean => {
    const va = xyz[a * 3 + axis]!;
    const vb = xyz[b * 3 + axis]!;
    return va < vb || (va === vb && a < b);
  };
  const swap = (i: number, j: number): void => {
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  };
  // Hoare-style quickselect with a median-of-three pivot: deterministic and O(n) per level.
  const select = (lo: number, hi: number, k: number, axis: number): void => {
    let left = lo;
    let right = hi - 1;
    while (right > left) {
      const mid = (left + right) >> 1;
      if (less(order[mid]!, order[left]!, axis)) swap(mid, left);
      if (less(order[right]!, order[left]!, axis)) swap(right, left);
      if (less(order[right]!, order[mid]!, axis)) swap(right, mid);
      const pivot = order[mid]!;
      let i = left;
      let j = right;
      while (i <= j) {
        while (less(order[i]!, pivot, axis)) i++;
        while (less(pivot, order[j]!, axis)) j--;
        if (i <= j) {
          swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else return;
    }
  };
  const stack: number[] = [0, count, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo <= 1) continue;
    const mid = (lo + hi) >> 1;
    select(lo, hi, mid, depth % 3);
    stack.push(lo, mid, depth + 1, mid + 1, hi, depth + 1);
  }
  return order;
}

/** Unit vectors of quantised coordinates, three per point. */
export function unitVectors(lat: Float64Array, lon: Float64Array): Float64Array {
  const xyz = new Float64Array(lat.length * 3);
  for (let i = 0; i < lat.length; i++) {
    const [x, y, z] = unitVector(lat[i]!, lon[i]!);
    xyz[i * 3] = x;
    xyz[i * 3 + 1] = y;
    xyz[i * 3 + 2] = z;
  }
  return xyz;
}

/** Encodes places (any order) into the file format, in 3-d tree order. Deterministic. */
export function encodeGazetteer(
  places: readonly GazetteerPlace[],
  attribution: string,
): Uint8Array {
  const count = places.length;
  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  const qlat = new Int32Array(count);
  const qlon = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const p = places[i]!;
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90) {
      throw new GazetteerFormatError(`place ${p.id} has no valid position`);
    }
    qlat[i] = quantize(p.lat);
    qlon[i] = quantize(p.lon);
    lat[i] = qlat[i]! / COORD_SCALE;
    lon[i] = qlon[i]! / COORD_SCALE;
  }
  const order = kdOrder(unitVectors(lat, lon), count);

  // String pool: '' first, then the short codes (sorted), then names in tree order.
  const pool = new Map<string, number>([['', 0]]);
  const codes = new Set<string>();
  for (const p of places) for (const code of [p.country, p.admin1, p.featureCode]) codes.add(code);
  for (const code of [...codes].sort()) if (!pool.has(code)) pool.set(code, pool.size);
  if (pool.size > 0xffff) throw new GazetteerFormatError('too many distinct codes');
  const ref = (s: string): number => {
    let id = pool.get(s);
    if (id === undefined) {
      id = pool.size;
      pool.set(s, id);
    }
    return id;
  };
  const nameRef = new Uint32Array(count);
  const altRef = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    const p = places[order[k]!]!;
    nameRef[k] = ref(p.name);
    altRef[k] = ref(p.altName);
  }
  const encoder = new TextEncoder();
  const encodedStrings = [...pool.keys()].map((s) => encoder.encode(s));
  const stringBytes = encodedStrings.reduce((n, s) => n + s.length, 0);
  const attributionBytes = encoder.encode(attribution);

  const size =
    HEADER_BYTES +
    pad4(attributionBytes.length) +
    count * 4 * 6 +
    pad4(count * 2 * 3) +
    (pool.size + 1) * 4 +
    pad4(stringBytes);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(GAZETTEER_MAGIC), 0);
  view.setUint16(4, GAZETTEER_VERSION, true);
  view.setUint16(6, FLAG_KD_ORDERED, true);
  view.setUint32(8, count, true);
  view.setUint32(12, pool.size, true);
  view.setUint32(16, stringBytes, true);
  view.setUint32(20, attributionBytes.length, true);
  out.set(attributionBytes, HEADER_BYTES);
  let at = HEADER_BYTES + pad4(attributionBytes.length);
  const column = (bytesPer: 2 | 4, value: (place: GazetteerPlace, k: number) => number): void => {
    for (let k = 0; k < count; k++) {
      const v = value(places[order[k]!]!, k);
      if (bytesPer === 4) view.setUint32(at + k * 4, v >>> 0, true);
      else view.setUint16(at + k * 2, v, true);
    }
    at += count * bytesPer;
  };
  column(4, (_, k) => qlat[order[k]!]!);
  column(4, (_, k) => qlon[order[k]!]!);
  column(4, (p) => Math.max(0, Math.min(0xffffffff, Math.round(p.population))));
  column(4, (p) => p.id);
  column(4, (_, k) => nameRef[k]!);
  column(4, (_, k) => altRef[k]!);
  column(2, (p) => pool.get(p.country)!);
  column(2, (p) => pool.get(p.admin1)!);
  column(2, (p) => pool.get(p.featureCode)!);
  at = pad4(at);
  let offset = 0;
  for (let s = 0; s <= encodedStrings.length; s++) {
    view.setUint32(at + s * 4, offset, true);
    offset += encodedStrings[s]?.length ?? 0;
  }
  at += (encodedStrings.length + 1) * 4;
  for (const s of encodedStrings) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

/** Decodes the file; throws `GazetteerFormatError` on anything truncated or inconsistent. */
export function decodeGazetteer(bytes: Uint8Array): GazetteerColumns {
  if (bytes.length < HEADER_BYTES) throw new GazetteerFormatError('file too short');
  const decoder = new TextDecoder('utf-8');
  if (decoder.decode(bytes.subarray(0, 4)) !== GAZETTEER_MAGIC) {
    throw new GazetteerFormatError('not a gazetteer file (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== GAZETTEER_VERSION) {
    throw new GazetteerFormatError(`unsupported version ${version}`);
  }
  const flags = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const stringCount = view.getUint32(12, true);
  const stringBytes = view.getUint32(16, true);
  const attributionLength = view.getUint32(20, true);
  const columnsAt = HEADER_BYTES + pad4(attributionLength);
  const offsetsAt = columnsAt + count * 24 + pad4(count * 6);
  const stringsAt = offsetsAt + (stringCount + 1) * 4;
  if (stringCount === 0 || stringsAt + stringBytes > bytes.length) {
    throw new GazetteerFormatError(
      `truncated: ${bytes.length} bytes, ${stringsAt + stringBytes} needed`,
    );
  }
  const attribution = decoder.decode(
    bytes.subarray(HEADER_BYTES, HEADER_BYTES + attributionLength),
  );

  const strings: string[] = new Array(stringCount);
  for (let s = 0; s < stringCount; s++) {
    const start = view.getUint32(offsetsAt + s * 4, true);
    const end = view.getUint32(offsetsAt + s * 4 + 4, true);
    if (start > end || end > stringBytes) throw new GazetteerFormatError(`bad string ${s}`);
    strings[s] = decoder.decode(bytes.subarray(stringsAt + start, stringsAt + end));
  }

  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  const population = new Uint32Array(count);
  const geonameId = new Uint32Array(count);
  const name = new Uint32Array(count);
  const altName = new Uint32Array(count);
  const country = new Uint16Array(count);
  const admin1 = new Uint16Array(count);
  const featureCode = new Uint16Array(count);
  const c4 = (column: number, k: number): number => columnsAt + column * count * 4 + k * 4;
  const c2 = (column: number, k: number): number =>
    columnsAt + 6 * count * 4 + column * count * 2 + k * 2;
  for (let k = 0; k < count; k++) {
    lat[k] = view.getInt32(c4(0, k), true) / COORD_SCALE;
    lon[k] = view.getInt32(c4(1, k), true) / COORD_SCALE;
    population[k] = view.getUint32(c4(2, k), true);
    geonameId[k] = view.getUint32(c4(3, k), true);
    name[k] = view.getUint32(c4(4, k), true);
    altName[k] = view.getUint32(c4(5, k), true);
    country[k] = view.getUint16(c2(0, k), true);
    admin1[k] = view.getUint16(c2(1, k), true);
    featureCode[k] = view.getUint16(c2(2, k), true);
    if (
      name[k]! >= stringCount ||
      altName[k]! >= stringCount ||
      country[k]! >= stringCount ||
      admin1[k]! >= stringCount ||
      featureCode[k]! >= stringCount ||
      Math.abs(lat[k]!) > 90 ||
      Math.abs(lon[k]!) > 180
    ) {
      throw new GazetteerFormatError(`place ${k} is out of range`);
    }
  }
  return {
    count,
    attribution,
    kdOrdered: (flags & FLAG_KD_ORDERED) !== 0,
    lat,
    lon,
    population,
    geonameId,
    name,
    altName,
    country,
    admin1,
    featureCode,
    strings,
  };
}
