/**
 * Edge cases of the derivation: photo clusters as stops, the antimeridian, an ignition-off that
 * never gets its ignition-on, reported stops that cannot be placed, and silences whose two ends
 * agree only within their stated accuracies.
 */
import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../shared/geo/distance';
import type { Photo, Source } from '../../../shared/model';
import { deriveTimeline } from '../../../shared/timeline/derive';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type {
  TimelineEntry,
  TimelineMove,
  TimelineSettings,
  TimelineStop,
} from '../../../shared/timeline/types';
import { at, leg, MIN, source, T0 } from './helpers';

const settings = (over: Partial<TimelineSettings> = {}): TimelineSettings => ({
  ...defaultTimelineSettings('UTC'),
  ...over,
});
const stops = (entries: TimelineEntry[]): TimelineStop[] =>
  entries.filter((e): e is TimelineStop => e.type === 'stop');

function photo(fileIndex: number, t: number, lat?: number, lon?: number): Photo {
  return {
    fileIndex,
    t,
    timeBasis: 'offset',
    shutterT: t,
    gpsT: NaN,
    raw: {},
    container: 'jpeg',
    make: 'Test',
    model: 'Cam',
    ...(lat === undefined ? {} : { lat, lon }),
  };
}

function photosSource(id: string, photos: Photo[]): Source {
  return {
    ...source(id, 'photos', []),
    format: 'photos',
    files: photos.map((_, i) => ({ name: `P${i}.JPG`, size: 1, sha256: '' })),
    photos,
  } as Source;
}

/** Fixes given directly in degrees (for places the metre helpers cannot reach). */
function degreeSource(id: string, fixes: [number, number, number][]): Source {
  const s = source(id, 'tracker', []);
  const n = fixes.length;
  s.fixes = {
    count: n,
    t: Float64Array.from(fixes.map((f) => f[0])),
    lat: Float64Array.from(fixes.map((f) => f[1])),
    lon: Float64Array.from(fixes.map((f) => f[2])),
  };
  s.fixTimeBasis = new Uint8Array(n).fill(1);
  s.parts = [{ kind: 'track', segments: [{ start: 0, end: n }] }];
  return s;
}

describe('photo stops', () => {
  it('two photos close in time and place are a stop of origin photos; one photo is not', () => {
    const a = at(1000, 0);
    const b = at(1030, 10);
    const far = at(9000, 0);
    const src = photosSource('cam', [
      photo(0, T0, a.lat, a.lon),
      photo(1, T0 + 8 * MIN, b.lat, b.lon),
      photo(2, T0 + 60 * MIN, far.lat, far.lon),
    ]);
    const tl = deriveTimeline([src], settings());
    const s = stops(tl.entries);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ origin: ['photos'], start: T0, end: T0 + 8 * MIN, n: 1 });
    expect(s[0]!.evidence.map((e) => e.kind === 'photo' && e.index)).toEqual([0, 1]);
    expect(tl.photos.map((p) => [p.index, p.position, p.stop])).toEqual([
      [0, 'own', 1],
      [1, 'own', 1],
      [2, 'own', undefined],
    ]);
  });

  it('a photo without a position is placed on a track by time and supports the stop there', () => {
    const truck = source('truck', 'tracker', [
      ...leg(0, 10, 10, [0, 0], [5000, 0]),
      ...leg(10, 30, 10, [5000, 0], [5000, 0]).slice(1),
      ...leg(30, 40, 10, [5000, 0], [10000, 0]).slice(1),
    ]);
    const cam = photosSource('cam', [photo(0, T0 + 20 * MIN + 3000)]);
    expect(deriveTimeline([truck, cam], settings()).photos[0]!.position).toBe('none');
    const tl = deriveTimeline([truck, cam], { ...settings(), photoTracks: { cam: 'truck' } });
    const [p] = tl.photos;
    expect(p).toMatchObject({ position: 'track', trackSourceId: 'truck', stop: 1 });
    expect(p!.trackTimeDistanceMs).toBe(3000);
    const here = at(5000, 0);
    expect(haversineM(p!.lat!, p!.lon!, here.lat, here.lon)).toBeLessThan(1);
    expect(stops(tl.entries)[0]!.sources).toEqual(['cam', 'truck']);
  });
});

describe('antimeridian', () => {
  const step = 10_000;
  // 20 min parked on Taveuni (Fiji) at 179.999° E … then moving east across 180° to −179.9°.
  const parked: [number, number, number][] = Array.from({ length: 121 }, (_, i) => [
    T0 + i * step,
    -16.8,
    i % 2 ? 179.99985 : -179.99985,
  ]);
  const moving: [number, number, number][] = Array.from({ length: 60 }, (_, i) => [
    T0 + (121 + i) * step,
    -16.8,
    -179.99985 + (i + 1) * 0.002,
  ]);

  it('a stay straddling 180° is one stop centred on the line, not at 0°', () => {
    const s = stops(
      deriveTimeline([degreeSource('t', [...parked, ...moving])], settings()).entries,
    );
    expect(s).toHaveLength(1);
    expect(Math.abs(s[0]!.lon)).toBeGreaterThan(179.99);
    expect(s[0]!.end - s[0]!.start).toBeGreaterThanOrEqual(19 * MIN);
  });

  it('a move across 180° measures the short way round', () => {
    const tl = deriveTimeline([degreeSource('t', [...parked, ...moving])], settings());
    const move = tl.entries.find((e): e is TimelineMove => e.type === 'move')!;
    // 60 steps of 0.002° at 16.8° S ≈ 12.8 km, never ~40,000 km.
    expect(move.distanceM).toBeGreaterThan(11_000);
    expect(move.distanceM).toBeLessThan(14_000);
  });

  it('photos clustered across 180° make a stop on the line', () => {
    const src = photosSource('cam', [
      photo(0, T0, -16.8, 179.9999),
      photo(1, T0 + 5 * MIN, -16.8, -179.9999),
    ]);
    const [s] = stops(deriveTimeline([src], settings()).entries);
    expect(Math.abs(s!.lon)).toBeGreaterThan(179.99);
  });
});

describe('ignition off without a later on', () => {
  it('is no stop of its own, is listed as skipped, and the fixes still show the stay', () => {
    const fixes = [
      ...leg(0, 10, 10, [0, 0], [5000, 0]),
      ...leg(10, 40, 60, [5000, 0], [5000, 0]).slice(1),
    ];
    const src = source('t', 'tracker', fixes, {
      events: [
        { type: 'ignition-on', t: T0 - MIN, timeBasis: 'utc' },
        { type: 'ignition-off', t: T0 + 10 * MIN, timeBasis: 'utc' },
      ],
    });
    const tl = deriveTimeline([src], settings());
    const s = stops(tl.entries);
    expect(s).toHaveLength(1);
    expect(s[0]!.origin).toEqual(['detected']);
    expect(tl.skipped).toEqual([
      { kind: 'event', sourceId: 't', index: 1, reason: 'no-ignition-on' },
    ]);
  });
});

describe('reported stops that cannot be placed', () => {
  it('are listed in skipped with the reason, never dropped silently', () => {
    const p = at(0, 0);
    const src = source('t', 'tracker', leg(0, 30, 30, [0, 0], [20000, 0]), {
      reportedStops: [
        { start: NaN, end: T0 + 5 * MIN, timeBasis: 'utc', lat: p.lat, lon: p.lon },
        // No position, and no fix within the gap threshold to borrow one from.
        { start: T0 + 300 * MIN, end: T0 + 320 * MIN, timeBasis: 'utc' },
        { start: T0 + 2 * MIN, end: T0 + 9 * MIN, timeBasis: 'utc' },
      ],
    });
    const tl = deriveTimeline([src], settings());
    expect(stops(tl.entries).map((s) => s.origin)).toEqual([['reported']]);
    expect(tl.skipped).toEqual([
      { kind: 'reported-stop', sourceId: 't', index: 0, reason: 'no-time' },
      { kind: 'reported-stop', sourceId: 't', index: 1, reason: 'no-position' },
    ]);
  });
});

describe('silences whose ends agree', () => {
  const silence = (endEast: number, accuracyM?: number) => {
    const fixes = [
      ...leg(0, 10, 10, [0, 0], [5000, 0]),
      ...leg(60, 70, 10, [5000 + endEast, 0], [10000, 0]),
    ];
    const s = source('p', 'phone', fixes);
    if (accuracyM !== undefined) s.fixes.accuracyM = new Float64Array(fixes.length).fill(accuracyM);
    return s;
  };
  const origins = (s: Source, mergeRadiusM = 250) =>
    stops(deriveTimeline([s], settings({ mergeRadiusM })).entries).map((x) => x.origin);

  it('within the stop radius: a stop', () => {
    expect(origins(silence(150))).toEqual([['silence']]);
  });
  it('within the merge radius (one place for the case): a stop', () => {
    expect(origins(silence(240))).toEqual([['silence']]);
    expect(origins(silence(240), 100)).toEqual([]);
  });
  it('within the two stated accuracies: a stop; beyond them: a gap', () => {
    expect(origins(silence(400, 220), 100)).toEqual([['silence']]);
    expect(origins(silence(400, 150), 100)).toEqual([]);
    const gaps = deriveTimeline(
      [silence(400, 150)],
      settings({ mergeRadiusM: 100 }),
    ).entries.filter((e) => e.type === 'gap');
    expect(gaps).toHaveLength(1);
  });
});
