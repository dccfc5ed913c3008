import { describe, expect, it } from 'vitest';
import { IsoTimeParser } from '../../../shared/time/iso';

const enc = new TextEncoder();

describe('IsoTimeParser date cache', () => {
  it('notices a change in any one byte of the date between consecutive parses', () => {
    const p = new IsoTimeParser();
    const base = '2024-03-01T06:00:00Z';
    const changed = [
      '3024-03-01T06:00:00Z',
      '2124-03-01T06:00:00Z',
      '2034-03-01T06:00:00Z',
      '2025-03-01T06:00:00Z',
      '2024-12-01T06:00:00Z',
      '2024-04-01T06:00:00Z',
      '2024-03-11T06:00:00Z',
      '2024-03-02T06:00:00Z',
    ];
    for (const s of changed) {
      expect(p.parseBytes(enc.encode(base), 0, base.length)).toBe(Date.parse(base));
      expect(p.parseBytes(enc.encode(s), 0, s.length), s).toBe(Date.parse(s));
    }
    // Separators are part of the date: a cached date must not accept a malformed one.
    expect(p.parseBytes(enc.encode(base), 0, base.length)).toBe(Date.parse(base));
    expect(p.parseBytes(enc.encode('2024/03-01T06:00:00Z'), 0, 20)).toBeNaN();
    expect(p.parseBytes(enc.encode('2024-03/01T06:00:00Z'), 0, 20)).toBeNaN();
  });
});
