import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../renderer/src/store/store';
import { DEVICE_LAYER_KINDS, HISTORY_LIMIT } from '../../renderer/src/store/testimonySlice';
import { compareWithStops } from '../../shared/testimony/compare';
import type { TimelineStop } from '../../shared/timeline/types';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

function storeAt() {
  let clock = T0;
  const store = createAppStore({ locale: 'nl', systemZone: 'Europe/Brussels', now: () => clock });
  return { store, tick: (ms: number) => (clock += ms) };
}

describe('the testimony slice', () => {
  it('starts a hearing when the interview opens, in the UI language, at the time it opens', () => {
    const { store } = storeAt();
    expect(store.getState().testimony.hearings).toEqual([]);
    store.getState().openInterview();
    const s = store.getState();
    expect(s.interview.open).toBe(true);
    expect(s.testimony.hearings).toHaveLength(1);
    const hearing = s.testimony.hearings[0]!;
    expect(hearing).toMatchObject({ startedAt: T0, locale: 'nl', reference: '', witness: '' });
    expect(s.activeHearingId).toBe(hearing.id);
    // Leaving and coming back records into the same hearing.
    s.closeInterview();
    store.getState().openInterview();
    expect(store.getState().testimony.hearings).toHaveLength(1);
  });

  it('drops, labels, moves and removes pins credited to the witness', () => {
    const { store, tick } = storeAt();
    store.getState().openInterview();
    store.getState().updateHearing({ witness: 'W. One', reference: 'PV 12' });
    tick(60_000);
    const id = store.getState().addPin({ lat: 51.18, lon: 3.1, label: 'Jabbeke' });
    let pin = store.getState().testimony.pins[0]!;
    expect(pin).toMatchObject({
      id,
      label: 'Jabbeke',
      confidence: 'likely',
      indicatedBy: 'W. One',
      indicatedAt: T0 + 60_000,
      hearingId: store.getState().activeHearingId,
    });
    expect(store.getState().interview.selectedId).toBe(id);
    store.getState().updatePin(id, { label: 'Farm', confidence: 'certain', uncertaintyM: 200 });
    tick(30_000);
    store.getState().movePin(id, { lat: 51.19, lon: 3.11 });
    pin = store.getState().testimony.pins[0]!;
    expect(pin).toMatchObject({ label: 'Farm', confidence: 'certain', uncertaintyM: 200 });
    expect(pin).toMatchObject({ lat: 51.19, lon: 3.11, indicatedAt: T0 + 90_000 });
    store.getState().updatePin(id, { uncertaintyM: undefined });
    expect('uncertaintyM' in store.getState().testimony.pins[0]!).toBe(false);
    store.getState().removePin(id);
    expect(store.getState().testimony.pins).toEqual([]);
    expect(store.getState().interview.selectedId).toBeNull();
  });

  it('undoes and redoes every change, a typed label or a drag as one step', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    const id = store.getState().addPin({ lat: 51, lon: 3 });
    for (const label of ['F', 'Fa', 'Far', 'Farm']) store.getState().updatePin(id, { label });
    store.getState().updatePin(id, { confidence: 'uncertain' });
    for (let i = 1; i <= 5; i++) store.getState().movePin(id, { lat: 51 + i / 100, lon: 3 }, true);
    store.getState().selectTestimony(id); // the drag ends
    const pinNow = () => store.getState().testimony.pins[0];

    expect(pinNow()).toMatchObject({ label: 'Farm', confidence: 'uncertain', lat: 51.05 });
    store.getState().undoTestimony();
    expect(pinNow()).toMatchObject({ label: 'Farm', confidence: 'uncertain', lat: 51 });
    store.getState().undoTestimony();
    expect(pinNow()).toMatchObject({ label: 'Farm', confidence: 'likely' });
    store.getState().undoTestimony();
    expect(pinNow()).toMatchObject({ label: '' });
    store.getState().undoTestimony();
    expect(store.getState().testimony.pins).toEqual([]);
    // The hearing itself is not undone: pins never lose it.
    expect(store.getState().testimony.hearings).toHaveLength(1);
    store.getState().undoTestimony();
    expect(store.getState().testimony.hearings).toHaveLength(1);

    store.getState().redoTestimony();
    store.getState().redoTestimony();
    expect(pinNow()).toMatchObject({ label: 'Farm', confidence: 'likely' });
    // A new change drops what could be redone.
    store.getState().updatePin(id, { note: 'red gate' });
    expect(store.getState().testimonyFuture).toEqual([]);
    store.getState().redoTestimony();
    expect(pinNow()).toMatchObject({ confidence: 'likely', note: 'red gate' });
  });

  it('keeps a bounded history', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) store.getState().addPin({ lat: 50, lon: i / 100 });
    expect(store.getState().testimonyPast).toHaveLength(HISTORY_LIMIT);
  });

  it('sketches a route point by point; one point is not a route', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    store.getState().setInterviewTool('sketch');
    store.getState().addSketchPoint({ lat: 51, lon: 3 });
    expect(store.getState().finishSketch()).toBeNull();
    expect(store.getState().testimony.sketches).toEqual([]);

    store.getState().setInterviewTool('sketch');
    store.getState().addSketchPoint({ lat: 51, lon: 3 });
    store.getState().addSketchPoint({ lat: 51.1, lon: 3.1 });
    store.getState().addSketchPoint({ lat: 51.1, lon: 3.1 }); // the double-click's second click
    store.getState().addSketchPoint({ lat: 51.2, lon: 3.1 });
    const id = store.getState().finishSketch();
    const sketch = store.getState().testimony.sketches[0]!;
    expect(sketch.id).toBe(id);
    expect(sketch.points).toEqual([
      [3, 51],
      [3.1, 51.1],
      [3.1, 51.2],
    ]);
    expect(store.getState().interview).toMatchObject({ tool: 'pan', draft: null, selectedId: id });
    store.getState().updateSketch(id!, { label: 'by van' });
    store.getState().undoTestimony();
    expect(store.getState().testimony.sketches[0]!.label).toBe('');
    store.getState().undoTestimony();
    expect(store.getState().testimony.sketches).toEqual([]);
  });

  it('hides the device layers with one switch and restores them as they were', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    store.getState().setLayerVisible('photos', false);
    store.getState().setDeviceEvidenceHidden(true);
    for (const kind of DEVICE_LAYER_KINDS) expect(store.getState().layerVisible[kind]).toBe(false);
    expect(store.getState().layerVisible.testimony).toBe(true);
    store.getState().setDeviceEvidenceHidden(false);
    expect(store.getState().layerVisible.routes).toBe(true);
    expect(store.getState().layerVisible.photos).toBe(false);
    // Leaving the mode shows them again too.
    store.getState().setDeviceEvidenceHidden(true);
    store.getState().closeInterview();
    expect(store.getState().layerVisible.stops).toBe(true);
    expect(store.getState().interview.hiddenDevice).toBeNull();
  });

  it('never touches the evidence or the timeline', () => {
    const { store } = storeAt();
    const before = { entries: store.getState().entries, timeline: store.getState().timeline };
    store.getState().openInterview();
    store.getState().addPin({ lat: 51, lon: 3 });
    expect(store.getState().entries).toBe(before.entries);
    expect(store.getState().timeline).toBe(before.timeline);
  });

  it('compares a pin from the slice with the stops of the current timeline', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    const id = store.getState().addPin({ lat: 51.19, lon: 3.1 });
    store.getState().updatePin(id, {
      window: { start: T0 - 3_600_000, end: T0 + 3_600_000, description: 'that morning' },
    });
    const stops: TimelineStop[] = [
      {
        type: 'stop',
        n: 1,
        key: 'a',
        start: T0,
        end: T0 + 600_000,
        durationS: 600,
        lat: 51.1814,
        lon: 3.0953,
        radiusM: 100,
        origin: ['detected'],
        sources: ['truck'],
        evidence: [],
      },
    ];
    const cmp = compareWithStops(store.getState().testimony.pins[0]!, stops);
    expect(cmp).toMatchObject({ stopKey: 'a', overlap: 'overlaps' });
    expect(cmp!.distanceM).toBeLessThan(1100);
  });
});
