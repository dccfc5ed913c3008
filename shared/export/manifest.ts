/**
 * The reproducibility manifest every exhibit carries: which files (with their hashes), which
 * settings and options, which software, and what came out (the numbered stops and a digest of
 * them). `itinera exhibit verify` re-derives from it and compares. Plain JSON; instants are
 * ISO-8601 UTC so it reads the same everywhere.
 */
import type { TableMapping } from '../formats/table/mapping';
import type { ExhibitOptions, ExhibitRequest } from '../exhibit/request';
import type { SourceKind } from '../model';
import type { TimelineSettings } from '../timeline/types';
import type { ExhibitModel } from './exhibit-model';
import { sha256HexOfText } from './sha256';

export const MANIFEST_FORMAT = 'itinera-exhibit-manifest';
export const MANIFEST_VERSION = 1;
/** Name of the manifest when embedded in a PDF or written next to an export. */
export const MANIFEST_FILE_NAME = 'itinera-manifest.json';

export interface ManifestInput {
  name: string;
  size: number;
  sha256: string;
  /** Id of the source the file was read into (the settings and options refer to it). */
  sourceId: string;
  kind: SourceKind;
  format: string;
}

/** How a source was read, where the examiner chose it (a confirmed table mapping). */
export interface ManifestIntake {
  sourceId: string;
  tableMapping?: TableMapping;
}

export interface ManifestStop {
  n: number;
  id: string;
  /** ISO-8601 UTC. */
  arrival: string;
  departure: string;
  /** Degrees, rounded to 7 decimals (about a centimetre). */
  lat: number;
  lon: number;
}

export interface ExhibitManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  software: { name: string; version: string };
  /** ISO-8601 UTC; the only field that differs between two exports of the same case. */
  generatedAt: string;
  /** Every file of every source of the request, in source id then file order. */
  inputs: ManifestInput[];
  intake: ManifestIntake[];
  settings: TimelineSettings;
  options: ExhibitOptions;
  result: {
    stops: ManifestStop[];
    /** Lower-case hex SHA-256 of `canonicalJson(stops)`. */
    digest: string;
  };
}

export interface ManifestMeta {
  software: { name: string; version: string };
  /** UTC ms. */
  generatedAt: number;
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON with object keys sorted (code-unit order) and no whitespace: one text per value, so its
 * hash identifies the value. Non-finite numbers become null, as in JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort(compare);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

export function manifestStops(model: Pick<ExhibitModel, 'stops'>): ManifestStop[] {
  return model.stops.map((s) => ({
    n: s.n,
    id: s.id,
    arrival: iso(s.arrival),
    departure: iso(s.departure),
    lat: round7(s.lat),
    lon: round7(s.lon),
  }));
}

export function stopsDigest(stops: readonly ManifestStop[]): string {
  return sha256HexOfText(canonicalJson(stops));
}

export function buildExhibitManifest(
  request: ExhibitRequest,
  model: Pick<ExhibitModel, 'stops'>,
  meta: ManifestMeta,
): ExhibitManifest {
  const sources = [...request.sources].sort((a, b) => compare(a.id, b.id));
  const stops = manifestStops(model);
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    software: { name: meta.software.name, version: meta.software.version },
    generatedAt: iso(meta.generatedAt),
    inputs: sources.flatMap((s) =>
      s.files.map((f) => ({
        name: f.name,
        size: f.size,
        sha256: f.sha256,
        sourceId: s.id,
        kind: s.kind,
        format: s.format,
      })),
    ),
    intake: sources.flatMap((s) =>
      s.tableMapping ? [{ sourceId: s.id, tableMapping: s.tableMapping }] : [],
    ),
    // Round-tripped through JSON so the manifest holds exactly what its file will hold.
    settings: JSON.parse(JSON.stringify(request.settings)) as TimelineSettings,
    options: JSON.parse(JSON.stringify(request.options)) as ExhibitOptions,
    result: { stops, digest: stopsDigest(stops) },
  };
}

/** The manifest as written: pretty JSON with a trailing newline, same bytes for the same manifest. */
export function serializeManifest(manifest: ExhibitManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Checks the shape of a manifest read from outside; throws with what is wrong. */
export function parseManifest(text: string): ExhibitManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`manifest is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const m = value as Partial<ExhibitManifest> | null;
  if (!m || typeof m !== 'object') throw new Error('manifest is not a JSON object');
  if (m.format !== MANIFEST_FORMAT) throw new Error(`not an ${MANIFEST_FORMAT} document`);
  if (m.version !== MANIFEST_VERSION)
    throw new Error(`manifest version ${String(m.version)} is not supported`);
  if (!Array.isArray(m.inputs)) throw new Error('manifest has no inputs');
  for (const input of m.inputs) {
    if (
      typeof input?.name !== 'string' ||
      typeof input.sha256 !== 'string' ||
      typeof input.sourceId !== 'string' ||
      typeof input.size !== 'number'
    )
      throw new Error('manifest input without name, size, sha256 or sourceId');
  }
  if (!m.settings || typeof m.settings !== 'object') throw new Error('manifest has no settings');
  if (!m.options || typeof m.options !== 'object') throw new Error('manifest has no options');
  if (!m.result || !Array.isArray(m.result.stops) || typeof m.result.digest !== 'string')
    throw new Error('manifest has no result');
  return { ...m, intake: Array.isArray(m.intake) ? m.intake : [] } as ExhibitManifest;
}
