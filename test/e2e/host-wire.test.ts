/**
 * shared/wire.ts: what the test host sends must decode to what Electron's structured clone
 * would have delivered (typed arrays, ArrayBuffers, NaN and friends included).
 */
import fc from 'fast-check';
import { wireValueArbitrary } from '../shared/wireArbitrary';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire, WireError } from '../../shared/wire';

const roundTrip = <T>(value: T): unknown => decodeWire(encodeWire(value));

describe('wire codec', () => {
  it('keeps every typed array kind with its exact contents', () => {
    const values = [
      new Float64Array([1.5, NaN, -0, Infinity, -Infinity, 5e-324, Number.MAX_VALUE]),
      new Float32Array([1.25, NaN, -2]),
      new Uint8Array([0, 1, 254, 255]),
      new Uint8ClampedArray([0, 128, 255]),
      new Int8Array([-128, 0, 127]),
      new Int16Array([-32768, 32767]),
      new Uint16Array([0, 65535]),
      new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      new Uint32Array([0, 2 ** 32 - 1]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      new BigUint64Array([0n, 2n ** 64n - 1n]),
    ];
    for (const value of values) {
      const back = roundTrip(value);
      expect(back).toBeInstanceOf(value.constructor);
      expect(Object.is((back as Float64Array)[1], value[1])).toBe(true);
      expect(back).toEqual(value);
    }
  });

  it('encodes a typed array in the documented tag, with only its own view of the buffer', () => {
    const buffer = new Float64Array([9, 1, 2, 9]).buffer;
    const view = new Float64Array(buffer, 8, 2);
    const encoded = JSON.parse(encodeWire(view)) as { $ta: string; b64: string };
    expect(encoded.$ta).toBe('Float64Array');
    expect(base64ToBytes(encoded.b64).byteLength).toBe(16);
    expect(roundTrip(view)).toEqual(new Float64Array([1, 2]));
  });

  it('keeps ArrayBuffers, NaN, infinities, -0 and undefined in arrays', () => {
    const ab = new Uint8Array([1, 2, 3]).buffer;
    const back = roundTrip({
      ab,
      n: NaN,
      p: Infinity,
      m: -Infinity,
      z: -0,
      list: [1, undefined],
    }) as {
      ab: ArrayBuffer;
      n: number;
      p: number;
      m: number;
      z: number;
      list: unknown[];
    };
    expect(back.ab).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(back.ab)).toEqual(new Uint8Array([1, 2, 3]));
    expect(back.n).toBeNaN();
    expect(back.p).toBe(Infinity);
    expect(back.m).toBe(-Infinity);
    expect(Object.is(back.z, -0)).toBe(true);
    expect(back.list).toEqual([1, undefined]);
    expect(back.list).toHaveLength(2);
  });

  it('does not confuse data that looks like a tag with a tag', () => {
    const tricky = { $ta: 'Float64Array', b64: 'AAAAAAAA8D8=', $num: 'NaN', nested: { $ab: 'x' } };
    expect(roundTrip(tricky)).toEqual(tricky);
    expect(roundTrip([{ $esc: 1 }])).toEqual([{ $esc: 1 }]);
  });

  it('round-trips a Source-shaped object as structured clone would', () => {
    const source = {
      id: 'abc-0',
      fixes: {
        count: 3,
        t: new Float64Array([1_700_000_000_000, NaN, 1_700_000_060_000]),
        lat: new Float64Array([51.05, 51.06, 51.07]),
        lon: new Float64Array([3.72, 3.73, 3.74]),
      },
      fixTimeBasis: new Uint8Array([1, 0, 1]),
      waypoints: [{ lat: 1, lon: 2, t: NaN, timeBasis: 'none' }],
      stats: { first: null, timeBases: { utc: 2 } },
    };
    expect(roundTrip(source)).toEqual(structuredClone(source));
  });

  it('round-trips arbitrary JSON-like values with typed arrays inside (property)', () => {
    const value = wireValueArbitrary();
    fc.assert(
      fc.property(value, (v) => {
        expect(roundTrip(v)).toEqual(structuredClone(v));
      }),
      { numRuns: 300 },
    );
  });

  it('matches Node base64 for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const ours = bytesToBase64(bytes);
        expect(ours).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(ours)).toEqual(bytes);
      }),
    );
    const big = new Uint8Array(100_003).map((_, i) => (i * 31) & 255);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('refuses malformed tags and values it cannot carry', () => {
    expect(() => decodeWire('{"$ta":"Function","b64":""}')).toThrow(WireError);
    expect(() => decodeWire('{"$ta":"Float64Array","b64":"AAA="}')).toThrow(WireError);
    expect(() => decodeWire('{"$ta":"Float64Array","b64":"!!!!"}')).toThrow(WireError);
    expect(() => decodeWire('{"$num":"seven"}')).toThrow(WireError);
    expect(() => decodeWire('{"$what":1}')).toThrow(WireError);
    expect(() => encodeWire({ f: () => 1 })).toThrow(WireError);
    expect(() => encodeWire(new Map())).toThrow(WireError);
    expect(() => encodeWire(new DataView(new ArrayBuffer(1)))).toThrow(WireError);
  });
});
