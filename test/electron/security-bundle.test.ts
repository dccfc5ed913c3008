/**
 * The bundles electron/build.ts writes, run against a stand-in `electron` module (the real
 * binary cannot run here): the preload needs nothing but `electron` and exposes exactly the
 * task-level API; main wires every policy of security.ts into Electron.
 */
import { build, type Plugin } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundles } from '../../electron/build';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  MENU_EVENTS,
  secureWebPreferences,
} from '../../electron/security';
import { CASE_COMMAND_EVENT, Channels, EventChannels, OPEN_EVIDENCE_EVENT } from '../../shared/api';

type Fn = (...args: unknown[]) => unknown;

const nodeRequire = createRequire(import.meta.url);

/**
 * Runs a CommonJS bundle in a fresh context where `require` knows only `electron` (and Node's
 * built-ins when `builtins` is set, for main): anything else means the bundle is incomplete.
 */
function runCjs(
  code: string,
  electron: unknown,
  globals: Record<string, unknown>,
  filename: string,
  builtins = false,
): string[] {
  const required: string[] = [];
  const module = { exports: {} };
  const fakeRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    if (builtins && isBuiltin(name)) return nodeRequire(name);
    throw new Error(`bundle required ${name}`);
  };
  const wrapper = runInNewContext(
    `(function (exports, require, module, __filename, __dirname) {${code}\n})`,
    { ...globals },
    { filename },
  ) as Fn;
  wrapper(module.exports, fakeRequire, module, filename, resolve(filename, '..'));
  return required;
}

/**
 * Main's wiring is under test here, not the parsers: the intake modules are replaced by a
 * stub so this runs whatever state the format readers are in (`npm run build:electron`
 * bundles the real ones).
 */
const stubIntake: Plugin = {
  name: 'stub-intake',
  setup(b) {
    b.onResolve({ filter: /\/services\/intake(-worker-client)?$/ }, (args) => ({
      path: args.path,
      namespace: 'stub-intake',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stub-intake' }, () => ({
      contents:
        'export const importEvidence = async (paths) => paths.map((path) => ({ ok: false, path, name: path, code: "stub", message: "stub" }));\n' +
        'export const bundledWorkerLocation = (dir) => ({ url: new URL("file:///" + dir) });\n' +
        'export const prewarmIntakeWorker = async () => {};',
      loader: 'js',
    }));
  },
};

async function bundle(name: string, dir: string): Promise<string | Error> {
  const entry = bundles.find((b) => b.name === name)!;
  const outfile = join(dir, `${name}.cjs`);
  try {
    await build({
      ...entry.options,
      outfile,
      sourcemap: false,
      logLevel: 'silent',
      plugins: name === 'main' ? [stubIntake] : [],
    });
  } catch (err) {
    return err as Error;
  }
  return readFile(outfile, 'utf8');
}

describe('preload bundle', () => {
  let dir: string;
  let code: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itinera-preload-'));
    const out = await bundle('preload', dir);
    if (out instanceof Error) throw out;
    code = out;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function load() {
    const exposed: Record<string, Record<string, Fn>> = {};
    const invoked: [string, unknown][] = [];
    const listeners: Record<string, Fn> = {};
    const dispatched: string[] = [];
    let invokeResult: () => Promise<unknown> = async () => 'ok';
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, Fn>) => (exposed[key] = api),
      },
      ipcRenderer: {
        invoke: (channel: string, payload: unknown) => {
          invoked.push([channel, payload]);
          return invokeResult();
        },
        on: (channel: string, listener: Fn) => (listeners[channel] = listener),
      },
      webUtils: {
        getPathForFile: (file: { path?: string }) => file.path ?? '',
      },
    };
    const events: Event[] = [];
    const window = {
      dispatchEvent: (e: Event) => {
        events.push(e);
        return dispatched.push(e.type);
      },
    };
    const required = runCjs(
      code,
      electron,
      { window, Event, CustomEvent, URL },
      '/app/dist/electron/preload.cjs',
    );
    return {
      exposed,
      invoked,
      listeners,
      dispatched,
      events,
      required,
      setInvokeResult: (f: () => Promise<unknown>) => (invokeResult = f),
    };
  }

  it('is one file that requires only electron', () => {
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code.length).toBeLessThan(20_000); // no zod or other library pulled in
    expect(load().required).toEqual(['electron']);
  });

  it('exposes exactly the ItineraApi functions as window.itinera', () => {
    const { exposed } = load();
    expect(Object.keys(exposed)).toEqual(['itinera']);
    expect(Object.keys(exposed.itinera!).sort()).toEqual(
      [
        'appInfo',
        'cancelImport',
        'deletePreset',
        'demoEvidence',
        'importEvidence',
        'inspectTable',
        'listBasemaps',
        'listPresets',
        'onImportProgress',
        'pathForFile',
        'pickEvidence',
        'readBasemapRange',
        'savePreset',
        'pickEvidenceFolder',
        'readPhotoPreview',
        'readPhotoImage',
        'pickBasemapFile',
        'addBasemap',
        'removeBasemap',
        'readBasemapTile',
        'pickSavePath',
        'exportEvidence',
        'newCase',
        'openCase',
        'saveCase',
        'pickCasePath',
        'recentCases',
        'verifyEvidence',
        'auditLog',
        'exportAudit',
        'appendAudit',
      ].sort(),
    );
    for (const fn of Object.values(exposed.itinera!)) expect(typeof fn).toBe('function');
  });

  it('sends each call on its channel with only the documented fields', async () => {
    const { exposed, invoked } = load();
    const api = exposed.itinera!;
    await api.appInfo!();
    await api.pickEvidence!();
    await api.importEvidence!({ paths: ['/a.gpx'], sneaky: 1 });
    await api.demoEvidence!();
    await api.listBasemaps!();
    await api.readBasemapRange!({ basemapId: 'world', offset: 1, length: 2, extra: true });
    await api.importEvidence!({ paths: ['/b.csv'], jobId: 'j1', files: { '/b.csv': {} }, x: 1 });
    await api.cancelImport!({ jobId: 'j1', extra: 1 });
    await api.inspectTable!({ path: '/b.csv', extra: 1 });
    await api.listPresets!();
    await api.savePreset!({ preset: { id: 'p' }, extra: 1 });
    await api.deletePreset!({ id: 'p', extra: 1 });
    expect(invoked).toEqual([
      [Channels.appInfo, {}],
      [Channels.pickEvidence, {}],
      [Channels.importEvidence, { paths: ['/a.gpx'] }],
      [Channels.demoEvidence, {}],
      [Channels.listBasemaps, {}],
      [Channels.readBasemapRange, { basemapId: 'world', offset: 1, length: 2 }],
      [Channels.importEvidence, { paths: ['/b.csv'], jobId: 'j1', files: { '/b.csv': {} } }],
      [Channels.cancelImport, { jobId: 'j1' }],
      [Channels.inspectTable, { path: '/b.csv' }],
      [Channels.listPresets, {}],
      [Channels.savePreset, { preset: { id: 'p' } }],
      [Channels.deletePreset, { id: 'p' }],
    ]);
  });

  it('sends the case calls with only the documented fields', async () => {
    const { exposed, invoked } = load();
    const api = exposed.itinera!;
    await api.newCase!({ title: 'T', extra: 1 });
    await api.openCase!({ path: '/c.itinera', extra: 1 });
    await api.saveCase!({
      sources: [],
      timeline: null,
      testimony: [],
      path: '/c.itinera',
      auto: true,
      extra: 1,
    });
    await api.pickCasePath!({ purpose: 'save', defaultName: 'c.itinera', extra: 1 });
    await api.recentCases!();
    await api.verifyEvidence!();
    await api.auditLog!();
    await api.exportAudit!({ format: 'csv', path: '/a.csv', extra: 1 });
    await api.appendAudit!({ action: 'edit', details: { a: 1 }, extra: 1 });
    expect(invoked).toEqual([
      [Channels.newCase, { title: 'T' }],
      [Channels.openCase, { path: '/c.itinera' }],
      [
        Channels.saveCase,
        { sources: [], timeline: null, testimony: [], path: '/c.itinera', auto: true },
      ],
      [Channels.pickCasePath, { purpose: 'save', defaultName: 'c.itinera' }],
      [Channels.recentCases, {}],
      [Channels.verifyEvidence, {}],
      [Channels.auditLog, {}],
      [Channels.exportAudit, { format: 'csv', path: '/a.csv' }],
      [Channels.appendAudit, { action: 'edit', details: { a: 1 } }],
    ]);
  });

  it('re-dispatches the File menu case commands as DOM events, known commands only', () => {
    const { listeners, events } = load();
    const send = listeners['menu:case-command'];
    expect(send).toBeDefined();
    send!({}, 'save-as');
    send!({}, 'format-disk');
    send!({}, 42);
    expect(events.map((e) => [e.type, (e as { detail?: unknown }).detail])).toEqual([
      [CASE_COMMAND_EVENT, 'save-as'],
    ]);
  });

  it('passes import progress to subscribers, payload only, until they unsubscribe', () => {
    const { exposed, listeners } = load();
    const seen: unknown[] = [];
    const off = exposed.itinera!.onImportProgress!((e: unknown) => seen.push(e)) as () => void;
    const sender = { id: 1 };
    listeners[EventChannels.importProgress]!(sender, { jobId: 'j', bytesRead: 1 });
    off();
    listeners[EventChannels.importProgress]!(sender, { jobId: 'j', bytesRead: 2 });
    expect(seen).toEqual([{ jobId: 'j', bytesRead: 1 }]);
  });

  it("strips Electron's remote-method prefix from errors", async () => {
    const { exposed, setInvokeResult } = load();
    setInvokeResult(() =>
      Promise.reject(
        new Error(
          "Error invoking remote method 'evidence:import': Error: [api.invalid-request] invalid request",
        ),
      ),
    );
    await expect(exposed.itinera!.importEvidence!({ paths: [] })).rejects.toThrow(
      /^\[api\.invalid-request\] invalid request$/,
    );
  });

  it('returns a dropped file path, or null when there is none', () => {
    const { exposed } = load();
    expect(exposed.itinera!.pathForFile!({ path: '/evidence/x.gpx' })).toBe('/evidence/x.gpx');
    expect(exposed.itinera!.pathForFile!({})).toBeNull();
  });

  it('turns the menu message into the DOM event the renderer listens for', () => {
    const { listeners, dispatched } = load();
    expect(Object.keys(listeners).sort()).toEqual(
      [MENU_EVENTS.openEvidence.ipc, EventChannels.importProgress, 'menu:case-command'].sort(),
    );
    listeners[MENU_EVENTS.openEvidence.ipc]!();
    expect(dispatched).toEqual([MENU_EVENTS.openEvidence.dom]);
    // The renderer listens for the name in shared/api.ts: the two must never drift apart.
    expect(MENU_EVENTS.openEvidence.dom).toBe(OPEN_EVIDENCE_EVENT);
  });
});

const mainDir = await mkdtemp(join(tmpdir(), 'itinera-main-'));
const mainCode = await bundle('main', mainDir);

describe('main bundle', () => {
  it('bundles', () => {
    // A main process that does not bundle is a broken app, not a reason to skip its checks.
    expect(mainCode instanceof Error ? mainCode.message : 'bundled').toBe('bundled');
  });

  afterAll(async () => {
    await rm(mainDir, { recursive: true, force: true });
  });

  it('wires every policy into Electron', async () => {
    const root = await mkdtemp(join(tmpdir(), 'itinera-app-'));
    const rendererDir = join(root, 'dist', 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(root, 'secret.txt'), 'secret');

    const calls: Record<string, unknown[][]> = {};
    const record =
      (name: string, ret?: unknown) =>
      (...args: unknown[]) => {
        (calls[name] ??= []).push(args);
        return ret;
      };
    let ready: () => void = () => undefined;
    const appEvents: Record<string, Fn> = {};
    const windows: { prefs: unknown; url?: string }[] = [];
    const ipcHandlers: Record<string, Fn> = {};
    const electron = {
      app: {
        isPackaged: false,
        enableSandbox: record('enableSandbox'),
        requestSingleInstanceLock: () => true,
        on: (event: string, fn: Fn) => (appEvents[event] = fn),
        whenReady: () => new Promise<void>((r) => (ready = r)),
        getName: () => 'Itinera',
        getVersion: () => '0.1.0',
        getPath: (name: string) => join(mainDir, `electron-${name}`),
        getSystemLocale: () => 'nl-BE',
        getLocale: () => 'nl',
        quit: record('quit'),
        exit: record('exit'),
      },
      protocol: {
        registerSchemesAsPrivileged: record('registerSchemesAsPrivileged'),
        handle: record('protocol.handle'),
      },
      session: {
        defaultSession: {
          webRequest: { onBeforeRequest: record('onBeforeRequest') },
          setPermissionRequestHandler: record('setPermissionRequestHandler'),
          setPermissionCheckHandler: record('setPermissionCheckHandler'),
        },
      },
      ipcMain: { handle: (channel: string, fn: Fn) => (ipcHandlers[channel] = fn) },
      BrowserWindow: class {
        static getAllWindows = () => windows;
        static getFocusedWindow = () => null;
        webContents = { send: record('send') };
        constructor(opts: { webPreferences: unknown }) {
          windows.push({ prefs: opts.webPreferences });
        }
        once() {}
        on() {}
        loadURL(url: string) {
          windows[windows.length - 1]!.url = url;
          return Promise.resolve();
        }
      },
      Menu: {
        setApplicationMenu: record('setApplicationMenu'),
        buildFromTemplate: (t: unknown) => t,
      },
      dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
    };
    const filename = join(root, 'dist', 'electron', 'main.cjs');
    runCjs(
      mainCode as string,
      electron,
      { process, console, URL, Response, Request, setTimeout, Buffer, TextEncoder, TextDecoder },
      filename,
      true,
    );
    expect(calls.registerSchemesAsPrivileged).toEqual([
      [[{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]],
    ]);
    expect(calls.enableSandbox).toHaveLength(1);
    ready();
    await new Promise((r) => setTimeout(r, 50));

    // Window: security.ts preferences, loaded from the app scheme.
    expect(windows).toHaveLength(1);
    expect(windows[0]!.prefs).toEqual(
      secureWebPreferences(join(root, 'dist', 'electron', 'preload.cjs'), true),
    );
    expect(windows[0]!.url).toBe('app://itinera/index.html');

    // Request filter.
    const filter = calls.onBeforeRequest![0]![0] as (d: { url: string }, cb: Fn) => void;
    const decide = (url: string): unknown => {
      let out: unknown;
      filter({ url }, (r: unknown) => (out = r));
      return out;
    };
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(decide('https://example.com/')).toEqual({ cancel: true });
      expect(decide('http://127.0.0.1/')).toEqual({ cancel: true });
    } finally {
      console.warn = warn;
    }
    expect(decide('app://itinera/index.html')).toEqual({ cancel: false });

    // Permissions.
    const request = calls.setPermissionRequestHandler![0]![0] as Fn;
    let granted: unknown;
    request(null, 'geolocation', (g: unknown) => (granted = g));
    expect(granted).toBe(false);
    expect((calls.setPermissionCheckHandler![0]![0] as Fn)(null, 'media')).toBe(false);

    // app:// protocol: CSP on every response, no escape from dist/renderer.
    const [scheme, serve] = calls['protocol.handle']![0] as [
      string,
      (r: Request) => Promise<Response>,
    ];
    expect(scheme).toBe('app');
    const index = await serve(new Request('app://itinera/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('<title>x</title>');
    const escape = await serve(new Request('app://itinera/..%2f..%2fsecret.txt'));
    expect(escape.status).toBe(404);
    expect(escape.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);

    // IPC: one handler per channel, untrusted senders refused, payloads validated.
    expect(Object.keys(ipcHandlers).sort()).toEqual(Object.values(Channels).sort());
    const error = console.error;
    console.error = () => undefined;
    try {
      const appInfo = ipcHandlers[Channels.appInfo]!;
      await expect(appInfo({ senderFrame: { url: 'https://evil.example/' } }, {})).rejects.toThrow(
        /untrusted sender/,
      );
      await expect(appInfo({ senderFrame: null }, {})).rejects.toThrow(/untrusted sender/);
      await expect(
        appInfo({ senderFrame: { url: 'app://itinera/index.html' } }, {}),
      ).resolves.toEqual({
        name: 'Itinera',
        version: '0.1.0',
        locale: 'nl-BE',
        platform: process.platform,
      });
      await expect(
        ipcHandlers[Channels.importEvidence]!(
          { senderFrame: { url: 'app://itinera/' } },
          { paths: [] },
        ),
      ).rejects.toThrow(/^\[api\.invalid-request\]/);
    } finally {
      console.error = error;
    }

    // Navigation, new windows and webviews, for every web contents.
    const contentsEvents: Record<string, Fn> = {};
    let openHandler: Fn = () => undefined;
    appEvents['web-contents-created']!(
      {},
      {
        on: (event: string, fn: Fn) => (contentsEvents[event] = fn),
        setWindowOpenHandler: (fn: Fn) => (openHandler = fn),
      },
    );
    const navigate = (url: string): boolean => {
      let prevented = false;
      contentsEvents['will-navigate']!({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('app://itinera/index.html')).toBe(false);
    for (const event of ['will-frame-navigate', 'will-redirect']) {
      let prevented = false;
      contentsEvents[event]!({
        url: 'file:///etc/passwd',
        preventDefault: () => (prevented = true),
      });
      expect(prevented, event).toBe(true);
    }
    let webviewPrevented = false;
    contentsEvents['will-attach-webview']!({ preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    // Menu: File ▸ Open evidence… sends the menu message to the window.
    const menu = calls.setApplicationMenu![0]![0] as {
      label?: string;
      submenu?: { label?: string; accelerator?: string; click?: Fn }[];
    }[];
    const open = menu
      .flatMap((m) => m.submenu ?? [])
      .find((item) => item.label === 'Open evidence…')!;
    // Ctrl+O opens a case (issue 10); evidence moved to Ctrl+Shift+O.
    expect(open.accelerator).toBe('CmdOrCtrl+Shift+O');
    open.click!();
    expect(calls.send).toEqual([[MENU_EVENTS.openEvidence.ipc]]);
    // File ▸ case items send one message naming the command.
    const items = menu.flatMap((m) => m.submenu ?? []);
    const byLabel = (label: string) => items.find((item) => item.label === label)!;
    expect(byLabel('Open case…').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('Save case').accelerator).toBe('CmdOrCtrl+S');
    expect(byLabel('Save case as…').accelerator).toBe('CmdOrCtrl+Shift+S');
    byLabel('Save case as…').click!();
    expect(calls.send!.at(-1)).toEqual(['menu:case-command', 'save-as']);

    await rm(root, { recursive: true, force: true });
  });
});
