import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatDms,
  formatSignedDuration,
  parseSignedDuration,
} from '../../../shared/photos/format';

describe('formatDms', () => {
  it('writes degrees, minutes and seconds with hemispheres', () => {
    expect(formatDms(50.8507, 4.3517)).toBe('50°51′02.52″N 4°21′06.12″E');
    expect(formatDms(-33.8568, -70.6483)).toBe('33°51′24.48″S 70°38′53.88″W');
  });
  it('never prints 60 seconds or 60 minutes', () => {
    expect(formatDms(10.9999999, 0)).toBe('11°00′00.00″N 0°00′00.00″E');
  });
});

describe('signed durations', () => {
  it('formats and parses the forms an examiner types', () => {
    expect(formatSignedDuration(3_723_000)).toBe('+1:02:03');
    expect(formatSignedDuration(-30_000)).toBe('−0:00:30');
    expect(formatSignedDuration(1_250)).toBe('+0:00:01.250');
    expect(parseSignedDuration('+1:02:03')).toBe(3_723_000);
    expect(parseSignedDuration('−0:00:30')).toBe(-30_000);
    expect(parseSignedDuration('-2:30')).toBe(-150_000);
    expect(parseSignedDuration('90')).toBe(90_000);
    expect(parseSignedDuration(' 0:00:01.25 ')).toBe(1_250);
  });
  it('refuses what it cannot read', () => {
    for (const bad of ['', 'abc', '1:60:00', '1:00:75', '1::2', '+-1', '1h']) {
      expect(parseSignedDuration(bad)).toBeNull();
    }
  });
  it('property: parse(format(x)) = x for whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400_000_000, max: 400_000_000 }), (ms) => {
        expect(parseSignedDuration(formatSignedDuration(ms))).toBe(ms === 0 ? 0 : ms);
      }),
    );
  });
});
