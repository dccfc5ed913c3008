/**
 * Bad input never throws and always says why: non-photos, truncation at every length, patched
 * offsets and rationals, random corruption. Also the other containers, built around the TIFF
 * block of a generated JPEG.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExifJpeg, type ExifJpegSpec } from '../../../../assets/lib/exif-jpeg';
import { bytesReader, readPhoto } from '../../../../shared/formats/photo';

const spec: ExifJpegSpec = {
  make: 'Sony',
  model: 'A7',
  dateTimeOriginal: '2022:05:01 10:00:00',
  offsetTimeOriginal: '+02:00',
  gps: { lat: 10.5, lon: -20.25, dateStamp: '2022:05:01', timeStamp: [8, 0, 0] },
  thumbnail: true,
};

const read = (bytes: Uint8Array, name = 'f.jpg') => readPhoto(bytesReader(bytes), name, 0);
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function indexOf(hay: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** The TIFF block of the generated JPEG's APP1 segment. */
function tiffOf(jpeg: Uint8Array): Uint8Array {
  const app1 = indexOf(jpeg, [0xff, 0xe1]);
  const len = (jpeg[app1 + 2]! << 8) | jpeg[app1 + 3]!;
  return jpeg.slice(app1 + 10, app1 + 2 + len);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(v: number, little: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, little);
  return b;
}

describe('not a photo', () => {
  it.each([
    ['empty', new Uint8Array(0), /empty/],
    ['pdf', ascii('%PDF-1.7\n...'), /PDF/],
    ['text', ascii('hello world, not a photo'), /text/],
    [
      'mp4',
      concat(u32(24, false), ascii('ftypisom'), u32(0, false), ascii('isommp41')),
      /ISO media.*isom/,
    ],
    ['gif', ascii('GIF89a......'), /GIF/],
  ])('%s', async (_name, bytes, reason) => {
    const r = await read(bytes);
    expect(r.photo).toBeNull();
    expect(codes(r)).toEqual(['photo.not-a-photo']);
    expect(r.issues[0]!.message).toMatch(/^Not a JPEG\/TIFF\/HEIF\/PNG\/WebP file: /);
    expect(r.issues[0]!.message).toMatch(reason);
  });
});

describe('damaged JPEGs', () => {
  it('every truncation length: no throw, and a truncation issue where EXIF is cut', async () => {
    const full = buildExifJpeg(spec);
    const app1End = tiffOf(full).length + indexOf(full, [0xff, 0xe1]) + 10;
    for (let n = 1; n < full.length; n++) {
      const r = await read(full.subarray(0, n));
      // Under 3 bytes there is not even a JPEG signature to go by.
      if (n < 3) expect(codes(r)).toEqual(['photo.not-a-photo']);
      else if (n < app1End) expect(codes(r), `length ${n}`).toContain('photo.truncated');
      for (const i of r.issues) expect(i.file).toBe('f.jpg');
    }
  });

  it('an IFD0 offset outside the EXIF block is reported at the pointer', async () => {
    const bytes = buildExifJpeg(spec);
    const tiffAt = indexOf(bytes, [0x4d, 0x4d, 0, 42]);
    bytes.set([0, 0, 0xff, 0xf0], tiffAt + 4);
    const r = await read(bytes);
    const i = r.issues.find((x) => x.code === 'photo.exif.out-of-bounds');
    expect(i?.offset).toBe(tiffAt + 4);
    expect(r.photo?.timeBasis).toBe('none');
  });

  it('a zero denominator in GPSLatitude rejects the position', async () => {
    const bytes = buildExifJpeg(spec);
    // 10°30′ → 10/1, 30/1: zero the first denominator.
    const at = indexOf(bytes, [0, 0, 0, 10, 0, 0, 0, 1, 0, 0, 0, 30, 0, 0, 0, 1]);
    bytes.set([0, 0, 0, 0], at + 4);
    const r = await read(bytes);
    expect(codes(r)).toContain('photo.gps.bad-rational');
    expect(r.photo?.lat).toBeUndefined();
    expect(r.photo?.t).toBe(Date.UTC(2022, 4, 1, 8, 0, 0));
  });

  it.each([
    [{ lat: 95, lon: 10 }, 'photo.gps.out-of-range'],
    [{ lat: 10, lon: 181 }, 'photo.gps.out-of-range'],
    [{ lat: 0, lon: 0 }, 'photo.gps.zero'],
  ])('position %j → %s', async (gps, code) => {
    const r = await read(buildExifJpeg({ ...spec, gps }));
    expect(codes(r)).toContain(code);
    expect(r.photo?.lat).toBeUndefined();
    expect(r.issues.find((i) => i.code === code)?.offset).toBeGreaterThan(0);
  });

  it('random corruption never throws', async () => {
    const base = buildExifJpeg(spec);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 12,
        }),
        async (edits) => {
          const bytes = base.slice();
          for (const [at, v] of edits) bytes[at] = v;
          const r = await read(bytes);
          for (const i of r.issues) expect(typeof i.message).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('other containers', () => {
  const jpeg = buildExifJpeg(spec);
  const tiff = tiffOf(jpeg);
  const expectSame = async (bytes: Uint8Array, container: string) => {
    const r = await read(bytes, `f.${container}`);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(r.photo?.container).toBe(container);
    expect(r.photo?.lat).toBeCloseTo(10.5, 12);
    expect(r.photo?.lon).toBeCloseTo(-20.25, 12);
    expect(r.photo?.t).toBe(Date.UTC(2022, 4, 1, 8, 0, 0));
    expect(r.photo?.make).toBe('Sony');
    return r.photo!;
  };

  it('TIFF: preview offset is absolute', async () => {
    const photo = await expectSame(tiff, 'tiff');
    expect([tiff[photo.preview!.offset], tiff[photo.preview!.offset + 1]]).toEqual([0xff, 0xd8]);
  });

  it('PNG eXIf chunk', async () => {
    const png = concat(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      u32(13, false),
      ascii('IHDR'),
      u32(640, false),
      u32(480, false),
      new Uint8Array([8, 2, 0, 0, 0]),
      u32(0, false),
      u32(tiff.length, false),
      ascii('eXIf'),
      tiff,
      u32(0, false),
      u32(0, false),
      ascii('IEND'),
      u32(0, false),
    );
    const photo = await expectSame(png, 'png');
    expect([png[photo.preview!.offset], png[photo.preview!.offset + 1]]).toEqual([0xff, 0xd8]);
  });

  it('WebP EXIF chunk after the image data, with an Exif prefix', async () => {
    const exif = concat(ascii('Exif\0\0'), tiff);
    const image = new Uint8Array(100_001); // odd: a pad byte follows
    const body = concat(
      ascii('WEBP'),
      ascii('VP8X'),
      u32(10, true),
      new Uint8Array([8, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0]),
      ascii('VP8L'),
      u32(image.length, true),
      image,
      new Uint8Array(1),
      ascii('EXIF'),
      u32(exif.length, true),
      exif,
    );
    const webp = concat(ascii('RIFF'), u32(body.length, true), body);
    const photo = await expectSame(webp, 'webp');
    expect(photo.width).toBe(16); // PixelXDimension wins over the canvas size
  });
});
