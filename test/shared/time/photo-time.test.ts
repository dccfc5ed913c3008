/** The photo time rules of issue 5, one by one (the suite runs under TZ=Pacific/Chatham). */
import { describe, expect, it } from 'vitest';
import {
  parseExifDateTime,
  parseGpsDateStamp,
  parseOffset,
  resolvePhotoTime,
  type PhotoTimeInput,
  type PhotoTimeOptions,
} from '../../../shared/time/photo-time';
import { zoneAtCoordinates } from '../../../shared/time/zone-at-coordinates';

const withLookup: PhotoTimeOptions = { zoneAt: zoneAtCoordinates };
const ghent = { lat: 51.054, lon: 3.717 };
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

describe('resolvePhotoTime order', () => {
  it('1. DateTimeOriginal + OffsetTimeOriginal, SubSec kept, beats GPS time', () => {
    const r = resolvePhotoTime({
      dateTimeOriginal: '2023:10:06 22:53:51',
      offsetTimeOriginal: '+02:00',
      subSecTimeOriginal: '724',
      gpsDateStamp: '2023:10:06',
      gpsTimeStamp: [20, 53, 50],
    });
    expect(r.timeBasis).toBe('offset');
    expect(r.t).toBe(Date.UTC(2023, 9, 6, 20, 53, 51, 724));
    expect(r.shutterT).toBe(r.t);
    expect(r.gpsT).toBe(Date.UTC(2023, 9, 6, 20, 53, 50));
    expect(r.timeNote).toBeUndefined();
    expect(codes(r)).toEqual([]);
  });

  it('2. else GPSDateStamp + GPSTimeStamp (UTC), shutter time kept after its zone', () => {
    const r = resolvePhotoTime(
      {
        dateTimeOriginal: '2019:08:21 10:57:23',
        gpsDateStamp: '2019:08:21',
        gpsTimeStamp: [3, 57, 22.64],
        lat: 7.83,
        lon: 98.3,
      },
      withLookup,
    );
    expect(r.timeBasis).toBe('gps');
    expect(r.t).toBe(Date.UTC(2019, 7, 21, 3, 57, 22, 640));
    expect(r.timeNote).toBe('OffsetTimeOriginal missing');
    expect(r.shutterT).toBe(Date.UTC(2019, 7, 21, 3, 57, 23)); // Asia/Bangkok, +07:00
    expect(r.gpsTimeStampText).toBe('03:57:22.64');
  });

  it('3. else DateTimeOriginal in the zone at the photo position', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2024:01:15 09:00:00', ...ghent }, withLookup);
    expect(r.timeBasis).toBe('zone-assumed');
    expect(r.assumedZone).toBe('Europe/Brussels');
    expect(r.t).toBe(Date.UTC(2024, 0, 15, 8, 0, 0));
    expect(r.timeNote).toMatch(/Europe\/Brussels \(the zone at the photo's position\)/);
  });

  it('3. … else in the fallback zone when there is no position', () => {
    const r = resolvePhotoTime(
      { dateTimeOriginal: '2024:07:15 09:00:00' },
      { ...withLookup, fallbackZone: 'America/New_York' },
    );
    expect(r.assumedZone).toBe('America/New_York');
    expect(r.t).toBe(Date.UTC(2024, 6, 15, 13, 0, 0));
    expect(r.timeNote).toMatch(/source's zone/);
  });

  it('4. else none, and says why', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2024:07:15 09:00:00' });
    expect(r.timeBasis).toBe('none');
    expect(r.t).toBeNaN();
    expect(r.shutterT).toBeNaN();
    expect(codes(r)).toEqual(['photo.time.no-zone', 'photo.time.none']);
    expect(resolvePhotoTime({}).timeBasis).toBe('none');
  });

  it('lower-rank DateTime only when DateTimeOriginal is absent, stated in the note', () => {
    const r = resolvePhotoTime({ dateTime: '2016:09:12 10:05:31', offsetTime: '+02:00' });
    expect(r.timeBasis).toBe('offset');
    expect(r.t).toBe(Date.UTC(2016, 8, 12, 8, 5, 31));
    expect(r.timeNote).toMatch(/DateTimeOriginal missing.*IFD0 DateTime/);
    expect(codes(r)).toContain('photo.time.fallback-tag');
    // A valid DateTimeOriginal without a zone is never replaced by DateTime's offset.
    const kept = resolvePhotoTime({
      dateTimeOriginal: '2019:06:06 07:29:51',
      dateTime: '2019:06:06 05:15:13',
      offsetTime: '+02:00',
    });
    expect(kept.timeBasis).toBe('none');
  });
});

describe('GPS stamps that fall back', () => {
  it('GPS date without time', () => {
    const r = resolvePhotoTime(
      {
        dateTimeOriginal: '2019:08:21 11:21:36',
        gpsDateStamp: '2019:08:21',
        lat: 38.7,
        lon: -9.2,
        at: { gpsDateStamp: 123 },
      },
      withLookup,
    );
    expect(r.timeBasis).toBe('zone-assumed');
    expect(r.assumedZone).toBe('Europe/Lisbon');
    expect(r.timeNote).toMatch(/GPSTimeStamp missing/);
    const issue = r.issues.find((i) => i.code === 'photo.time.gps-date-without-time');
    expect(issue?.offset).toBe(123);
  });

  it.each([
    ['2014:09:259', [13, 5, 12.05], 'photo.time.gps-date-malformed'],
    ['0000:00:00', [0, 0, 0], 'photo.time.gps-date-malformed'],
    ['2014:02:30', [13, 5, 12], 'photo.time.gps-date-malformed'],
    ['2014:09:25', [25, 0, 0], 'photo.time.gps-time-malformed'],
    ['2014:09:25', [NaN, 0, 13], 'photo.time.gps-time-malformed'],
    ['2014:09:25', [12, 60, 0], 'photo.time.gps-time-malformed'],
    ['2014:09:25', [12, 0], 'photo.time.gps-time-malformed'],
  ])('%s %j → %s', (date, time, code) => {
    const r = resolvePhotoTime(
      { dateTimeOriginal: '2014:09:16 14:05:12', gpsDateStamp: date, gpsTimeStamp: time, ...ghent },
      withLookup,
    );
    expect(r.gpsT).toBeNaN();
    expect(r.timeBasis).toBe('zone-assumed');
    expect(codes(r)).toContain(code);
    expect(r.timeNote).toMatch(/malformed/);
  });

  it('GPS time without date', () => {
    const r = resolvePhotoTime({ gpsTimeStamp: [14, 58, 24] });
    expect(r.timeBasis).toBe('none');
    expect(codes(r)).toContain('photo.time.gps-time-without-date');
  });
});

describe('DST in the assumed zone', () => {
  it('a time in the spring-forward gap is flagged and the earlier candidate instant chosen', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2024:03:31 02:30:00', ...ghent }, withLookup);
    expect(codes(r)).toContain('photo.time.dst-gap');
    // 'earlier': 02:30 read with the offset after the change (+02:00), i.e. 01:30 CET.
    expect(r.t).toBe(Date.UTC(2024, 2, 31, 0, 30));
    expect(r.timeBasis).toBe('zone-assumed');
  });

  it('a repeated time at fall-back is flagged and the earlier instant chosen', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2024:10:27 02:30:00', ...ghent }, withLookup);
    expect(codes(r)).toContain('photo.time.dst-overlap');
    expect(r.t).toBe(Date.UTC(2024, 9, 27, 0, 30)); // 02:30 at +02:00
  });

  it('an ordinary time has no DST issue', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2024:10:27 04:30:00', ...ghent }, withLookup);
    expect(codes(r)).toEqual([]);
    expect(r.t).toBe(Date.UTC(2024, 9, 27, 3, 30));
  });
});

describe('shutter vs GPS disagreement', () => {
  const input: PhotoTimeInput = {
    dateTimeOriginal: '2023:10:06 22:53:51',
    offsetTimeOriginal: '+02:00',
    gpsDateStamp: '2023:10:06',
    gpsTimeStamp: [20, 52, 10],
  };
  it('flags more than 60 s by default, with the difference', () => {
    const r = resolvePhotoTime(input);
    const i = r.issues.find((x) => x.code === 'photo.time.disagree');
    expect(i?.severity).toBe('warning');
    expect(i?.message).toMatch(/1 min 41 s \(shutter later\)/);
  });
  it('respects a set limit', () => {
    expect(codes(resolvePhotoTime(input, { disagreementMs: 120_000 }))).toEqual([]);
  });
  it('compares after the zone for a naive shutter time', () => {
    const r = resolvePhotoTime(
      {
        dateTimeOriginal: '2024:01:15 10:00:00',
        gpsDateStamp: '2024:01:15',
        gpsTimeStamp: [10, 0, 0],
        ...ghent,
      },
      withLookup,
    );
    expect(r.timeBasis).toBe('gps');
    expect(r.issues.find((x) => x.code === 'photo.time.disagree')?.message).toMatch(
      /1 h \(shutter earlier\)/,
    );
  });
});

describe('raw value parsing', () => {
  it('reads EXIF date-times, fractions and offsets in the text, placeholders', () => {
    expect(parseExifDateTime('2019:04:30 15:56:18.605+00:00')).toEqual({
      wallMs: Date.UTC(2019, 3, 30, 15, 56, 18, 605),
      hasFraction: true,
      offsetMinutes: 0,
    });
    expect(parseExifDateTime('0000:00:00 00:00:00')).toBe('empty');
    expect(parseExifDateTime('    :  :     :  :  ')).toBe('empty');
    expect(parseExifDateTime('2019:02:29 10:00:00')).toBe('malformed');
    expect(parseExifDateTime('2019:04:30 24:00:00')).toBe('malformed');
  });
  it('uses an offset written inside DateTimeOriginal, and says so', () => {
    const r = resolvePhotoTime({ dateTimeOriginal: '2012:06:09 21:23:38+01:00' });
    expect(r.timeBasis).toBe('offset');
    expect(r.t).toBe(Date.UTC(2012, 5, 9, 20, 23, 38));
    expect(r.timeNote).toMatch(/offset taken from/);
  });
  it('reads offsets and rejects impossible ones', () => {
    expect(parseOffset('+05:30')).toBe(330);
    expect(parseOffset('-0330')).toBe(-210);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('+25:00')).toBeUndefined();
    expect(parseOffset('   ')).toBeUndefined();
    const r = resolvePhotoTime(
      {
        dateTimeOriginal: '2020:01:01 12:00:00',
        offsetTimeOriginal: '+25:00',
      },
      { fallbackZone: 'UTC' },
    );
    expect(codes(r)).toContain('photo.time.bad-offset');
    expect(r.timeBasis).toBe('zone-assumed');
  });
  it('keeps SubSec to the millisecond', () => {
    const t = (sub: string) =>
      resolvePhotoTime({
        dateTimeOriginal: '2020:01:01 00:00:00',
        offsetTimeOriginal: '+00:00',
        subSecTimeOriginal: sub,
      }).t;
    expect(t('5') - t('0')).toBe(500);
    expect(t('72') - t('0')).toBe(720);
    expect(t('695326') - t('0')).toBe(695);
    expect(t('054') - t('0')).toBe(54);
  });
  it('validates GPS dates', () => {
    expect(parseGpsDateStamp('2020-06-16')).toBe(Date.UTC(2020, 5, 16) / 86_400_000);
    expect(parseGpsDateStamp('2020:13:01')).toBeUndefined();
  });
  it('reports an unknown fallback zone', () => {
    const r = resolvePhotoTime(
      { dateTimeOriginal: '2020:01:01 12:00:00' },
      { fallbackZone: 'Mars/Olympus' },
    );
    expect(codes(r)).toContain('photo.time.bad-zone');
    expect(r.timeBasis).toBe('none');
  });
});

describe('zoneAtCoordinates', () => {
  it('looks zones up offline', () => {
    expect(zoneAtCoordinates(51.054, 3.717)).toBe('Europe/Brussels');
    expect(zoneAtCoordinates(-33.87, 151.21)).toBe('Australia/Sydney');
    expect(zoneAtCoordinates(40.66, -73.99)).toBe('America/New_York');
    expect(zoneAtCoordinates(95, 0)).toBeUndefined();
    expect(zoneAtCoordinates(NaN, 0)).toBeUndefined();
  });
});
