/**
 * Several hearings in one case: "New hearing" records into a fresh one (no pin selected, the
 * pins list of the new hearing empty), and choosing an earlier hearing brings its pins back.
 */
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../renderer/src/store/store';
import { hearingTestimony } from '../../renderer/src/store/testimonySlice';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

function storeAt() {
  let clock = T0;
  const store = createAppStore({ locale: 'fr', systemZone: 'Europe/Brussels', now: () => clock });
  return { store, tick: (ms: number) => (clock += ms) };
}

describe('hearings', () => {
  it('starts a new hearing and switches between them, each with its own pins', () => {
    const { store, tick } = storeAt();
    store.getState().openInterview();
    const first = store.getState().activeHearingId!;
    store.getState().updateHearing({ reference: 'PV 1', witness: 'A' });
    store.getState().addPin({ lat: 51.18, lon: 3.09, label: 'farm' });
    expect(store.getState().interview.selectedId).not.toBeNull();

    tick(3_600_000);
    const second = store.getState().startHearing();
    let s = store.getState();
    expect(second).not.toBe(first);
    expect(s.activeHearingId).toBe(second);
    expect(s.interview.selectedId).toBeNull();
    expect(s.testimony.hearings.map((h) => h.id)).toEqual([first, second]);
    expect(s.testimony.hearings[1]).toMatchObject({ startedAt: T0 + 3_600_000, locale: 'fr' });
    expect(hearingTestimony(s.testimony, second).pins).toEqual([]);

    // Pins go to the hearing being recorded, credited to its witness.
    store.getState().updateHearing({ witness: 'B' });
    store.getState().addPin({ lat: 50.85, lon: 4.35, label: 'garage' });
    s = store.getState();
    expect(hearingTestimony(s.testimony, second).pins.map((p) => [p.label, p.indicatedBy])).toEqual(
      [['garage', 'B']],
    );
    expect(s.testimony.hearings.find((h) => h.id === first)?.witness).toBe('A');

    store.getState().selectHearing(first);
    s = store.getState();
    expect(s.activeHearingId).toBe(first);
    expect(s.interview.selectedId).toBeNull();
    expect(hearingTestimony(s.testimony, first).pins.map((p) => p.label)).toEqual(['farm']);
    // Edits now go to the first hearing.
    store.getState().updateHearing({ reference: 'PV 1 bis' });
    expect(store.getState().testimony.hearings.map((h) => h.reference)).toEqual(['PV 1 bis', '']);
  });

  it('ignores an unknown hearing and keeps a sketch being drawn', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    const first = store.getState().activeHearingId!;
    const second = store.getState().startHearing();
    store.getState().selectHearing('nope');
    expect(store.getState().activeHearingId).toBe(second);

    store.getState().setInterviewTool('sketch');
    store.getState().addSketchPoint({ lat: 51, lon: 3 });
    store.getState().addSketchPoint({ lat: 51.01, lon: 3.01 });
    store.getState().selectHearing(first);
    const s = store.getState();
    // The route drawn so far is kept, in the hearing it was drawn in.
    expect(s.interview.draft).toBeNull();
    expect(hearingTestimony(s.testimony, second).sketches).toHaveLength(1);
    expect(hearingTestimony(s.testimony, first).sketches).toHaveLength(0);
  });

  it('undo after a new hearing never leaves pins without their hearing', () => {
    const { store } = storeAt();
    store.getState().openInterview();
    store.getState().addPin({ lat: 1, lon: 1 });
    const second = store.getState().startHearing();
    store.getState().addPin({ lat: 2, lon: 2 });
    store.getState().undoTestimony();
    store.getState().undoTestimony();
    const s = store.getState();
    expect(s.testimony.pins).toEqual([]);
    expect(s.testimony.hearings.map((h) => h.id)).toContain(second);
  });
});
