/**
 * The test-JPEG writer (assets/lib/exif-jpeg.ts): deterministic, valid, and exiftool reads back
 * exactly the values it was given.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExifJpeg, type ExifJpegSpec } from '../../../../assets/lib/exif-jpeg';

const hasExiftool = (() => {
  try {
    execFileSync('exiftool', ['-ver'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasExiftool) console.warn('skipping exif-jpeg vs exiftool: exiftool not installed');

const spec: ExifJpegSpec = {
  make: 'Canon',
  model: 'EOS R5',
  serial: 'SN-0042',
  software: 'Firmware 1.8.1',
  dateTimeOriginal: '2024:03:31 01:59:58',
  offsetTimeOriginal: '+01:00',
  subSecTimeOriginal: '123',
  gps: {
    lat: -33.8688197,
    lon: 151.2092955,
    altitudeM: -12.5,
    hPositioningErrorM: 4.75,
    imgDirectionDeg: 271.25,
    dateStamp: '2024:03:31',
    timeStamp: [0, 59, 57.25],
  },
  width: 6000,
  height: 4000,
  thumbnail: true,
  rgb: [200, 30, 60],
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itinera-exif-jpeg-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('buildExifJpeg', () => {
  it('is deterministic and a well-formed JPEG', () => {
    const a = buildExifJpeg(spec);
    const b = buildExifJpeg(spec);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect([a[0], a[1], a[2]]).toEqual([0xff, 0xd8, 0xff]);
    expect([a[a.length - 2], a[a.length - 1]]).toEqual([0xff, 0xd9]);
    expect(Buffer.from(buildExifJpeg({ ...spec, rgb: [1, 2, 3] })).equals(Buffer.from(a))).toBe(
      false,
    );
  });

  it('makes multi-megabyte files with noise', () => {
    const big = buildExifJpeg({ ...spec, imageWidth: 8000, imageHeight: 6000, noiseSeed: 1 });
    expect(big.length).toBeGreaterThan(2_000_000);
  });

  it.skipIf(!hasExiftool)('reads back in exiftool with the same values, both byte orders', () => {
    const files = [false, true].map((littleEndian) => {
      const f = path.join(dir, `${littleEndian ? 'le' : 'be'}.jpg`);
      fs.writeFileSync(f, buildExifJpeg({ ...spec, littleEndian }));
      return f;
    });
    const out = JSON.parse(
      execFileSync('exiftool', ['-n', '-json', '-G1', '-a', '-all', '-validate', ...files], {
        encoding: 'utf8',
      }),
    ) as Record<string, unknown>[];
    for (const r of out) {
      expect(r['ExifTool:Validate']).toBe('0 0 0'); // errors, warnings, minor warnings
      expect(r['IFD0:Make']).toBe('Canon');
      expect(r['IFD0:Model']).toBe('EOS R5');
      expect(r['IFD0:Software']).toBe('Firmware 1.8.1');
      expect(r['ExifIFD:SerialNumber']).toBe('SN-0042');
      expect(r['ExifIFD:DateTimeOriginal']).toBe('2024:03:31 01:59:58');
      expect(r['ExifIFD:OffsetTimeOriginal']).toBe('+01:00');
      expect(r['ExifIFD:SubSecTimeOriginal']).toBe(123);
      expect(r['ExifIFD:ExifImageWidth']).toBe(6000);
      expect(r['ExifIFD:ExifImageHeight']).toBe(4000);
      expect(r['Composite:GPSLatitude']).toBeCloseTo(-33.8688197, 9);
      expect(r['Composite:GPSLongitude']).toBeCloseTo(151.2092955, 9);
      expect(r['Composite:GPSAltitude']).toBe(-12.5);
      expect(r['GPS:GPSHPositioningError']).toBe(4.75);
      expect(r['GPS:GPSImgDirection']).toBe(271.25);
      expect(r['GPS:GPSImgDirectionRef']).toBe('T');
      expect(r['Composite:GPSDateTime']).toBe('2024:03:31 00:59:57.25Z');
      expect(r['IFD1:ThumbnailLength']).toBeGreaterThan(100);
      expect(r['File:ImageWidth']).toBe(16);
    }
    expect(out[0]!['File:ExifByteOrder']).toBe('MM');
    expect(out[1]!['File:ExifByteOrder']).toBe('II');
  });
});
