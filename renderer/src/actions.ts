/**
 * What the UI does with the Node side: open, drop and import evidence, load the demo and
 * the basemap. Kept out of components so the flows can be tested with a fake bridge.
 */
import type { ItineraApi } from '../../shared/api';
import { isLocale, resolveLocale } from '../../shared/i18n';
import type { AppStore } from './store/store';
import { sourceEntries } from './store/sourcesSlice';
import { sourceBounds, unionBounds } from './map/routeGeoJson';
import { registerBasemap } from './map/basemapProtocol';

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

export async function importPaths(
  store: AppStore,
  api: ItineraApi,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  const state = store.getState();
  state.beginImport();
  try {
    const results = await api.importEvidence({ paths: [...paths] });
    const added = store.getState().addResults(results, { demo: false });
    if (added.length > 0) fitToSources(store);
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

export async function loadBasemap(store: AppStore, api: ItineraApi): Promise<void> {
  try {
    const basemaps = await api.listBasemaps();
    const chosen = basemaps.find((b) => b.origin === 'bundled') ?? basemaps[0];
    if (!chosen) {
      store.getState().setBasemap({ status: 'none' });
      return;
    }
    registerBasemap(api, chosen);
    store.getState().setBasemap({ status: 'ready', basemap: chosen });
  } catch (err) {
    store.getState().setBasemap({ status: 'error', message: errorMessage(err) });
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
