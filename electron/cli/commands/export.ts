/**
 * `itinera export <file...> --format kml|kmz|geojson|gpx|csv|svg --out <path>`: the timeline of
 * the evidence as a file for Google Earth, GIS or a spreadsheet, or the schematic diagram, with
 * no browser. Same intake, derivation and exhibit model as the app; the file is written
 * atomically and depends only on the evidence, the options and the generation time.
 */
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportedSource, ImportResult } from '../../../shared/api';
import { isValidTimeZone } from '../../../shared/formats/table/zone';
import { isLocale, LOCALES, type Locale } from '../../../shared/i18n';
import {
  defaultExhibitOptions,
  type ExhibitRequest,
  type ExportFileFormat,
} from '../../../shared/exhibit/request';
import type { TimelineSettings } from '../../../shared/timeline/types';
import { deriveForRequest } from '../../services/export-derive';
import { EXPORT_FORMATS, writeExport } from '../../services/export-files';
import { importEvidence } from '../../services/intake';
import { commaListOption, isoInstantOption } from '../args';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';
import { expandEvidenceInputs } from '../../services/export-inputs';
import { DEFAULT_GAZETTEER_PATH, timelineSettings, type TimelineOptions } from './timeline';

const USAGE = `Usage: itinera export <file...> --format ${EXPORT_FORMATS.join('|')} --out <path> [options]

Derives the timeline of the evidence files with the app's own code and writes it for Google
Earth (KML, KMZ with photo thumbnails), GIS (GeoJSON, GPX) or a spreadsheet (CSV), or as the
schematic diagram (SVG). Needs no browser.

Options:
  --format F         ${EXPORT_FORMATS.join(', ')} (default: from the --out extension)
  --out PATH         where to write (required); written atomically
  --manifest PATH    also write the reproducibility manifest (JSON) here; a KMZ carries it inside
  --zone ZONE        IANA zone the times are shown in (default UTC); never changes the stops
  --locale L         language of the texts: ${LOCALES.join(', ')} (default en)
  --title TEXT, --case-ref TEXT, --exhibit-no TEXT, --author TEXT
  --from ISO, --to ISO  only what overlaps this window (ISO-8601 with Z or an offset)
  --sources LIST     only these sources (comma-separated ids or file labels)
  --stops LIST       only these stops (numbers as \`itinera timeline\` prints them)
  --stop-radius M    stop radius in metres for every source (default per source kind)
  --stop-min MIN     minimum stop duration in minutes (default per source kind)
  --photo-zone ZONE  IANA zone for photo times that nothing else places
  --place-photos     place photos without a position on the nearest track in time (inferred)
  --gazetteer FILE   gazetteer file (default assets/gazetteer/places.bin)
  --generated-at ISO the generation time to state (default now), for reproducible bytes
  -h, --help         show this help

Exit status: 0 written, 1 written but some files could not be read (or none could: nothing
written), 2 usage error.`;

export interface ExportCliOptions {
  files: string[];
  format: ExportFileFormat;
  out: string;
  manifestPath?: string;
  zone: string;
  locale: Locale;
  title: string;
  caseReference: string;
  exhibitNumber: string;
  author: string;
  from: number | null;
  to: number | null;
  sources: string[] | null;
  stops: number[] | null;
  timeline: TimelineOptions;
  generatedAt?: number;
}

function fail(message: string): never {
  throw new UsageError(`export: ${message}`, USAGE);
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    fail(`${name} must be a positive number, not '${text}'`);
  return value;
}

export function parseExportArgs(args: string[]): ExportCliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        manifest: { type: 'string' },
        zone: { type: 'string' },
        locale: { type: 'string' },
        title: { type: 'string' },
        'case-ref': { type: 'string' },
        'exhibit-no': { type: 'string' },
        author: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        sources: { type: 'string' },
        stops: { type: 'string' },
        'stop-radius': { type: 'string' },
        'stop-min': { type: 'string' },
        'photo-zone': { type: 'string' },
        'place-photos': { type: 'boolean' },
        gazetteer: { type: 'string' },
        'generated-at': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length === 0) fail('no files given');
  if (v.out === undefined) fail('--out is required');
  const fromExtension = extname(v.out).slice(1).toLowerCase();
  const formatText = (
    v.format ?? (fromExtension === 'json' ? 'geojson' : fromExtension)
  ).toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(formatText))
    fail(
      `--format must be one of ${EXPORT_FORMATS.join(', ')}, not '${v.format ?? fromExtension}'`,
    );
  const locale = (v.locale ?? 'en').toLowerCase();
  if (!isLocale(locale)) fail(`--locale must be one of ${LOCALES.join(', ')}, not '${v.locale}'`);
  const zone = v.zone ?? 'UTC';
  if (!isValidTimeZone(zone)) fail(`unknown time zone '${zone}'`);
  const photoZone = v['photo-zone'];
  if (photoZone !== undefined && !isValidTimeZone(photoZone))
    fail(`unknown time zone '${photoZone}'`);
  const from = isoInstantOption('--from', v.from, fail);
  const to = isoInstantOption('--to', v.to, fail);
  if (from !== null && to !== null && to < from) fail('--to is before --from');
  const stops = commaListOption(v.stops)?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) fail(`--stops takes stop numbers, not '${s}'`);
    return n;
  });
  const radius = positive('--stop-radius', v['stop-radius']);
  const minutes = positive('--stop-min', v['stop-min']);
  const timeline: TimelineOptions = {
    files: positionals,
    json: false,
    help: false,
    zone,
    placePhotos: v['place-photos'] ?? false,
    gazetteerPath: v.gazetteer ?? DEFAULT_GAZETTEER_PATH,
  };
  if (photoZone !== undefined) timeline.photoZone = photoZone;
  if (radius !== undefined) timeline.stopRadiusM = radius;
  if (minutes !== undefined) timeline.stopMinS = Math.round(minutes * 60);
  const options: ExportCliOptions = {
    files: positionals,
    format: formatText as ExportFileFormat,
    out: v.out,
    zone,
    locale,
    title: v.title ?? '',
    caseReference: v['case-ref'] ?? '',
    exhibitNumber: v['exhibit-no'] ?? '',
    author: v.author ?? '',
    from,
    to,
    sources: commaListOption(v.sources),
    stops: stops ?? null,
    timeline,
  };
  if (v.manifest !== undefined) options.manifestPath = v.manifest;
  const generatedAt = isoInstantOption('--generated-at', v['generated-at'], fail);
  if (generatedAt !== null) options.generatedAt = generatedAt;
  return options;
}

/** The request the options describe, with `--sources` and `--stops` resolved against the evidence. */
export function exportRequest(
  options: ExportCliOptions,
  sources: ImportedSource[],
  settings: TimelineSettings,
): ExhibitRequest {
  const sourceIds =
    options.sources?.map((wanted) => {
      const found = sources.find((s) => s.id === wanted || s.label === wanted);
      if (!found)
        fail(
          `no source '${wanted}' (sources: ${sources.map((s) => `${s.id} "${s.label}"`).join(', ')})`,
        );
      return found.id;
    }) ?? null;
  const request: ExhibitRequest = {
    sources,
    settings,
    options: {
      ...defaultExhibitOptions(options.locale),
      title: options.title,
      caseReference: options.caseReference,
      exhibitNumber: options.exhibitNumber,
      author: options.author,
      displayZone: options.zone,
      timeRange:
        options.from !== null || options.to !== null
          ? { start: options.from ?? -8.64e15, end: options.to ?? 8.64e15 }
          : null,
      sourceIds,
    },
  };
  return request;
}

export const exportCommand: Command = {
  name: ['export'],
  summary: 'write the timeline as KML, KMZ, GeoJSON, GPX, CSV or the schematic SVG (no browser)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseExportArgs(args);
    if (options === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const results = await importEvidence(expandEvidenceInputs(options.files));
    const sources = results.flatMap((r) => (r.ok ? [r.source] : []));
    const failed = results.filter((r): r is Extract<ImportResult, { ok: false }> => !r.ok);
    for (const f of failed) io.stderr.write(`itinera export: not read ${f.name}: ${f.message}\n`);
    if (sources.length === 0) {
      io.stderr.write('itinera export: no evidence could be read; nothing written\n');
      return EXIT_SOME_FAILED;
    }
    const request = exportRequest(options, sources, timelineSettings(options.timeline, sources));
    const gazetteerPath = options.timeline.gazetteerPath;
    const timeline = deriveForRequest(request, { gazetteerPath });
    if (options.stops) {
      request.options.stopIds = options.stops.map((n) => {
        const stop = timeline.entries.find((e) => e.type === 'stop' && e.n === n);
        if (!stop || stop.type !== 'stop') fail(`there is no stop ${n} in the timeline`);
        return stop.key;
      });
    }
    const rendered = await writeExport(request, options.format, options.out, {
      timeline,
      gazetteerPath,
      ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
      ...(options.manifestPath !== undefined ? { manifestPath: options.manifestPath } : {}),
    });
    const m = rendered.model;
    io.stdout.write(
      `${options.out}: ${options.format.toUpperCase()}, ${rendered.bytes.length} bytes, ` +
        `${m.stops.length} stop${m.stops.length === 1 ? '' : 's'}, ` +
        `${m.routes.length} route${m.routes.length === 1 ? '' : 's'}, ` +
        `${m.photos.length} photo${m.photos.length === 1 ? '' : 's'}, ` +
        `${m.evidence.length} evidence file${m.evidence.length === 1 ? '' : 's'}\n`,
    );
    if (options.manifestPath !== undefined) io.stdout.write(`manifest: ${options.manifestPath}\n`);
    return failed.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
  },
};
