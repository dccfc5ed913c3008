/**
 * Case commands: new, open, save, save as, verify evidence, the audit log. A save collects what
 * the slices hold; an open checks the whole file on the Node side first and only then spreads
 * it over the slices, so a file that cannot be opened changes nothing.
 */
import type {
  CaseOpened,
  EvidenceVerification,
  ImportedSource,
  ItineraApi,
  SaveCaseRequest,
} from '../../../shared/api';
import type { CaseSection } from '../../../shared/case/format';
import { CASE_FILE_EXTENSION } from '../../../shared/case/format';
import { t } from '../../../shared/i18n';
import { EMPTY_TESTIMONY, type Testimony } from '../../../shared/testimony/types';
import type { TimelineSettings } from '../../../shared/timeline/types';
import { fitToSources } from '../actions';
import { routeColour } from '../map/palette';
import type { AppState, AppStore } from '../store/store';
import type { SourceEntry } from '../store/sourcesSlice';
import {
  INITIAL_CASE_TIMELINE_SETTINGS,
  NO_TIMELINE_FILTERS,
  type RecordedEdit,
} from '../store/timelineSlice';
import { timelineSettingsOf, timelineSources } from '../timeline/derivation';
import { caseTracking } from './caseTracking';

/** `[code] message` as the bridge and the preload report errors. */
export function splitApiError(err: unknown): { code: string; message: string } {
  const text = err instanceof Error ? err.message : String(err);
  const match = /^\[([\w.-]+)\]\s*([\s\S]*)$/.exec(text);
  return match ? { code: match[1]!, message: match[2]! } : { code: 'api.failed', message: text };
}

const STOP_NUMBERS_KIND = 'edit-stop-numbers';
const TESTIMONY_KIND = 'testimony';

/** What the renderer holds of the case, as `saveCase` takes it. */
export function casePartsOf(state: AppState): Omit<SaveCaseRequest, 'path' | 'auto'> {
  const annotations: CaseSection[] = [
    { kind: STOP_NUMBERS_KIND, numbers: state.timelineEdits.map((r) => r.stopNumbers) },
  ];
  return {
    sources: timelineSources(state.entries) as ImportedSource[],
    timeline: timelineSettingsOf(state),
    testimony: [{ kind: TESTIMONY_KIND, ...state.testimony }],
    annotations,
  };
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A file name from the case title: characters no file system takes become `_`. */
function defaultCaseName(state: AppState): string {
  const title = state.caseInfo?.title.trim() || 'case';
  const safe = Array.from(title, (ch) =>
    ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch,
  ).join('');
  return `${safe.slice(0, 120)}${CASE_FILE_EXTENSION}`;
}

/**
 * Saves the case: to its own path, or (save as, or never saved) to a path the examiner picks.
 * Resolves to false when cancelled or failed (the problem is shown).
 */
export async function saveCase(
  store: AppStore,
  api: ItineraApi,
  opts: { saveAs?: boolean; auto?: boolean } = {},
): Promise<boolean> {
  const state = store.getState();
  let path: string | undefined;
  if (opts.saveAs || !state.caseInfo?.path) {
    if (opts.auto) return false;
    const picked = await api.pickCasePath({
      purpose: 'save',
      defaultName: defaultCaseName(state),
    });
    if (!picked) return false;
    path = picked;
  }
  const revision = store.getState().caseRevision;
  store.getState().setCaseBusy('saving');
  try {
    const saved = await api.saveCase({
      ...casePartsOf(store.getState()),
      ...(path !== undefined ? { path } : {}),
      ...(opts.auto ? { auto: true } : {}),
    });
    const s = store.getState();
    s.setCaseInfo(saved);
    s.markCaseSaved(revision);
    s.setCaseProblem(null);
    if (!opts.auto) s.addNotice('case.saved', { name: fileName(saved.path) });
    return true;
  } catch (err) {
    store.getState().setCaseProblem({ kind: 'save', ...splitApiError(err) });
    return false;
  } finally {
    store.getState().setCaseBusy(null);
  }
}

function confirmDiscard(store: AppStore, confirm: (text: string) => boolean): boolean {
  const s = store.getState();
  if (!s.caseDirty) return true;
  return confirm(t(s.locale, 'case.confirmDiscard'));
}

export interface CaseCommandOptions {
  /** Asks before unsaved changes are dropped; `window.confirm` in the app. */
  confirm?: (text: string) => boolean;
}

const defaultConfirm = (text: string): boolean =>
  typeof window === 'undefined' || typeof window.confirm !== 'function'
    ? true
    : window.confirm(text);

/** Starts an empty case. */
export async function newCase(
  store: AppStore,
  api: ItineraApi,
  opts: CaseCommandOptions = {},
): Promise<boolean> {
  if (!confirmDiscard(store, opts.confirm ?? defaultConfirm)) return false;
  const summary = await api.newCase({});
  caseTracking(store).quietly(() => {
    resetCaseContent(store);
    store.getState().setCaseInfo(summary);
  });
  store.getState().setCaseProblem(null);
  return true;
}

/** Opens a case: `path` from the recent list, or one the examiner picks. */
export async function openCase(
  store: AppStore,
  api: ItineraApi,
  path?: string,
  opts: CaseCommandOptions = {},
): Promise<boolean> {
  if (!confirmDiscard(store, opts.confirm ?? defaultConfirm)) return false;
  const chosen = path ?? (await api.pickCasePath({ purpose: 'open' }));
  if (!chosen) return false;
  store.getState().setCaseBusy('opening');
  let opened: CaseOpened;
  try {
    opened = await api.openCase({ path: chosen });
  } catch (err) {
    // Nothing is applied: the case on screen stays exactly as it was.
    store.getState().setCaseProblem({ kind: 'open', ...splitApiError(err) });
    return false;
  } finally {
    store.getState().setCaseBusy(null);
  }
  applyOpenedCase(store, opened);
  const s = store.getState();
  s.setCaseProblem(null);
  if (opened.recoveredFrom) {
    s.addNotice('case.recovered', { reason: opened.recoveredFrom.code });
  } else {
    s.addNotice('case.opened', { name: fileName(opened.path ?? chosen) });
  }
  fitToSources(store);
  return true;
}

/** Empties every slice the case fills. */
function resetCaseContent(store: AppStore): void {
  store.setState({
    entries: [],
    coloursUsed: 0,
    timelineSettings: INITIAL_CASE_TIMELINE_SETTINGS,
    timelineEdits: [],
    timeline: null,
    timelineStatus: { state: 'idle' },
    timelineSelection: null,
    timelineFilters: NO_TIMELINE_FILTERS,
    cameraClocks: {},
    photoTracks: {},
    photoViewer: null,
    testimony: EMPTY_TESTIMONY,
    testimonyPast: [],
    testimonyFuture: [],
    activeHearingId: null,
  });
  store.getState().clearEditHistory();
}

/** Spreads an opened case over the slices (quietly: opening is not an edit). */
export function applyOpenedCase(store: AppStore, opened: CaseOpened): void {
  caseTracking(store).quietly(() => {
    resetCaseContent(store);
    const entries: SourceEntry[] = opened.sources.map((source, i) => ({
      kind: 'source',
      key: `case-${opened.caseId.slice(0, 8)}-${i}`,
      path: source.files[0]?.path ?? source.label,
      source,
      colour: routeColour(i),
      demo: false,
    }));
    const keyOf = new Map(entries.map((e) => [e.source.id, e.key]));
    const patch: Partial<AppState> = { entries, coloursUsed: entries.length };
    const timeline = opened.timeline;
    if (timeline) Object.assign(patch, timelinePatch(timeline, opened.annotations, keyOf));
    const testimony = opened.testimony.find((t) => t.kind === TESTIMONY_KIND);
    if (testimony) patch.testimony = testimonyOf(testimony);
    store.setState(patch);
    const s = store.getState();
    if (timeline?.displayZone) s.setDisplayZone(timeline.displayZone);
    const firstBad = opened.audit.firstBadIndex;
    s.setCaseInfo(
      opened,
      opened.tampered
        ? firstBad !== null && firstBad < opened.audit.entries
          ? firstBad + 1
          : opened.audit.entries
        : null,
    );
  });
}

function timelinePatch(
  timeline: TimelineSettings,
  annotations: readonly CaseSection[],
  keyOf: ReadonlyMap<string, string>,
): Partial<AppState> {
  const numbers = annotations.find((a) => a.kind === STOP_NUMBERS_KIND)?.numbers;
  const stopNumbers = Array.isArray(numbers) ? (numbers as unknown[]) : [];
  const timelineEdits: RecordedEdit[] = (timeline.edits ?? []).map((edit, i) => ({
    edit,
    stopNumbers: Array.isArray(stopNumbers[i]) ? (stopNumbers[i] as number[]) : [],
  }));
  const photoTracks: Record<string, string> = {};
  for (const [photosId, trackId] of Object.entries(timeline.photoTracks ?? {})) {
    const photosKey = keyOf.get(photosId);
    const trackKey = keyOf.get(trackId);
    if (photosKey && trackKey) photoTracks[photosKey] = trackKey;
  }
  return {
    timelineSettings: {
      ...(timeline.stopRadiusM !== undefined ? { stopRadiusM: timeline.stopRadiusM } : {}),
      ...(timeline.stopMinS !== undefined ? { stopMinS: timeline.stopMinS } : {}),
      gapS: timeline.gapS,
      conflictSpeedKmh: timeline.conflictSpeedKmh,
      mergeRadiusM: timeline.mergeRadiusM,
      perSource: timeline.perSource ?? {},
      coPresence: timeline.coPresence ?? [],
    },
    timelineEdits,
    cameraClocks: timeline.cameraClocks ?? {},
    photoTracks,
  };
}

function testimonyOf(section: CaseSection): Testimony {
  const list = (key: string) => (Array.isArray(section[key]) ? (section[key] as never[]) : []);
  return { hearings: list('hearings'), pins: list('pins'), sketches: list('sketches') };
}

/** Re-hashes the originals; the dialog shows the result. */
export async function verifyCaseEvidence(
  store: AppStore,
  api: ItineraApi,
): Promise<EvidenceVerification | { error: string }> {
  try {
    return await api.verifyEvidence();
  } catch (err) {
    return { error: splitApiError(err).message };
  }
}

/** Writes the audit log as CSV or JSON where the examiner chooses; resolves to the file name. */
export async function exportAuditLog(
  store: AppStore,
  api: ItineraApi,
  format: 'csv' | 'json',
): Promise<string | null> {
  const base = (store.getState().caseInfo?.title.trim() || 'case').replace(/[\\/]/g, '_');
  const path = await api.pickCasePath({
    purpose: format === 'csv' ? 'audit-csv' : 'audit-json',
    defaultName: `${base}-audit.${format}`,
  });
  if (!path) return null;
  const written = await api.exportAudit({ format, path });
  return fileName(written.path);
}
