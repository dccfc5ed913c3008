/**
 * A deterministic writer of small, valid baseline JPEGs carrying EXIF, for the benchmark, the demo
 * case and tests. No image library: the main image is solid colour (or deterministic per-block
 * noise), so every 8x8 block is a DC coefficient and an end-of-block code, and a hand-written
 * encoder is a few dozen lines. The EXIF is a TIFF structure (IFD0, Exif IFD, GPS IFD, optional
 * IFD1 thumbnail) written the way cameras write it, in either byte order.
 */

export interface ExifJpegSpec {
  make?: string;
  model?: string;
  /** BodySerialNumber (0xA431). */
  serial?: string;
  software?: string;
  /** 'YYYY:MM:DD HH:MM:SS', written as given (malformed values are allowed, for tests). */
  dateTimeOriginal?: string;
  /** '+02:00'. */
  offsetTimeOriginal?: string;
  subSecTimeOriginal?: string;
  gps?: {
    lat: number;
    lon: number;
    altitudeM?: number;
    hPositioningErrorM?: number;
    imgDirectionDeg?: number;
    /** 'YYYY:MM:DD'. */
    dateStamp?: string;
    /** Hours, minutes, seconds (seconds may carry a fraction; kept to the millisecond). */
    timeStamp?: [number, number, number];
  };
  /** PixelXDimension / PixelYDimension written in the Exif IFD; default: the encoded image size. */
  width?: number;
  height?: number;
  /** Embed an IFD1 JPEG thumbnail (a tiny valid JPEG). */
  thumbnail?: boolean;
  /** Colour of the main image, so photos can be told apart. Default mid grey. */
  rgb?: [number, number, number];
  /**
   * Size of the encoded main image in pixels; default 16x16. Large sizes with `noiseSeed` give
   * realistic multi-megabyte files whose bulk is entropy-coded scan data after the metadata.
   */
  imageWidth?: number;
  imageHeight?: number;
  /** When set, each 8x8 block gets a deterministic pseudo-random brightness around `rgb`. */
  noiseSeed?: number;
  /** Write the TIFF structure little-endian ('II'); default big-endian ('MM'). */
  littleEndian?: boolean;
}

// ---------------------------------------------------------------------------------------------
// TIFF / EXIF structure

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const BYTE = 1;
const UNDEFINED = 7;

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 };

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Values, already encoded in the IFD's byte order, or a pointer filled in during layout. */
  bytes?: Uint8Array;
  pointerTo?: 'exif' | 'gps' | 'thumbnail';
}

class ByteOrder {
  constructor(readonly little: boolean) {}
  u16(v: number): Uint8Array {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, this.little);
    return b;
  }
  u32s(vs: number[]): Uint8Array {
    const b = new Uint8Array(4 * vs.length);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setUint32(4 * i, v, this.little));
    return b;
  }
  rationals(pairs: [number, number][]): Uint8Array {
    return this.u32s(pairs.flat());
  }
}

function asciiEntry(tag: number, text: string): Entry {
  const bytes = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return { tag, type: ASCII, count: bytes.length, bytes };
}

/** Degrees as deg/1, min/1, sec/1e6: exact to about 1e-10 degree. */
function dmsRationals(deg: number): [number, number][] {
  const micro = Math.round(Math.abs(deg) * 3_600_000_000);
  const d = Math.floor(micro / 3_600_000_000);
  const rest = micro - d * 3_600_000_000;
  const m = Math.floor(rest / 60_000_000);
  const s = rest - m * 60_000_000;
  return [
    [d, 1],
    [m, 1],
    [s, 1_000_000],
  ];
}

function milliRational(v: number): [number, number] {
  return [Math.round(Math.abs(v) * 1000), 1000];
}

/** 72 dpi: meaningless for a photo, but required by the EXIF standard in IFD0 and IFD1. */
function resolutionEntries(o: ByteOrder): Entry[] {
  return [
    { tag: 0x011a, type: RATIONAL, count: 1, bytes: o.rationals([[72, 1]]) },
    { tag: 0x011b, type: RATIONAL, count: 1, bytes: o.rationals([[72, 1]]) },
    { tag: 0x0128, type: SHORT, count: 1, bytes: o.u16(2) },
  ];
}

function buildIfds(spec: ExifJpegSpec, o: ByteOrder, thumb: Uint8Array | undefined) {
  const ifd0: Entry[] = [];
  if (spec.make !== undefined) ifd0.push(asciiEntry(0x010f, spec.make));
  if (spec.model !== undefined) ifd0.push(asciiEntry(0x0110, spec.model));
  if (spec.software !== undefined) ifd0.push(asciiEntry(0x0131, spec.software));
  ifd0.push(...resolutionEntries(o));
  ifd0.push({ tag: 0x0213, type: SHORT, count: 1, bytes: o.u16(1) });
  ifd0.push({ tag: 0x8769, type: LONG, count: 1, pointerTo: 'exif' });
  if (spec.gps) ifd0.push({ tag: 0x8825, type: LONG, count: 1, pointerTo: 'gps' });

  const w = spec.width ?? spec.imageWidth ?? 16;
  const h = spec.height ?? spec.imageHeight ?? 16;
  const exif: Entry[] = [
    { tag: 0x9000, type: UNDEFINED, count: 4, bytes: new Uint8Array([48, 50, 51, 50]) },
    { tag: 0x9101, type: UNDEFINED, count: 4, bytes: new Uint8Array([1, 2, 3, 0]) },
    { tag: 0xa000, type: UNDEFINED, count: 4, bytes: new Uint8Array([48, 49, 48, 48]) },
    { tag: 0xa001, type: SHORT, count: 1, bytes: o.u16(1) },
  ];
  if (spec.dateTimeOriginal !== undefined) exif.push(asciiEntry(0x9003, spec.dateTimeOriginal));
  if (spec.offsetTimeOriginal !== undefined) exif.push(asciiEntry(0x9011, spec.offsetTimeOriginal));
  if (spec.subSecTimeOriginal !== undefined) exif.push(asciiEntry(0x9291, spec.subSecTimeOriginal));
  exif.push({ tag: 0xa002, type: LONG, count: 1, bytes: o.u32s([w]) });
  exif.push({ tag: 0xa003, type: LONG, count: 1, bytes: o.u32s([h]) });
  if (spec.serial !== undefined) exif.push(asciiEntry(0xa431, spec.serial));

  const gps: Entry[] = [];
  const g = spec.gps;
  if (g) {
    gps.push({ tag: 0x0000, type: BYTE, count: 4, bytes: new Uint8Array([2, 3, 0, 0]) });
    gps.push(asciiEntry(0x0001, g.lat < 0 ? 'S' : 'N'));
    gps.push({ tag: 0x0002, type: RATIONAL, count: 3, bytes: o.rationals(dmsRationals(g.lat)) });
    gps.push(asciiEntry(0x0003, g.lon < 0 ? 'W' : 'E'));
    gps.push({ tag: 0x0004, type: RATIONAL, count: 3, bytes: o.rationals(dmsRationals(g.lon)) });
    if (g.altitudeM !== undefined) {
      gps.push({
        tag: 0x0005,
        type: BYTE,
        count: 1,
        bytes: new Uint8Array([g.altitudeM < 0 ? 1 : 0]),
      });
      gps.push({
        tag: 0x0006,
        type: RATIONAL,
        count: 1,
        bytes: o.rationals([milliRational(g.altitudeM)]),
      });
    }
    if (g.timeStamp) {
      const [hh, mm, ss] = g.timeStamp;
      gps.push({
        tag: 0x0007,
        type: RATIONAL,
        count: 3,
        bytes: o.rationals([[hh, 1], [mm, 1], milliRational(ss)]),
      });
    }
    if (g.imgDirectionDeg !== undefined) {
      gps.push(asciiEntry(0x0010, 'T'));
      gps.push({
        tag: 0x0011,
        type: RATIONAL,
        count: 1,
        bytes: o.rationals([[Math.round(g.imgDirectionDeg * 100), 100]]),
      });
    }
    if (g.dateStamp !== undefined) gps.push(asciiEntry(0x001d, g.dateStamp));
    if (g.hPositioningErrorM !== undefined) {
      gps.push({
        tag: 0x001f,
        type: RATIONAL,
        count: 1,
        bytes: o.rationals([milliRational(g.hPositioningErrorM)]),
      });
    }
  }

  const ifd1: Entry[] = [];
  if (thumb) {
    ifd1.push({ tag: 0x0103, type: SHORT, count: 1, bytes: o.u16(6) });
    ifd1.push(...resolutionEntries(o));
    ifd1.push({ tag: 0x0201, type: LONG, count: 1, pointerTo: 'thumbnail' });
    ifd1.push({ tag: 0x0202, type: LONG, count: 1, bytes: o.u32s([thumb.length]) });
  }
  return { ifd0, exif, gps: g ? gps : undefined, ifd1: thumb ? ifd1 : undefined };
}

function ifdSize(entries: Entry[]): number {
  let size = 2 + 12 * entries.length + 4;
  for (const e of entries) {
    const n = TYPE_SIZE[e.type]! * e.count;
    if (n > 4) size += n + (n & 1);
  }
  return size;
}

/** The TIFF structure of an APP1 Exif segment (offsets relative to its first byte). */
function buildTiff(spec: ExifJpegSpec, thumb: Uint8Array | undefined): Uint8Array {
  const o = new ByteOrder(spec.littleEndian === true);
  const ifds = buildIfds(spec, o, thumb);
  const order: [string, Entry[]][] = [['ifd0', ifds.ifd0]];
  if (ifds.ifd1) order.push(['ifd1', ifds.ifd1]);
  order.push(['exif', ifds.exif]);
  if (ifds.gps) order.push(['gps', ifds.gps]);

  const at: Record<string, number> = {};
  let cursor = 8;
  for (const [name, entries] of order) {
    at[name] = cursor;
    cursor += ifdSize(entries);
  }
  at.thumbnail = cursor;
  const total = cursor + (thumb?.length ?? 0);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(o.little ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  dv.setUint16(2, 42, o.little);
  dv.setUint32(4, 8, o.little);
  for (const [name, entries] of order) {
    const start = at[name]!;
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    dv.setUint16(start, sorted.length, o.little);
    let data = start + 2 + 12 * sorted.length + 4;
    sorted.forEach((e, i) => {
      const p = start + 2 + 12 * i;
      dv.setUint16(p, e.tag, o.little);
      dv.setUint16(p + 2, e.type, o.little);
      dv.setUint32(p + 4, e.count, o.little);
      if (e.pointerTo) {
        dv.setUint32(p + 8, at[e.pointerTo]!, o.little);
        return;
      }
      const bytes = e.bytes!;
      if (bytes.length <= 4) {
        out.set(bytes, p + 8);
      } else {
        dv.setUint32(p + 8, data, o.little);
        out.set(bytes, data);
        data += bytes.length + (bytes.length & 1);
      }
    });
    const next = name === 'ifd0' && ifds.ifd1 ? at.ifd1! : 0;
    dv.setUint32(start + 2 + 12 * sorted.length, next, o.little);
  }
  if (thumb) out.set(thumb, at.thumbnail);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Baseline JPEG encoder for block-constant images

/** Annex K.3 luminance DC table: code lengths per length 1..16, then the categories 0..11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Only end-of-block is ever coded: one symbol, 0x00, with the one-bit code `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];

/** Canonical Huffman codes for DC categories (Annex C). */
const DC_CODES: { code: number; length: number }[] = (() => {
  const codes: { code: number; length: number }[] = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < DC_BITS[len - 1]!; i++) {
      codes[DC_VALUES[k++]!] = { code, length: len };
      code++;
    }
    code <<= 1;
  }
  return codes;
})();

class BitWriter {
  private buf: Uint8Array;
  private len = 0;
  private acc = 0;
  private nbits = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }
  private byte(b: number): void {
    if (this.len + 2 > this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.len++] = b;
    // A 0xFF in entropy-coded data must be followed by a stuffed zero.
    if (b === 0xff) this.buf[this.len++] = 0;
  }
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.nbits === 8) {
        this.byte(this.acc);
        this.acc = 0;
        this.nbits = 0;
      }
    }
  }
  finish(): Uint8Array {
    // Pad the last byte with one-bits, as the standard asks.
    if (this.nbits > 0) this.write((1 << (8 - this.nbits)) - 1, 8 - this.nbits);
    return this.buf.subarray(0, this.len);
  }
}

function encodeDcDiff(w: BitWriter, diff: number): void {
  const magnitude = Math.abs(diff);
  let category = 0;
  while (magnitude >> category) category++;
  const c = DC_CODES[category]!;
  w.write(c.code, c.length);
  if (category > 0) w.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
}

function ycc([r, g, b]: [number, number, number]): [number, number, number] {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
  const cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
  return [y, cb, cr];
}

/** With an all-ones quantisation table, a flat block's DC coefficient is 8 x (value - 128). */
function dcOf(v: number): number {
  return Math.round(8 * (Math.min(255, Math.max(0, v)) - 128));
}

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

function encodeScan(
  width: number,
  height: number,
  rgb: [number, number, number],
  noiseSeed: number | undefined,
): Uint8Array {
  const mcus = Math.ceil(width / 8) * Math.ceil(height / 8);
  const w = new BitWriter(noiseSeed === undefined ? mcus + 16 : mcus * 6 + 16);
  const base = ycc(rgb);
  const random = noiseSeed === undefined ? undefined : xorshift(noiseSeed);
  const pred = [0, 0, 0];
  for (let m = 0; m < mcus; m++) {
    const shift = random ? (random() - 0.5) * 160 : 0;
    for (let c = 0; c < 3; c++) {
      const dc = dcOf(base[c]! + (c === 0 ? shift : shift / 4));
      encodeDcDiff(w, dc - pred[c]!);
      pred[c] = dc;
      w.write(0, 1); // end of block
    }
  }
  return w.finish();
}

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out[0] = 0xff;
  out[1] = marker;
  out[2] = (payload.length + 2) >> 8;
  out[3] = (payload.length + 2) & 0xff;
  out.set(payload, 4);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

/** Tables and frame header shared by the main image and the thumbnail. */
function frameSegments(width: number, height: number): Uint8Array[] {
  const dqt = new Uint8Array(65).fill(1);
  dqt[0] = 0; // 8-bit precision, table 0
  const sof = new Uint8Array([
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    ...[1, 2, 3].flatMap((id) => [id, 0x11, 0]),
  ]);
  const dht = new Uint8Array([0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]);
  const sos = new Uint8Array([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);
  return [segment(0xdb, dqt), segment(0xc0, sof), segment(0xc4, dht), segment(0xda, sos)];
}

function encodeJpeg(
  width: number,
  height: number,
  head: Uint8Array[],
  scan: Uint8Array,
): Uint8Array {
  return concat([
    new Uint8Array([0xff, 0xd8]),
    ...head,
    ...frameSegments(width, height),
    scan,
    new Uint8Array([0xff, 0xd9]),
  ]);
}

/** Big noisy scans are expensive; benchmarks build thousands of files with the same image. */
let scanCache: { key: string; scan: Uint8Array } | undefined;

function cachedScan(
  width: number,
  height: number,
  rgb: [number, number, number],
  noiseSeed: number | undefined,
): Uint8Array {
  const key = `${width}x${height}:${rgb.join(',')}:${noiseSeed ?? ''}`;
  if (scanCache?.key !== key) scanCache = { key, scan: encodeScan(width, height, rgb, noiseSeed) };
  return scanCache.scan;
}

/** A valid baseline JPEG with the EXIF of `spec`. Same spec, same bytes. */
export function buildExifJpeg(spec: ExifJpegSpec): Uint8Array {
  const rgb = spec.rgb ?? [128, 128, 128];
  const width = spec.imageWidth ?? 16;
  const height = spec.imageHeight ?? 16;
  const thumb = spec.thumbnail ? encodeJpeg(8, 8, [], encodeScan(8, 8, rgb, undefined)) : undefined;
  const app1 = segment(0xe1, concat([ascii('Exif\0\0'), buildTiff(spec, thumb)]));
  const comment = segment(0xfe, ascii(`itinera test image rgb(${rgb.join(',')})`));
  return encodeJpeg(width, height, [app1, comment], cachedScan(width, height, rgb, spec.noiseSeed));
}
