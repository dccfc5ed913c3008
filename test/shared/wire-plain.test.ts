/**
 * shared/wire.ts: long arrays with no tag inside travel as `{"$plain": [...]}` and are not
 * walked again on decode; anything that needs a tag keeps it, wherever it sits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wireBody as body, wireValueArbitrary } from './wireArbitrary';
import {
  WireError,
  decodeWire,
  decodeWireBinary,
  encodeWire,
  encodeWireBinary,
} from '../../shared/wire';

const viaJson = (value: unknown): unknown => decodeWire(encodeWire(value));
const viaBinary = (value: unknown): unknown => decodeWireBinary(body(encodeWireBinary(value)));

/** Photo-like records, as a photo source carries ten thousand of. */
const photos = Array.from({ length: 40 }, (_, i) => ({
  fileIndex: i,
  t: 1_700_000_000_000 + i * 1000,
  timeBasis: 'offset',
  raw: {},
  lat: 50.85 + i * 1e-4,
  lon: 4.35,
  make: 'Apple',
}));

describe('plain arrays on the wire', () => {
  it('marks a long plain array once and gives it back equal', () => {
    const value = { photos, files: photos.map((p) => ({ name: `IMG_${p.fileIndex}.HEIC` })) };
    const text = encodeWire(value);
    expect(JSON.parse(text)).toEqual({
      photos: { $plain: photos },
      files: { $plain: value.files },
    });
    expect(viaJson(value)).toEqual(value);
    expect(viaBinary(value)).toEqual(value);
  });

  it('does not mark short arrays or arrays with something to tag inside', () => {
    const withNaN = photos.map((p, i) => (i === 33 ? { ...p, lat: NaN } : p));
    const withTyped = [...photos, new Float64Array([1, NaN])];
    const withHole = [...photos, undefined];
    const withDollar = [...photos, { $plain: 1 }];
    for (const value of [photos.slice(0, 31), withNaN, withTyped, withHole, withDollar]) {
      expect(encodeWire(value)).not.toMatch(/^\{"\$plain"/);
      expect(viaJson(value)).toEqual(structuredClone(value));
      expect(viaBinary(value)).toEqual(structuredClone(value));
    }
    // The plain inner array is still marked inside an outer one that is not.
    const nested = JSON.parse(encodeWire([photos, -0])) as unknown[];
    expect(nested[0]).toEqual({ $plain: photos });
    expect(Object.is((viaJson([photos, -0]) as unknown[])[1], -0)).toBe(true);
  });

  it('leaves the value it encodes untouched', () => {
    const value = { list: photos, extra: undefined, nested: [photos, { $x: 1 }] };
    const before = structuredClone(value);
    encodeWire(value);
    encodeWireBinary(value);
    expect(value).toEqual(before);
    expect('extra' in value).toBe(true);
  });

  it('round-trips long arrays of any wire value as structured clone does', () => {
    fc.assert(
      fc.property(fc.array(wireValueArbitrary(), { minLength: 32, maxLength: 40 }), (value) => {
        expect(viaJson(value)).toEqual(structuredClone(value));
        expect(viaBinary(value)).toEqual(structuredClone(value));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a malformed plain tag', () => {
    expect(() => decodeWire('{"$plain":1}')).toThrow(WireError);
    expect(() => decodeWire('{"$plain":[],"x":1}')).toThrow(WireError);
  });
});
