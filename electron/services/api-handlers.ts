/**
 * The Node side of the `ItineraApi` contract, one validated handler per channel. The Electron
 * IPC binding (ipc.ts) and the end-to-end test host (test/e2e/host.ts) both dispatch through
 * `invokeChannel`, so the renderer meets the same validation and the same errors in both.
 *
 * Payloads arrive as `unknown` and are parsed with the zod schemas of shared/api.ts before
 * any service sees them. Errors leave as `ApiError` with a message safe to show the renderer
 * (no stack, no paths the renderer did not send).
 */
import { z } from 'zod';
import {
  AddBasemapRequest,
  CancelImportRequest,
  Channels,
  DeletePresetRequest,
  EmptyRequest,
  EventChannels,
  ExportEvidenceRequest,
  ImportEvidenceRequest,
  ImportProgressEvent,
  InspectTableRequest,
  ReadBasemapRangeRequest,
  ReadBasemapTileRequest,
  ReadPhotoImageRequest,
  RemoveBasemapRequest,
  ReadPhotoPreviewRequest,
  SavePresetRequest,
  IMPORT_CANCELLED,
  PickSavePathRequest,
  NewCaseRequest,
  OpenCaseRequest,
  SaveCaseRequest,
  PickCasePathRequest,
  AppendAuditRequest,
  ExportAuditRequest,
  type AppInfo,
  type AuditLogView,
  type CaseOpened,
  type CasePathPurpose,
  type CaseSaved,
  type CaseSummary,
  type EvidenceVerification,
  type RecentCase,
  type BasemapInfo,
  type Channel,
  type ExhibitExportFormat,
  type ExportedFile,
  type ImportResult,
  type PresetInfo,
  type TableInspection,
} from '../../shared/api';
import { validateTableMapping } from '../../shared/formats/table/mapping';
import type { ExhibitRequest, ExportFileFormat } from '../../shared/exhibit/request';
import { stat } from 'node:fs/promises';
import { sha256File } from './hash';
import { BasemapError, type BasemapRegistry } from './basemaps';
import type { ImportJob } from './intake';
import { builtinPresetInfos, PresetError, type PresetStore } from './intake-presets';
import { PhotoFileError, PhotoFileRegistry } from './photo-files';
import type { AuditHead } from '../../shared/case/audit';
import { isCaseFileError } from '../../shared/case/errors';
import { CaseSession } from './case-session';

/** What the handlers need from their host (Electron main, or the test host). */
export interface ApiServices {
  appInfo(): AppInfo | Promise<AppInfo>;
  /** The native open dialog in the app; the paths set by the test in the test host. */
  pickEvidence(): Promise<string[]>;
  /** The native folder dialog; without it the host offers no folders (an empty answer). */
  pickEvidenceFolder?(): Promise<string[]>;
  /** The native open dialog for basemap files; without it the host offers none (an empty answer). */
  pickBasemapFile?(): Promise<string[]>;
  /** `job` carries the cancel signal, the progress sink and the per-file choices. */
  importEvidence(paths: string[], job?: ImportJob): Promise<ImportResult[]>;
  /** Paths of the bundled demo evidence. */
  demoEvidencePaths: readonly string[];
  basemaps: BasemapRegistry;
  /**
   * The examiner's mapping presets, persisted under the user data directory. Without it only
   * the built-in presets are listed and saving is refused.
   */
  presets?: PresetStore;
  /** Overrides the real table inspection (tests). */
  inspectTable?(path: string, presets: PresetInfo[]): Promise<TableInspection>;
  /**
   * The photo files the read channels may serve; every photo source an import returns is
   * registered in it. A fresh registry per handler set unless given (tests share one).
   */
  photoFiles?: PhotoFileRegistry;
  /**
   * The native save dialog for an export (`defaultName` is a bare file name); null when
   * cancelled. Without it the host offers no path and nothing can be exported.
   */
  pickSavePath?(defaultName: string, format: ExhibitExportFormat): Promise<string | null>;
  /** What writes exports; without it exporting is refused with a clear message. */
  exhibits?: ExhibitWriters;
  /** The open case (audit log, manifests, recent list); a memory-only session unless given. */
  cases?: CaseSession;
  /** The native open/save dialog for case files and audit exports; null when cancelled. */
  pickCasePath?(purpose: CasePathPurpose, defaultName?: string): Promise<string | null>;
}

/**
 * The two writers behind `exportEvidence`: file formats in plain Node (export-files.ts) and the
 * printed exhibit through a browser engine (exhibit-render.ts with the host's printer).
 */
export interface ExhibitWriters {
  writeExport(
    request: ExhibitRequest,
    format: ExportFileFormat,
    outPath: string,
    extra: ExhibitWriteExtras,
  ): Promise<unknown>;
  /** PDF and PNG; absent where no browser engine is at hand. */
  renderExhibit?(
    request: ExhibitRequest,
    format: 'pdf' | 'png',
    outPath: string,
    extra: ExhibitWriteExtras,
  ): Promise<unknown>;
  /** Releases what the writers hold (a browser engine); the host calls it when it closes. */
  close?(): Promise<void>;
}

/** What the app knows beyond the request: how the examiner sees the routes. */
export interface ExhibitWriteExtras {
  /** Route colour (#rrggbb) by source id, as in the app. */
  colours?: Readonly<Record<string, string>>;
}

/** Formats written by `writeExport`; the rest (pdf, png) are rendered pages. */
const FILE_EXPORT_FORMATS: readonly ExhibitExportFormat[] = [
  'svg',
  'kml',
  'kmz',
  'geojson',
  'gpx',
  'csv',
] satisfies ExportFileFormat[];

/** What the transport knows about one call: where events for the caller go. */
export interface CallContext {
  /** Sends an event to the frame that made the call (Electron) or to the page (test host). */
  sendEvent?(channel: (typeof EventChannels)[keyof typeof EventChannels], payload: unknown): void;
}

/** Result type of each channel, matching `ItineraApi`. */
export interface ChannelResults {
  'app:info': AppInfo;
  'evidence:pick': string[];
  'evidence:import': ImportResult[];
  'evidence:demo': ImportResult[];
  'basemap:list': BasemapInfo[];
  'basemap:read-range': ArrayBuffer;
  'evidence:cancel-import': { cancelled: boolean };
  'evidence:inspect-table': TableInspection;
  'presets:list': PresetInfo[];
  'presets:save': PresetInfo[];
  'presets:delete': PresetInfo[];
  'evidence:pick-folder': string[];
  'photo:read-preview': ArrayBuffer;
  'photo:read-image': ArrayBuffer;
  'basemap:pick': string[];
  'basemap:add': BasemapInfo;
  'basemap:remove': BasemapInfo[];
  'basemap:read-tile': ArrayBuffer;
  'exhibit:pick-save-path': string | null;
  'exhibit:export': ExportedFile;
  'case:new': CaseSummary;
  'case:open': CaseOpened;
  'case:save': CaseSaved;
  'case:pick-path': string | null;
  'case:recent': RecentCase[];
  'case:verify-evidence': EvidenceVerification;
  'case:audit-log': AuditLogView;
  'case:export-audit': ExportedFile;
  'case:append-audit': AuditHead;
}

export type ApiHandlers = {
  [C in Channel]: (payload: unknown, ctx?: CallContext) => Promise<ChannelResults[C]>;
};

export type ApiErrorCode = 'api.unknown-channel' | 'api.invalid-request' | 'api.failed' | string;

/** An error whose `message` may be shown to the renderer as is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Channel names, for iterating in the IPC binding and the tests. */
export const ALL_CHANNELS: readonly Channel[] = Object.values(Channels);

export function isChannel(name: string): name is Channel {
  return (ALL_CHANNELS as readonly string[]).includes(name);
}

/**
 * Requests each channel accepts. A no-argument call may send `{}` or nothing; anything else
 * is refused, so a confused or hostile caller learns nothing by probing.
 */
export const RequestSchemas: { [C in Channel]: z.ZodType } = {
  'app:info': EmptyRequest,
  'evidence:pick': EmptyRequest,
  'evidence:import': ImportEvidenceRequest,
  'evidence:demo': EmptyRequest,
  'basemap:list': EmptyRequest,
  'basemap:read-range': ReadBasemapRangeRequest,
  'evidence:cancel-import': CancelImportRequest,
  'evidence:inspect-table': InspectTableRequest,
  'presets:list': EmptyRequest,
  'presets:save': SavePresetRequest,
  'presets:delete': DeletePresetRequest,
  'evidence:pick-folder': EmptyRequest,
  'photo:read-preview': ReadPhotoPreviewRequest,
  'photo:read-image': ReadPhotoImageRequest,
  'basemap:pick': EmptyRequest,
  'basemap:add': AddBasemapRequest,
  'basemap:remove': RemoveBasemapRequest,
  'basemap:read-tile': ReadBasemapTileRequest,
  'exhibit:pick-save-path': PickSavePathRequest,
  'exhibit:export': ExportEvidenceRequest,
  'case:new': NewCaseRequest,
  'case:open': OpenCaseRequest,
  'case:save': SaveCaseRequest,
  'case:pick-path': PickCasePathRequest,
  'case:recent': EmptyRequest,
  'case:verify-evidence': EmptyRequest,
  'case:audit-log': EmptyRequest,
  'case:export-audit': ExportAuditRequest,
  'case:append-audit': AppendAuditRequest,
};

export function parseRequest<C extends Channel>(channel: C, payload: unknown): unknown {
  const result = RequestSchemas[channel].safeParse(payload === undefined ? {} : payload);
  if (!result.success) {
    const where = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
      .join('; ');
    throw new ApiError('api.invalid-request', `invalid request for ${channel}: ${where}`);
  }
  return result.data;
}

function invalid(channel: Channel, where: string): ApiError {
  return new ApiError('api.invalid-request', `invalid request for ${channel}: ${where}`);
}

/** Semantic checks zod cannot express: options only for paths in the job, usable mappings. */
function checkImportRequest(req: ImportEvidenceRequest): void {
  for (const [path, options] of Object.entries(req.files ?? {})) {
    if (!req.paths.includes(path))
      throw invalid('evidence:import', `files: ${path} is not in paths`);
    if (options.mapping) {
      const checked = validateTableMapping(options.mapping);
      if (!checked.ok)
        throw invalid('evidence:import', `files.mapping: ${checked.errors.slice(0, 3).join('; ')}`);
    }
  }
}

export function createApiHandlers(services: ApiServices): ApiHandlers {
  /** Running import jobs by id, for cancelImport. */
  const jobs = new Map<string, AbortController>();
  const photoFiles = services.photoFiles ?? new PhotoFileRegistry();
  const cases = services.cases ?? new CaseSession();
  /**
   * Paths the case dialogs returned, with their purpose: the renderer may open, save or export
   * the log only there (or open a recent case, or save to the case's own path).
   */
  const chosenCasePaths = new Map<string, CasePathPurpose>();
  /** Every import goes through here, so the photos it returns can be read back. */
  const importAndRegister: ApiServices['importEvidence'] = async (paths, job) => {
    const results = job
      ? await services.importEvidence(paths, job)
      : await services.importEvidence(paths);
    photoFiles.registerResults(results);
    cases.recordImport(results.filter((r) => r.ok || r.code !== IMPORT_CANCELLED));
    return results;
  };
  const listPresets = async (): Promise<PresetInfo[]> =>
    services.presets ? services.presets.list() : builtinPresetInfos();
  const presetStore = (): PresetStore => {
    if (!services.presets)
      throw new ApiError('presets.unavailable', 'user presets cannot be stored in this host');
    return services.presets;
  };
  /**
   * Paths the save dialog returned, with the format each was chosen for. The renderer may
   * write only there: a compromised page cannot name any other file to overwrite.
   */
  const chosenSavePaths = new Map<string, ExhibitExportFormat>();
  return {
    'app:info': async (payload) => {
      parseRequest('app:info', payload);
      return services.appInfo();
    },
    'evidence:pick': async (payload) => {
      parseRequest('evidence:pick', payload);
      return services.pickEvidence();
    },
    'evidence:import': async (payload, ctx) => {
      const req = parseRequest('evidence:import', payload) as ImportEvidenceRequest;
      checkImportRequest(req);
      if (req.jobId === undefined && req.files === undefined) return importAndRegister(req.paths);
      const jobId = req.jobId;
      if (jobId !== undefined && jobs.has(jobId))
        throw invalid('evidence:import', `jobId: ${jobId} is already running`);
      const controller = new AbortController();
      if (jobId !== undefined) jobs.set(jobId, controller);
      const send = ctx?.sendEvent;
      const job: ImportJob = {
        signal: controller.signal,
        ...(jobId !== undefined ? { jobId } : {}),
        ...(req.files ? { files: req.files } : {}),
        ...(jobId !== undefined && send
          ? {
              onProgress: (event: ImportProgressEvent) =>
                send(EventChannels.importProgress, ImportProgressEvent.parse(event)),
            }
          : {}),
      };
      try {
        return await importAndRegister(req.paths, job);
      } finally {
        if (jobId !== undefined) jobs.delete(jobId);
      }
    },
    'evidence:cancel-import': async (payload) => {
      const req = parseRequest('evidence:cancel-import', payload) as CancelImportRequest;
      const controller = jobs.get(req.jobId);
      if (!controller) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },
    'evidence:inspect-table': async (payload) => {
      const req = parseRequest('evidence:inspect-table', payload) as InspectTableRequest;
      const presets = await listPresets();
      if (services.inspectTable) return services.inspectTable(req.path, presets);
      // Loaded on first use: a host that never inspects a table never loads the parsers.
      const { inspectTable } = await import('./intake-table');
      return inspectTable(req.path, presets);
    },
    'presets:list': async (payload) => {
      parseRequest('presets:list', payload);
      return listPresets();
    },
    'presets:save': async (payload) => {
      const req = parseRequest('presets:save', payload) as { preset: unknown };
      return presetStore().save(req.preset);
    },
    'presets:delete': async (payload) => {
      const req = parseRequest('presets:delete', payload) as DeletePresetRequest;
      return presetStore().delete(req.id);
    },
    'evidence:demo': async (payload) => {
      parseRequest('evidence:demo', payload);
      return importAndRegister([...services.demoEvidencePaths]);
    },
    'basemap:list': async (payload) => {
      parseRequest('basemap:list', payload);
      return services.basemaps.list();
    },
    'basemap:read-range': async (payload) => {
      const req = parseRequest('basemap:read-range', payload) as ReadBasemapRangeRequest;
      return services.basemaps.readRange(req.basemapId, req.offset, req.length);
    },
    'basemap:pick': async (payload) => {
      parseRequest('basemap:pick', payload);
      return services.pickBasemapFile ? services.pickBasemapFile() : [];
    },
    'basemap:add': async (payload) => {
      const req = parseRequest('basemap:add', payload) as AddBasemapRequest;
      return services.basemaps.add(req.path);
    },
    'basemap:remove': async (payload) => {
      const req = parseRequest('basemap:remove', payload) as RemoveBasemapRequest;
      return services.basemaps.remove(req.id);
    },
    'basemap:read-tile': async (payload) => {
      const req = parseRequest('basemap:read-tile', payload) as ReadBasemapTileRequest;
      return services.basemaps.readTile(req.basemapId, req.z, req.x, req.y);
    },
    'evidence:pick-folder': async (payload) => {
      parseRequest('evidence:pick-folder', payload);
      return services.pickEvidenceFolder ? services.pickEvidenceFolder() : [];
    },
    'photo:read-preview': async (payload) => {
      const req = parseRequest('photo:read-preview', payload) as ReadPhotoPreviewRequest;
      return photoFiles.readRange(req.path, req.offset, req.length);
    },
    'photo:read-image': async (payload) => {
      const req = parseRequest('photo:read-image', payload) as ReadPhotoImageRequest;
      return photoFiles.readImage(req.path);
    },
    'exhibit:pick-save-path': async (payload) => {
      const req = parseRequest('exhibit:pick-save-path', payload) as PickSavePathRequest;
      if (!services.pickSavePath) return null;
      const path = await services.pickSavePath(req.defaultName, req.format);
      if (path === null || path === '') return null;
      chosenSavePaths.set(path, req.format);
      return path;
    },
    'exhibit:export': async (payload) => {
      const req = parseRequest('exhibit:export', payload) as ExportEvidenceRequest;
      if (chosenSavePaths.get(req.path) !== req.format) {
        throw new ApiError(
          'exhibit.path-not-chosen',
          `refused: ${req.path} was not chosen in the save dialog for ${req.format.toUpperCase()}`,
        );
      }
      checkPhotoFiles(req.request, photoFiles);
      const writers = services.exhibits;
      const format = req.format;
      const extra: ExhibitWriteExtras = req.colours ? { colours: req.colours } : {};
      let written: unknown;
      try {
        if ((FILE_EXPORT_FORMATS as readonly string[]).includes(format)) {
          if (!writers) throw unavailable(format);
          written = await writers.writeExport(
            req.request,
            format as ExportFileFormat,
            req.path,
            extra,
          );
        } else {
          if (!writers?.renderExhibit) throw unavailable(format);
          written = await writers.renderExhibit(
            req.request,
            format as 'pdf' | 'png',
            req.path,
            extra,
          );
        }
      } catch (err) {
        if (err instanceof ApiError) throw err;
        const why = err instanceof Error && err.message ? err.message : String(err);
        throw new ApiError(
          'exhibit.export-failed',
          `${format.toUpperCase()} export failed: ${why}`,
        );
      }
      // One dialog, one write: exporting again asks again.
      chosenSavePaths.delete(req.path);
      const [info, sha256] = await Promise.all([stat(req.path), sha256File(req.path)]);
      const exported = { path: req.path, bytes: info.size, sha256 };
      cases.recordExport(exported, format, manifestOf(written));
      return exported;
    },
    'case:new': async (payload) => {
      const req = parseRequest('case:new', payload) as NewCaseRequest;
      return cases.newCase(req.title);
    },
    'case:open': async (payload) => {
      const req = parseRequest('case:open', payload) as OpenCaseRequest;
      if (chosenCasePaths.get(req.path) !== 'open' && !(await cases.isRecent(req.path))) {
        throw new ApiError(
          'case.path-not-chosen',
          `refused: ${req.path} was not chosen in the open dialog`,
        );
      }
      chosenCasePaths.delete(req.path);
      const opened = await cases.open(req.path);
      // The opened case's photos may be shown and exported like freshly imported ones.
      photoFiles.registerResults(
        opened.sources.map((source) => ({ ok: true, path: source.files[0]?.path ?? '', source })),
      );
      return opened;
    },
    'case:save': async (payload) => {
      const req = parseRequest('case:save', payload) as SaveCaseRequest;
      const path = req.path ?? cases.currentPath;
      if (path === null) {
        throw new ApiError('case.no-path', 'this case has not been saved yet: choose where');
      }
      if (req.path !== undefined && req.path !== cases.currentPath) {
        if (chosenCasePaths.get(req.path) !== 'save') {
          throw new ApiError(
            'case.path-not-chosen',
            `refused: ${req.path} was not chosen in the save dialog`,
          );
        }
        chosenCasePaths.delete(req.path);
      }
      return cases.save({ ...req, path });
    },
    'case:pick-path': async (payload) => {
      const req = parseRequest('case:pick-path', payload) as PickCasePathRequest;
      if (!services.pickCasePath) return null;
      const path = await services.pickCasePath(req.purpose, req.defaultName);
      if (path === null || path === '') return null;
      chosenCasePaths.set(path, req.purpose);
      return path;
    },
    'case:recent': async (payload) => {
      parseRequest('case:recent', payload);
      return cases.recentCases();
    },
    'case:verify-evidence': async (payload) => {
      parseRequest('case:verify-evidence', payload);
      return cases.verifyEvidence();
    },
    'case:audit-log': async (payload) => {
      parseRequest('case:audit-log', payload);
      return cases.auditLog();
    },
    'case:export-audit': async (payload) => {
      const req = parseRequest('case:export-audit', payload) as ExportAuditRequest;
      if (chosenCasePaths.get(req.path) !== `audit-${req.format}`) {
        throw new ApiError(
          'case.path-not-chosen',
          `refused: ${req.path} was not chosen in the save dialog for the audit log`,
        );
      }
      chosenCasePaths.delete(req.path);
      return cases.exportAudit(req.format, req.path);
    },
    'case:append-audit': async (payload) => {
      const req = parseRequest('case:append-audit', payload) as AppendAuditRequest;
      return cases.append(req.action, req.details ?? {});
    },
  };
}

/** The manifest a writer returned with its export (export-files.ts's `RenderedExport`), if any. */
function manifestOf(written: unknown): unknown {
  if (written === null || typeof written !== 'object') return undefined;
  return (written as { manifest?: unknown }).manifest;
}

/**
 * A KMZ embeds photo files read from the paths the sources name: only files an import
 * registered may be read, so a crafted request cannot pull another file into an export.
 */
function checkPhotoFiles(request: ExhibitRequest, photoFiles: PhotoFileRegistry): void {
  for (const source of request.sources) {
    if (source.kind !== 'photos' && !(source.photos?.length ?? 0)) continue;
    for (const file of source.files ?? []) {
      if (file.path !== undefined && !photoFiles.has(file.path)) {
        throw new ApiError(
          'exhibit.unknown-photo',
          `refused: ${file.name} is not a photo file of an imported source`,
        );
      }
    }
  }
}

function unavailable(format: ExhibitExportFormat): ApiError {
  return new ApiError(
    'exhibit.unavailable',
    `${format.toUpperCase()} export is not available in this host`,
  );
}

/**
 * Dispatches one call. Rejects with an ApiError only: validation and known service errors
 * keep their message; anything unexpected is reported through `onUnexpected` (for the log)
 * and reaches the caller as a generic message.
 */
export async function invokeChannel(
  handlers: ApiHandlers,
  channel: string,
  payload: unknown,
  onUnexpected: (channel: string, err: unknown) => void = () => undefined,
  ctx: CallContext = {},
): Promise<unknown> {
  if (!isChannel(channel)) throw new ApiError('api.unknown-channel', 'unknown API channel');
  try {
    return await handlers[channel](payload, ctx);
  } catch (err) {
    throw toApiError(channel, err, onUnexpected);
  }
}

export function toApiError(
  channel: string,
  err: unknown,
  onUnexpected: (channel: string, err: unknown) => void = () => undefined,
): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof BasemapError) return new ApiError(err.code, err.message);
  if (err instanceof PhotoFileError) return new ApiError(err.code, err.message);
  if (isCaseFileError(err)) return new ApiError(err.code, err.message);
  if (err instanceof PresetError)
    return new ApiError(
      err.code === 'presets.invalid' ? 'api.invalid-request' : err.code,
      err.message,
    );
  onUnexpected(channel, err);
  return new ApiError('api.failed', `${channel} failed unexpectedly`);
}
