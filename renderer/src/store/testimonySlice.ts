/**
 * What witnesses pointed out during hearings (issue 9), and the interview screen's own state.
 * Testimony lives apart from the evidence slices: nothing here feeds the timeline derivation.
 * Every change to the testimony is undoable: the slice keeps the earlier versions, and a run of
 * edits to the same field (typing a label, dragging a pin) counts as one step.
 */
import type { StateCreator } from 'zustand';
import type { Locale } from '../../../shared/i18n';
import {
  EMPTY_TESTIMONY,
  type Hearing,
  type PinConfidence,
  type Testimony,
  type TestimonyPin,
  type TestimonySketch,
} from '../../../shared/testimony/types';
import type { LayerKind, LayersSlice } from './layersSlice';

/** Layers that show what devices recorded; the "hide device evidence" switch turns them off. */
export const DEVICE_LAYER_KINDS: readonly LayerKind[] = [
  'routes',
  'stops',
  'conflicts',
  'events',
  'photos',
  'accuracy',
  'sectors',
];

export type InterviewTool = 'pan' | 'pin' | 'sketch';

export interface MapPoint {
  lat: number;
  lon: number;
}

export interface InterviewState {
  open: boolean;
  tool: InterviewTool;
  /** Device evidence hidden so the witness is not led by it; the layers as they were before. */
  hiddenDevice: Partial<Record<LayerKind, boolean>> | null;
  /** A pin or sketch id. */
  selectedId: string | null;
  /** The route being sketched, [lon, lat] pairs. */
  draft: [number, number][] | null;
  /** A search result or coordinate reading shown on the map before jumping to it. */
  preview: (MapPoint & { label: string }) | null;
  /** The map flies there when `seq` changes. */
  flyTo: (MapPoint & { zoom: number; seq: number }) | null;
  /** A point to describe from the gazetteer (right-click on the map). */
  lookup: (MapPoint & { seq: number }) | null;
}

export const CLOSED_INTERVIEW: InterviewState = {
  open: false,
  tool: 'pan',
  hiddenDevice: null,
  selectedId: null,
  draft: null,
  preview: null,
  flyTo: null,
  lookup: null,
};

/** Versions kept for undo. */
export const HISTORY_LIMIT = 200;

export type PinPatch = Partial<
  Pick<
    TestimonyPin,
    'label' | 'note' | 'confidence' | 'indicatedBy' | 'uncertaintyM' | 'window' | 'indicatedAt'
  >
>;
export type SketchPatch = Partial<Pick<TestimonySketch, 'label' | 'note' | 'confidence'>>;
export type HearingPatch = Partial<
  Pick<Hearing, 'reference' | 'witness' | 'interviewer' | 'startedAt'>
>;

export interface TestimonySlice {
  testimony: Testimony;
  /** The hearing the interview screen records into. */
  activeHearingId: string | null;
  testimonyPast: Testimony[];
  testimonyFuture: Testimony[];
  interview: InterviewState;

  /** Opens the interview screen; starts a hearing (now, in the UI language) when none is active. */
  openInterview(): void;
  closeInterview(): void;
  /** Starts a further hearing (another witness) and records into it. */
  startHearing(): string;
  /** Records into another existing hearing; the pins list and the map selection follow it. */
  selectHearing(id: string): void;
  updateHearing(patch: HearingPatch): void;
  setInterviewTool(tool: InterviewTool): void;
  setDeviceEvidenceHidden(hidden: boolean): void;

  /** Drops a pin for the active hearing, credited to its witness; returns its id. */
  addPin(at: MapPoint & { label?: string }): string;
  /** Moves a pin; `indicatedAt` becomes now. Moves of one drag (`dragging`) are one undo step. */
  movePin(id: string, at: MapPoint, dragging?: boolean): void;
  updatePin(id: string, patch: PinPatch): void;
  removePin(id: string): void;

  startSketch(): void;
  addSketchPoint(at: MapPoint): void;
  /** Keeps the draft as a sketch when it has two points or more; returns its id. */
  finishSketch(): string | null;
  cancelSketch(): void;
  updateSketch(id: string, patch: SketchPatch): void;
  removeSketch(id: string): void;

  undoTestimony(): void;
  redoTestimony(): void;

  selectTestimony(id: string | null): void;
  setSearchPreview(preview: (MapPoint & { label: string }) | null): void;
  flyToPoint(at: MapPoint, zoom: number): void;
  lookUpPoint(at: MapPoint): void;
}

type Host = TestimonySlice & LayersSlice & { locale: Locale };

export function createTestimonySlice(
  now: () => number = Date.now,
): StateCreator<Host, [], [], TestimonySlice> {
  let counter = 0;
  const newId = (prefix: string) => `${prefix}-${now().toString(36)}-${(++counter).toString(36)}`;

  return (set, get) => {
    /** The key of the edit run the last history entry belongs to. */
    let runKey: string | null = null;

    const commit = (next: Testimony, run: string | null = null) => {
      const s = get();
      if (run !== null && run === runKey) {
        set({ testimony: next, testimonyFuture: [] });
        return;
      }
      runKey = run;
      set({
        testimony: next,
        testimonyPast: [...s.testimonyPast, s.testimony].slice(-HISTORY_LIMIT),
        testimonyFuture: [],
      });
    };

    const makeHearing = (): Hearing => ({
      id: newId('hearing'),
      reference: '',
      witness: '',
      interviewer: '',
      startedAt: now(),
      locale: get().locale,
    });

    const patchPin = (id: string, patch: Partial<TestimonyPin>, run: string | null) => {
      const t = get().testimony;
      if (!t.pins.some((p) => p.id === id)) return;
      commit({ ...t, pins: t.pins.map((p) => (p.id === id ? withPatch(p, patch) : p)) }, run);
    };

    const setInterview = (patch: Partial<InterviewState>) =>
      set((s) => ({ interview: { ...s.interview, ...patch } }));

    const restoreDevice = () => {
      const hidden = get().interview.hiddenDevice;
      if (!hidden) return;
      for (const kind of DEVICE_LAYER_KINDS) {
        const was = hidden[kind];
        if (was !== undefined) get().setLayerVisible(kind, was);
      }
      setInterview({ hiddenDevice: null });
    };

    return {
      testimony: EMPTY_TESTIMONY,
      activeHearingId: null,
      testimonyPast: [],
      testimonyFuture: [],
      interview: CLOSED_INTERVIEW,

      openInterview() {
        if (get().interview.open) return;
        const active = get().activeHearingId;
        if (!active || !get().testimony.hearings.some((h) => h.id === active)) get().startHearing();
        setInterview({ open: true, tool: 'pan' });
      },
      closeInterview() {
        restoreDevice();
        runKey = null;
        set({ interview: CLOSED_INTERVIEW });
      },
      startHearing() {
        // Starting a hearing is not an undoable step: it joins every kept version, so undo
        // never leaves pins without their hearing.
        const hearing = makeHearing();
        const add = (t: Testimony): Testimony => ({ ...t, hearings: [...t.hearings, hearing] });
        const s = get();
        set({
          testimony: add(s.testimony),
          testimonyPast: s.testimonyPast.map(add),
          testimonyFuture: s.testimonyFuture.map(add),
          activeHearingId: hearing.id,
        });
        runKey = null;
        setInterview({ selectedId: null, draft: null });
        return hearing.id;
      },
      selectHearing(id) {
        if (id === get().activeHearingId) return;
        if (!get().testimony.hearings.some((h) => h.id === id)) return;
        if (get().interview.draft) get().finishSketch();
        runKey = null;
        set({ activeHearingId: id });
        setInterview({ selectedId: null });
      },
      updateHearing(patch) {
        const id = get().activeHearingId;
        const t = get().testimony;
        if (!id) return;
        const keys = Object.keys(patch).sort().join(',');
        commit(
          { ...t, hearings: t.hearings.map((h) => (h.id === id ? { ...h, ...patch } : h)) },
          `hearing:${id}:${keys}`,
        );
      },
      setInterviewTool(tool) {
        if (get().interview.draft && tool !== 'sketch') get().finishSketch();
        runKey = null;
        setInterview({ tool, ...(tool === 'sketch' ? {} : { draft: null }) });
        if (tool === 'sketch') get().startSketch();
      },
      setDeviceEvidenceHidden(hidden) {
        if (!hidden) {
          restoreDevice();
          return;
        }
        if (get().interview.hiddenDevice) return;
        const before: Partial<Record<LayerKind, boolean>> = {};
        for (const kind of DEVICE_LAYER_KINDS) {
          before[kind] = get().layerVisible[kind];
          get().setLayerVisible(kind, false);
        }
        setInterview({ hiddenDevice: before });
      },

      addPin(at) {
        let hearingId = get().activeHearingId;
        if (!hearingId) hearingId = get().startHearing();
        const hearing = get().testimony.hearings.find((h) => h.id === hearingId);
        const pin: TestimonyPin = {
          id: newId('pin'),
          hearingId,
          lat: at.lat,
          lon: at.lon,
          label: at.label ?? '',
          note: '',
          confidence: 'likely',
          indicatedBy: hearing?.witness ?? '',
          indicatedAt: now(),
        };
        const t = get().testimony;
        commit({ ...t, pins: [...t.pins, pin] });
        setInterview({ selectedId: pin.id });
        return pin.id;
      },
      movePin(id, at, dragging = false) {
        patchPin(
          id,
          { lat: at.lat, lon: at.lon, indicatedAt: now() },
          dragging ? `move:${id}` : null,
        );
        if (!dragging) runKey = null;
      },
      updatePin(id, patch) {
        patchPin(id, patch, `pin:${id}:${Object.keys(patch).sort().join(',')}`);
      },
      removePin(id) {
        const t = get().testimony;
        if (!t.pins.some((p) => p.id === id)) return;
        commit({ ...t, pins: t.pins.filter((p) => p.id !== id) });
        if (get().interview.selectedId === id) setInterview({ selectedId: null });
      },

      startSketch() {
        setInterview({ draft: [], tool: 'sketch' });
      },
      addSketchPoint(at) {
        const draft = get().interview.draft ?? [];
        const last = draft.at(-1);
        // A double-click arrives as two clicks on the same spot: keep one point.
        if (last && last[0] === at.lon && last[1] === at.lat) return;
        setInterview({ draft: [...draft, [at.lon, at.lat]] });
      },
      finishSketch() {
        const draft = get().interview.draft;
        setInterview({ draft: null, tool: 'pan' });
        if (!draft || draft.length < 2) return null;
        let hearingId = get().activeHearingId;
        if (!hearingId) hearingId = get().startHearing();
        const sketch: TestimonySketch = {
          id: newId('sketch'),
          hearingId,
          label: '',
          note: '',
          points: draft,
          confidence: 'likely',
          indicatedAt: now(),
        };
        const t = get().testimony;
        commit({ ...t, sketches: [...t.sketches, sketch] });
        setInterview({ selectedId: sketch.id });
        return sketch.id;
      },
      cancelSketch() {
        setInterview({ draft: null, tool: 'pan' });
      },
      updateSketch(id, patch) {
        const t = get().testimony;
        if (!t.sketches.some((s) => s.id === id)) return;
        commit(
          { ...t, sketches: t.sketches.map((s) => (s.id === id ? { ...s, ...patch } : s)) },
          `sketch:${id}:${Object.keys(patch).sort().join(',')}`,
        );
      },
      removeSketch(id) {
        const t = get().testimony;
        if (!t.sketches.some((s) => s.id === id)) return;
        commit({ ...t, sketches: t.sketches.filter((s) => s.id !== id) });
        if (get().interview.selectedId === id) setInterview({ selectedId: null });
      },

      undoTestimony() {
        const { testimonyPast: past, testimony, testimonyFuture: future } = get();
        const previous = past.at(-1);
        if (!previous) return;
        runKey = null;
        set({
          testimony: previous,
          testimonyPast: past.slice(0, -1),
          testimonyFuture: [testimony, ...future],
        });
      },
      redoTestimony() {
        const { testimonyPast: past, testimony, testimonyFuture: future } = get();
        const next = future[0];
        if (!next) return;
        runKey = null;
        set({
          testimony: next,
          testimonyPast: [...past, testimony],
          testimonyFuture: future.slice(1),
        });
      },

      selectTestimony(id) {
        runKey = null;
        setInterview({ selectedId: id });
      },
      setSearchPreview(preview) {
        setInterview({ preview });
      },
      flyToPoint(at, zoom) {
        const seq = (get().interview.flyTo?.seq ?? 0) + 1;
        setInterview({ flyTo: { lat: at.lat, lon: at.lon, zoom, seq } });
      },
      lookUpPoint(at) {
        const seq = (get().interview.lookup?.seq ?? 0) + 1;
        setInterview({ lookup: { lat: at.lat, lon: at.lon, seq } });
      },
    };
  };
}

/** Optional fields set to undefined are removed, so a cleared radius or window is gone. */
function withPatch(pin: TestimonyPin, patch: Partial<TestimonyPin>): TestimonyPin {
  const next: TestimonyPin = { ...pin, ...patch };
  if ('uncertaintyM' in patch && patch.uncertaintyM === undefined) delete next.uncertaintyM;
  if ('window' in patch && patch.window === undefined) delete next.window;
  return next;
}

/** The pins and sketches of one hearing. */
export function hearingTestimony(
  testimony: Testimony,
  hearingId: string | null,
): { pins: TestimonyPin[]; sketches: TestimonySketch[] } {
  return {
    pins: testimony.pins.filter((p) => p.hearingId === hearingId),
    sketches: testimony.sketches.filter((s) => s.hearingId === hearingId),
  };
}

export const CONFIDENCES: readonly PinConfidence[] = ['certain', 'likely', 'uncertain'];
