import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../shared/geo/distance';
import { deriveTimeline } from '../../../shared/timeline/derive';
import { defaultTimelineSettings, resolveSourceSettings } from '../../../shared/timeline/settings';
import { detectStayPoints } from '../../../shared/timeline/stay-points';
import { buildTrack } from '../../../shared/timeline/track';
import type { TimelineEntry, TimelineSettings, TimelineStop } from '../../../shared/timeline/types';
import { at, driveWithStop, leg, MIN, source, T0 } from './helpers';

const settings = (over: Partial<TimelineSettings> = {}): TimelineSettings => ({
  ...defaultTimelineSettings('Europe/Brussels'),
  ...over,
});
const stops = (entries: TimelineEntry[]): TimelineStop[] =>
  entries.filter((e): e is TimelineStop => e.type === 'stop');

describe('settings', () => {
  it('uses kind defaults, case settings, then per-source values', () => {
    const s = settings({ stopMinS: 420 });
    expect(resolveSourceSettings({ id: 'a', kind: 'tracker', clock: { offsetMs: 0 } }, s)).toEqual({
      stopRadiusM: 100,
      stopMinS: 420,
      clockOffsetMs: 0,
      excluded: false,
    });
    s.perSource.b = { stopRadiusM: 50, clockOffsetMs: 5000 };
    expect(
      resolveSourceSettings({ id: 'b', kind: 'phone', clock: { offsetMs: 7 } }, s),
    ).toMatchObject({
      stopRadiusM: 50,
      clockOffsetMs: 5000,
    });
    expect(
      resolveSourceSettings({ id: 'c', kind: 'phone', clock: { offsetMs: 7 } }, settings()),
    ).toMatchObject({
      stopRadiusM: 200,
      stopMinS: 600,
      clockOffsetMs: 7,
    });
  });
});

describe('stay points', () => {
  it('finds one stop of 20 min where the tracker stood still', () => {
    const tl = deriveTimeline([source('truck', 'tracker', driveWithStop())], settings());
    const s = stops(tl.entries);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ n: 1, origin: ['detected'], sources: ['truck'] });
    // The fix 10 s before the halt is 83 m out: inside the 100 m radius.
    expect(s[0]!.start).toBe(T0 + 10 * MIN - 10_000);
    expect(s[0]!.end).toBe(T0 + 30 * MIN);
    const p = at(5000, 0);
    expect(haversineM(s[0]!.lat, s[0]!.lon, p.lat, p.lon)).toBeLessThan(1);
    expect(tl.entries.map((e) => e.type)).toEqual(['move', 'stop', 'move']);
    const [m1, , m2] = tl.entries as [
      TimelineEntry & { distanceM: number; from: number; to: number },
      unknown,
      TimelineEntry & { distanceM: number; from: number; to: number },
    ];
    expect(m1.distanceM).toBeCloseTo(5000, -1);
    expect(m2.distanceM).toBeCloseTo(5000, -1);
    expect([m1.from, m1.to, m2.from, m2.to]).toEqual([0, 1, 1, 0]);
  });

  it('finds no stop in a slow drift that never stays within the radius for the minimum', () => {
    // 0.5 m/s: 100 m are crossed in 200 s, less than the tracker's 300 s minimum.
    const fixes = leg(0, 120, 1, [0, 0], [3600, 0]);
    const track = buildTrack(source('d', 'tracker', fixes), 0);
    expect(detectStayPoints(track, { radiusM: 100, minS: 300, gapS: 900 })).toEqual([]);
    // 0.2 m/s qualifies: the subject is dawdling within 100 m for 5 min.
    const slow = buildTrack(source('d', 'tracker', leg(0, 30, 1, [0, 0], [360, 0])), 0);
    expect(detectStayPoints(slow, { radiusM: 100, minS: 300, gapS: 900 }).length).toBeGreaterThan(
      0,
    );
  });
});

describe('silences', () => {
  it('a silence at the same place is a stop; one that ends elsewhere is a gap', () => {
    const same = [...leg(0, 10, 10, [0, 0], [2000, 0]), ...leg(70, 80, 10, [2010, 0], [4000, 0])];
    const tl = deriveTimeline([source('p', 'tracker', same)], settings());
    expect(stops(tl.entries)).toHaveLength(1);
    expect(stops(tl.entries)[0]).toMatchObject({
      origin: ['silence'],
      start: T0 + 10 * MIN,
      end: T0 + 70 * MIN,
    });
    expect(stops(tl.entries)[0]!.evidence).toEqual([
      { kind: 'silence', sourceId: 'p', before: T0 + 10 * MIN, after: T0 + 70 * MIN },
    ]);

    const elsewhere = [
      ...leg(0, 10, 10, [0, 0], [2000, 0]),
      ...leg(70, 80, 10, [9000, 0], [12000, 0]),
    ];
    const tl2 = deriveTimeline([source('p', 'tracker', elsewhere)], settings());
    expect(stops(tl2.entries)).toHaveLength(0);
    const gap = tl2.entries.find((e) => e.type === 'gap')!;
    expect(gap).toMatchObject({ start: T0 + 10 * MIN, end: T0 + 70 * MIN, durationS: 3600 });
    expect(gap.distanceM).toBeCloseTo(7000, -1);
  });
});

describe('reported stops and ignition', () => {
  it('turns reported stops and ignition off/on pairs into stops', () => {
    const p = at(300, 300);
    const src = source('t', 'tracker', leg(0, 60, 30, [0, 0], [30000, 0]), {
      reportedStops: [
        {
          start: T0 + 100 * MIN,
          end: T0 + 110 * MIN,
          timeBasis: 'utc',
          lat: p.lat,
          lon: p.lon,
          name: 'Depot',
        },
      ],
      events: [
        { type: 'ignition-off', t: T0 + 20 * MIN, timeBasis: 'utc' },
        { type: 'door-open', t: T0 + 21 * MIN, timeBasis: 'utc' },
        { type: 'ignition-on', t: T0 + 23 * MIN, timeBasis: 'utc' },
      ],
    });
    const s = stops(deriveTimeline([src], settings()).entries);
    expect(s.map((x) => x.origin)).toEqual([['ignition'], ['reported']]);
    expect(s[0]!.evidence.map((e) => e.kind === 'event' && e.index)).toEqual([0, 2]);
    expect(s[0]!.lat).toBeCloseTo(at(10000, 0).lat, 6);
    expect(s[0]!.lon).toBeCloseTo(at(10000, 0).lon, 6);
    expect(s[1]!.evidence).toEqual([
      { kind: 'reported-stop', sourceId: 't', index: 0, name: 'Depot' },
    ]);
  });
});

describe('merge across sources', () => {
  it('merges a tracker stop and a phone stop after the phone clock correction', () => {
    const truck = source('truck', 'tracker', driveWithStop());
    // The phone clock runs 1 h slow; it sat 80 m from the truck.
    const phoneFixes = [
      ...leg(-60, -50, 30, [0, 50], [5080, 0]),
      ...leg(-50, -30, 30, [5080, 0], [5080, 0]).slice(1),
      ...leg(-30, -20, 30, [5080, 0], [10000, 50]).slice(1),
    ];
    const phone = source('phone', 'phone', phoneFixes);
    const s0 = settings();
    const apart = stops(deriveTimeline([truck, phone], s0).entries);
    // Without the correction the phone's stay lies an hour earlier: two stops at one place.
    expect(apart).toHaveLength(2);
    expect(apart.map((x) => x.placeGroup)).toEqual([1, 1]);
    s0.perSource.phone = { clockOffsetMs: 60 * MIN };
    const tl = deriveTimeline([truck, phone], s0);
    const merged = stops(tl.entries);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.sources).toEqual(['phone', 'truck']);
    expect(
      merged[0]!.evidence
        .filter((e) => e.kind === 'fixes')
        .map((e) => e.sourceId)
        .sort(),
    ).toEqual(['phone', 'truck']);
    expect(tl.conflicts).toEqual([]);
  });
});

describe('conflicts', () => {
  it('flags one episode when two sources are 40 km apart at the same time', () => {
    const a = source('a', 'tracker', leg(0, 30, 10, [0, 0], [30000, 0]));
    const b = source('b', 'phone', leg(10, 20, 10, [10000, 40000], [20000, 40000]));
    const tl = deriveTimeline([a, b], settings());
    expect(tl.conflicts).toHaveLength(1);
    const c = tl.conflicts![0]!;
    expect(c.sources).toEqual(['a', 'b']);
    expect(c.impliedSpeedKmh).toBeGreaterThan(250);
    expect(c.start).toBeGreaterThanOrEqual(T0 + 10 * MIN - 10_000);
    // After b's last fix, a keeps moving away: still impossible until a is far enough on.
    expect(c.end).toBeGreaterThan(T0 + 20 * MIN);
    expect(c.end).toBeLessThanOrEqual(T0 + 30 * MIN);
    expect(tl.entries.filter((e) => e.type === 'conflict')).toHaveLength(1);
  });

  it('keeps a stop overlapping a stronger one elsewhere as contested, with a conflict', () => {
    const pa = at(0, 0);
    const pb = at(50000, 0);
    const a = source('a', 'tracker', [], {
      reportedStops: [{ start: T0, end: T0 + 60 * MIN, timeBasis: 'utc', ...pa }],
    });
    const b = source('b', 'phone', leg(10, 40, 60, [50000, 0], [50000, 0]));
    const tl = deriveTimeline([a, b], settings());
    expect(stops(tl.entries).map((s) => s.sources)).toEqual([['a']]);
    expect(tl.contested).toHaveLength(1);
    expect(tl.contested![0]!.lat).toBeCloseTo(pb.lat, 5);
    expect(tl.conflicts!.some((c) => c.distanceM > 49000)).toBe(true);
  });
});

describe('co-presence', () => {
  it('finds the interval two sources were within 100 m', () => {
    const a = source('a', 'phone', leg(0, 60, 30, [0, 0], [0, 0]));
    const b = source('b', 'phone', [
      ...leg(0, 20, 30, [5000, 0], [50, 0]),
      ...leg(20, 40, 30, [50, 0], [50, 0]).slice(1),
      ...leg(40, 60, 30, [50, 0], [5000, 0]).slice(1),
    ]);
    const tl = deriveTimeline(
      [a, b],
      settings({ coPresence: [{ a: 'a', b: 'b', distanceM: 100 }] }),
    );
    expect(tl.coPresence).toHaveLength(1);
    const c = tl.coPresence[0]!;
    expect(c.start).toBeGreaterThanOrEqual(T0 + 19 * MIN);
    expect(c.start).toBeLessThanOrEqual(T0 + 20 * MIN);
    expect(c.end).toBeGreaterThanOrEqual(T0 + 40 * MIN);
    expect(c.end).toBeLessThanOrEqual(T0 + 41 * MIN);
    expect(c.minDistanceM).toBeCloseTo(50, 0);
    expect(c.evidence.length).toBeGreaterThan(10);
    for (const e of c.evidence) expect(e.distanceM).toBeLessThanOrEqual(100);
  });

  it('bridges a separation shorter than five minutes and counts it; a longer one splits', () => {
    const a = source('a', 'phone', leg(0, 60, 30, [0, 0], [0, 0]));
    const away = (minutes: number) =>
      source('b', 'phone', [
        ...leg(0, 20, 30, [20, 0], [20, 0]),
        ...leg(20, 20 + minutes, 30, [800, 0], [800, 0]),
        ...leg(20 + minutes, 60, 30, [20, 0], [20, 0]).slice(1),
      ]);
    const request = { coPresence: [{ a: 'a', b: 'b', distanceM: 100 }] };
    const brief = deriveTimeline([a, away(2)], settings(request)).coPresence;
    expect(brief).toHaveLength(1);
    expect(brief[0]!.interruptions).toBe(1);
    expect(brief[0]!.durationS).toBeGreaterThan(55 * 60);
    const long = deriveTimeline([a, away(10)], settings(request)).coPresence;
    expect(long).toHaveLength(2);
    expect(long.map((c) => c.interruptions)).toEqual([0, 0]);
  });
});

describe('places and edits', () => {
  it('numbers recurring places and names stops from the gazetteer', () => {
    const fixes = [
      ...leg(0, 20, 30, [0, 0], [0, 0]),
      ...leg(20, 30, 30, [0, 0], [5000, 0]).slice(1),
      ...leg(30, 50, 30, [5000, 0], [5000, 0]).slice(1),
      ...leg(50, 60, 30, [5000, 0], [60, 0]).slice(1),
      ...leg(60, 80, 30, [60, 0], [60, 0]).slice(1),
    ];
    const gazetteer = {
      nearest: () => ({
        name: 'Brugge',
        country: 'BE',
        distanceM: 1200,
        approximate: true as const,
      }),
    };
    const tl = deriveTimeline([source('t', 'tracker', fixes)], settings(), { gazetteer });
    const s = stops(tl.entries);
    expect(s.map((x) => x.placeGroup)).toEqual([1, undefined, 1]);
    expect(s[0]!.place?.name).toBe('Brugge');
  });

  it('applies label, exclude, split and merge by stable key, and logs a missing key', () => {
    const fixes = [
      ...leg(0, 20, 30, [0, 0], [0, 0]),
      ...leg(20, 30, 30, [0, 0], [5000, 0]).slice(1),
      ...leg(30, 50, 30, [5000, 0], [5000, 0]).slice(1),
    ];
    const src = source('t', 'tracker', fixes);
    const base = stops(deriveTimeline([src], settings()).entries);
    expect(base).toHaveLength(2);
    const [k1, k2] = base.map((s) => s.key) as [string, string];
    const edited = deriveTimeline(
      [src],
      settings({
        edits: [
          { kind: 'label', stopKey: k1, label: 'Home', at: 1 },
          { kind: 'split', stopKey: k2, atT: T0 + 40 * MIN, at: 2 },
          { kind: 'exclude', stopKey: k1, excluded: true, at: 3 },
          { kind: 'note', stopKey: 'nope', note: 'x', at: 4 },
        ],
      }),
    );
    const s = stops(edited.entries);
    expect(s.map((x) => [x.n, x.label, x.excluded ?? false])).toEqual([
      [0, 'Home', true],
      [1, undefined, false],
      [2, undefined, false],
    ]);
    expect(s[1]!.key).toBe(k2);
    expect(s[1]!.end).toBe(T0 + 40 * MIN);
    expect(edited.editLog!.map((l) => l.applied)).toEqual([true, true, true, false]);
    const merged = deriveTimeline(
      [src],
      settings({ edits: [{ kind: 'merge', stopKeys: [k1, k2], at: 1 }] }),
    );
    const m = stops(merged.entries);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ key: k1, start: T0, end: T0 + 50 * MIN });
  });
});
