import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMinuteOffset,
  formatIsoWithOffset,
  GoogleTimeParser,
  parseTimestampMs,
} from '../../../../shared/formats/google/times';

// 1990..2100, whole milliseconds.
const instant = fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 });
const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });

describe('Google time forms', () => {
  it('reads the spellings seen in the exports', () => {
    const p = new GoogleTimeParser();
    expect(p.parse('2013-04-15T06:31:26.860Z')).toEqual({
      t: Date.UTC(2013, 3, 15, 6, 31, 26, 860),
      basis: 'utc',
      offsetMinutes: 0,
    });
    expect(p.parse('2017-05-02T12:12:04+10:00')).toEqual({
      t: Date.UTC(2017, 4, 2, 2, 12, 4),
      basis: 'offset',
      offsetMinutes: 600,
    });
    expect(p.parse('1742844302585')).toMatchObject({ t: 1742844302585, basis: 'utc' });
    expect(p.parse(1742844302585)).toMatchObject({ t: 1742844302585, basis: 'utc' });
    expect(p.parse('2017-05-02T12:12:04')).toMatchObject({ basis: 'naive-as-utc' });
    expect(p.parse('2017-05-02T12:12:04', 600)).toEqual({
      t: Date.UTC(2017, 4, 2, 2, 12, 4),
      basis: 'offset',
      offsetMinutes: 600,
    });
    expect(p.parse('yesterday')).toBeNull();
    expect(p.parse('2017-02-30T00:00:00Z')).toBeNull();
    expect(p.parse(undefined)).toBeNull();
    expect(parseTimestampMs('12345678901234')).toBeNaN();
    expect(addMinuteOffset(Date.UTC(2023, 7, 27, 20), '49')).toBe(Date.UTC(2023, 7, 27, 20, 49));
    expect(addMinuteOffset(NaN, '49')).toBeNaN();
  });

  it('timestampMs (number and string) round-trips', () => {
    const p = new GoogleTimeParser();
    fc.assert(
      fc.property(instant, (t) => {
        expect(p.parse(String(t))?.t).toBe(t);
        expect(p.parse(t)?.t).toBe(t);
        expect(parseTimestampMs(String(t))).toBe(t);
      }),
    );
  });

  it('ISO with Z or an offset round-trips to the same instant', () => {
    const p = new GoogleTimeParser();
    fc.assert(
      fc.property(instant, offset, fc.boolean(), (t, off, zulu) => {
        const s = formatIsoWithOffset(t, zulu ? null : off, true);
        const r = p.parse(s)!;
        expect(r.t).toBe(t);
        expect(r.basis).toBe(zulu || off === 0 ? 'utc' : 'offset');
        expect(r.offsetMinutes).toBe(zulu ? 0 : off);
      }),
    );
  });

  it('ISO without an offset plus the segment offset round-trips', () => {
    const p = new GoogleTimeParser();
    fc.assert(
      fc.property(instant, offset, (t, off) => {
        const naive = formatIsoWithOffset(t, off, true).slice(0, 23);
        expect(p.parse(naive, off)?.t).toBe(t);
        // Without the segment offset it is read as UTC, and flagged.
        expect(p.parse(naive)).toMatchObject({ t: t + off * 60_000, basis: 'naive-as-utc' });
      }),
    );
  });

  it('minute offsets from a segment start round-trip', () => {
    const p = new GoogleTimeParser();
    fc.assert(
      fc.property(instant, offset, fc.integer({ min: 0, max: 7 * 24 * 60 }), (t0, off, m) => {
        const start = p.parse(formatIsoWithOffset(t0, off))!.t;
        const t = addMinuteOffset(start, String(m));
        expect(t).toBe(Math.floor(t0 / 1000) * 1000 + m * 60_000);
        expect((t - start) / 60_000).toBe(m);
      }),
    );
  });

  it('results do not depend on the host zone', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham');
  });
});
