import { describe, expect, it } from 'vitest';
import {
  excelSerialToWallMs,
  parseEpoch,
  parseUtcOffset,
  TableDateTimeParser,
} from '../../../../shared/formats/table/datetime';
import { ZoneResolver, isValidTimeZone } from '../../../../shared/formats/table/zone';

const U = Date.UTC;

describe('date and time patterns', () => {
  it('reads dates with times in every order', () => {
    const ymd = new TableDateTimeParser('YMD');
    expect(ymd.parseDateTime('2024-06-15T10:30:00Z')).toBe(U(2024, 5, 15, 10, 30));
    expect(ymd.offsetMinutes).toBe(0);
    expect(ymd.parseDateTime('2025-06-01 13:02:03.056000 +00:00')).toBe(
      U(2025, 5, 1, 13, 2, 3, 56),
    );
    expect(ymd.parseDateTime('2024-12-02T11:00:00.000-08:00')).toBe(U(2024, 11, 2, 11));
    expect(ymd.offsetMinutes).toBe(-480);
    expect(ymd.parseDateTime('2008/05/04 12:52:47.000')).toBe(U(2008, 4, 4, 12, 52, 47));
    expect(Number.isNaN(ymd.offsetMinutes)).toBe(true);
    const dmy = new TableDateTimeParser('DMY');
    expect(dmy.parseDateTime('15.06.2024 10:30')).toBe(U(2024, 5, 15, 10, 30));
    expect(dmy.parseDateTime('15/06/24 10:30:05 PM')).toBe(U(2024, 5, 15, 22, 30, 5));
    expect(dmy.parseDateTime('15 Jun 2024 10:30')).toBe(U(2024, 5, 15, 10, 30));
    const mdy = new TableDateTimeParser('MDY');
    expect(mdy.parseDateTime('06/15/2024 12:00:00 AM')).toBe(U(2024, 5, 15, 0, 0));
    expect(mdy.parseDateTime('Jun 15, 2024 10:30 +0200')).toBe(U(2024, 5, 15, 10, 30));
    expect(mdy.offsetMinutes).toBe(120);
  });
  it('reads dates and times apart, compact forms included', () => {
    const p = new TableDateTimeParser('YMD');
    expect(p.parseDate('250724')).toBe(U(2025, 6, 24));
    expect(p.parseDate('20250724')).toBe(U(2025, 6, 24));
    expect(p.parseTime('173418')).toBe((17 * 3600 + 34 * 60 + 18) * 1000);
    expect(p.parseTime('22:50:22')).toBe((22 * 3600 + 50 * 60 + 22) * 1000);
    expect(new TableDateTimeParser('DMY').parseDate('240725')).toBe(U(2025, 6, 24));
  });
  it('rejects impossible values', () => {
    const p = new TableDateTimeParser('YMD');
    for (const bad of [
      '2024-02-30 10:00',
      '2024-13-01 10:00',
      '2024-06-15 24:00',
      '2024-06-15 10:61',
      '2024-06-15 10:00:60',
      'yesterday',
      '',
      '2024-06-15 10:00 +25:00',
    ])
      expect(p.parseDateTime(bad), bad).toBeNaN();
  });
  it('reads offsets, epochs and Excel serials', () => {
    expect(parseUtcOffset('+00:00')).toBe(0);
    expect(parseUtcOffset('-07:00')).toBe(-420);
    expect(parseUtcOffset('UTC+1')).toBe(60);
    expect(parseUtcOffset('x')).toBeNaN();
    expect(parseEpoch('1718444200', 's')).toBe(1718444200000);
    expect(parseEpoch('1718444200123', 'ms')).toBe(1718444200123);
    expect(parseEpoch('1e9', 's')).toBeNaN();
    expect(excelSerialToWallMs(45458.4375, false)).toBe(U(2024, 5, 15, 10, 30));
    expect(excelSerialToWallMs(1, false)).toBe(U(1900, 0, 1));
    expect(excelSerialToWallMs(61, false)).toBe(U(1900, 2, 1));
    expect(excelSerialToWallMs(60, false)).toBeNaN();
    expect(excelSerialToWallMs(0, true)).toBe(U(1904, 0, 1));
    expect(excelSerialToWallMs(44000, true) - excelSerialToWallMs(44000, false)).toBe(
      1462 * 86_400_000,
    );
  });
});

describe('naive times in a zone', () => {
  it('places wall times and rejects DST gaps and overlaps', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Nowhere/Else')).toBe(false);
    const z = new ZoneResolver('Europe/Berlin');
    expect(z.toUtc(U(2023, 6, 1, 12))).toBe(U(2023, 6, 1, 10));
    expect(z.toUtc(U(2023, 0, 1, 12))).toBe(U(2023, 0, 1, 11));
    expect(z.toUtc(U(2023, 2, 26, 2, 30))).toBeNaN();
    expect(z.lastProblem).toBe('nonexistent');
    expect(z.toUtc(U(2023, 9, 29, 2, 30))).toBeNaN();
    expect(z.lastProblem).toBe('ambiguous');
    expect(z.toUtc(U(2023, 9, 29, 3, 0))).toBe(U(2023, 9, 29, 2, 0));
    expect(z.toUtc(U(2023, 2, 26, 1, 59, 59))).toBe(U(2023, 2, 26, 0, 59, 59));
    // Chatham shifts at 02:45 local: the hour cache must not hide it.
    const c = new ZoneResolver('Pacific/Chatham');
    expect(c.toUtc(U(2023, 3, 2, 2, 50))).toBeNaN();
  });
});
