/**
 * Co-presence pairs in the store and how the timeline column reads them; evidence the
 * derivation did not use; recurring places and the list filter that shows their visits.
 */
import { describe, expect, it, vi } from 'vitest';
import type { LineString } from 'geojson';
import type { Source } from '../../shared/model';
import { deriveTimeline } from '../../shared/timeline/derive';
import { defaultTimelineSettings } from '../../shared/timeline/settings';
import type { Timeline, TimelineStop } from '../../shared/timeline/types';
import { createAppStore } from '../../renderer/src/store/store';
import { NO_TIMELINE_FILTERS } from '../../renderer/src/store/timelineSlice';
import {
  coPresenceFeatures,
  coPresenceId,
  coPresenceOfId,
  intervalsOfPair,
  locateCoPresence,
} from '../../renderer/src/timeline/coPresence';
import { timelineSettingsOf } from '../../renderer/src/timeline/derivation';
import { recurringPlaces } from '../../renderer/src/timeline/recurringPlaces';
import { buildTimelineRows, filterTimelineRows } from '../../renderer/src/timeline/rows';
import { skippedItems } from '../../renderer/src/timeline/skipped';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const MIN = 60_000;
const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);

/** Two sources driving north together for an hour (phone ~20 m east of the truck), then apart. */
function travellingPair(): { truck: Source; phone: Source } {
  const truckPoints: [number, number, number][] = [];
  const phonePoints: [number, number, number][] = [];
  for (let i = 0; i <= 60; i++) {
    truckPoints.push([50.9 + i * 0.005, 2.5, T0 + i * MIN]);
    // 20 s after the truck's fix, a third of a minute further along, ~20 m to the east.
    phonePoints.push([50.9 + (i + 1 / 3) * 0.005, 2.5003, T0 + i * MIN + 20_000]);
  }
  // Afterwards the phone goes west, 30 km away.
  for (let i = 61; i <= 70; i++) {
    truckPoints.push([50.9 + i * 0.005, 2.5, T0 + i * MIN]);
    phonePoints.push([51.2, 2.0, T0 + i * MIN + 20_000]);
  }
  const truck = fakeSource('truck', truckPoints);
  truck.kind = 'tracker';
  const phone = fakeSource('phone', phonePoints);
  phone.kind = 'phone';
  return { truck, phone };
}

describe('co-presence pairs in the store', () => {
  it('adds, updates (either order) and removes pairs, and hands them to the derivation', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    const s = () => store.getState();
    s().addCoPresencePair('truck', 'phone', 100);
    s().addCoPresencePair('phone', 'truck', 250);
    s().addCoPresencePair('truck', 'camera', 50);
    expect(s().timelineSettings.coPresence).toEqual([
      { a: 'truck', b: 'phone', distanceM: 250 },
      { a: 'truck', b: 'camera', distanceM: 50 },
    ]);
    expect(timelineSettingsOf(s()).coPresence).toEqual(s().timelineSettings.coPresence);
    s().removeCoPresencePair('phone', 'truck');
    expect(s().timelineSettings.coPresence).toEqual([{ a: 'truck', b: 'camera', distanceM: 50 }]);
  });

  it('ignores a source paired with itself and distances that are not positive numbers', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    const s = () => store.getState();
    s().addCoPresencePair('truck', 'truck', 100);
    s().addCoPresencePair('truck', 'phone', 0);
    s().addCoPresencePair('truck', 'phone', -5);
    s().addCoPresencePair('truck', 'phone', NaN);
    s().addCoPresencePair('truck', '', 100);
    expect(s().timelineSettings.coPresence).toEqual([]);
  });
});

describe('co-presence intervals in the timeline column', () => {
  const { truck, phone } = travellingPair();
  const sources = new Map<string, Source>([
    ['truck', truck],
    ['phone', phone],
  ]);
  const settings = defaultTimelineSettings('Europe/Brussels');
  settings.coPresence.push({ a: 'truck', b: 'phone', distanceM: 100 });
  const timeline = deriveTimeline([truck, phone], settings);

  it('lists the hour they travelled together under the pair, whichever order it is named in', () => {
    const intervals = intervalsOfPair(timeline, { a: 'phone', b: 'truck', distanceM: 100 });
    expect(intervals).toHaveLength(1);
    const [together] = intervals;
    // From the phone's first fix: before it there is no phone position to compare with.
    expect(together!.start).toBe(T0 + 20_000);
    // Together until the last sample before the phone turned west (60 min + the phone's 20 s).
    expect(together!.end).toBeGreaterThanOrEqual(T0 + 60 * MIN);
    expect(together!.end).toBeLessThan(T0 + 61 * MIN);
    expect(together!.minDistanceM).toBeLessThan(30);
    expect(together!.evidence.length).toBeGreaterThan(50);
    expect(intervalsOfPair(timeline, { a: 'truck', b: 'camera', distanceM: 100 })).toEqual([]);
  });

  it('names each interval by a selection id that finds it again', () => {
    const [together] = timeline.coPresence;
    const id = coPresenceId(together!);
    expect(id).toBe(`copresence:truck:phone:${T0 + 20_000}`);
    expect(coPresenceOfId(timeline, id)).toBe(together);
    expect(coPresenceOfId(timeline, 'copresence:truck:phone:1')).toBeNull();
    expect(coPresenceOfId(timeline, 'stop:x')).toBeNull();
    expect(coPresenceOfId(null, id)).toBeNull();
  });

  it('draws every evidence pair as a link between the two fixes, and fits them', () => {
    const [together] = timeline.coPresence;
    const fc = coPresenceFeatures(together!, sources);
    const lines = fc.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines).toHaveLength(together!.evidence.length);
    for (const [k, pair] of together!.evidence.entries()) {
      const coords = (lines[k]!.geometry as LineString).coordinates;
      expect(coords[0]).toEqual([truck.fixes.lon[pair.aIndex], truck.fixes.lat[pair.aIndex]]);
      expect(coords[1]).toEqual([phone.fixes.lon[pair.bIndex], phone.fixes.lat[pair.bIndex]]);
    }
    const bounds = locateCoPresence(together!, sources) as [[number, number], [number, number]];
    expect(bounds[0][1]).toBeCloseTo(50.9, 3);
    expect(bounds[1][1]).toBeGreaterThan(51.19);
    expect(bounds[1][1]).toBeLessThan(51.21);
    // Without the sources (removed meanwhile) nothing is drawn and there is nowhere to go.
    expect(coPresenceFeatures(together!, new Map()).features).toEqual([]);
    expect(locateCoPresence(together!, new Map())).toBeNull();
  });
});

describe('evidence not used', () => {
  it('lists each skipped item with its source label, event type and line', () => {
    const truck = fakeSource('truck', [
      [51, 3, T0],
      [51, 3, T0 + 30 * MIN],
    ]);
    truck.kind = 'tracker';
    truck.label = 'Truck TRK-9';
    truck.events = [
      { type: 'ignition-on', t: T0, timeBasis: 'utc', line: 2 },
      { type: 'ignition-off', t: T0 + 20 * MIN, timeBasis: 'utc', line: 7 },
    ];
    truck.reportedStops = [
      { start: NaN, end: NaN, timeBasis: 'none', lat: 51, lon: 3, record: 4 },
      // Hours after the last fix: no position to borrow from the track.
      { start: T0 + 5 * 60 * MIN, end: T0 + 5 * 60 * MIN + 10 * MIN, timeBasis: 'utc', record: 5 },
    ];
    const timeline = deriveTimeline([truck], defaultTimelineSettings());
    const items = skippedItems(timeline, new Map([['truck', truck]]));
    expect(items).toEqual([
      {
        item: { kind: 'event', sourceId: 'truck', index: 1, reason: 'no-ignition-on' },
        sourceLabel: 'Truck TRK-9',
        eventType: 'ignition-off',
        line: 7,
      },
      {
        item: { kind: 'reported-stop', sourceId: 'truck', index: 0, reason: 'no-time' },
        sourceLabel: 'Truck TRK-9',
        record: 4,
      },
      {
        item: { kind: 'reported-stop', sourceId: 'truck', index: 1, reason: 'no-position' },
        sourceLabel: 'Truck TRK-9',
        record: 5,
      },
    ]);
    expect(skippedItems(null, new Map())).toEqual([]);
  });
});

describe('recurring places', () => {
  const DAY = 86_400_000;
  function stop(n: number, start: number, placeGroup?: number): TimelineStop {
    return {
      type: 'stop',
      n,
      key: `k${n}`,
      start,
      end: start + 30 * MIN,
      durationS: 1800,
      lat: 51,
      lon: 3,
      radiusM: 100,
      origin: ['detected'],
      sources: ['phone'],
      evidence: [],
      ...(placeGroup !== undefined ? { placeGroup } : {}),
      ...(n === 3 ? { label: 'Safehouse' } : {}),
      place: { name: 'Jabbeke', country: 'BE', distanceM: 900, approximate: true },
    };
  }
  const timeline: Timeline = {
    version: 1,
    parameters: {
      gapS: 900,
      conflictSpeedKmh: 250,
      mergeRadiusM: 250,
      displayZone: 'UTC',
      perSource: {},
      edits: 0,
    },
    entries: [
      stop(1, T0, 1),
      stop(2, T0 + 2 * 3_600_000),
      stop(3, T0 + DAY, 1),
      stop(4, T0 + DAY + 3_600_000, 2),
      stop(5, T0 + 2 * DAY, 2),
      stop(6, T0 + 3 * DAY, 1),
    ],
    coPresence: [],
    photos: [],
  };

  it('groups the visits of each place in time order, with the examiner’s label', () => {
    const places = recurringPlaces(timeline);
    expect(places.map((p) => [p.group, p.stops.map((s) => s.n), p.label])).toEqual([
      [1, [1, 3, 6], 'Safehouse'],
      [2, [4, 5], undefined],
    ]);
    expect(places[1]!.place?.name).toBe('Jabbeke');
    expect(recurringPlaces(null)).toEqual([]);
  });

  it('filters the list to the visits of one place, whatever else is hidden', () => {
    const rows = buildTimelineRows(timeline, []);
    const shown = filterTimelineRows(rows, {
      ...NO_TIMELINE_FILTERS,
      hiddenKinds: ['stop'],
      placeGroup: 1,
    });
    expect(shown.map((r) => r.id)).toEqual(['stop:k1', 'stop:k3', 'stop:k6']);
    expect(filterTimelineRows(rows, NO_TIMELINE_FILTERS)).toHaveLength(6);
  });

  it('is cleared with the other filters', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    store.getState().setTimelineFilters({ placeGroup: 2 });
    expect(store.getState().timelineFilters.placeGroup).toBe(2);
    store.getState().setTimelineFilters(NO_TIMELINE_FILTERS);
    expect(store.getState().timelineFilters.placeGroup).toBeUndefined();
  });
});
