/**
 * Finding the EXIF (a TIFF structure) inside each photo container, by walking the container's own
 * structure from the head: JPEG segments up to the scan, ISOBMFF boxes (HEIF/HEIC/AVIF) to the
 * `Exif` item via `iinf` and `iloc`, PNG chunks to `eXIf`, RIFF chunks (WebP) to `EXIF`. A TIFF
 * file (and TIFF-based raw: DNG, CR2, NEF, ARW, ORF, RW2) is its own EXIF.
 */
import type { RangeCache } from './byte-range';
import type { PhotoIssueSink } from './issues';

export interface ExifLocation {
  /** Absolute offset of the TIFF header. */
  offset: number;
  /** Bytes from the header to the end of the block holding it. */
  length: number;
}

export interface ContainerScan {
  /** `jpeg`, `tiff`, `heif`, `avif`, `png`, `webp`. */
  container: string;
  exif?: ExifLocation;
  width?: number;
  height?: number;
}

const EXIF_PREFIX = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

function startsWith(cache: RangeCache, at: number, end: number, bytes: number[]): boolean {
  if (at + bytes.length > end) return false;
  const { buf, at: i } = cache.span(at, bytes.length);
  return bytes.every((b, k) => buf[i + k] === b);
}

/** Some writers put "Exif\0\0" before the TIFF header where the format says it starts directly. */
function skipExifPrefix(cache: RangeCache, at: number, end: number): ExifLocation {
  const off = startsWith(cache, at, end, EXIF_PREFIX) ? at + 6 : at;
  return { offset: off, length: end - off };
}

/** Which container the first bytes announce; undefined for none of ours. */
export function sniffContainer(
  head: Uint8Array,
): 'jpeg' | 'tiff' | 'isobmff' | 'png' | 'webp' | undefined {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d))) {
    const little = b[0] === 0x49;
    const magic = little ? b[2]! | (b[3]! << 8) : (b[2]! << 8) | b[3]!;
    if (magic === 42 || magic === 43 || magic === 0x55 || magic === 0x4f52 || magic === 0x5352) {
      return 'tiff';
    }
  }
  if (b.length >= 8 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70) {
    return 'isobmff';
  }
  if (
    b.length >= 8 &&
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)
  ) {
    return 'png';
  }
  if (
    b.length >= 12 &&
    String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'
  ) {
    return 'webp';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// JPEG

export function scanJpeg(cache: RangeCache, sink: PhotoIssueSink): ContainerScan {
  const out: ContainerScan = { container: 'jpeg' };
  const size = cache.size;
  let pos = 2;
  for (;;) {
    // The frame size is only a fallback for a missing PixelXDimension: not worth a read.
    if (out.exif && !cache.has(pos, 4)) return out;
    if (pos + 4 > size) {
      sink.error('photo.truncated', 'The JPEG ends before its image data (no SOS marker)', pos);
      return out;
    }
    if (cache.u8(pos) !== 0xff) {
      sink.warning(
        'photo.jpeg.bad-marker',
        `Expected a JPEG marker at byte ${pos}, found 0x${cache.u8(pos).toString(16)}; segments after it not read`,
        pos,
      );
      return out;
    }
    const marker = cache.u8(pos + 1);
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return out;
    const len = cache.u16(pos + 2, false);
    if (len < 2) {
      sink.warning(
        'photo.jpeg.bad-segment',
        `JPEG segment 0x${marker.toString(16)} has length ${len}`,
        pos,
      );
      return out;
    }
    const end = pos + 2 + len;
    if (end > size) {
      sink.error(
        'photo.truncated',
        `JPEG segment 0x${marker.toString(16)} at ${pos} runs ${end - size} bytes past the end of the file`,
        pos,
      );
    }
    const segEnd = Math.min(end, size);
    if (
      marker === 0xe1 &&
      !out.exif &&
      startsWith(cache, pos + 4, segEnd, [0x45, 0x78, 0x69, 0x66, 0])
    ) {
      // "Exif\0" then a pad byte (normally 0, 0xff in some writers), then the TIFF header.
      out.exif = { offset: pos + 10, length: Math.max(0, segEnd - pos - 10) };
    } else if (
      marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc &&
      pos + 9 <= segEnd
    ) {
      out.height = cache.u16(pos + 5, false);
      out.width = cache.u16(pos + 7, false);
      // The EXIF segment comes before the frame header; nothing more to find.
      return out;
    }
    if (end > size) return out;
    pos = end;
  }
}

// ---------------------------------------------------------------------------------------------
// ISOBMFF (HEIF, HEIC, AVIF)

interface Box {
  type: string;
  /** Absolute offsets of the payload start and the box end. */
  start: number;
  end: number;
}

function* boxes(cache: RangeCache, from: number, to: number, sink: PhotoIssueSink): Generator<Box> {
  let pos = from;
  while (pos + 8 <= to) {
    let size = cache.u32(pos, false);
    const type = cache.fourCC(pos + 4);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > to) return;
      size = cache.u32(pos + 8, false) * 0x1_0000_0000 + cache.u32(pos + 12, false);
      header = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    if (size < header) {
      sink.warning('photo.heif.bad-box', `Box "${printable(type)}" has size ${size}`, pos);
      return;
    }
    if (pos + size > to) {
      sink.error(
        'photo.truncated',
        `Box "${printable(type)}" at ${pos} runs ${pos + size - to} bytes past its container`,
        pos,
      );
      yield { type, start: pos + header, end: to };
      return;
    }
    yield { type, start: pos + header, end: pos + size };
    pos += size;
  }
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
  'mif2',
  'miaf',
  'avif',
  'avis',
  'MiHE',
  'MiHA',
  'MiHB',
]);

/** Undefined when the file is an ISO media file but not a HEIF image (a video, a CR3…). */
export function scanIsobmff(
  cache: RangeCache,
  sink: PhotoIssueSink,
): ContainerScan | { notPhoto: string } {
  const size = cache.size;
  const ftypSize = cache.u32(0, false);
  const brands: string[] = [];
  const ftypEnd = Math.min(size, Math.max(16, ftypSize));
  for (let p = 8; p + 4 <= ftypEnd; p += 4) if (p !== 12) brands.push(cache.fourCC(p));
  const heif = brands.find((b) => HEIF_BRANDS.has(b));
  if (!heif) {
    return {
      notPhoto: `an ISO media file with brands ${brands.map(printable).join(', ')} (a video or another format), not a HEIF image`,
    };
  }
  const out: ContainerScan = { container: brands.includes('avif') ? 'avif' : 'heif' };
  let meta: Box | undefined;
  for (const box of boxes(cache, 0, size, sink)) {
    if (box.type === 'meta') {
      meta = box;
      break;
    }
  }
  if (!meta) {
    sink.warning('photo.heif.no-meta', 'The HEIF file has no meta box', 0);
    return out;
  }
  let exifItem: number | undefined;
  let iloc: Box | undefined;
  let idat: Box | undefined;
  let iprp: Box | undefined;
  let primary: number | undefined;
  // meta is a full box: version and flags first.
  for (const box of boxes(cache, meta.start + 4, meta.end, sink)) {
    if (box.type === 'iinf') exifItem = findExifItem(cache, box, sink);
    else if (box.type === 'iloc') iloc = box;
    else if (box.type === 'idat') idat = box;
    else if (box.type === 'iprp') iprp = box;
    else if (box.type === 'pitm') {
      primary =
        cache.u8(box.start) === 0
          ? cache.u16(box.start + 4, false)
          : cache.u32(box.start + 4, false);
    }
  }
  if (iprp && primary !== undefined) {
    const size = primarySize(cache, iprp, primary, sink);
    if (size) [out.width, out.height] = size;
  }
  if (exifItem === undefined) return out;
  if (!iloc) {
    sink.warning(
      'photo.heif.no-iloc',
      'The HEIF file has an Exif item but no item locations',
      meta.start,
    );
    return out;
  }
  const extent = locateItem(cache, iloc, exifItem, idat, sink);
  if (!extent) return out;
  if (extent.offset + extent.length > size) {
    sink.error(
      'photo.truncated',
      `The Exif item (${extent.length} bytes at ${extent.offset}) runs past the end of the file`,
      iloc.start,
    );
    return out;
  }
  if (extent.length < 4) return out;
  // The item starts with the offset from its payload to the TIFF header (past "Exif\0\0").
  const skip = cache.u32(extent.offset, false);
  const tiff = extent.offset + 4 + skip;
  const end = extent.offset + extent.length;
  if (tiff >= end) {
    sink.warning(
      'photo.exif.out-of-bounds',
      `The Exif item's header offset ${skip} is past its end`,
      extent.offset,
    );
    return out;
  }
  out.exif = { offset: tiff, length: end - tiff };
  return out;
}

/** The primary item's `ispe` (image spatial extents), through `ipma` into `ipco`. */
function primarySize(
  cache: RangeCache,
  iprp: Box,
  item: number,
  sink: PhotoIssueSink,
): [number, number] | undefined {
  const properties: Box[] = [];
  let ipma: Box | undefined;
  for (const box of boxes(cache, iprp.start, iprp.end, sink)) {
    if (box.type === 'ipco') properties.push(...boxes(cache, box.start, box.end, sink));
    else if (box.type === 'ipma') ipma = box;
  }
  if (!ipma) return undefined;
  const version = cache.u8(ipma.start);
  const wideIndex = (cache.u8(ipma.start + 3) & 1) === 1;
  const count = cache.u32(ipma.start + 4, false);
  let p = ipma.start + 8;
  for (let i = 0; i < count && p < ipma.end; i++) {
    const id = version < 1 ? cache.u16(p, false) : cache.u32(p, false);
    p += version < 1 ? 2 : 4;
    const n = cache.u8(p++);
    for (let k = 0; k < n; k++) {
      const index = wideIndex ? cache.u16(p, false) & 0x7fff : cache.u8(p) & 0x7f;
      p += wideIndex ? 2 : 1;
      const prop = properties[index - 1];
      if (id === item && prop?.type === 'ispe' && prop.start + 12 <= prop.end) {
        return [cache.u32(prop.start + 4, false), cache.u32(prop.start + 8, false)];
      }
    }
  }
  return undefined;
}

function findExifItem(cache: RangeCache, iinf: Box, sink: PhotoIssueSink): number | undefined {
  const version = cache.u8(iinf.start);
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(cache, first, iinf.end, sink)) {
    if (infe.type !== 'infe') continue;
    const v = cache.u8(infe.start);
    if (v < 2) continue; // versions 0 and 1 describe files, not typed items
    const idAt = infe.start + 4;
    const id = v === 2 ? cache.u16(idAt, false) : cache.u32(idAt, false);
    const typeAt = idAt + (v === 2 ? 2 : 4) + 2;
    if (typeAt + 4 <= infe.end && cache.fourCC(typeAt) === 'Exif') return id;
  }
  return undefined;
}

function readSized(cache: RangeCache, at: number, bytes: number): number {
  switch (bytes) {
    case 0:
      return 0;
    case 4:
      return cache.u32(at, false);
    case 8:
      return cache.u32(at, false) * 0x1_0000_0000 + cache.u32(at + 4, false);
    default:
      return NaN;
  }
}

function locateItem(
  cache: RangeCache,
  iloc: Box,
  item: number,
  idat: Box | undefined,
  sink: PhotoIssueSink,
): { offset: number; length: number } | undefined {
  const version = cache.u8(iloc.start);
  let p = iloc.start + 4;
  const sizes1 = cache.u8(p);
  const sizes2 = cache.u8(p + 1);
  p += 2;
  const offsetSize = sizes1 >> 4;
  const lengthSize = sizes1 & 15;
  const baseSize = sizes2 >> 4;
  const indexSize = version >= 1 ? sizes2 & 15 : 0;
  const count = version < 2 ? cache.u16(p, false) : cache.u32(p, false);
  p += version < 2 ? 2 : 4;
  for (let i = 0; i < count && p < iloc.end; i++) {
    const id = version < 2 ? cache.u16(p, false) : cache.u32(p, false);
    p += version < 2 ? 2 : 4;
    let method = 0;
    if (version >= 1) {
      method = cache.u16(p, false) & 15;
      p += 2;
    }
    p += 2; // data_reference_index
    const base = readSized(cache, p, baseSize);
    p += baseSize;
    const extents = cache.u16(p, false);
    p += 2;
    let first: { offset: number; length: number } | undefined;
    let contiguous = true;
    let total = 0;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const off = readSized(cache, p, offsetSize);
      p += offsetSize;
      const len = readSized(cache, p, lengthSize);
      p += lengthSize;
      if (!first) first = { offset: off, length: len };
      else if (first.offset + total !== off) contiguous = false;
      total += len;
    }
    if (id !== item) continue;
    if (!first || Number.isNaN(base) || Number.isNaN(first.offset) || Number.isNaN(total)) {
      sink.warning('photo.heif.bad-iloc', 'The Exif item location is malformed', iloc.start);
      return undefined;
    }
    if (!contiguous) {
      sink.warning(
        'photo.heif.split-exif',
        'The Exif item is split into separate extents; not read',
        iloc.start,
      );
      return undefined;
    }
    let offset = base + first.offset;
    if (method === 1) {
      if (!idat) return undefined;
      offset += idat.start;
    } else if (method !== 0) {
      sink.warning(
        'photo.heif.bad-iloc',
        `Exif item construction method ${method} is not supported`,
        iloc.start,
      );
      return undefined;
    }
    // A zero length means "to the end of the file".
    return { offset, length: total === 0 ? cache.size - offset : total };
  }
  sink.warning('photo.heif.bad-iloc', 'The Exif item has no location', iloc.start);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// PNG

export function scanPng(cache: RangeCache, sink: PhotoIssueSink): ContainerScan {
  const out: ContainerScan = { container: 'png' };
  const size = cache.size;
  let pos = 8;
  while (pos + 8 <= size) {
    const len = cache.u32(pos, false);
    const type = cache.fourCC(pos + 4);
    const end = pos + 12 + len;
    if (end > size) {
      sink.error(
        'photo.truncated',
        `PNG chunk "${printable(type)}" runs past the end of the file`,
        pos,
      );
      if (type === 'eXIf') out.exif = skipExifPrefix(cache, pos + 8, size);
      return out;
    }
    if (type === 'IHDR' && len >= 8) {
      out.width = cache.u32(pos + 8, false);
      out.height = cache.u32(pos + 12, false);
    } else if (type === 'eXIf') {
      out.exif = skipExifPrefix(cache, pos + 8, pos + 8 + len);
      return out;
    } else if (type === 'IEND') {
      return out;
    }
    pos = end;
  }
  sink.error('photo.truncated', 'The PNG ends without an IEND chunk', pos);
  return out;
}

// ---------------------------------------------------------------------------------------------
// WebP (RIFF)

export function scanWebp(cache: RangeCache, sink: PhotoIssueSink): ContainerScan {
  const out: ContainerScan = { container: 'webp' };
  const riffEnd = Math.min(cache.size, 8 + cache.u32(4, true));
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const type = cache.fourCC(pos);
    const len = cache.u32(pos + 4, true);
    const end = pos + 8 + len;
    if (end > cache.size) {
      sink.error(
        'photo.truncated',
        `WebP chunk "${printable(type)}" runs past the end of the file`,
        pos,
      );
      if (type === 'EXIF') out.exif = skipExifPrefix(cache, pos + 8, cache.size);
      return out;
    }
    if (type === 'VP8X' && len >= 10) {
      out.width = 1 + (cache.u16(pos + 12, true) | (cache.u8(pos + 14) << 16));
      out.height = 1 + (cache.u16(pos + 15, true) | (cache.u8(pos + 17) << 16));
    } else if (type === 'EXIF') {
      out.exif = skipExifPrefix(cache, pos + 8, end);
      return out;
    }
    pos = end + (len & 1);
  }
  return out;
}
