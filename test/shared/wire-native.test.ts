/**
 * shared/wire.ts uses the runtime's own base64 where there is one (Node's Buffer here): it
 * must give exactly what the portable loops give, and refuse what they refuse.
 */
import { describe, expect, it } from 'vitest';
import {
  WireError,
  base64ToBytes,
  base64ToBytesLoop,
  bytesToBase64,
  bytesToBase64Loop,
  decodeWire,
  encodeWire,
} from '../../shared/wire';

describe('wire base64, native and portable', () => {
  it('encodes every length and byte value alike', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 3 * 8192 + 1]) {
      const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 131 + 7) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(bytesToBase64Loop(bytes));
      expect([...base64ToBytes(text)]).toEqual([...bytes]);
      expect([...base64ToBytesLoop(text)]).toEqual([...bytes]);
    }
  });

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const whole = Uint8Array.from({ length: 64 }, (_, k) => k);
    const view = whole.subarray(5, 17);
    expect(bytesToBase64(view)).toBe(bytesToBase64Loop(Uint8Array.from(view)));
  });

  it('decodes into a fresh zero-offset buffer, aligned for any typed array', () => {
    const bytes = base64ToBytes(bytesToBase64(new Uint8Array(16).fill(9)));
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(16);
    const f = Float64Array.from([1.5, NaN, -0, 1e300]);
    const back = decodeWire(encodeWire(f)) as Float64Array;
    expect(back).toBeInstanceOf(Float64Array);
    expect([...back]).toEqual([1.5, NaN, -0, 1e300]);
  });

  it('refuses what is not strict base64, as the loops do', () => {
    for (const bad of ['AAA', 'AA A', 'AA\nA', 'A===', 'AB=C', 'AA*A']) {
      expect(() => base64ToBytes(bad)).toThrow(WireError);
      expect(() => base64ToBytesLoop(bad)).toThrow(WireError);
    }
  });
});
