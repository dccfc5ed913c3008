import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  degreesToE7,
  e7PairToDegrees,
  e7ToDegrees,
  formatDegreeString,
  formatGeoUri,
  parseCoordinateString,
  parseDegreeString,
  parseGeoUri,
  readLocation,
} from '../../../../shared/formats/google/coords';

const lat = fc.integer({ min: -900_000_000, max: 900_000_000 });
const lon = fc.integer({ min: -1_800_000_000, max: 1_800_000_000 });

describe('Google coordinate forms', () => {
  it('reads the spellings seen in the exports', () => {
    expect(parseDegreeString('-27.4127738°, 163.5638958°')).toEqual({
      lat: -27.4127738,
      lon: 163.5638958,
    });
    expect(parseDegreeString('51.2, 4.4')).toEqual({ lat: 51.2, lon: 4.4 });
    expect(parseGeoUri('geo:27.720022,-97.347951')).toEqual({ lat: 27.720022, lon: -97.347951 });
    expect(parseGeoUri('geo:1,2,30;u=12')).toEqual({ lat: 1, lon: 2 });
    expect(parseCoordinateString('GEO:1.5,2.5')).toEqual({ lat: 1.5, lon: 2.5 });
    expect(parseDegreeString('51.2°; 4.4°')).toBeNull();
    expect(parseGeoUri('geo:abc,1')).toBeNull();
    expect(e7ToDegrees('525121303')).toBe(52.5121303);
    expect(e7ToDegrees('x')).toBeNaN();
  });

  it('reads positions from every object shape', () => {
    expect(readLocation({ latitudeE7: 525121303, longitudeE7: 134309551 })).toMatchObject({
      lat: 52.5121303,
      lon: 13.4309551,
    });
    expect(readLocation({ latE7: 10, lngE7: -10 })).toMatchObject({ lat: 1e-6, lon: -1e-6 });
    expect(readLocation({ latLng: '1.5°, 2.5°' })).toMatchObject({ lat: 1.5, lon: 2.5 });
    expect(readLocation({ LatLng: '1.5°, 2.5°' })).toMatchObject({ lat: 1.5, lon: 2.5 });
    expect(readLocation('geo:1.5,2.5')).toMatchObject({ lat: 1.5, lon: 2.5 });
    expect(readLocation({})).toBeNull();
    expect(readLocation('nonsense')).toMatchObject({ lat: NaN, lon: NaN });
  });

  it('unwraps E7 values that overflowed 32 bits, and only those', () => {
    const impossible = e7PairToDegrees(6_000_000_000, 10);
    expect(impossible.wrapped).toBe(false);
    expect(impossible.lat).toBe(600);
    const w = e7PairToDegrees(-420_000_000 + 4_294_967_296, 10);
    expect(w).toEqual({ lat: -42, lon: 1e-6, wrapped: true });
    expect(e7PairToDegrees(899_999_999, 0).wrapped).toBe(false);
  });

  it('E7 → degrees → E7 round-trips', () => {
    fc.assert(
      fc.property(lat, lon, (a, o) => {
        const p = e7PairToDegrees(a, o);
        expect(degreesToE7(p.lat)).toBe(a);
        expect(degreesToE7(p.lon)).toBe(o);
        expect(e7PairToDegrees(String(a), String(o))).toEqual(p);
      }),
    );
  });

  it('"lat°, lng°" format → parse round-trips at 7 decimals', () => {
    fc.assert(
      fc.property(lat, lon, (a, o) => {
        const s = formatDegreeString(a / 1e7, o / 1e7);
        const p = parseDegreeString(s)!;
        expect(degreesToE7(p.lat)).toBe(a);
        expect(degreesToE7(p.lon)).toBe(o);
        expect(readLocation({ latLng: s })).toMatchObject(p);
      }),
    );
  });

  it('geo: URI format → parse round-trips at 7 decimals', () => {
    fc.assert(
      fc.property(lat, lon, (a, o) => {
        const s = formatGeoUri(a / 1e7, o / 1e7, 7);
        const p = parseGeoUri(s)!;
        expect(degreesToE7(p.lat)).toBe(a);
        expect(degreesToE7(p.lon)).toBe(o);
        expect(readLocation(s)).toMatchObject(p);
      }),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const p = parseCoordinateString(s);
        if (p !== null) expect(Number.isFinite(p.lat) && Number.isFinite(p.lon)).toBe(true);
      }),
    );
  });
});
