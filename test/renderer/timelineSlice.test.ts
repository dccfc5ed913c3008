import { describe, expect, it, vi } from 'vitest';
import type { Timeline, TimelineStop } from '../../shared/timeline/types';
import { createAppStore } from '../../renderer/src/store/store';
import { editsOf } from '../../renderer/src/store/timelineSlice';
import {
  buildTimelineRows,
  filterTimelineRows,
  rowOffsets,
  stopOfId,
  visibleRange,
  ROW_HEIGHT,
} from '../../renderer/src/timeline/rows';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const H = 3_600_000;
const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);

function stop(n: number, key: string, start: number, end: number, sources: string[]): TimelineStop {
  return {
    type: 'stop',
    n,
    key,
    start,
    end,
    durationS: (end - start) / 1000,
    lat: 51,
    lon: 3,
    radiusM: 100,
    origin: ['detected'],
    sources,
    evidence: sources.map((sourceId) => ({ kind: 'fixes', sourceId, start, end, count: 3 })),
  };
}

function timeline(): Timeline {
  return {
    version: 1,
    parameters: {
      gapS: 900,
      conflictSpeedKmh: 250,
      mergeRadiusM: 250,
      displayZone: 'UTC',
      perSource: {
        truck: { stopRadiusM: 100, stopMinS: 300, clockOffsetMs: 60_000, excluded: false },
        phone: { stopRadiusM: 200, stopMinS: 600, clockOffsetMs: 0, excluded: false },
      },
      edits: 0,
    },
    entries: [
      stop(1, 'a', T0, T0 + H, ['truck', 'phone']),
      {
        type: 'move',
        from: 1,
        to: 2,
        start: T0 + H,
        end: T0 + 2 * H,
        durationS: 3600,
        distanceM: 80_000,
        schematic: false,
        sources: ['truck'],
      },
      stop(2, 'b', T0 + 2 * H, T0 + 3 * H, ['phone']),
      {
        type: 'gap',
        start: T0 + 3 * H,
        end: T0 + 5 * H,
        durationS: 7200,
        distanceM: 10,
        sources: ['phone'],
      },
    ],
    coPresence: [],
    photos: [{ sourceId: 'phone', index: 0, t: T0 + 2.5 * H, position: 'none' }],
  };
}

function truckWithEvents() {
  const truck = fakeSource('truck', [[51, 3, T0]]);
  // The truck clock runs a minute slow (clockOffsetMs): its event moves with it.
  truck.events = [
    { type: 'ignition-off', t: T0 + 10 * 60_000, timeBasis: 'utc' },
    { type: 'ignition-on', t: NaN, timeBasis: 'none' },
  ];
  return truck;
}

describe('timeline slice', () => {
  it('records each edit with the time it was made and the stop numbers it addressed', () => {
    let clock = 1_000;
    const store = createAppStore({ systemZone: 'UTC', now: () => clock });
    store.getState().addTimelineEdit({ kind: 'label', stopKey: 'a', label: 'Car park' }, [4]);
    clock = 2_000;
    store.getState().addTimelineEdit({ kind: 'merge', stopKeys: ['a', 'b'] }, [4, 5]);
    const log = store.getState().timelineEdits;
    expect(log).toEqual([
      { edit: { kind: 'label', stopKey: 'a', label: 'Car park', at: 1_000 }, stopNumbers: [4] },
      { edit: { kind: 'merge', stopKeys: ['a', 'b'], at: 2_000 }, stopNumbers: [4, 5] },
    ]);
    expect(editsOf(log).map((e) => e.kind)).toEqual(['label', 'merge']);
    store.getState().undoTimelineEdit();
    expect(store.getState().timelineEdits).toHaveLength(1);
    expect(store.getState().timelineEdits[0]!.edit.kind).toBe('label');
  });

  it('keeps the origin of a selection and counts selections, so the same one can move the map twice', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    store.getState().selectTimelineEntry('stop:a', 'list');
    const first = store.getState().timelineSelection!;
    store.getState().selectTimelineEntry('stop:a', 'list');
    const second = store.getState().timelineSelection!;
    expect(second.id).toBe('stop:a');
    expect(second.origin).toBe('list');
    expect(second.seq).toBeGreaterThan(first.seq);
    store.getState().selectTimelineEntry('stop:b', 'map');
    expect(store.getState().timelineSelection).toMatchObject({ id: 'stop:b', origin: 'map' });
    store.getState().selectTimelineEntry(null, 'list');
    expect(store.getState().timelineSelection).toBeNull();
  });

  it('stores per-source settings and drops a source whose settings are all cleared', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    store.getState().setSourceTimelineSettings('truck', { stopRadiusM: 80 });
    store.getState().setSourceTimelineSettings('truck', { clockOffsetMs: -30_000 });
    expect(store.getState().timelineSettings.perSource.truck).toEqual({
      stopRadiusM: 80,
      clockOffsetMs: -30_000,
    });
    store
      .getState()
      .setSourceTimelineSettings('truck', { stopRadiusM: undefined, clockOffsetMs: undefined });
    expect(store.getState().timelineSettings.perSource).toEqual({});
    // A typed-in nonsense value is not stored.
    const gapBefore = store.getState().timelineSettings.gapS;
    store.getState().setTimelineSettings({ gapS: Number.NaN });
    store.getState().setTimelineSettings({ gapS: -5 });
    expect(store.getState().timelineSettings.gapS).toBe(gapBefore);
    store.getState().setTimelineSettings({ gapS: 1200 });
    expect(store.getState().timelineSettings.gapS).toBe(1200);
  });

  it('toggles type and source filters', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    store.getState().toggleTimelineKind('move');
    store.getState().toggleTimelineSource('phone');
    expect(store.getState().timelineFilters).toMatchObject({
      hiddenKinds: ['move'],
      hiddenSources: ['phone'],
    });
    store.getState().toggleTimelineKind('move');
    expect(store.getState().timelineFilters.hiddenKinds).toEqual([]);
  });
});

describe('timeline rows', () => {
  const rows = buildTimelineRows(timeline(), [truckWithEvents()]);

  it('puts entries, photos and clock-corrected events in one time order', () => {
    expect(rows.map((r) => r.id)).toEqual([
      'stop:a',
      'event:truck:0',
      'move:' + (T0 + H),
      'stop:b',
      'photo:phone:0',
      'gap:' + (T0 + 3 * H),
    ]);
    // The event without a time is not placed anywhere; the placed one carries the offset.
    expect(rows.find((r) => r.kind === 'event')!.start).toBe(T0 + 11 * 60_000);
  });

  it('filters by type, by source (a shared stop stays while one of its sources is shown) and by time', () => {
    const noMoves = filterTimelineRows(rows, {
      hiddenKinds: ['move', 'event'],
      hiddenSources: [],
      range: null,
    });
    expect(noMoves.map((r) => r.kind)).toEqual(['stop', 'stop', 'photo', 'gap']);
    const noPhone = filterTimelineRows(rows, {
      hiddenKinds: [],
      hiddenSources: ['phone'],
      range: null,
    });
    expect(noPhone.map((r) => r.id)).toEqual(['stop:a', 'event:truck:0', 'move:' + (T0 + H)]);
    const evening = filterTimelineRows(rows, {
      hiddenKinds: [],
      hiddenSources: [],
      range: { start: T0 + 2.2 * H, end: T0 + 4 * H },
    });
    expect(evening.map((r) => r.id)).toEqual(['stop:b', 'photo:phone:0', 'gap:' + (T0 + 3 * H)]);
  });

  it('finds a stop by its row id and nothing for other ids', () => {
    const t = timeline();
    expect(stopOfId(t, 'stop:b')?.n).toBe(2);
    expect(stopOfId(t, 'move:1')).toBeNull();
    expect(stopOfId(t, 'stop:zz')).toBeNull();
  });

  it('windows thousands of rows to the ones in view', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length]!);
    const { tops, total } = rowOffsets(many);
    expect(total).toBe(many.reduce((sum, r) => sum + ROW_HEIGHT[r.kind], 0));
    const { first, last } = visibleRange(tops, total, 200_000, 600, 4);
    expect(last - first).toBeLessThan(40);
    expect(tops[first + 4]!).toBeLessThanOrEqual(200_000);
    expect(tops[last - 4]!).toBeLessThanOrEqual(200_600);
    expect(tops[last - 3] ?? Infinity).toBeGreaterThan(200_000);
    expect(visibleRange(new Float64Array(0), 0, 0, 600)).toEqual({ first: 0, last: -1 });
  });
});
