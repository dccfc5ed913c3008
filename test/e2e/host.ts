/**
 * End-to-end test host: the built renderer plus the real Node services, over localhost HTTP
 * instead of Electron IPC (the Electron binary cannot run on these machines).
 *
 * - serves dist/renderer/ with the production CSP; index.html gets `/__bridge.js` injected
 *   before the app's first script, which defines `window.itinera` over fetch;
 * - `POST /api/<channel>` dispatches through the SAME `invokeChannel` and handlers as
 *   electron/ipc.ts, bodies in shared/wire.ts encoding (answers in its binary framing when the
 *   request accepts it, as the bridge does); `basemap:read-range`, `basemap:read-tile`
 *   and the photo channels answer raw bytes;
 * - `evidence:pick`, `evidence:pick-folder` and `basemap:pick` return what the test set (the
 *   stand-ins for the native dialogs); `exhibit:pick-save-path` answers a path in `exportsDir`
 *   (the suggested name) unless the test set another answer;
 * - `exhibit:export` writes with the real writers: file formats in plain Node, PDF and PNG
 *   through the exhibit page printed by Debian's Chromium;
 * - `GET /__events` is a Server-Sent Events stream carrying what Electron would
 *   `webContents.send` (import progress), in the same wire encoding;
 * - user presets and remembered basemaps live in `userDataDir` (a fresh temporary directory unless given);
 * - bound to 127.0.0.1 only, and refuses any request whose Host header is not
 *   `127.0.0.1:<port>` (DNS rebinding) or whose Origin is another site.
 */
import { build } from 'esbuild';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiError,
  createApiHandlers,
  invokeChannel,
  type ApiServices,
  type ExhibitWriters,
} from '../../electron/services/api-handlers';
import { mimeTypeFor, resolveAppPaths, resolveStaticPath } from '../../electron/services/app-paths';
import { BasemapStore } from '../../electron/services/basemap-store';
import { BasemapRegistry, worldBasemapEntry } from '../../electron/services/basemaps';
import type { ImportJob } from '../../electron/services/intake';
import { PresetStore } from '../../electron/services/intake-presets';
import { CaseSession } from '../../electron/services/case-session';
import type { ExhibitPrinter } from '../../electron/services/exhibit-print';
import { APP_RESPONSE_HEADERS } from '../../electron/security';
import { WIRE_BINARY_TYPE, decodeWire, encodeWire, encodeWireBinary } from '../../shared/wire';
import type { AppInfo, CasePathPurpose, ExhibitExportFormat, ImportResult } from '../../shared/api';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestHostOptions {
  /** The stand-in for the native open dialog, used when setPickResult was not called. */
  pick?: () => string[];
  /** The stand-in for the native folder dialog, used when setPickFolderResult was not called. */
  pickFolder?: () => string[];
  /** The stand-in for the basemap file dialog, used when setPickBasemapResult was not called. */
  pickBasemap?: () => string[];
  /** Defaults to dist/renderer. A missing directory only makes page requests 404. */
  rendererDir?: string;
  /** Overrides the bundled world basemap (e.g. a small archive made by the test). */
  worldBasemapPath?: string;
  demoEvidencePaths?: string[];
  /** Overrides the real intake (e.g. to count calls). */
  importEvidence?: ApiServices['importEvidence'];
  appInfo?: Partial<AppInfo>;
  /** Where user presets are stored; a temporary directory (removed on close) by default. */
  userDataDir?: string;
  /** Where the save dialog stand-in puts exports; a temporary directory (removed on close) by default. */
  exportsDir?: string;
  /** Overrides the real export writers (e.g. to fail on purpose). */
  exhibits?: ExhibitWriters;
}

export interface TestHost {
  url: string;
  close(): Promise<void>;
  setPickResult(paths: string[]): void;
  /** What the next `pickEvidenceFolder` answers (once). */
  setPickFolderResult(paths: string[]): void;
  /** What the next `pickBasemapFile` answers (once). */
  setPickBasemapResult(paths: string[]): void;
  /** Where user presets and remembered basemaps (`basemaps.json`) are stored. */
  userDataDir: string;
  /** Where exports go unless `setSavePathResult` said otherwise. */
  exportsDir: string;
  /** What the next `pickSavePath` answers (once): a path, or null for a cancelled dialog. */
  setSavePathResult(path: string | null): void;
  /** Every save dialog shown so far: the suggested name and the format. */
  saveDialogs: { defaultName: string; format: ExhibitExportFormat }[];
  /**
   * What the next case dialog answers (once): a path, or null for a cancelled dialog. Without
   * it an open dialog is cancelled and a save dialog answers the suggested name in `exportsDir`.
   */
  setCasePathResult(path: string | null): void;
  /** Every case dialog shown so far. */
  caseDialogs: { purpose: CasePathPurpose; defaultName?: string }[];
  /** The host's open case (as Electron main's). */
  cases: CaseSession;
}

const BRIDGE_PATH = '/__bridge.js';
const EVENTS_PATH = '/__events';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const paths = resolveAppPaths({ packaged: false, repoRoot });
  const rendererDir = opts.rendererDir ?? paths.rendererDir;
  const bridgeJs = await bundleBridge();
  let pickResult: string[] | undefined;
  let pickFolderResult: string[] | undefined;
  let pickBasemapResult: string[] | undefined;
  let savePathResult: string | null | undefined;
  const saveDialogs: TestHost['saveDialogs'] = [];
  let casePathResult: string | null | undefined;
  const caseDialogs: TestHost['caseDialogs'] = [];
  const ownUserData = opts.userDataDir === undefined;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'itinera-host-userdata-')));
  // As in the app: user basemaps are remembered in the user data directory.
  const basemaps = new BasemapRegistry(
    [worldBasemapEntry(opts.worldBasemapPath ?? paths.worldBasemap)],
    { store: new BasemapStore(userDataDir) },
  );
  await basemaps.loadRemembered();
  const ownExports = opts.exportsDir === undefined;
  const exportsDir = opts.exportsDir ?? (await mkdtemp(join(tmpdir(), 'itinera-host-exports-')));
  const exhibits = opts.exhibits ?? realExhibitWriters(rendererDir, basemaps);
  /** Open Server-Sent Events streams (one per page). */
  const eventStreams = new Set<ServerResponse>();
  const broadcast = (channel: string, payload: unknown): void => {
    const frame = `event: ${channel}\ndata: ${encodeWire(payload)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  };
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };

  // As in the app: the software version in the audit log, recent cases in the user data directory.
  const cases = new CaseSession({ software: `Itinera ${pkg.version}`, userDataDir });
  const handlers = createApiHandlers({
    cases,
    pickCasePath: async (purpose, defaultName) => {
      caseDialogs.push({ purpose, ...(defaultName !== undefined ? { defaultName } : {}) });
      if (casePathResult !== undefined) {
        const result = casePathResult;
        casePathResult = undefined;
        return result;
      }
      if (purpose === 'open') return null;
      const fallback = purpose === 'save' ? 'case.itinera' : `audit-log.${purpose.slice(6)}`;
      return join(exportsDir, defaultName ?? fallback);
    },
    appInfo: () => ({
      name: pkg.name,
      version: pkg.version,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      platform: process.platform,
      ...opts.appInfo,
    }),
    pickEvidence: async () => {
      const result = pickResult ?? opts.pick?.() ?? [];
      pickResult = undefined;
      return result;
    },
    pickEvidenceFolder: async () => {
      const result = pickFolderResult ?? opts.pickFolder?.() ?? [];
      pickFolderResult = undefined;
      return result;
    },
    pickBasemapFile: async () => {
      const result = pickBasemapResult ?? opts.pickBasemap?.() ?? [];
      pickBasemapResult = undefined;
      return result;
    },
    pickSavePath: async (defaultName, format) => {
      saveDialogs.push({ defaultName, format });
      const result = savePathResult === undefined ? join(exportsDir, defaultName) : savePathResult;
      savePathResult = undefined;
      return result;
    },
    exhibits,
    importEvidence: opts.importEvidence ?? realImportEvidence,
    demoEvidencePaths: opts.demoEvidencePaths ?? paths.demoEvidence,
    basemaps,
    presets: new PresetStore(userDataDir),
  });

  let expectedHost = '';
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('test host: request failed', err);
      if (!res.headersSent) sendJson(res, 500, { code: 'host.failed', message: 'host failed' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== expectedHost) {
      return sendJson(res, 421, { code: 'host.wrong-host', message: 'wrong Host header' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${expectedHost}`) {
      return sendJson(res, 403, { code: 'host.wrong-origin', message: 'cross-origin request' });
    }
    const url = new URL(req.url ?? '/', `http://${expectedHost}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, { code: 'host.method', message: 'method not allowed' });
    }
    if (url.pathname === BRIDGE_PATH) return sendBody(res, 200, 'text/javascript', bridgeJs);
    if (url.pathname === EVENTS_PATH) return openEventStream(res);
    return serveStatic(res, url.pathname, req.method === 'HEAD');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      return sendJson(res, 405, { code: 'host.method', message: 'API calls are POST' });
    }
    // A JSON content type makes any cross-origin fetch preflighted, and preflights are refused.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { code: 'host.content-type', message: 'expected JSON' });
    }
    let channel: string;
    let payload: unknown;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readBody(req);
      payload = body.length === 0 ? undefined : decodeWire(body.toString('utf8'));
    } catch (err) {
      const message = err instanceof Error ? err.message : 'unreadable body';
      return sendJson(res, 400, { code: 'api.invalid-request', message });
    }
    let result: unknown;
    try {
      result = await invokeChannel(
        handlers,
        channel,
        payload,
        (ch, err) => console.error(`test host: ${ch} failed`, err),
        { sendEvent: broadcast },
      );
    } catch (err) {
      const safe = err instanceof ApiError ? err : new ApiError('api.failed', `${channel} failed`);
      const status =
        safe.code === 'api.unknown-channel' ? 404 : safe.code === 'api.failed' ? 500 : 400;
      return sendJson(res, status, { code: safe.code, message: safe.message });
    }
    if (result instanceof ArrayBuffer) {
      return sendBody(res, 200, 'application/octet-stream', Buffer.from(result));
    }
    // The bridge asks for raw binary typed arrays (closer to Electron's structured clone than
    // base64 in JSON); other clients, e.g. tests calling fetch, keep getting JSON.
    if ((req.headers.accept ?? '').includes(WIRE_BINARY_TYPE)) {
      return sendChunks(res, WIRE_BINARY_TYPE, encodeWireBinary(result));
    }
    return sendBody(res, 200, 'application/json', encodeWire(result));
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      ...APP_RESPONSE_HEADERS,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A comment line flushes the headers, so the page's EventSource reports `open` at once.
    res.write(': itinera test host events\n\n');
    eventStreams.add(res);
    res.on('close', () => eventStreams.delete(res));
  }

  async function serveStatic(res: ServerResponse, pathname: string, head: boolean): Promise<void> {
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return sendJson(res, 404, { code: 'host.not-found', message: 'not found' });
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return sendJson(res, 404, { code: 'host.not-found', message: 'not found' });
    }
    const type = mimeTypeFor(file);
    const out = type.startsWith('text/html') ? injectBridge(body.toString('utf8')) : body;
    return sendBody(res, 200, type, head ? '' : out);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;

  return {
    url: `http://${expectedHost}/`,
    userDataDir,
    exportsDir,
    saveDialogs,
    caseDialogs,
    cases,
    setCasePathResult: (path) => {
      casePathResult = path;
    },
    setSavePathResult: (path) => {
      savePathResult = path;
    },
    setPickResult: (files) => {
      pickResult = [...files];
    },
    setPickFolderResult: (folders) => {
      pickFolderResult = [...folders];
    },
    setPickBasemapResult: (files) => {
      pickBasemapResult = [...files];
    },
    close: async () => {
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await basemaps.close();
      await exhibits.close?.();
      if (ownUserData) await rm(userDataDir, { recursive: true, force: true });
      if (ownExports) await rm(exportsDir, { recursive: true, force: true });
    },
  };
}

/**
 * The app's writers: file formats in plain Node, PDF and PNG printed by Debian's Chromium (started
 * on the first such export, closed with the host). The exhibit page comes from `rendererDir`,
 * the basemaps from the host's own registry, as the app does.
 */
function realExhibitWriters(rendererDir: string, basemaps: BasemapRegistry): ExhibitWriters {
  let printer: Promise<ExhibitPrinter> | null = null;
  return {
    writeExport: async (request, format, outPath) => {
      const { writeExport } = await import('../../electron/services/export-files');
      // The result carries the manifest the case keeps.
      return writeExport(request, format, outPath);
    },
    renderExhibit: async (request, format, outPath, extra) => {
      const [{ renderExhibit }, { ChromiumExhibitPrinter }] = await Promise.all([
        import('../../electron/services/exhibit-render'),
        import('../../electron/services/exhibit-print-chromium'),
      ]);
      printer ??= ChromiumExhibitPrinter.launch();
      // A launch that failed is not cached: the next export tries again.
      const engine = await printer.catch((err: unknown) => {
        printer = null;
        throw err;
      });
      await renderExhibit(request, format, outPath, engine, {
        rendererDir,
        basemaps,
        ...(extra.colours ? { colours: extra.colours } : {}),
      });
    },
    close: async () => {
      const engine = await printer?.catch(() => null);
      await engine?.close();
    },
  };
}

/** Loaded on first use, so a host for API-only tests starts without the parsers. */
async function realImportEvidence(files: string[], job?: ImportJob): Promise<ImportResult[]> {
  const intake = await import('../../electron/services/intake');
  return intake.importEvidence(files, job ?? {});
}

/** Puts the bridge before the app's first script so `window.itinera` exists when it runs. */
export function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_PATH}"></script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return html.slice(0, firstScript) + tag + html.slice(firstScript);
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return html.slice(0, headEnd) + tag + html.slice(headEnd);
  return tag + html;
}

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [join(repoRoot, 'test', 'e2e', 'bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes the chunks one after the other: a 50 MB result is never joined into one buffer. */
function sendChunks(res: ServerResponse, contentType: string, chunks: readonly Uint8Array[]): void {
  res.writeHead(200, {
    ...APP_RESPONSE_HEADERS,
    'Content-Type': contentType,
    'Content-Length': chunks.reduce((sum, c) => sum + c.byteLength, 0),
    'Cache-Control': 'no-store',
  });
  for (const chunk of chunks) res.write(chunk);
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBody(res, status, 'application/json', JSON.stringify(body));
}

function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  res.writeHead(status, {
    ...APP_RESPONSE_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
