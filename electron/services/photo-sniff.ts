/**
 * Is this file a photo? Decided from its first bytes, never from its name: extractions rename
 * files, strip extensions, and keep caches full of JPEGs called `*.0` or `*.cnt`.
 */

/** Bytes of the head `sniffPhoto` needs. */
export const PHOTO_SNIFF_BYTES = 256;

export interface PhotoSniff {
  /** Container family, as `Photo.container` names it. */
  container: 'jpeg' | 'heif' | 'tiff' | 'png' | 'webp';
  /** What it looks like, for messages, e.g. `HEIF (heic)`, `TIFF-based raw (ORF)`. */
  detail: string;
}

/** A photo container we recognise but cannot read metadata from. */
export interface UnsupportedPhoto {
  unsupported: true;
  detail: string;
}

/** Signature (8) and IHDR chunk (4 length, 4 type, 13 data, 4 CRC). */
const PNG_MIN_BYTES = 33;

/** ISO-BMFF major or compatible brands of still images in a HEIF container. */
const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
  'avif',
  'avis',
]);

export function sniffPhoto(head: Uint8Array): PhotoSniff | UnsupportedPhoto | null {
  const b = head;
  if (b.length < 4) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { container: 'jpeg', detail: 'JPEG' };
  // A PNG shorter than its signature and header chunk is not an image at all.
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return b.length >= PNG_MIN_BYTES ? { container: 'png', detail: 'PNG' } : null;
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP')
    return { container: 'webp', detail: 'WebP' };
  const tiff = tiffKind(b);
  if (tiff) return { container: 'tiff', detail: tiff };
  if (ascii(b, 4, 4) === 'ftyp') return isoBmff(b);
  if (ascii(b, 0, 15) === 'FUJIFILMCCD-RAW')
    return { unsupported: true, detail: 'Fujifilm RAF raw' };
  return null;
}

export function isPhotoSniff(s: PhotoSniff | UnsupportedPhoto | null): s is PhotoSniff {
  return s !== null && !('unsupported' in s);
}

/** Classic and Big TIFF in both byte orders, and the raw formats that are TIFF under a new magic. */
function tiffKind(b: Uint8Array): string | null {
  const head = ascii(b, 0, 4);
  if (head === 'II*\0') {
    if (ascii(b, 8, 2) === 'CR') return 'TIFF-based raw (Canon CR2)';
    return 'TIFF (or TIFF-based raw: DNG, NEF, ARW…)';
  }
  if (head === 'MM\0*') return 'TIFF (or TIFF-based raw: DNG, NEF, PEF…)';
  if (head === 'II+\0' || head === 'MM\0+') return 'BigTIFF';
  if (head === 'IIRO' || head === 'IIRS' || head === 'MMOR') return 'TIFF-based raw (Olympus ORF)';
  if (head === 'IIU\0') return 'TIFF-based raw (Panasonic RW2)';
  return null;
}

function isoBmff(b: Uint8Array): PhotoSniff | UnsupportedPhoto | null {
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const major = ascii(b, 8, 4);
  const brands = [major];
  // Compatible brands follow the minor version, up to the end of the ftyp box (or of the head).
  for (let at = 16; at + 4 <= Math.min(size, b.length); at += 4) brands.push(ascii(b, at, 4));
  const heif = brands.find((brand) => HEIF_BRANDS.has(brand));
  if (heif) return { container: 'heif', detail: `HEIF (${heif})` };
  if (major === 'crx ') return { unsupported: true, detail: 'Canon CR3 raw' };
  // Other ISO-BMFF files (MP4, MOV, 3GP) are videos: not photos.
  return null;
}

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, i) => b[i] === value);
}

function ascii(b: Uint8Array, at: number, length: number): string {
  let out = '';
  for (let i = at; i < at + length && i < b.length; i += 1) out += String.fromCharCode(b[i]!);
  return out;
}
