/**
 * The local server the exhibit page is printed from: the built renderer (for
 * `exhibit/exhibit.html` and its assets), the exhibit document, and the basemap read by byte
 * range or tile. Bound to 127.0.0.1 on a free port, everything under a random path prefix,
 * and only for a request whose Host is that address, so no other site or local page can read
 * the evidence while it is up. It lives for one render.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EXHIBIT_BASEMAP_PATH,
  EXHIBIT_DOCUMENT_PATH,
  EXHIBIT_PAGE_PATH,
  EXHIBIT_PHOTO_PATH,
} from '../../shared/exhibit/document';
import { APP_RESPONSE_HEADERS } from '../security';
import { mimeTypeFor, resolveStaticPath } from './app-paths';

/** What the server reads basemaps through (BasemapRegistry has these). */
export interface BasemapReader {
  readRange(id: string, offset: number, length: number): Promise<ArrayBuffer>;
  readTile(id: string, z: number, x: number, y: number): Promise<ArrayBuffer>;
}

export interface ExhibitServerOptions {
  /** The built renderer (dist/renderer), holding exhibit/exhibit.html. */
  rendererDir: string;
  /** The exhibit document, wire-encoded (shared/wire.ts). */
  document: string;
  basemaps: BasemapReader | null;
  /**
   * A photo's thumbnail by `ExhibitMapPhoto.key`, or null. Only keys of the exhibit's own
   * photos resolve (the caller looks them up in its model), so no other file can be read.
   */
  photos?: (key: string) => Promise<{ bytes: Uint8Array; type: string } | null>;
}

export interface ExhibitServer {
  /** The exhibit page (a query such as `?maxTile=1024` may be added: it forces tiling). */
  pageUrl: string;
  close(): Promise<void>;
}

/** MapLibre never asks a PMTiles archive for more at once than a directory or a tile. */
const MAX_RANGE = 16 * 1024 * 1024;

export async function startExhibitServer(options: ExhibitServerOptions): Promise<ExhibitServer> {
  const prefix = `/${randomBytes(16).toString('hex')}/`;
  let expectedHost = '';
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('exhibit server: request failed', err);
      if (!res.headersSent) send(res, 500, 'text/plain', 'failed');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== expectedHost) return send(res, 421, 'text/plain', 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain', 'method not allowed');
    }
    const url = new URL(req.url ?? '/', `http://${expectedHost}`);
    if (!url.pathname.startsWith(prefix)) return send(res, 404, 'text/plain', 'not found');
    const path = url.pathname.slice(prefix.length);
    if (path === EXHIBIT_DOCUMENT_PATH) {
      return send(res, 200, 'application/json', options.document);
    }
    if (path.startsWith(`${EXHIBIT_BASEMAP_PATH}/`)) return basemap(res, path, url.searchParams);
    if (path === EXHIBIT_PHOTO_PATH) {
      const key = url.searchParams.get('key') ?? '';
      const photo = key !== '' && options.photos ? await options.photos(key) : null;
      if (!photo) return send(res, 404, 'text/plain', 'no such photo');
      return send(res, 200, photo.type, req.method === 'HEAD' ? '' : Buffer.from(photo.bytes));
    }
    const file = resolveStaticPath(options.rendererDir, `/${path}`);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
    return send(res, 200, mimeTypeFor(file), req.method === 'HEAD' ? '' : body);
  }

  async function basemap(res: ServerResponse, path: string, q: URLSearchParams): Promise<void> {
    const reader = options.basemaps;
    const id = q.get('id') ?? '';
    if (!reader || id === '') return send(res, 404, 'text/plain', 'no basemap');
    const int = (name: string) => {
      const text = q.get(name);
      const n = text === null ? NaN : Number(text);
      return Number.isInteger(n) && n >= 0 ? n : null;
    };
    try {
      if (path === `${EXHIBIT_BASEMAP_PATH}/range`) {
        const offset = int('offset');
        const length = int('length');
        if (offset === null || length === null || length > MAX_RANGE) {
          return send(res, 400, 'text/plain', 'bad range');
        }
        const bytes = await reader.readRange(id, offset, length);
        return send(res, 200, 'application/octet-stream', Buffer.from(bytes));
      }
      if (path === `${EXHIBIT_BASEMAP_PATH}/tile`) {
        const z = int('z');
        const x = int('x');
        const y = int('y');
        if (z === null || x === null || y === null || z > 30 || x >= 2 ** z || y >= 2 ** z) {
          return send(res, 400, 'text/plain', 'bad tile');
        }
        const bytes = await reader.readTile(id, z, x, y);
        return send(res, 200, 'application/octet-stream', Buffer.from(bytes));
      }
    } catch (err) {
      // A tile the basemap lacks is a hole in the map, not a failed exhibit.
      return send(res, 404, 'text/plain', err instanceof Error ? err.message : 'not found');
    }
    return send(res, 404, 'text/plain', 'not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  return {
    pageUrl: `http://${expectedHost}${prefix}${EXHIBIT_PAGE_PATH}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    ...APP_RESPONSE_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
