/**
 * Where the app's own files are, in development (the repository) and when packaged by
 * electron-builder (under `process.resourcesPath`). Plain Node: the caller passes what it
 * learnt from Electron (`app.isPackaged`, `process.resourcesPath`).
 *
 * Packaged layout (see electron-builder.yml):
 *   resources/app.asar/dist/renderer/…            renderer, served by the app:// protocol
 *   resources/app.asar/dist/electron/preload.cjs  preload (Electron reads it through asar)
 *   resources/app.asar.unpacked/assets/…          basemap and demo, opened with real fds
 *   resources/app.asar.unpacked/dist/electron/intake-worker.mjs
 * The basemap is read by byte ranges through a file descriptor and the worker is started by
 * worker_threads; both want a real file, so they are unpacked instead of living in the asar.
 */
import { join, resolve, sep } from 'node:path';

export interface AppPaths {
  /** Root the app code is loaded from: the repo, or `resources/app.asar`. */
  appRoot: string;
  /** Root of files that must exist on disk: the repo, or `resources/app.asar.unpacked`. */
  unpackedRoot: string;
  rendererDir: string;
  preload: string;
  /** Directory holding `intake-worker.mjs`. */
  workerDir: string;
  worldBasemap: string;
  /** Offline gazetteer (`npm run build:assets` writes it; see assets/gazetteer/build.ts). */
  gazetteer: string;
  demoDir: string;
  /**
   * The bundled demo case (assets/demo/build-demo-case.ts): the truck's tracker export, the
   * phone's Records.json and the photos folder (one source), in import order.
   */
  demoEvidence: string[];
}

export type AppLocation =
  { packaged: true; resourcesDir: string } | { packaged: false; repoRoot: string };

export function resolveAppPaths(location: AppLocation): AppPaths {
  const appRoot = location.packaged
    ? join(location.resourcesDir, 'app.asar')
    : resolve(location.repoRoot);
  const unpackedRoot = location.packaged
    ? join(location.resourcesDir, 'app.asar.unpacked')
    : resolve(location.repoRoot);
  const demoDir = join(unpackedRoot, 'assets', 'demo');
  return {
    appRoot,
    unpackedRoot,
    rendererDir: join(appRoot, 'dist', 'renderer'),
    preload: join(appRoot, 'dist', 'electron', 'preload.cjs'),
    workerDir: join(unpackedRoot, 'dist', 'electron'),
    worldBasemap: join(unpackedRoot, 'assets', 'basemap', 'world.pmtiles'),
    gazetteer: join(unpackedRoot, 'assets', 'gazetteer', 'places.bin'),
    demoDir,
    demoEvidence: [
      join(demoDir, 'case', 'truck-TRK-0427.csv'),
      join(demoDir, 'case', 'phone', 'Records.json'),
      join(demoDir, 'case', 'photos'),
    ],
  };
}

/**
 * The repository root seen from a bundle in `dist/electron/` (dev) or from a source file in
 * `electron/` or `electron/services/` run by tsx.
 */
export function repoRootFrom(bundleDir: string): string {
  return resolve(bundleDir, '..', '..');
}

/**
 * Maps a request URL's path to a file under `rootDir`, or null when it would escape the root
 * (`..`, encoded separators, NUL bytes, drive letters) or is malformed. `/` maps to index.html.
 * The URL has already been normalised by the URL parser; the check after `resolve` is what
 * actually guarantees containment.
 */
export function resolveStaticPath(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const target = resolve(root, relative);
  if (target !== root && !target.startsWith(root + sep)) return null;
  if (target === root) return null;
  return target;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const ext = dot >= 0 ? filePath.slice(dot).toLowerCase() : '';
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}
