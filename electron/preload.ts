/**
 * Sandboxed preload: exposes the task-level `ItineraApi` as `window.itinera`. The renderer
 * never sees ipcRenderer, only these functions, each bound to one channel.
 * Bundled by electron/build.ts into one CommonJS file with only `electron` external (a
 * sandboxed preload can require nothing else).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
// Type-only: importing shared/api's values would bundle zod (≈700 KB) into the preload.
import type { Channel, Channels, EventChannels, ItineraApi } from '../shared/api';
import { MENU_EVENTS } from './security';

/** Same names as shared/api's `Channels`; the `satisfies` clause fails the build if they drift. */
const Ch = {
  appInfo: 'app:info',
  pickEvidence: 'evidence:pick',
  importEvidence: 'evidence:import',
  demoEvidence: 'evidence:demo',
  listBasemaps: 'basemap:list',
  readBasemapRange: 'basemap:read-range',
  cancelImport: 'evidence:cancel-import',
  inspectTable: 'evidence:inspect-table',
  listPresets: 'presets:list',
  savePreset: 'presets:save',
  deletePreset: 'presets:delete',
  pickEvidenceFolder: 'evidence:pick-folder',
  readPhotoPreview: 'photo:read-preview',
  readPhotoImage: 'photo:read-image',
  pickBasemapFile: 'basemap:pick',
  addBasemap: 'basemap:add',
  removeBasemap: 'basemap:remove',
  readBasemapTile: 'basemap:read-tile',
  pickSavePath: 'exhibit:pick-save-path',
  exportEvidence: 'exhibit:export',
  newCase: 'case:new',
  openCase: 'case:open',
  saveCase: 'case:save',
  pickCasePath: 'case:pick-path',
  recentCases: 'case:recent',
  verifyEvidence: 'case:verify-evidence',
  auditLog: 'case:audit-log',
  exportAudit: 'case:export-audit',
  appendAudit: 'case:append-audit',
} as const satisfies typeof Channels;

const Ev = { importProgress: 'import:progress' } as const satisfies typeof EventChannels;

/**
 * Progress listeners. The renderer never gets the IPC event object (it would expose the
 * sender); it gets the payload only, and validates it (shared/api's ImportProgressEvent).
 */
const progressListeners = new Set<(event: unknown) => void>();
ipcRenderer.on(Ev.importProgress, (_event: unknown, payload: unknown) => {
  for (const listener of progressListeners) {
    try {
      listener(payload);
    } catch {
      // One faulty listener must not starve the others.
    }
  }
});

// electron/ is typed without the DOM; the preload runs in a renderer and needs only this.
declare const window: { dispatchEvent(event: Event): boolean };

/** Electron wraps a handler's error as "Error invoking remote method 'x': Error: msg". */
const REMOTE_ERROR_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

async function call<T>(channel: Channel, payload: unknown = {}): Promise<T> {
  try {
    return (await ipcRenderer.invoke(channel, payload)) as T;
  } catch (err) {
    // Duck-typed: an Error from another realm fails `instanceof Error`.
    const message =
      typeof (err as { message?: unknown })?.message === 'string'
        ? (err as { message: string }).message
        : String(err);
    throw new Error(message.replace(REMOTE_ERROR_PREFIX, ''));
  }
}

const api: ItineraApi = {
  appInfo: () => call(Ch.appInfo),
  pickEvidence: () => call(Ch.pickEvidence),
  importEvidence: (req) =>
    call(Ch.importEvidence, {
      paths: req.paths,
      ...(req.jobId !== undefined ? { jobId: req.jobId } : {}),
      ...(req.files !== undefined ? { files: req.files } : {}),
    }),
  demoEvidence: () => call(Ch.demoEvidence),
  listBasemaps: () => call(Ch.listBasemaps),
  readBasemapRange: (req) =>
    call(Ch.readBasemapRange, {
      basemapId: req.basemapId,
      offset: req.offset,
      length: req.length,
    }),
  pickBasemapFile: () => call(Ch.pickBasemapFile),
  addBasemap: (req) => call(Ch.addBasemap, { path: req.path }),
  removeBasemap: (req) => call(Ch.removeBasemap, { id: req.id }),
  readBasemapTile: (req) =>
    call(Ch.readBasemapTile, { basemapId: req.basemapId, z: req.z, x: req.x, y: req.y }),
  cancelImport: (req) => call(Ch.cancelImport, { jobId: req.jobId }),
  inspectTable: (req) => call(Ch.inspectTable, { path: req.path }),
  listPresets: () => call(Ch.listPresets),
  savePreset: (req) => call(Ch.savePreset, { preset: req.preset }),
  deletePreset: (req) => call(Ch.deletePreset, { id: req.id }),
  pickEvidenceFolder: () => call(Ch.pickEvidenceFolder),
  readPhotoPreview: (req) =>
    call(Ch.readPhotoPreview, { path: req.path, offset: req.offset, length: req.length }),
  readPhotoImage: (req) => call(Ch.readPhotoImage, { path: req.path }),
  pickSavePath: (req) =>
    call(Ch.pickSavePath, { defaultName: req.defaultName, format: req.format }),
  exportEvidence: (req) =>
    call(Ch.exportEvidence, {
      request: req.request,
      format: req.format,
      path: req.path,
      ...(req.colours !== undefined ? { colours: req.colours } : {}),
    }),
  newCase: (req) => call(Ch.newCase, req?.title !== undefined ? { title: req.title } : {}),
  openCase: (req) => call(Ch.openCase, { path: req.path }),
  saveCase: (req) =>
    call(Ch.saveCase, {
      sources: req.sources,
      timeline: req.timeline,
      testimony: req.testimony,
      ...(req.path !== undefined ? { path: req.path } : {}),
      ...(req.title !== undefined ? { title: req.title } : {}),
      ...(req.annotations !== undefined ? { annotations: req.annotations } : {}),
      ...(req.auto !== undefined ? { auto: req.auto } : {}),
    }),
  pickCasePath: (req) =>
    call(Ch.pickCasePath, {
      purpose: req.purpose,
      ...(req.defaultName !== undefined ? { defaultName: req.defaultName } : {}),
    }),
  recentCases: () => call(Ch.recentCases),
  verifyEvidence: () => call(Ch.verifyEvidence),
  auditLog: () => call(Ch.auditLog),
  exportAudit: (req) => call(Ch.exportAudit, { format: req.format, path: req.path }),
  appendAudit: (req) =>
    call(Ch.appendAudit, {
      action: req.action,
      ...(req.details !== undefined ? { details: req.details } : {}),
    }),
  onImportProgress: (listener) => {
    if (typeof listener !== 'function') return () => undefined;
    progressListeners.add(listener);
    return () => {
      progressListeners.delete(listener);
    };
  },
  pathForFile: (file) => {
    try {
      const path = webUtils.getPathForFile(file as File);
      return path === '' ? null : path;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('itinera', api);

// File ▸ case items: one IPC message naming the command, re-dispatched as a DOM CustomEvent.
const CASE_MENU_IPC = 'menu:case-command';
const CASE_MENU_COMMANDS: readonly string[] = ['new', 'open', 'save', 'save-as'];
declare const CustomEvent: new (type: string, init: { detail: string }) => Event;
ipcRenderer.on(CASE_MENU_IPC, (_event: unknown, command: unknown) => {
  if (typeof command !== 'string' || !CASE_MENU_COMMANDS.includes(command)) return;
  window.dispatchEvent(new CustomEvent('itinera:case-command', { detail: command }));
});

// File ▸ Open evidence…: re-dispatched as a DOM event the renderer listens for (see MENU_EVENTS).
ipcRenderer.on(MENU_EVENTS.openEvidence.ipc, () => {
  window.dispatchEvent(new Event(MENU_EVENTS.openEvidence.dom));
});
