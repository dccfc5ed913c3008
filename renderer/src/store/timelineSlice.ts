/**
 * The timeline in the renderer: the examiner's settings and edits (the inputs of the
 * derivation, stored with the case), the derived result, what is selected and what the list
 * shows. The derivation itself runs in a worker (renderer/src/timeline/derivation.ts); this
 * slice only holds its inputs and output.
 */
import type { StateCreator } from 'zustand';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type {
  CoPresenceRequest,
  SourceTimelineSettings,
  Timeline,
  TimelineEdit,
} from '../../../shared/timeline/types';

/** What the list can show; stops, moves, gaps and conflicts are derived, photos and events are evidence. */
export type TimelineRowKind = 'stop' | 'move' | 'gap' | 'conflict' | 'photo' | 'event';
export const TIMELINE_ROW_KINDS: readonly TimelineRowKind[] = [
  'stop',
  'move',
  'gap',
  'conflict',
  'photo',
  'event',
];

/**
 * The case-level settings the examiner controls. The display zone lives in the UI slice (the
 * whole app shows times in it) and camera clocks in the photos slice; both are joined in
 * `timelineSettingsOf`.
 */
export interface CaseTimelineSettings {
  stopRadiusM?: number;
  stopMinS?: number;
  gapS: number;
  conflictSpeedKmh: number;
  mergeRadiusM: number;
  perSource: Record<string, SourceTimelineSettings>;
  coPresence: CoPresenceRequest[];
}

/**
 * The derivation's own defaults until the examiner changes them. The per-kind stop radius and
 * minimum duration stay absent: the derivation fills them in per source and reports them.
 */
const DEFAULTS = defaultTimelineSettings();
export const INITIAL_CASE_TIMELINE_SETTINGS: CaseTimelineSettings = {
  gapS: DEFAULTS.gapS,
  conflictSpeedKmh: DEFAULTS.conflictSpeedKmh,
  mergeRadiusM: DEFAULTS.mergeRadiusM,
  perSource: {},
  coPresence: [],
};

export interface TimelineFilters {
  /** Source ids whose entries are hidden; entries of several sources stay while one is shown. */
  hiddenSources: string[];
  hiddenKinds: TimelineRowKind[];
  /** Only entries overlapping [start, end] (UTC ms); null for the whole case. */
  range: { start: number; end: number } | null;
  /** Only the stops of this recurring place (`TimelineStop.placeGroup`); absent for all. */
  placeGroup?: number;
}

export const NO_TIMELINE_FILTERS: TimelineFilters = {
  hiddenSources: [],
  hiddenKinds: [],
  range: null,
  placeGroup: undefined,
};

export type TimelineStatus =
  | { state: 'idle' }
  | { state: 'deriving' }
  | { state: 'ready'; ms: number }
  | { state: 'error'; message: string };

/**
 * Where a selection came from: the list moves the map to it, the map scrolls the list to it.
 * `seq` grows with every selection, so selecting the same entry again still moves the map.
 */
export interface TimelineSelection {
  id: string;
  origin: 'list' | 'map';
  seq: number;
}

/** An edit as the log shows it: what was done, when, and which stop number it had then. */
export interface RecordedEdit {
  edit: TimelineEdit;
  /** Stop numbers the edit addressed when it was made (numbers change; keys do not). */
  stopNumbers: number[];
}

/** An edit as a component makes it; the slice stamps the time. */
export type NewTimelineEdit = TimelineEdit extends infer E
  ? E extends TimelineEdit
    ? Omit<E, 'at'>
    : never
  : never;

export interface TimelineSlice {
  timelineSettings: CaseTimelineSettings;
  timelineEdits: RecordedEdit[];
  timeline: Timeline | null;
  timelineStatus: TimelineStatus;
  timelineSelection: TimelineSelection | null;
  timelineFilters: TimelineFilters;
  setTimelineSettings(patch: Partial<Omit<CaseTimelineSettings, 'perSource'>>): void;
  /**
   * Asks when sources `a` and `b` were within `distanceM` of each other. A pair asked for
   * already (in either order) takes the new distance; a source paired with itself or a
   * distance that is not a positive number is ignored.
   */
  addCoPresencePair(a: string, b: string, distanceM: number): void;
  removeCoPresencePair(a: string, b: string): void;
  setSourceTimelineSettings(sourceId: string, patch: SourceTimelineSettings): void;
  addTimelineEdit(edit: NewTimelineEdit, stopNumbers: number[]): void;
  /** Takes back the most recent edit (the log keeps order: only the last can be undone). */
  undoTimelineEdit(): void;
  setTimelineStatus(status: TimelineStatus): void;
  setTimeline(timeline: Timeline, ms: number): void;
  selectTimelineEntry(id: string | null, origin: 'list' | 'map'): void;
  setTimelineFilters(patch: Partial<TimelineFilters>): void;
  toggleTimelineSource(sourceId: string): void;
  toggleTimelineKind(kind: TimelineRowKind): void;
}

/** The clock used to stamp edits; tests replace it. */
export type Clock = () => number;

export function createTimelineSlice(
  now: Clock = () => Date.now(),
): StateCreator<TimelineSlice, [], [], TimelineSlice> {
  return (set, get) => ({
    timelineSettings: INITIAL_CASE_TIMELINE_SETTINGS,
    timelineEdits: [],
    timeline: null,
    timelineStatus: { state: 'idle' },
    timelineSelection: null,
    timelineFilters: NO_TIMELINE_FILTERS,

    setTimelineSettings(patch) {
      const clean = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v === undefined || isSane(v)),
      );
      set((s) => ({ timelineSettings: dropUndefined({ ...s.timelineSettings, ...clean }) }));
    },

    addCoPresencePair(a, b, distanceM) {
      if (a === b || !a || !b || !(Number.isFinite(distanceM) && distanceM > 0)) return;
      set((s) => {
        const list = s.timelineSettings.coPresence;
        const at = list.findIndex((r) => samePair(r, a, b));
        const coPresence =
          at >= 0
            ? list.map((r, i) => (i === at ? { ...r, distanceM } : r))
            : [...list, { a, b, distanceM }];
        return { timelineSettings: { ...s.timelineSettings, coPresence } };
      });
    },

    removeCoPresencePair(a, b) {
      set((s) => ({
        timelineSettings: {
          ...s.timelineSettings,
          coPresence: s.timelineSettings.coPresence.filter((r) => !samePair(r, a, b)),
        },
      }));
    },

    setSourceTimelineSettings(sourceId, patch) {
      set((s) => {
        const merged = dropUndefined({ ...s.timelineSettings.perSource[sourceId], ...patch });
        const perSource = Object.fromEntries(
          Object.entries(s.timelineSettings.perSource).filter(([id]) => id !== sourceId),
        );
        if (Object.keys(merged).length > 0) perSource[sourceId] = merged;
        return { timelineSettings: { ...s.timelineSettings, perSource } };
      });
    },

    addTimelineEdit(edit, stopNumbers) {
      const stamped = { ...edit, at: now() } as TimelineEdit;
      set((s) => ({ timelineEdits: [...s.timelineEdits, { edit: stamped, stopNumbers }] }));
    },

    undoTimelineEdit() {
      if (get().timelineEdits.length === 0) return;
      set((s) => ({ timelineEdits: s.timelineEdits.slice(0, -1) }));
    },

    setTimelineStatus(status) {
      set({ timelineStatus: status });
    },

    setTimeline(timeline, ms) {
      set({ timeline, timelineStatus: { state: 'ready', ms } });
    },

    selectTimelineEntry(id, origin) {
      set((s) => ({
        timelineSelection:
          id === null ? null : { id, origin, seq: (s.timelineSelection?.seq ?? 0) + 1 },
      }));
    },

    setTimelineFilters(patch) {
      set((s) => ({ timelineFilters: { ...s.timelineFilters, ...patch } }));
    },

    toggleTimelineSource(sourceId) {
      set((s) => ({
        timelineFilters: {
          ...s.timelineFilters,
          hiddenSources: toggled(s.timelineFilters.hiddenSources, sourceId),
        },
      }));
    },

    toggleTimelineKind(kind) {
      set((s) => ({
        timelineFilters: {
          ...s.timelineFilters,
          hiddenKinds: toggled(s.timelineFilters.hiddenKinds, kind),
        },
      }));
    },
  });
}

/** The edits in the order the derivation applies them. */
export function editsOf(recorded: readonly RecordedEdit[]): TimelineEdit[] {
  return recorded.map((r) => r.edit);
}

/** Co-presence is symmetric: a pair is the same whichever source was named first. */
export function samePair(request: CoPresenceRequest, a: string, b: string): boolean {
  return (request.a === a && request.b === b) || (request.a === b && request.b === a);
}

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** A typed-in setting that is not a finite, non-negative number is ignored, not stored. */
function isSane(value: unknown): boolean {
  return typeof value !== 'number' || (Number.isFinite(value) && value >= 0);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
