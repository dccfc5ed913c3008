/**
 * `itinera inspect <file...> [--json] [--points]`: what the intake makes of each file — format,
 * SHA-256, counts, time span and every located issue — using the same intake as the app.
 */
import { parseArgs } from 'node:util';
import { computeStats } from '../../../shared/formats/stats';
import type { FixColumns, ImportIssue, ReportedStop, TimelineEvent } from '../../../shared/model';
import { readEvidenceEach, type EvidenceRead } from '../../services/intake';
import { classifyPaths } from '../../services/intake-photos';
import { HashPool, type FileHasher } from '../../services/photo-hash';
import { readPhotoCandidates, type PhotoFileRead } from '../../services/photo-intake';
import { walkFolder } from '../../services/photo-walk';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';
import { ChunkedWriter, isoOrNull } from '../output';

const USAGE = `Usage: itinera inspect <file or folder...> [--json] [--points]

Reads each evidence file read-only (format detected by content), hashes it (SHA-256)
and reports its format, counts, first and last time, and every issue found.
Photos (JPEG, HEIC/HEIF, TIFF and TIFF-based raw, PNG, WebP) are reported with
format "photo" and a "photo" object {lat, lon, accuracyM, time, timeBasis, make,
model, serial} (time ISO-8601 UTC or null; timeBasis gps, offset, zone-assumed
or none); a folder is walked recursively and each of its files reported.

Options:
  --json      print one JSON document instead of a table
  --points    with --json, include every point {t, lat, lon} in file order, every
              event {t, type, value?, lat?, lon?} and every reported stop
              {start, end, lat?, lon?, name?, address?} (times ISO UTC or null)
  -h, --help  show this help

Exit status: 0 every file was read, 1 some could not be, 2 usage error.`;

export interface InspectIssue {
  line: number | null;
  column: number | null;
  /** Byte offset; reported for photos only (other formats' output keeps its shape). */
  offset?: number | null;
  severity: string;
  code: string;
  message: string;
}

/** What `inspect` says of one photo; every key always present, null when unknown. */
export interface InspectPhoto {
  lat: number | null;
  lon: number | null;
  accuracyM: number | null;
  time: string | null;
  timeBasis: 'gps' | 'offset' | 'zone-assumed' | 'none';
  make: string | null;
  model: string | null;
  serial: string | null;
}

/** One file's report; `fixes`, `eventList` and `stopList` feed `--points` and are not serialised as such. */
export interface InspectReport {
  path: string;
  ok: boolean;
  sha256: string | null;
  size: number | null;
  format: string | null;
  formatDetail: string | null;
  counts: { points: number; tracks: number; waypoints: number; events: number; stops: number };
  first: string | null;
  last: string | null;
  issues: InspectIssue[];
  /** Photos only: null when the file is a photo whose metadata could not be read. */
  photo?: InspectPhoto | null;
  fixes: FixColumns | null;
  eventList: TimelineEvent[];
  stopList: ReportedStop[];
}

export const inspectCommand: Command = {
  name: ['inspect'],
  summary: 'report format, SHA-256, counts, time span and issues of evidence files',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseInspectArgs(args);
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new UsageError('inspect: no files given', USAGE);
    if (values.points && !values.json)
      throw new UsageError('inspect: --points requires --json', USAGE);

    const kinds = await classifyPaths(positionals);
    const evidence = positionals.filter((_, i) => kinds[i] === 'evidence');
    const pending = readEvidenceEach(evidence, { hashUnrecognised: true });
    const hasher = kinds.some((kind) => kind !== 'evidence') ? new HashPool() : undefined;
    const out = new ChunkedWriter(io.stdout);
    const reports: InspectReport[] = [];
    let allRead = true;
    let written = 0;
    const emit = async (report: InspectReport): Promise<void> => {
      allRead &&= report.ok;
      if (values.json) {
        await out.write(written === 0 ? '\n' : ',\n');
        await writeJsonReport(out, report, values.points ?? false);
      } else {
        reports.push({ ...report, fixes: null, eventList: [], stopList: [] });
      }
      written += 1;
    };
    if (values.json) await out.write('{"files":[');
    try {
      let next = 0;
      for (const [index, path] of positionals.entries()) {
        if (kinds[index] === 'evidence') {
          await emit(toInspectReport(await pending[next++]!));
          continue;
        }
        for (const report of await inspectPhotos(path, kinds[index] === 'folder', hasher!))
          await emit(report);
      }
    } finally {
      await hasher?.close();
    }
    if (values.json) await out.write('\n]}\n');
    else await out.write(renderTable(reports));
    await out.flush();
    return allRead ? EXIT_OK : EXIT_SOME_FAILED;
  },
};

function parseInspectArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        points: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`inspect: ${err instanceof Error ? err.message : String(err)}`, USAGE);
  }
}

/** One report per file of a photo folder (walk order), or one for a photo file. */
async function inspectPhotos(
  path: string,
  folder: boolean,
  hasher: FileHasher,
): Promise<InspectReport[]> {
  const walk = folder ? await walkFolder(path) : undefined;
  const candidates = walk
    ? walk.files.map((f) => ({ path: f.path, rel: f.rel }))
    : [{ path, rel: path.split(/[\\/]/).pop() ?? path }];
  const reads = await readPhotoCandidates(candidates, { hasher }, undefined);
  const reports: InspectReport[] = [];
  for (const [k, read] of reads.entries()) {
    const candidate = candidates[k]!;
    let sha256 = read.file?.sha256 ?? null;
    // Not a photo, but an examiner inspecting a file wants its digest whatever it is.
    if (sha256 === null && read.opened)
      sha256 = await hasher.hash(candidate.path).then(
        (digest) => digest.sha256,
        () => null,
      );
    reports.push(photoReport(candidate.path, read, sha256));
  }
  for (const issue of walk?.issues ?? [])
    reports.push(
      photoReport(
        `${path.replace(/[\\/]+$/, '')}/${issue.file}`,
        { rel: issue.file, size: 0, opened: false, issues: [issue] },
        null,
      ),
    );
  return reports;
}

export function photoReport(
  path: string,
  read: PhotoFileRead,
  sha256: string | null,
): InspectReport {
  const photo = read.photo;
  const time = photo ? isoOrNull(photo.t) : null;
  const isPhoto = read.file !== undefined;
  const report: InspectReport = {
    path,
    ok: photo !== undefined,
    sha256,
    size: read.opened ? read.size : null,
    format: isPhoto ? 'photo' : null,
    formatDetail: photo?.container ?? null,
    counts: { points: 0, tracks: 0, waypoints: 0, events: 0, stops: 0 },
    first: time,
    last: time,
    issues: read.issues.map(toPhotoIssue),
    fixes: null,
    eventList: [],
    stopList: [],
  };
  if (isPhoto)
    report.photo = photo
      ? {
          lat: finiteOrNull(photo.lat),
          lon: finiteOrNull(photo.lon),
          accuracyM: finiteOrNull(photo.accuracyM),
          time,
          timeBasis: photo.timeBasis,
          make: photo.make ?? null,
          model: photo.model ?? null,
          serial: photo.serial ?? null,
        }
      : null;
  return report;
}

function toPhotoIssue(issue: ImportIssue): InspectIssue {
  return {
    line: issue.line ?? null,
    column: issue.column ?? null,
    offset: issue.offset ?? null,
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
  };
}

function finiteOrNull(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) ? n : null;
}

export function toInspectReport(read: EvidenceRead): InspectReport {
  if (read.ok) {
    const stats = computeStats(read.result);
    return {
      path: read.path,
      ok: true,
      sha256: read.file.sha256,
      size: read.file.size,
      format: read.result.format,
      formatDetail: read.result.formatDetail ?? null,
      counts: {
        points: stats.points,
        tracks: stats.tracks,
        waypoints: stats.waypoints,
        events: read.result.events?.length ?? 0,
        stops: read.result.reportedStops?.length ?? 0,
      },
      first: isoOrNull(stats.first),
      last: isoOrNull(stats.last),
      issues: read.result.issues.map(toInspectIssue),
      fixes: read.result.fixes,
      eventList: read.result.events ?? [],
      stopList: read.result.reportedStops ?? [],
    };
  }
  // Without the reader's own located issues, the failure itself is the explanation.
  const failureIssue: InspectIssue = {
    line: null,
    column: null,
    severity: 'error',
    code: read.code,
    message: read.message,
  };
  return {
    path: read.path,
    ok: false,
    sha256: read.file?.sha256 ?? null,
    size: read.file?.size ?? null,
    format: null,
    formatDetail: null,
    counts: { points: 0, tracks: 0, waypoints: 0, events: 0, stops: 0 },
    first: null,
    last: null,
    issues: read.issues.length > 0 ? read.issues.map(toInspectIssue) : [failureIssue],
    fixes: null,
    eventList: [],
    stopList: [],
  };
}

function toInspectIssue(issue: {
  line?: number;
  column?: number;
  severity: string;
  code: string;
  message: string;
}): InspectIssue {
  return {
    line: issue.line ?? null,
    column: issue.column ?? null,
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
  };
}

async function writeJsonReport(
  out: ChunkedWriter,
  report: InspectReport,
  withPoints: boolean,
): Promise<void> {
  const { fixes, eventList, stopList, ok: _ok, ...fields } = report;
  const head = JSON.stringify(fields);
  if (!withPoints) {
    await out.write(head);
    return;
  }
  await out.write(`${head.slice(0, -1)},"points":[`);
  if (fixes) {
    // Points are formatted in batches: one awaited write per point would dominate for a million.
    const BATCH = 4096;
    for (let start = 0; start < fixes.count; start += BATCH) {
      const end = Math.min(fixes.count, start + BATCH);
      const batch: string[] = [];
      for (let i = start; i < end; i += 1) {
        const t = isoOrNull(fixes.t[i]);
        batch.push(
          `{"t":${t === null ? 'null' : `"${t}"`},"lat":${jsonNumber(fixes.lat[i])},"lon":${jsonNumber(fixes.lon[i])}}`,
        );
      }
      await out.write(`${start === 0 ? '' : ','}${batch.join(',')}`);
    }
  }
  await out.write('],"events":[');
  await writeBatched(out, eventList, eventJson);
  await out.write('],"stops":[');
  await writeBatched(out, stopList, stopJson);
  await out.write(']}');
}

async function writeBatched<T>(
  out: ChunkedWriter,
  items: readonly T[],
  format: (item: T) => string,
): Promise<void> {
  const BATCH = 4096;
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH).map(format);
    await out.write(`${start === 0 ? '' : ','}${batch.join(',')}`);
  }
}

/** `{t, type, value?, lat?, lon?}`: optional keys only when the event has them. */
export function eventJson(event: TimelineEvent): string {
  const out: Record<string, unknown> = { t: isoOrNull(event.t), type: event.type };
  if (
    event.value !== undefined &&
    (typeof event.value === 'string' || Number.isFinite(event.value))
  )
    out.value = event.value;
  if (event.lat !== undefined && Number.isFinite(event.lat)) out.lat = event.lat;
  if (event.lon !== undefined && Number.isFinite(event.lon)) out.lon = event.lon;
  return JSON.stringify(out);
}

/** `{start, end, lat?, lon?, name?, address?}`. */
export function stopJson(stop: ReportedStop): string {
  const out: Record<string, unknown> = { start: isoOrNull(stop.start), end: isoOrNull(stop.end) };
  if (stop.lat !== undefined && Number.isFinite(stop.lat)) out.lat = stop.lat;
  if (stop.lon !== undefined && Number.isFinite(stop.lon)) out.lon = stop.lon;
  if (stop.name !== undefined) out.name = stop.name;
  if (stop.address !== undefined) out.address = stop.address;
  return JSON.stringify(out);
}

function jsonNumber(n: number | undefined): string {
  return n !== undefined && Number.isFinite(n) ? String(n) : 'null';
}

const MAX_ISSUES_SHOWN = 20;

export function renderTable(reports: InspectReport[]): string {
  const header = [
    'FILE',
    'FORMAT',
    'POINTS',
    'TRACKS',
    'WAYPOINTS',
    'EVENTS',
    'STOPS',
    'FIRST (UTC)',
    'LAST (UTC)',
    'ISSUES',
  ];
  const rows = reports.map((r) => [
    r.path,
    r.format ?? (r.ok ? '?' : 'not read'),
    String(r.counts.points),
    String(r.counts.tracks),
    String(r.counts.waypoints),
    String(r.counts.events),
    String(r.counts.stops),
    r.first ?? '-',
    r.last ?? '-',
    String(r.issues.length),
  ]);
  const numeric = new Set([2, 3, 4, 5, 6, 9]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line), ''];
  for (const r of reports) {
    lines.push(`${r.path}`);
    lines.push(
      `  sha256 ${r.sha256 ?? '-'}  size ${r.size ?? '-'}${r.formatDetail ? `  ${r.formatDetail}` : ''}`,
    );
    if (r.photo) lines.push(`  photo ${describePhoto(r.photo)}`);
    for (const issue of r.issues.slice(0, MAX_ISSUES_SHOWN)) {
      const where =
        issue.line === null
          ? ''
          : `${issue.line}${issue.column === null ? '' : `:${issue.column}`} `;
      lines.push(`  ${issue.severity} ${where}${issue.message}`);
    }
    if (r.issues.length > MAX_ISSUES_SHOWN)
      lines.push(`  … ${r.issues.length - MAX_ISSUES_SHOWN} more issues (use --json)`);
  }
  return `${lines.join('\n')}\n`;
}

function describePhoto(p: InspectPhoto): string {
  const where =
    p.lat === null || p.lon === null
      ? 'no position'
      : `${p.lat}, ${p.lon}${p.accuracyM === null ? '' : ` ±${p.accuracyM} m`}`;
  const camera = [p.make, p.model].filter((x) => x !== null).join(' ');
  const serial = p.serial === null ? '' : ` serial ${p.serial}`;
  return `${where}  ${p.time ?? 'no time'} (${p.timeBasis})${camera ? `  ${camera}` : ''}${serial}`;
}
