/**
 * The TIFF structure EXIF is stored in: a byte-order mark, then chained IFDs of 12-byte entries.
 * Only the IFDs and tags a seized photo needs are decoded (IFD0, the Exif IFD, the GPS IFD, IFD1
 * for the embedded preview); maker notes and everything else are skipped unread.
 *
 * Every offset is checked against the block the TIFF lives in before it is followed. A bad offset
 * costs that tag (reported with the byte offset of the entry pointing at it), never the photo.
 */
import type { RangeCache } from './byte-range';
import type { PhotoIssueSink } from './issues';

/** Raw values as written. Strings are cut at the first NUL; numbers NaN where malformed. */
export interface ExifFields {
  littleEndian: boolean;
  make?: string;
  model?: string;
  software?: string;
  serial?: string;
  /** DNGVersion present in IFD0. */
  dng?: boolean;
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  subSecTimeOriginal?: string;
  dateTimeDigitized?: string;
  offsetTimeDigitized?: string;
  subSecTimeDigitized?: string;
  dateTime?: string;
  offsetTime?: string;
  subSecTime?: string;
  pixelX?: number;
  pixelY?: number;
  /** IFD0 ImageWidth / ImageLength (the main image of a plain TIFF). */
  imageWidth?: number;
  imageLength?: number;
  /** IFD0 NewSubfileType says IFD0 is a reduced-resolution copy (DNG puts its preview there). */
  reducedImage?: boolean;
  gps?: GpsFields;
  /** IFD1 JPEG preview, absolute file offset. */
  thumbnail?: { offset: number; length: number };
  /** Absolute file offset of the entry of each tag read, by field name, to locate issues. */
  at: Partial<Record<string, number>>;
}

export interface GpsFields {
  /** Absolute offset of the GPS IFD. */
  offset: number;
  entryCount: number;
  latRef?: string;
  lat?: number[];
  lonRef?: string;
  lon?: number[];
  altRef?: number;
  alt?: number;
  timeStamp?: number[];
  dateStamp?: string;
  hPositioningError?: number;
  imgDirectionRef?: string;
  imgDirection?: number;
}

const TYPE_BYTES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
const T_BYTE = 1;
const T_ASCII = 2;
const T_SHORT = 3;
const T_LONG = 4;
const T_RATIONAL = 5;
const T_SBYTE = 6;
const T_UNDEFINED = 7;
const T_SSHORT = 8;
const T_SLONG = 9;
const T_SRATIONAL = 10;
const T_IFD = 13;

/** IFDs with more entries than this are not IFDs (real ones have a few dozen). */
const MAX_ENTRIES = 1000;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Absolute offset of the entry. */
  entryAt: number;
  /** Absolute offset of the value. */
  valueAt: number;
}

export class TiffReader {
  private little = false;

  /**
   * @param base absolute offset of the TIFF header
   * @param limit absolute offset the TIFF block ends at (offsets beyond it are bad)
   */
  constructor(
    private readonly cache: RangeCache,
    private readonly base: number,
    private readonly limit: number,
    private readonly sink: PhotoIssueSink,
  ) {}

  /** Undefined when the block does not start with a TIFF header (the issue says why). */
  read(): ExifFields | undefined {
    const { cache, base } = this;
    if (base + 8 > this.limit) {
      this.sink.error('photo.exif.truncated', 'The EXIF block is shorter than a TIFF header', base);
      return undefined;
    }
    const b0 = cache.u8(base);
    const b1 = cache.u8(base + 1);
    if (b0 === 0x49 && b1 === 0x49) this.little = true;
    else if (b0 === 0x4d && b1 === 0x4d) this.little = false;
    else {
      this.sink.error(
        'photo.exif.bad-header',
        `The EXIF block does not start with a TIFF byte order mark (II or MM): ${hex(b0)} ${hex(b1)}`,
        base,
      );
      return undefined;
    }
    const magic = cache.u16(base + 2, this.little);
    // 42: TIFF; 0x55: Panasonic RW2; 0x4f52/0x5352: Olympus ORF. All are classic TIFF IFDs.
    if (magic !== 42 && magic !== 0x55 && magic !== 0x4f52 && magic !== 0x5352) {
      this.sink.error(
        'photo.exif.bad-header',
        magic === 43
          ? 'BigTIFF files are not supported'
          : `The TIFF header has magic number ${magic}, not 42`,
        base + 2,
      );
      return undefined;
    }
    const fields: ExifFields = { littleEndian: this.little, at: {} };
    const visited = new Set<number>();
    const ifd0 = this.pointer(base + 4, 'IFD0');
    if (ifd0 === undefined) return fields;
    const next = this.readIfd(ifd0, visited, (e) => this.ifd0Entry(e, fields, visited));
    if (next !== undefined && next !== 0) {
      const ifd1 = this.checkedIfdOffset(next, ifd0, 'IFD1');
      if (ifd1 !== undefined) this.readIfd(ifd1, visited, (e) => this.ifd1Entry(e, fields));
    }
    this.checkThumbnail(fields);
    return fields;
  }

  private ifd0Entry(e: Entry, f: ExifFields, visited: Set<number>): void {
    switch (e.tag) {
      case 0x010f:
        f.make = this.text(e, f, 'make', true);
        break;
      case 0x0110:
        f.model = this.text(e, f, 'model', true);
        break;
      case 0x0131:
        f.software = this.text(e, f, 'software', true);
        break;
      case 0x0132:
        f.dateTime = this.text(e, f, 'dateTime');
        break;
      case 0x00fe:
        f.reducedImage = ((this.integer(e) ?? 0) & 1) === 1;
        break;
      case 0x0100:
        f.imageWidth = this.integer(e);
        break;
      case 0x0101:
        f.imageLength = this.integer(e);
        break;
      case 0xc612:
        f.dng = true;
        break;
      case 0xc62f:
        f.serial ??= this.text(e, f, 'serial', true);
        break;
      case 0x8769: {
        const at = this.subIfd(e, 'Exif IFD');
        if (at !== undefined) this.readIfd(at, visited, (x) => this.exifEntry(x, f));
        break;
      }
      case 0x8825: {
        const at = this.subIfd(e, 'GPS IFD');
        if (at === undefined) break;
        const gps: GpsFields = { offset: at, entryCount: 0 };
        f.gps = gps;
        this.readIfd(
          at,
          visited,
          (x) => {
            gps.entryCount++;
            this.gpsEntry(x, gps, f);
          },
          GPS_WANTED,
        );
        break;
      }
      // Some writers put Exif IFD tags straight into IFD0.
      default:
        this.exifEntry(e, f);
    }
  }

  private exifEntry(e: Entry, f: ExifFields): void {
    switch (e.tag) {
      case 0x9003:
        f.dateTimeOriginal = this.text(e, f, 'dateTimeOriginal');
        break;
      case 0x9011:
        f.offsetTimeOriginal = this.text(e, f, 'offsetTimeOriginal');
        break;
      case 0x9291:
        f.subSecTimeOriginal = this.text(e, f, 'subSecTimeOriginal', true);
        break;
      case 0x9004:
        f.dateTimeDigitized = this.text(e, f, 'dateTimeDigitized');
        break;
      case 0x9012:
        f.offsetTimeDigitized = this.text(e, f, 'offsetTimeDigitized');
        break;
      case 0x9292:
        f.subSecTimeDigitized = this.text(e, f, 'subSecTimeDigitized', true);
        break;
      case 0x9010:
        f.offsetTime = this.text(e, f, 'offsetTime');
        break;
      case 0x9290:
        f.subSecTime = this.text(e, f, 'subSecTime', true);
        break;
      case 0xa002:
        f.pixelX = this.integer(e);
        break;
      case 0xa003:
        f.pixelY = this.integer(e);
        break;
      case 0xa431:
        f.serial = this.text(e, f, 'serial', true) ?? f.serial;
        break;
    }
  }

  private gpsEntry(e: Entry, g: GpsFields, f: ExifFields): void {
    f.at[`gps.${e.tag}`] = e.entryAt;
    switch (e.tag) {
      case 0x0001:
        g.latRef = this.text(e, f, 'gpsLatRef', true);
        break;
      case 0x0002:
        g.lat = this.rationals(e);
        break;
      case 0x0003:
        g.lonRef = this.text(e, f, 'gpsLonRef', true);
        break;
      case 0x0004:
        g.lon = this.rationals(e);
        break;
      case 0x0005:
        g.altRef = this.integer(e);
        break;
      case 0x0006:
        g.alt = this.rationals(e)?.[0];
        break;
      case 0x0007:
        g.timeStamp = this.rationals(e);
        break;
      case 0x0010:
        g.imgDirectionRef = this.text(e, f, 'gpsImgDirectionRef', true);
        break;
      case 0x0011:
        g.imgDirection = this.rationals(e)?.[0];
        break;
      case 0x001d:
        g.dateStamp = this.text(e, f, 'gpsDateStamp', true);
        break;
      case 0x001f:
        g.hPositioningError = this.rationals(e)?.[0];
        break;
    }
  }

  private ifd1Entry(e: Entry, f: ExifFields): void {
    if (e.tag === 0x0201) {
      const v = this.integer(e);
      if (v !== undefined) {
        f.thumbnail = { offset: this.base + v, length: f.thumbnail?.length ?? 0 };
        f.at.thumbnail = e.entryAt;
      }
    } else if (e.tag === 0x0202) {
      const v = this.integer(e);
      if (v !== undefined) f.thumbnail = { offset: f.thumbnail?.offset ?? -1, length: v };
    }
  }

  private checkThumbnail(f: ExifFields): void {
    const t = f.thumbnail;
    if (!t) return;
    if (t.offset < 0 || t.length <= 0) {
      if (t.offset >= 0) {
        this.sink.info(
          'photo.preview.empty',
          'IFD1 names an embedded preview of length 0',
          f.at.thumbnail,
        );
      }
      f.thumbnail = undefined;
      return;
    }
    if (t.offset + t.length > this.cache.size) {
      this.sink.warning(
        'photo.preview.out-of-bounds',
        `The embedded preview (${t.length} bytes at ${t.offset}) runs past the end of the file`,
        f.at.thumbnail,
      );
      f.thumbnail = undefined;
    }
  }

  /** Walks one IFD; returns the offset of the next IFD (relative to the TIFF header). */
  private readIfd(
    at: number,
    visited: Set<number>,
    onEntry: (e: Entry) => void,
    wanted: ReadonlySet<number> = WANTED,
  ): number | undefined {
    if (visited.has(at)) {
      this.sink.warning(
        'photo.exif.ifd-loop',
        'An IFD pointer loops back to an IFD already read',
        at,
      );
      return undefined;
    }
    visited.add(at);
    const { cache, little } = this;
    let count = cache.u16(at, little);
    const room = Math.floor((this.limit - at - 2) / 12);
    if (count > MAX_ENTRIES) {
      this.sink.warning('photo.exif.bad-ifd', `An IFD claims ${count} entries; not read`, at);
      return undefined;
    }
    if (count > room) {
      this.sink.warning(
        'photo.exif.truncated',
        `An IFD of ${count} entries is cut short by the end of the EXIF block after ${Math.max(0, room)}`,
        at,
      );
      count = Math.max(0, room);
    }
    let previousTag = -1;
    for (let i = 0; i < count; i++) {
      const entryAt = at + 2 + 12 * i;
      const tag = cache.u16(entryAt, little);
      if (tag <= previousTag && previousTag !== Infinity) {
        this.sink.info(
          'photo.exif.unsorted-ifd',
          `IFD entries out of order (tag 0x${tag.toString(16).padStart(4, '0')} after 0x${previousTag.toString(16).padStart(4, '0')}): the file was not written by a standard EXIF writer`,
          entryAt,
        );
        previousTag = Infinity;
      } else if (previousTag !== Infinity) previousTag = tag;
      const type = cache.u16(entryAt + 2, little);
      const n = cache.u32(entryAt + 4, little);
      const unit = TYPE_BYTES[type];
      if (!unit) continue; // unknown type: skip, as the TIFF spec asks
      const bytes = unit * n;
      let valueAt = entryAt + 8;
      if (bytes > 4) {
        valueAt = this.base + cache.u32(entryAt + 8, little);
        if (valueAt + bytes > this.limit || valueAt < this.base) {
          if (wanted.has(tag)) {
            this.sink.warning(
              'photo.exif.out-of-bounds',
              `Tag 0x${tag.toString(16).padStart(4, '0')} points to ${bytes} bytes at ${valueAt}, outside the EXIF block (${this.base}..${this.limit})`,
              entryAt,
            );
          }
          continue;
        }
      }
      onEntry({ tag, type, count: n, entryAt, valueAt });
    }
    const nextAt = at + 2 + 12 * count;
    if (nextAt + 4 > this.limit) return undefined;
    return cache.u32(nextAt, little);
  }

  private subIfd(e: Entry, name: string): number | undefined {
    if (e.type !== T_LONG && e.type !== T_IFD && e.type !== T_UNDEFINED) return undefined;
    const rel = this.cache.u32(e.valueAt, this.little);
    return this.checkedIfdOffset(rel, e.entryAt, name);
  }

  private pointer(at: number, name: string): number | undefined {
    return this.checkedIfdOffset(this.cache.u32(at, this.little), at, name);
  }

  private checkedIfdOffset(rel: number, from: number, name: string): number | undefined {
    const abs = this.base + rel;
    if (rel < 8 || abs + 2 > this.limit) {
      this.sink.warning(
        'photo.exif.out-of-bounds',
        `The ${name} offset ${rel} points outside the EXIF block (${this.limit - this.base} bytes)`,
        from,
      );
      return undefined;
    }
    return abs;
  }

  private text(e: Entry, f: ExifFields, field: string, trim = false): string | undefined {
    if (e.type !== T_ASCII && e.type !== T_UNDEFINED && e.type !== T_BYTE) return undefined;
    const n = Math.min(e.count, 256);
    if (n === 0) return undefined;
    const { buf, at } = this.cache.span(e.valueAt, n);
    let end = 0;
    while (end < n && buf[at + end] !== 0) end++;
    let s = '';
    for (let i = 0; i < end; i++) s += String.fromCharCode(buf[at + i]!);
    if (trim) s = s.trim();
    if (s === '') return undefined;
    f.at[field] = e.entryAt;
    return s;
  }

  private integer(e: Entry): number | undefined {
    if (e.count < 1) return undefined;
    switch (e.type) {
      case T_BYTE:
      case T_UNDEFINED:
        return this.cache.u8(e.valueAt);
      case T_SBYTE:
        return (this.cache.u8(e.valueAt) << 24) >> 24;
      case T_SHORT:
        return this.cache.u16(e.valueAt, this.little);
      case T_SSHORT:
        return (this.cache.u16(e.valueAt, this.little) << 16) >> 16;
      case T_LONG:
      case T_IFD:
        return this.cache.u32(e.valueAt, this.little);
      case T_SLONG:
        return this.cache.u32(e.valueAt, this.little) | 0;
      default:
        return undefined;
    }
  }

  /** Rational values; NaN for a zero denominator. Undefined when the type is not a rational. */
  private rationals(e: Entry): number[] | undefined {
    if (e.type !== T_RATIONAL && e.type !== T_SRATIONAL) {
      const v = this.integer(e);
      return v === undefined ? undefined : [v];
    }
    const out: number[] = [];
    let allUnknown = true;
    const signed = e.type === T_SRATIONAL;
    for (let i = 0; i < Math.min(e.count, 8); i++) {
      let num = this.cache.u32(e.valueAt + 8 * i, this.little);
      let den = this.cache.u32(e.valueAt + 8 * i + 4, this.little);
      if (signed) {
        num |= 0;
        den |= 0;
      }
      if (num !== 0 || den !== 0) allUnknown = false;
      out.push(den === 0 ? NaN : num / den);
    }
    // 0/0 is how writers say "no value" (an unset GPS field), not a malformed value.
    return allUnknown ? [] : out;
  }
}

const WANTED = new Set([
  0x010f, 0x0110, 0x0131, 0x0132, 0xc62f, 0x9003, 0x9011, 0x9291, 0x9004, 0x9012, 0x9292, 0x9010,
  0x9290, 0xa431,
]);

const GPS_WANTED = new Set([1, 2, 3, 4, 5, 6, 7, 0x10, 0x11, 0x1d, 0x1f]);

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
