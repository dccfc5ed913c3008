/**
 * Photo intake: folders and loose photo files into `photos` sources, every file accounted for,
 * hashes equal to sha256sum's, progress reported, cancel honoured, the read channels confined
 * to imported photos.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExifJpeg } from '../../assets/lib/exif-jpeg';
import { importEvidence } from '../../electron/services/intake';
import type { ImportProgressEvent, ImportResult } from '../../shared/api';
import type { Source } from '../../shared/model';
import { PhotoFileError, PhotoFileRegistry } from '../../electron/services/photo-files';
import { HashPool, InlineHasher } from '../../electron/services/photo-hash';
import { sniffPhoto } from '../../electron/services/photo-sniff';
import { gpxPieces } from '../bench/gen-gpx';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesPhotos = resolve(repoRoot, '../shared/fixtures/photos');
const haveFixtures = statSync(fixturesPhotos, { throwIfNoEntry: false })?.isDirectory() ?? false;
if (!haveFixtures) console.warn(`skipping photo fixture tests: ${fixturesPhotos} not present`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-photos-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectSource(result: ImportResult | undefined): Source {
  if (!result?.ok) throw new Error(`expected a source, got ${JSON.stringify(result)}`);
  return result.source;
}

function jpeg(lat: number, lon: number, extra: Partial<Parameters<typeof buildExifJpeg>[0]> = {}) {
  return buildExifJpeg({
    make: 'Apple',
    model: 'iPhone 12',
    serial: 'SN1',
    dateTimeOriginal: '2024:03:01 10:00:00',
    offsetTimeOriginal: '+01:00',
    gps: { lat, lon, dateStamp: '2024:03:01', timeStamp: [9, 0, 0] },
    ...extra,
  });
}

describe.skipIf(!haveFixtures)('photo intake over ../shared/fixtures/photos', () => {
  let results: ImportResult[];
  const events: ImportProgressEvent[] = [];
  beforeAll(async () => {
    results = await importEvidence([fixturesPhotos], {
      jobId: 'fixtures',
      onProgress: (event) => events.push(event),
    });
  });

  it('makes one photos source in which every file has a photo or a located issue', () => {
    expect(results).toHaveLength(1);
    const source = expectSource(results[0]);
    expect(source.kind).toBe('photos');
    expect(source.format).toBe('photos');
    expect(source.fixes.count).toBe(0);
    const names = readdirSync(fixturesPhotos).sort();
    expect(source.files.map((f) => f.name).sort()).toEqual(names);
    const photos = source.photos ?? [];
    expect(source.stats.photos).toBe(photos.length);
    for (const [index, file] of source.files.entries()) {
      const photo = photos.find((p) => p.fileIndex === index);
      const issues = source.issues.filter((i) => i.file === file.name);
      expect(photo !== undefined || issues.length > 0, file.name).toBe(true);
    }
    // Each photo points at its own file.
    expect(new Set(photos.map((p) => p.fileIndex)).size).toBe(photos.length);
  });

  it('hashes every file exactly as sha256sum does', () => {
    const source = expectSource(results[0]);
    const out = execFileSync('sha256sum', readdirSync(fixturesPhotos).sort(), {
      cwd: fixturesPhotos,
      encoding: 'utf8',
    });
    const expected = new Map(
      out
        .trim()
        .split('\n')
        .map((line) => [line.slice(66), line.slice(0, 64)] as const),
    );
    expect(expected.size).toBe(source.files.length);
    for (const file of source.files) {
      expect(file.sha256, file.name).toBe(expected.get(file.name));
      expect(file.size).toBe(statSync(join(fixturesPhotos, file.name)).size);
      expect(file.path).toBe(join(fixturesPhotos, file.name));
    }
  });

  it('reads positions (spot check against the fixture table) and keeps the source deterministic', async () => {
    const source = expectSource(results[0]);
    const at = (name: string) =>
      source.photos!.find((p) => source.files[p.fileIndex]!.name === name)!;
    const nokia = at('ianare_HMD_Nokia_8.3_5G.jpg');
    expect(nokia.lat).toBeCloseTo(60.147, 2);
    expect(nokia.lon).toBeCloseTo(24.907, 2);
    expect(nokia.make).toBeDefined();
    const zero = at('EDGE_photoprism_SamsungGT-I9000_gps_0_0.jpg');
    expect(zero?.lat).toBeUndefined();
    const [again] = await importEvidence([fixturesPhotos]);
    expect(expectSource(again).id).toBe(source.id);
  });

  it('reports progress with file counts, ending with every file done', () => {
    expect(events.length).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.filesTotal).toBe(readdirSync(fixturesPhotos).length);
    expect(last.filesDone).toBe(last.filesTotal);
    expect(last.bytesRead).toBe(last.totalBytes);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.jobBytesRead).toBeGreaterThanOrEqual(events[i - 1]!.jobBytesRead);
  });
});

describe('photo intake of a mixed folder', () => {
  let root: string;
  beforeAll(() => {
    root = join(dir, 'extraction');
    mkdirSync(join(root, 'DCIM', '100APPLE'), { recursive: true });
    mkdirSync(join(root, '.thumbnails'), { recursive: true });
    writeFileSync(join(root, 'DCIM', '100APPLE', 'IMG_0001.JPG'), jpeg(50.85, 4.35));
    // Renamed by the extraction tool: still a photo by content.
    writeFileSync(join(root, 'DCIM', '100APPLE', 'cache.0'), jpeg(51.05, 3.72));
    writeFileSync(join(root, '.thumbnails', 'thumb.jpg'), jpeg(48.85, 2.35));
    writeFileSync(join(root, 'track.gpx'), [...gpxPieces(20, 3, 10)].join(''));
    writeFileSync(join(root, 'notes.txt'), 'not a photo\n');
    writeFileSync(join(root, 'empty.jpg'), '');
    writeFileSync(join(root, 'truncated.jpg'), jpeg(50, 4).subarray(0, 40));
    // A loop: followed, it would never end.
    symlinkSync(root, join(root, 'DCIM', 'loop'));
  });

  it('takes every photo by content, hidden folders included, and lists the rest with reasons', async () => {
    const [result] = await importEvidence([root]);
    const source = expectSource(result);
    expect(source.label).toBe('extraction');
    expect(source.files.map((f) => f.name)).toEqual([
      '.thumbnails/thumb.jpg',
      'DCIM/100APPLE/IMG_0001.JPG',
      'DCIM/100APPLE/cache.0',
      'truncated.jpg',
    ]);
    // The truncated one is listed with its issues, whether or not the reader salvaged a photo.
    expect(source.photos!.map((p) => source.files[p.fileIndex]!.name).slice(0, 3)).toEqual([
      '.thumbnails/thumb.jpg',
      'DCIM/100APPLE/IMG_0001.JPG',
      'DCIM/100APPLE/cache.0',
    ]);
    const photo = source.photos![1]!;
    expect(photo.lat).toBeCloseTo(50.85, 6);
    expect(photo.timeBasis).toBe('offset');
    expect(photo.t).toBe(Date.UTC(2024, 2, 1, 9, 0, 0));
    const codes = (name: string) => source.issues.filter((i) => i.file === name).map((i) => i.code);
    expect(codes('track.gpx')).toEqual(['photos.other-evidence']);
    expect(source.issues.find((i) => i.file === 'track.gpx')!.message).toMatch(
      /GPX evidence: not imported from a folder, open it directly/,
    );
    expect(codes('notes.txt')).toEqual(['photos.not-a-photo']);
    expect(codes('empty.jpg')).toEqual(['photos.file.empty']);
    expect(codes('DCIM/loop')).toEqual(['photos.link.folder']);
    expect(codes('truncated.jpg').length).toBeGreaterThan(0);
    expect(source.stats.first).toBe(Date.UTC(2024, 2, 1, 9, 0, 0));
  });

  it('makes one source of the loose photo files of a request, at the first one, others untouched', async () => {
    const a = join(root, 'DCIM', '100APPLE', 'IMG_0001.JPG');
    const b = join(root, '.thumbnails', 'thumb.jpg');
    const gpx = join(root, 'track.gpx');
    const results = await importEvidence([gpx, a, b]);
    expect(results).toHaveLength(2);
    expect(expectSource(results[0]).format).toBe('gpx');
    const photos = expectSource(results[1]);
    expect(results[1]!.path).toBe(a);
    expect(photos.files.map((f) => f.name)).toEqual([
      'DCIM/100APPLE/IMG_0001.JPG',
      '.thumbnails/thumb.jpg',
    ]);
    expect(photos.label).toBe('extraction (2 photos)');
  });

  it('says so when a folder holds no photo', async () => {
    const empty = join(dir, 'no-photos');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'a.txt'), 'x');
    const [result] = await importEvidence([empty]);
    expect(result).toMatchObject({ ok: false, code: 'photos.none' });
  });
});

describe('photo intake jobs', () => {
  let big: string;
  beforeAll(() => {
    big = join(dir, 'many');
    mkdirSync(big, { recursive: true });
    const head = jpeg(50.85, 4.35);
    for (let i = 0; i < 120; i++) {
      const path = join(big, `IMG_${String(i).padStart(4, '0')}.JPG`);
      writeFileSync(path, head);
      // 2 MB each, mostly a sparse tail, so hashing takes a moment.
      execFileSync('truncate', ['-s', String(2_000_000 + i), path]);
    }
  });

  it('stops when cancelled mid-job and reports the folder as cancelled', async () => {
    const controller = new AbortController();
    const events: ImportProgressEvent[] = [];
    const started = performance.now();
    const results = await importEvidence([big], {
      jobId: 'cancel-me',
      signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if ((event.filesDone ?? 0) >= 5) controller.abort();
      },
    });
    expect(results).toEqual([
      expect.objectContaining({ ok: false, code: 'import.cancelled', path: big }),
    ]);
    expect(events.at(-1)!.state).toBe('cancelled');
    expect(events.at(-1)!.filesDone!).toBeLessThan(120);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('hashes the same in the worker pool as on the calling thread', async () => {
    const pool = new HashPool(2);
    const inline = new InlineHasher();
    try {
      const paths = readdirSync(big)
        .slice(0, 6)
        .map((name) => join(big, name));
      const a = await Promise.all(paths.map((p) => pool.hash(p)));
      const b = await Promise.all(paths.map((p) => inline.hash(p)));
      expect(a).toEqual(b);
      const out = execFileSync('sha256sum', [paths[0]!], { encoding: 'utf8' });
      expect(a[0]!.sha256).toBe(out.slice(0, 64));
      await expect(pool.hash(join(big, 'missing.jpg'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await pool.close();
    }
  });
});

describe('photo file registry (read channels)', () => {
  it('serves imported photos only, only inside the file, and whole images only under the cap', async () => {
    const root = join(dir, 'registry');
    mkdirSync(root, { recursive: true });
    const bytes = jpeg(10, 10, { thumbnail: true });
    const photoPath = join(root, 'a.jpg');
    writeFileSync(photoPath, bytes);
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    const results = await importEvidence([root]);
    const registry = new PhotoFileRegistry(100);
    registry.registerResults(results);
    expect(registry.has(photoPath)).toBe(true);
    const range = new Uint8Array(await registry.readRange(photoPath, 2, 4));
    expect([...range]).toEqual([...bytes.subarray(2, 6)]);
    const refused = async (promise: Promise<unknown>, code: string) => {
      const err = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PhotoFileError);
      expect((err as PhotoFileError).code).toBe(code);
    };
    await refused(registry.readRange(join(root, 'secret.txt'), 0, 4), 'photo.not-imported');
    await refused(registry.readRange(photoPath, bytes.length - 2, 4), 'photo.out-of-range');
    await refused(registry.readImage(photoPath), 'photo.too-large');
    const roomy = new PhotoFileRegistry();
    roomy.registerResults(results);
    expect(new Uint8Array(await roomy.readImage(photoPath))).toEqual(bytes);
  });
});

describe('sniffPhoto', () => {
  it('knows photo containers by their first bytes', () => {
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const ftyp = (brand: string, compatible: string) =>
      Uint8Array.from([0, 0, 0, 24, ...ascii(`ftyp${brand}`), 0, 0, 0, 0, ...ascii(compatible)]);
    expect(sniffPhoto(Uint8Array.of(0xff, 0xd8, 0xff, 0xe1))).toMatchObject({ container: 'jpeg' });
    expect(sniffPhoto(ascii('II*\0\x08\0\0\0'))).toMatchObject({ container: 'tiff' });
    expect(sniffPhoto(ascii('MM\0*\0\0\0\x08'))).toMatchObject({ container: 'tiff' });
    expect(sniffPhoto(ascii('IIRO\x08\0\0\0'))).toMatchObject({ container: 'tiff' });
    expect(sniffPhoto(ascii('RIFF\0\0\0\0WEBPVP8 '))).toMatchObject({ container: 'webp' });
    expect(sniffPhoto(ftyp('heic', 'mif1heic'))).toMatchObject({ container: 'heif' });
    expect(sniffPhoto(ftyp('crx ', 'crx isom'))).toMatchObject({ unsupported: true });
    expect(sniffPhoto(Uint8Array.from([0, 0, 0, 16, ...ascii('ftypisom'), 0, 0, 0, 0]))).toBeNull();
    expect(sniffPhoto(ascii('<?xml version="1.0"?><gpx>'))).toBeNull();
    // A PNG signature without its header chunk is not an image.
    expect(sniffPhoto(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBeNull();
  });
});
