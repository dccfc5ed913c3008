/**
 * What the UI does with the Node side: open, drop and import evidence, load the demo and
 * the basemap. Kept out of components so the flows can be tested with a fake bridge.
 */
import {
  IMPORT_CANCELLED,
  ImportProgressEvent,
  type ImportFileOptions,
  type ImportResult,
  type ItineraApi,
  type TableInspection,
} from '../../shared/api';
import type { TableMapping } from '../../shared/formats/table/mapping';
import { isLocale, resolveLocale } from '../../shared/i18n';
import type { AppStore } from './store/store';
import { sourceEntries, type SourceEntry } from './store/sourcesSlice';
import { afterRouteData, holdRoute } from './map/routeLodGate';
import { sourceBounds, unionBounds } from './map/routeGeoJson';
import { markPhase } from './perfMarks';

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Fits the map to every source on it (after an import, all of them, not only the new). */
export function fitToSources(store: AppStore): void {
  const bounds = unionBounds(
    sourceEntries(store.getState().entries).map((e) => sourceBounds(e.source)),
  );
  if (bounds) store.getState().requestFit(bounds);
}

/**
 * Fits the map to the sources once MapLibre's worker has the new routes' preview lines (at
 * once for small sources): the first frame at the new view then asks for the routes' tiles
 * with the basemap's, rather than a frame later behind them (routeLodGate).
 */
function fitWhenRoutesLoaded(store: AppStore, added: readonly SourceEntry[]): void {
  for (const entry of added) holdRoute(entry.source);
  afterRouteData(() => fitToSources(store));
}

let jobCounter = 0;

/** A job id unique in this window (the Node side only needs it to be unique among running jobs). */
export function newJobId(): string {
  jobCounter += 1;
  const random =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : Math.random().toString(36).slice(2);
  return `job-${jobCounter}-${random}`.replace(/[^A-Za-z0-9_-]/g, '');
}

/**
 * Feeds validated progress events into the store; returns the unsubscribe. Anything that is
 * not a well-formed progress event is ignored: the renderer trusts no payload unchecked.
 */
export function subscribeImportProgress(store: AppStore, api: ItineraApi): () => void {
  return api.onImportProgress((payload) => {
    const event = ImportProgressEvent.safeParse(payload);
    if (event.success) store.getState().applyProgress(event.data);
  });
}

/** Asks the examiner to confirm the mapping of one table; null when they refuse to import it. */
function askMapping(
  store: AppStore,
  inspection: Extract<TableInspection, { table: true }>,
  position: number,
  count: number,
): Promise<TableMapping | null> {
  return new Promise((resolve) => {
    store.getState().setMappingPrompt({
      inspection,
      position,
      count,
      resolve: (mapping) => {
        store.getState().setMappingPrompt(null);
        resolve(mapping);
      },
    });
  });
}

async function inspectQuietly(api: ItineraApi, path: string): Promise<TableInspection | null> {
  try {
    return await api.inspectTable({ path });
  } catch {
    // Inspection is a convenience: a file it cannot look at is imported as it is.
    return null;
  }
}

/**
 * Opens files as evidence: every table first goes through the mapping step (the examiner
 * confirms, edits or refuses the detected mapping), then one cancellable import job reads them.
 */
export async function importPaths(
  store: AppStore,
  api: ItineraApi,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  store.getState().beginImport();
  try {
    const inspections = await Promise.all(paths.map((path) => inspectQuietly(api, path)));
    const tables = inspections.filter(
      (i): i is Extract<TableInspection, { table: true }> => i !== null && i.table,
    );
    const files: Record<string, ImportFileOptions> = {};
    const refused = new Set<string>();
    for (const [k, table] of tables.entries()) {
      const mapping = await askMapping(store, table, k + 1, tables.length);
      if (mapping) files[table.path] = { mapping };
      else refused.add(table.path);
    }
    const chosen = paths.filter((p) => !refused.has(p));
    if (chosen.length === 0) return;
    const results = await runImportJob(store, api, chosen, files);
    markPhase('import-received');
    const added = store.getState().addResults(results, { demo: false });
    markPhase('import-stored');
    if (added.length > 0) fitWhenRoutesLoaded(store, added);
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
  } finally {
    store.getState().endImport();
  }
}

/** One import job with progress in the store; says how many files a cancel left out. */
async function runImportJob(
  store: AppStore,
  api: ItineraApi,
  paths: readonly string[],
  files: Record<string, ImportFileOptions>,
): Promise<ImportResult[]> {
  const jobId = newJobId();
  store.getState().startJob(jobId, paths);
  markPhase('import-requested');
  try {
    const results = await api.importEvidence({
      paths: [...paths],
      jobId,
      ...(Object.keys(files).length > 0 ? { files } : {}),
    });
    const cancelled = results.filter((r) => !r.ok && r.code === IMPORT_CANCELLED).length;
    if (cancelled > 0) store.getState().addNotice('import.cancelled', { count: cancelled });
    return results;
  } finally {
    store.getState().endJob(jobId);
  }
}

export async function cancelImport(store: AppStore, api: ItineraApi, jobId: string): Promise<void> {
  store.getState().markCancelling(jobId);
  try {
    await api.cancelImport({ jobId });
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
  }
}

/** Reads a source's file again with the date the examiner gave (a GGA-only NMEA log). */
export async function reimportWithDate(
  store: AppStore,
  api: ItineraApi,
  entryKey: string,
  assumedDate: string,
): Promise<void> {
  const entry = store.getState().entries.find((e) => e.key === entryKey);
  if (!entry) return;
  store.getState().beginImport();
  try {
    const [result] = await runImportJob(store, api, [entry.path], {
      [entry.path]: { assumedDate },
    });
    if (result && store.getState().replaceEntry(entryKey, result)) fitToSources(store);
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
  } finally {
    store.getState().endImport();
  }
}

export async function openEvidence(store: AppStore, api: ItineraApi): Promise<void> {
  let paths: string[];
  try {
    paths = await api.pickEvidence();
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
    return;
  }
  await importPaths(store, api, paths);
}

/** A folder of a phone extraction or a camera card: its photos become one source. */
export async function openEvidenceFolder(store: AppStore, api: ItineraApi): Promise<void> {
  let paths: string[];
  try {
    paths = await api.pickEvidenceFolder();
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
    return;
  }
  await importPaths(store, api, paths);
}

/** Imports dropped files whose path the host can tell; names the ones it cannot. */
export async function dropEvidence(
  store: AppStore,
  api: ItineraApi,
  files: readonly File[],
): Promise<void> {
  const paths: string[] = [];
  for (const file of files) {
    const path = api.pathForFile(file);
    if (path) paths.push(path);
    else store.getState().addNotice('drop.unreadable', { name: file.name });
  }
  await importPaths(store, api, paths);
}

/** A fresh start shows the bundled demo so the map is never empty. */
export async function loadDemoIfEmpty(store: AppStore, api: ItineraApi): Promise<void> {
  if (store.getState().entries.length > 0) return;
  store.getState().beginImport();
  try {
    const results = await api.demoEvidence();
    // An import finished meanwhile: the demo would only be in the way.
    if (store.getState().entries.length > 0) return;
    const added = store.getState().addResults(results, { demo: true });
    if (added.length > 0) fitToSources(store);
  } catch (err) {
    store.getState().addNotice('import.unexpected', { message: errorMessage(err) });
  } finally {
    store.getState().endImport();
  }
}

const LOCALE_STORAGE_KEY = 'itinera.locale';

/** The saved UI language, else the operating system's (from appInfo), else the browser's. */
export async function chooseInitialLocale(store: AppStore, api: ItineraApi): Promise<void> {
  const saved = safeStorageGet(LOCALE_STORAGE_KEY);
  if (isLocale(saved)) {
    store.getState().setLocale(saved);
    return;
  }
  try {
    const info = await api.appInfo();
    store.getState().setLocale(resolveLocale(info.locale));
  } catch {
    // Keep the browser-derived locale.
  }
}

export function rememberLocale(locale: string): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable (private profile); the choice then lasts the session.
  }
}

function safeStorageGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
