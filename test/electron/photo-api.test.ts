/**
 * The photo channels end to end through the API handlers and the HTTP test host: a folder is
 * imported, its photos' previews and images can be read back, nothing else can.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExifJpeg } from '../../assets/lib/exif-jpeg';
import type { ImportResult } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/wire';
import { startTestHost, type TestHost } from '../e2e/host';

let dir: string;
let folder: string;
let photoPath: string;
let photoBytes: Uint8Array;
let host: TestHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-photo-api-'));
  folder = join(dir, 'phone');
  mkdirSync(folder);
  photoBytes = buildExifJpeg({
    make: 'Apple',
    model: 'iPhone 12',
    dateTimeOriginal: '2024:03:01 10:00:00',
    offsetTimeOriginal: '+01:00',
    gps: { lat: 50.85, lon: 4.35 },
    thumbnail: true,
  });
  photoPath = join(folder, 'IMG_0001.JPG');
  writeFileSync(photoPath, photoBytes);
  writeFileSync(join(dir, 'outside.jpg'), photoBytes);
  host = await startTestHost({ rendererDir: join(dir, 'no-renderer') });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(channel: string, payload: unknown): Promise<Response> {
  return fetch(`${host.url}api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: encodeWire(payload),
  });
}

describe('photo channels over the test host', () => {
  it('refuses photos that were not imported, then serves the preview and image of imported ones', async () => {
    const before = await call('photo:read-image', { path: photoPath });
    expect(before.status).toBe(400);
    expect(((await before.json()) as { code: string }).code).toBe('photo.not-imported');

    const imported = await call('evidence:import', { paths: [folder] });
    const [result] = decodeWire(await imported.text()) as ImportResult[];
    if (!result?.ok) throw new Error(JSON.stringify(result));
    const photo = result.source.photos![0]!;
    expect(result.source.files[photo.fileIndex]!.path).toBe(photoPath);

    const image = await call('photo:read-image', { path: photoPath });
    expect(image.headers.get('content-type')).toMatch(/octet-stream/);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(photoBytes);

    expect(photo.preview).toBeDefined();
    const { offset, length } = photo.preview!;
    const preview = await call('photo:read-preview', { path: photoPath, offset, length });
    const bytes = new Uint8Array(await preview.arrayBuffer());
    expect(bytes).toEqual(photoBytes.subarray(offset, offset + length));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);

    const past = await call('photo:read-preview', {
      path: photoPath,
      offset: photoBytes.length - 1,
      length: 16,
    });
    expect(((await past.json()) as { code: string }).code).toBe('photo.out-of-range');
    const outside = await call('photo:read-image', { path: join(dir, 'outside.jpg') });
    expect(((await outside.json()) as { code: string }).code).toBe('photo.not-imported');
    const sneaky = await call('photo:read-image', { path: `${folder}/../outside.jpg` });
    expect(((await sneaky.json()) as { code: string }).code).toBe('photo.not-imported');
  });

  it('answers the folder dialog with what the test set, once', async () => {
    host.setPickFolderResult([folder]);
    const first = await call('evidence:pick-folder', {});
    expect(decodeWire(await first.text())).toEqual([folder]);
    const second = await call('evidence:pick-folder', {});
    expect(decodeWire(await second.text())).toEqual([]);
  });
});
