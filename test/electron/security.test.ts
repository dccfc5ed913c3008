/**
 * The Electron shell's security configuration, checked without the Electron binary: the
 * policy values in electron/security.ts, and (by reading the source) that the glue files
 * actually apply them.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_RESPONSE_HEADERS,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  FUSE_SETTINGS,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isAppOriginUrl,
  isPermissionGranted,
  isTrustedSenderUrl,
  MENU_EVENTS,
  secureWebPreferences,
  windowOpenDecision,
} from '../../electron/security';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const source = (file: string): Promise<string> => readFile(join(repoRoot, file), 'utf8');

describe('web preferences', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');

  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('closes DevTools unless asked (development only)', () => {
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('/p', true).devTools).toBe(true);
  });

  it('sets nothing that weakens the defaults', () => {
    const weakening = ['experimentalFeatures', 'enableBlinkFeatures', 'disableBlinkFeatures'];
    for (const key of weakening) expect(prefs).not.toHaveProperty(key);
  });
});

describe('app scheme', () => {
  it('loads the renderer from app://itinera, not file:// or http', () => {
    expect(APP_ORIGIN).toBe('app://itinera');
    expect(APP_ENTRY_URL).toBe('app://itinera/index.html');
  });

  it('is standard and secure but does not bypass CSP or open CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
    });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});

describe('content security policy', () => {
  it('is the documented policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; " +
        "connect-src 'self' blob: data:; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('names no remote origin and allows no eval or inline script', () => {
    const all = Object.values(CSP_DIRECTIVES).flat();
    for (const value of all) {
      expect(value).not.toMatch(/^(https?|wss?|ftp):|\*|\/\//);
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
  });

  it('lets MapLibre start blob workers and decode blob images', () => {
    expect(CSP_DIRECTIVES['worker-src']).toContain('blob:');
    expect(CSP_DIRECTIVES['img-src']).toContain('blob:');
  });

  it('is sent on every app response with nosniff', () => {
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(APP_RESPONSE_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('request filter', () => {
  it.each([
    'http://example.com/',
    'https://example.com/tiles/0/0/0.pbf',
    'https://tile.openstreetmap.org/1/1/1.png',
    'http://localhost:5173/',
    'http://127.0.0.1:8080/index.html',
    'http://[::1]/',
    'ws://example.com/socket',
    'wss://localhost/socket',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'chrome://settings',
    'javascript:alert(1)',
    'app://evil/index.html',
    'app://itinera:8080/index.html',
    'app://user:pw@itinera/index.html',
    'blob:https://example.com/0b1c',
    'blob:null/0b1c',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedRequestUrl(url)).toBe(false);
  });

  it.each([
    'app://itinera/index.html',
    'app://itinera/assets/index-abc.js',
    'app://itinera/fonts/noto.woff2',
    'data:image/png;base64,iVBORw0KGgo=',
    'blob:app://itinera/3f1c2a9e-0000-4000-8000-000000000000',
    'devtools://devtools/bundled/inspector.html',
  ])('allows %s', (url) => {
    expect(isAllowedRequestUrl(url)).toBe(true);
  });
});

describe('navigation, windows, permissions', () => {
  it('allows navigation only inside the app origin', () => {
    expect(isAllowedNavigation('app://itinera/index.html')).toBe(true);
    expect(isAllowedNavigation('app://itinera/index.html#/timeline')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/evil.html')).toBe(false);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/')).toBe(false);
  });

  it('denies every new window', () => {
    expect(windowOpenDecision('app://itinera/index.html')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('https://example.com/')).toEqual({ action: 'deny' });
  });

  it('denies every permission', () => {
    for (const permission of [
      'geolocation',
      'media',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
      'unknown',
    ]) {
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });
});

describe('IPC sender check', () => {
  it('trusts only frames showing the app', () => {
    expect(isTrustedSenderUrl('app://itinera/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://itinera/')).toBe(true);
    expect(isTrustedSenderUrl('https://example.com/')).toBe(false);
    expect(isTrustedSenderUrl('file:///app/index.html')).toBe(false);
    expect(isTrustedSenderUrl('about:blank')).toBe(false);
    expect(isTrustedSenderUrl('app://itinera.evil/')).toBe(false);
    expect(isTrustedSenderUrl('')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl(null)).toBe(false);
  });

  it('agrees with the origin predicate', () => {
    expect(isAppOriginUrl(APP_ENTRY_URL)).toBe(true);
  });
});

describe('fuses', () => {
  it('turns off Node entry points and enforces the asar', () => {
    expect(FUSE_SETTINGS).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('glue files apply the policy', () => {
  it('main.ts uses every security export', async () => {
    const main = await source('electron/main.ts');
    for (const used of [
      'secureWebPreferences(',
      'isAllowedRequestUrl(',
      'isAllowedNavigation(',
      'windowOpenDecision(',
      'isPermissionGranted(',
      'APP_SCHEME_PRIVILEGES',
      'APP_RESPONSE_HEADERS',
      'APP_ENTRY_URL',
      'registerIpcHandlers(',
      'MENU_EVENTS.openEvidence.ipc',
    ]) {
      expect(main, used).toContain(used);
    }
    expect(main).toContain('webRequest.onBeforeRequest(');
    expect(main).toContain('setPermissionRequestHandler(');
    expect(main).toContain('setPermissionCheckHandler(');
    expect(main).toContain("'will-navigate'");
    expect(main).toContain("'will-attach-webview'");
    expect(main).toContain('setWindowOpenHandler(');
    expect(main).toContain('protocol.registerSchemesAsPrivileged(');
    expect(main).toContain('protocol.handle(');
    expect(main).toContain('resolveStaticPath(');
    expect(main).toContain('app.enableSandbox()');
    // Every BrowserWindow gets its preferences from security.ts, never inline.
    expect(main).not.toMatch(/nodeIntegration\s*:/);
    expect(main).not.toMatch(/contextIsolation\s*:/);
    expect(main).not.toMatch(/sandbox\s*:/);
    expect(main).not.toContain('file://');
    expect(main).not.toContain('loadFile(');
    expect(main).not.toMatch(/https?:\/\//);
  });

  it('ipc.ts checks the sender frame and validates through the shared handlers', async () => {
    const ipc = await source('electron/ipc.ts');
    expect(ipc).toContain('isTrustedSenderUrl(event.senderFrame?.url)');
    expect(ipc).toContain('invokeChannel(');
    expect(ipc).toContain('ALL_CHANNELS');
    expect(ipc).not.toContain('ipcMain.on(');
  });

  it('preload exposes task-level functions, never ipcRenderer itself', async () => {
    const preload = await source('electron/preload.ts');
    expect(preload).toContain("contextBridge.exposeInMainWorld('itinera', api)");
    expect(preload).toContain('webUtils.getPathForFile(');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|postMessage)\(/);
  });

  it('only main.ts, preload.ts and ipc.ts import electron', async () => {
    const glue = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts']);
    const offenders: string[] = [];
    const importers: string[] = [];
    for (const dir of ['electron', 'shared', 'renderer']) {
      for (const file of await listSources(join(repoRoot, dir))) {
        const text = await readFile(file, 'utf8');
        const rel = relative(repoRoot, file).split('\\').join('/');
        if (/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron['"]/.test(text)) {
          importers.push(rel);
          if (!glue.has(rel)) offenders.push(rel);
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(importers.sort()).toEqual([...glue].sort());
  });

  it('the menu event names are distinct and namespaced', () => {
    expect(MENU_EVENTS.openEvidence.ipc).toBe('menu:open-evidence');
    expect(MENU_EVENTS.openEvidence.dom).toBe('itinera:open-evidence');
  });
});

async function listSources(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !file.includes('node_modules'));
}
