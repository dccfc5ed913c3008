/**
 * Applies a TableMapping to data rows (from CSV/TSV or an XLSX sheet alike): fixes, events and
 * reported stops, every rejected row reported with its line and reason. The mapping is compiled
 * once (column indexes, parsers, units), so each row costs only the parsing of its cells.
 */
import {
  timeBasisCode,
  type FixColumns,
  type ReportedStop,
  type TimeBasis,
  type TimelineEvent,
  type TrackPart,
} from '../../model';
import { RecordIssueList } from '../geojson-issues';
import { parseEpoch, parseUtcOffset, TableDateTimeParser, type DateOrder } from './datetime';
import { emptyEventRow, EventDeriver, type EventOptions } from './vehicle-events';
import type { ColumnRole, TableColumn, TableMapping } from './mapping';
import {
  applyHemisphere,
  isNullToken,
  parseBoolean,
  parseCoordinate,
  parseDuration,
  parseE7,
  parseLatLon,
  parseNumber,
  parseNumberIn,
  parseQuantity,
  parseWktPoint,
  type Axis,
  type Quantity,
} from './values';
import { ZoneResolver } from './zone';
import { RowCells, TextCellCache, type CellDecoder } from './cells';
import { FixColumnsBuilder } from '../columns';
import { parseDecimalBytes } from '../../xml/numbers';

const BASIS_CODE: Record<TimeBasis, number> = {
  none: timeBasisCode('none'),
  utc: timeBasisCode('utc'),
  offset: timeBasisCode('offset'),
  'zone-assumed': timeBasisCode('zone-assumed'),
  'naive-as-utc': timeBasisCode('naive-as-utc'),
};

const DAY = 86_400_000;

export interface RowProcessorOptions extends EventOptions {
  fileName: string;
  /** The examiner's zone for naive times; wins over the mapping's. */
  naiveZone?: string;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isUtcZone(zone: string): boolean {
  return /^(utc|etc\/utc|etc\/gmt|gmt|z|etc\/zulu|zulu|etc\/universal|universal)$/i.test(zone);
}

interface TimeValue {
  t: number;
  basis: TimeBasis;
}

/** Column indexes of the roles read on every position row; -1 where the mapping has none. */
interface HotColumns {
  lat: number;
  lon: number;
  datetime: number;
  device: number;
  altitude: number;
  speed: number;
  heading: number;
  accuracy: number;
  ignition: number;
  engine: number;
  door: number;
  fuel: number;
  odometer: number;
  driver: number;
  status: number;
}

function textValue(raw: string): string | undefined {
  const v = raw.trim();
  return isNullToken(v) ? undefined : v;
}

export class TableRowProcessor {
  readonly issues: RecordIssueList;
  rowsSeen = 0;
  rowsRejected = 0;
  rowsFiltered = 0;
  naiveTimes = 0;
  zoneProblems = 0;

  private readonly col = new Map<ColumnRole, TableColumn>();
  private readonly at: HotColumns;
  private readonly builders = new Map<string, FixColumnsBuilder>();
  private readonly deviceOrder: string[] = [];
  private readonly stops: ReportedStop[] = [];
  private readonly events: EventDeriver;
  private readonly hasEvents: boolean;
  private readonly dec: boolean;
  private readonly zone: ZoneResolver | undefined;
  private readonly zoneIsUtc: boolean;
  private readonly parsers = new Map<number, TableDateTimeParser>();
  private readonly evRow = emptyEventRow();
  private readonly units: Record<string, string>;
  /** Factor from each quantity column's unit to the base unit, for plain numbers. */
  private readonly factor: { altitude: number; speed: number; heading: number; accuracy: number };
  private readonly filter: { index: number; values: Set<string> } | undefined;
  private readonly cells = new RowCells();
  private readonly deviceText = new TextCellCache(textValue);
  private readonly driverText = new TextCellCache(textValue);
  private readonly statusText = new TextCellCache(textValue);
  private lastDevice: string | undefined;
  private lastBuilder: FixColumnsBuilder | undefined;
  private firstNaive: number | undefined;

  constructor(
    readonly mapping: TableMapping,
    opts: RowProcessorOptions,
  ) {
    this.issues = new RecordIssueList(opts.fileName);
    for (const c of mapping.columns)
      if (c.role !== 'ignore' && !this.col.has(c.role)) this.col.set(c.role, c);
    const index = (role: ColumnRole): number => this.col.get(role)?.index ?? -1;
    this.at = {
      lat: index('lat'),
      lon: index('lon'),
      datetime: index('datetime'),
      device: index('device'),
      altitude: index('altitude'),
      speed: index('speed'),
      heading: index('heading'),
      accuracy: index('accuracy'),
      ignition: index('ignition'),
      engine: index('engine'),
      door: index('door'),
      fuel: index('fuel-level'),
      odometer: index('odometer'),
      driver: index('driver'),
      status: index('status'),
    };
    this.dec = mapping.dialect.decimalComma;
    const zone = opts.naiveZone ?? mapping.timeZone;
    this.zoneIsUtc = zone !== undefined && isUtcZone(zone);
    this.zone = zone !== undefined && !this.zoneIsUtc ? new ZoneResolver(zone) : undefined;
    const u = mapping.units ?? {};
    this.units = {
      speed: this.col.get('speed')?.format ?? u.speed ?? 'km/h',
      altitude: this.col.get('altitude')?.format ?? u.altitude ?? 'm',
      accuracy: this.col.get('accuracy')?.format ?? u.accuracy ?? 'm',
      duration: this.col.get('duration')?.format ?? u.duration ?? 'min',
      fuel: this.col.get('fuel-level')?.format ?? u.fuel ?? '%',
      odometer: this.col.get('odometer')?.format ?? u.odometer ?? 'km',
    };
    this.factor = {
      altitude: parseQuantity('1', 'length', this.units.altitude!),
      speed: parseQuantity('1', 'speed', this.units.speed!),
      heading: parseQuantity('1', 'angle', 'deg'),
      accuracy: parseQuantity('1', 'length', this.units.accuracy!),
    };
    this.events = new EventDeriver(
      this.col.get('status')?.codes,
      this.units.fuel!,
      this.units.odometer!,
      opts,
    );
    this.hasEvents = (
      ['ignition', 'engine', 'door', 'fuel-level', 'odometer', 'driver', 'status'] as const
    ).some((r) => this.col.has(r));
    this.filter = mapping.rowFilter
      ? {
          index: mapping.rowFilter.index,
          values: new Set(mapping.rowFilter.values.map((v) => v.trim())),
        }
      : undefined;
  }

  private parser(c: TableColumn): TableDateTimeParser {
    let p = this.parsers.get(c.index);
    if (p === undefined) {
      const f = c.format;
      const order: DateOrder = f === 'DMY' || f === 'MDY' ? f : 'YMD';
      p = new TableDateTimeParser(order);
      this.parsers.set(c.index, p);
    }
    return p;
  }

  private reject(line: number, code: string, reason: string): void {
    this.rowsRejected++;
    this.issues.add('error', code, `Row rejected: ${reason}`, { line });
  }

  /** Places a wall time per the row's offset, the value's offset or the zone. */
  private place(wall: number, statedOffset: number, cells: RowCells, line: number): TimeValue {
    if (!Number.isNaN(statedOffset))
      return { t: wall - statedOffset * 60_000, basis: statedOffset === 0 ? 'utc' : 'offset' };
    const oc = this.col.get('utc-offset');
    if (oc !== undefined) {
      const off = parseUtcOffset(cells.text(oc.index));
      if (!Number.isNaN(off))
        return { t: wall - off * 60_000, basis: off === 0 ? 'utc' : 'offset' };
    }
    if (this.zoneIsUtc) return { t: wall, basis: 'utc' };
    if (this.zone !== undefined) {
      const t = this.zone.toUtc(wall);
      if (Number.isNaN(t)) {
        this.zoneProblems++;
        const what = this.zone.lastProblem === 'ambiguous' ? 'ambiguous' : 'non-existent';
        this.issues.add(
          'warning',
          `table.time.${what}`,
          `Local time ${new Date(wall).toISOString().slice(0, 19).replace('T', ' ')} is ${what} in ${this.zone.zone} (daylight-saving change); kept without a time, not guessed`,
          { line },
        );
        return { t: NaN, basis: 'none' };
      }
      return { t, basis: 'zone-assumed' };
    }
    this.naiveTimes++;
    this.firstNaive ??= line;
    return { t: wall, basis: 'naive-as-utc' };
  }

  /** The row's instant from datetime / date+time / epoch columns; null with the row rejected. */
  private rowTime(cells: RowCells, line: number): TimeValue | null {
    const dt = this.col.get('datetime');
    if (dt !== undefined) return this.cellTime(dt, cells, line, 'time');
    const es = this.col.get('epoch-s') ?? this.col.get('epoch-ms');
    if (es !== undefined) {
      const raw = cells.text(es.index);
      const t = parseEpoch(raw, es.role === 'epoch-s' ? 's' : 'ms');
      if (Number.isNaN(t)) {
        this.reject(line, 'table.row.time', `epoch time "${clip(raw)}" is not a number`);
        return null;
      }
      return { t, basis: 'utc' };
    }
    const dc = this.col.get('date');
    const tc = this.col.get('time');
    if (dc !== undefined && tc !== undefined) {
      const draw = cells.text(dc.index);
      const traw = cells.text(tc.index);
      const p = this.parser(dc);
      const day = p.parseDate(draw);
      if (Number.isNaN(day)) {
        this.reject(
          line,
          'table.row.time',
          `date "${clip(draw)}" is not a date (${dc.format ?? 'YMD'})`,
        );
        return null;
      }
      const ms = p.parseTime(traw);
      if (Number.isNaN(ms)) {
        this.reject(line, 'table.row.time', `time "${clip(traw)}" is not a time of day`);
        return null;
      }
      return this.place(day + ms, p.offsetMinutes, cells, line);
    }
    return { t: NaN, basis: 'none' };
  }

  /** A datetime cell (or a time cell on the row's date column). */
  private cellTime(c: TableColumn, cells: RowCells, line: number, what: string): TimeValue | null {
    const p = this.parser(c);
    cells.at(c.index);
    let wall = cells.bytes
      ? (p.parseDateTimeBytes(cells.b, cells.from, cells.to) ??
        p.parseDateTime(cells.text(c.index)))
      : p.parseDateTimeIn(cells.s, cells.from, cells.to);
    if (Number.isNaN(wall)) {
      const dc = this.col.get('date');
      if (dc !== undefined && dc !== c) {
        const dp = this.parser(dc);
        const day = dp.parseDate(cells.text(dc.index));
        const ms = p.parseTime(cells.text(c.index));
        if (!Number.isNaN(day) && !Number.isNaN(ms)) wall = day + ms;
      }
    }
    if (Number.isNaN(wall)) {
      this.reject(
        line,
        'table.row.time',
        `${what} "${clip(cells.text(c.index))}" is not a date and time (${c.format ?? 'YMD'})`,
      );
      return null;
    }
    return this.place(wall, p.offsetMinutes, cells, line);
  }

  /** A number cell as `parseNumber` reads it; NaN past the last cell. */
  private number(cells: RowCells, index: number): number {
    const fast = cells.plainDecimal(index);
    if (!Number.isNaN(fast)) return fast;
    cells.at(index);
    if (!cells.bytes) return parseNumberIn(cells.s, cells.from, cells.to, this.dec);
    const { b, from, to } = cells;
    if (this.dec) {
      for (let i = from; i < to; i++)
        if (b[i] === 44 /* , */) return parseNumber(cells.text(index), true);
    }
    // Same result as on the decoded text: a non-ASCII byte makes both NaN.
    return parseDecimalBytes(b, from, to);
  }

  /** A decimal-degree cell read in place; the full `parseCoordinate` when it is not a plain number. */
  private coordinate(cells: RowCells, index: number, axis: Axis): number {
    const plain = this.number(cells, index);
    if (Number.isNaN(plain)) return parseCoordinate(cells.text(index), axis, this.dec);
    return Math.abs(plain) <= (axis === 'lat' ? 90 : 180) ? plain : NaN;
  }

  // The position is returned through these fields: no object per row.
  private posLat = NaN;
  private posLon = NaN;
  private posAlt = NaN;

  /** Reads the row's position into posLat/posLon/posAlt; false when there is none (row rejected if required). */
  private position(cells: RowCells, line: number, required: boolean): boolean {
    let lat = NaN;
    let lon = NaN;
    let alt = NaN;
    // Which cells make up the position, for the message when it is rejected.
    let rawA = -1;
    let rawB = -1;
    let single = false;
    let c: TableColumn | undefined;
    if (this.at.lat >= 0) {
      const ai = this.at.lat;
      const bi = this.at.lon;
      lat = this.coordinate(cells, ai, 'lat');
      lon = this.coordinate(cells, bi, 'lon');
      if (
        (Number.isNaN(lat) || Number.isNaN(lon)) &&
        isNullToken(cells.text(ai)) &&
        isNullToken(cells.text(bi))
      ) {
        if (required)
          this.reject(line, 'table.row.no-position', 'no position (latitude and longitude empty)');
        return false;
      }
      const hl = this.col.get('lat-hemisphere');
      const hn = this.col.get('lon-hemisphere');
      if (hl !== undefined) lat = applyHemisphere(lat, cells.text(hl.index), 'lat');
      if (hn !== undefined) lon = applyHemisphere(lon, cells.text(hn.index), 'lon');
      rawA = ai;
      rawB = bi;
    } else if ((c = this.col.get('lat-e7')) !== undefined) {
      const lc = this.col.get('lon-e7');
      const a = cells.text(c.index);
      const b = lc === undefined ? '' : cells.text(lc.index);
      if (isNullToken(a) && isNullToken(b)) {
        if (required)
          this.reject(
            line,
            'table.row.no-position',
            'no position (E7 latitude and longitude empty)',
          );
        return false;
      }
      lat = parseE7(a, 'lat');
      lon = parseE7(b, 'lon');
      rawA = c.index;
      rawB = lc === undefined ? -1 : lc.index;
    } else if ((c = this.col.get('wkt-point') ?? this.col.get('latlon')) !== undefined) {
      const text = cells.text(c.index);
      rawA = c.index;
      single = true;
      if (isNullToken(text)) {
        if (required) this.reject(line, 'table.row.no-position', 'no position (empty)');
        return false;
      }
      const p =
        c.role === 'wkt-point' ? parseWktPoint(text) : (parseLatLon(text) ?? parseWktPoint(text));
      if (p) {
        lat = p.lat;
        lon = p.lon;
        if (p.alt !== undefined) alt = p.alt;
      }
    } else {
      return false;
    }
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      this.reject(
        line,
        'table.row.position',
        `position "${clip(single ? cells.text(rawA) : `${cells.text(rawA)} / ${cells.text(rawB)}`)}" is not a valid latitude/longitude`,
      );
      return false;
    }
    this.posLat = lat;
    this.posLon = lon;
    this.posAlt = alt;
    return true;
  }

  /** A quantity cell in the base unit: a plain number times the column's factor, else parsed with its unit. */
  private quantity(
    cells: RowCells,
    index: number,
    factor: number,
    q: Quantity,
    unit: string,
  ): number {
    if (index < 0) return NaN;
    const plain = this.number(cells, index);
    if (!Number.isNaN(plain)) return plain * factor;
    const raw = cells.text(index);
    if (isNullToken(raw)) return NaN;
    return parseQuantity(raw, q, unit, this.dec);
  }

  /** A number in the column's own unit (a unit written after it is dropped). */
  private plainNumber(cells: RowCells, index: number): number {
    if (index < 0) return NaN;
    const plain = this.number(cells, index);
    if (!Number.isNaN(plain)) return plain;
    const raw = cells.text(index);
    if (isNullToken(raw)) return plain;
    return parseNumber(raw.replace(/\s*[A-Za-z%]+$/, ''), this.dec);
  }

  private text(cells: RowCells, role: ColumnRole): string | undefined {
    const c = this.col.get(role);
    if (c === undefined) return undefined;
    return textValue(cells.text(c.index));
  }

  private bool(cells: RowCells, index: number, role: ColumnRole, line: number): boolean | null {
    if (index < 0) return null;
    cells.at(index);
    if (cells.to - cells.from === 1) {
      // `0` and `1`, nearly every tracker's way of writing a state, read without a string.
      const c = cells.bytes ? cells.b[cells.from]! : cells.s.charCodeAt(cells.from);
      if (c === 48) return false;
      if (c === 49) return true;
    }
    const raw = cells.text(index);
    if (isNullToken(raw)) return null;
    const b = parseBoolean(raw);
    if (b === null)
      this.issues.add(
        'warning',
        `table.value.${role}`,
        `${role} value "${clip(raw)}" is not on/off; ignored`,
        { line },
      );
    return b;
  }

  /** One data row (header and skipped rows already removed). */
  row(fields: readonly string[], line: number): void {
    this.rowCells(this.cells.setFields(fields), line);
  }

  /** One data row, bytes `[start, end)` of an ASCII-compatible line, read without decoding it. */
  rowInBytes(
    bytes: Uint8Array,
    start: number,
    end: number,
    delimByte: number,
    decoder: CellDecoder,
    line: number,
  ): void {
    this.rowCells(this.cells.setBytes(bytes, start, end, delimByte, decoder), line);
  }

  /** One data row, `text.slice(start, end)` split on `delimCode`, read without splitting it. */
  rowInLine(text: string, start: number, end: number, delimCode: number, line: number): void {
    this.rowCells(this.cells.setLine(text, start, end, delimCode), line);
  }

  private rowCells(cells: RowCells, line: number): void {
    if (cells.isBlankLine()) return;
    this.rowsSeen++;
    if (
      this.filter !== undefined &&
      !this.filter.values.has(cells.text(this.filter.index).trim())
    ) {
      this.rowsFiltered++;
      return;
    }
    if (this.mapping.kind === 'stops-report') this.stopRow(cells, line);
    else this.positionRow(cells, line);
  }

  private builderFor(device: string): FixColumnsBuilder {
    if (device === this.lastDevice) return this.lastBuilder!;
    let b = this.builders.get(device);
    if (b === undefined) {
      b = new FixColumnsBuilder(this.builders.size === 0 ? 4096 : 256);
      this.builders.set(device, b);
      this.deviceOrder.push(device);
    }
    this.lastDevice = device;
    this.lastBuilder = b;
    return b;
  }

  private positionRow(cells: RowCells, line: number): void {
    if (!this.position(cells, line, true)) return;
    const lat = this.posLat;
    const lon = this.posLon;
    const time = this.rowTime(cells, line);
    if (time === null) return;
    const at = this.at;
    const device = (at.device >= 0 ? this.deviceText.read(cells, at.device) : undefined) ?? '';
    const b = this.builderFor(device);
    const i = b.push(time.t, lat, lon, BASIS_CODE[time.basis]);
    const u = this.units;
    const f = this.factor;
    let alt = this.quantity(cells, at.altitude, f.altitude, 'length', u.altitude!);
    if (Number.isNaN(alt)) alt = this.posAlt;
    b.set('ele', i, alt);
    const speed = this.quantity(cells, at.speed, f.speed, 'speed', u.speed!);
    if (speed < 0)
      this.issues.add('warning', 'table.value.speed', `negative speed ${speed} m/s ignored`, {
        line,
      });
    else b.set('speedMps', i, speed);
    const heading = this.quantity(cells, at.heading, f.heading, 'angle', 'deg');
    if (heading >= 0 && heading <= 360) b.set('headingDeg', i, heading % 360);
    const acc = this.quantity(cells, at.accuracy, f.accuracy, 'length', u.accuracy!);
    if (acc >= 0) b.set('accuracyM', i, acc);
    if (this.hasEvents) {
      const r = this.evRow;
      r.t = time.t;
      r.basis = time.basis;
      r.lat = lat;
      r.lon = lon;
      r.line = line;
      r.speedMps = speed;
      r.ignition = this.bool(cells, at.ignition, 'ignition', line);
      r.engine = this.bool(cells, at.engine, 'engine', line);
      r.door = this.bool(cells, at.door, 'door', line);
      r.fuel = this.plainNumber(cells, at.fuel);
      r.odometer = this.plainNumber(cells, at.odometer);
      r.driver = at.driver >= 0 ? this.driverText.read(cells, at.driver) : undefined;
      r.status = at.status >= 0 ? this.statusText.read(cells, at.status) : undefined;
      this.events.row(device, r);
    }
  }

  private stopRow(cells: RowCells, line: number): void {
    const ac = this.col.get('arrival') ?? this.col.get('datetime');
    const dc = this.col.get('departure');
    const uc = this.col.get('duration');
    let start: TimeValue | null = { t: NaN, basis: 'none' };
    let end: TimeValue | null = { t: NaN, basis: 'none' };
    if (ac !== undefined && !isNullToken(cells.text(ac.index))) {
      start = this.cellTime(ac, cells, line, 'arrival');
      if (start === null) return;
    }
    if (dc !== undefined && !isNullToken(cells.text(dc.index))) {
      end = this.cellTime(dc, cells, line, 'departure');
      if (end === null) return;
    }
    let stated = NaN;
    if (uc !== undefined && !isNullToken(cells.text(uc.index))) {
      const raw = cells.text(uc.index);
      stated = parseDuration(raw, this.units.duration);
      if (Number.isNaN(stated))
        this.issues.add(
          'warning',
          'table.value.duration',
          `duration "${clip(raw)}" is unreadable; ignored`,
          { line },
        );
    }
    if (Number.isNaN(start.t) && Number.isNaN(end.t)) {
      this.reject(line, 'table.row.time', 'stop without arrival or departure time');
      return;
    }
    // A departure written as a time of day only may fall after midnight.
    if (
      !Number.isNaN(start.t) &&
      !Number.isNaN(end.t) &&
      end.t < start.t &&
      start.t - end.t < DAY &&
      dc !== undefined
    ) {
      if (Number.isNaN(this.parser(dc).parseDateTime(cells.text(dc.index))))
        end = { ...end, t: end.t + DAY };
      else
        this.issues.add(
          'warning',
          'table.stop.backwards',
          'departure is before arrival; kept as written',
          { line },
        );
    }
    if (Number.isNaN(end.t) && !Number.isNaN(stated))
      end = { t: start.t + stated, basis: start.basis };
    if (Number.isNaN(start.t) && !Number.isNaN(stated))
      start = { t: end.t - stated, basis: end.basis };
    const stop: ReportedStop = {
      start: start.t,
      end: end.t,
      timeBasis: start.basis !== 'none' ? start.basis : end.basis,
      line,
    };
    if (this.position(cells, line, false)) {
      stop.lat = this.posLat;
      stop.lon = this.posLon;
    }
    const name = this.text(cells, 'name');
    const address = this.text(cells, 'address');
    if (name !== undefined) stop.name = name;
    if (address !== undefined) stop.address = address;
    if (!Number.isNaN(stated)) stop.statedDurationMs = stated;
    this.stops.push(stop);
  }

  finish(): {
    fixes: FixColumns;
    fixTimeBasis: Uint8Array;
    parts: TrackPart[];
    events: TimelineEvent[];
    reportedStops: ReportedStop[];
    devices: string[];
  } {
    const devices = this.deviceOrder;
    let fixes: FixColumns;
    let fixTimeBasis: Uint8Array;
    const parts: TrackPart[] = [];
    if (devices.length <= 1) {
      const built = (this.builders.get(devices[0] ?? '') ?? new FixColumnsBuilder(16)).build();
      fixes = built.fixes;
      fixTimeBasis = built.fixTimeBasis;
      if (fixes.count > 0) {
        const part: TrackPart = { kind: 'track', segments: [{ start: 0, end: fixes.count }] };
        if (devices[0]) part.name = devices[0];
        parts.push(part);
      }
    } else {
      const built = devices.map((d) => this.builders.get(d)!.build());
      const total = built.reduce((n, b) => n + b.fixes.count, 0);
      const cat = (
        pick: (f: FixColumns) => Float64Array | undefined,
        any: boolean,
      ): Float64Array | undefined => {
        if (!any) return undefined;
        const out = new Float64Array(total).fill(NaN);
        let o = 0;
        for (const b of built) {
          const col = pick(b.fixes);
          if (col) out.set(col, o);
          o += b.fixes.count;
        }
        return out;
      };
      fixes = {
        count: total,
        t: cat((f) => f.t, true)!,
        lat: cat((f) => f.lat, true)!,
        lon: cat((f) => f.lon, true)!,
      };
      const ele = cat(
        (f) => f.ele,
        built.some((b) => b.fixes.ele),
      );
      const acc = cat(
        (f) => f.accuracyM,
        built.some((b) => b.fixes.accuracyM),
      );
      const spd = cat(
        (f) => f.speedMps,
        built.some((b) => b.fixes.speedMps),
      );
      const hdg = cat(
        (f) => f.headingDeg,
        built.some((b) => b.fixes.headingDeg),
      );
      if (ele) fixes.ele = ele;
      if (acc) fixes.accuracyM = acc;
      if (spd) fixes.speedMps = spd;
      if (hdg) fixes.headingDeg = hdg;
      fixTimeBasis = new Uint8Array(total);
      let o = 0;
      built.forEach((b, k) => {
        fixTimeBasis.set(b.fixTimeBasis, o);
        parts.push({
          kind: 'track',
          name: devices[k]!,
          segments: [{ start: o, end: o + b.fixes.count }],
        });
        o += b.fixes.count;
      });
    }
    if (this.naiveTimes > 0) {
      this.issues.add(
        'warning',
        'table.time.naive',
        `${this.naiveTimes} time(s) have no zone or offset and no time zone was chosen: read as UTC (basis naive-as-utc). Choose the zone the device or portal wrote them in.`,
        { line: this.firstNaive! },
      );
    }
    if (this.rowsFiltered > 0) {
      this.issues.add(
        'info',
        'table.rows.filtered',
        `${this.rowsFiltered} row(s) skipped by the mapping's row filter (column ${this.mapping.rowFilter!.index + 1} not one of ${this.mapping.rowFilter!.values.join(', ')})`,
      );
    }
    if (this.rowsRejected > 0) {
      this.issues.add(
        'warning',
        'table.rows.rejected',
        `${this.rowsRejected} of ${this.rowsSeen} data row(s) rejected (each listed above, up to the cap); the other rows were kept`,
      );
    }
    return {
      fixes,
      fixTimeBasis,
      parts,
      events: this.hasEvents ? this.events.finish() : [],
      reportedStops: this.stops,
      devices,
    };
  }
}
