/**
 * `itinera exhibit <case or files...> --out exhibit.pdf [options]`: the court exhibit as PDF,
 * PNG (page 1) or SVG (the schematic diagram), made by the same code as the app's composer.
 * PDF and PNG need a browser engine (Chromium here: /usr/bin/chromium or ITINERA_CHROMIUM);
 * SVG does not. `itinera exhibit verify …` is handed to the verify command.
 *
 * The evidence is a case file (`.itinera`, with its timeline settings), or files and folders
 * read with the app's intake; a case folder (one holding folders, like assets/demo/case) is
 * opened into its files, a folder of photos stays one source.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportedSource, ImportResult } from '../../../shared/api';
import { isLocale, LOCALES, type Locale } from '../../../shared/i18n';
import { isValidTimeZone } from '../../../shared/formats/table/zone';
import {
  defaultExhibitOptions,
  type ExhibitImageFormat,
  type ExhibitMapStyle,
  type ExhibitOrientation,
  type ExhibitPageSize,
  type ExhibitRequest,
} from '../../../shared/exhibit/request';
import { TestimonySchema } from '../../../shared/testimony/schema';
import { testimonyOfHearing } from '../../../shared/testimony/interview-request';
import type { Testimony } from '../../../shared/testimony/types';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type { TimelineSettings } from '../../../shared/timeline/types';
import { openCaseFile } from '../../services/case-file';
import { commaListOption, isoInstantOption } from '../args';
import { ExhibitPageError, ExhibitPrinterUnavailable } from '../../services/exhibit-print';
import { ChromiumExhibitPrinter } from '../../services/exhibit-print-chromium';
import { renderExhibit } from '../../services/exhibit-render';
import { deriveForRequest } from '../../services/export-derive';
import { expandEvidenceInputs } from '../../services/export-inputs';
import { importEvidence } from '../../services/intake';
import {
  EXIT_OK,
  EXIT_SOME_FAILED,
  EXIT_USAGE,
  UsageError,
  type CliIo,
  type Command,
} from '../command';

const USAGE = `Usage: itinera exhibit <case.itinera | files...> --out <exhibit.pdf|.png|.svg> [options]
       itinera exhibit verify <exhibit.pdf|manifest.json> <evidence...>

Derives the timeline of the evidence with the app's own code and renders the court exhibit:
the map with numbered stops, the stop table, the schematic diagram, the method and the
evidence files with SHA-256. The PDF carries a reproducibility manifest.

Options:
  --out PATH            where to write (required); written atomically
  --format F            pdf (default), png (page 1) or svg (the schematic diagram);
                        by default taken from the --out extension
  --title TEXT          title (default: "Route reconstruction" in the exhibit's language)
  --case-ref TEXT       case reference
  --exhibit-no TEXT     exhibit number
  --author TEXT         who prepared it
  --locale L            language of the exhibit: ${LOCALES.join(', ')} (default en)
  --page SIZE           A4 (default), A3 or Letter
  --orientation O       landscape (default) or portrait
  --style S             map style: print (default, greyscale), light or dark
  --zone ZONE           IANA zone every time is shown in (default UTC)
  --from ISO, --to ISO  only what overlaps this window (ISO-8601 with Z or an offset)
  --sources LIST        only these sources (comma-separated ids or labels)
  --stops LIST          only these stops (comma-separated numbers as \`itinera timeline\` prints)
  --dpi N               resolution of the map image (default 300)
  --gazetteer FILE      gazetteer for place names (default: the bundled one)
  --testimony FILE      testimony JSON ({hearings, pins, sketches}): pins and sketched routes
                        drawn apart from the device evidence, with a pin table
  --kind K              route (default) or interview: the interview map of one hearing
                        (--hearing ID); evidence files are then optional (without them the
                        map shows the testimony alone)
  --hearing ID          the hearing of an interview map
  -h, --help            show this help

PDF and PNG need a browser engine: Chromium at /usr/bin/chromium, or the path in
ITINERA_CHROMIUM.

Exit status: 0 written, 1 written but some evidence could not be read, 2 usage error or no
browser engine, 3 the exhibit could not be rendered.`;

export const EXIT_RENDER_FAILED = 3;

const PAGE_SIZES: readonly ExhibitPageSize[] = ['A4', 'A3', 'Letter'];
const ORIENTATIONS: readonly ExhibitOrientation[] = ['portrait', 'landscape'];
const STYLES: readonly ExhibitMapStyle[] = ['print', 'light', 'dark'];
const FORMATS: readonly ExhibitImageFormat[] = ['pdf', 'png', 'svg'];

export interface ExhibitCliOptions {
  inputs: string[];
  out: string;
  format: ExhibitImageFormat;
  title: string;
  caseReference: string;
  exhibitNumber: string;
  author: string;
  locale: Locale;
  pageSize: ExhibitPageSize;
  orientation: ExhibitOrientation;
  mapStyle: ExhibitMapStyle;
  zone: string;
  from: number | null;
  to: number | null;
  sources: string[] | null;
  stops: number[] | null;
  dpi: number;
  gazetteerPath?: string;
  kind: 'route' | 'interview';
  testimony?: Testimony;
  hearingId?: string;
  /** Not in the usage: forces tiling of the map image (tests). */
  maxTile?: number;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) {
    throw new UsageError(
      `exhibit: ${name} must be one of ${allowed.join(', ')}, not '${value}'`,
      USAGE,
    );
  }
  return found;
}

function fail(message: string): never {
  throw new UsageError(`exhibit: ${message}`, USAGE);
}

export function parseExhibitArgs(args: string[]): ExhibitCliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        title: { type: 'string' },
        'case-ref': { type: 'string' },
        'exhibit-no': { type: 'string' },
        author: { type: 'string' },
        locale: { type: 'string' },
        page: { type: 'string' },
        orientation: { type: 'string' },
        style: { type: 'string' },
        zone: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        sources: { type: 'string' },
        stops: { type: 'string' },
        dpi: { type: 'string' },
        gazetteer: { type: 'string' },
        testimony: { type: 'string' },
        kind: { type: 'string' },
        hearing: { type: 'string' },
        'max-tile': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`exhibit: ${err instanceof Error ? err.message : String(err)}`, USAGE);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  const kind = oneOf('--kind', v.kind, ['route', 'interview'] as const, 'route');
  if (positionals.length === 0 && kind !== 'interview')
    throw new UsageError('exhibit: no case or evidence files given', USAGE);
  if (!v.out) throw new UsageError('exhibit: --out is required', USAGE);
  const extension = extname(v.out).slice(1).toLowerCase();
  const format = oneOf(
    '--format',
    v.format ?? (FORMATS.includes(extension as ExhibitImageFormat) ? extension : undefined),
    FORMATS,
    'pdf',
  );
  const locale = (v.locale ?? 'en').toLowerCase();
  if (!isLocale(locale)) {
    throw new UsageError(
      `exhibit: --locale must be one of ${LOCALES.join(', ')}, not '${v.locale}'`,
      USAGE,
    );
  }
  const zone = v.zone ?? 'UTC';
  if (!isValidTimeZone(zone)) throw new UsageError(`exhibit: unknown time zone '${zone}'`, USAGE);
  const dpi = v.dpi === undefined ? 300 : Number(v.dpi);
  if (!Number.isFinite(dpi) || dpi < 72 || dpi > 1200) {
    throw new UsageError(`exhibit: --dpi must be between 72 and 1200, not '${v.dpi}'`, USAGE);
  }
  const from = isoInstantOption('--from', v.from, fail);
  const to = isoInstantOption('--to', v.to, fail);
  if (from !== null && to !== null && to < from) {
    throw new UsageError('exhibit: --to is before --from', USAGE);
  }
  const stopsText = commaListOption(v.stops);
  const stops = stopsText?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) {
      throw new UsageError(`exhibit: --stops takes stop numbers, not '${s}'`, USAGE);
    }
    return n;
  });
  const options: ExhibitCliOptions = {
    inputs: positionals,
    out: v.out,
    format,
    title: v.title ?? '',
    caseReference: v['case-ref'] ?? '',
    exhibitNumber: v['exhibit-no'] ?? '',
    author: v.author ?? '',
    locale,
    pageSize: oneOf('--page', v.page, PAGE_SIZES, 'A4'),
    orientation: oneOf('--orientation', v.orientation, ORIENTATIONS, 'landscape'),
    mapStyle: oneOf('--style', v.style, STYLES, 'print'),
    zone,
    from,
    to,
    sources: commaListOption(v.sources),
    stops: stops ?? null,
    dpi: Math.round(dpi),
    kind,
  };
  if (v.gazetteer !== undefined) options.gazetteerPath = v.gazetteer;
  if (v.testimony !== undefined) options.testimony = readTestimony(v.testimony);
  if (kind === 'interview') {
    if (!options.testimony)
      throw new UsageError('exhibit: --kind interview needs --testimony', USAGE);
    const hearings = options.testimony.hearings;
    const id = v.hearing ?? (hearings.length === 1 ? hearings[0]!.id : undefined);
    if (id === undefined || !hearings.some((h) => h.id === id)) {
      throw new UsageError(
        `exhibit: --hearing must name a hearing of the testimony (${hearings.map((h) => h.id).join(', ') || 'none'})`,
        USAGE,
      );
    }
    options.hearingId = id;
    if (v.locale === undefined) options.locale = hearings.find((h) => h.id === id)!.locale;
  } else if (v.hearing !== undefined) {
    throw new UsageError('exhibit: --hearing is for --kind interview', USAGE);
  }
  if (v['max-tile'] !== undefined) {
    const tile = Number(v['max-tile']);
    if (!Number.isInteger(tile) || tile < 64) {
      throw new UsageError(`exhibit: --max-tile must be a whole number of at least 64`, USAGE);
    }
    options.maxTile = tile;
  }
  return options;
}

/** The testimony file, checked against the app's own schema (a bad file is a usage error). */
function readTestimony(path: string): Testimony {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `exhibit: cannot read --testimony ${path}: ${err instanceof Error ? err.message : String(err)}`,
      USAGE,
    );
  }
  const parsed = TestimonySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `exhibit: --testimony ${path} is not testimony: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      USAGE,
    );
  }
  return parsed.data as Testimony;
}

async function loadEvidence(
  inputs: readonly string[],
  zone: string,
): Promise<{
  sources: ImportedSource[];
  settings: TimelineSettings;
  failed: Extract<ImportResult, { ok: false }>[];
}> {
  if (inputs.length === 1 && extname(inputs[0]!).toLowerCase() === '.itinera') {
    const opened = await openCaseFile(inputs[0]!);
    const settings = opened.doc.timeline
      ? { ...opened.doc.timeline, displayZone: zone }
      : defaultTimelineSettings(zone);
    return { sources: opened.doc.sources, settings, failed: [] };
  }
  const results = await importEvidence(expandEvidenceInputs(inputs));
  return {
    sources: results.flatMap((r) => (r.ok ? [r.source] : [])),
    settings: defaultTimelineSettings(zone),
    failed: results.filter((r): r is Extract<ImportResult, { ok: false }> => !r.ok),
  };
}

/** The request the options describe; `--sources` and `--stops` are checked against the evidence. */
export function exhibitRequest(
  options: ExhibitCliOptions,
  sources: ImportedSource[],
  settings: TimelineSettings,
  stopKeys: (numbers: number[]) => string[],
): ExhibitRequest {
  const base = defaultExhibitOptions(options.locale);
  let sourceIds: string[] | null = null;
  if (options.sources) {
    sourceIds = options.sources.map((wanted) => {
      const found = sources.find((s) => s.id === wanted || s.label === wanted);
      if (!found) {
        throw new UsageError(
          `exhibit: no source '${wanted}' (sources: ${sources.map((s) => `${s.id} "${s.label}"`).join(', ')})`,
          USAGE,
        );
      }
      return found.id;
    });
  }
  return {
    sources,
    settings,
    options: {
      ...base,
      title: options.title,
      caseReference: options.caseReference,
      exhibitNumber: options.exhibitNumber,
      author: options.author,
      pageSize: options.pageSize,
      orientation: options.orientation,
      mapStyle: options.mapStyle,
      displayZone: options.zone,
      timeRange:
        options.from !== null || options.to !== null
          ? { start: options.from ?? -8.64e15, end: options.to ?? 8.64e15 }
          : null,
      sourceIds,
      stopIds: options.stops ? stopKeys(options.stops) : null,
      dpi: options.dpi,
    },
    ...testimonyPart(options),
  };
}

/** The testimony of the request: all of it, or only the hearing of an interview map. */
function testimonyPart(
  options: ExhibitCliOptions,
): Pick<ExhibitRequest, 'testimony' | 'kind' | 'hearingId'> {
  if (!options.testimony) return {};
  if (options.kind === 'interview' && options.hearingId !== undefined) {
    return {
      testimony: testimonyOfHearing(options.testimony, options.hearingId),
      kind: 'interview',
      hearingId: options.hearingId,
    };
  }
  return { testimony: options.testimony };
}

export const exhibitCommand: Command = {
  name: ['exhibit'],
  summary:
    'render the court exhibit (PDF, PNG or SVG) of evidence files or a case; `exhibit verify` checks one',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    if (args[0] === 'verify') {
      const { runExhibitVerify } = await import('./exhibit-verify');
      return runExhibitVerify(args.slice(1), io);
    }
    const options = parseExhibitArgs(args);
    if (options === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    // Start the engine first: without one there is no point reading gigabytes of evidence.
    let printer: ChromiumExhibitPrinter | null = null;
    if (options.format !== 'svg') {
      try {
        printer = await ChromiumExhibitPrinter.launch();
      } catch (err) {
        if (err instanceof ExhibitPrinterUnavailable) {
          io.stderr.write(
            `itinera exhibit: ${err.message}.\nA PDF or PNG exhibit is printed by a browser engine; ` +
              `install Chromium or use the app. \`--format svg\` (the schematic) needs none.\n`,
          );
          return EXIT_USAGE;
        }
        throw err;
      }
    }
    try {
      const { sources, settings, failed } =
        options.inputs.length === 0
          ? { sources: [], settings: defaultTimelineSettings(options.zone), failed: [] }
          : await loadEvidence(options.inputs, options.zone);
      for (const f of failed)
        io.stderr.write(`itinera exhibit: not read ${f.name}: ${f.message}\n`);
      if (sources.length === 0 && options.kind !== 'interview') {
        io.stderr.write('itinera exhibit: no evidence could be read; nothing to show\n');
        return EXIT_SOME_FAILED;
      }
      const gazetteer =
        options.gazetteerPath === undefined ? {} : { gazetteerPath: options.gazetteerPath };
      const draft = exhibitRequest(options, sources, settings, () => []);
      const timeline = deriveForRequest(draft, gazetteer);
      const request = exhibitRequest(options, sources, settings, (numbers) =>
        numbers.map((n) => {
          const stop = timeline.entries.find((e) => e.type === 'stop' && e.n === n);
          if (!stop || stop.type !== 'stop') {
            throw new UsageError(`exhibit: there is no stop ${n} in the timeline`, USAGE);
          }
          return stop.key;
        }),
      );
      const result = await renderExhibit(request, options.format, options.out, printer, {
        timeline,
        ...gazetteer,
        ...(options.maxTile !== undefined ? { maxTile: options.maxTile } : {}),
      });
      const pages = result.page?.pages;
      io.stdout.write(
        `${result.outPath}: ${options.format.toUpperCase()}, ${result.bytes} bytes` +
          (pages ? `, ${pages} page${pages === 1 ? '' : 's'}` : '') +
          `, ${result.model.stops.length} stop${result.model.stops.length === 1 ? '' : 's'}` +
          `, ${result.model.evidence.length} evidence file${result.model.evidence.length === 1 ? '' : 's'}\n`,
      );
      if (result.page?.map) {
        const m = result.page.map;
        io.stdout.write(
          `map image ${m.pixelWidth} x ${m.pixelHeight} px at ${options.dpi} dpi` +
            (m.tiles > 1 ? ` in ${m.tiles} tiles` : '') +
            (m.clamped ? ' (the browser clamped one draw; redrawn in tiles)' : '') +
            '\n',
        );
      }
      return failed.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      if (err instanceof ExhibitPageError) {
        io.stderr.write(`itinera exhibit: the exhibit page failed: ${err.message}\n`);
        return EXIT_RENDER_FAILED;
      }
      throw err;
    } finally {
      await printer?.close();
    }
  },
};
