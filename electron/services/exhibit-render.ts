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
import { dirname, basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { startExhibitServer } from './exhibit-render-server';
import { deriveForRequest } from './export-derive';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
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

  const paths = resolveAppPaths({ packaged: false, repoRoot });
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
      schematicSvg: model.stops.length > 0 ? schematic : null,
      digest: manifest.result.digest,
      manifestFile: MANIFEST_FILE_NAME,
      ...(options.colours ? { colours: options.colours } : {}),
    });
    const server = await startExhibitServer({
      rendererDir: options.rendererDir ?? (process.env.ITINERA_RENDERER_DIR || paths.rendererDir),
      document: encodeWire(document),
      basemaps: basemap ? registry : null,
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
