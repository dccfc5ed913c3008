/**
 * Deterministic folder of multi-megabyte JPEGs with GPS EXIF, like the DCIM of a phone extraction,
 * for the `photos` benchmark. Each file is a real small JPEG from `buildExifJpeg` (EXIF with
 * make/model/serial, DateTimeOriginal, usually OffsetTimeOriginal, GPS position and time, some
 * with a thumbnail), whose end-of-image marker is moved to the end of a 3–6 MB file: the bytes
 * between are a SPARSE tail (zeros the file system does not store), so 10,000 files of ~45 GB
 * apparent size take a few hundred MB of disk. Metadata readers see a normal multi-megabyte JPEG;
 * hashing reads every byte (the kernel supplies the zeros, so hashing measures CPU, not disk).
 *
 * Cached under the bench cache with a stamp written last: an interrupted run is regenerated.
 * Same (count, seed) ⇒ byte-identical files.
 */
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { buildExifJpeg, type ExifJpegSpec } from '../../assets/lib/exif-jpeg';
import { BENCH_CACHE_DIR, isEntryPoint, seededRandom } from './gen-common';

export const PHOTOS_GENERATOR_VERSION = 1;
export const DEFAULT_PHOTO_COUNT = 10_000;
export const DEFAULT_PHOTO_SEED = 20261128;
/** Photos per DCIM sub-folder, as cameras number them. */
const PER_FOLDER = 1000;

const CAMERAS: { make: string; model: string; serial: string; offset?: string; little: boolean }[] =
  [
    { make: 'Apple', model: 'iPhone 12', serial: 'F2LD31X8P0', offset: '+01:00', little: false },
    { make: 'samsung', model: 'SM-G991B', serial: 'R58R30ABCDE', offset: '+01:00', little: true },
    { make: 'Google', model: 'Pixel 7', serial: '2B091FDH300ABC', offset: '+02:00', little: true },
    { make: 'Canon', model: 'Canon EOS 80D', serial: '093021004567', little: true },
    { make: 'NIKON CORPORATION', model: 'NIKON D750', serial: '6012345', little: false },
  ];

export interface GeneratedPhoto {
  rel: string;
  size: number;
  spec: ExifJpegSpec;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function exifTime(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The photos' names, sizes and EXIF, without writing anything. */
export function* photoSpecs(count: number, seed = DEFAULT_PHOTO_SEED): Generator<GeneratedPhoto> {
  const random = seededRandom(seed);
  let t = Date.UTC(2024, 2, 1, 8, 0, 0);
  let lat = 50.8503;
  let lon = 4.3517;
  for (let i = 0; i < count; i += 1) {
    t += Math.floor(30_000 + random() * 600_000);
    lat += (random() - 0.5) * 0.01;
    lon += (random() - 0.5) * 0.015;
    const camera = CAMERAS[Math.floor(random() * CAMERAS.length)]!;
    const offsetMin = camera.offset ? Number(camera.offset.slice(1, 3)) * 60 : 60;
    const local = t + offsetMin * 60_000;
    const gpsT = t - Math.floor(random() * 5) * 1000;
    const g = new Date(gpsT);
    const spec: ExifJpegSpec = {
      make: camera.make,
      model: camera.model,
      serial: camera.serial,
      software: 'itinera-bench',
      dateTimeOriginal: exifTime(local),
      ...(camera.offset ? { offsetTimeOriginal: camera.offset } : {}),
      subSecTimeOriginal: pad(Math.floor(random() * 1000), 3),
      gps: {
        lat: Number(lat.toFixed(7)),
        lon: Number(lon.toFixed(7)),
        altitudeM: Math.round(20 + random() * 80),
        hPositioningErrorM: Math.round(3 + random() * 30),
        imgDirectionDeg: Math.round(random() * 359),
        dateStamp: exifTime(gpsT).slice(0, 10),
        timeStamp: [g.getUTCHours(), g.getUTCMinutes(), g.getUTCSeconds()],
      },
      width: 4032,
      height: 3024,
      thumbnail: i % 4 === 0,
      rgb: [Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)],
      littleEndian: camera.little,
    };
    const size = 3_000_000 + Math.floor(random() * 3_000_000);
    const rel = `DCIM/${100 + Math.floor(i / PER_FOLDER)}BENCH/IMG_${pad(i % 10_000, 4)}.JPG`;
    yield { rel, size, spec };
  }
}

/** Writes one photo: the JPEG without its EOI, a sparse gap, and EOI as the last two bytes. */
function writeSparseJpeg(path: string, jpeg: Uint8Array, size: number): void {
  const fd = openSync(path, 'w');
  try {
    const body = jpeg.subarray(0, jpeg.length - 2);
    writeSync(fd, body, 0, body.length, 0);
    ftruncateSync(fd, size);
    writeSync(fd, Uint8Array.of(0xff, 0xd9), 0, 2, size - 2);
  } finally {
    closeSync(fd);
  }
}

/** The cached folder for (count, seed), generated when its stamp is missing. */
export async function ensureBenchPhotos(
  count = DEFAULT_PHOTO_COUNT,
  seed = DEFAULT_PHOTO_SEED,
): Promise<{ dir: string; generated: boolean; apparentBytes: number }> {
  const dir = join(BENCH_CACHE_DIR, `photos-${count}-s${seed}-v${PHOTOS_GENERATOR_VERSION}`);
  const stamp = join(dir, '.complete');
  if (existsSync(stamp)) {
    const apparentBytes = Number(readFileSync(stamp, 'utf8').trim());
    return { dir, generated: false, apparentBytes };
  }
  rmSync(dir, { recursive: true, force: true });
  let apparentBytes = 0;
  for (const photo of photoSpecs(count, seed)) {
    const path = join(dir, photo.rel);
    if (photo.rel.endsWith('0000.JPG') || !existsSync(join(path, '..')))
      mkdirSync(join(path, '..'), { recursive: true });
    writeSparseJpeg(path, buildExifJpeg(photo.spec), photo.size);
    apparentBytes += photo.size;
  }
  writeFileSync(stamp, `${apparentBytes}\n`);
  return { dir, generated: true, apparentBytes };
}

if (isEntryPoint(import.meta.url)) {
  const count = Number(process.argv[2] ?? DEFAULT_PHOTO_COUNT);
  const started = performance.now();
  const { dir, apparentBytes } = await ensureBenchPhotos(count);
  console.log(
    `${dir}: ${count} JPEGs, ${(apparentBytes / 1e9).toFixed(1)} GB apparent (sparse) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
