/**
 * Electron main process: thin glue. Every policy (web preferences, CSP, request filter,
 * navigation, permissions, sender check) comes from security.ts, every API call goes through
 * services/api-handlers.ts; this file only wires them to Electron.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  protocol,
  session,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
} from 'electron';
import type { ExhibitExportFormat } from '../shared/api';
import type { ExhibitPageStatus } from '../shared/exhibit/document';
import {
  CSS_DPI,
  EXHIBIT_STATUS_SCRIPT,
  ExhibitPageError,
  mmToCssPx,
  type ExhibitPrinter,
  type ExhibitPrintJob,
  type ExhibitPrintResult,
} from './services/exhibit-print';
import type { ExhibitWriters } from './services/api-handlers';
import { importEvidence } from './services/intake';
import { PresetStore } from './services/intake-presets';
import { bundledWorkerLocation, prewarmIntakeWorker } from './services/intake-worker-client';
import { registerIpcHandlers } from './ipc';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_RESPONSE_HEADERS,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  exhibitPrintOrigin,
  isAllowedExhibitPrintRequest,
  isAllowedNavigation,
  isAllowedPrintNavigation,
  isAllowedRequestUrl,
  isPermissionGranted,
  MENU_EVENTS,
  secureWebPreferences,
  windowOpenDecision,
} from './security';
import { createApiHandlers } from './services/api-handlers';
import { CaseSession } from './services/case-session';
import type { CasePathPurpose } from '../shared/api';
import {
  mimeTypeFor,
  repoRootFrom,
  resolveAppPaths,
  resolveStaticPath,
  type AppPaths,
} from './services/app-paths';
import { BasemapStore } from './services/basemap-store';
import { BasemapRegistry, worldBasemapEntry } from './services/basemaps';

// Must run before `ready`: gives app:// a real origin, a secure context and fetch().
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
/** The exhibit printer's windows (webContents id) and the one local page origin each may show. */
const printOrigins = new Map<number, string>();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    const allowed = (url: string) =>
      isAllowedNavigation(url) ||
      isAllowedPrintNavigation(url, printOrigins.get(contents.id) ?? null);
    contents.on('will-navigate', (event) => {
      if (!allowed(event.url)) event.preventDefault();
    });
    // Subframes too (CSP already limits frames to 'self'; this keeps them there).
    contents.on('will-frame-navigate', (event) => {
      if (!allowed(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!allowed(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url));
  });
  app.whenReady().then(start, (err: unknown) => {
    console.error('itinera: failed to start', err);
    app.exit(1);
  });
}

function appPaths(): AppPaths {
  return app.isPackaged
    ? resolveAppPaths({ packaged: true, resourcesDir: process.resourcesPath })
    : resolveAppPaths({ packaged: false, repoRoot: repoRootFrom(__dirname) });
}

async function start(): Promise<void> {
  const paths = appPaths();
  const ses = session.defaultSession;

  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) console.warn(`itinera: refused request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));

  protocol.handle(APP_SCHEME, (request) => serveApp(paths.rendererDir, request));

  const basemaps = new BasemapRegistry([worldBasemapEntry(paths.worldBasemap)], {
    store: new BasemapStore(app.getPath('userData')),
  });
  await basemaps.loadRemembered();
  const worker = bundledWorkerLocation(paths.workerDir);
  // An examiner opens the app to import evidence: the first import should not wait for a
  // worker to load. The idle worker does not keep the app from quitting.
  void prewarmIntakeWorker(worker);
  const handlers = createApiHandlers({
    appInfo: () => ({
      name: app.getName(),
      version: app.getVersion(),
      locale: app.getSystemLocale() || app.getLocale(),
      platform: process.platform,
    }),
    pickEvidence,
    pickEvidenceFolder,
    pickBasemapFile,
    pickSavePath,
    exhibits: exhibitWriters(paths, basemaps),
    cases: new CaseSession({
      software: `Itinera ${app.getVersion()}`,
      userDataDir: app.getPath('userData'),
    }),
    pickCasePath,
    importEvidence: (files, job) => importEvidence(files, { worker, ...job }),
    demoEvidencePaths: paths.demoEvidence,
    basemaps,
    presets: new PresetStore(app.getPath('userData')),
  });
  registerIpcHandlers(handlers);
  app.on('will-quit', () => void basemaps.close());
  app.on('before-quit', saveCaseBeforeQuit);

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
  createWindow(paths);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(paths);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

function createWindow(paths: AppPaths): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Itinera',
    webPreferences: secureWebPreferences(paths.preload, !app.isPackaged),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  void win.loadURL(APP_ENTRY_URL);
}

/** Serves dist/renderer under app://itinera/, with the CSP on every response. */
async function serveApp(rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers = { ...APP_RESPONSE_HEADERS };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers });
  }
  const file = url.hostname === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
  if (!file) return new Response(null, { status: 404, headers });
  try {
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...headers, 'Content-Type': mimeTypeFor(file) },
    });
  } catch {
    return new Response(null, { status: 404, headers });
  }
}

/** The chosen paths of a native open dialog, owned by the focused window; empty when cancelled. */
async function pickPaths(options: OpenDialogOptions): Promise<string[]> {
  const owner = BrowserWindow.getFocusedWindow() ?? mainWindow;
  const result = owner
    ? await dialog.showOpenDialog(owner, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

function pickEvidence(): Promise<string[]> {
  return pickPaths({ title: 'Open evidence', properties: ['openFile', 'multiSelections'] });
}

/** Folders of an extraction (photos); several at once, each becomes one photo source. */
function pickEvidenceFolder(): Promise<string[]> {
  return pickPaths({
    title: 'Open evidence folder',
    properties: ['openDirectory', 'multiSelections'],
  });
}

/** Basemap files: PMTiles or MBTiles (the contents decide what they are; the filter helps find them). */
function pickBasemapFile(): Promise<string[]> {
  return pickPaths({
    title: 'Add basemap',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Basemaps (PMTiles, MBTiles)', extensions: ['pmtiles', 'mbtiles'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
}

/**
 * The export writers of the app: file formats in plain Node, PDF and PNG printed by Electron
 * itself (a hidden window per job). Loaded on first use: a session without exports never loads
 * them.
 */
function exhibitWriters(paths: AppPaths, basemaps: BasemapRegistry): ExhibitWriters {
  const software = () => ({ name: 'Itinera', version: app.getVersion() });
  const printer = electronExhibitPrinter();
  return {
    writeExport: async (request, format, outPath) => {
      const { writeExport } = await import('./services/export-files');
      // The result carries the export's manifest, which the case keeps.
      return writeExport(request, format, outPath, {
        software: software(),
        gazetteerPath: paths.gazetteer,
      });
    },
    renderExhibit: async (request, format, outPath, extra) => {
      const { renderExhibit } = await import('./services/exhibit-render');
      await renderExhibit(request, format, outPath, printer, {
        rendererDir: paths.rendererDir,
        basemaps,
        gazetteerPath: paths.gazetteer,
        software: software(),
        ...(extra.colours ? { colours: extra.colours } : {}),
      });
    },
  };
}

/**
 * Prints the exhibit page from its localhost-only server in a hidden window: sandboxed, no
 * Node, context isolation, no preload, in its own in-memory session whose only reachable
 * origin is the job's server. The page says when it is ready (map drawn, pages laid out).
 */
function electronExhibitPrinter(): ExhibitPrinter {
  async function withPage<T>(
    job: ExhibitPrintJob,
    scale: number,
    print: (win: BrowserWindow, status: ExhibitPageStatus) => Promise<T>,
  ): Promise<{ value: T; status: ExhibitPageStatus }> {
    const origin = exhibitPrintOrigin(job.url);
    if (origin === null) throw new ExhibitPageError(`not a local exhibit page: ${job.url}`);
    const ses = session.fromPartition(`exhibit-print-${Date.now()}-${Math.random()}`, {
      cache: false,
    });
    ses.webRequest.onBeforeRequest((details, callback) => {
      const url = details.url;
      const allowed = isAllowedExhibitPrintRequest(url, origin);
      if (!allowed) console.warn(`itinera: exhibit page refused request to ${url}`);
      callback({ cancel: !allowed });
    });
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    const width = Math.round(mmToCssPx(job.widthMm));
    const height = Math.round(mmToCssPx(job.heightMm));
    // The app's own policy (sandbox, isolation, no Node), without its preload: the page gets no API.
    const prefs: Partial<ReturnType<typeof secureWebPreferences>> = secureWebPreferences('', false);
    delete prefs.preload;
    const win = new BrowserWindow({
      show: false,
      width,
      height,
      useContentSize: true,
      webPreferences: { ...prefs, session: ses, backgroundThrottling: false },
    });
    const contentsId = win.webContents.id;
    printOrigins.set(contentsId, origin);
    try {
      if (scale !== 1) {
        win.webContents.enableDeviceEmulation({
          screenPosition: 'desktop',
          screenSize: { width, height },
          viewPosition: { x: 0, y: 0 },
          deviceScaleFactor: scale,
          viewSize: { width, height },
          scale: 1,
        });
      }
      await win.loadURL(job.url);
      const status = await waitForPage(win, job.timeoutMs);
      return { value: await print(win, status), status };
    } finally {
      printOrigins.delete(contentsId);
      win.destroy();
      await ses.clearStorageData().catch(() => undefined);
    }
  }

  async function waitForPage(win: BrowserWindow, timeoutMs: number): Promise<ExhibitPageStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = (await win.webContents.executeJavaScript(
        EXHIBIT_STATUS_SCRIPT,
      )) as ExhibitPageStatus | null;
      if (status?.state === 'error') throw new ExhibitPageError(status.message ?? 'failed');
      if (status?.state === 'ready') return status;
      if (Date.now() > deadline)
        throw new ExhibitPageError('the exhibit page was not ready in time');
      await new Promise((resolveLater) => setTimeout(resolveLater, 250));
    }
  }

  return {
    pdf: async (job): Promise<ExhibitPrintResult> => {
      const { value, status } = await withPage(job, 1, (win) =>
        win.webContents.printToPDF({
          preferCSSPageSize: true,
          printBackground: true,
          margins: { marginType: 'none' },
          pageSize: { width: job.widthMm / 25.4, height: job.heightMm / 25.4 },
        }),
      );
      return { bytes: new Uint8Array(value), status };
    },
    png: async (job): Promise<ExhibitPrintResult> => {
      const { value, status } = await withPage(job, job.dpi / CSS_DPI, async (win) => {
        const image = await win.webContents.capturePage({
          x: 0,
          y: 0,
          width: Math.round(mmToCssPx(job.widthMm)),
          height: Math.round(mmToCssPx(job.heightMm)),
        });
        return image.toPNG();
      });
      return { bytes: new Uint8Array(value), status };
    },
    close: async () => undefined,
  };
}

const SAVE_FILTERS: {
  readonly [F in ExhibitExportFormat]: { name: string; extensions: string[] };
} = {
  pdf: { name: 'PDF exhibit', extensions: ['pdf'] },
  png: { name: 'PNG image', extensions: ['png'] },
  svg: { name: 'SVG schematic diagram', extensions: ['svg'] },
  kml: { name: 'KML (Google Earth)', extensions: ['kml'] },
  kmz: { name: 'KMZ (Google Earth, with photos)', extensions: ['kmz'] },
  geojson: { name: 'GeoJSON', extensions: ['geojson', 'json'] },
  gpx: { name: 'GPX', extensions: ['gpx'] },
  csv: { name: 'CSV timeline', extensions: ['csv'] },
};

/** The native save dialog for an export, in the documents folder; null when cancelled. */
async function pickSavePath(
  defaultName: string,
  format: ExhibitExportFormat,
): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow() ?? mainWindow;
  const options = {
    title: 'Save exhibit',
    defaultPath: join(app.getPath('documents'), defaultName),
    filters: [SAVE_FILTERS[format]],
    properties: ['showOverwriteConfirmation', 'createDirectory'] as (
      'showOverwriteConfirmation' | 'createDirectory'
    )[],
  };
  const result = owner
    ? await dialog.showSaveDialog(owner, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** How long quitting waits for the page to save the case. */
const QUIT_SAVE_TIMEOUT_MS = 15_000;
let quitSaveDone = false;

/**
 * Autosave on quit: the page saves the case when it has a path and unsaved changes (the
 * renderer sets `window.__itineraBeforeQuit`), then the app quits. A page that does not answer
 * in time does not keep the app open; the case file is then the last save, intact (saves are
 * atomic).
 */
function saveCaseBeforeQuit(event: Electron.Event): void {
  const contents = mainWindow?.webContents;
  if (quitSaveDone || !contents || contents.isDestroyed()) return;
  event.preventDefault();
  quitSaveDone = true;
  const timeout = new Promise((resolveTimeout) => setTimeout(resolveTimeout, QUIT_SAVE_TIMEOUT_MS));
  const save = contents
    .executeJavaScript('window.__itineraBeforeQuit ? window.__itineraBeforeQuit() : null', true)
    .catch((err: unknown) => console.error('itinera: saving the case on quit failed', err));
  void Promise.race([save, timeout]).finally(() => app.quit());
}

const CASE_DIALOG_FILTER = { name: 'Itinera case', extensions: ['itinera'] };

/** The native dialogs for case files and audit exports; null when cancelled. */
async function pickCasePath(
  purpose: CasePathPurpose,
  defaultName?: string,
): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (purpose === 'open') {
    const options: OpenDialogOptions = {
      title: 'Open case',
      properties: ['openFile'],
      filters: [CASE_DIALOG_FILTER],
    };
    const result = owner
      ? await dialog.showOpenDialog(owner, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const filter =
    purpose === 'save'
      ? CASE_DIALOG_FILTER
      : purpose === 'audit-csv'
        ? { name: 'CSV audit log', extensions: ['csv'] }
        : { name: 'JSON audit log', extensions: ['json'] };
  const options = {
    title: purpose === 'save' ? 'Save case' : 'Export audit log',
    defaultPath: join(
      app.getPath('documents'),
      defaultName ?? (purpose === 'save' ? 'case.itinera' : 'audit-log'),
    ),
    filters: [filter],
    properties: ['showOverwriteConfirmation', 'createDirectory'] as (
      'showOverwriteConfirmation' | 'createDirectory'
    )[],
  };
  const result = owner
    ? await dialog.showSaveDialog(owner, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The File menu's case items reach the page as one IPC message naming the command. */
function sendCaseCommand(command: 'new' | 'open' | 'save' | 'save-as'): void {
  mainWindow?.webContents.send('menu:case-command', command);
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New case', accelerator: 'CmdOrCtrl+N', click: () => sendCaseCommand('new') },
      { label: 'Open case…', accelerator: 'CmdOrCtrl+O', click: () => sendCaseCommand('open') },
      { label: 'Save case', accelerator: 'CmdOrCtrl+S', click: () => sendCaseCommand('save') },
      {
        label: 'Save case as…',
        accelerator: 'CmdOrCtrl+Shift+S',
        click: () => sendCaseCommand('save-as'),
      },
      { type: 'separator' },
      {
        label: 'Open evidence…',
        // Ctrl+O opens a case (issue 10); evidence moved to Ctrl+Shift+O.
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => mainWindow?.webContents.send(MENU_EVENTS.openEvidence.ipc),
      },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(app.isPackaged
        ? []
        : ([{ role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
