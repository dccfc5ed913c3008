/**
 * Property: whatever position, time and offset buildExifJpeg writes, readPhoto gives back (both
 * byte orders), with the basis the rules of issue 5 assign.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExifJpeg } from '../../../../assets/lib/exif-jpeg';
import { bytesReader, readPhoto } from '../../../../shared/formats/photo';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const instant = fc.integer({
  min: Date.UTC(1990, 0, 1) / 1000,
  max: Date.UTC(2037, 11, 31) / 1000,
});

describe('buildExifJpeg → readPhoto', () => {
  it('gives back position, shutter time with offset, GPS time and identity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        instant,
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        fc.integer({ min: 0, max: 999 }),
        instant,
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        async (lat, lon, seconds, quarterHours, ms, gpsSeconds, gpsMs, littleEndian) => {
          // The writer keeps 1e-10°: anything closer to 0,0 is written as 0,0, which is rejected.
          fc.pre(Math.abs(lat) > 1e-9 || Math.abs(lon) > 1e-9);
          const offsetMin = quarterHours * 15;
          const wall = new Date(seconds * 1000 + offsetMin * 60_000);
          const dto = `${wall.getUTCFullYear()}:${pad(wall.getUTCMonth() + 1)}:${pad(wall.getUTCDate())} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
          const sign = offsetMin < 0 ? '-' : '+';
          const oto = `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
          const g = new Date(gpsSeconds * 1000);
          const bytes = buildExifJpeg({
            make: 'Make',
            model: 'Model',
            serial: 'S1',
            dateTimeOriginal: dto,
            offsetTimeOriginal: oto,
            subSecTimeOriginal: pad(ms, 3),
            gps: {
              lat,
              lon,
              altitudeM: 12.25,
              dateStamp: `${g.getUTCFullYear()}:${pad(g.getUTCMonth() + 1)}:${pad(g.getUTCDate())}`,
              timeStamp: [g.getUTCHours(), g.getUTCMinutes(), g.getUTCSeconds() + gpsMs / 1000],
            },
            littleEndian,
          });
          const { photo, issues } = await readPhoto(bytesReader(bytes), 'p.jpg', 0, {
            disagreementMs: Infinity,
          });
          expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
          expect(photo).not.toBeNull();
          const p = photo!;
          expect(Math.abs(p.lat! - lat)).toBeLessThan(1e-9);
          expect(Math.abs(p.lon! - lon)).toBeLessThan(1e-9);
          expect(p.altitudeM).toBe(12.25);
          expect(p.timeBasis).toBe('offset');
          expect(p.t).toBe(seconds * 1000 + ms);
          expect(p.shutterT).toBe(p.t);
          expect(p.gpsT).toBe(gpsSeconds * 1000 + gpsMs);
          expect(p.raw.offsetTimeOriginal).toBe(oto);
          expect([p.make, p.model, p.serial]).toEqual(['Make', 'Model', 'S1']);
          expect(p.container).toBe('jpeg');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('falls back to GPS time, then to the zone at the position, without an offset', async () => {
    const base = {
      dateTimeOriginal: '2023:07:01 14:00:00',
      gps: {
        lat: 51.05,
        lon: 3.72,
        dateStamp: '2023:07:01',
        timeStamp: [11, 59, 30] as [number, number, number],
      },
    };
    const gps = await readPhoto(bytesReader(buildExifJpeg(base)), 'a.jpg', 0);
    expect(gps.photo!.timeBasis).toBe('gps');
    expect(gps.photo!.t).toBe(Date.UTC(2023, 6, 1, 11, 59, 30));
    // 14:00 in Brussels (CEST) is 12:00Z: 30 s after the fix, within the 60 s default.
    expect(gps.photo!.shutterT).toBe(Date.UTC(2023, 6, 1, 12, 0, 0));
    expect(gps.issues.map((i) => i.code)).not.toContain('photo.time.disagree');

    const zoned = await readPhoto(
      bytesReader(buildExifJpeg({ ...base, gps: { lat: 51.05, lon: 3.72 } })),
      'b.jpg',
      0,
    );
    expect(zoned.photo!.timeBasis).toBe('zone-assumed');
    expect(zoned.photo!.assumedZone).toBe('Europe/Brussels');
    expect(zoned.photo!.t).toBe(Date.UTC(2023, 6, 1, 12, 0, 0));

    const fallback = await readPhoto(
      bytesReader(buildExifJpeg({ dateTimeOriginal: base.dateTimeOriginal })),
      'c.jpg',
      0,
      { fallbackZone: 'America/New_York' },
    );
    expect(fallback.photo!.assumedZone).toBe('America/New_York');
    expect(fallback.photo!.t).toBe(Date.UTC(2023, 6, 1, 18, 0, 0));
  });

  it('locates the embedded preview as an absolute file offset', async () => {
    const bytes = buildExifJpeg({ thumbnail: true, gps: { lat: 1, lon: 2 } });
    const { photo } = await readPhoto(bytesReader(bytes), 't.jpg', 0);
    const pv = photo!.preview!;
    expect(pv.mime).toBe('image/jpeg');
    expect([bytes[pv.offset], bytes[pv.offset + 1]]).toEqual([0xff, 0xd8]);
    expect([bytes[pv.offset + pv.length - 2], bytes[pv.offset + pv.length - 1]]).toEqual([
      0xff, 0xd9,
    ]);
  });
});
