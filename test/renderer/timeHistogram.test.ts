import { describe, expect, it } from 'vitest';
import {
  caseExtentOf,
  observationHistogram,
  sourceExtent,
} from '../../renderer/src/time/observations';
import { histogramPath } from '../../renderer/src/time/TimeBar';
import type { Photo } from '../../shared/model';
import { fakeSource } from './fakeSource';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 8, 0, 0);

function photoAt(t: number): Photo {
  return { fileIndex: 0, t, timeBasis: 'gps', shutterT: t, gpsT: t, raw: {}, container: 'jpeg' };
}

describe('the case extent', () => {
  it('spans fixes, photos and events of every source, ignoring untimed ones', () => {
    const a = fakeSource('a', [
      [50, 4, T0 + H],
      [50, 4.1, NaN],
      [50, 4.2, T0 + 2 * H],
    ]);
    const b = fakeSource('b', [[51, 4, T0 + 3 * H]]);
    b.photos = [photoAt(T0 + 5 * H), photoAt(NaN)];
    b.events = [{ type: 'ignition-on', t: T0, timeBasis: 'utc' }];
    expect(sourceExtent(a)).toEqual({ start: T0 + H, end: T0 + 2 * H });
    expect(caseExtentOf([a, b])).toEqual({ start: T0, end: T0 + 5 * H });
  });

  it('is null when nothing has a time', () => {
    expect(caseExtentOf([fakeSource('x', [[50, 4, NaN]])])).toBeNull();
    expect(caseExtentOf([])).toBeNull();
  });
});

describe('the observation histogram', () => {
  it('counts each instant once in the bin covering it; the end falls in the last bin', () => {
    // Ten bins of an hour over T0..T0+10h.
    const points: [number, number, number][] = [];
    for (let i = 0; i < 30; i++) points.push([50, 4, T0 + i * 20 * 60_000]); // every 20 min, 0..9h40
    points.push([50, 4, T0 + 10 * H]);
    const source = fakeSource('a', points);
    source.photos = [photoAt(T0 + 4.5 * H)];
    const h = observationHistogram([source], { start: T0, end: T0 + 10 * H }, 10);
    expect(h.binWidth).toBe(H);
    expect([...h.counts]).toEqual([3, 3, 3, 3, 4, 3, 3, 3, 3, 4]);
    expect(h.max).toBe(4);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(32);
  });

  it('leaves out instants outside the extent and handles a one-instant case', () => {
    const source = fakeSource('a', [
      [50, 4, T0 - 1],
      [50, 4, T0],
      [50, 4, T0 + 1],
    ]);
    const h = observationHistogram([source], { start: T0, end: T0 }, 4);
    expect([...h.counts]).toEqual([1, 0, 0, 0]);
  });

  it('bins a million fixes in well under the time of a frame budget per second', () => {
    const n = 1_000_000;
    const points: [number, number, number][] = [];
    for (let i = 0; i < 1000; i++) points.push([50, 4, T0 + i]);
    const source = fakeSource('big', points);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = T0 + i * 1000;
    source.fixes = {
      ...source.fixes,
      count: n,
      t,
      lat: new Float64Array(n),
      lon: new Float64Array(n),
    };
    const started = performance.now();
    const h = observationHistogram([source], { start: T0, end: T0 + (n - 1) * 1000 }, 240);
    const ms = performance.now() - started;
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(n);
    expect(ms).toBeLessThan(200);
  });

  it('draws bars only for bins with observations', () => {
    const h = observationHistogram(
      [
        fakeSource('a', [
          [50, 4, T0],
          [50, 4, T0 + 9 * H],
        ]),
      ],
      { start: T0, end: T0 + 10 * H },
      10,
    );
    expect(histogramPath(h).match(/M/g)).toHaveLength(2);
    expect(histogramPath(h)).toMatch(/^M0 100V/);
  });
});
