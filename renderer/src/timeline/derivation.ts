/**
 * Keeps the timeline in step with its inputs: whenever the sources, the timeline settings,
 * the edits, the display zone or the camera clocks change, the timeline is derived again
 * (debounced, latest wins). The list keeps showing the previous result meanwhile.
 */
import type { Source } from '../../../shared/model';
import type { CameraClockChoice, TimelineSettings } from '../../../shared/timeline/types';
import type { AppState, AppStore } from '../store/store';
import { sourceEntries, type EvidenceEntry } from '../store/sourcesSlice';
import { editsOf } from '../store/timelineSlice';
import type { TimelineDeriver } from './timelineAsync';
import { afterRouteDraw } from '../map/routeLodGate';

/** A burst of edits (typing a radius) costs one derivation. */
export const DERIVE_DEBOUNCE_MS = 150;

/** The photos slice (helper P3) holds camera clocks; read without depending on its shape. */
function cameraClocksOf(state: AppState): Record<string, CameraClockChoice> | undefined {
  return (state as Partial<{ cameraClocks: Record<string, CameraClockChoice> }>).cameraClocks;
}

/** The photos panel keys its track choice by entry key; the derivation speaks source ids. */
function photoTracksOf(state: AppState): Record<string, string> {
  const idOf = new Map(sourceEntries(state.entries).map((e) => [e.key, e.source.id]));
  const out: Record<string, string> = {};
  for (const [photosKey, trackKey] of Object.entries(state.photoTracks)) {
    const photosId = idOf.get(photosKey);
    const trackId = idOf.get(trackKey);
    if (photosId !== undefined && trackId !== undefined) out[photosId] = trackId;
  }
  return out;
}

/** The settings handed to `deriveTimeline`, from everything the examiner chose. */
export function timelineSettingsOf(state: AppState): TimelineSettings {
  const s = state.timelineSettings;
  const cameraClocks = cameraClocksOf(state);
  return {
    ...(s.stopRadiusM !== undefined ? { stopRadiusM: s.stopRadiusM } : {}),
    ...(s.stopMinS !== undefined ? { stopMinS: s.stopMinS } : {}),
    gapS: s.gapS,
    conflictSpeedKmh: s.conflictSpeedKmh,
    mergeRadiusM: s.mergeRadiusM,
    displayZone: state.displayZone,
    perSource: s.perSource,
    coPresence: s.coPresence,
    ...(cameraClocks ? { cameraClocks } : {}),
    photoTracks: photoTracksOf(state),
    edits: editsOf(state.timelineEdits),
  };
}

/** The imported sources, each id once (the same file opened twice is one source). */
export function timelineSources(entries: readonly EvidenceEntry[]): Source[] {
  const seen = new Set<string>();
  const sources: Source[] = [];
  for (const entry of sourceEntries(entries)) {
    if (seen.has(entry.source.id)) continue;
    seen.add(entry.source.id);
    sources.push(entry.source);
  }
  return sources;
}

function inputsOf(state: AppState): unknown[] {
  return [
    state.entries,
    state.timelineSettings,
    state.timelineEdits,
    state.displayZone,
    cameraClocksOf(state),
    state.photoTracks,
  ];
}

/** Starts following the store; returns the function that stops it. */
export function startTimelineDerivation(
  store: AppStore,
  deriver: TimelineDeriver,
  debounceMs = DERIVE_DEBOUNCE_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelWait = () => {};
  let last: unknown[] = [];
  let stopped = false;

  const run = () => {
    const state = store.getState();
    const sources = timelineSources(state.entries);
    if (sources.length === 0) {
      store.setState({ timeline: null, timelineStatus: { state: 'idle' } });
      return;
    }
    state.setTimelineStatus({ state: 'deriving' });
    // Copying a large source to the worker and deriving it compete with drawing its route:
    // the route comes first (routeLodGate), the timeline a moment later.
    cancelWait = afterRouteDraw(() => derive(sources));
  };

  const derive = (sources: Source[]) => {
    const state = store.getState();
    void deriver.derive(sources, timelineSettingsOf(state)).then((outcome) => {
      if (stopped || !outcome) return;
      if (outcome.ok) store.getState().setTimeline(outcome.timeline, outcome.ms);
      else store.getState().setTimelineStatus({ state: 'error', message: outcome.message });
    });
  };

  const onChange = (state: AppState) => {
    const inputs = inputsOf(state);
    if (inputs.length === last.length && inputs.every((v, i) => v === last[i])) return;
    last = inputs;
    clearTimeout(timer);
    cancelWait();
    timer = setTimeout(run, debounceMs);
  };

  const unsubscribe = store.subscribe(onChange);
  onChange(store.getState());
  return () => {
    stopped = true;
    clearTimeout(timer);
    cancelWait();
    unsubscribe();
    deriver.dispose();
  };
}
