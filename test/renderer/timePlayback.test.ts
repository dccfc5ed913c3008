import { describe, expect, it } from 'vitest';
import {
  advancePlayhead,
  lastAtOrBefore,
  positionAt,
  timeIndexOf,
} from '../../renderer/src/time/playback';
import { markerFeatures } from '../../renderer/src/time/PlaybackMarker';
import { fakeSource } from './fakeSource';

const M = 60_000;

describe('playback position', () => {
  it('indexes timed, positioned fixes in time order', () => {
    const s = fakeSource('a', [
      [50, 4, 3 * M],
      [50, 4.1, NaN],
      [NaN, NaN, 4 * M],
      [50, 4.2, 1 * M],
    ]);
    const index = timeIndexOf(s);
    expect([...index.order]).toEqual([3, 0]);
    expect([...index.t]).toEqual([1 * M, 3 * M]);
    expect(lastAtOrBefore(index.t, 0)).toBe(-1);
    expect(lastAtOrBefore(index.t, 2 * M)).toBe(0);
    expect(lastAtOrBefore(index.t, 3 * M)).toBe(1);
  });

  it('interpolates between the fixes around the instant', () => {
    const s = fakeSource('a', [
      [50, 4, 0],
      [51, 5, 10 * M],
    ]);
    const p = positionAt([s], 2.5 * M)!;
    expect(p.lon).toBeCloseTo(4.25, 9);
    expect(p.lat).toBeCloseTo(50.25, 9);
    expect(p.stale).toBe(false);
  });

  it('prefers the source that brackets the instant most tightly', () => {
    const coarse = fakeSource('coarse', [
      [50, 4, 0],
      [50, 5, 10 * M],
    ]);
    const fine = fakeSource('fine', [
      [52, 6, 4 * M],
      [52, 6.1, 6 * M],
    ]);
    const p = positionAt([coarse, fine], 5 * M)!;
    expect(p.sourceId).toBe('fine');
    expect(p.lon).toBeCloseTo(6.05, 9);
  });

  it('holds the nearest fix across a gap instead of inventing a path', () => {
    const s = fakeSource('a', [
      [50, 4, 0],
      [51, 5, 5 * 60 * M],
    ]);
    const p = positionAt([s], 60 * M)!;
    expect(p.stale).toBe(true);
    expect([p.lon, p.lat]).toEqual([4, 50]);
    expect(positionAt([s], 5 * 60 * M)).toMatchObject({ lon: 5, lat: 51, stale: false });
    expect(positionAt([], 0)).toBeNull();
    expect(markerFeatures(p).features[0]!.properties.stale).toBe(true);
    expect(markerFeatures(null).features).toEqual([]);
  });

  it('advances the playhead by real time × speed and stops at the window end', () => {
    expect(advancePlayhead(null, 0, 600, 1000, 9000)).toEqual({ playhead: 1000, done: false });
    expect(advancePlayhead(1000, 10, 600, 1000, 9000)).toEqual({ playhead: 7000, done: false });
    expect(advancePlayhead(7000, 10, 600, 1000, 9000)).toEqual({ playhead: 9000, done: true });
    // A playhead outside the window starts again from its start.
    expect(advancePlayhead(50, 0, 600, 1000, 9000).playhead).toBe(1000);
  });
});
