/**
 * Loaded by the test host before the app's scripts: `window.itinera` over fetch to the host,
 * standing in for the Electron preload. Errors have the same `[code] message` shape the
 * preload gives, and the object is frozen and read-only as contextBridge makes it.
 */
import type { Channel, ItineraApi } from '../../shared/api';
import { decodeWire, encodeWire } from '../../shared/wire';

async function call<T>(channel: Channel, payload: unknown = {}): Promise<T> {
  const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: encodeWire(payload),
  });
  if (!res.ok) {
    let code = 'host.failed';
    let message = `${channel} failed (HTTP ${res.status})`;
    try {
      const body = (await res.json()) as { code?: string; message?: string };
      code = body.code ?? code;
      message = body.message ?? message;
    } catch {
      // keep the generic message
    }
    throw new Error(`[${code}] ${message}`);
  }
  const type = res.headers.get('Content-Type') ?? '';
  if (type.startsWith('application/octet-stream')) return (await res.arrayBuffer()) as T;
  return decodeWire(await res.text()) as T;
}

const api: ItineraApi = {
  appInfo: () => call('app:info'),
  pickEvidence: () => call('evidence:pick'),
  importEvidence: (req) => call('evidence:import', { paths: req.paths }),
  demoEvidence: () => call('evidence:demo'),
  listBasemaps: () => call('basemap:list'),
  readBasemapRange: (req) =>
    call('basemap:read-range', {
      basemapId: req.basemapId,
      offset: req.offset,
      length: req.length,
    }),
  // The browser does not reveal a dropped file's path; the app must cope with null.
  pathForFile: () => null,
};

Object.defineProperty(window, 'itinera', {
  value: Object.freeze(api),
  writable: false,
  configurable: false,
  enumerable: true,
});
