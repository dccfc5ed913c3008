/**
 * The exhibit's timeline as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break): one row per stop, and one per leg between stops.
 *
 * UTF-8 with a byte order mark: police analysts open CSV in Excel, which without the BOM decodes
 * it as the system code page and garbles place names such as Liège or Köln. LibreOffice, GDAL and
 * Python's `utf-8-sig` read the BOM correctly; plain readers see it as the first characters of the
 * first header name (`exportCsv` can leave it out).
 *
 * Machine columns are stable English names; `*_utc` are ISO-8601 UTC; `*_local` are wall times in
 * the display zone as `YYYY-MM-DD HH:MM:SS` (sortable, locale-free) with the zone in its column.
 * A leg leaves at `departure_*` and arrives at `arrival_*`.
 */
import { formatUtcOffset, isoUtc } from '../exhibit/format';
import { durationText } from './describe';
import type { ExhibitModel } from './exhibit-model';

export const CSV_COLUMNS = [
  'kind',
  'n',
  'from_n',
  'to_n',
  'arrival_utc',
  'departure_utc',
  'arrival_local',
  'departure_local',
  'zone',
  'duration_s',
  'duration',
  'distance_m',
  'track_distance_m',
  'schematic',
  'place',
  'country',
  'lat',
  'lon',
  'sources',
  'origin',
  'stop_id',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const UTF8_BOM = '\ufeff';

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Leading `=`, `+`, `-`, `@` would make a spreadsheet evaluate a name as a formula: such a cell
 * gets a `'` in front. A name that already starts with quotes before one of those gets one more,
 * so that removing one leading quote always gives the name back.
 */
function textCell(value: string): string {
  return /^'*[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function localWall(t: number, zone: string): string {
  if (!Number.isFinite(t)) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(t);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export interface CsvOptions {
  /** Default true (see the module comment). */
  bom?: boolean;
}

export function exhibitToCsv(model: ExhibitModel, options: CsvOptions = {}): string {
  const zone = model.displayZone;
  const rows: Record<CsvColumn, string>[] = [];
  const empty = (): Record<CsvColumn, string> =>
    Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<CsvColumn, string>;
  const legsByFrom = new Map(model.legs.map((l) => [l.from, l]));
  for (const s of model.stops) {
    const row = empty();
    row.kind = 'stop';
    row.n = String(s.n);
    row.arrival_utc = isoUtc(s.arrival);
    row.departure_utc = isoUtc(s.departure);
    row.arrival_local = localWall(s.arrival, zone);
    row.departure_local = localWall(s.departure, zone);
    row.zone = `${zone} ${formatUtcOffset(s.arrival, zone)}`;
    row.duration_s = String(s.durationS);
    row.duration = durationText(model, s.durationS);
    row.distance_m = s.fromPrevious ? String(Math.round(s.fromPrevious.distanceM)) : '';
    row.place = textCell(s.place?.name ?? '');
    row.country = s.place?.country ?? '';
    row.lat = s.lat.toFixed(6);
    row.lon = s.lon.toFixed(6);
    row.sources = textCell(s.sources.map((x) => x.label).join('; '));
    row.origin = s.origin.join('; ');
    row.stop_id = s.id;
    rows.push(row);
    const leg = legsByFrom.get(s.n);
    if (!leg) continue;
    const l = empty();
    l.kind = 'leg';
    l.from_n = String(leg.from);
    l.to_n = String(leg.to);
    l.departure_utc = isoUtc(leg.start);
    l.arrival_utc = isoUtc(leg.end);
    l.departure_local = localWall(leg.start, zone);
    l.arrival_local = localWall(leg.end, zone);
    l.zone = `${zone} ${formatUtcOffset(leg.start, zone)}`;
    l.duration_s = String(leg.durationS);
    l.duration = durationText(model, leg.durationS);
    l.distance_m = String(Math.round(leg.straightDistanceM));
    l.track_distance_m = leg.trackDistanceM === null ? '' : String(Math.round(leg.trackDistanceM));
    // The distance is a straight line whatever the fixes show (track_distance_m has those).
    l.schematic = 'true';
    rows.push(l);
  }
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(',')),
  ];
  return `${options.bom === false ? '' : UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
