/**
 * Every security decision of the Electron shell, as plain data and predicates, so that the
 * configuration is unit-tested without the Electron binary (which cannot be run here).
 * main.ts, ipc.ts and preload.ts apply these; they add no policy of their own.
 *
 * No imports at all: the sandboxed preload bundles this file too (for MENU_EVENTS), and a
 * sandboxed preload may require nothing but `electron`.
 */

/** The renderer is served from `app://itinera/…`, never from file:// or http(s). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'itinera';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges for `protocol.registerSchemesAsPrivileged`. `standard` gives the scheme real
 * origins (relative URLs, localStorage); `secure` makes it a secure context; `supportFetchAPI`
 * lets the renderer (and MapLibre's workers) fetch style and assets from it. No `bypassCSP`,
 * no `corsEnabled`, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/** The subset of Electron's WebPreferences this app sets (typed here to avoid importing electron). */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  /** Closed in production so nobody can run code in the renderer from the keyboard. */
  devTools: boolean;
  preload: string;
}

export function secureWebPreferences(preloadPath: string, devTools = false): SecureWebPreferences {
  return {
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
    safeDialogs: true,
    devTools,
    preload: preloadPath,
  };
}

/**
 * MapLibre GL needs `worker-src blob:` (it starts its workers from a blob URL unless
 * `setWorkerUrl` points at a same-origin file) and `img-src blob:` (tiles are decoded through
 * blob URLs). It needs no `unsafe-eval` since v3. Inline styles are set by React and MapLibre.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'", 'blob:', 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Headers added to every response of the app scheme. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** Schemes a request may use at all: the app's own, DevTools' own, and in-memory URLs. */
const LOCAL_SCHEMES = new Set(['app:', 'devtools:', 'data:', 'blob:']);

/**
 * The session-level request filter: the app makes no network request, ever. Only the app's
 * own origin, DevTools, and `data:`/`blob:` URLs pass. http(s), ws(s), ftp, file and every
 * other scheme are refused, localhost included.
 */
export function isAllowedRequestUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || !LOCAL_SCHEMES.has(parsed.protocol)) return false;
  if (parsed.protocol === 'app:') return isAppOriginUrl(url);
  if (parsed.protocol === 'blob:') {
    // A blob URL carries the origin that created it: only the app's own blobs.
    return isAppOriginUrl(url.slice('blob:'.length));
  }
  return true;
}

/** True for `app://itinera/…` (any path), false for other hosts, ports, credentials or schemes. */
export function isAppOriginUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** `will-navigate` / `will-redirect`: only within the app's own origin (e.g. a reload). */
export function isAllowedNavigation(url: string): boolean {
  return isAppOriginUrl(url);
}

/**
 * The exhibit printer (a hidden window in its own in-memory session) loads the printable page
 * from the render's local server (electron/services/exhibit-render-server.ts). Its origin is
 * accepted only when it is plain http on the loopback address 127.0.0.1 with an explicit port
 * and no credentials; anything else (another host, `localhost`, which a hosts file may point
 * elsewhere, https, a missing port) is refused, so no request can leave the machine.
 */
export function exhibitPrintOrigin(pageUrl: string): string | null {
  const parsed = parseUrl(pageUrl);
  if (
    !parsed ||
    parsed.protocol !== 'http:' ||
    parsed.hostname !== '127.0.0.1' ||
    parsed.port === '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return null;
  }
  return parsed.origin;
}

/**
 * The request filter of the printer's own session: only the job's page origin (exactly that
 * port), its blobs, and `data:` URLs. The app's default session keeps refusing localhost.
 */
export function isAllowedExhibitPrintRequest(url: string, pageOrigin: string | null): boolean {
  if (pageOrigin === null || exhibitPrintOrigin(pageOrigin) !== pageOrigin) return false;
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'data:') return true;
  const target = parsed.protocol === 'blob:' ? parseUrl(url.slice('blob:'.length)) : parsed;
  return (
    target !== undefined &&
    target.origin === pageOrigin &&
    target.username === '' &&
    target.password === ''
  );
}

/**
 * `will-navigate` and friends in the exhibit printer's window (besides `isAllowedNavigation`):
 * its own page on the render's server, nothing else. Other windows pass null and get false.
 */
export function isAllowedPrintNavigation(url: string, printOrigin: string | null): boolean {
  if (printOrigin === null) return false;
  const parsed = parseUrl(url);
  return (
    parsed !== undefined &&
    parsed.protocol === 'http:' &&
    isAllowedExhibitPrintRequest(url, printOrigin)
  );
}

/** `setWindowOpenHandler`: the app opens no windows, links included. */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * IPC sender check: a message is served only when the frame that sent it shows the app itself
 * (`event.senderFrame.url`). A missing frame (destroyed, navigated away) is refused.
 */
export function isTrustedSenderUrl(frameUrl: string | undefined | null): boolean {
  return typeof frameUrl === 'string' && isAppOriginUrl(frameUrl);
}

/** `setPermissionRequestHandler` and `setPermissionCheckHandler`: every permission is denied. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

/**
 * Electron fuses flipped into the packaged binary by electron/after-pack.cjs (which keeps an
 * identical copy; a unit test checks both agree). Every fuse is listed so a new Electron fuse
 * fails packaging (`strictlyRequireAllFuses`) instead of silently keeping its default.
 */
export const FUSE_SETTINGS = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
} as const;

/**
 * The File ▸ Open evidence… menu item reaches the renderer as a DOM event: main sends
 * `ipc` to the window, the preload re-dispatches it on `window` as `dom`, and the renderer
 * listens with `window.addEventListener('itinera:open-evidence', …)` and then calls
 * `itinera.pickEvidence()` itself. No extra API member, and the end-to-end tests can fire
 * the same event.
 */
export const MENU_EVENTS = {
  openEvidence: { ipc: 'menu:open-evidence', dom: 'itinera:open-evidence' },
} as const;

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
