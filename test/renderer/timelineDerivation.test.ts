import { describe, expect, it, vi } from 'vitest';
import type { Source } from '../../shared/model';
import type { Timeline, TimelineSettings } from '../../shared/timeline/types';
import { createAppStore } from '../../renderer/src/store/store';
import {
  startTimelineDerivation,
  timelineSettingsOf,
} from '../../renderer/src/timeline/derivation';
import {
  createTimelineDeriver,
  workerRequest,
  type DeriveHere,
} from '../../renderer/src/timeline/timelineAsync';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);
const MIN = 60_000;

function emptyTimeline(tag: string): Timeline {
  return {
    version: 1,
    parameters: {
      gapS: 0,
      conflictSpeedKmh: 0,
      mergeRadiusM: 0,
      displayZone: tag,
      perSource: {},
      edits: 0,
    },
    entries: [],
    coPresence: [],
    photos: [],
  };
}

/** A derivation that waits until the test releases it, recording what it was asked. */
function gatedDerive() {
  const calls: string[] = [];
  const gates: (() => void)[] = [];
  const derive: DeriveHere = (_sources, settings) => {
    calls.push(settings.displayZone);
    return new Promise((resolve) => gates.push(() => resolve(emptyTimeline(settings.displayZone))));
  };
  return { calls, gates, derive };
}

const settings = (zone: string): TimelineSettings => ({
  gapS: 900,
  conflictSpeedKmh: 250,
  mergeRadiusM: 250,
  displayZone: zone,
  perSource: {},
  coPresence: [],
  edits: [],
});

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('timeline deriver (latest wins)', () => {
  it('runs one derivation at a time, skips requests overtaken while waiting, drops stale results', async () => {
    const { calls, gates, derive } = gatedDerive();
    const deriver = createTimelineDeriver({
      makeWorker: () => null,
      deriveHere: derive,
      gazetteerUrl: null,
    });
    const source = [fakeSource('a', [[50, 4, T0]])];
    const first = deriver.derive(source, settings('one'));
    await tick();
    const second = deriver.derive(source, settings('two'));
    const third = deriver.derive(source, settings('three'));
    // 'two' was overtaken before it started: never run, resolved as stale.
    expect(await second).toBeNull();
    expect(calls).toEqual(['one']);
    gates[0]!();
    // 'one' finished after 'three' was asked for: its result is stale too.
    expect(await first).toBeNull();
    await tick();
    expect(calls).toEqual(['one', 'three']);
    gates[1]!();
    const result = await third;
    expect(result && result.ok && result.timeline.parameters.displayZone).toBe('three');
    deriver.dispose();
  });

  it('copies the fix columns for the worker and transfers only the copies', () => {
    const source = fakeSource('a', [
      [50, 4, T0],
      [50.1, 4.1, T0 + MIN],
    ]);
    const { request, transfer } = workerRequest(7, [source], settings('UTC'), null);
    const sent = request.sources[0]!;
    expect(sent.fixes.lat).not.toBe(source.fixes.lat);
    expect([...sent.fixes.lat]).toEqual([...source.fixes.lat]);
    expect(transfer).toContain(sent.fixes.lat.buffer);
    expect(transfer).not.toContain(source.fixes.lat.buffer);
    expect(transfer).toHaveLength(4); // t, lat, lon, fixTimeBasis
  });
});

describe('timeline derivation follows the store', () => {
  it('derives with the display zone and edits, again after an edit, and clears with no sources', async () => {
    const store = createAppStore({ systemZone: 'Europe/Brussels', now: () => 42 });
    const seen: TimelineSettings[] = [];
    const deriver = createTimelineDeriver({
      makeWorker: () => null,
      gazetteerUrl: null,
      deriveHere: async (_s: readonly Source[], st) => {
        seen.push(st);
        return emptyTimeline(st.displayZone);
      },
    });
    const stop = startTimelineDerivation(store, deriver, 1);
    await tick();
    expect(seen).toHaveLength(0); // nothing imported yet
    expect(store.getState().timeline).toBeNull();

    store
      .getState()
      .addResults([{ ok: true, path: '/a.gpx', source: fakeSource('a', [[50, 4, T0]]) }], {
        demo: false,
      });
    await vi.waitFor(() => expect(store.getState().timelineStatus.state).toBe('ready'));
    expect(seen.at(-1)!.displayZone).toBe('Europe/Brussels');

    store.getState().addTimelineEdit({ kind: 'label', stopKey: 'k', label: 'Home' }, [1]);
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]!.edits).toEqual([{ kind: 'label', stopKey: 'k', label: 'Home', at: 42 }]);
    expect(timelineSettingsOf(store.getState()).edits).toHaveLength(1);

    // A change that is not an input (selection) derives nothing.
    store.getState().selectTimelineEntry('stop:k', 'list');
    await tick();
    expect(seen).toHaveLength(2);
    stop();
  });

  it('derives a real timeline with the shared derivation on this thread', async () => {
    const store = createAppStore({ systemZone: 'UTC' });
    // Half an hour parked, a drive of 20 km, half an hour parked: two stops and a move.
    const points: [number, number, number][] = [];
    for (let i = 0; i <= 30; i++) points.push([51.2, 3.0, T0 + i * MIN]);
    for (let i = 1; i <= 20; i++) points.push([51.2, 3.0 + i * 0.0143, T0 + (30 + i) * MIN]);
    for (let i = 1; i <= 30; i++) points.push([51.2, 3.286, T0 + (50 + i) * MIN]);
    const track = { ...fakeSource('truck', points), kind: 'tracker' as const };
    store.getState().addResults([{ ok: true, path: '/t.csv', source: track }], { demo: false });
    const stop = startTimelineDerivation(
      store,
      createTimelineDeriver({ makeWorker: () => null, gazetteerUrl: null }),
      1,
    );
    await vi.waitFor(() => expect(store.getState().timelineStatus.state).toBe('ready'), {
      timeout: 10_000,
    });
    const entries = store.getState().timeline!.entries;
    const stops = entries.filter((e) => e.type === 'stop');
    expect(stops.map((s) => s.n)).toEqual([1, 2]);
    expect(entries.some((e) => e.type === 'move')).toBe(true);
    stop();
  });
});
