import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyHemisphere,
  parseBoolean,
  parseCoordinate,
  parseDuration,
  parseE7,
  parseLatLon,
  parseNumber,
  parseQuantity,
  parseWktPoint,
} from '../../../../shared/formats/table/values';

describe('numbers', () => {
  it('reads decimal points and, when asked, decimal commas', () => {
    expect(parseNumber('52.52')).toBe(52.52);
    expect(parseNumber('52,52')).toBeNaN();
    expect(parseNumber('52,52', true)).toBe(52.52);
    expect(parseNumber('1,2,3', true)).toBeNaN();
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('0x10')).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
  });
  it('round-trips any finite number written with a decimal comma', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = x.toFixed(7);
        expect(parseNumber(text.replace('.', ','), true)).toBe(Number(text));
      }),
    );
  });
});

describe('quantities with units inside the values', () => {
  it('converts to metres and metres per second', () => {
    expect(parseQuantity('374.812 m', 'length', 'm')).toBeCloseTo(374.812, 9);
    expect(parseQuantity('100 ft', 'length', 'm')).toBeCloseTo(30.48, 9);
    expect(parseQuantity('12.3 km/h', 'speed', 'm/s')).toBeCloseTo(12.3 / 3.6, 12);
    expect(parseQuantity('10 kn', 'speed', 'm/s')).toBeCloseTo(5.144444, 5);
    expect(parseQuantity('36', 'speed', 'km/h')).toBeCloseTo(10, 12);
    expect(parseQuantity('5 kg', 'speed', 'km/h')).toBeNaN();
    expect(parseQuantity('1,5 m', 'length', 'm', true)).toBe(1.5);
  });
});

describe('coordinates', () => {
  it('reads hemisphere prefixes and suffixes', () => {
    expect(parseCoordinate('49.0733336N', 'lat')).toBe(49.0733336);
    expect(parseCoordinate('125.7648551W', 'lon')).toBe(-125.7648551);
    expect(parseCoordinate('S 33.5', 'lat')).toBe(-33.5);
    expect(parseCoordinate('E 4.35', 'lon')).toBe(4.35);
    expect(parseCoordinate('50°51\'30"N', 'lat')).toBeCloseTo(50.858333, 6);
    expect(parseCoordinate('50.85E', 'lat')).toBeNaN();
    expect(parseCoordinate('-50.85N', 'lat')).toBeNaN();
    expect(parseCoordinate('91', 'lat')).toBeNaN();
    expect(parseCoordinate('181', 'lon')).toBeNaN();
    expect(applyHemisphere(41.8, 'S', 'lat')).toBe(-41.8);
    expect(applyHemisphere(12.6, 'W', 'lon')).toBe(-12.6);
    expect(applyHemisphere(12.6, 'X', 'lon')).toBeNaN();
  });
  it('round-trips hemisphere forms', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.constantFrom('suffix', 'prefix', 'prefix-space', 'suffix-space'),
        (lat, form) => {
          const v = Number(lat.toFixed(7));
          const abs = Math.abs(v).toFixed(7);
          const h = v < 0 ? 'S' : 'N';
          const text =
            form === 'suffix'
              ? `${abs}${h}`
              : form === 'prefix'
                ? `${h}${abs}`
                : form === 'prefix-space'
                  ? `${h} ${abs}`
                  : `${abs} ${h}`;
          expect(parseCoordinate(text, 'lat')).toBe(Math.abs(v) === 0 ? 0 : v);
        },
      ),
    );
  });
  it('round-trips E7 integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }), (n) => {
        expect(parseE7(String(n), 'lon')).toBe(n / 1e7);
        if (Math.abs(n) > 900_000_000) expect(parseE7(String(n), 'lat')).toBeNaN();
      }),
    );
    expect(parseE7('52.5', 'lat')).toBeNaN();
  });
  it('reads WKT points longitude first, and round-trips them', () => {
    expect(parseWktPoint('POINT (10.70340326 53.86314754)')).toEqual({
      lat: 53.86314754,
      lon: 10.70340326,
    });
    expect(parseWktPoint('SRID=4326;POINT Z(4.35 50.85 12)')).toEqual({
      lat: 50.85,
      lon: 4.35,
      alt: 12,
    });
    expect(parseWktPoint('SRID=3857;POINT(484000 6590000)')).toBeNull();
    expect(parseWktPoint('LINESTRING (1 2, 3 4)')).toBeNull();
    expect(parseWktPoint('POINT (200 10)')).toBeNull();
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        (lon, lat) => {
          const p = parseWktPoint(`POINT(${lon} ${lat})`);
          expect(p).toEqual({ lat: lat + 0, lon: lon + 0 });
        },
      ),
    );
  });
  it('reads combined lat,lon', () => {
    expect(parseLatLon('50.85, 4.35')).toEqual({ lat: 50.85, lon: 4.35 });
    expect(parseLatLon('geo:50.85,4.35')).toEqual({ lat: 50.85, lon: 4.35 });
    expect(parseLatLon('50.85°, 4.35°')).toEqual({ lat: 50.85, lon: 4.35 });
    expect(parseLatLon('50.85N 4.35W')).toEqual({ lat: 50.85, lon: -4.35 });
    expect(parseLatLon('95, 4')).toBeNull();
    expect(parseLatLon('50.85')).toBeNull();
  });
});

describe('booleans and durations', () => {
  it('reads on/off words', () => {
    expect(parseBoolean('ON')).toBe(true);
    expect(parseBoolean(' aus ')).toBe(false);
    expect(parseBoolean('open')).toBe(true);
    expect(parseBoolean('maybe')).toBeNull();
  });
  it('reads durations in the common forms', () => {
    expect(parseDuration('01:23:45')).toBe((3600 + 23 * 60 + 45) * 1000);
    expect(parseDuration('1d 02:00')).toBe(26 * 3600 * 1000);
    expect(parseDuration('1h 23m')).toBe(83 * 60 * 1000);
    expect(parseDuration('83 min')).toBe(83 * 60 * 1000);
    expect(parseDuration('PT1H2M3S')).toBe(3723 * 1000);
    expect(parseDuration('15')).toBe(15 * 60 * 1000);
    expect(parseDuration('15', 's')).toBe(15 * 1000);
    expect(parseDuration('soon')).toBeNaN();
  });
});
