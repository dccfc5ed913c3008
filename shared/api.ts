/**
 * The typed contract between the renderer and the Node side.
 * The Electron IPC binding and the end-to-end test host both implement exactly this;
 * the preload exposes it as `window.itinera`. Requests are validated with these schemas
 * on the Node side before any service sees them.
 */
import { z } from 'zod';
import type { Source } from './model';

export const API_VERSION = 1;

/** Channel names, shared by IPC and the test host's HTTP routes. */
export const Channels = {
  appInfo: 'app:info',
  pickEvidence: 'evidence:pick',
  importEvidence: 'evidence:import',
  demoEvidence: 'evidence:demo',
  listBasemaps: 'basemap:list',
  readBasemapRange: 'basemap:read-range',
} as const;
export type Channel = (typeof Channels)[keyof typeof Channels];

export const ImportEvidenceRequest = z.object({
  paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
});
export type ImportEvidenceRequest = z.infer<typeof ImportEvidenceRequest>;

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

export const EmptyRequest = z.object({}).strict();

export interface AppInfo {
  name: string;
  version: string;
  /** Locale of the operating system, e.g. `nl-BE`. */
  locale: string;
  platform: string;
}

/** Outcome of importing one file: a source, or why the file could not be read. */
export type ImportResult =
  | { ok: true; path: string; source: Source }
  | { ok: false; path: string; name: string; code: string; message: string };

export interface BasemapInfo {
  id: string;
  name: string;
  /** `bundled` for the world map shipped with the app. */
  origin: 'bundled' | 'user';
  kind: 'pmtiles';
  size: number;
  attribution: string;
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
  /** Path of a dropped File; null where the host cannot tell (not a channel: preload-only). */
  pathForFile(file: unknown): string | null;
}

/**
 * DOM event the preload fires on `window` when the application menu asks to open evidence
 * (Ctrl/Cmd+O); the renderer answers it exactly as it answers its own button.
 */
export const OPEN_EVIDENCE_EVENT = 'itinera:open-evidence';
