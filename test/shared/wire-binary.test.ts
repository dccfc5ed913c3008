/**
 * shared/wire.ts binary framing: typed arrays travel as raw bytes after a JSON header and come
 * back as views on the received buffer, equal to what structured clone would have delivered.
 */
import fc from 'fast-check';
import { wireBody as body, wireValueArbitrary } from './wireArbitrary';
import { describe, expect, it } from 'vitest';
import {
  WireError,
  decodeWire,
  decodeWireBinary,
  encodeWire,
  encodeWireBinary,
} from '../../shared/wire';

const roundTrip = (value: unknown): unknown => decodeWireBinary(body(encodeWireBinary(value)));

/** A body with the given header JSON and data section (8-aligned), for malformed inputs. */
function craft(header: string, data = new Uint8Array(0), magic = 'ITW1'): ArrayBuffer {
  const text = new TextEncoder().encode(header);
  const headEnd = Math.ceil((8 + text.byteLength) / 8) * 8;
  const out = new Uint8Array(headEnd + data.byteLength);
  out.set(new TextEncoder().encode(magic), 0);
  new DataView(out.buffer).setUint32(4, text.byteLength, true);
  out.set(text, 8);
  out.set(data, headEnd);
  return out.buffer;
}

describe('binary wire framing', () => {
  it('keeps every typed array kind, with its exact contents, as a view on the body', () => {
    const value = {
      f64: new Float64Array([1.5, NaN, -0, Infinity, 5e-324]),
      f32: new Float32Array([1.25, NaN]),
      u8: new Uint8Array([0, 1, 255]),
      c8: new Uint8ClampedArray([0, 255, 7]),
      i8: new Int8Array([-128, 127]),
      i16: new Int16Array([-32768, 32767, 5]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      u32: new Uint32Array([2 ** 32 - 1]),
      b64: new BigInt64Array([-(2n ** 63n)]),
      bu64: new BigUint64Array([2n ** 64n - 1n]),
      empty: new Float64Array(0),
    };
    const received = body(encodeWireBinary(value));
    const back = decodeWireBinary(received) as Record<string, ArrayBufferView>;
    expect(back).toEqual(structuredClone(value));
    for (const [key, array] of Object.entries(back)) {
      expect(array.constructor, key).toBe((value as Record<string, object>)[key]!.constructor);
      // Not copied: every array is a view on the body, aligned for its element size.
      expect(array.buffer, key).toBe(received);
    }
    expect(Object.is(back.f64 && (back.f64 as Float64Array)[2], -0)).toBe(true);
  });

  it('sends only a view’s own bytes, and the blobs as views on the values (no copy)', () => {
    const whole = new Float64Array([9, 1, 2, 9]);
    const view = new Float64Array(whole.buffer, 8, 2);
    const chunks = encodeWireBinary({ view });
    expect(chunks.some((c) => c.buffer === whole.buffer)).toBe(true);
    expect(body(chunks).byteLength).toBeLessThan(100);
    expect((roundTrip({ view }) as { view: Float64Array }).view).toEqual(new Float64Array([1, 2]));
  });

  it('keeps ArrayBuffers, NaN, infinities, -0, undefined in arrays and $-keys', () => {
    const value = {
      ab: new Uint8Array([1, 2, 3]).buffer,
      n: NaN,
      m: -Infinity,
      z: -0,
      list: [1, undefined],
      tricky: { $tb: 'Float64Array', o: 0, n: 1, $bb: 3 },
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(structuredClone(value));
    expect(back.ab).toBeInstanceOf(ArrayBuffer);
    expect(Object.is(back.z, -0)).toBe(true);
    expect(back.list).toHaveLength(2);
  });

  it('round-trips a Source-shaped import result as structured clone would', () => {
    const n = 1001; // odd lengths leave padding between the blobs
    const result = [
      {
        ok: true,
        path: '/evidence/drive.gpx',
        source: {
          id: 'drive-0',
          fixes: {
            count: n,
            t: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000),
            lat: Float64Array.from({ length: n }, (_, i) => 51 + i / 1e4),
            lon: Float64Array.from({ length: n }, (_, i) => 3.7 + i / 1e4),
          },
          fixTimeBasis: new Uint8Array(n).fill(1),
          parts: [{ kind: 'track', segments: [{ start: 0, end: n }] }],
          waypoints: [{ lat: 1, lon: 2, t: NaN, name: 'é ✓' }],
        },
      },
      { ok: false, path: '/x.gpx', code: 'import.failed', message: 'naïve "quote"' },
    ];
    expect(roundTrip(result)).toEqual(structuredClone(result));
  });

  it('round-trips arbitrary values with typed arrays inside (property)', () => {
    const value = wireValueArbitrary();
    fc.assert(
      fc.property(value, (v) => {
        expect(roundTrip(v)).toEqual(structuredClone(v));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses malformed bodies with a WireError, never a crash', () => {
    const eight = new Uint8Array(8);
    expect(() => decodeWireBinary(new ArrayBuffer(3))).toThrow(WireError);
    expect(() => decodeWireBinary(craft('{}', eight, 'NOPE'))).toThrow(WireError);
    const overrun = craft('{"a":1}');
    new DataView(overrun).setUint32(4, 1000, true);
    expect(() => decodeWireBinary(overrun)).toThrow(WireError);
    expect(() => decodeWireBinary(craft('{"$tb":"Float64Array","o":0,"n":2}', eight))).toThrow(
      WireError,
    );
    expect(() => decodeWireBinary(craft('{"$tb":"Float64Array","o":-8,"n":1}', eight))).toThrow(
      WireError,
    );
    expect(() => decodeWireBinary(craft('{"$tb":"Float64Array","o":4,"n":0}', eight))).toThrow(
      WireError,
    );
    expect(() => decodeWireBinary(craft('{"$tb":"Function","o":0,"n":1}', eight))).toThrow(
      WireError,
    );
    expect(() => decodeWireBinary(craft('{"$bb":0,"n":9}', eight))).toThrow(WireError);
    expect(() => decodeWireBinary(craft('{"$tb":"Uint8Array","o":"0","n":1}', eight))).toThrow(
      WireError,
    );
    // A blob tag means nothing in plain JSON wire.
    expect(() => decodeWire('{"$tb":"Uint8Array","o":0,"n":1}')).toThrow(WireError);
    expect(() => encodeWireBinary({ f: () => 1 })).toThrow(WireError);
    // The JSON wire is unchanged by the framing's existence.
    expect(decodeWire(encodeWire({ a: new Uint8Array([1]) }))).toEqual({ a: new Uint8Array([1]) });
  });
});
