/**
 * Streaming GPX 1.0 / 1.1 reader.
 *
 * Track points (`trk/trkseg/trkpt`) and route points (`rte/rtept`) go into one set of fix
 * columns in file order; `parts` index into them (one segment per `trkseg`, one per `rte`).
 * Waypoints (`wpt`) are places, not a path, and go to `waypoints` only. Elements are matched by
 * local name, so any namespace or prefix (or none) works; unknown elements and extensions are
 * skipped, except `speed`, `course` and `hAcc` anywhere inside a point (GPX 1.0 fields, Garmin
 * TrackPointExtension, Apple Health export).
 *
 * Decisions on bad rows:
 * - missing, non-numeric or out-of-range lat/lon: the point is rejected, each one reported;
 * - unparseable `<time>`: the position is kept with t = NaN (basis `none`), one warning per file;
 * - `<time>` without a zone: read as UTC (basis `naive-as-utc`), one warning per file;
 * - unparseable `<ele>` (or speed, course): value dropped, point kept, one warning per file;
 * - malformed XML: parsing stops there, everything read before is kept, one located error.
 */
import {
  TIME_BASES,
  TIME_BASIS_CODES,
  timeBasisCode,
  type TimeBasis,
  type TrackPart,
  type Waypoint,
} from '../model';
import { formatIsoUtc, IsoTimeParser } from '../time/iso';
import { parseDecimal, parseDecimalBytes } from '../xml/numbers';
import { XmlTokenizer, type XmlError, type XmlHandler, type XmlLocation } from '../xml/tokenizer';
import { FixColumnsBuilder } from './columns';
import { PointScanner } from './gpx-point-scan';
import { XmlByteInput } from './decode';
import { describeLineColumn, IssueList, Tally } from './issues';
import type { FormatReader, ReaderOptions, ReaderResult } from './reader';

// What the character data being captured is for.
const F_NONE = 0;
const F_ELE = 1;
const F_TIME = 2;
const F_NAME = 3;
const F_DESC = 4;
const F_SPEED = 5;
const F_COURSE = 6;
const F_HACC = 7;
const F_PART_NAME = 8;
const F_META_TIME = 9;

const P_NONE = 0;
const P_TRKPT = 1;
const P_RTEPT = 2;
const P_WPT = 3;

const BASIS_NONE = timeBasisCode('none');
const BASIS_CODES = TIME_BASIS_CODES;

const NS_GPX_10 = 'http://www.topografix.com/GPX/1/0';
const NS_GPX_11 = 'http://www.topografix.com/GPX/1/1';

function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

class GpxHandler implements XmlHandler {
  readonly tok: XmlTokenizer;
  readonly issues: IssueList;
  readonly fixes = new FixColumnsBuilder(4096);
  readonly parts: TrackPart[] = [];
  readonly waypoints: Waypoint[] = [];
  readonly time = new IsoTimeParser();

  rootSeen = false;
  notGpx = false;
  malformed = false;
  formatDetail: string | undefined;

  // Current track or route, and the open segment in it.
  private part: TrackPart | null = null;
  private partDepth = -1;
  private segStart = -1;
  private segDepth = -1;
  private segLastT = NaN;
  private partFixes = 0;
  private partLoc: XmlLocation | undefined;
  private segLoc: XmlLocation | undefined;
  private metadataDepth = -1;

  // The point being read.
  private point = P_NONE;
  private pointDepth = -1;
  private pLat = NaN;
  private pLon = NaN;
  private pValid = false;
  private pEle = NaN;
  private pT = NaN;
  private pBasis = BASIS_NONE;
  private pSpeed = NaN;
  private pCourse = NaN;
  private pHAcc = NaN;
  private pName: string | undefined;
  private pDesc: string | undefined;
  private pLine = 0;

  // Character data capture: the common single piece stays a byte range (parsed in place);
  // several pieces, or a range about to be invalidated by the next chunk, become a string.
  private field = F_NONE;
  private fieldDepth = -1;
  private chars = '';
  private rangeBuf: Uint8Array | null = null;
  private rangeStart = 0;
  private rangeEnd = 0;

  // Per-file tallies.
  readonly naiveTimes = new Tally<XmlLocation>();
  readonly badTimes = new Tally<XmlLocation>();
  readonly backwards = new Tally<XmlLocation>();
  readonly badValues = new Tally<XmlLocation>();

  // The fast path (see gpx-point-scan.ts), and where it last gave up, so the general path
  // reading that point is not preceded by a second attempt.
  private readonly scanner: PointScanner | undefined;
  private fallbackBuf: Uint8Array | null = null;
  private fallbackAt = -1;

  constructor(
    readonly fileName: string,
    readonly input: XmlByteInput,
    fastPath: boolean,
  ) {
    // Before the tokenizer exists: it takes the fast path (or none) when it is made.
    if (!fastPath) this.fastElements = undefined;
    this.tok = new XmlTokenizer(this, (b, s, e) => input.decodeRange(b, s, e));
    this.issues = new IssueList(fileName);
    this.scanner = fastPath
      ? new PointScanner(this.time, {
          utc: BASIS_CODES.utc,
          offset: BASIS_CODES.offset,
          naive: BASIS_CODES['naive-as-utc'],
        })
      : undefined;
  }

  /**
   * Reads the plain track or route points of an open segment straight from the bytes, one after
   * another, committing each as `endPoint` would. Gives up (returning where it stopped, or -1)
   * at the first point that might need an issue; the tokenizer then reads that one.
   */
  fastElements?(buf: Uint8Array, lt: number, end: number): number {
    const part = this.part;
    const scanner = this.scanner!;
    if (part === null || this.segStart < 0 || this.point !== P_NONE || this.field !== F_NONE)
      return -1;
    if (buf === this.fallbackBuf && lt === this.fallbackAt) return -1;
    const track = part.kind === 'track';
    const f = this.fixes;
    let at = lt;
    for (;;) {
      const next = scanner.scan(buf, at, end, track);
      if (next < 0) break;
      const t = scanner.t;
      const backwards = t < this.segLastT;
      // The first of a kind needs a location: the general path records it.
      if (
        (backwards && this.backwards.count === 0) ||
        (scanner.naiveTimes > 0 && this.naiveTimes.count === 0)
      )
        break;
      for (let k = 0; k < scanner.naiveTimes; k++) this.naiveTimes.hit(this.loc);
      if (backwards) this.backwards.hit(this.loc);
      if (!Number.isNaN(t)) this.segLastT = t;
      const i = f.push(t, scanner.lat, scanner.lon, Number.isNaN(t) ? BASIS_NONE : scanner.basis);
      if (!Number.isNaN(scanner.ele)) f.set('ele', i, scanner.ele);
      if (!Number.isNaN(scanner.speed)) f.set('speedMps', i, scanner.speed);
      if (!Number.isNaN(scanner.course)) f.set('headingDeg', i, scanner.course);
      if (!Number.isNaN(scanner.hAcc)) f.set('accuracyM', i, scanner.hAcc);
      this.partFixes++;
      // Text between points is ignored, as the tokenizer would while nothing is captured.
      at = next;
      while (at < end && buf[at] !== 60 /* < */) at++;
      if (at + 1 >= end) return at;
      const c1 = buf[at + 1]!;
      if (c1 === 47 /* / */ || c1 === 33 /* ! */ || c1 === 63 /* ? */) return at;
    }
    if (at === lt) {
      this.fallbackBuf = buf;
      this.fallbackAt = lt;
      return -1;
    }
    return at;
  }

  private loc = (): XmlLocation => this.tok.location();

  startElement(name: string, selfClosing: boolean): void {
    const tok = this.tok;
    const depth = tok.depth; // includes this element
    const local = localName(name);
    if (!this.rootSeen) {
      this.rootSeen = true;
      this.checkRoot(name, local);
      return;
    }
    if (this.point !== P_NONE) {
      if (!this.pValid) return; // a rejected point: its children do not matter
      if (depth === this.pointDepth + 1) {
        switch (local) {
          case 'ele':
            return this.capture(F_ELE, depth, selfClosing);
          case 'time':
            return this.capture(F_TIME, depth, selfClosing);
          case 'name':
            return this.capture(F_NAME, depth, selfClosing);
          case 'desc':
            return this.capture(F_DESC, depth, selfClosing);
        }
      }
      switch (local) {
        case 'speed':
          return this.capture(F_SPEED, depth, selfClosing);
        case 'course':
          return this.capture(F_COURSE, depth, selfClosing);
        case 'hAcc':
          return this.capture(F_HACC, depth, selfClosing);
      }
      return;
    }
    switch (local) {
      case 'trkpt':
      case 'rtept': {
        const kind = local === 'trkpt' ? 'track' : 'route';
        if (this.part === null || (this.partDepth < 0 && this.part.kind !== kind)) {
          // A point outside any <trk>/<rte>: keep it in an implicit part rather than lose it.
          if (this.part !== null) this.closePart();
          this.openPart(kind, -1);
          this.issues.add(
            'warning',
            'gpx.point.orphan',
            `<${name}> outside a ${kind === 'track' ? '<trk>' : '<rte>'}: read as part of an unnamed ${kind}`,
            this.loc(),
          );
        }
        if (this.part!.kind !== kind) {
          this.issues.add(
            'warning',
            'gpx.point.misplaced',
            `<${name}> inside a ${this.part!.kind === 'track' ? '<trk>' : '<rte>'}: point ignored`,
            this.loc(),
          );
          return;
        }
        if (this.segStart < 0) this.openSegment(-1);
        return this.startPoint(local === 'trkpt' ? P_TRKPT : P_RTEPT, depth);
      }
      case 'wpt':
        return this.startPoint(P_WPT, depth);
      case 'trkseg':
        if (this.part !== null && this.part.kind === 'track' && this.segDepth < 0) {
          if (this.segStart >= 0) this.closeSegment(); // close an implicit one
          this.openSegment(depth);
        }
        return;
      case 'trk':
      case 'rte':
        if (depth === 2) {
          if (this.part !== null) this.closePart(); // an implicit part left open
          this.openPart(local === 'trk' ? 'track' : 'route', depth);
          // A route is one segment; it closes with the route.
          if (local === 'rte') this.openSegment(-1);
        }
        return;
      case 'name':
        if (this.part !== null && depth === this.partDepth + 1) {
          this.capture(F_PART_NAME, depth, selfClosing);
        }
        return;
      case 'metadata':
        if (depth === 2) this.metadataDepth = depth;
        return;
      case 'time':
        // GPX 1.0 puts the file's time under <gpx>, GPX 1.1 under <metadata>.
        if (depth === 2 || (this.metadataDepth > 0 && depth === this.metadataDepth + 1)) {
          this.capture(F_META_TIME, depth, selfClosing);
        }
        return;
    }
  }

  endElement(name: string): void {
    const depth = this.tok.depth + 1; // depth the closed element had
    if (this.field !== F_NONE && depth === this.fieldDepth) {
      this.endCapture();
      return;
    }
    if (this.point !== P_NONE) {
      if (depth === this.pointDepth) this.endPoint();
      return;
    }
    if (depth === this.segDepth) {
      this.closeSegment();
      return;
    }
    if (depth === this.partDepth) {
      this.closePart();
      return;
    }
    if (depth === this.metadataDepth) {
      this.metadataDepth = -1;
      return;
    }
    if (depth === 1) this.endOfRoot(name);
  }

  text(buf: Uint8Array, start: number, end: number, entities: boolean): void {
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

  /** The captured text as a string. */
  private capturedText(): string {
    this.flush();
    return this.chars;
  }

  error(err: XmlError): void {
    const loc = { line: err.line, column: err.column };
    if (!this.rootSeen) {
      this.notGpx = true;
      const what = err.code === 'xml.no-root' ? 'no XML element found' : err.message;
      this.issues.add('error', 'gpx.not-xml', `Not a GPX file: not XML (${what})`, loc);
      return;
    }
    this.malformed = true;
    const tail =
      err.code === 'xml.truncated' ? '' : '; reading stopped here, points before it are kept';
    this.issues.add('error', err.code, `${err.message}${tail}`, loc);
  }

  private checkRoot(name: string, local: string): void {
    const tok = this.tok;
    if (local !== 'gpx') {
      this.notGpx = true;
      this.issues.add(
        'error',
        'gpx.not-gpx',
        `Not a GPX file: the root element is <${name}>, not <gpx>`,
        this.loc(),
      );
      tok.stop();
      return;
    }
    const prefix = name.length > 3 ? name.slice(0, name.length - 4) : '';
    const ns = tok.attr(prefix ? `xmlns:${prefix}` : 'xmlns');
    let version = tok.attr('version')?.trim();
    if (!version) {
      if (ns === NS_GPX_10) version = '1.0';
      else if (ns === NS_GPX_11) version = '1.1';
    }
    const creator = tok.attr('creator')?.trim();
    this.formatDetail = `GPX ${version ?? '(version not declared)'}${creator ? ` (${creator})` : ''}`;
    if (version === undefined) {
      this.issues.add(
        'info',
        'gpx.version.missing',
        'The <gpx> element declares no version and no GPX namespace; read as GPX 1.1',
        this.loc(),
      );
    }
  }

  private endOfRoot(_name: string): void {
    // Nothing to do: open parts are closed by their own end tags.
  }

  private capture(field: number, depth: number, selfClosing: boolean): void {
    if (selfClosing) return; // <ele/>: no value, nothing to read
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
    if (
      rb !== null &&
      this.chars === '' &&
      field <= F_HACC &&
      field !== F_NAME &&
      field !== F_DESC
    ) {
      // Fast path: one piece of text, parsed in place.
      this.rangeBuf = null;
      const a = this.rangeStart;
      const b = this.rangeEnd;
      if (field === F_TIME) {
        const t = this.time.parseBytes(rb, a, b);
        if (Number.isNaN(t)) this.readPointTime(this.tok.textString(rb, a, b, false));
        else this.acceptTime(t, rb, a, b);
        return;
      }
      const v = parseDecimalBytes(rb, a, b);
      if (Number.isNaN(v))
        this.setNumber(field, this.number(this.tok.textString(rb, a, b, false), field));
      else this.setNumber(field, v);
      return;
    }
    const s = this.capturedText();
    this.chars = '';
    switch (field) {
      case F_TIME:
        return this.readPointTime(s);
      case F_NAME:
        this.pName = s.trim();
        return;
      case F_DESC:
        this.pDesc = s.trim();
        return;
      case F_PART_NAME:
        if (this.part !== null) this.part.name = s.trim();
        return;
      case F_META_TIME:
        return this.readMetadataTime(s);
      default:
        this.setNumber(field, this.number(s, field));
    }
  }

  private setNumber(field: number, v: number): void {
    if (field === F_ELE) this.pEle = v;
    else if (field === F_SPEED) this.pSpeed = v;
    else if (field === F_COURSE) this.pCourse = v;
    else if (field === F_HACC) this.pHAcc = v;
  }

  private number(s: string, field: number): number {
    const v = parseDecimal(s);
    if (Number.isNaN(v) && s.trim() !== '') {
      const what =
        field === F_ELE
          ? 'ele'
          : field === F_SPEED
            ? 'speed'
            : field === F_COURSE
              ? 'course'
              : 'hAcc';
      this.badValues.hit(this.loc, `<${what}>${s.trim().slice(0, 40)}</${what}>`);
    }
    return v;
  }

  private acceptTime(t: number, b: Uint8Array, from: number, to: number): void {
    const basis = this.time.basis;
    if (basis === 'naive-as-utc') {
      this.naiveTimes.hit(this.loc, this.tok.textString(b, from, to, false).trim());
    }
    this.pT = t;
    this.pBasis = BASIS_CODES[basis];
  }

  private readPointTime(s: string): void {
    const t = this.time.parse(s);
    if (Number.isNaN(t)) {
      if (s.trim() !== '') this.badTimes.hit(this.loc, s.trim().slice(0, 40));
      return;
    }
    const basis = this.time.basis;
    if (basis === 'naive-as-utc') this.naiveTimes.hit(this.loc, s.trim());
    this.pT = t;
    this.pBasis = BASIS_CODES[basis];
  }

  private readMetadataTime(s: string): void {
    const text = s.trim();
    if (text === '') return;
    const t = this.time.parse(text);
    if (Number.isNaN(t)) {
      this.issues.add(
        'warning',
        'gpx.metadata-time.invalid',
        `The file's own <time> "${text.slice(0, 40)}" is not a valid date-time`,
        this.loc(),
      );
    } else if (this.time.basis === 'naive-as-utc') {
      this.issues.add(
        'info',
        'gpx.metadata-time.no-zone',
        `The file's own <time> "${text}" has no time zone; read as UTC (${formatIsoUtc(t)})`,
        this.loc(),
      );
    }
  }

  private openPart(kind: 'track' | 'route', depth: number): void {
    this.part = { kind, segments: [] };
    this.parts.push(this.part);
    this.partDepth = depth;
    this.partFixes = 0;
    this.partLoc = this.loc();
  }

  private closePart(): void {
    if (this.segStart >= 0) this.closeSegment();
    const part = this.part;
    if (part !== null && this.partFixes === 0) {
      const label = part.kind === 'track' ? 'Track' : 'Route';
      this.issues.add(
        'info',
        `gpx.${part.kind}.empty`,
        `${label}${part.name ? ` "${part.name}"` : ''} has no valid points`,
        this.partLoc,
      );
    }
    this.part = null;
    this.partDepth = -1;
  }

  private openSegment(depth: number): void {
    this.segStart = this.fixes.count;
    this.segDepth = depth;
    this.segLastT = NaN;
    this.segLoc = this.loc();
  }

  private closeSegment(): void {
    const start = this.segStart;
    const end = this.fixes.count;
    if (this.part !== null) {
      if (end > start) {
        this.part.segments.push({ start, end });
      } else if (this.part.kind === 'track' && this.segDepth >= 0) {
        this.issues.add(
          'info',
          'gpx.segment.empty',
          'Track segment has no valid points',
          this.segLoc,
        );
      }
    }
    this.segStart = -1;
    this.segDepth = -1;
  }

  private startPoint(kind: number, depth: number): void {
    const tok = this.tok;
    this.point = kind;
    this.pointDepth = depth;
    this.pEle = NaN;
    this.pT = NaN;
    this.pBasis = BASIS_NONE;
    this.pSpeed = NaN;
    this.pCourse = NaN;
    this.pHAcc = NaN;
    this.pValid = false;
    if (kind === P_WPT) {
      this.pName = undefined;
      this.pDesc = undefined;
      this.pLine = this.loc().line;
    }
    let lat = NaN;
    let lon = NaN;
    let latAt = -1;
    let lonAt = -1;
    for (let i = 0; i < tok.attrCount; i++) {
      const n = tok.attrNames[i];
      if (n === 'lat') lat = tok.attrNumber((latAt = i));
      else if (n === 'lon') lon = tok.attrNumber((lonAt = i));
    }
    this.pLat = lat;
    this.pLon = lon;
    const tag = kind === P_TRKPT ? 'trkpt' : kind === P_RTEPT ? 'rtept' : 'wpt';
    if (latAt < 0 || lonAt < 0) {
      const missing = latAt < 0 && lonAt < 0 ? 'lat and lon' : latAt < 0 ? 'lat' : 'lon';
      this.issues.add(
        'warning',
        'gpx.point.missing-coordinate',
        `<${tag}> without ${missing}: point rejected`,
        this.loc(),
      );
    } else if (Number.isNaN(lat) || Number.isNaN(lon)) {
      this.issues.add(
        'warning',
        'gpx.point.invalid-coordinate',
        `<${tag}> with non-numeric coordinates lat="${tok.attrValue(latAt).slice(0, 30)}" lon="${tok.attrValue(lonAt).slice(0, 30)}": point rejected`,
        this.loc(),
      );
    } else if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      this.issues.add(
        'warning',
        'gpx.point.out-of-range',
        `<${tag}> coordinates out of range (lat ${lat}, lon ${lon}): point rejected`,
        this.loc(),
      );
    } else {
      this.pValid = true;
    }
  }

  private endPoint(): void {
    const kind = this.point;
    this.point = P_NONE;
    this.pointDepth = -1;
    if (!this.pValid) return;
    if (kind === P_WPT) {
      const w: Waypoint = {
        lat: this.pLat,
        lon: this.pLon,
        t: this.pT,
        timeBasis: timeBasisFromCode(this.pBasis),
        line: this.pLine,
      };
      if (!Number.isNaN(this.pEle)) w.ele = this.pEle;
      if (this.pName) w.name = this.pName;
      if (this.pDesc) w.description = this.pDesc;
      this.waypoints.push(w);
      return;
    }
    const t = this.pT;
    if (!Number.isNaN(t)) {
      if (t < this.segLastT) this.backwards.hit(this.loc);
      this.segLastT = t;
    }
    const f = this.fixes;
    const i = f.push(t, this.pLat, this.pLon, this.pBasis);
    if (!Number.isNaN(this.pEle)) f.set('ele', i, this.pEle);
    if (!Number.isNaN(this.pSpeed)) f.set('speedMps', i, this.pSpeed);
    if (!Number.isNaN(this.pCourse)) f.set('headingDeg', i, this.pCourse);
    if (!Number.isNaN(this.pHAcc)) f.set('accuracyM', i, this.pHAcc);
    this.partFixes++;
  }

  /** Closes whatever a truncated or malformed file left open, keeping the points read. */
  closeOpen(): void {
    this.point = P_NONE;
    if (this.part !== null) {
      if (this.segStart >= 0 && this.fixes.count > this.segStart) {
        this.part.segments.push({ start: this.segStart, end: this.fixes.count });
      }
      this.segStart = -1;
      this.part = null;
    }
  }

  summarise(): void {
    const { naiveTimes, badTimes, backwards, badValues, issues } = this;
    if (naiveTimes.count > 0) {
      issues.add(
        'warning',
        'gpx.time.no-zone',
        `${naiveTimes.count} time(s) have no time zone (first: "${naiveTimes.example}" at ${describeLineColumn(naiveTimes.first)}); read as UTC — set the source's zone if they are local times`,
        naiveTimes.first,
      );
    }
    if (badTimes.count > 0) {
      issues.add(
        'warning',
        'gpx.time.invalid',
        `${badTimes.count} point time(s) are not valid date-times (first: "${badTimes.example}" at ${describeLineColumn(badTimes.first)}); those positions are kept without a time`,
        badTimes.first,
      );
    }
    if (backwards.count > 0) {
      issues.add(
        'warning',
        'gpx.time.backwards',
        `${backwards.count} point(s) have a time earlier than the point before them in the same segment (first at ${describeLineColumn(backwards.first)})`,
        backwards.first,
      );
    }
    if (badValues.count > 0) {
      issues.add(
        'warning',
        'gpx.value.invalid',
        `${badValues.count} elevation/speed/course value(s) are not numbers (first: ${badValues.example} at ${describeLineColumn(badValues.first)}); those values are ignored, the points kept`,
        badValues.first,
      );
    }
  }
}

function timeBasisFromCode(code: number): TimeBasis {
  return TIME_BASES[code] ?? 'none';
}

/** GPS time starts on 1980-01-06; earlier fix times are receiver defaults or rollover bugs. */
const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);

function flagTimes(issues: IssueList, t: Float64Array, count: number): void {
  let untimed = 0;
  let early = 0;
  let firstEarly = NaN;
  for (let i = 0; i < count; i++) {
    const v = t[i]!;
    if (Number.isNaN(v)) untimed++;
    else if (v < GPS_EPOCH_MS) {
      if (early++ === 0) firstEarly = v;
    }
  }
  if (untimed > 0) {
    issues.add(
      untimed === count ? 'warning' : 'info',
      'gpx.time.missing',
      untimed === count
        ? `None of the ${count} points has a time: they show where, not when`
        : `${untimed} of ${count} points have no time`,
    );
  }
  if (early > 0) {
    issues.add(
      'warning',
      'gpx.time.implausible',
      `${early} point time(s) are before GPS time began (1980-01-06), e.g. ${formatIsoUtc(firstEarly)}: likely a receiver default or week-rollover error`,
    );
  }
}

/** Choices that change how, not what, the reader reads; for tests comparing the two paths. */
export interface GpxReaderTuning {
  /** Read plain track and route points straight from the bytes (default true). */
  fastPath?: boolean;
}

export function createGpxReader(opts: ReaderOptions, tuning: GpxReaderTuning = {}): FormatReader {
  const input = new XmlByteInput();
  const h = new GpxHandler(opts.fileName, input, tuning.fastPath ?? true);
  let finished: ReaderResult | undefined;
  let crashed: unknown;

  const feed = (bytes: Uint8Array): void => {
    h.tok.utf8Columns = input.utf8Columns;
    if (bytes.length > 0) h.tok.write(bytes);
  };

  return {
    push(chunk: Uint8Array): void {
      if (finished !== undefined || crashed !== undefined) return;
      try {
        feed(input.push(chunk));
      } catch (e) {
        crashed = e;
      }
    },
    finish(): ReaderResult {
      if (finished !== undefined) return finished;
      try {
        if (crashed === undefined) {
          feed(input.finish());
          h.tok.end();
        }
      } catch (e) {
        crashed = e;
      }
      if (crashed !== undefined) {
        // A bug of ours, not the file's: say so rather than lose the points read so far.
        h.issues.add(
          'error',
          'gpx.internal-error',
          `Internal error while reading the file (${String(crashed).slice(0, 200)}); points read before it are kept`,
        );
      }
      for (const note of input.notes) h.issues.add('warning', note.code, note.message);
      h.closeOpen();
      h.summarise();
      const readable = h.rootSeen && !h.notGpx;
      if (readable && h.fixes.count === 0 && h.waypoints.length === 0) {
        h.issues.add(
          'warning',
          'gpx.no-points',
          'The file contains no valid track, route or waypoint',
        );
      }
      const { fixes, fixTimeBasis } = h.fixes.build();
      if (readable) flagTimes(h.issues, fixes.t, fixes.count);
      const result: ReaderResult = {
        format: 'gpx',
        kind: 'track',
        fixes,
        fixTimeBasis,
        parts: h.parts,
        waypoints: h.waypoints,
        issues: h.issues.finish(),
        readable,
      };
      if (h.formatDetail !== undefined) result.formatDetail = h.formatDetail;
      finished = result;
      return result;
    },
  };
}
