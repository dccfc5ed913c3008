/**
 * `itinera timeline <file...> [--zone Z] [--stop-radius M] [--stop-min MIN] [--co-presence M]
 *   [--photo-zone Z] [--place-photos] --json`:
 * imports the files with the app's intake (files of one export form one source), derives the
 * timeline with the app's `deriveTimeline`, names stops from the bundled gazetteer, and prints it.
 * Instants are ISO-8601 UTC in JSON; the table shows them in the display zone. The output depends
 * only on the files and the options, never on the host's time zone.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportedSource, ImportResult } from '../../../shared/api';
import { parseGazetteer, type GazetteerIndex } from '../../../shared/geo/gazetteer';
import { isValidTimeZone } from '../../../shared/formats/table/zone';
import { wallMinute } from '../../../shared/time/wall';
import { deriveTimeline, defaultTimelineSettings } from '../../../shared/timeline/derive';
import type {
  PlaceName,
  SkippedEvidence,
  Timeline,
  TimelineEntry,
  TimelinePhoto,
  TimelineSettings,
} from '../../../shared/timeline/types';
import { importEvidence } from '../../services/intake';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';
import { ChunkedWriter, isoOrNull } from '../output';

const USAGE = `Usage: itinera timeline <file...> [options]

Imports the evidence files (a folder of photos is one source; the files of one Google
export passed together are one source), derives one chronological timeline of stops,
movements, gaps and conflicts, and prints it.

Options:
  --json             print one JSON document (instants ISO-8601 UTC)
  --zone ZONE        IANA display zone for the table and the parameters (default UTC);
                     never changes the derivation
  --stop-radius M    stop radius in metres for every source (default per source kind)
  --stop-min MIN     minimum stop duration in minutes (default per source kind)
  --co-presence M    list when each pair of sources was within M metres of each other
  --photo-zone ZONE  IANA zone for photo times that neither an offset tag nor a position
                     places (default: such photos have no time)
  --place-photos     place photos without a position on the track with a fix nearest in
                     time (inferred; default: not placed)
  --gazetteer FILE   gazetteer file (default assets/gazetteer/places.bin)
  -h, --help         show this help

Exit status: 0 every file was read, 1 some could not be, 2 usage error.`;

export const DEFAULT_GAZETTEER_PATH = fileURLToPath(
  new URL('../../../assets/gazetteer/places.bin', import.meta.url),
);

/** Version of this command's JSON document (not of the app). */
export const TIMELINE_JSON_VERSION = 1;

export const timelineCommand: Command = {
  name: ['timeline'],
  summary: 'derive the stop timeline of evidence files (stops, moves, gaps, conflicts, photos)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseTimelineArgs(args);
    if (options.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const gazetteer = loadGazetteer(options.gazetteerPath, io);
    const results = await importEvidence(options.files);
    const sources = results.flatMap((r) => (r.ok ? [r.source] : []));
    const failed = results.filter((r): r is Extract<ImportResult, { ok: false }> => !r.ok);
    const timeline = deriveTimeline(sources, timelineSettings(options, sources), { gazetteer });
    const out = new ChunkedWriter(io.stdout);
    if (options.json) {
      await out.write(timelineJson(sources, failed, timeline, options));
    } else {
      await out.write(renderTimelineTable(sources, failed, timeline, options.zone));
    }
    await out.flush();
    return failed.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
  },
};

export interface TimelineOptions {
  files: string[];
  json: boolean;
  help: boolean;
  zone: string;
  stopRadiusM?: number;
  stopMinS?: number;
  coPresenceM?: number;
  photoZone?: string;
  placePhotos: boolean;
  gazetteerPath: string;
}

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || text.trim() === '') {
    throw new UsageError(`timeline: ${name} must be a positive number, not '${text}'`, USAGE);
  }
  return value;
}

function knownZone(zone: string): string {
  if (!isValidTimeZone(zone)) throw new UsageError(`timeline: unknown time zone '${zone}'`, USAGE);
  return zone;
}

export function parseTimelineArgs(args: string[]): TimelineOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        zone: { type: 'string' },
        'stop-radius': { type: 'string' },
        'stop-min': { type: 'string' },
        'co-presence': { type: 'string' },
        'photo-zone': { type: 'string' },
        'place-photos': { type: 'boolean' },
        gazetteer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`timeline: ${err instanceof Error ? err.message : String(err)}`, USAGE);
  }
  const { values, positionals } = parsed;
  const zone = knownZone(values.zone ?? 'UTC');
  const options: TimelineOptions = {
    files: positionals,
    json: values.json ?? false,
    help: values.help ?? false,
    zone,
    placePhotos: values['place-photos'] ?? false,
    gazetteerPath: values.gazetteer ?? DEFAULT_GAZETTEER_PATH,
  };
  if (values['photo-zone'] !== undefined) options.photoZone = knownZone(values['photo-zone']);
  const radius = positiveNumber('--stop-radius', values['stop-radius']);
  const minutes = positiveNumber('--stop-min', values['stop-min']);
  const together = positiveNumber('--co-presence', values['co-presence']);
  if (radius !== undefined) options.stopRadiusM = radius;
  if (minutes !== undefined) options.stopMinS = Math.round(minutes * 60);
  if (together !== undefined) options.coPresenceM = together;
  if (!options.help && positionals.length === 0)
    throw new UsageError('timeline: no files given', USAGE);
  return options;
}

/** The gazetteer, or undefined (places left empty) with a warning when it is not built. */
function loadGazetteer(path: string, io: CliIo): GazetteerIndex | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    io.stderr.write(
      `itinera timeline: no gazetteer at ${path} (run \`npm run build:assets\`); stops are not named\n`,
    );
    return undefined;
  }
  try {
    return parseGazetteer(bytes);
  } catch (err) {
    io.stderr.write(
      `itinera timeline: ${err instanceof Error ? err.message : String(err)}; stops are not named\n`,
    );
    return undefined;
  }
}

export function timelineSettings(
  options: TimelineOptions,
  sources: readonly ImportedSource[],
): TimelineSettings {
  const settings = defaultTimelineSettings(options.zone);
  if (options.stopRadiusM !== undefined) settings.stopRadiusM = options.stopRadiusM;
  if (options.stopMinS !== undefined) settings.stopMinS = options.stopMinS;
  for (const source of sources) {
    if (source.kind !== 'photos') continue;
    if (options.photoZone !== undefined)
      settings.perSource[source.id] = { assumedZone: options.photoZone };
    if (options.placePhotos) (settings.photoTracks ??= {})[source.id] = '*';
  }
  if (options.coPresenceM !== undefined) {
    const positioned = sources.filter((s) => s.fixes.count > 0).map((s) => s.id);
    for (let i = 0; i < positioned.length; i++) {
      for (let j = i + 1; j < positioned.length; j++) {
        settings.coPresence.push({
          a: positioned[i]!,
          b: positioned[j]!,
          distanceM: options.coPresenceM,
        });
      }
    }
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// JSON

function finite(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) ? n : null;
}

function placeJson(place: PlaceName | undefined): PlaceName | null {
  return place
    ? {
        name: place.name,
        country: place.country,
        distanceM: place.distanceM,
        approximate: true,
      }
    : null;
}

/** Every entry has every key of the issue's shape (null where it does not apply), then its own. */
export function entryJson(entry: TimelineEntry): Record<string, unknown> {
  const base = {
    type: entry.type,
    n: entry.type === 'stop' ? entry.n : null,
    start: isoOrNull(entry.start),
    end: isoOrNull(entry.end),
    lat: entry.type === 'stop' ? entry.lat : null,
    lon: entry.type === 'stop' ? entry.lon : null,
    durationS: entry.durationS,
    distanceM: entry.type === 'stop' ? null : finite(Math.round(entry.distanceM)),
    place: entry.type === 'stop' ? placeJson(entry.place) : null,
    origin: entry.type === 'stop' ? entry.origin : null,
    sources: entry.sources,
  };
  switch (entry.type) {
    case 'stop':
      return {
        ...base,
        key: entry.key,
        radiusM: entry.radiusM,
        placeGroup: entry.placeGroup ?? null,
        label: entry.label ?? null,
        excluded: entry.excluded ?? false,
        evidence: entry.evidence.map((e) => {
          switch (e.kind) {
            case 'fixes':
              return { ...e, start: isoOrNull(e.start), end: isoOrNull(e.end) };
            case 'event':
            case 'photo':
              return { ...e, t: isoOrNull(e.t) };
            case 'silence':
              return { ...e, before: isoOrNull(e.before), after: isoOrNull(e.after) };
            default:
              return e;
          }
        }),
      };
    case 'move':
      return { ...base, from: entry.from, to: entry.to, schematic: entry.schematic };
    case 'gap':
      return base;
    case 'conflict':
      return {
        ...base,
        impliedSpeedKmh: Math.round(entry.impliedSpeedKmh),
        a: { ...entry.a, t: isoOrNull(entry.a.t) },
        b: { ...entry.b, t: isoOrNull(entry.b.t) },
      };
  }
}

function photoJson(
  photo: TimelinePhoto,
  sources: readonly ImportedSource[],
): Record<string, unknown> {
  const source = sources.find((s) => s.id === photo.sourceId);
  const model = source?.photos?.[photo.index];
  const file = model ? source?.files[model.fileIndex] : undefined;
  return {
    source: photo.sourceId,
    index: photo.index,
    file: file?.name ?? null,
    t: isoOrNull(photo.t),
    timeBasis: photo.timeBasis ?? model?.timeBasis ?? null,
    lat: finite(photo.lat),
    lon: finite(photo.lon),
    position: photo.position,
    trackSource: photo.trackSourceId ?? null,
    trackTimeDistanceS:
      photo.trackTimeDistanceMs === undefined ? null : photo.trackTimeDistanceMs / 1000,
    stop: photo.stop ?? null,
  };
}

/** Where a skipped item came from: its source's own record, so it can be found in the file. */
function skippedOrigin(
  item: SkippedEvidence,
  sources: readonly ImportedSource[],
): { type: string | null; line: number | null; record: number | null } {
  const source = sources.find((s) => s.id === item.sourceId);
  const origin =
    item.kind === 'event' ? source?.events?.[item.index] : source?.reportedStops?.[item.index];
  return {
    type: item.kind === 'event' ? (source?.events?.[item.index]?.type ?? null) : null,
    line: origin?.line ?? null,
    record: origin?.record ?? null,
  };
}

function skippedJson(
  item: SkippedEvidence,
  sources: readonly ImportedSource[],
): Record<string, unknown> {
  return {
    source: item.sourceId,
    kind: item.kind,
    index: item.index,
    ...skippedOrigin(item, sources),
    reason: item.reason,
  };
}

const SKIPPED_REASONS: Record<SkippedEvidence['reason'], string> = {
  'no-time': 'no time',
  'no-position': 'no position',
  'no-ignition-on': 'ignition off without a later on',
};

function sourceJson(source: ImportedSource): Record<string, unknown> {
  return {
    id: source.id,
    kind: source.kind,
    format: source.format,
    label: source.label,
    files: source.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
    counts: {
      points: source.fixes.count,
      events: source.events?.length ?? 0,
      reportedStops: source.reportedStops?.length ?? 0,
      photos: source.photos?.length ?? 0,
    },
    first: isoOrNull(source.stats.first),
    last: isoOrNull(source.stats.last),
    issues: source.issues.map((i) => ({
      file: i.file,
      line: i.line ?? null,
      record: i.record ?? null,
      severity: i.severity,
      code: i.code,
      message: i.message,
    })),
  };
}

export function timelineJson(
  sources: readonly ImportedSource[],
  failed: readonly Extract<ImportResult, { ok: false }>[],
  timeline: Timeline,
  options: TimelineOptions,
): string {
  const doc = {
    version: TIMELINE_JSON_VERSION,
    parameters: {
      ...timeline.parameters,
      displayZone: options.zone,
      gazetteer: options.gazetteerPath ? basename(options.gazetteerPath) : null,
    },
    sources: sources.map(sourceJson),
    failed: failed.map((f) => ({ name: f.name, code: f.code, message: f.message })),
    timeline: timeline.entries.map(entryJson),
    coPresence: timeline.coPresence.map((c) => ({
      a: c.a,
      b: c.b,
      start: isoOrNull(c.start),
      end: isoOrNull(c.end),
      durationS: c.durationS,
      minDistanceM: Math.round(c.minDistanceM),
      interruptions: c.interruptions ?? 0,
      evidence: c.evidence.length,
    })),
    photos: timeline.photos.map((p) => photoJson(p, sources)),
    // Evidence the derivation could not use, each with why: never dropped silently.
    skipped: (timeline.skipped ?? []).map((item) => skippedJson(item, sources)),
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Table

function wallTime(t: number, zone: string): string {
  return Number.isFinite(t) ? wallMinute(t, zone).replace('T', ' ') : '-';
}

function minutes(s: number): string {
  const m = Math.round(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

export function renderTimelineTable(
  sources: readonly ImportedSource[],
  failed: readonly Extract<ImportResult, { ok: false }>[],
  timeline: Timeline,
  zone: string,
): string {
  const lines: string[] = [
    `Times in ${zone}. Places are the nearest settlement (approximate).`,
    '',
  ];
  for (const s of sources) lines.push(`source ${s.id}  ${s.kind}  ${s.format}  ${s.label}`);
  for (const f of failed) lines.push(`not read ${f.name}: ${f.message}`);
  lines.push('');
  for (const e of timeline.entries) {
    const span = `${wallTime(e.start, zone)} – ${wallTime(e.end, zone)}  ${minutes(e.durationS)}`;
    if (e.type === 'stop') {
      const place = e.place ? `${e.place.name} (${e.place.country}), ${e.place.distanceM} m` : '-';
      lines.push(
        `stop ${e.n}  ${span}  ${place}  [${e.origin.join(', ')}]  ${e.sources.length} source(s)`,
      );
    } else if (e.type === 'move') {
      lines.push(`  move  ${span}  ${(e.distanceM / 1000).toFixed(1)} km`);
    } else if (e.type === 'gap') {
      lines.push(`  gap   ${span}  ${(e.distanceM / 1000).toFixed(1)} km apart`);
    } else {
      lines.push(`  CONFLICT  ${span}  ${Math.round(e.impliedSpeedKmh)} km/h implied`);
    }
  }
  for (const c of timeline.coPresence) {
    lines.push(
      `together ${c.a} & ${c.b}  ${wallTime(c.start, zone)} – ${wallTime(c.end, zone)}  ` +
        `${minutes(c.durationS)}  closest ${Math.round(c.minDistanceM)} m  ` +
        `${c.evidence.length} evidence pair(s)`,
    );
  }
  for (const item of timeline.skipped ?? []) {
    const origin = skippedOrigin(item, sources);
    const what =
      item.kind === 'event'
        ? `event ${origin.type ?? '?'} #${item.index}`
        : `reported stop #${item.index}`;
    const where = [
      origin.line !== null ? `line ${origin.line}` : null,
      origin.record !== null ? `record ${origin.record}` : null,
    ].filter((x) => x !== null);
    lines.push(
      `not used ${item.sourceId}  ${what}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ` +
        SKIPPED_REASONS[item.reason],
    );
  }
  return `${lines.join('\n')}\n`;
}
