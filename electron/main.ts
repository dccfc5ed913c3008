/**
 * Electron main process: thin glue. Every policy (web preferences, CSP, request filter,
 * navigation, permissions, sender check) comes from security.ts, every API call goes through
 * services/api-handlers.ts; this file only wires them to Electron.
 */
import { readFile } from 'node:fs/promises';
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
import { importEvidence } from './services/intake';
import { PresetStore } from './services/intake-presets';
import { bundledWorkerLocation } from './services/intake-worker-client';
import { registerIpcHandlers } from './ipc';
import {
  APP_ENTRY_URL,
  APP_HOST,
  APP_RESPONSE_HEADERS,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isPermissionGranted,
  MENU_EVENTS,
  secureWebPreferences,
  windowOpenDecision,
} from './security';
import { createApiHandlers } from './services/api-handlers';
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

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    // Subframes too (CSP already limits frames to 'self'; this keeps them there).
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
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
    importEvidence: (files, job) => importEvidence(files, { worker, ...job }),
    demoEvidencePaths: paths.demoEvidence,
    basemaps,
    presets: new PresetStore(app.getPath('userData')),
  });
  registerIpcHandlers(handlers);
  app.on('will-quit', () => void basemaps.close());

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

function menuTemplate(): MenuItemConstructorOptions[] {
  const isMac = process.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        label: 'Open evidence…',
        accelerator: 'CmdOrCtrl+O',
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
