/**
 * Basemap flows: list what the Node side knows, restore the remembered choice, switch, add a
 * file, remove one. A basemap that cannot be opened gives a notice and leaves the map as it
 * was: nothing is switched until its archive has been read.
 */
import type { BasemapInfo, ItineraApi } from '../../../shared/api';
import { isBasemapVariant } from '../../../shared/map/styles';
import type { AppStore } from '../store/store';
import { DEFAULT_BASEMAP_CHOICE, type BasemapChoice } from '../store/mapSlice';
import {
  registerBasemap,
  registerMbtilesProtocol,
  registeredArchive,
} from '../map/basemapProtocol';
import { isUsableBasemap, isUsableOverlay } from './composeStyle';

const STORAGE_KEY = 'itinera.basemap';

interface Remembered extends BasemapChoice {
  basemapId: string | null;
}

type BasemapApi = Pick<
  ItineraApi,
  | 'listBasemaps'
  | 'readBasemapRange'
  | 'readBasemapTile'
  | 'pickBasemapFile'
  | 'addBasemap'
  | 'removeBasemap'
>;

export async function loadBasemaps(store: AppStore, api: BasemapApi): Promise<void> {
  try {
    const list = await api.listBasemaps();
    registerAll(api, list);
    store.getState().setBasemaps(list);
    const saved = readRemembered();
    const overlay = list.find((b) => b.id === saved.overlayId && isUsableOverlay(b));
    store.getState().setBasemapChoice({
      variant: saved.variant,
      overlayOpacity: saved.overlayOpacity,
      overlayId: overlay ? overlay.id : null,
    });
    const candidates = [
      list.find((b) => b.id === saved.basemapId),
      list.find((b) => b.origin === 'bundled'),
      ...list,
    ].filter((b): b is BasemapInfo => b !== undefined && isUsableBasemap(b));
    for (const candidate of candidates) {
      if ((await openProblem(candidate)) === null) {
        store.getState().setBasemap({ status: 'ready', basemap: candidate });
        return;
      }
    }
    store.getState().setBasemap({ status: 'none' });
  } catch (err) {
    store.getState().setBasemap({ status: 'error', message: errorMessage(err) });
  }
}

/** Shows `id` as the basemap, unless it cannot be opened (then a notice, and no change). */
export async function chooseBasemap(
  store: AppStore,
  api: BasemapApi,
  id: string,
): Promise<boolean> {
  const info = store.getState().basemaps.find((b) => b.id === id);
  if (!info) return false;
  if (!isUsableBasemap(info)) {
    store.getState().addNotice('basemaps.notUsable', { name: info.name, reason: reasonOf(info) });
    return false;
  }
  registerAll(api, [info]);
  store.getState().setBasemapBusy(true);
  try {
    const problem = await openProblem(info);
    if (problem !== null) {
      store.getState().addNotice('basemaps.openFailed', { name: info.name, message: problem });
      return false;
    }
    const s = store.getState();
    s.setBasemap({ status: 'ready', basemap: info });
    if (s.basemapChoice.overlayId === id) s.setBasemapChoice({ overlayId: null });
    remember(store);
    return true;
  } finally {
    store.getState().setBasemapBusy(false);
  }
}

export function chooseVariant(store: AppStore, variant: BasemapChoice['variant']): void {
  store.getState().setBasemapChoice({ variant });
  remember(store);
}

export async function chooseOverlay(
  store: AppStore,
  api: BasemapApi,
  id: string | null,
): Promise<void> {
  if (id === null) {
    store.getState().setBasemapChoice({ overlayId: null });
    remember(store);
    return;
  }
  const info = store.getState().basemaps.find((b) => b.id === id);
  if (!info || !isUsableOverlay(info)) return;
  registerAll(api, [info]);
  const problem = await openProblem(info);
  if (problem !== null) {
    store.getState().addNotice('basemaps.openFailed', { name: info.name, message: problem });
    return;
  }
  store.getState().setBasemapChoice({ overlayId: id });
  remember(store);
}

export function setOverlayOpacity(store: AppStore, opacity: number): void {
  store.getState().setBasemapChoice({ overlayOpacity: Math.min(1, Math.max(0, opacity)) });
  remember(store);
}

/** The file dialog, then `addBasemap`; a basemap is shown at once, an overlay laid over. */
export async function addBasemapFile(store: AppStore, api: BasemapApi): Promise<void> {
  const paths = await api.pickBasemapFile().catch((err: unknown) => {
    store.getState().addNotice('basemaps.addFailed', { name: '', message: errorMessage(err) });
    return [] as string[];
  });
  for (const path of paths) await addBasemapPath(store, api, path);
}

export async function addBasemapPath(
  store: AppStore,
  api: BasemapApi,
  path: string,
): Promise<BasemapInfo | null> {
  const name = path.split(/[\\/]/).pop() ?? path;
  store.getState().setBasemapBusy(true);
  let added: BasemapInfo;
  try {
    added = await api.addBasemap({ path });
  } catch (err) {
    store.getState().addNotice('basemaps.addFailed', { name, message: errorMessage(err) });
    return null;
  } finally {
    store.getState().setBasemapBusy(false);
  }
  const list = await api.listBasemaps().catch(() => [...store.getState().basemaps, added]);
  registerAll(api, list);
  store.getState().setBasemaps(list);
  const shown = list.find((b) => b.id === added.id) ?? added;
  if (isUsableBasemap(shown)) {
    if (await chooseBasemap(store, api, shown.id)) fitTo(store, shown);
  } else if (isUsableOverlay(shown)) {
    await chooseOverlay(store, api, shown.id);
  }
  if (shown.note)
    store.getState().addNotice('basemaps.note', { name: shown.name, note: shown.note });
  return shown;
}

export async function removeBasemap(store: AppStore, api: BasemapApi, id: string): Promise<void> {
  let list: BasemapInfo[];
  try {
    list = await api.removeBasemap({ id });
  } catch (err) {
    store.getState().addNotice('basemaps.removeFailed', { message: errorMessage(err) });
    return;
  }
  const s = store.getState();
  s.setBasemaps(list);
  if (s.basemapChoice.overlayId === id) s.setBasemapChoice({ overlayId: null });
  const current = s.basemap.status === 'ready' ? s.basemap.basemap.id : null;
  if (current === id) {
    const fallback = list.find((b) => b.origin === 'bundled' && isUsableBasemap(b));
    if (fallback) await chooseBasemap(store, api, fallback.id);
    else s.setBasemap({ status: 'none' });
  }
  remember(store);
}

/** Fits the view to a basemap's extent. */
export function fitTo(store: AppStore, info: BasemapInfo): void {
  const [west, south, east, north] = info.bounds;
  store.getState().requestFit({ west, south, east, north });
}

function registerAll(api: BasemapApi, list: readonly BasemapInfo[]): void {
  for (const info of list) {
    if (info.status !== 'ok') continue;
    if (info.kind === 'pmtiles') registerBasemap(api, info);
    else registerMbtilesProtocol(api);
  }
}

/**
 * Why `info` cannot be shown, or null when it can. A PMTiles header is read here, so a file
 * that turned unreadable since it was listed fails before the map switches to it.
 */
async function openProblem(info: BasemapInfo): Promise<string | null> {
  if (info.status !== 'ok') return reasonOf(info);
  if (info.kind !== 'pmtiles') return null;
  const archive = registeredArchive(info.id);
  if (!archive) return null;
  try {
    await archive.getHeader();
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

function reasonOf(info: BasemapInfo): string {
  return info.note ?? info.status;
}

function remember(store: AppStore): void {
  const s = store.getState();
  const value: Remembered = {
    ...s.basemapChoice,
    basemapId: s.basemap.status === 'ready' ? s.basemap.basemap.id : null,
  };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Storage can be unavailable (private mode, tests): the choice then lasts this session.
  }
}

function readRemembered(): Remembered {
  const fallback: Remembered = { ...DEFAULT_BASEMAP_CHOICE, basemapId: null };
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return fallback;
  }
  if (!raw) return fallback;
  try {
    const v = JSON.parse(raw) as Partial<Record<keyof Remembered, unknown>>;
    return {
      basemapId: typeof v.basemapId === 'string' ? v.basemapId : null,
      variant: isBasemapVariant(v.variant) ? v.variant : fallback.variant,
      overlayId: typeof v.overlayId === 'string' ? v.overlayId : null,
      overlayOpacity:
        typeof v.overlayOpacity === 'number' && v.overlayOpacity >= 0 && v.overlayOpacity <= 1
          ? v.overlayOpacity
          : fallback.overlayOpacity,
    };
  } catch {
    return fallback;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
