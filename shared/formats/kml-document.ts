/**
 * Streaming reader for one KML document (a `.kml` file, or one `.kml` entry of a KMZ), writing
 * into columns it may share with other documents of the same archive.
 *
 * Elements are matched by local name, so any prefix works (`kml:Placemark`, `gx:Track`, and
 * Track/coord written without the gx prefix). What becomes what:
 * - gx:Track: `<when>` and `<gx:coord>` paired by position (times may all come first); a count
 *   mismatch is reported and the surplus ignored. An empty `<gx:coord/>` is a pause marker
 *   (OpenTracks): it consumes its `<when>`, ends the segment, and is counted in one info issue.
 *   gx:MultiTrack: one segment per Track. gx:SimpleArrayData: per-point values; `speed`,
 *   `heading`/`course`/`bearing` and `accuracy` fill model columns, others go to `fixExtras`.
 * - LineString: a segment of untimed fixes (t = NaN, basis `none`).
 * - MultiGeometry: each geometry in it as if alone; all paths of one Placemark form one part.
 * - Point with a TimeStamp or TimeSpan: a fix. A TimeSpan gives its begin (its end when there is
 *   no begin); the end is kept in `placemarkFixes`. Timed points of a document form one part,
 *   appended when the document ends (so paths stay contiguous in the columns).
 * - Point without a time: a waypoint, with name, description and ExtendedData attributes.
 * - Polygon, Model, gx:LatLonQuad: areas and objects, not positions of a moving thing; skipped
 *   and counted.
 * Bad coordinate tuples are rejected one by one, each reported with its line and column. Times
 * without a zone are read as UTC (basis `naive-as-utc`) and flagged. A file that stops early
 * keeps every complete placemark and every complete track point before the cut.
 */
import type { ImportIssue } from '../model';
import { TIME_BASIS_CODES, timeBasisCode } from '../model';
import { formatIsoUtc, IsoTimeParser } from '../time/iso';
import { parseDecimal, parseDecimalBytes } from '../xml/numbers';
import { XmlTokenizer, type XmlError, type XmlHandler, type XmlLocation } from '../xml/tokenizer';
import type { FixColumnsBuilder } from './columns';
import { XmlByteInput } from './decode';
import { describeLineColumn, IssueList, Tally } from './issues';
import { CoordinateScanner, parseSpaceTuple, type CoordinateSink } from './kml-coords';
import {
  COORD_OK,
  COORD_PAUSE,
  COORD_REJECTED,
  TrackBuffer,
  type FixExtrasBuilder,
  type GrowableFloat64,
} from './kml-track';
import type { KmlAttributes, KmlPlacemarkInfo, KmlTrackPart, KmlWaypoint } from './kml-types';

/** Where a document's results go; one per file, shared by the documents of a KMZ. */
export interface KmlCollector {
  fixes: FixColumnsBuilder;
  extras: FixExtrasBuilder;
  parts: KmlTrackPart[];
  waypoints: KmlWaypoint[];
  placemarkFixes: KmlPlacemarkInfo[];
}

export interface KmlDocumentResult {
  /** False when the bytes are not KML at all. */
  readable: boolean;
  formatDetail?: string;
  issues: ImportIssue[];
  /** Fixes and waypoints this document added. */
  fixes: number;
  waypoints: number;
}

const F_NONE = 0;
const F_NAME = 1;
const F_DESC = 2;
const F_STAMP_WHEN = 3;
const F_BEGIN = 4;
const F_END = 5;
const F_TRACK_WHEN = 6;
const F_TRACK_COORD = 7;
const F_DATA_VALUE = 8;
const F_SIMPLE_DATA = 9;
const F_ARRAY_VALUE = 10;
const F_DOC_NAME = 11;

const MODE_POINT = 1;
const MODE_LINE = 2;

const BASIS_NONE = timeBasisCode('none');
const BASIS_CODES = TIME_BASIS_CODES;

const KML_NAMESPACES: Record<string, string> = {
  'http://www.opengis.net/kml/2.2': '2.2',
  'http://earth.google.com/kml/2.2': '2.2',
  'http://earth.google.com/kml/2.1': '2.1',
  'http://earth.google.com/kml/2.0': '2.0',
};

/** Geometries that describe areas or objects rather than where something was. */
const SKIPPED_GEOMETRY = new Set(['Polygon', 'Model', 'LatLonQuad', 'LatLonBox']);

const MAX_ATTRIBUTES = 200;
const MAX_ATTRIBUTE_LENGTH = 4000;

/** SimpleArrayData names that fill a model column (lower-case). */
const ARRAY_COLUMNS: Record<string, 'speedMps' | 'headingDeg' | 'accuracyM'> = {
  speed: 'speedMps',
  heading: 'headingDeg',
  course: 'headingDeg',
  bearing: 'headingDeg',
  accuracy: 'accuracyM',
  accuracy_horizontal: 'accuracyM',
  hacc: 'accuracyM',
};

function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

interface TimedPoint {
  lon: number;
  lat: number;
  alt: number;
  t: number;
  basis: number;
  info: KmlPlacemarkInfo;
}

class KmlHandler implements XmlHandler, CoordinateSink {
  readonly tok: XmlTokenizer;
  readonly issues: IssueList;
  readonly time = new IsoTimeParser();
  private readonly scanner = new CoordinateScanner(this);
  private readonly coordOut = new Float64Array(3);
  private readonly track = new TrackBuffer();
  private readonly encoder = new TextEncoder();

  rootSeen = false;
  notKml = false;
  malformed = false;
  formatDetail: string | undefined;
  private docDepth = -1;
  private docName: string | undefined;

  // The Placemark being read.
  private pmDepth = -1;
  private pmName: string | undefined;
  private pmDesc: string | undefined;
  private pmT = NaN;
  private pmBasis = BASIS_NONE;
  private pmEndT = NaN;
  private pmEndBasis = BASIS_NONE;
  private pmAttrs: KmlAttributes | undefined;
  private pmPoints: number[] = [];
  private pmPart: KmlTrackPart | null = null;
  private pmGeometry = false;
  private pmLine = 0;

  // Open elements of interest, by depth (-1 when not open).
  private timeDepth = -1;
  private pointDepth = -1;
  private pointTuples = 0;
  private lineDepth = -1;
  private lineLoc: XmlLocation | undefined;
  private trackDepth = -1;
  private skipDepth = -1;
  private extDepth = -1;
  private dataDepth = -1;
  private dataName: string | undefined;
  private arrayDepth = -1;
  private array: GrowableFloat64 | undefined;
  private coordsDepth = -1;
  private coordsMode = 0;
  private segStart = -1;

  // Character data capture, as in the GPX reader: one piece stays a byte range.
  private field = F_NONE;
  private fieldDepth = -1;
  private chars = '';
  private rangeBuf: Uint8Array | null = null;
  private rangeStart = 0;
  private rangeEnd = 0;

  private readonly timedPoints: TimedPoint[] = [];
  private readonly startFixes: number;
  private readonly startWaypoints: number;
  timedFixes = 0;
  untimedFixes = 0;

  readonly naiveTimes = new Tally<XmlLocation>();
  readonly badTimes = new Tally<XmlLocation>();
  readonly backwards = new Tally<XmlLocation>();
  readonly pauses = new Tally<XmlLocation>();
  readonly skipped = new Tally<XmlLocation>();
  readonly noGeometry = new Tally<XmlLocation>();
  readonly badValues = new Tally<XmlLocation>();
  readonly outsidePlacemark = new Tally<XmlLocation>();
  readonly unprefixedTracks = new Tally<XmlLocation>();
  private skippedKinds = new Set<string>();
  private extrasDropped = false;

  constructor(
    fileName: string,
    readonly input: XmlByteInput,
    private readonly out: KmlCollector,
    private readonly document: string | undefined,
  ) {
    this.tok = new XmlTokenizer(this, (b, s, e) => input.decodeRange(b, s, e));
    this.issues = new IssueList(fileName);
    this.startFixes = out.fixes.count;
    this.startWaypoints = out.waypoints.length;
  }

  get fixesAdded(): number {
    return this.out.fixes.count - this.startFixes;
  }

  get waypointsAdded(): number {
    return this.out.waypoints.length - this.startWaypoints;
  }

  private loc = (): XmlLocation => this.tok.location();

  startElement(name: string, selfClosing: boolean): void {
    const depth = this.tok.depth;
    const local = localName(name);
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (!this.checkRoot(name, local)) return;
    }
    if (this.skipDepth >= 0 || this.field !== F_NONE) return;
    const pm = this.pmDepth >= 0;
    switch (local) {
      case 'Placemark':
        if (!pm) this.startPlacemark(depth);
        return;
      case 'Document':
        if (this.docDepth < 0 && this.docName === undefined) this.docDepth = depth;
        return;
      case 'name':
        if (pm && depth === this.pmDepth + 1) this.capture(F_NAME, depth);
        else if (!pm && depth === this.docDepth + 1 && this.docName === undefined)
          this.capture(F_DOC_NAME, depth);
        return;
      case 'description':
        if (pm && depth === this.pmDepth + 1) this.capture(F_DESC, depth);
        return;
      case 'TimeStamp':
      case 'TimeSpan':
        if (pm && depth === this.pmDepth + 1) this.timeDepth = depth;
        return;
      case 'when':
        if (this.trackDepth >= 0 && depth === this.trackDepth + 1) {
          this.capture(F_TRACK_WHEN, depth);
        } else if (this.timeDepth >= 0 && depth === this.timeDepth + 1) {
          this.capture(F_STAMP_WHEN, depth);
        }
        return;
      case 'begin':
      case 'end':
        if (this.timeDepth >= 0 && depth === this.timeDepth + 1) {
          this.capture(local === 'begin' ? F_BEGIN : F_END, depth);
        }
        return;
      case 'coord':
        if (this.trackDepth >= 0 && depth === this.trackDepth + 1) {
          if (selfClosing) this.track.addCoord(NaN, NaN, NaN, COORD_PAUSE);
          else this.capture(F_TRACK_COORD, depth);
        }
        return;
      case 'coordinates':
        if (this.pointDepth >= 0 && depth === this.pointDepth + 1) {
          this.startCoordinates(MODE_POINT, depth, name, selfClosing);
        } else if (this.lineDepth >= 0 && depth === this.lineDepth + 1) {
          this.startCoordinates(MODE_LINE, depth, name, selfClosing);
        }
        return;
      case 'Point':
        if (!pm) return this.outside();
        if (this.pointDepth < 0 && this.lineDepth < 0 && this.trackDepth < 0) {
          this.pmGeometry = true;
          this.pointDepth = depth;
          this.pointTuples = 0;
        }
        return;
      case 'LineString':
        if (!pm) return this.outside();
        if (this.pointDepth < 0 && this.lineDepth < 0 && this.trackDepth < 0) {
          this.pmGeometry = true;
          this.lineDepth = depth;
          this.lineLoc = this.loc();
          this.ensurePart();
          this.segStart = this.out.fixes.count;
        }
        return;
      case 'Track':
        if (!pm) return this.outside();
        if (this.pointDepth < 0 && this.lineDepth < 0 && this.trackDepth < 0) {
          this.pmGeometry = true;
          this.trackDepth = depth;
          if (name === 'Track') this.unprefixedTracks.hit(this.loc);
          const l = this.loc();
          this.track.reset(l.line, l.column);
        }
        return;
      case 'MultiTrack':
        if (name === 'MultiTrack') this.unprefixedTracks.hit(this.loc);
        return;
      case 'ExtendedData':
        if (pm && this.extDepth < 0) this.extDepth = depth;
        return;
      case 'Data':
        if (this.extDepth >= 0 && this.trackDepth < 0) {
          this.dataDepth = depth;
          this.dataName = this.tok.attr('name') ?? '';
        }
        return;
      case 'value':
        if (this.array !== undefined && depth === this.arrayDepth + 1) {
          this.capture(F_ARRAY_VALUE, depth);
        } else if (this.dataName !== undefined && depth === this.dataDepth + 1) {
          this.capture(F_DATA_VALUE, depth);
        }
        return;
      case 'SimpleData':
        if (this.extDepth >= 0) {
          this.dataName = this.tok.attr('name') ?? '';
          this.capture(F_SIMPLE_DATA, depth);
        }
        return;
      case 'SimpleArrayData':
        if (this.trackDepth >= 0 && this.array === undefined) {
          this.arrayDepth = depth;
          this.array = this.track.array(this.tok.attr('name') ?? '');
        }
        return;
    }
    if (pm && SKIPPED_GEOMETRY.has(local)) {
      this.pmGeometry = true;
      this.skipDepth = depth;
      this.skippedKinds.add(local);
      this.skipped.hit(this.loc, local);
    }
  }

  endElement(_name: string): void {
    const depth = this.tok.depth + 1;
    if (this.field !== F_NONE) {
      if (depth === this.fieldDepth) this.endCapture();
      return;
    }
    if (depth === this.coordsDepth) {
      this.endCoordinates(true);
      return;
    }
    if (this.skipDepth >= 0) {
      if (depth === this.skipDepth) this.skipDepth = -1;
      return;
    }
    if (depth === this.arrayDepth) {
      this.array = undefined;
      this.arrayDepth = -1;
    } else if (depth === this.dataDepth) {
      this.dataName = undefined;
      this.dataDepth = -1;
    } else if (depth === this.extDepth) {
      this.extDepth = -1;
    } else if (depth === this.trackDepth) {
      this.endTrack(true);
    } else if (depth === this.lineDepth) {
      this.endLine();
    } else if (depth === this.pointDepth) {
      this.pointDepth = -1;
    } else if (depth === this.timeDepth) {
      this.timeDepth = -1;
    } else if (depth === this.pmDepth) {
      this.endPlacemark();
    } else if (depth === this.docDepth) {
      this.docDepth = -1;
    }
  }

  text(buf: Uint8Array, start: number, end: number, entities: boolean): void {
    if (this.coordsDepth >= 0) {
      if (entities) {
        const bytes = this.encoder.encode(this.tok.textString(buf, start, end, true));
        this.scanner.feed(bytes, 0, bytes.length);
      } else {
        this.scanner.feed(buf, start, end);
      }
      return;
    }
    if (this.rangeBuf === null && this.chars === '' && !entities) {
      this.rangeBuf = buf;
      this.rangeStart = start;
      this.rangeEnd = end;
      return;
    }
    this.flush();
    this.chars += this.tok.textString(buf, start, end, entities);
  }

  flush(): void {
    if (this.rangeBuf !== null) {
      this.chars += this.tok.textString(this.rangeBuf, this.rangeStart, this.rangeEnd, false);
      this.rangeBuf = null;
    }
  }

  error(err: XmlError): void {
    const loc = { line: err.line, column: err.column };
    if (!this.rootSeen) {
      this.notKml = true;
      const what = err.code === 'xml.no-root' ? 'no XML element found' : err.message;
      this.issues.add('error', 'kml.not-xml', `Not a KML file: not XML (${what})`, loc);
      return;
    }
    this.malformed = true;
    const tail =
      err.code === 'xml.truncated' ? '' : '; reading stopped here, points before it are kept';
    this.issues.add('error', err.code, `${err.message}${tail}`, loc);
  }

  // --- coordinates -----------------------------------------------------------------------------

  tuple(lon: number, lat: number, alt: number, line: number): void {
    if (this.coordsMode === MODE_LINE) {
      const f = this.out.fixes;
      const i = f.push(NaN, lat, lon, BASIS_NONE);
      if (!Number.isNaN(alt)) f.set('ele', i, alt);
      this.untimedFixes++;
      return;
    }
    if (this.pointTuples++ === 0) this.pmPoints.push(lon, lat, alt, line);
    else if (this.pointTuples === 2) {
      this.issues.add(
        'warning',
        'kml.point.extra-tuples',
        'A <Point> holds more than one coordinate tuple: the first is used',
        { line, column: 1 },
      );
    }
  }

  bad(text: string, reason: 'syntax' | 'range', line: number, column: number): void {
    this.issues.add(
      'warning',
      reason === 'syntax' ? 'kml.coordinates.invalid' : 'kml.coordinates.out-of-range',
      reason === 'syntax'
        ? `Coordinate tuple "${text.slice(0, 60)}" is not lon,lat[,alt]: point rejected`
        : `Coordinate tuple "${text.slice(0, 60)}" is out of range (lon ±180, lat ±90): point rejected`,
      { line, column },
    );
  }

  private startCoordinates(mode: number, depth: number, name: string, selfClosing: boolean): void {
    if (selfClosing) return;
    const l = this.loc();
    // Text starts after `<coordinates>`; attributes on it do not occur in practice.
    this.scanner.start(l.line, l.column + name.length + 2);
    this.coordsMode = mode;
    this.coordsDepth = depth;
    this.tok.captureText = true;
  }

  private endCoordinates(complete: boolean): void {
    this.scanner.end(complete);
    this.coordsDepth = -1;
    this.coordsMode = 0;
    this.tok.captureText = false;
  }

  // --- text fields -----------------------------------------------------------------------------

  private capture(field: number, depth: number): void {
    this.field = field;
    this.fieldDepth = depth;
    this.chars = '';
    this.rangeBuf = null;
    this.tok.captureText = true;
  }

  private endCapture(): void {
    const field = this.field;
    this.field = F_NONE;
    this.fieldDepth = -1;
    this.tok.captureText = false;
    const rb = this.rangeBuf;
    if (rb !== null && this.chars === '') {
      // The hot paths of a big gx:Track, parsed in place.
      if (field === F_TRACK_WHEN) {
        const t = this.time.parseBytes(rb, this.rangeStart, this.rangeEnd);
        if (!Number.isNaN(t)) {
          this.rangeBuf = null;
          if (this.time.basis === 'naive-as-utc')
            this.naiveTimes.hit(
              this.loc,
              this.tok.textString(rb, this.rangeStart, this.rangeEnd, false).trim(),
            );
          this.track.when.push(t);
          this.track.whenBasis.push(BASIS_CODES[this.time.basis]);
          return;
        }
      } else if (field === F_TRACK_COORD) {
        this.rangeBuf = null;
        return this.trackCoord(rb, this.rangeStart, this.rangeEnd);
      } else if (field === F_ARRAY_VALUE) {
        this.rangeBuf = null;
        const v = parseDecimalBytes(rb, this.rangeStart, this.rangeEnd);
        if (Number.isNaN(v))
          this.arrayValue(this.tok.textString(rb, this.rangeStart, this.rangeEnd, false));
        else this.array?.push(v);
        return;
      }
    }
    this.flush();
    const s = this.chars;
    this.chars = '';
    switch (field) {
      case F_NAME:
        this.pmName = s.trim();
        return;
      case F_DESC:
        this.pmDesc = s.trim();
        return;
      case F_DOC_NAME:
        this.docName = s.trim();
        return;
      case F_STAMP_WHEN:
      case F_BEGIN: {
        const t = this.readTime(s);
        if (!Number.isNaN(t)) {
          this.pmT = t;
          this.pmBasis = BASIS_CODES[this.time.basis];
        }
        return;
      }
      case F_END: {
        const t = this.readTime(s);
        if (!Number.isNaN(t)) {
          this.pmEndT = t;
          this.pmEndBasis = BASIS_CODES[this.time.basis];
        }
        return;
      }
      case F_TRACK_WHEN: {
        const t = this.readTime(s);
        this.track.when.push(t);
        this.track.whenBasis.push(Number.isNaN(t) ? BASIS_NONE : BASIS_CODES[this.time.basis]);
        return;
      }
      case F_TRACK_COORD: {
        const bytes = this.encoder.encode(s);
        return this.trackCoord(bytes, 0, bytes.length);
      }
      case F_ARRAY_VALUE:
        return this.arrayValue(s);
      case F_DATA_VALUE:
      case F_SIMPLE_DATA:
        this.setAttribute(this.dataName ?? '', s.trim());
        if (field === F_SIMPLE_DATA) this.dataName = undefined;
        return;
    }
  }

  private readTime(s: string): number {
    const text = s.trim();
    const t = this.time.parse(text);
    if (Number.isNaN(t)) {
      if (text !== '') this.badTimes.hit(this.loc, text.slice(0, 40));
      return NaN;
    }
    if (this.time.basis === 'naive-as-utc') this.naiveTimes.hit(this.loc, text);
    return t;
  }

  private arrayValue(s: string): void {
    const v = parseDecimal(s);
    if (Number.isNaN(v) && s.trim() !== '') this.badValues.hit(this.loc, s.trim().slice(0, 40));
    this.array?.push(v);
  }

  private setAttribute(name: string, value: string): void {
    if (this.pmDepth < 0) return;
    const attrs = (this.pmAttrs ??= {});
    if (Object.keys(attrs).length >= MAX_ATTRIBUTES && !(name in attrs)) return;
    attrs[name] =
      value.length > MAX_ATTRIBUTE_LENGTH ? `${value.slice(0, MAX_ATTRIBUTE_LENGTH)}…` : value;
  }

  private trackCoord(b: Uint8Array, from: number, to: number): void {
    const v = this.coordOut;
    const n = parseSpaceTuple(b, from, to, v);
    if (n === 0) {
      this.track.addCoord(NaN, NaN, NaN, COORD_PAUSE);
      return;
    }
    if (n < 2) {
      this.reject(b, from, to, 'syntax');
      return;
    }
    const lon = v[0]!;
    const lat = v[1]!;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      this.reject(b, from, to, 'range');
      return;
    }
    this.track.addCoord(lon, lat, n === 3 ? v[2]! : NaN, COORD_OK);
  }

  private reject(b: Uint8Array, from: number, to: number, reason: 'syntax' | 'range'): void {
    this.track.addCoord(NaN, NaN, NaN, COORD_REJECTED);
    const text = this.tok.textString(b, from, to, false).trim();
    const l = this.loc();
    this.issues.add(
      'warning',
      reason === 'syntax' ? 'kml.coordinates.invalid' : 'kml.coordinates.out-of-range',
      reason === 'syntax'
        ? `<gx:coord>${text.slice(0, 60)}</gx:coord> is not "lon lat [alt]": point rejected`
        : `<gx:coord>${text.slice(0, 60)}</gx:coord> is out of range (lon ±180, lat ±90): point rejected`,
      l,
    );
  }

  // --- structure -------------------------------------------------------------------------------

  /** False when the root says this is not KML (reading stops). */
  private checkRoot(name: string, local: string): boolean {
    const tok = this.tok;
    const prefix = name.length > local.length ? name.slice(0, name.length - local.length - 1) : '';
    const ns = tok.attr(prefix ? `xmlns:${prefix}` : 'xmlns')?.trim();
    const version = ns !== undefined ? KML_NAMESPACES[ns] : undefined;
    if (local === 'kml') {
      this.formatDetail =
        version !== undefined
          ? `KML ${version}`
          : ns
            ? `KML (unknown namespace ${ns.slice(0, 80)})`
            : 'KML (no namespace)';
      return true;
    }
    if (local === 'Document' || local === 'Folder' || local === 'Placemark') {
      this.formatDetail = version !== undefined ? `KML ${version}` : 'KML (no <kml> root)';
      this.issues.add(
        'info',
        'kml.root.unwrapped',
        `The root element is <${name}>, not <kml>: read as KML`,
        this.loc(),
      );
      return true;
    }
    this.notKml = true;
    this.issues.add(
      'error',
      'kml.not-kml',
      `Not a KML file: the root element is <${name}>, not <kml>`,
      this.loc(),
    );
    tok.stop();
    return false;
  }

  private outside(): void {
    this.outsidePlacemark.hit(this.loc);
    this.skipDepth = this.tok.depth;
  }

  private startPlacemark(depth: number): void {
    this.pmDepth = depth;
    this.pmName = undefined;
    this.pmDesc = undefined;
    this.pmT = NaN;
    this.pmBasis = BASIS_NONE;
    this.pmEndT = NaN;
    this.pmEndBasis = BASIS_NONE;
    this.pmAttrs = undefined;
    this.pmPoints = [];
    this.pmPart = null;
    this.pmGeometry = false;
    this.pmLine = this.loc().line;
  }

  private ensurePart(): KmlTrackPart {
    if (this.pmPart === null) {
      const part: KmlTrackPart = { kind: 'track', segments: [] };
      if (this.document !== undefined) part.document = this.document;
      this.pmPart = part;
      this.out.parts.push(part);
    }
    return this.pmPart;
  }

  private closeSegment(start: number): void {
    const end = this.out.fixes.count;
    if (end > start && this.pmPart !== null) this.pmPart.segments.push({ start, end });
  }

  private endLine(): void {
    const start = this.segStart;
    this.segStart = -1;
    this.lineDepth = -1;
    if (this.out.fixes.count === start) {
      this.issues.add(
        'info',
        'kml.linestring.empty',
        'A <LineString> has no valid coordinates',
        this.lineLoc,
      );
      return;
    }
    this.closeSegment(start);
  }

  private endTrack(complete: boolean): void {
    this.trackDepth = -1;
    this.array = undefined;
    this.arrayDepth = -1;
    const tb = this.track;
    const nWhen = tb.when.length;
    const nCoord = tb.lon.length;
    const timed = nWhen > 0;
    const n = timed ? Math.min(nWhen, nCoord) : nCoord;
    const trackLoc = { line: tb.line, column: tb.column };
    if (complete && timed && nWhen !== nCoord) {
      const more = nWhen > nCoord ? '<when>' : '<gx:coord>';
      this.issues.add(
        'warning',
        'kml.track.count-mismatch',
        `A gx:Track has ${nWhen} <when> and ${nCoord} <gx:coord>: paired by position, the last ${Math.abs(nWhen - nCoord)} ${more} ignored`,
        trackLoc,
      );
    }
    const f = this.out.fixes;
    const part = this.ensurePart();
    const arrays: { column: string; values: GrowableFloat64; model: boolean }[] = [];
    for (const [name, values] of tb.arrays) {
      const modelColumn = ARRAY_COLUMNS[name.toLowerCase()];
      arrays.push({ column: modelColumn ?? name, values, model: modelColumn !== undefined });
      if (complete && values.length !== n && n > 0) {
        this.issues.add(
          'info',
          'kml.track.array-length',
          `gx:SimpleArrayData "${name.slice(0, 40)}" has ${values.length} values for ${n} track points: values matched by position`,
          trackLoc,
        );
      }
    }
    const before = f.count;
    let segStart = f.count;
    let lastT = NaN;
    const when = tb.when.data;
    const basis = tb.whenBasis.data;
    const state = tb.state.data;
    const lon = tb.lon.data;
    const lat = tb.lat.data;
    const alt = tb.alt.data;
    for (let k = 0; k < n; k++) {
      const st = state[k];
      if (st === COORD_PAUSE) {
        this.pauses.hit(() => trackLoc);
        if (f.count > segStart) part.segments.push({ start: segStart, end: f.count });
        segStart = f.count;
        lastT = NaN;
        continue;
      }
      if (st === COORD_REJECTED) continue;
      const t = timed ? when[k]! : NaN;
      if (!Number.isNaN(t)) {
        if (t < lastT) this.backwards.hit(() => trackLoc, formatIsoUtc(t));
        lastT = t;
        this.timedFixes++;
      } else {
        this.untimedFixes++;
      }
      const i = f.push(t, lat[k]!, lon[k]!, timed ? basis[k]! : BASIS_NONE);
      const a = alt[k]!;
      if (!Number.isNaN(a)) f.set('ele', i, a);
      for (const arr of arrays) {
        if (k >= arr.values.length) continue;
        const v = arr.values.data[k]!;
        if (Number.isNaN(v)) continue;
        if (arr.model) f.set(arr.column as 'speedMps', i, v);
        else if (!this.out.extras.set(arr.column, i, v)) this.extrasDropped = true;
      }
    }
    if (f.count > segStart) part.segments.push({ start: segStart, end: f.count });
    if (f.count === before && complete) {
      this.issues.add('info', 'kml.track.empty', 'A gx:Track has no valid points', trackLoc);
    }
  }

  private endPlacemark(): void {
    this.pmDepth = -1;
    this.timeDepth = -1;
    this.extDepth = -1;
    const part = this.dropEmptyPart();
    if (part !== null) {
      if (this.pmName) part.name = this.pmName;
      if (this.pmDesc) part.description = this.pmDesc;
      if (this.pmAttrs) part.attributes = this.pmAttrs;
    }
    let t = this.pmT;
    let basis = this.pmBasis;
    let end = this.pmEndT;
    if (Number.isNaN(t) && !Number.isNaN(end)) {
      // An open-ended TimeSpan with only an end: that is the one instant known.
      t = end;
      basis = this.pmEndBasis;
      end = NaN;
    }
    const pts = this.pmPoints;
    for (let k = 0; k < pts.length; k += 4) {
      const lon = pts[k]!;
      const lat = pts[k + 1]!;
      const alt = pts[k + 2]!;
      const line = pts[k + 3]!;
      if (!Number.isNaN(t)) {
        const info: KmlPlacemarkInfo = { fix: -1, line };
        if (this.pmName) info.name = this.pmName;
        if (this.pmDesc) info.description = this.pmDesc;
        if (this.pmAttrs) info.attributes = this.pmAttrs;
        if (!Number.isNaN(end)) info.end = end;
        this.timedPoints.push({ lon, lat, alt, t, basis, info });
      } else {
        const w: KmlWaypoint = { lat, lon, t: NaN, timeBasis: 'none', line };
        if (!Number.isNaN(alt)) w.ele = alt;
        if (this.pmName) w.name = this.pmName;
        if (this.pmDesc) w.description = this.pmDesc;
        if (this.pmAttrs) w.attributes = this.pmAttrs;
        this.out.waypoints.push(w);
      }
    }
    if (!this.pmGeometry)
      this.noGeometry.hit(() => ({ line: this.pmLine, column: 1 }), this.pmName ?? '');
    this.pmPart = null;
    this.pmPoints = [];
  }

  /** The placemark's part, or null when none of its paths had a valid point (then removed). */
  private dropEmptyPart(): KmlTrackPart | null {
    const part = this.pmPart;
    if (part === null || part.segments.length > 0) return part;
    const at = this.out.parts.lastIndexOf(part);
    if (at >= 0) this.out.parts.splice(at, 1);
    this.pmPart = null;
    return null;
  }

  /** Timed Point placemarks become one part at the end of the document. */
  private flushTimedPoints(): void {
    const pts = this.timedPoints;
    if (pts.length === 0) return;
    const f = this.out.fixes;
    const start = f.count;
    let lastT = NaN;
    for (const p of pts) {
      if (p.t < lastT)
        this.backwards.hit(() => ({ line: p.info.line ?? 0, column: 1 }), formatIsoUtc(p.t));
      lastT = p.t;
      const i = f.push(p.t, p.lat, p.lon, p.basis);
      if (!Number.isNaN(p.alt)) f.set('ele', i, p.alt);
      p.info.fix = i;
      this.out.placemarkFixes.push(p.info);
      this.timedFixes++;
    }
    const part: KmlTrackPart = {
      kind: 'track',
      name: this.docName ? `${this.docName} (timed placemarks)` : 'Timed placemarks',
      segments: [{ start, end: f.count }],
    };
    if (this.document !== undefined) part.document = this.document;
    this.out.parts.push(part);
    pts.length = 0;
  }

  /** End of input: closes what a truncated file left open, keeping complete points only. */
  closeOpen(): void {
    if (this.field !== F_NONE) {
      this.field = F_NONE;
      this.rangeBuf = null;
      this.chars = '';
    }
    if (this.coordsDepth >= 0) this.endCoordinates(false);
    if (this.trackDepth >= 0) this.endTrack(false);
    if (this.lineDepth >= 0) {
      const start = this.segStart;
      this.lineDepth = -1;
      this.closeSegment(start);
    }
    if (this.pmDepth >= 0) {
      const part = this.dropEmptyPart();
      if (part !== null && this.pmName) part.name = this.pmName;
    }
    // An unfinished placemark's points are dropped: its time may not have been read yet.
    this.pmDepth = -1;
    this.flushTimedPoints();
  }

  summarise(): void {
    const { issues } = this;
    const t = (tally: Tally<XmlLocation>): string => describeLineColumn(tally.first);
    if (this.naiveTimes.count > 0) {
      issues.add(
        'warning',
        'kml.time.no-zone',
        `${this.naiveTimes.count} time(s) have no time zone (first: "${this.naiveTimes.example}" at ${t(this.naiveTimes)}); read as UTC — set the source's zone if they are local times`,
        this.naiveTimes.first,
      );
    }
    if (this.badTimes.count > 0) {
      issues.add(
        'warning',
        'kml.time.invalid',
        `${this.badTimes.count} time(s) are not valid date-times with a time of day (first: "${this.badTimes.example}" at ${t(this.badTimes)}); those positions are kept without a time`,
        this.badTimes.first,
      );
    }
    if (this.backwards.count > 0) {
      issues.add(
        'warning',
        'kml.time.backwards',
        `${this.backwards.count} point(s) have a time earlier than the point before them (first: ${this.backwards.example}, in the element at ${t(this.backwards)})`,
        this.backwards.first,
      );
    }
    if (this.pauses.count > 0) {
      issues.add(
        'info',
        'kml.track.pause',
        `${this.pauses.count} empty <gx:coord/> pause marker(s) (first in the gx:Track at ${t(this.pauses)}): the track is split into segments there`,
        this.pauses.first,
      );
    }
    if (this.skipped.count > 0) {
      issues.add(
        'info',
        'kml.geometry.skipped',
        `${this.skipped.count} area or model geometr${this.skipped.count === 1 ? 'y' : 'ies'} (${[...this.skippedKinds].join(', ')}) skipped: they do not record where something was (first at ${t(this.skipped)})`,
        this.skipped.first,
      );
    }
    if (this.noGeometry.count > 0) {
      issues.add(
        'info',
        'kml.placemark.no-geometry',
        `${this.noGeometry.count} Placemark(s) without a position (first: "${this.noGeometry.example.slice(0, 60)}" at ${t(this.noGeometry)})`,
        this.noGeometry.first,
      );
    }
    if (this.outsidePlacemark.count > 0) {
      issues.add(
        'info',
        'kml.geometry.outside-placemark',
        `${this.outsidePlacemark.count} geometr${this.outsidePlacemark.count === 1 ? 'y' : 'ies'} outside a <Placemark> ignored (first at ${t(this.outsidePlacemark)})`,
        this.outsidePlacemark.first,
      );
    }
    if (this.unprefixedTracks.count > 0) {
      issues.add(
        'info',
        'kml.track.no-gx-prefix',
        `${this.unprefixedTracks.count} <Track>/<MultiTrack> element(s) written without the gx: prefix (as old My Tracks versions did), read as gx:Track (first at ${t(this.unprefixedTracks)})`,
        this.unprefixedTracks.first,
      );
    }
    if (this.badValues.count > 0) {
      issues.add(
        'warning',
        'kml.value.invalid',
        `${this.badValues.count} gx:SimpleArrayData value(s) are not numbers (first: "${this.badValues.example}" at ${t(this.badValues)}); those values are ignored, the points kept`,
        this.badValues.first,
      );
    }
    if (this.extrasDropped) {
      issues.add(
        'info',
        'kml.track.too-many-arrays',
        'More than 32 distinct gx:SimpleArrayData names: the extra ones are not kept',
      );
    }
  }
}

/** Reads one KML document pushed in chunks; never throws on bad input. */
export class KmlDocumentReader {
  private readonly input = new XmlByteInput();
  private readonly h: KmlHandler;
  private crashed: unknown;
  private result: KmlDocumentResult | undefined;

  constructor(fileName: string, out: KmlCollector, document?: string) {
    this.h = new KmlHandler(fileName, this.input, out, document);
  }

  private feed(bytes: Uint8Array): void {
    this.h.tok.utf8Columns = this.input.utf8Columns;
    if (bytes.length > 0) this.h.tok.write(bytes);
  }

  push(chunk: Uint8Array): void {
    if (this.result !== undefined || this.crashed !== undefined) return;
    try {
      this.feed(this.input.push(chunk));
    } catch (e) {
      this.crashed = e;
    }
  }

  /** `cutShort`: the bytes ended early for a reason outside the document (a damaged archive). */
  finish(): KmlDocumentResult {
    if (this.result !== undefined) return this.result;
    const h = this.h;
    try {
      if (this.crashed === undefined) {
        this.feed(this.input.finish());
        h.tok.end();
      }
    } catch (e) {
      this.crashed = e;
    }
    if (this.crashed !== undefined) {
      h.issues.add(
        'error',
        'kml.internal-error',
        `Internal error while reading the file (${String(this.crashed).slice(0, 200)}); points read before it are kept`,
      );
    }
    for (const note of this.input.notes) h.issues.add('warning', note.code, note.message);
    try {
      h.closeOpen();
      h.summarise();
    } catch (e) {
      h.issues.add(
        'error',
        'kml.internal-error',
        `Internal error while closing the file (${String(e).slice(0, 200)})`,
      );
    }
    const readable = h.rootSeen && !h.notKml;
    const fixes = h.fixesAdded;
    const waypoints = h.waypointsAdded;
    if (readable && fixes === 0 && waypoints === 0) {
      h.issues.add(
        'warning',
        'kml.no-points',
        'The document contains no valid track, path, timed placemark or point',
      );
    }
    if (readable && h.untimedFixes > 0) {
      const all = h.untimedFixes + h.timedFixes;
      h.issues.add(
        h.timedFixes === 0 ? 'warning' : 'info',
        'kml.time.missing',
        h.timedFixes === 0
          ? `None of the ${all} path points has a time: they show where, not when`
          : `${h.untimedFixes} of ${all} path points have no time (LineStrings or gx:Tracks without <when>)`,
      );
    }
    const result: KmlDocumentResult = {
      readable,
      issues: h.issues.finish(),
      fixes,
      waypoints,
    };
    if (h.formatDetail !== undefined) result.formatDetail = h.formatDetail;
    this.result = result;
    return result;
  }
}
