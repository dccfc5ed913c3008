/**
 * One photo's metadata, read from as few bytes as possible: the first 64 KiB, then only the
 * ranges the container points at. Never throws on bad input; every problem is a located issue.
 */
import type { ImportIssue, Photo } from '../../model';
import { resolvePhotoTime } from '../../time/photo-time';
import { zoneAtCoordinates } from '../../time/zone-at-coordinates';
import { NeedBytes, PastEnd, RangeCache, type ByteRangeReader } from './byte-range';
import {
  scanIsobmff,
  scanJpeg,
  scanPng,
  scanWebp,
  sniffContainer,
  type ContainerScan,
} from './containers';
import { resolvePosition } from './gps-position';
import { PhotoIssueSink } from './issues';
import { TiffReader, type ExifFields } from './tiff';

export interface PhotoReadOptions {
  /** Zone at a position, for a DateTimeOriginal without offset; default: the offline lookup. */
  zoneAt?: (lat: number, lon: number) => string | undefined;
  /** Zone for such times when the photo has no position (usually the source's zone). */
  fallbackZone?: string;
  /** Shutter and GPS time further apart than this are flagged; default 60 s. */
  disagreementMs?: number;
  /** Bytes read first; default 64 KiB. */
  headBytes?: number;
}

export interface PhotoReadResult {
  /** Null: not a photo, or unreadable (the issues say why). */
  photo: Photo | null;
  issues: ImportIssue[];
  /** Bytes read from the file, for throughput figures. */
  bytesRead: number;
}

const HEAD_BYTES = 65_536;
/** Re-parses allowed while fetching missing ranges; real files need one or two. */
const MAX_FETCHES = 64;

interface Parsed {
  scan: ContainerScan;
  exif?: ExifFields;
}

/** Reads one photo's identity, position and time. Never throws on bad input. */
export async function readPhoto(
  file: ByteRangeReader,
  name: string,
  fileIndex: number,
  opts: PhotoReadOptions = {},
): Promise<PhotoReadResult> {
  const cache = new RangeCache(file, opts.headBytes ?? HEAD_BYTES);
  const fail = (code: string, message: string, offset?: number): PhotoReadResult => {
    const sink = new PhotoIssueSink(name);
    sink.error(code, message, offset);
    return { photo: null, issues: sink.issues, bytesRead: cache.bytesRead };
  };
  if (file.size === 0)
    return fail('photo.not-a-photo', 'Not a JPEG/TIFF/HEIF/PNG/WebP file: the file is empty');
  try {
    await cache.loadHead();
  } catch (e) {
    return fail('photo.io-error', `The file could not be read: ${errorText(e)}`);
  }

  for (let attempt = 0; attempt <= MAX_FETCHES; attempt++) {
    const sink = new PhotoIssueSink(name);
    try {
      const parsed = parseContainer(cache, sink);
      if ('notPhoto' in parsed) {
        sink.error(
          'photo.not-a-photo',
          `Not a JPEG/TIFF/HEIF/PNG/WebP file: ${parsed.notPhoto}`,
          0,
        );
        return { photo: null, issues: sink.issues, bytesRead: cache.bytesRead };
      }
      const photo = buildPhoto(parsed, cache, sink, fileIndex, opts);
      return { photo, issues: sink.issues, bytesRead: cache.bytesRead };
    } catch (e) {
      if (e instanceof NeedBytes && attempt < MAX_FETCHES) {
        try {
          await cache.load(e.offset, Math.max(1, e.length));
        } catch (io) {
          return fail('photo.io-error', `The file could not be read: ${errorText(io)}`, e.offset);
        }
        continue;
      }
      if (e instanceof PastEnd) {
        sink.error(
          'photo.truncated',
          `The file ends at ${cache.size} bytes, before the ${e.length} bytes at ${e.offset} its structure points to`,
          e.offset,
        );
        return { photo: null, issues: sink.issues, bytesRead: cache.bytesRead };
      }
      sink.error('photo.unreadable', `The photo's structure could not be read: ${errorText(e)}`);
      return { photo: null, issues: sink.issues, bytesRead: cache.bytesRead };
    }
  }
  return fail('photo.unreadable', 'The photo points to too many scattered ranges to read');
}

function parseContainer(cache: RangeCache, sink: PhotoIssueSink): Parsed | { notPhoto: string } {
  const head = cache.bytes(0, Math.min(cache.size, 16));
  const kind = sniffContainer(head);
  let scan: ContainerScan;
  switch (kind) {
    case 'jpeg':
      scan = scanJpeg(cache, sink);
      break;
    case 'tiff':
      scan = { container: 'tiff', exif: { offset: 0, length: cache.size } };
      break;
    case 'isobmff': {
      const r = scanIsobmff(cache, sink);
      if ('notPhoto' in r) return r;
      scan = r;
      break;
    }
    case 'png':
      scan = scanPng(cache, sink);
      break;
    case 'webp':
      scan = scanWebp(cache, sink);
      break;
    default:
      return { notPhoto: describeHead(head) };
  }
  if (!scan.exif) return { scan };
  const { offset, length } = scan.exif;
  const exif = new TiffReader(cache, offset, offset + length, sink).read();
  if (exif?.dng) scan.container = 'dng';
  return exif ? { scan, exif } : { scan };
}

function buildPhoto(
  { scan, exif }: Parsed,
  cache: RangeCache,
  sink: PhotoIssueSink,
  fileIndex: number,
  opts: PhotoReadOptions,
): Photo {
  if (!exif && !scan.exif) {
    sink.info('photo.exif.missing', `The ${scan.container} file carries no EXIF metadata`);
  }
  const at = exif?.at ?? {};
  const position = resolvePosition(exif?.gps, at, sink);
  const g = exif?.gps;
  const time = resolvePhotoTime(
    {
      dateTimeOriginal: exif?.dateTimeOriginal,
      offsetTimeOriginal: exif?.offsetTimeOriginal,
      subSecTimeOriginal: exif?.subSecTimeOriginal,
      dateTimeDigitized: exif?.dateTimeDigitized,
      offsetTimeDigitized: exif?.offsetTimeDigitized,
      subSecTimeDigitized: exif?.subSecTimeDigitized,
      dateTime: exif?.dateTime,
      offsetTime: exif?.offsetTime,
      subSecTime: exif?.subSecTime,
      gpsDateStamp: g?.dateStamp,
      gpsTimeStamp: g?.timeStamp,
      lat: position.lat,
      lon: position.lon,
      at: { ...at, gpsTimeStamp: at['gps.7'] },
    },
    {
      zoneAt: opts.zoneAt ?? zoneAtCoordinates,
      fallbackZone: opts.fallbackZone,
      disagreementMs: opts.disagreementMs,
    },
  );
  for (const i of time.issues) sink.add(i.severity, i.code, i.message, i.offset);

  const photo: Photo = {
    fileIndex,
    t: time.t,
    timeBasis: time.timeBasis,
    shutterT: time.shutterT,
    gpsT: time.gpsT,
    raw: {},
    container: scan.container,
  };
  if (time.assumedZone !== undefined) photo.assumedZone = time.assumedZone;
  if (time.timeNote !== undefined) photo.timeNote = time.timeNote;
  const raw = photo.raw;
  if (exif?.dateTimeOriginal !== undefined) raw.dateTimeOriginal = exif.dateTimeOriginal;
  if (exif?.offsetTimeOriginal !== undefined) raw.offsetTimeOriginal = exif.offsetTimeOriginal;
  if (exif?.subSecTimeOriginal !== undefined) raw.subSecTimeOriginal = exif.subSecTimeOriginal;
  if (g?.dateStamp !== undefined) raw.gpsDateStamp = g.dateStamp;
  if (time.gpsTimeStampText !== undefined) raw.gpsTimeStamp = time.gpsTimeStampText;
  Object.assign(photo, position);
  if (exif && exif.make === undefined && exif.model === undefined) {
    sink.info('photo.camera.unknown', 'No Make or Model: the camera cannot be identified');
  }
  if (exif?.make !== undefined) photo.make = exif.make;
  if (exif?.model !== undefined) photo.model = exif.model;
  if (exif?.serial !== undefined) photo.serial = exif.serial;
  if (exif?.software !== undefined) photo.software = exif.software;
  const ifd0IsMain = scan.container !== 'jpeg' && !exif?.reducedImage;
  const width = exif?.pixelX ?? scan.width ?? (ifd0IsMain ? exif?.imageWidth : undefined);
  const height = exif?.pixelY ?? scan.height ?? (ifd0IsMain ? exif?.imageLength : undefined);
  if (width !== undefined && width > 0) photo.width = width;
  if (height !== undefined && height > 0) photo.height = height;
  const thumb = exif?.thumbnail;
  if (thumb) {
    if (cache.u16(thumb.offset, false) === 0xffd8) {
      photo.preview = { offset: thumb.offset, length: thumb.length, mime: 'image/jpeg' };
    } else {
      sink.info(
        'photo.preview.not-jpeg',
        `The embedded preview at ${thumb.offset} is not a JPEG; not used`,
        exif.at.thumbnail,
      );
    }
  }
  return photo;
}

/** Why the first bytes are not a photo we read, in words an examiner can check. */
function describeHead(head: Uint8Array): string {
  const text = String.fromCharCode(...head.subarray(0, 8));
  const known: [RegExp, string][] = [
    [/^%PDF/, 'a PDF document'],
    [/^PK/, 'a ZIP archive (or an Office document)'],
    [/^GIF8/, 'a GIF image, which carries no EXIF'],
    [/^BM/, 'a BMP image, which carries no EXIF'],
    [/^RIFF/, 'a RIFF file that is not WebP (audio or video?)'],
    [/^8BPS/, 'a Photoshop document'],
    [/^SQLite/, 'an SQLite database'],
    [/^(<\?xml|<svg)/, 'an XML or SVG file'],
  ];
  for (const [re, what] of known) if (re.test(text)) return `it is ${what}`;
  const bytes = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const printable = [...head.subarray(0, 8)].every(
    (b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127),
  )
    ? ' (text)'
    : '';
  return `it starts with bytes ${bytes}${printable}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
