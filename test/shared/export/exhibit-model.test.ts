import { describe, expect, it } from 'vitest';
import type { ImportedSource } from '../../../shared/api';
import { defaultExhibitOptions, type ExhibitRequest } from '../../../shared/exhibit/request';
import { buildExhibitModel } from '../../../shared/export/exhibit-model';
import { deriveTimeline, defaultTimelineSettings } from '../../../shared/timeline/derive';
import { leg, MIN, source, T0, type Fix } from '../timeline/helpers';

/** Three stops of 20 min, 5 km apart, with 10 min drives between: a tracker at 10 s. */
function threeStops(): Fix[] {
  return [
    ...leg(0, 20, 10, [0, 0], [0, 0]),
    ...leg(20, 30, 10, [0, 0], [5000, 0]).slice(1),
    ...leg(30, 50, 10, [5000, 0], [5000, 0]).slice(1),
    ...leg(50, 60, 10, [5000, 0], [5000, 5000]).slice(1),
    ...leg(60, 80, 10, [5000, 5000], [5000, 5000]).slice(1),
  ];
}

function request(overrides: Partial<ExhibitRequest['options']> = {}): ExhibitRequest {
  const tracker = source('trk', 'tracker', threeStops(), {
    files: [{ name: 'trk.csv', size: 123, sha256: 'a'.repeat(64) }],
  }) as ImportedSource;
  const phone = source('phn', 'phone', leg(30, 50, 60, [5010, 0], [5010, 0]), {
    files: [{ name: 'Records.json', size: 456, sha256: 'b'.repeat(64) }],
  }) as ImportedSource;
  return {
    sources: [tracker, phone],
    settings: defaultTimelineSettings('Europe/Brussels'),
    options: { ...defaultExhibitOptions('en'), displayZone: 'Europe/Brussels', ...overrides },
  };
}

function model(overrides: Partial<ExhibitRequest['options']> = {}, maxRoutePoints?: number) {
  const req = request(overrides);
  const timeline = deriveTimeline(req.sources, req.settings);
  return {
    timeline,
    model: buildExhibitModel(req, timeline, {
      generatedAt: Date.UTC(2026, 10, 28),
      ...(maxRoutePoints !== undefined ? { maxRoutePoints } : {}),
    }),
  };
}

describe('buildExhibitModel', () => {
  it('numbers the stops 1..n in time order with the straight line and time from the previous', () => {
    const { model: m } = model();
    expect(m.stops.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(m.stops[0]!.fromPrevious).toBeNull();
    expect(m.stops[1]!.fromPrevious!.distanceM).toBeGreaterThan(4900);
    expect(m.stops[1]!.fromPrevious!.distanceM).toBeLessThan(5100);
    expect(m.stops[1]!.fromPrevious!.timeS).toBeGreaterThan(5 * 60);
    expect(m.stops[1]!.fromPrevious!.timeS).toBeLessThan(15 * 60);
    for (let i = 1; i < m.stops.length; i++)
      expect(m.stops[i]!.arrival).toBeGreaterThanOrEqual(m.stops[i - 1]!.departure);
    expect(m.legs.map((l) => [l.from, l.to])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(m.legs[0]!.schematic).toBe(false);
    expect(m.legs[0]!.trackDistanceM).toBeGreaterThan(4900);
    // The phone stay at stop 2 supports it; both sources are listed in id order.
    expect(m.stops[1]!.sources.map((s) => s.id)).toEqual(['phn', 'trk']);
    expect(m.generatedAt).toBe(Date.UTC(2026, 10, 28));
    expect(m.evidence.map((f) => f.name)).toEqual(['Records.json', 'trk.csv']);
    expect(m.parameters.perSource.map((p) => [p.source.id, p.stopRadiusM])).toEqual([
      ['phn', 200],
      ['trk', 100],
    ]);
  });

  it('filters by time range and renumbers, keeping the timeline number', () => {
    const { model: m } = model({ timeRange: { start: T0 + 35 * MIN, end: T0 + 40 * MIN } });
    expect(m.stops).toHaveLength(1);
    expect(m.stops[0]!.n).toBe(1);
    expect(m.stops[0]!.timelineN).toBe(2);
    expect(m.legs).toHaveLength(0);
    for (const r of m.routes)
      for (const seg of r.segments)
        for (const t of seg.t) {
          expect(t).toBeGreaterThanOrEqual(T0 + 35 * MIN);
          expect(t).toBeLessThanOrEqual(T0 + 40 * MIN);
        }
  });

  it('filters by source: stops without a chosen source go, support lists only chosen ones', () => {
    const { model: m } = model({ sourceIds: ['phn'] });
    expect(m.stops).toHaveLength(1);
    expect(m.stops[0]!.sources.map((s) => s.id)).toEqual(['phn']);
    expect(m.evidence.map((f) => f.sourceId)).toEqual(['phn']);
    expect(m.routes.map((r) => r.source.id)).toEqual(['phn']);
  });

  it('keeps only the chosen stops by key', () => {
    const { timeline } = model();
    const keys = timeline.entries.flatMap((e) => (e.type === 'stop' ? [e.key] : []));
    const { model: m } = model({ stopIds: [keys[0]!, keys[2]!] });
    expect(m.stops.map((s) => s.id)).toEqual([keys[0], keys[2]]);
    expect(m.stops.map((s) => s.n)).toEqual([1, 2]);
    expect(m.legs).toEqual([expect.objectContaining({ from: 1, to: 2 })]);
  });

  it('decimates each route to the point budget, keeping both ends', () => {
    const full = model().model.routes.find((r) => r.source.id === 'trk')!;
    const small = model({}, 40).model.routes.find((r) => r.source.id === 'trk')!;
    expect(full.pointsKept).toBe(full.fixesInRange);
    expect(small.pointsKept).toBeLessThanOrEqual(40);
    // A straight drive east then north: the start, the corner and the end are all that matter.
    expect(small.pointsKept).toBeGreaterThanOrEqual(3);
    const f = full.segments[0]!;
    const s = small.segments[0]!;
    expect(s.t[0]).toBe(f.t[0]);
    expect(s.t[s.t.length - 1]).toBe(f.t[f.t.length - 1]);
    // The corners of the drive survive: the eastmost and northmost points.
    expect(Math.max(...s.lon)).toBeCloseTo(Math.max(...f.lon), 5);
    expect(Math.max(...s.lat)).toBeCloseTo(Math.max(...f.lat), 5);
  });

  it('spends the budget on a winding route', () => {
    const zigzag: Fix[] = Array.from({ length: 1000 }, (_, i) => ({
      t: T0 + i * 10_000,
      east: i * 20,
      north: (i % 7) * 30 + Math.sin(i / 13) * 400,
    }));
    const req = request();
    req.sources = [source('zz', 'track', zigzag) as ImportedSource];
    const timeline = deriveTimeline(req.sources, req.settings);
    const route = buildExhibitModel(req, timeline, { maxRoutePoints: 50 }).routes[0]!;
    expect(route.fixesInRange).toBe(1000);
    expect(route.pointsKept).toBeLessThanOrEqual(50);
    expect(route.pointsKept).toBeGreaterThan(40);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(model().model)).toBe(JSON.stringify(model().model));
  });
});
