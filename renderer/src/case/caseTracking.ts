/**
 * Follows the store for what the case holds: marks the case dirty, records new timeline edits
 * for undo, reports the examiner's changes to the audit log (the Node side records imports,
 * exports, saves and opens itself), and autosaves after a quiet spell when the case has a path.
 */
import type { AppendAuditRequest, ItineraApi } from '../../../shared/api';
import type { AppState, AppStore } from '../store/store';
import { sourceEntries } from '../store/sourcesSlice';

/** Autosave after this long without a change (issue 10: "debounced"). */
export const AUTOSAVE_IDLE_MS = 30_000;
/** Settings typed digit by digit, pins dragged: one audit entry per burst. */
export const AUDIT_BURST_MS = 1_500;

interface Tracker {
  /** Runs `fn` without marking the case dirty or reporting anything (opening a case). */
  quietly(fn: () => void): void;
  isQuiet(): boolean;
  /** Edits undone or redone through the case history (not new edits). */
  historyMove(fn: () => boolean, action: 'undo' | 'redo'): boolean;
}

const trackers = new WeakMap<AppStore, Tracker & { quiet: number; moving: string | null }>();

export function caseTracking(store: AppStore): Tracker {
  let tracker = trackers.get(store);
  if (!tracker) {
    const t = {
      quiet: 0,
      moving: null as string | null,
      quietly(fn: () => void) {
        t.quiet++;
        try {
          fn();
        } finally {
          t.quiet--;
        }
      },
      isQuiet: () => t.quiet > 0,
      historyMove(fn: () => boolean, action: 'undo' | 'redo') {
        t.moving = action;
        try {
          return fn();
        } finally {
          t.moving = null;
        }
      },
    };
    tracker = t;
    trackers.set(store, tracker);
  }
  return tracker;
}

/** Undo of the last timeline edit, through the case history (Ctrl+Z, the Edit log). */
export function undoTimelineEdit(store: AppStore): boolean {
  return caseTracking(store).historyMove(() => store.getState().undoEdit(), 'undo');
}

export function redoTimelineEdit(store: AppStore): boolean {
  return caseTracking(store).historyMove(() => store.getState().redoEdit(), 'redo');
}

/** What a case holds, by slice field: a change to any marks the case dirty. */
function caseInputs(s: AppState) {
  return {
    entries: s.entries,
    timelineSettings: s.timelineSettings,
    timelineEdits: s.timelineEdits,
    displayZone: s.displayZone,
    cameraClocks: s.cameraClocks,
    photoTracks: s.photoTracks,
    testimony: s.testimony,
  };
}
type CaseInputs = ReturnType<typeof caseInputs>;

/** Only demo evidence and nothing of the examiner's: the fresh start, not a case to save. */
function onlyDemo(s: AppState): boolean {
  const sources = sourceEntries(s.entries);
  return (
    s.caseInfo?.path == null &&
    s.timelineEdits.length === 0 &&
    sources.length > 0 &&
    sources.every((e) => e.demo)
  );
}

export interface CaseTrackingOptions {
  autosaveMs?: number;
  auditBurstMs?: number;
  /** Saves the case quietly to its own path (caseActions.saveCase with `auto`). */
  autosave: () => Promise<unknown>;
}

/** Starts following the store; returns the function that stops it. */
export function startCaseTracking(
  store: AppStore,
  api: ItineraApi,
  opts: CaseTrackingOptions,
): () => void {
  caseTracking(store);
  const t = trackers.get(store)!;
  const autosaveMs = opts.autosaveMs ?? AUTOSAVE_IDLE_MS;
  const burstMs = opts.auditBurstMs ?? AUDIT_BURST_MS;
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  const bursts = new Map<string, ReturnType<typeof setTimeout>>();

  const report = (req: AppendAuditRequest): void => {
    api.appendAudit(req).catch((err: unknown) => {
      console.warn('itinera: could not record an audit entry', err);
    });
  };
  /** One entry per burst of the same kind of change (the latest details win). */
  const reportBurst = (key: string, req: () => AppendAuditRequest): void => {
    clearTimeout(bursts.get(key));
    bursts.set(
      key,
      setTimeout(() => {
        bursts.delete(key);
        report(req());
      }, burstMs),
    );
  };

  const scheduleAutosave = (): void => {
    clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(() => {
      const s = store.getState();
      if (!s.caseDirty || !s.caseInfo?.path) return;
      if (s.caseBusy) {
        scheduleAutosave();
        return;
      }
      void opts.autosave();
    }, autosaveMs);
  };

  let previous: CaseInputs = caseInputs(store.getState());
  const unsubscribe = store.subscribe((state) => {
    const next = caseInputs(state);
    const before = previous;
    previous = next;
    const changed = (Object.keys(next) as (keyof CaseInputs)[]).filter(
      (k) => next[k] !== before[k],
    );
    if (changed.length === 0) return;
    if (t.quiet > 0) return;

    if (changed.includes('timelineEdits')) {
      const prevEdits = before.timelineEdits;
      const nextEdits = next.timelineEdits;
      if (t.moving) {
        const moved =
          t.moving === 'undo' ? prevEdits[prevEdits.length - 1] : nextEdits[nextEdits.length - 1];
        report({
          action: moved?.edit.kind === 'exclude' ? 'exclude' : 'edit',
          details: { [t.moving]: moved?.edit.kind ?? '', at: moved?.edit.at ?? null },
        });
      } else if (
        nextEdits.length === prevEdits.length + 1 &&
        prevEdits.every((r, i) => nextEdits[i] === r)
      ) {
        const added = nextEdits[nextEdits.length - 1]!;
        state.recordTimelineEdit(added, prevEdits);
        report({
          action: added.edit.kind === 'exclude' ? 'exclude' : 'edit',
          details: {
            ...(added.edit as unknown as Record<string, unknown>),
            stops: added.stopNumbers,
          },
        });
      } else if (
        nextEdits.length === prevEdits.length - 1 &&
        nextEdits.every((r, i) => prevEdits[i] === r)
      ) {
        // The timeline's own "undo last edit": keep the case history in step.
        report({ action: 'edit', details: { undo: prevEdits[prevEdits.length - 1]!.edit.kind } });
      }
    }
    if (
      changed.some(
        (k) =>
          k === 'timelineSettings' ||
          k === 'displayZone' ||
          k === 'cameraClocks' ||
          k === 'photoTracks',
      )
    ) {
      reportBurst('setting', () => {
        const s = store.getState();
        return {
          action: 'setting',
          details: {
            gapS: s.timelineSettings.gapS,
            conflictSpeedKmh: s.timelineSettings.conflictSpeedKmh,
            mergeRadiusM: s.timelineSettings.mergeRadiusM,
            stopRadiusM: s.timelineSettings.stopRadiusM ?? null,
            stopMinS: s.timelineSettings.stopMinS ?? null,
            displayZone: s.displayZone,
            perSource: Object.keys(s.timelineSettings.perSource).length,
            coPresence: s.timelineSettings.coPresence.length,
            cameraClocks: s.cameraClocks,
          },
        };
      });
    }
    if (changed.includes('testimony')) {
      reportBurst('testimony', () => {
        const tm = store.getState().testimony;
        return {
          action: 'testimony',
          details: {
            hearings: tm.hearings.length,
            pins: tm.pins.length,
            sketches: tm.sketches.length,
          },
        };
      });
    }
    if (changed.includes('entries')) {
      const now = new Set(sourceEntries(next.entries).map((e) => e.source.id));
      const removed = sourceEntries(before.entries).filter((e) => !e.demo && !now.has(e.source.id));
      if (removed.length > 0 && sourceEntries(next.entries).length > 0) {
        report({
          action: 'remove-source',
          details: { sources: removed.map((e) => ({ id: e.source.id, label: e.source.label })) },
        });
      }
    }

    if (onlyDemo(state)) return;
    state.markCaseDirty();
    scheduleAutosave();
  });

  return () => {
    unsubscribe();
    clearTimeout(autosaveTimer);
    for (const timer of bursts.values()) clearTimeout(timer);
    bursts.clear();
  };
}
