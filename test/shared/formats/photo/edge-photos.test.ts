/**
 * Every EDGE_* fixture photo: a clear issue (its expected code), the values that survive, and no
 * throw. Also: the HEIF whose Exif item sits at the end of the file is read by range, not whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesReader, readPhoto, type ByteRangeReader } from '../../../../shared/formats/photo';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const photosDir = path.resolve(repoRoot, '../shared/fixtures/photos');
const present = fs.existsSync(photosDir);
if (!present) console.warn(`skipping EDGE photo tests: ${photosDir} not present`);

/** Expected issue codes per EDGE file (each must appear), and checks on what was still read. */
const EXPECTED: Record<string, { codes: string[]; check?: (p: Record<string, unknown>) => void }> =
  {
    'EDGE_exifr_RangeError_Offset_outside_bounds.jpg': {
      codes: ['photo.exif.missing', 'photo.time.none'],
    },
    'EDGE_exifr_broken1_CanonEOS30D_emptyGPS.jpg': {
      codes: ['photo.gps.empty', 'photo.time.gps-time-malformed'],
      check: (p) => expect(p.lat).toBeUndefined(),
    },
    'EDGE_exifr_heic-maybebroken_iPhone8.HEIC': {
      codes: ['photo.time.gps-basis'],
      check: (p) => {
        expect(p.timeBasis).toBe('gps');
        expect(p.t).toBe(Date.UTC(2018, 1, 5, 7, 11, 43, 70));
        expect(p.accuracyM).toBe(65);
      },
    },
    'EDGE_exiftool_FujiS1Pro_GPS_time_no_date.jpg': {
      codes: ['photo.time.gps-time-without-date'],
      check: (p) => {
        expect(p.timeBasis).toBe('zone-assumed');
        expect(p.assumedZone).toBe('Europe/London');
        expect(p.t).toBe(Date.UTC(2002, 6, 13, 14, 58, 28)); // 15:58:28 BST
      },
    },
    'EDGE_ianare_HMD_Nokia_8.3_5G_hdr_noDTO.heif': {
      codes: ['photo.time.no-shutter-time', 'photo.camera.unknown'],
      check: (p) => {
        expect(p.t).toBe(Date.UTC(2022, 0, 12, 7, 30, 14));
        // No PixelXDimension: the size comes from the primary item's ispe property.
        expect([p.width, p.height]).toEqual([4608, 3456]);
      },
    },
    'EDGE_ianare_NikonD70s_gps_OSError.jpg': { codes: ['photo.preview.empty'] },
    'EDGE_ianare_corrupted_olympus.jpg': {
      codes: ['photo.gps.none', 'photo.time.no-zone'],
      check: (p) => expect(p.make).toBe('OLYMPUS IMAGING CORP.'),
    },
    'EDGE_ianare_iphone_13_pro_max_noGPS.HEIC': {
      codes: ['photo.gps.none'],
      check: (p) => expect(p.t).toBe(Date.UTC(2022, 1, 16, 11, 55, 41, 762)),
    },
    'EDGE_ianare_samsung_SM-G930F_gps_no_datetime.jpg': {
      codes: ['photo.time.fallback-tag'],
      check: (p) => expect(p.timeNote).toMatch(/DateTimeOriginal missing/),
    },
    'EDGE_immich_motog9plus_empty_gps.jpg': { codes: ['photo.gps.empty'] },
    'EDGE_mei_iPhone11Pro_exif-at-eof.heic': {
      codes: [],
      check: (p) => {
        expect(p.timeBasis).toBe('offset');
        expect(p.t).toBe(Date.UTC(2020, 4, 4, 22, 39, 11, 644));
      },
    },
    'EDGE_mei_iPhone6_bad_GPSDateStamp.jpg': {
      codes: ['photo.time.gps-date-malformed'],
      check: (p) => expect(p.timeNote).toMatch(/2014:09:259/),
    },
    'EDGE_mei_issue173_zero_gps_date.jpg': {
      codes: ['photo.time.gps-date-malformed', 'photo.time.none'],
    },
    'EDGE_photoprism_SamsungGT-I9000_gps_0_0.jpg': {
      codes: ['photo.gps.zero'],
      check: (p) => expect(p.lat).toBeUndefined(),
    },
    'EDGE_photoprism_canon_eos_6d_noGPS.dng': {
      codes: ['photo.gps.none'],
      check: (p) => {
        expect(p.container).toBe('dng');
        expect(p.serial).toBe('033024001432');
      },
    },
    'EDGE_photoprism_gps-2000_no_datetime.jpg': {
      codes: ['photo.time.none'],
      check: (p) => expect(p.lat).toBeCloseTo(-38.4051947833333, 9),
    },
    'EDGE_photoprism_huawei-gps-error.jpg': {
      codes: ['photo.exif.unsorted-ifd'],
      check: (p) => {
        expect(p.altitudeM).toBe(0);
        expect(p.t).toBe(Date.UTC(2020, 5, 16, 16, 52, 44));
      },
    },
  };

function fileReader(file: string): ByteRangeReader & { reads: number } {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  const r = {
    size,
    reads: 0,
    read(offset: number, length: number) {
      r.reads++;
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      fs.readSync(fd, buf, 0, buf.length, offset);
      return Promise.resolve(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
    },
  };
  return r;
}

describe.skipIf(!present)('EDGE photos', () => {
  const edges = present
    ? fs
        .readdirSync(photosDir)
        .filter((f) => f.startsWith('EDGE_'))
        .sort()
    : [];

  it('has an expectation for every EDGE file', () => {
    expect(edges.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of edges) {
    it(file, async () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(photosDir, file)));
      const { photo, issues } = await readPhoto(bytesReader(bytes), file, 3);
      const codes = issues.map((i) => i.code);
      const want = EXPECTED[file]!;
      for (const code of want.codes) expect(codes, `${file}: ${codes.join(', ')}`).toContain(code);
      for (const i of issues) {
        expect(i.file).toBe(file);
        expect(i.message.length).toBeGreaterThan(10);
      }
      expect(photo).not.toBeNull();
      expect(photo!.fileIndex).toBe(3);
      want.check?.(photo as unknown as Record<string, unknown>);
    });
  }

  it('reads an Exif item at the end of a HEIF by range, not the whole file', async () => {
    const reader = fileReader(path.join(photosDir, 'EDGE_mei_iPhone11Pro_exif-at-eof.heic'));
    const { photo, bytesRead } = await readPhoto(reader, 'x.heic', 0);
    expect(photo?.lat).toBeCloseTo(47.2071240555639, 9);
    expect(bytesRead).toBeLessThan(reader.size / 4);
    expect(reader.reads).toBeLessThanOrEqual(4);
  });
});
