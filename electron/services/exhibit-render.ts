/**
 * Renders an exhibit to PDF, PNG (page 1) or SVG (the schematic diagram alone). The timeline is
 * derived with the app's own code (as `itinera timeline` and `exhibit verify` do), the exhibit
 * model and manifest are built from it, the printable page is served with its document from a
 * localhost-only server for one render, and a browser engine (the `ExhibitPrinter`) prints it.
 * The PDF carries the manifest as an attachment. The file is written atomically: a reader
 * never sees half an exhibit, and a failed render leaves any earlier file as it was.
 *
 * Two renders of one request differ only in the generation time (passed in with `now`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { BasemapInfo } from '../../shared/api';
import { buildExhibitDocument } from '../../shared/exhibit/build-document';
import type { ExhibitPageStatus } from '../../shared/exhibit/document';
import type { ExhibitImageFormat, ExhibitRequest } from '../../shared/exhibit/request';
import { buildExhibitModel, type ExhibitModel } from '../../shared/export/exhibit-model';
import {
  buildExhibitManifest,
  MANIFEST_FILE_NAME,
  type ExhibitManifest,
} from '../../shared/export/manifest';
import { exhibitToSchematicSvg } from '../../shared/export/schematic-svg';
import type { Timeline } from '../../shared/timeline/types';
import { encodeWire } from '../../shared/wire';
import { resolveAppPaths } from './app-paths';
import { BasemapRegistry, WORLD_BASEMAP_ID, worldBasemapEntry } from './basemaps';
import { attachManifestToPdf } from './exhibit-manifest';
import type { ExhibitPrinter } from './exhibit-print';
import { serviceRepoRoot } from './exhibit-module-dir';
import { startExhibitServer } from './exhibit-render-server';
import { deriveForRequest, loadGazetteerOnce } from './export-derive';
import { readPhotoThumbnail } from './export-files';
import { describePoint } from '../../shared/geo/reverse';
import type { Locale } from '../../shared/i18n';

export interface RenderExhibitOptions {
  /**
   * The built renderer holding exhibit/exhibit.html; ITINERA_RENDERER_DIR, else dist/renderer.
   */
  rendererDir?: string;
  /** Basemaps to draw from; the bundled world map only by default. */
  basemaps?: BasemapRegistry;
  /** Gazetteer file for place names (bundled by default); null leaves stops unnamed. */
  gazetteerPath?: string | null;
  software?: { name: string; version: string };
  /** The generation time; Date.now by default. */
  now?: () => number;
  /** Route colours by source id, as the examiner sees them in the app. */
  colours?: Readonly<Record<string, string>>;
  /** How long the page may take (default 5 minutes: a 300 dpi A3 map in software is slow). */
  timeoutMs?: number;
  /** Forces the map image into tiles of at most this many device px (tests of the stitching). */
  maxTile?: number;
  /** A timeline already derived from this request (the app has one); derived here otherwise. */
  timeline?: Timeline;
}

export interface RenderExhibitResult {
  outPath: string;
  format: ExhibitImageFormat;
  bytes: number;
  model: ExhibitModel;
  manifest: ExhibitManifest;
  /** PDF and PNG: what the page reported (pages, map image size, tiles). */
  page: ExhibitPageStatus | null;
}

export function appSoftware(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(serviceRepoRoot(), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const name = pkg.name === 'itinera' ? 'Itinera' : pkg.name;
  return { name, version: pkg.version };
}

export async function renderExhibit(
  request: ExhibitRequest,
  format: ExhibitImageFormat,
  outPath: string,
  printer: ExhibitPrinter | null,
  options: RenderExhibitOptions = {},
): Promise<RenderExhibitResult> {
  const software = options.software ?? appSoftware();
  const generatedAt = (options.now ?? Date.now)();
  const timeline =
    options.timeline ??
    deriveForRequest(
      request,
      options.gazetteerPath === undefined ? {} : { gazetteerPath: options.gazetteerPath },
    );
  const model = buildExhibitModel(request, timeline, { generatedAt });
  const manifest = buildExhibitManifest(request, model, { software, generatedAt });
  const schematic = exhibitToSchematicSvg(model, { software });

  if (format === 'svg') {
    const bytes = new TextEncoder().encode(schematic);
    await writeAtomically(outPath, bytes);
    return { outPath, format, bytes: bytes.length, model, manifest, page: null };
  }
  if (!printer) throw new Error('a PDF or PNG exhibit needs a browser engine to print it');

  const paths = resolveAppPaths({ packaged: false, repoRoot: serviceRepoRoot() });
  const ownRegistry = options.basemaps
    ? null
    : new BasemapRegistry([worldBasemapEntry(paths.worldBasemap)]);
  const registry = options.basemaps ?? ownRegistry!;
  try {
    const basemap = await chooseBasemap(registry, request.basemapId);
    const document = buildExhibitDocument(request, timeline, model, {
      software,
      generatedAt,
      basemap,
      // Under the page's own heading: the diagram's title would appear twice.
      schematicSvg:
        model.stops.length > 0 ? exhibitToSchematicSvg(model, { software, heading: false }) : null,
      digest: manifest.result.digest,
      manifestFile: MANIFEST_FILE_NAME,
      ...(options.colours ? { colours: options.colours } : {}),
      ...describer(options.gazetteerPath),
    });
    const server = await startExhibitServer({
      rendererDir: options.rendererDir ?? (process.env.ITINERA_RENDERER_DIR || paths.rendererDir),
      document: encodeWire(document),
      basemaps: basemap ? registry : null,
      photos: photoThumbnails(request, model),
    });
    try {
      const query = options.maxTile ? `?maxTile=${Math.floor(options.maxTile)}` : '';
      const job = {
        url: server.pageUrl + query,
        widthMm: document.page.widthMm,
        heightMm: document.page.heightMm,
        dpi: request.options.dpi,
        timeoutMs: options.timeoutMs ?? 5 * 60_000,
      };
      const printed = format === 'pdf' ? await printer.pdf(job) : await printer.png(job);
      const bytes =
        format === 'pdf' ? await attachManifestToPdf(printed.bytes, manifest) : printed.bytes;
      await writeAtomically(outPath, bytes);
      return { outPath, format, bytes: bytes.length, model, manifest, page: printed.status };
    } finally {
      await server.close();
    }
  } finally {
    await ownRegistry?.close();
  }
}

/** Reverse lookup for the pin table, from the same gazetteer that names the stops. */
function describer(gazetteerPath: string | null | undefined): {
  describePlace?: (lat: number, lon: number, locale: Locale) => string | null;
} {
  const gazetteer = gazetteerPath === null ? null : loadGazetteerOnce(gazetteerPath ?? undefined);
  if (!gazetteer) return {};
  return {
    describePlace: (lat, lon, locale) => describePoint(gazetteer, lat, lon, locale)?.text ?? null,
  };
}

const THUMBNAIL_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/**
 * The exhibit server's photo reader: only the photos of this exhibit's model, each read as the
 * KMZ reads it (embedded preview, or the small JPEG itself) from its registered path, and only
 * while the file still has the size it was imported with.
 */
function photoThumbnails(
  request: ExhibitRequest,
  model: ExhibitModel,
): (key: string) => Promise<{ bytes: Uint8Array; type: string } | null> {
  const byKey = new Map(model.photos.map((p) => [`${p.source.id}:${p.index}`, p]));
  return async (key) => {
    const photo = byKey.get(key);
    if (!photo) return null;
    const source = request.sources.find((s) => s.id === photo.source.id);
    const seized = source?.photos?.[photo.index];
    const file = seized ? source?.files[seized.fileIndex] : undefined;
    if (!file) return null;
    const thumb = await readPhotoThumbnail(photo, file.size);
    return thumb ? { bytes: thumb.bytes, type: THUMBNAIL_TYPES[thumb.ext] ?? 'image/jpeg' } : null;
  };
}

/** The requested basemap if readable, else the bundled world map, else none (plain background). */
async function chooseBasemap(
  registry: BasemapRegistry,
  id: string | undefined,
): Promise<BasemapInfo | null> {
  const list = (await registry.list()).filter((b) => b.status === 'ok' && b.role === 'basemap');
  return (
    list.find((b) => b.id === (id ?? WORLD_BASEMAP_ID)) ??
    list.find((b) => b.id === WORLD_BASEMAP_ID) ??
    null
  );
}

/** Writes next to the target and renames over it, so the target is whole or untouched. */
export async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
