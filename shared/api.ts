/**
 * The typed contract between the renderer and the Node side.
 * The Electron IPC binding and the end-to-end test host both implement exactly this;
 * the preload exposes it as `window.itinera`. Requests are validated with these schemas
 * on the Node side before any service sees them.
 */
import { z } from 'zod';
import { tableMappingSchema, type TableMapping } from './formats/table/mapping';
import type { TablePreset } from './formats/table/presets';
import type {
  BasemapBounds,
  BasemapCenter,
  BasemapKind,
  BasemapSchema,
  BasemapTileFormat,
  BasemapTileType,
} from './map/basemap-info';
import type { ExhibitOptions, ExhibitRequest } from './exhibit/request';
import type { ImportedSource } from './imported-source';
import { INTERVIEW_REQUEST_FIELDS } from './testimony/schema';
import type { AuditEntry, AuditHead, AuditVerification } from './case/audit';
import type { TimelineSettings } from './timeline/types';
import { LOCALES } from './i18n/messages';

export const API_VERSION = 1;

/** Channel names, shared by IPC and the test host's HTTP routes. */
export const Channels = {
  appInfo: 'app:info',
  pickEvidence: 'evidence:pick',
  importEvidence: 'evidence:import',
  demoEvidence: 'evidence:demo',
  listBasemaps: 'basemap:list',
  readBasemapRange: 'basemap:read-range',
  cancelImport: 'evidence:cancel-import',
  inspectTable: 'evidence:inspect-table',
  listPresets: 'presets:list',
  savePreset: 'presets:save',
  deletePreset: 'presets:delete',
  pickEvidenceFolder: 'evidence:pick-folder',
  readPhotoPreview: 'photo:read-preview',
  readPhotoImage: 'photo:read-image',
  pickBasemapFile: 'basemap:pick',
  addBasemap: 'basemap:add',
  removeBasemap: 'basemap:remove',
  readBasemapTile: 'basemap:read-tile',
  pickSavePath: 'exhibit:pick-save-path',
  exportEvidence: 'exhibit:export',
  newCase: 'case:new',
  openCase: 'case:open',
  saveCase: 'case:save',
  pickCasePath: 'case:pick-path',
  recentCases: 'case:recent',
  verifyEvidence: 'case:verify-evidence',
  auditLog: 'case:audit-log',
  exportAudit: 'case:export-audit',
  appendAudit: 'case:append-audit',
} as const;
export type Channel = (typeof Channels)[keyof typeof Channels];

/**
 * Node → renderer event channels (not request channels): Electron sends them to the frame
 * that started the import; the test host streams them as Server-Sent Events.
 */
export const EventChannels = {
  importProgress: 'import:progress',
} as const;

/** Renderer-chosen id of one import job, so it can be cancelled and its progress matched. */
export const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

/** `YYYY-MM-DD`, the examiner's answer to a `needs: date` request. */
export const AssumedDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

/** What the examiner decided for one file before it is imported. */
export const ImportFileOptions = z
  .object({
    /** The table mapping confirmed in the mapping step (tables only). */
    mapping: tableMappingSchema.optional(),
    assumedDate: AssumedDate.optional(),
  })
  .strict();
export type ImportFileOptions = z.infer<typeof ImportFileOptions>;

export const ImportEvidenceRequest = z.object({
  paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
  /** Progress events carry it; `cancelImport` takes it. Without it the job cannot be cancelled. */
  jobId: JobId.optional(),
  /** Per path (exactly as in `paths`). */
  files: z.record(z.string().min(1).max(4096), ImportFileOptions).optional(),
});
export type ImportEvidenceRequest = z.infer<typeof ImportEvidenceRequest>;

export const CancelImportRequest = z.object({ jobId: JobId }).strict();
export type CancelImportRequest = z.infer<typeof CancelImportRequest>;

export const InspectTableRequest = z.object({ path: z.string().min(1).max(4096) }).strict();
export type InspectTableRequest = z.infer<typeof InspectTableRequest>;

/** Ids of user presets; built-in ids cannot be overwritten or deleted. */
export const PresetId = z.string().min(1).max(100);
export const DeletePresetRequest = z.object({ id: PresetId }).strict();
export type DeletePresetRequest = z.infer<typeof DeletePresetRequest>;
/** The preset itself is checked with `validatePreset` (shared/formats/table/presets.ts). */
export const SavePresetRequest = z.object({ preset: z.unknown() }).strict();
export type SavePresetRequest = { preset: TablePreset };

/** Progress of one file of an import job; sent at most about ten times a second per job. */
export const ImportProgressEvent = z.object({
  jobId: JobId,
  /** 0-based index into the request's `paths`. */
  fileIndex: z.number().int().nonnegative(),
  fileCount: z.number().int().positive(),
  path: z.string(),
  name: z.string(),
  bytesRead: z.number().nonnegative(),
  /** Size of the file when the import started; 0 when it could not be read. */
  totalBytes: z.number().nonnegative(),
  /** Over every file of the job. */
  jobBytesRead: z.number().nonnegative(),
  jobTotalBytes: z.number().nonnegative(),
  state: z.enum(['queued', 'reading', 'done', 'failed', 'cancelled']),
  /** For a folder (photos): files of it finished so far, and found in it. Absent for a file. */
  filesDone: z.number().int().nonnegative().optional(),
  filesTotal: z.number().int().nonnegative().optional(),
});
export type ImportProgressEvent = z.infer<typeof ImportProgressEvent>;

export const ReadBasemapRangeRequest = z.object({
  basemapId: z.string().min(1).max(200),
  offset: z.number().int().nonnegative(),
  /** Capped: MapLibre never asks for more than a directory or a tile at once. */
  length: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024),
});
export type ReadBasemapRangeRequest = z.infer<typeof ReadBasemapRangeRequest>;

/** A basemap file to add (`.pmtiles` or `.mbtiles`), as the open dialog returned it. */
export const AddBasemapRequest = z.object({ path: z.string().min(1).max(4096) }).strict();
export type AddBasemapRequest = z.infer<typeof AddBasemapRequest>;

export const RemoveBasemapRequest = z.object({ id: z.string().min(1).max(200) }).strict();
export type RemoveBasemapRequest = z.infer<typeof RemoveBasemapRequest>;

/** One tile by XYZ address (MapLibre's rows; MBTiles' TMS flip happens on the Node side). */
export const ReadBasemapTileRequest = z
  .object({
    basemapId: z.string().min(1).max(200),
    z: z.number().int().min(0).max(30),
    x: z.number().int().nonnegative(),
    y: z.number().int().nonnegative(),
  })
  .strict()
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'x and y must be below 2^z' });
export type ReadBasemapTileRequest = z.infer<typeof ReadBasemapTileRequest>;

export const EmptyRequest = z.object({}).strict();

/**
 * An embedded preview of an imported photo. The Node side serves only files it imported
 * (the path must be a file of an imported source) and only inside the file.
 */
export const ReadPhotoPreviewRequest = z
  .object({
    path: z.string().min(1).max(4096),
    offset: z.number().int().nonnegative(),
    length: z
      .number()
      .int()
      .positive()
      .max(4 * 1024 * 1024),
  })
  .strict();
export type ReadPhotoPreviewRequest = z.infer<typeof ReadPhotoPreviewRequest>;

/** The whole image of an imported photo, for the viewer; refused above the service's size cap. */
export const ReadPhotoImageRequest = z.object({ path: z.string().min(1).max(4096) }).strict();
export type ReadPhotoImageRequest = z.infer<typeof ReadPhotoImageRequest>;

/**
 * Every format the composer exports. PDF and PNG are the printed exhibit (a browser engine
 * renders them); the others are files written in plain Node (SVG: the schematic diagram).
 */
export const EXHIBIT_EXPORT_FORMATS = [
  'pdf',
  'png',
  'svg',
  'kml',
  'kmz',
  'geojson',
  'gpx',
  'csv',
] as const;
export type ExhibitExportFormat = (typeof EXHIBIT_EXPORT_FORMATS)[number];
export const ExhibitExportFormatSchema = z.enum(EXHIBIT_EXPORT_FORMATS);

/** The native save dialog: a suggested file name (no folder) for one format. */
export const PickSavePathRequest = z
  .object({
    defaultName: z
      .string()
      .min(1)
      .max(255)
      .refine((name) => !/[\\/]/.test(name) && !name.includes('\u0000'), {
        message: 'a file name, not a path',
      }),
    format: ExhibitExportFormatSchema,
  })
  .strict();
export type PickSavePathRequest = z.infer<typeof PickSavePathRequest>;

const UtcSpan = z
  .object({ start: z.number().finite(), end: z.number().finite() })
  .strict()
  .refine((s) => s.start <= s.end, { message: 'start must not be after end' });
const ShortText = z.string().max(500);
const IdList = z.array(z.string().min(1).max(500)).max(100_000);

export const ExhibitOptionsSchema = z
  .object({
    title: ShortText,
    caseReference: ShortText,
    exhibitNumber: ShortText,
    author: ShortText,
    locale: z.enum(LOCALES),
    pageSize: z.enum(['A4', 'A3', 'Letter']),
    orientation: z.enum(['portrait', 'landscape']),
    mapStyle: z.enum(['print', 'light', 'dark']),
    show: z
      .object({
        route: z.boolean(),
        stops: z.boolean(),
        photos: z.boolean(),
        events: z.boolean(),
        accuracy: z.boolean(),
        testimony: z.boolean(),
      })
      .strict(),
    displayZone: z.string().min(1).max(100),
    timeRange: UtcSpan.nullable(),
    sourceIds: IdList.nullable(),
    stopIds: IdList.nullable(),
    dpi: z.number().int().min(72).max(600),
  })
  .strict();
// Fails the type check if the schema and the contract in shared/exhibit/request.ts drift apart.
const exhibitOptionsMatch: ExhibitOptions extends z.infer<typeof ExhibitOptionsSchema>
  ? z.infer<typeof ExhibitOptionsSchema> extends ExhibitOptions
    ? true
    : false
  : false = true;
void exhibitOptionsMatch;

/**
 * The evidence and settings of an exhibit. Sources and settings are checked in outline only
 * (they are what an import returned and what the timeline was derived with; the derivation
 * copes with anything else); the examiner's options are checked whole.
 */
export const ExhibitRequestSchema = z
  .object({
    sources: z
      .array(z.object({ id: z.string().min(1).max(500), kind: z.string() }).passthrough())
      .max(10_000),
    settings: z
      .object({
        gapS: z.number().nonnegative(),
        conflictSpeedKmh: z.number().nonnegative(),
        mergeRadiusM: z.number().nonnegative(),
        displayZone: z.string().min(1).max(100),
        perSource: z.record(z.string(), z.object({}).passthrough()),
        coPresence: z.array(z.object({}).passthrough()),
        edits: z.array(z.object({ kind: z.string() }).passthrough()),
      })
      .passthrough(),
    options: ExhibitOptionsSchema,
    basemapId: z.string().min(1).max(200).optional(),
    ...INTERVIEW_REQUEST_FIELDS,
  })
  .strict();

/** Writes one export to a path the save dialog returned (and only to such a path). */
export const ExportEvidenceRequest = z
  .object({
    request: ExhibitRequestSchema,
    format: ExhibitExportFormatSchema,
    path: z.string().min(1).max(4096),
    /** Route colours (#rrggbb) by source id, so the exhibit draws each route as the app does. */
    colours: z.record(z.string().min(1).max(500), z.string().regex(/^#[0-9a-fA-F]{6}$/)).optional(),
  })
  .strict();
/** Typed with the contract's `ExhibitRequest` (the schema checks sources only in outline). */
export type ExportEvidenceRequest = {
  request: ExhibitRequest;
  format: ExhibitExportFormat;
  path: string;
  colours?: Record<string, string>;
};

/** What an export wrote: the file, its size and its SHA-256 (hex), for the notice and the log. */
export interface ExportedFile {
  path: string;
  bytes: number;
  sha256: string;
}

// ---- Case files (issue 10) ----

const CasePath = z.string().min(1).max(4096);

export const NewCaseRequest = z.object({ title: z.string().max(500).optional() }).strict();
export type NewCaseRequest = z.infer<typeof NewCaseRequest>;

/** Opens a path from `pickCasePath` (open) or from the recent list. */
export const OpenCaseRequest = z.object({ path: CasePath }).strict();
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

/**
 * A section of a case (testimony, an annotation): JSON with a `kind`. The same shape as
 * shared/case/format's `CaseSection`, restated here because that module imports this one.
 */
export interface CaseSection {
  kind: string;
  [key: string]: unknown;
}

const CaseSectionSchema = z.object({ kind: z.string().min(1).max(100) }).passthrough();

/**
 * What the renderer holds of the case. The Node side keeps the rest (id, creation date, exhibit
 * manifests, the audit log) and writes the whole document. Without `path` the case is saved
 * where it was last opened or saved; with one, the path must come from `pickCasePath` (save).
 */
export const SaveCaseRequest = z
  .object({
    path: CasePath.optional(),
    title: z.string().max(500).optional(),
    sources: z
      .array(z.object({ id: z.string().min(1).max(500), kind: z.string() }).passthrough())
      .max(10_000),
    timeline: z
      .object({ edits: z.array(z.object({}).passthrough()) })
      .passthrough()
      .nullable(),
    testimony: z.array(CaseSectionSchema).max(10_000),
    annotations: z.array(CaseSectionSchema).max(100_000).optional(),
    /** Saved by the autosave timer or on quit (recorded as such in the audit log). */
    auto: z.boolean().optional(),
  })
  .strict();
export type SaveCaseRequest = {
  path?: string;
  title?: string;
  sources: ImportedSource[];
  timeline: TimelineSettings | null;
  testimony: CaseSection[];
  annotations?: CaseSection[];
  auto?: boolean;
};

export const CASE_PATH_PURPOSES = ['open', 'save', 'audit-csv', 'audit-json'] as const;
export type CasePathPurpose = (typeof CASE_PATH_PURPOSES)[number];
export const PickCasePathRequest = z
  .object({
    purpose: z.enum(CASE_PATH_PURPOSES),
    defaultName: z
      .string()
      .min(1)
      .max(255)
      .refine((name) => !/[\\/]/.test(name) && !name.includes('\u0000'), {
        message: 'a file name, not a path',
      })
      .optional(),
  })
  .strict();
export type PickCasePathRequest = z.infer<typeof PickCasePathRequest>;

/** Audit actions the renderer reports; the Node side records the others itself. */
export const RENDERER_AUDIT_ACTIONS = [
  'setting',
  'edit',
  'exclude',
  'annotate',
  'testimony',
  'remove-source',
] as const;
export const AppendAuditRequest = z
  .object({
    action: z.enum(RENDERER_AUDIT_ACTIONS),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type AppendAuditRequest = z.infer<typeof AppendAuditRequest>;

export const ExportAuditRequest = z
  .object({ format: z.enum(['csv', 'json']), path: CasePath })
  .strict();
export type ExportAuditRequest = z.infer<typeof ExportAuditRequest>;

/** The current case as the top bar shows it. */
export interface CaseSummary {
  caseId: string;
  title: string;
  /** Null until the case is first saved. */
  path: string | null;
  createdAt: string;
  /** UTC ISO of the last save or of the file opened; null for a new case. */
  savedAt: string | null;
  auditHead: AuditHead;
  /** The audit log failed verification when opened (stays so: the log is never repaired). */
  tampered: boolean;
}

export interface CaseOpened extends CaseSummary {
  sources: ImportedSource[];
  timeline: TimelineSettings | null;
  testimony: CaseSection[];
  annotations: CaseSection[];
  exhibits: number;
  software: string;
  fileVersion: number;
  audit: AuditVerification;
  /** Set when the case could not be read and its `.bak` backup was opened instead. */
  recoveredFrom?: { path: string; code: string; message: string };
}

export interface CaseSaved extends CaseSummary {
  path: string;
  savedAt: string;
  bytes: number;
  sha256: string;
}

export interface RecentCase {
  path: string;
  title: string;
  savedAt: string;
  exists: boolean;
}

export interface EvidenceCheckResult {
  sourceId: string;
  sourceLabel: string;
  name: string;
  recordedPath?: string;
  recordedSize: number;
  recordedSha256: string;
  status: 'match' | 'mismatch' | 'missing';
  foundAt?: string;
  actualSize?: number;
  actualSha256?: string;
  note?: string;
}

export interface EvidenceVerification {
  checks: EvidenceCheckResult[];
  match: number;
  mismatch: number;
  missing: number;
}

export interface AuditLogView {
  entries: AuditEntry[];
  verification: AuditVerification;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Locale of the operating system, e.g. `nl-BE`. */
  locale: string;
  platform: string;
}

export type { ImportedSource, SourceNeed } from './imported-source';

/** Outcome of importing one file: a source, or why the file could not be read. */
export type ImportResult =
  | { ok: true; path: string; source: ImportedSource }
  | { ok: false; path: string; name: string; code: string; message: string };

/** Result code of a file whose import was cancelled: the renderer adds nothing for it. */
export const IMPORT_CANCELLED = 'import.cancelled';

/** What the mapping step needs to show for one file. */
export type TableInspection =
  | {
      table: true;
      path: string;
      name: string;
      format: 'table' | 'xlsx';
      /** Encoding the text was decoded with (`utf-8`, `windows-1252`…); empty for XLSX. */
      encoding: string;
      mapping: TableMapping;
      confidence: number;
      notes: string[];
      /** The first rows of the file (from line 1, skipped rows and header included), split into cells. */
      rows: string[][];
      /** 1-based line of each row. */
      lines: number[];
      presets: PresetInfo[];
    }
  | { table: false; path: string; name: string; format: string | null; message: string };

export interface PresetInfo {
  preset: TablePreset;
  origin: 'builtin' | 'user';
}

export interface BasemapInfo {
  id: string;
  name: string;
  /** `bundled` for the world map shipped with the app. */
  origin: 'bundled' | 'user';
  /** The container: PMTiles is read by byte range, MBTiles tile by tile (`readBasemapTile`). */
  kind: BasemapKind;
  size: number;
  attribution: string;
  tileType: BasemapTileType;
  /** Format of the tiles as served (vector tiles: `pbf`). */
  format: BasemapTileFormat;
  /** Vector schema, told from the layer ids; `raster` for image tiles. */
  schema: BasemapSchema;
  /**
   * `overlay` for a file that cannot stand as a basemap (a vector tileset in an unknown schema,
   * or metadata `type=overlay`): it may be laid over one. `note` says why.
   */
  role: 'basemap' | 'overlay';
  minzoom: number;
  maxzoom: number;
  bounds: BasemapBounds;
  /** Inside `bounds` (derived from them when the file has none or puts it elsewhere). */
  center: BasemapCenter;
  /** Raster tiles only: 256 or 512 px, read from a tile's image header. */
  tileSize?: 256 | 512;
  /** Vector layer ids (empty for raster), for styling an overlay of unknown schema. */
  vectorLayers: string[];
  /**
   * `missing`: a remembered file that is no longer there (listed, not dropped, so it can be
   * found again); `unreadable`: there but no longer opens (`note` says why). Fields other than
   * id, name, origin and kind are then from when it was added.
   */
  status: 'ok' | 'missing' | 'unreadable';
  note?: string;
}

/** The task-level API the preload exposes on `window.itinera`. */
export interface ItineraApi {
  appInfo(): Promise<AppInfo>;
  /** Shows the open-evidence dialog; resolves to the chosen paths (empty when cancelled). */
  pickEvidence(): Promise<string[]>;
  importEvidence(req: ImportEvidenceRequest): Promise<ImportResult[]>;
  /** The bundled demo evidence that a fresh start shows. */
  demoEvidence(): Promise<ImportResult[]>;
  listBasemaps(): Promise<BasemapInfo[]>;
  readBasemapRange(req: ReadBasemapRangeRequest): Promise<ArrayBuffer>;
  /** Shows the open dialog for `.pmtiles`/`.mbtiles` files; resolves to the chosen paths (empty when cancelled). */
  pickBasemapFile(): Promise<string[]>;
  /** Opens, checks and remembers a basemap file; rejects with a clear message, remembering nothing. */
  addBasemap(req: AddBasemapRequest): Promise<BasemapInfo>;
  /** Forgets a user basemap (the file is untouched); resolves to the remaining list. */
  removeBasemap(req: RemoveBasemapRequest): Promise<BasemapInfo[]>;
  /**
   * One decompressed tile of any basemap (MBTiles through it; PMTiles too), empty when the
   * file has no tile there. MapLibre reaches it as `mbtiles://<id>/{z}/{x}/{y}`.
   */
  readBasemapTile(req: ReadBasemapTileRequest): Promise<ArrayBuffer>;
  /**
   * Shows the native save dialog for an export; resolves to the chosen path, or null when
   * cancelled. Only a path chosen here can be written by `exportEvidence`.
   */
  pickSavePath(req: PickSavePathRequest): Promise<string | null>;
  /** Writes an exhibit or export to a path from `pickSavePath`; rejects with a clear message. */
  exportEvidence(req: ExportEvidenceRequest): Promise<ExportedFile>;
  /** Stops a running import job; resolves to whether a job by that id was running. */
  cancelImport(req: CancelImportRequest): Promise<{ cancelled: boolean }>;
  /** Detected mapping and a preview for the mapping step; `table: false` for other files. */
  inspectTable(req: InspectTableRequest): Promise<TableInspection>;
  listPresets(): Promise<PresetInfo[]>;
  savePreset(req: SavePresetRequest): Promise<PresetInfo[]>;
  deletePreset(req: DeletePresetRequest): Promise<PresetInfo[]>;
  /** Shows a folder dialog (photos of an extraction); resolves to the chosen folders (empty when cancelled). */
  pickEvidenceFolder(): Promise<string[]>;
  /** Bytes of a photo's embedded preview (`Photo.preview`). */
  readPhotoPreview(req: ReadPhotoPreviewRequest): Promise<ArrayBuffer>;
  /** Bytes of a whole imported photo, for the viewer. */
  readPhotoImage(req: ReadPhotoImageRequest): Promise<ArrayBuffer>;
  /** Starts a new, empty case (the current one is left as last saved). */
  newCase(req: NewCaseRequest): Promise<CaseSummary>;
  /**
   * Opens a case file; rejects with `[case.<code>] message` (truncated, foreign, newer-version…)
   * and then changes nothing of the current case.
   */
  openCase(req: OpenCaseRequest): Promise<CaseOpened>;
  /** Writes the case atomically (to its own path, or to a path from `pickCasePath`). */
  saveCase(req: SaveCaseRequest): Promise<CaseSaved>;
  /** The native open or save dialog for case files and audit exports; null when cancelled. */
  pickCasePath(req: PickCasePathRequest): Promise<string | null>;
  /** Recently opened or saved cases, newest first. */
  recentCases(): Promise<RecentCase[]>;
  /** Re-hashes every original of the current case (recorded in the audit log). */
  verifyEvidence(): Promise<EvidenceVerification>;
  /** The current case's audit log and its verification. */
  auditLog(): Promise<AuditLogView>;
  /** Writes the audit log as CSV or JSON to a path from `pickCasePath`. */
  exportAudit(req: ExportAuditRequest): Promise<ExportedFile>;
  /** Records what the examiner changed in the renderer (settings, edits, testimony…). */
  appendAudit(req: AppendAuditRequest): Promise<AuditHead>;
  /** Subscribes to import progress (not a channel: an event stream); returns the unsubscribe. */
  onImportProgress(listener: (event: unknown) => void): () => void;
  /** Path of a dropped File; null where the host cannot tell (not a channel: preload-only). */
  pathForFile(file: unknown): string | null;
}

/**
 * DOM event the preload fires on `window` when the application menu asks to open evidence
 * (Ctrl/Cmd+O); the renderer answers it exactly as it answers its own button.
 */
export const OPEN_EVIDENCE_EVENT = 'itinera:open-evidence';

/** DOM event (a CustomEvent whose detail is one of CASE_COMMANDS) for the File menu's case items. */
export const CASE_COMMAND_EVENT = 'itinera:case-command';
export const CASE_COMMANDS = ['new', 'open', 'save', 'save-as'] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];
