/**
 * Streaming GeoJSON reader: FeatureCollections, single Features, bare geometries, line-delimited
 * GeoJSON (one Feature per line, RFC 8142 sequences), the Overland batch shape
 * (`{"locations":[Feature…]}`) and GPSLogger's GeoJSON. Records come from `json-stream.ts`, one
 * Feature at a time, so a multi-GB FeatureCollection never becomes one string.
 *
 * Mapping:
 * - Point with a time property (`TIME_KEYS`, ISO or epoch — see `geojson-time.ts`) → a fix.
 *   Consecutive timed Points form one segment of a "Points" track part; a LineString between them,
 *   or a change of Overland's `track_id`, starts a new segment.
 * - Point without a usable time → a waypoint (name from `name`/`title`), with an info issue.
 * - LineString / MultiLineString / MultiPoint → a track part (one segment per line), per-point
 *   times from `coordTimes`, `times` or togeojson's `coordinateProperties.times`; without them
 *   the fixes have no time (basis `none`) and an info issue says so.
 * - Polygons are areas, not positions: skipped with an info issue. GeometryCollections are read
 *   member by member. Features without geometry (Overland's app events) are counted in an info issue.
 * - Properties kept: accuracy (`accuracy`, `horizontal_accuracy`, `hAcc`, `acc`), speed in m/s
 *   (`speed`), heading (`course`, `heading`, `bearing`, `cog`), altitude (third coordinate, else
 *   `altitude`/`ele`/`elevation`/`alt`). Negative values are iOS's "invalid" marker and dropped;
 *   Overland's altitude is dropped when its `vertical_accuracy` is negative.
 *
 * Decisions on bad rows:
 * - missing, non-numeric or out-of-range coordinates: that position is rejected, each one
 *   reported with its record index (and line);
 * - a naive ISO time (no zone): read as UTC, basis `naive-as-utc`, one warning per file. When the
 *   examiner chose a zone (`opts.naiveZone`) the reader still returns `naive-as-utc` and says so:
 *   placing naive times in a zone is left to time resolution, which handles DST gaps and folds;
 * - an unreadable time: a Point becomes a waypoint, a line position keeps t = NaN; one warning;
 * - invalid JSON in a record: that record is skipped and reported, reading goes on.
 */
import { timeBasisCode, type TimeBasis, type TrackPart, type Waypoint } from '../model';
import { FixColumnsBuilder } from './columns';
import { describeRecordLine, IssueList, Tally, type IssueLocation } from './issues';
import {
  COORD_TIME_KEYS,
  readTimeValue,
  TIME_KEYS,
  type EpochUnit,
  type PropertyTime,
} from './geojson-time';
import {
  JsonRecordSplitter,
  type JsonEnvelope,
  type JsonRecord,
  type JsonSplitError,
} from './json-stream';
import type { FormatDetection, FormatReader, ReaderOptions, ReaderResult } from './reader';

type Json = Record<string, unknown>;

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

const ACCURACY_KEYS = ['accuracy', 'horizontal_accuracy', 'horizontalAccuracy', 'hAcc', 'acc'];
const SPEED_KEYS = ['speed'];
const HEADING_KEYS = ['course', 'heading', 'bearing', 'cog'];
const ALTITUDE_KEYS = ['altitude', 'ele', 'elevation', 'alt'];
const NAME_KEYS = ['name', 'title', 'label'];
const DESCRIPTION_KEYS = ['description', 'desc', 'comment', 'address'];

const BASIS: Record<TimeBasis, number> = {
  none: timeBasisCode('none'),
  utc: timeBasisCode('utc'),
  offset: timeBasisCode('offset'),
  'zone-assumed': timeBasisCode('zone-assumed'),
  'naive-as-utc': timeBasisCode('naive-as-utc'),
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number, or a numeric string; NaN otherwise. */
function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

function firstNumber(props: Json, keys: readonly string[]): number {
  for (const k of keys) {
    const v = num(props[k]);
    if (!Number.isNaN(v)) return v;
  }
  return NaN;
}

function firstString(props: Json, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

function clip(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

interface Position {
  lat: number;
  lon: number;
  ele: number;
}

class GeoJsonBuilder {
  readonly issues: IssueList;
  readonly fixes = new FixColumnsBuilder(1024);
  readonly parts: TrackPart[] = [];
  readonly waypoints: Waypoint[] = [];

  geoJsonRecords = 0;
  otherRecords = 0;
  overland = false;
  gpsLogger = false;
  device: string | undefined;
  sawCollection = false;
  sawFeature = false;
  sawGeometry = false;

  private pointsPart: TrackPart | null = null;
  private pointSegStart = -1;
  private pointTrackId: string | undefined;

  // Per-file tallies.
  readonly naiveTimes = new Tally();
  readonly badTimes = new Tally();
  readonly untimedPoints = new Tally();
  readonly untimedLines = new Tally();
  readonly noGeometry = new Tally();
  readonly areas = new Tally();
  readonly notFeatures = new Tally();
  readonly timesMismatch = new Tally();
  readonly epochUnits = new Map<EpochUnit, number>();

  constructor(
    readonly fileName: string,
    private readonly opts: ReaderOptions,
  ) {
    this.issues = new IssueList(fileName);
  }

  record(value: unknown, loc: IssueLocation, path: string): void {
    if (!isObject(value)) {
      this.otherRecords++;
      this.notFeatures.hit(loc, clip(value));
      return;
    }
    if (path === 'locations') this.overland = true;
    const type = value['type'];
    if (type === 'Feature') {
      this.geoJsonRecords++;
      this.sawFeature = true;
      const props = isObject(value['properties']) ? value['properties'] : {};
      this.feature(value['geometry'], props, loc);
      return;
    }
    if (type === 'FeatureCollection') {
      // A collection nested in a top-level array or a line of a sequence: read its members.
      this.geoJsonRecords++;
      this.sawCollection = true;
      const features = value['features'];
      if (Array.isArray(features)) for (const f of features) this.record(f, loc, path);
      return;
    }
    if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
      this.geoJsonRecords++;
      this.sawGeometry = true;
      this.feature(value, {}, loc);
      return;
    }
    this.otherRecords++;
    this.notFeatures.hit(
      loc,
      clip(type === undefined ? Object.keys(value).slice(0, 4).join(',') : type),
    );
  }

  envelope(e: JsonEnvelope): void {
    if (e.value['type'] === 'FeatureCollection') this.sawCollection = true;
  }

  private feature(geometry: unknown, props: Json, loc: IssueLocation): void {
    if (this.device === undefined) {
      const d = props['device_id'];
      if (typeof d === 'string' && d.trim() !== '') this.device = d.trim();
    }
    if (!this.gpsLogger && 'time_long' in props && 'provider' in props) this.gpsLogger = true;
    if (geometry === null || geometry === undefined) {
      const what = firstString(props, ['action', 'name', 'type']) ?? 'feature';
      this.noGeometry.hit(loc, what);
      return;
    }
    if (!isObject(geometry)) {
      this.rejectFeature(loc, `geometry is ${clip(geometry)}, not an object`);
      return;
    }
    const coords = geometry['coordinates'];
    switch (geometry['type']) {
      case 'Point':
        return this.point(coords, props, loc);
      case 'LineString':
      case 'MultiPoint':
        return this.lines([coords], [this.coordTimes(props)], props, loc, geometry['type']);
      case 'MultiLineString': {
        const times = this.coordTimes(props);
        if (!Array.isArray(coords))
          return this.rejectFeature(loc, 'MultiLineString coordinates are not an array');
        return this.lines(
          coords,
          coords.map((_, k) =>
            Array.isArray(times) ? (Array.isArray(times[k]) ? times[k] : undefined) : undefined,
          ),
          props,
          loc,
          'MultiLineString',
        );
      }
      case 'Polygon':
      case 'MultiPolygon':
        this.areas.hit(loc, String(geometry['type']));
        return;
      case 'GeometryCollection': {
        const members = geometry['geometries'];
        if (!Array.isArray(members))
          return this.rejectFeature(loc, 'GeometryCollection without "geometries"');
        for (const g of members) this.feature(g, props, loc);
        return;
      }
      default:
        this.rejectFeature(loc, `unknown geometry type ${clip(geometry['type'])}`);
    }
  }

  private rejectFeature(loc: IssueLocation, why: string): void {
    this.issues.add(
      'warning',
      'geojson.geometry.invalid',
      `Feature at ${describeRecordLine(loc)}: ${why}; skipped`,
      loc,
    );
  }

  /** Per-coordinate times: an array (of arrays for MultiLineString), or undefined. */
  private coordTimes(props: Json): unknown[] | undefined {
    for (const k of COORD_TIME_KEYS) {
      const v = props[k];
      if (Array.isArray(v)) return v;
    }
    const cp = props['coordinateProperties'];
    if (isObject(cp)) {
      for (const k of COORD_TIME_KEYS) {
        const v = cp[k];
        if (Array.isArray(v)) return v;
      }
    }
    return undefined;
  }

  /** Reads `[lon, lat, ele?]`; reports and returns null when unusable. */
  private position(c: unknown, loc: IssueLocation, where: string): Position | null {
    if (!Array.isArray(c) || c.length < 2) {
      this.issues.add(
        'warning',
        'geojson.coordinate.invalid',
        `${where} at ${describeRecordLine(loc)} has no [longitude, latitude] pair (${clip(c)}): position rejected`,
        loc,
      );
      return null;
    }
    const lon = num(c[0]);
    const lat = num(c[1]);
    if (Number.isNaN(lon) || Number.isNaN(lat)) {
      this.issues.add(
        'warning',
        'geojson.coordinate.invalid',
        `${where} at ${describeRecordLine(loc)} has non-numeric coordinates ${clip(c)}: position rejected`,
        loc,
      );
      return null;
    }
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      this.issues.add(
        'warning',
        'geojson.coordinate.out-of-range',
        `${where} at ${describeRecordLine(loc)} is out of range (lat ${lat}, lon ${lon}): position rejected`,
        loc,
      );
      return null;
    }
    return { lat, lon, ele: c.length > 2 ? num(c[2]) : NaN };
  }

  private readTime(v: unknown, loc: IssueLocation): PropertyTime | null {
    if (v === undefined || v === null || v === '') return null;
    const pt = readTimeValue(v);
    if (pt === null) {
      this.badTimes.hit(loc, clip(v));
      return null;
    }
    if (pt.basis === 'naive-as-utc') this.naiveTimes.hit(loc, clip(v));
    if (pt.epochUnit !== undefined)
      this.epochUnits.set(pt.epochUnit, (this.epochUnits.get(pt.epochUnit) ?? 0) + 1);
    return pt;
  }

  private point(coords: unknown, props: Json, loc: IssueLocation): void {
    const p = this.position(coords, loc, 'Point');
    if (p === null) return;
    let raw: unknown;
    for (const k of TIME_KEYS) {
      if (props[k] !== undefined && props[k] !== null && props[k] !== '') {
        raw = props[k];
        break;
      }
    }
    const time = this.readTime(raw, loc);
    if (time === null) {
      if (raw === undefined) this.untimedPoints.hit(loc);
      const w: Waypoint = { lat: p.lat, lon: p.lon, t: NaN, timeBasis: 'none' };
      const ele = Number.isNaN(p.ele) ? firstNumber(props, ALTITUDE_KEYS) : p.ele;
      if (!Number.isNaN(ele)) w.ele = ele;
      const name = firstString(props, NAME_KEYS);
      if (name !== undefined) w.name = name;
      const desc = firstString(props, DESCRIPTION_KEYS);
      if (desc !== undefined) w.description = desc;
      if (loc.line !== undefined) w.line = loc.line;
      this.waypoints.push(w);
      return;
    }
    const trackId = typeof props['track_id'] === 'string' ? props['track_id'] : undefined;
    if (this.pointSegStart >= 0 && trackId !== this.pointTrackId) this.closePointSegment();
    if (this.pointSegStart < 0) {
      if (this.pointsPart === null) {
        this.pointsPart = { kind: 'track', name: 'Points', segments: [] };
        this.parts.push(this.pointsPart);
      }
      this.pointSegStart = this.fixes.count;
      this.pointTrackId = trackId;
    }
    const i = this.fixes.push(time.t, p.lat, p.lon, BASIS[time.basis]);
    this.setOptional(i, props, p.ele);
  }

  private setOptional(i: number, props: Json, coordEle: number): void {
    const f = this.fixes;
    let ele = coordEle;
    if (Number.isNaN(ele)) {
      ele = firstNumber(props, ALTITUDE_KEYS);
      // Overland/iOS: a negative vertical accuracy means the altitude is not valid.
      if (num(props['vertical_accuracy']) < 0) ele = NaN;
    }
    f.set('ele', i, ele);
    const acc = firstNumber(props, ACCURACY_KEYS);
    if (acc >= 0) f.set('accuracyM', i, acc);
    const speed = firstNumber(props, SPEED_KEYS);
    if (speed >= 0) f.set('speedMps', i, speed);
    const heading = firstNumber(props, HEADING_KEYS);
    if (heading >= 0 && heading <= 360) f.set('headingDeg', i, heading);
  }

  closePointSegment(): void {
    if (
      this.pointSegStart >= 0 &&
      this.pointsPart !== null &&
      this.fixes.count > this.pointSegStart
    ) {
      this.pointsPart.segments.push({ start: this.pointSegStart, end: this.fixes.count });
    }
    this.pointSegStart = -1;
  }

  private lines(
    lines: unknown[],
    times: (unknown[] | undefined)[],
    props: Json,
    loc: IssueLocation,
    type: string,
  ): void {
    this.closePointSegment();
    const part: TrackPart = { kind: 'track', segments: [] };
    const name = firstString(props, NAME_KEYS);
    if (name !== undefined) part.name = name;
    let anyTime = false;
    let count = 0;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k];
      if (!Array.isArray(line)) {
        this.rejectFeature(loc, `${type} coordinates are not an array`);
        continue;
      }
      const lineTimes = times[k];
      if (lineTimes !== undefined && lineTimes.length !== line.length) {
        this.timesMismatch.hit(loc, `${line.length} positions, ${lineTimes.length} times`);
      }
      const start = this.fixes.count;
      for (let j = 0; j < line.length; j++) {
        const p = this.position(line[j], loc, `Position ${j} of a ${type}`);
        if (p === null) continue;
        const time = lineTimes === undefined ? null : this.readTime(lineTimes[j], loc);
        if (time !== null) anyTime = true;
        const i = this.fixes.push(time?.t ?? NaN, p.lat, p.lon, BASIS[time?.basis ?? 'none']);
        if (!Number.isNaN(p.ele)) this.fixes.set('ele', i, p.ele);
        count++;
      }
      if (this.fixes.count > start) part.segments.push({ start, end: this.fixes.count });
    }
    if (count === 0) {
      this.issues.add(
        'info',
        'geojson.line.empty',
        `${type} at ${describeRecordLine(loc)} has no valid positions`,
        loc,
      );
      return;
    }
    if (!anyTime) this.untimedLines.hit(loc, type);
    this.parts.push(part);
  }

  summarise(): void {
    const { issues } = this;
    const at = (t: Tally): string => `first at ${describeRecordLine(t.first)}`;
    if (this.naiveTimes.count > 0) {
      const zone = this.opts.naiveZone;
      issues.add(
        'warning',
        'geojson.time.no-zone',
        `${this.naiveTimes.count} time(s) have no time zone (first: ${this.naiveTimes.example}, ${at(this.naiveTimes)}); read as UTC` +
          (zone
            ? ` — the chosen zone ${zone} is applied when times are resolved, not by this reader`
            : " — set the source's zone if they are local times"),
        this.naiveTimes.first,
      );
    }
    if (this.badTimes.count > 0) {
      issues.add(
        'warning',
        'geojson.time.invalid',
        `${this.badTimes.count} time value(s) are not ISO date-times or epoch numbers (first: ${this.badTimes.example}, ${at(this.badTimes)}); Points with them are kept as waypoints, line positions without a time`,
        this.badTimes.first,
      );
    }
    if (this.epochUnits.size > 0) {
      const units = [...this.epochUnits].map(([u, n]) => `${n} as ${UNIT_NAMES[u]}`).join(', ');
      issues.add('info', 'geojson.time.epoch', `Epoch number times read by magnitude: ${units}`);
    }
    if (this.untimedPoints.count > 0) {
      issues.add(
        'info',
        'geojson.point.no-time',
        `${this.untimedPoints.count} Point feature(s) have no time property (${at(this.untimedPoints)}); kept as waypoints`,
        this.untimedPoints.first,
      );
    }
    if (this.untimedLines.count > 0) {
      issues.add(
        'info',
        'geojson.line.no-time',
        `${this.untimedLines.count} line feature(s) have no per-position times (${at(this.untimedLines)}); kept as track parts without times`,
        this.untimedLines.first,
      );
    }
    if (this.timesMismatch.count > 0) {
      issues.add(
        'warning',
        'geojson.times.length-mismatch',
        `${this.timesMismatch.count} line(s) have a different number of times than positions (first: ${this.timesMismatch.example}, ${at(this.timesMismatch)}); times matched by index, positions beyond them have no time`,
        this.timesMismatch.first,
      );
    }
    if (this.noGeometry.count > 0) {
      issues.add(
        'info',
        'geojson.feature.no-geometry',
        `${this.noGeometry.count} feature(s) have no geometry (first: ${this.noGeometry.example}, ${at(this.noGeometry)}); not positions, skipped`,
        this.noGeometry.first,
      );
    }
    if (this.areas.count > 0) {
      issues.add(
        'info',
        'geojson.geometry.area',
        `${this.areas.count} Polygon feature(s) (${at(this.areas)}) are areas, not positions; skipped`,
        this.areas.first,
      );
    }
    if (this.notFeatures.count > 0) {
      issues.add(
        'warning',
        'geojson.record.not-geojson',
        `${this.notFeatures.count} record(s) are not GeoJSON Features or geometries (first: ${this.notFeatures.example}, ${at(this.notFeatures)}); skipped`,
        this.notFeatures.first,
      );
    }
  }
}

const UNIT_NAMES: Record<EpochUnit, string> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
};

function splitErrorIssue(b: GeoJsonBuilder, e: JsonSplitError): void {
  const loc: IssueLocation = { line: e.line, column: e.column, offset: e.offset };
  if (e.index !== undefined) loc.record = e.index;
  const severity =
    e.code === 'json.record.invalid' || e.code === 'json.record.too-large' ? 'warning' : 'error';
  b.issues.add(severity, `geojson.${e.code}`, e.message, loc);
}

export function createGeoJsonReader(opts: ReaderOptions): FormatReader {
  const b = new GeoJsonBuilder(opts.fileName, opts);
  let structuralErrors = 0;
  const splitter = new JsonRecordSplitter(
    {
      record(r: JsonRecord) {
        b.record(r.value, { record: r.index, line: r.line, column: r.column }, r.path);
      },
      envelope(e: JsonEnvelope) {
        b.envelope(e);
      },
      error(e: JsonSplitError) {
        if (e.code !== 'json.record.invalid' && e.code !== 'json.record.too-large')
          structuralErrors++;
        splitErrorIssue(b, e);
      },
    },
    { recordArrayKeys: ['features', 'locations', 'geometries'] },
  );
  let finished: ReaderResult | undefined;
  let crashed: unknown;

  return {
    push(chunk: Uint8Array): void {
      if (finished !== undefined || crashed !== undefined) return;
      try {
        splitter.push(chunk);
      } catch (e) {
        crashed = e;
      }
    },
    finish(): ReaderResult {
      if (finished !== undefined) return finished;
      try {
        if (crashed === undefined) splitter.finish();
      } catch (e) {
        crashed = e;
      }
      if (crashed !== undefined) {
        b.issues.add(
          'error',
          'geojson.internal-error',
          `Internal error while reading the file (${String(crashed).slice(0, 200)}); positions read before it are kept`,
        );
      }
      b.closePointSegment();
      b.summarise();
      const readable = b.geoJsonRecords > 0 || b.sawCollection;
      if (!readable) {
        const why =
          splitter.shape === 'empty'
            ? 'the file is empty'
            : structuralErrors > 0 && splitter.records === 0
              ? 'it is not JSON'
              : 'no GeoJSON Feature, geometry or FeatureCollection found';
        b.issues.add('error', 'geojson.not-geojson', `Not a GeoJSON file: ${why}`);
      } else if (b.fixes.count === 0 && b.waypoints.length === 0) {
        b.issues.add('warning', 'geojson.no-positions', 'The file contains no valid position');
      }
      const { fixes, fixTimeBasis } = b.fixes.build();
      const detail = b.overland
        ? 'Overland batch (GeoJSON)'
        : b.gpsLogger
          ? 'GeoJSON (GPSLogger)'
          : b.sawCollection
            ? 'GeoJSON FeatureCollection'
            : splitter.topLevelValues > 1
              ? 'Line-delimited GeoJSON'
              : b.sawFeature
                ? 'GeoJSON Feature'
                : 'GeoJSON geometry';
      const result: ReaderResult = {
        format: 'geojson',
        formatDetail: splitter.transcodedFrom ? `${detail}, ${splitter.transcodedFrom}` : detail,
        kind: b.overland || b.gpsLogger ? 'phone' : 'track',
        fixes,
        fixTimeBasis,
        parts: b.parts,
        waypoints: b.waypoints,
        issues: b.issues.finish(),
        readable,
      };
      if (b.device !== undefined) result.device = b.device;
      finished = result;
      return result;
    },
  };
}

/** How much of the file's head `sniffGeoJson` looks at. */
export const GEOJSON_SNIFF_BYTES = 4096;

const GEOJSON_TYPE =
  /"type"\s*:\s*"(FeatureCollection|Feature|Point|MultiPoint|LineString|MultiLineString|Polygon|MultiPolygon|GeometryCollection)"/;

/**
 * Recognises GeoJSON by content: a JSON object or array (or a line of one) naming a GeoJSON
 * type, or the Overland `{"locations":[{"type":"Feature"…` shape. Google's `Records.json` also
 * has `locations` but no `"type":"Feature"`, so it is not claimed.
 */
export function sniffGeoJson(head: Uint8Array, fileName: string): FormatDetection | null {
  const text = headText(head);
  // RS (0x1E) starts each record of an RFC 8142 GeoJSON text sequence.
  let from = 0;
  while (from < text.length && (text.charCodeAt(from) <= 0x20 || text.charCodeAt(from) === 0x1e))
    from++;
  const s = text.slice(from);
  if (!s.startsWith('{') && !s.startsWith('[')) return null;
  const ext = /\.(geo)?json[ls]?$/i.test(fileName);
  const m = GEOJSON_TYPE.exec(s);
  if (m === null) return null;
  if (/"locations"\s*:\s*\[/.test(s) && /"type"\s*:\s*"Feature"/.test(s)) {
    return {
      format: 'geojson',
      reason: 'JSON with a "locations" array of GeoJSON Features (Overland)',
      confidence: 0.95,
    };
  }
  const strong = m[1] === 'FeatureCollection' || m[1] === 'Feature' || /"coordinates"\s*:/.test(s);
  return {
    format: 'geojson',
    reason: `JSON naming the GeoJSON type "${m[1]}"${ext ? ' in a .json/.geojson file' : ''}`,
    confidence: strong ? (ext ? 0.95 : 0.9) : 0.6,
  };
}

function headText(head: Uint8Array): string {
  const n = Math.min(head.length, GEOJSON_SNIFF_BYTES);
  let bytes = head.subarray(0, n);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  return new TextDecoder('utf-8').decode(bytes);
}
