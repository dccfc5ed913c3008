/**
 * Call detail records (CDR): one row per call, SMS or data session with the time, the subscriber,
 * the serving cell and, when the operator gave them, the duration, direction and the cell site's
 * coordinates. Each record becomes a fix at its cell SITE with `accuracyM` = the cell's range:
 * the phone was somewhere in that cell's coverage, never at the mast. The cells themselves
 * (position, azimuth, beam width, range) are listed in `cells` so the map can draw sectors.
 *
 * Sites come from the rows themselves (lat/lon columns) or from a site list given as
 * `opts.sites` (see `parseCellSites`); a record whose cell is in neither is rejected, with its
 * line. Header-less files are read in the SpatialDataCommons layout
 * `subscriber,time,duration,cell,lon,lat` (longitude first) or `subscriber,time,duration,cell`.
 */
import { timeBasisCode, type TimeBasis, type TrackPart } from '../../model';
import { FixColumnsBuilder } from '../columns';
import { IssueList, Tally, describeRecordLine } from '../issues';
import type { FormatDetection, FormatReader, ReaderOptions, ReaderResult } from '../reader';
import { DelimitedTokenizer } from '../table/delimited';
import { parseCoordinate } from '../table/values';
import { RecordTimeParser } from '../forensic/times';
import { DEFAULT_CELL_RANGE_M, cellKey, delimiterOf, type CellSite } from './cells';

export interface CdrCell {
  cellId: string;
  lat: number;
  lon: number;
  azimuthDeg?: number;
  beamWidthDeg?: number;
  rangeM: number;
  /** True when `rangeM` is the assumed default, not a stated range. */
  rangeAssumed: boolean;
}

export interface CdrRecord {
  subscriber: string;
  /** Seconds; absent for SMS/data rows without one. */
  durationS?: number;
  /** As written (`in`, `out`, `MO`, `MT`, `SMS-out`…). */
  direction?: string;
  otherParty?: string;
  line: number;
}

export interface CdrResult extends ReaderResult {
  cells: CdrCell[];
  /** Parallel to `fixes`: index into `cells`. */
  recordCells: Int32Array;
  /** Parallel to `fixes`: what the record said besides time and place. */
  records: CdrRecord[];
}

export interface CdrReaderOptions extends ReaderOptions {
  sites?: CellSite[];
  /** Range for cells without a stated one; default {@link DEFAULT_CELL_RANGE_M}. */
  defaultRangeM?: number;
}

export interface CdrReader extends FormatReader {
  finish(): CdrResult;
}

type Role =
  | 'time'
  | 'subscriber'
  | 'cellId'
  | 'duration'
  | 'direction'
  | 'otherParty'
  | 'lat'
  | 'lon'
  | 'azimuth'
  | 'beam'
  | 'range';
export type CdrLayout = Partial<Record<Role, number>>;

const ROLE_TESTS: [Role, RegExp][] = [
  ['time', /^(?:time ?stamp|date ?time|start ?time|start|call ?start|event ?time|time|date)$/],
  [
    'subscriber',
    /^(?:msisdn|imsi|imei|subscriber|user ?id|user|a ?number|a ?party|caller|calling ?number|phone|phone ?number|target)$/,
  ],
  [
    'cellId',
    /^(?:cell|cell ?id|cellid|cgi|ecgi|ci|lac ?ci|first ?cell|cell ?start|serving ?cell|site ?id|bts)$/,
  ],
  ['duration', /^(?:duration|duration ?s|duration ?sec(?:onds)?|dur|call ?duration|seconds)$/],
  ['direction', /^(?:direction|dir|call ?type|type|event ?type|in ?out|mo ?mt)$/],
  [
    'otherParty',
    /^(?:b ?number|b ?party|called|called ?number|callee|other ?party|other ?number|recipient)$/,
  ],
  ['lat', /^(?:lat|latitude|site ?lat(?:itude)?|cell ?lat(?:itude)?)$/],
  ['lon', /^(?:lon|lng|long|longitude|site ?lon(?:gitude)?|cell ?lon(?:gitude)?)$/],
  ['azimuth', /^(?:azimuth|azi|az|bearing)$/],
  ['beam', /^(?:beam ?width|bw|hbw|beam)$/],
  ['range', /^(?:range|range ?m|radius|radius ?m|coverage)$/],
];

const normHeader = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[_\-()[\].]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function headerLayout(fields: readonly string[]): CdrLayout | null {
  const layout: CdrLayout = {};
  fields.forEach((h, i) => {
    const n = normHeader(h);
    for (const [role, re] of ROLE_TESTS) {
      if (layout[role] === undefined && re.test(n)) {
        layout[role] = i;
        break;
      }
    }
  });
  return layout.time !== undefined && layout.cellId !== undefined ? layout : null;
}

const TIME_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?/;
const isNum = (s: string | undefined): boolean =>
  s !== undefined && /^\s*-?\d+(?:\.\d+)?\s*$/.test(s);

/** The layout of a header-less file, from its first row; null when it is not one we know. */
function headerlessLayout(f: readonly string[]): { layout: CdrLayout; name: string } | null {
  if (f.length < 4 || !TIME_TEXT.test(f[1]!.trim()) || f[3]!.trim() === '') return null;
  if (f.length === 6 && isNum(f[4]) && isNum(f[5])) {
    return {
      layout: { subscriber: 0, time: 1, duration: 2, cellId: 3, lon: 4, lat: 5 },
      name: 'subscriber,time,duration,cell,lon,lat (SpatialDataCommons)',
    };
  }
  return {
    layout: { subscriber: 0, time: 1, duration: 2, cellId: 3 },
    name: 'subscriber,time,duration,cell',
  };
}

export function createCdrReader(opts: CdrReaderOptions): CdrReader {
  const issues = new IssueList(opts.fileName);
  const defaultRange = opts.defaultRangeM ?? DEFAULT_CELL_RANGE_M;
  const times = new RecordTimeParser(opts.naiveZone);
  const listed = new Map<string, CellSite>();
  for (const s of opts.sites ?? []) listed.set(cellKey(s.cellId), s);

  const cells: CdrCell[] = [];
  const cellIndex = new Map<string, number>();
  const conflicting = new Tally<number>();
  const unknownCell = new Tally<number>();
  const naive = new Tally<number>();

  // Records as read, grouped per subscriber at the end.
  const rt: number[] = [];
  const rBasis: TimeBasis[] = [];
  const rCell: number[] = [];
  const records: CdrRecord[] = [];

  let decoder: TextDecoder | undefined = new TextDecoder('utf-8');
  let head = '';
  let tok: DelimitedTokenizer | undefined;
  let layout: CdrLayout | undefined;
  let layoutName = '';
  let stopped = false;
  /** Last character decoded, to tell whether the file ended inside a line. */
  let lastChar = '';

  const cellOf = (f: readonly string[], L: CdrLayout, line: number): number => {
    const id = f[L.cellId!]?.trim() ?? '';
    if (id === '') return -1;
    const key = cellKey(id);
    const inRow = (() => {
      if (L.lat === undefined || L.lon === undefined) return null;
      const lat = parseCoordinate(f[L.lat] ?? '', 'lat');
      const lon = parseCoordinate(f[L.lon] ?? '', 'lon');
      return Number.isNaN(lat) || Number.isNaN(lon) || (lat === 0 && lon === 0)
        ? null
        : { lat, lon };
    })();
    const known = cellIndex.get(key);
    if (known !== undefined) {
      const c = cells[known]!;
      if (inRow && (Math.abs(c.lat - inRow.lat) > 1e-4 || Math.abs(c.lon - inRow.lon) > 1e-4))
        conflicting.hit(line, `${id}`);
      return known;
    }
    const site = listed.get(key);
    const pos = inRow ?? site ?? null;
    if (pos === null) return -1;
    const num = (r: Role): number => {
      const i = L[r];
      const s = i === undefined ? '' : (f[i] ?? '').trim();
      return s === '' ? NaN : Number(s);
    };
    const az = num('azimuth');
    const bw = num('beam');
    const rg = num('range');
    const cell: CdrCell = {
      cellId: id,
      lat: pos.lat,
      lon: pos.lon,
      rangeM: rg > 0 ? rg : (site?.rangeM ?? defaultRange),
      rangeAssumed: !(rg > 0) && site?.rangeM === undefined,
    };
    const azimuth = az >= 0 && az <= 360 ? az % 360 : site?.azimuthDeg;
    const beam = bw > 0 && bw <= 360 ? bw : site?.beamWidthDeg;
    if (azimuth !== undefined) cell.azimuthDeg = azimuth;
    if (beam !== undefined) cell.beamWidthDeg = beam;
    cellIndex.set(key, cells.length);
    cells.push(cell);
    return cells.length - 1;
  };

  const onRow = (f: string[], line: number): void => {
    if (f.length === 1 && f[0]!.trim() === '') return;
    if (layout === undefined) {
      const h = headerLayout(f);
      if (h !== null) {
        layout = h;
        layoutName = 'header line';
        return;
      }
      const g = headerlessLayout(f);
      if (g === null) {
        issues.add(
          'error',
          'cdr.layout.unknown',
          'First line is neither a header naming the time and cell columns nor a record in a known header-less layout',
          { line },
        );
        stopped = true;
        tok?.stop();
        return;
      }
      layout = g.layout;
      layoutName = g.name;
    }
    const L = layout;
    const time = times.parse(f[L.time!] ?? '');
    if (Number.isNaN(time.t)) {
      issues.add(
        'warning',
        'cdr.time.invalid',
        `Record time "${(f[L.time!] ?? '').slice(0, 40)}" not understood${times.zoneProblem ? ` (${times.zoneProblem} in the chosen zone)` : ''}; record rejected`,
        { line },
      );
      return;
    }
    const c = cellOf(f, L, line);
    if (c < 0) {
      const id = f[L.cellId!]?.trim() ?? '';
      unknownCell.hit(line, id);
      issues.add(
        'warning',
        'cdr.cell.unknown',
        id === ''
          ? 'Record names no cell; rejected'
          : `Cell "${id.slice(0, 40)}" is not in the site list and the row gives no coordinates; rejected`,
        { line },
      );
      return;
    }
    if (time.basis === 'naive-as-utc') naive.hit(line, () => f[L.time!]!);
    const rec: CdrRecord = {
      subscriber: L.subscriber === undefined ? '' : (f[L.subscriber] ?? '').trim(),
      line,
    };
    const dur = L.duration === undefined ? '' : (f[L.duration] ?? '').trim();
    if (dur !== '' && Number.isFinite(Number(dur))) rec.durationS = Number(dur);
    const dir = L.direction === undefined ? '' : (f[L.direction] ?? '').trim();
    if (dir !== '') rec.direction = dir;
    const other = L.otherParty === undefined ? '' : (f[L.otherParty] ?? '').trim();
    if (other !== '') rec.otherParty = other;
    rt.push(time.t);
    rBasis.push(time.basis);
    rCell.push(c);
    records.push(rec);
  };

  const start = (): void => {
    const nl = head.indexOf('\n');
    tok = new DelimitedTokenizer(
      { delimiter: delimiterOf(nl < 0 ? head : head.slice(0, nl)), quote: '"' },
      {
        row: onRow,
        broken: (line, reason) => issues.add('warning', 'cdr.row.broken', reason, { line }),
      },
    );
    const h = head.replace(/^\uFEFF/, '');
    head = '';
    tok.push(h);
  };

  return {
    push(chunk) {
      if (stopped || decoder === undefined) return;
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) lastChar = text[text.length - 1]!;
      if (tok !== undefined) {
        tok.push(text);
        return;
      }
      head += text;
      if (head.includes('\n')) start();
    },
    finish(): CdrResult {
      if (decoder !== undefined) {
        const rest = decoder.decode();
        decoder = undefined;
        if (rest.length > 0) lastChar = rest[rest.length - 1]!;
        if (tok === undefined) {
          head += rest;
          if (head.trim() !== '') start();
        } else tok.push(rest);
      }
      tok?.finish();
      if (tok === undefined) issues.add('error', 'cdr.empty', 'The file is empty');
      else if (!stopped && lastChar !== '\n' && lastChar !== '\r' && records.length > 0) {
        // A cut file and a file without a final newline look alike; the last record may be partial.
        issues.add(
          'info',
          'cdr.last-line.unterminated',
          'The file does not end with a line break: if it was cut short, the last record may be incomplete',
          { line: records[records.length - 1]!.line },
        );
      }

      // Group per subscriber (order of first appearance), file order within each.
      const order = new Map<string, number[]>();
      records.forEach((r, i) => {
        const list = order.get(r.subscriber);
        if (list) list.push(i);
        else order.set(r.subscriber, [i]);
      });
      const b = new FixColumnsBuilder(Math.max(16, records.length));
      const recordCells = new Int32Array(records.length);
      const sorted: CdrRecord[] = [];
      const parts: TrackPart[] = [];
      let assumed = 0;
      for (const [subscriber, idx] of order) {
        const startAt = b.count;
        for (const i of idx) {
          const cell = cells[rCell[i]!]!;
          const k = b.push(rt[i]!, cell.lat, cell.lon, timeBasisCode(rBasis[i]!));
          b.set('accuracyM', k, cell.rangeM);
          recordCells[k] = rCell[i]!;
          sorted.push(records[i]!);
          if (cell.rangeAssumed) assumed++;
        }
        parts.push({
          kind: 'track',
          ...(subscriber !== '' ? { name: subscriber } : {}),
          segments: [{ start: startAt, end: b.count }],
        });
      }
      const { fixes, fixTimeBasis } = b.build();

      if (fixes.count > 0) {
        issues.add(
          'info',
          'cdr.accuracy',
          assumed > 0
            ? `${fixes.count} record(s) placed at their cell site, not at the phone: accuracy is the cell's range; ${assumed} record(s) use an assumed range of ${defaultRange} m (typical urban cell; rural cells reach 10–35 km)`
            : `${fixes.count} record(s) placed at their cell site, not at the phone: accuracy is the cell's stated range`,
        );
      }
      if (unknownCell.count > 0) {
        issues.add(
          'warning',
          'cdr.cell.unknown.total',
          `${unknownCell.count} record(s) rejected because their cell has no known position (first at line ${unknownCell.first}, cell "${unknownCell.example}"); supply a cell-site list`,
        );
      }
      if (conflicting.count > 0) {
        issues.add(
          'warning',
          'cdr.cell.conflict',
          `${conflicting.count} record(s) give other coordinates for a cell already seen (first at line ${conflicting.first}, cell "${conflicting.example}"); the first position is used`,
          { line: conflicting.first! },
        );
      }
      if (naive.count > 0) {
        issues.add(
          'warning',
          'cdr.time.naive',
          `${naive.count} record time(s) without a zone, e.g. "${naive.example}" (${describeRecordLine({ line: naive.first! })}): read as UTC (naive-as-utc); operators usually write local time, choose the zone`,
          { line: naive.first! },
        );
      }
      if (parts.length > 1) {
        issues.add(
          'info',
          'cdr.subscribers',
          `${parts.length} subscribers in this file; each is a separate track`,
        );
      }
      return {
        format: 'cdr',
        formatDetail: `Call detail records (${layoutName || 'unknown layout'})`,
        kind: 'cell',
        fixes,
        fixTimeBasis,
        parts,
        waypoints: [],
        issues: issues.finish(),
        readable: layout !== undefined,
        cells,
        recordCells,
        records: sorted,
      };
    },
  };
}

/**
 * CDR by content: a header naming a cell column with a time column (and a subscriber, duration or
 * direction), or header-less rows `subscriber,YYYY-MM-DD hh:mm:ss,duration,cell[,lon,lat]` on
 * every sampled line. Beats the general table reader (≤ 0.77), which cannot resolve cells.
 */
export function sniffCdr(head: Uint8Array, fileName: string): FormatDetection | null {
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const s = text.trimStart();
  if (s === '' || /^[{[<]/.test(s)) return null;
  const lines = s.split(/\r?\n/, 40).filter((l) => l.trim() !== '');
  // The last line of a head may be cut.
  if (lines.length > 2 && head.length >= 64 * 1024) lines.pop();
  if (lines.length < 2) return null;
  const delim = delimiterOf(lines[0]!);
  const first = lines[0]!.split(delim);
  const h = headerLayout(first);
  const ext = /\.(?:csv|tsv|txt|cdr)$/i.test(fileName) ? 0.02 : 0;
  if (h !== null) {
    const extra = ['subscriber', 'duration', 'direction', 'otherParty'].filter(
      (r) => h[r as Role] !== undefined,
    ).length;
    if (extra === 0) return null;
    return {
      format: 'cdr',
      reason: 'table with a cell id column, a time column and call fields (call detail records)',
      confidence: Math.min(0.9, 0.78 + 0.04 * extra) + ext,
    };
  }
  const rows = lines.map((l) => l.split(delim));
  if (!rows.every((r) => headerlessLayout(r) !== null && r.length === first.length)) return null;
  if (!rows.every((r) => r[2]!.trim() === '' || isNum(r[2]))) return null;
  return {
    format: 'cdr',
    reason: `header-less records subscriber,time,duration,cell${first.length === 6 ? ',lon,lat' : ''} (call detail records)`,
    confidence: 0.82 + ext,
  };
}
