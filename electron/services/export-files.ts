/**
 * File exports in plain Node (no browser): KML, KMZ, GeoJSON, GPX, CSV and the schematic SVG.
 * The timeline is derived with the app's `deriveTimeline` and the bundled gazetteer, the exhibit
 * model built from it, and the file written atomically (a temporary file renamed into place, so a
 * reader never sees half an export). Same request and generation time, same bytes.
 */
import { readFileSync } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExhibitRequest, ExportFileFormat } from '../../shared/exhibit/request';
import { exhibitToCsv } from '../../shared/export/csv';
import { photoKey, type ExportMeta } from '../../shared/export/describe';
import {
  buildExhibitModel,
  type ExhibitModel,
  type ExhibitPhoto,
} from '../../shared/export/exhibit-model';
import { exhibitToGeoJson } from '../../shared/export/geojson';
import { exhibitToGpx } from '../../shared/export/gpx';
import { exhibitToKml } from '../../shared/export/kml';
import { exhibitToKmz, type KmzThumbnail } from '../../shared/export/kmz';
import {
  buildExhibitManifest,
  serializeManifest,
  type ExhibitManifest,
} from '../../shared/export/manifest';
import { exhibitToSchematicSvg } from '../../shared/export/schematic-svg';
import type { Timeline } from '../../shared/timeline/types';
import { serviceRepoRoot } from './exhibit-module-dir';
import { deriveForRequest } from './export-derive';
import { readAt } from './photo-reader';

export const EXPORT_FORMATS: readonly ExportFileFormat[] = [
  'kml',
  'kmz',
  'geojson',
  'gpx',
  'csv',
  'svg',
];

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFileFormat, string>> = {
  kml: '.kml',
  kmz: '.kmz',
  geojson: '.geojson',
  gpx: '.gpx',
  csv: '.csv',
  svg: '.svg',
};

/** File exports keep much more of the route than a printed page; GIS users zoom in. */
export const EXPORT_MAX_ROUTE_POINTS = 50_000;

/** A photo whose whole file is at most this is its own thumbnail when it has no embedded preview. */
export const MAX_WHOLE_PHOTO_THUMBNAIL_BYTES = 2 * 1024 * 1024;

export interface ExportOptions {
  /** UTC ms; default now. The only input that may differ between two identical exports. */
  generatedAt?: number;
  software?: ExportMeta['software'];
  /** The timeline already derived for this request (the app has it); derived here otherwise. */
  timeline?: Timeline;
  /** Gazetteer file for naming stops; the bundled one by default, `null` for none. */
  gazetteerPath?: string | null;
  maxRoutePoints?: number;
}

export interface RenderedExport {
  bytes: Uint8Array;
  model: ExhibitModel;
  manifest: ExhibitManifest;
}

let cachedSoftware: ExportMeta['software'] | undefined;

/** Name and version from package.json (the CLI and tests); the app passes Electron's own. */
export function softwareInfo(): ExportMeta['software'] {
  if (cachedSoftware) return cachedSoftware;
  try {
    const pkg = JSON.parse(readFileSync(join(serviceRepoRoot(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    cachedSoftware = { name: 'Itinera', version: pkg.version ?? 'unknown' };
  } catch {
    cachedSoftware = { name: 'Itinera', version: 'unknown' };
  }
  return cachedSoftware;
}

const PREVIEW_EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * A photo's thumbnail: its embedded preview when it has one, else the whole file when it is a
 * small JPEG; null when the file is gone, changed size, or too large (the placemark stays, with
 * no image).
 */
export async function readPhotoThumbnail(
  photo: ExhibitPhoto,
  size: number,
): Promise<KmzThumbnail | null> {
  if (photo.path === null) return null;
  let handle;
  try {
    handle = await open(photo.path, 'r');
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (stat.size !== size) return null;
    const preview = photo.preview;
    if (preview && preview.offset + preview.length <= size) {
      const bytes = await readAt(handle, preview.offset, preview.length);
      return bytes.length === preview.length
        ? { bytes, ext: PREVIEW_EXT[preview.mime] ?? 'jpg' }
        : null;
    }
    if (size <= MAX_WHOLE_PHOTO_THUMBNAIL_BYTES && /\.jpe?g$/i.test(photo.fileName)) {
      const bytes = await readAt(handle, 0, size);
      return bytes.length === size ? { bytes, ext: 'jpg' } : null;
    }
    return null;
  } finally {
    await handle.close();
  }
}

async function thumbnails(
  request: ExhibitRequest,
  model: ExhibitModel,
): Promise<Map<string, KmzThumbnail>> {
  const out = new Map<string, KmzThumbnail>();
  for (const photo of model.photos) {
    if (photo.lat === null) continue;
    const source = request.sources.find((s) => s.id === photo.source.id);
    const seized = source?.photos?.[photo.index];
    const file = seized ? source?.files[seized.fileIndex] : undefined;
    if (!file) continue;
    const thumb = await readPhotoThumbnail(photo, file.size);
    if (thumb) out.set(photoKey(photo), thumb);
  }
  return out;
}

/** The export's bytes, with the model and manifest it was made from. */
export async function renderExport(
  request: ExhibitRequest,
  format: ExportFileFormat,
  opts: ExportOptions = {},
): Promise<RenderedExport> {
  const generatedAt = opts.generatedAt ?? Date.now();
  const software = opts.software ?? softwareInfo();
  const timeline =
    opts.timeline ??
    deriveForRequest(
      request,
      opts.gazetteerPath === undefined ? {} : { gazetteerPath: opts.gazetteerPath },
    );
  const model = buildExhibitModel(request, timeline, {
    generatedAt,
    maxRoutePoints: opts.maxRoutePoints ?? EXPORT_MAX_ROUTE_POINTS,
  });
  const manifest = buildExhibitManifest(request, model, { software, generatedAt });
  const meta = { software };
  const text = (s: string) => new TextEncoder().encode(s);
  let bytes: Uint8Array;
  switch (format) {
    case 'kml':
      bytes = text(exhibitToKml(model, meta));
      break;
    case 'kmz':
      bytes = exhibitToKmz(model, {
        ...meta,
        thumbnails: await thumbnails(request, model),
        manifestJson: serializeManifest(manifest),
      });
      break;
    case 'geojson':
      bytes = text(exhibitToGeoJson(model, meta));
      break;
    case 'gpx':
      bytes = text(exhibitToGpx(model, meta));
      break;
    case 'csv':
      bytes = text(exhibitToCsv(model));
      break;
    case 'svg':
      bytes = text(exhibitToSchematicSvg(model, meta));
      break;
  }
  return { bytes, model, manifest };
}

/** Writes `bytes` to `path` through a temporary file in the same folder, renamed into place. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export interface WriteExportOptions extends ExportOptions {
  /** Also write the manifest as JSON here (a KMZ carries it inside as well). */
  manifestPath?: string;
}

export async function writeExport(
  request: ExhibitRequest,
  format: ExportFileFormat,
  outPath: string,
  opts: WriteExportOptions = {},
): Promise<RenderedExport> {
  const rendered = await renderExport(request, format, opts);
  await writeFileAtomic(outPath, rendered.bytes);
  if (opts.manifestPath !== undefined)
    await writeFileAtomic(opts.manifestPath, serializeManifest(rendered.manifest));
  return rendered;
}
