import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatDecimal,
  formatDms,
  isValidLatLon,
  toDms,
  wrapLon,
} from '../../../shared/geo/format-coords';

describe('coordinates for the examiner', () => {
  it('writes decimal degrees latitude first, six places, never -0', () => {
    expect(formatDecimal(51.1204661, 1.2975149)).toBe('51.120466, 1.297515');
    expect(formatDecimal(-33.8688, 151.2093)).toBe('-33.868800, 151.209300');
    expect(formatDecimal(-0.0000001, -0.0000004)).toBe('0.000000, 0.000000');
    expect(formatDecimal(48.85, 2.35, 3)).toBe('48.850, 2.350');
  });

  it('writes DMS with hemisphere letters and zero-padded minutes and seconds', () => {
    // Dover docks: 51.120466 N = 51° 7′ 13.68″; 1.297515 E = 1° 17′ 51.05″.
    expect(formatDms(51.120466, 1.297515)).toBe('51°07′13.68″N 1°17′51.05″E');
    expect(formatDms(-33.8688, -70.6693)).toBe('33°52′07.68″S 70°40′09.48″W');
    expect(formatDms(0, 0)).toBe('0°00′00.00″N 0°00′00.00″E');
  });

  it('carries rounded seconds into minutes and degrees instead of printing 60″', () => {
    // 0.9999999° is 59′ 59.99964″, which rounds to 1° 00′ 00.00″.
    expect(toDms(0.9999999, 'lat')).toEqual({
      degrees: 1,
      minutes: 0,
      seconds: 0,
      hemisphere: 'N',
    });
    expect(formatDms(50.99999999, 3.99999999)).toBe('51°00′00.00″N 4°00′00.00″E');
    expect(toDms(-12.5, 'lon')).toEqual({ degrees: 12, minutes: 30, seconds: 0, hemisphere: 'W' });
  });

  it('wraps longitudes read off a world copy', () => {
    expect(wrapLon(181)).toBeCloseTo(-179, 9);
    expect(wrapLon(-190)).toBeCloseTo(170, 9);
    expect(wrapLon(540)).toBe(180);
    expect(formatDecimal(10, 361)).toBe('10.000000, 1.000000');
  });

  it('checks positions', () => {
    expect(isValidLatLon(51, 4)).toBe(true);
    expect(isValidLatLon(91, 4)).toBe(false);
    expect(isValidLatLon(Number.NaN, 4)).toBe(false);
  });

  it('DMS reads back to the same position within 0.01″ (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lon) => {
          const back = (d: ReturnType<typeof toDms>) =>
            (d.degrees + d.minutes / 60 + d.seconds / 3600) *
            (d.hemisphere === 'S' || d.hemisphere === 'W' ? -1 : 1);
          const la = toDms(lat, 'lat');
          const lo = toDms(lon, 'lon');
          expect(la.minutes).toBeLessThan(60);
          expect(la.seconds).toBeLessThan(60);
          expect(lo.seconds).toBeLessThan(60);
          expect(Math.abs(back(la) - lat)).toBeLessThanOrEqual(0.005 / 3600 + 1e-12);
          expect(Math.abs(back(lo) - lon)).toBeLessThanOrEqual(0.005 / 3600 + 1e-12);
        },
      ),
    );
  });
});
