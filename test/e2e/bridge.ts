/**
 * Loaded by the test host before the app's scripts: `window.itinera` over fetch to the host,
 * standing in for the Electron preload. Errors have the same `[code] message` shape the
 * preload gives, and the object is frozen and read-only as contextBridge makes it. Events
 * (import progress) arrive over one Server-Sent Events stream, opened on first subscription.
 */
import { EventChannels, type Channel, type ItineraApi } from '../../shared/api';
import { WIRE_BINARY_TYPE, decodeWire, decodeWireBinary, encodeWire } from '../../shared/wire';

async function call<T>(channel: Channel, payload: unknown = {}): Promise<T> {
  const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: WIRE_BINARY_TYPE },
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
  // Typed arrays arrive as raw bytes and become views on the body, as cheap as IPC's clone.
  if (type.startsWith(WIRE_BINARY_TYPE)) return decodeWireBinary(await res.arrayBuffer()) as T;
  return decodeWire(await res.text()) as T;
}

const progressListeners = new Set<(event: unknown) => void>();
let events: EventSource | undefined;

function ensureEventStream(): void {
  if (events) return;
  events = new EventSource('/__events');
  events.addEventListener(EventChannels.importProgress, (message) => {
    let payload: unknown;
    try {
      payload = decodeWire((message as MessageEvent<string>).data);
    } catch {
      return;
    }
    for (const listener of progressListeners) {
      try {
        listener(payload);
      } catch {
        // One faulty listener must not starve the others.
      }
    }
  });
}

/** Resolves once the event stream is open, so a job's first progress event is not missed. */
function eventStreamReady(): Promise<void> {
  ensureEventStream();
  const source = events!;
  if (source.readyState === EventSource.OPEN) return Promise.resolve();
  return new Promise((resolveReady) => {
    const done = (): void => {
      clearTimeout(timer);
      resolveReady();
    };
    const timer = setTimeout(done, 2000);
    source.addEventListener('open', done, { once: true });
  });
}

const api: ItineraApi = {
  appInfo: () => call('app:info'),
  pickEvidence: () => call('evidence:pick'),
  importEvidence: async (req) => {
    if (req.jobId !== undefined && progressListeners.size > 0) await eventStreamReady();
    return call('evidence:import', {
      paths: req.paths,
      ...(req.jobId !== undefined ? { jobId: req.jobId } : {}),
      ...(req.files !== undefined ? { files: req.files } : {}),
    });
  },
  demoEvidence: () => call('evidence:demo'),
  listBasemaps: () => call('basemap:list'),
  readBasemapRange: (req) =>
    call('basemap:read-range', {
      basemapId: req.basemapId,
      offset: req.offset,
      length: req.length,
    }),
  pickBasemapFile: () => call('basemap:pick'),
  addBasemap: (req) => call('basemap:add', { path: req.path }),
  removeBasemap: (req) => call('basemap:remove', { id: req.id }),
  readBasemapTile: (req) =>
    call('basemap:read-tile', { basemapId: req.basemapId, z: req.z, x: req.x, y: req.y }),
  cancelImport: (req) => call('evidence:cancel-import', { jobId: req.jobId }),
  inspectTable: (req) => call('evidence:inspect-table', { path: req.path }),
  listPresets: () => call('presets:list'),
  savePreset: (req) => call('presets:save', { preset: req.preset }),
  deletePreset: (req) => call('presets:delete', { id: req.id }),
  pickEvidenceFolder: () => call('evidence:pick-folder'),
  readPhotoPreview: (req) =>
    call('photo:read-preview', { path: req.path, offset: req.offset, length: req.length }),
  readPhotoImage: (req) => call('photo:read-image', { path: req.path }),
  pickSavePath: (req) =>
    call('exhibit:pick-save-path', { defaultName: req.defaultName, format: req.format }),
  exportEvidence: (req) =>
    call('exhibit:export', {
      request: req.request,
      format: req.format,
      path: req.path,
      ...(req.colours !== undefined ? { colours: req.colours } : {}),
    }),
  newCase: (req) => call('case:new', req?.title !== undefined ? { title: req.title } : {}),
  openCase: (req) => call('case:open', { path: req.path }),
  saveCase: (req) =>
    call('case:save', {
      sources: req.sources,
      timeline: req.timeline,
      testimony: req.testimony,
      ...(req.path !== undefined ? { path: req.path } : {}),
      ...(req.title !== undefined ? { title: req.title } : {}),
      ...(req.annotations !== undefined ? { annotations: req.annotations } : {}),
      ...(req.auto !== undefined ? { auto: req.auto } : {}),
    }),
  pickCasePath: (req) =>
    call('case:pick-path', {
      purpose: req.purpose,
      ...(req.defaultName !== undefined ? { defaultName: req.defaultName } : {}),
    }),
  recentCases: () => call('case:recent'),
  verifyEvidence: () => call('case:verify-evidence'),
  auditLog: () => call('case:audit-log'),
  exportAudit: (req) => call('case:export-audit', { format: req.format, path: req.path }),
  appendAudit: (req) =>
    call('case:append-audit', {
      action: req.action,
      ...(req.details !== undefined ? { details: req.details } : {}),
    }),
  onImportProgress: (listener) => {
    progressListeners.add(listener);
    ensureEventStream();
    return () => {
      progressListeners.delete(listener);
    };
  },
  // The browser does not reveal a dropped file's path; the app must cope with null.
  pathForFile: () => null,
};

Object.defineProperty(window, 'itinera', {
  value: Object.freeze(api),
  writable: false,
  configurable: false,
  enumerable: true,
});
