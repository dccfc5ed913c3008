/**
 * `itinera inspect <file...> [--json] [--points]`: what the intake makes of each file — format,
 * SHA-256, counts, time span and every located issue — using the same intake as the app.
 */
import { parseArgs } from 'node:util';
import { computeStats } from '../../../shared/formats/stats';
import type { FixColumns, ReportedStop, TimelineEvent } from '../../../shared/model';
import { readEvidenceEach, type EvidenceRead } from '../../services/intake';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';
import { ChunkedWriter, isoOrNull } from '../output';

const USAGE = `Usage: itinera inspect <file...> [--json] [--points]

Reads each evidence file read-only (format detected by content), hashes it (SHA-256)
and reports its format, counts, first and last time, and every issue found.

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
  severity: string;
  code: string;
  message: string;
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

    const pending = readEvidenceEach(positionals, { hashUnrecognised: true });
    const out = new ChunkedWriter(io.stdout);
    const reports: InspectReport[] = [];
    let allRead = true;
    if (values.json) await out.write('{"files":[');
    for (const [index, promise] of pending.entries()) {
      const report = toInspectReport(await promise);
      allRead &&= report.ok;
      if (values.json) {
        await out.write(index === 0 ? '\n' : ',\n');
        await writeJsonReport(out, report, values.points ?? false);
      } else {
        reports.push({ ...report, fixes: null, eventList: [], stopList: [] });
      }
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
