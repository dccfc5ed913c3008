/**
 * What hovering or clicking says about a route, a stop and a conflict: the route names the
 * fix nearest the pointer (within the clicked piece's time span), a stop its place, stay,
 * sources and evidence, a conflict its two observations, distance and implied speed.
 */
import { describe, expect, it } from 'vitest';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import type { Timeline, TimelineConflict, TimelineStop } from '../../shared/timeline/types';
import { t as translate } from '../../shared/i18n';
import { featureDetails } from '../../renderer/src/map/tools/featureDetails';
import { nearestFix } from '../../renderer/src/map/tools/nearestFix';
import { STOP_LAYER_IDS } from '../../renderer/src/map/StopLayer';
import { entryId } from '../../renderer/src/timeline/rows';
import type { SourceEntry } from '../../renderer/src/store/sourcesSlice';
import { fakeSource } from './fakeSource';

const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);
const MIN = 60_000;

// A drive east along 51° N, one fix a minute; the same place visited again at the end.
const track = fakeSource('trk', [
  [51, 1.0, T0],
  [51, 1.01, T0 + MIN],
  [51, 1.02, T0 + 2 * MIN],
  [51, 1.03, T0 + 3 * MIN],
  [51, 1.01, T0 + 60 * MIN],
]);
track.label = 'Truck TRK-0427';
track.files[0]!.name = 'truck.csv';
track.fixes.accuracyM = new Float64Array([5, 6, 7, 8, 9]);
track.fixes.speedMps = new Float64Array([10, 12.5, 13, 14, 0]);
const phone = fakeSource('ph', [[50.9, 1.5, T0]]);
phone.label = 'Phone records';

const entries: SourceEntry[] = [
  {
    kind: 'source',
    key: 'e1',
    path: '/x/truck.csv',
    source: track,
    colour: '#e6194b',
    demo: false,
  },
  {
    kind: 'source',
    key: 'e2',
    path: '/x/phone.json',
    source: phone,
    colour: '#4363d8',
    demo: false,
  },
];

const stop: TimelineStop = {
  type: 'stop',
  n: 2,
  key: 'k1',
  start: T0,
  end: T0 + 49 * MIN,
  durationS: 49 * 60,
  lat: 51,
  lon: 1,
  radiusM: 50,
  origin: [],
  sources: ['trk', 'ph'],
  evidence: [
    { kind: 'fixes', sourceId: 'trk', start: 0, end: 3, count: 3 },
    { kind: 'fixes', sourceId: 'ph', start: 0, end: 1, count: 1 },
    { kind: 'event', sourceId: 'trk', index: 0, type: 'ignition-off', t: T0 },
  ],
  place: { name: 'Dover', country: 'GB', distanceM: 800, approximate: true },
  note: 'Lorry park',
};
const conflict: TimelineConflict = {
  type: 'conflict',
  start: T0,
  end: T0 + 2 * MIN,
  durationS: 120,
  distanceM: 35_000,
  impliedSpeedKmh: 1050,
  a: { sourceId: 'trk', t: T0, lat: 51, lon: 1 },
  b: { sourceId: 'ph', t: T0 + 2 * MIN, lat: 50.9, lon: 1.5 },
  sources: ['trk', 'ph'],
};
const timeline = { entries: [stop, conflict] } as unknown as Timeline;

const ctx = {
  tr: (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
    translate('en', k, p),
  locale: 'en' as const,
  zone: 'Europe/Brussels',
  entries,
  timeline,
};

function feature(
  layer: string,
  properties: Record<string, unknown>,
  geometry: { type: string; coordinates: unknown } = { type: 'Point', coordinates: [1, 51] },
): MapGeoJSONFeature {
  return { layer: { id: layer }, properties, geometry } as unknown as MapGeoJSONFeature;
}

function rowsOf(d: { rows: { label: string; value: string }[] }): Record<string, string> {
  return Object.fromEntries(d.rows.map((r) => [r.label, r.value]));
}

describe('nearestFix', () => {
  it('finds the nearest fix, within a time span when given', () => {
    expect(nearestFix(track, [1.0105, 51.0001])).toBe(1);
    // The fourth fix revisits 1.01: within the last hour's span it is the one.
    expect(nearestFix(track, [1.0105, 51.0001], T0 + 30 * MIN, T0 + 60 * MIN)).toBe(4);
    // A span without fixes falls back to all of them.
    expect(nearestFix(track, [1.029, 51], T0 + 70 * MIN, T0 + 80 * MIN)).toBe(3);
    expect(nearestFix(fakeSource('none', []), [1, 51])).toBe(-1);
  });
});

describe('details of routes, stops and conflicts', () => {
  it('names the fix under the pointer on a route line: time, accuracy, speed, which fix', () => {
    const line = feature(
      'route-e1-line',
      { sourceId: 'trk', t0: T0, t1: T0 + 3 * MIN },
      {
        type: 'LineString',
        coordinates: [
          [1, 51],
          [1.03, 51],
        ],
      },
    );
    const d = featureDetails(line, [1.0195, 51.0002], ctx)!;
    expect(d.kind).toBe('route');
    expect(d.key).toBe('fix:e1:2');
    expect(d.title).toBe('Fix 3 · Truck TRK-0427');
    // 14:02 UTC is 16:02 in Brussels in April.
    expect(d.when).toContain('16:02:00');
    expect(d.at).toEqual([1.02, 51]);
    const rows = rowsOf(d);
    expect(rows.Source).toBe('Truck TRK-0427');
    expect(rows.Accuracy).toBe('± 7 m');
    expect(rows.Speed).toBe('47 km/h');
    expect(rows.Evidence).toBe('truck.csv, fix 3 of 5');
  });

  it('describes a stop: place, stay in the display zone, sources, evidence, note', () => {
    const d = featureDetails(feature(STOP_LAYER_IDS.circles, { id: 'stop:k1' }), [1, 51], ctx)!;
    expect(d.kind).toBe('stop');
    expect(d.title).toBe('Stop 2');
    expect(d.timelineId).toBe('stop:k1');
    // A stop's click shows its details as every other feature's does.
    expect(d.ownClick).toBeFalsy();
    const rows = rowsOf(d);
    expect(rows.Place).toMatch(/^Dover/);
    expect(rows.Time).toContain('16:00');
    expect(rows.Time).toContain('(Europe/Brussels)');
    expect(rows.Stayed).toBe('49 min');
    expect(rows.Sources).toBe('Truck TRK-0427, Phone records');
    expect(rows.Evidence).toBe('4 fixes, 1 events, 0 photos');
    expect(rows.Note).toBe('Lorry park');
  });

  it('describes a conflict: both observations, how far apart, the speed it would take', () => {
    const id = entryId(conflict);
    const d = featureDetails(feature(STOP_LAYER_IDS.conflictLines, { id }), [1.2, 50.95], ctx)!;
    expect(d.kind).toBe('conflict');
    expect(d.timelineId).toBe(id);
    const rows = rowsOf(d);
    expect(rows['Truck TRK-0427']).toMatch(/16:00:00 CEST · 51\.000000, 1\.000000/);
    expect(rows['Phone records']).toMatch(/16:02:00 CEST · 50\.900000, 1\.500000/);
    expect(rows['Distance apart']).toBe('35 km');
    expect(rows['Implied speed']).toBe('1,050 km/h');
  });
});
