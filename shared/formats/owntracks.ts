/**
 * Streaming reader for OwnTracks Recorder `.rec` files: one message per line,
 * `<ISO time>\t<topic suffix or *>\t<JSON payload>`. The older layout pads with spaces instead of
 * tabs; bare JSON payload lines (as `ocat` or the HTTP API write them) are read too.
 *
 * Mapping of payloads (`_type`):
 * - `location` → a fix: `lat`, `lon`, `tst` (epoch seconds, UTC), `acc` (m), `alt` (m),
 *   `vel` (km/h, stored as m/s), `cog` (degrees). All locations form one track segment in file
 *   order (the Recorder appends as messages arrive, so order is not guaranteed: the sanity
 *   checks flag backward steps). Without `tst`, the Recorder's line time is used and flagged.
 * - `transition` (enter/leave a region) → an info issue each, with its time and place: the model
 *   has no region event type yet, and the position itself is not a fix of the track.
 * - `waypoint` / `waypoints` (region definitions) → waypoints without time (a region's creation
 *   time is not a visit), the radius and creation time in the description.
 * - anything else (`lwt`, `card`, `status`, `cmd`, `steps`, `encrypted`…) → counted, skipped, one
 *   info issue per type.
 *
 * Every malformed line is reported with its line number and reading goes on.
 */
import { timeBasisCode, type TimeBasis, type TrackPart, type Waypoint } from '../model';
import { formatIsoUtc, parseIsoTime } from '../time/iso';
import { FixColumnsBuilder } from './columns';
import { IssueList, Tally, type IssueLocation } from './issues';
import type { FormatDetection, FormatReader, ReaderOptions, ReaderResult } from './reader';

type Json = Record<string, unknown>;

/** Lines longer than this cannot be OwnTracks messages; they are reported, not held in memory. */
const MAX_LINE_BYTES = 1024 * 1024;

const BASIS: Record<TimeBasis, number> = {
  none: timeBasisCode('none'),
  utc: timeBasisCode('utc'),
  offset: timeBasisCode('offset'),
  'zone-assumed': timeBasisCode('zone-assumed'),
  'naive-as-utc': timeBasisCode('naive-as-utc'),
};

const REC_LINE = /^(\S+)[\t ]+(\S+)[\t ]+(\{.*)$/;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

class OwnTracksBuilder {
  readonly issues: IssueList;
  readonly fixes = new FixColumnsBuilder(1024);
  readonly waypoints: Waypoint[] = [];
  readonly part: TrackPart = { kind: 'track', name: 'OwnTracks', segments: [] };

  recLines = 0;
  bareJsonLines = 0;
  spaceSeparated = false;
  messages = 0;
  device: string | undefined;
  trackerId: string | undefined;

  readonly skippedTypes = new Map<string, { count: number; first: IssueLocation }>();
  readonly recorderTimes = new Tally();
  readonly noTimes = new Tally();
  readonly transitions = new Tally();

  constructor(fileName: string) {
    this.issues = new IssueList(fileName);
  }

  line(text: string, lineNo: number): void {
    const s = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (s.trim() === '') return;
    const loc: IssueLocation = { line: lineNo };
    let payload: string;
    let recTime: { t: number; basis: TimeBasis } | null = null;
    const m = REC_LINE.exec(s);
    if (m !== null) {
      this.recLines++;
      if (!s.includes('\t')) this.spaceSeparated = true;
      recTime = parseIsoTime(m[1]!);
      if (recTime === null) {
        this.issues.add(
          'warning',
          'owntracks.line.time-invalid',
          `Line ${lineNo}: the Recorder time "${clip(m[1]!)}" is not a date-time`,
          loc,
        );
      }
      payload = m[3]!;
    } else if (s.trimStart().startsWith('{')) {
      this.bareJsonLines++;
      payload = s;
    } else {
      this.issues.add(
        'warning',
        'owntracks.line.invalid',
        `Line ${lineNo} is not an OwnTracks record ("${clip(s)}"); skipped`,
        loc,
      );
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(payload);
    } catch (e) {
      const why = (e instanceof Error ? e.message : String(e)).slice(0, 120);
      this.issues.add(
        'warning',
        'owntracks.json.invalid',
        `Line ${lineNo}: the payload is not valid JSON (${why}); skipped`,
        loc,
      );
      return;
    }
    if (!isObject(msg)) {
      this.issues.add(
        'warning',
        'owntracks.json.invalid',
        `Line ${lineNo}: the payload is not a JSON object; skipped`,
        loc,
      );
      return;
    }
    this.messages++;
    const type = typeof msg['_type'] === 'string' ? msg['_type'] : '(no _type)';
    switch (type) {
      case 'location':
        return this.location(msg, recTime, loc);
      case 'transition':
        return this.transition(msg, loc);
      case 'waypoint':
        return this.waypoint(msg, loc);
      case 'waypoints': {
        const list = msg['waypoints'];
        if (Array.isArray(list)) for (const w of list) if (isObject(w)) this.waypoint(w, loc);
        return;
      }
      default: {
        const seen = this.skippedTypes.get(type);
        if (seen) seen.count++;
        else this.skippedTypes.set(type, { count: 1, first: loc });
      }
    }
  }

  private location(
    msg: Json,
    recTime: { t: number; basis: TimeBasis } | null,
    loc: IssueLocation,
  ): void {
    const lat = num(msg['lat']);
    const lon = num(msg['lon']);
    const line = loc.line!;
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      this.issues.add(
        'warning',
        'owntracks.coordinate.invalid',
        `Line ${line}: location without numeric lat/lon (lat ${clip(String(msg['lat']))}, lon ${clip(String(msg['lon']))}); rejected`,
        loc,
      );
      return;
    }
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      this.issues.add(
        'warning',
        'owntracks.coordinate.out-of-range',
        `Line ${line}: coordinates out of range (lat ${lat}, lon ${lon}); rejected`,
        loc,
      );
      return;
    }
    let t = NaN;
    let basis: TimeBasis = 'none';
    const tst = num(msg['tst']);
    if (!Number.isNaN(tst)) {
      t = tst * 1000;
      basis = 'utc';
    } else if (recTime !== null) {
      t = recTime.t;
      basis = recTime.basis;
      this.recorderTimes.hit(loc);
    } else {
      this.noTimes.hit(loc);
    }
    if (this.device === undefined && typeof msg['topic'] === 'string') {
      // owntracks/<user>/<device>
      const parts = msg['topic'].split('/');
      this.device = parts.length >= 3 ? parts.slice(1, 3).join('/') : msg['topic'];
    }
    if (this.trackerId === undefined && typeof msg['tid'] === 'string') this.trackerId = msg['tid'];
    const f = this.fixes;
    const i = f.push(t, lat, lon, BASIS[basis]);
    const acc = num(msg['acc']);
    if (acc >= 0) f.set('accuracyM', i, acc);
    f.set('ele', i, num(msg['alt']));
    const vel = num(msg['vel']);
    if (vel >= 0) f.set('speedMps', i, vel / 3.6);
    const cog = num(msg['cog']);
    if (cog >= 0 && cog <= 360) f.set('headingDeg', i, cog);
  }

  private transition(msg: Json, loc: IssueLocation): void {
    this.transitions.hit(loc);
    const tst = num(msg['tst']);
    const when = Number.isNaN(tst) ? 'at an unknown time' : `at ${formatIsoUtc(tst * 1000)}`;
    const lat = num(msg['lat']);
    const lon = num(msg['lon']);
    const where = Number.isNaN(lat) || Number.isNaN(lon) ? '' : ` (device at ${lat}, ${lon})`;
    const event = typeof msg['event'] === 'string' ? msg['event'] : 'transition';
    const region = typeof msg['desc'] === 'string' ? `"${clip(msg['desc'])}"` : 'a region';
    this.issues.add(
      'info',
      'owntracks.transition',
      `Line ${loc.line}: ${event} ${region} ${when}${where}; region events are noted here, not used as positions`,
      loc,
    );
  }

  private waypoint(msg: Json, loc: IssueLocation): void {
    const lat = num(msg['lat']);
    const lon = num(msg['lon']);
    if (
      Number.isNaN(lat) ||
      Number.isNaN(lon) ||
      lat < -90 ||
      lat > 90 ||
      lon < -180 ||
      lon > 180
    ) {
      this.issues.add(
        'warning',
        'owntracks.waypoint.invalid',
        `Line ${loc.line}: region definition without valid lat/lon; skipped`,
        loc,
      );
      return;
    }
    const w: Waypoint = { lat, lon, t: NaN, timeBasis: 'none', line: loc.line! };
    if (typeof msg['desc'] === 'string') w.name = msg['desc'];
    const rad = num(msg['rad']);
    const tst = num(msg['tst']);
    const bits = ['OwnTracks region'];
    if (!Number.isNaN(rad)) bits.push(`radius ${rad} m`);
    if (!Number.isNaN(tst)) bits.push(`defined ${formatIsoUtc(tst * 1000)}`);
    w.description = bits.join(', ');
    this.waypoints.push(w);
  }

  summarise(): void {
    const { issues } = this;
    if (this.recorderTimes.count > 0) {
      issues.add(
        'warning',
        'owntracks.time.from-recorder',
        `${this.recorderTimes.count} location(s) have no "tst" (first at line ${this.recorderTimes.first?.line}); the Recorder's receive time is used instead`,
        this.recorderTimes.first,
      );
    }
    if (this.noTimes.count > 0) {
      issues.add(
        'warning',
        'owntracks.time.missing',
        `${this.noTimes.count} location(s) have no time at all (first at line ${this.noTimes.first?.line}); kept without a time`,
        this.noTimes.first,
      );
    }
    for (const [type, s] of this.skippedTypes) {
      issues.add(
        'info',
        'owntracks.type.skipped',
        `${s.count} "${type}" message(s) (first at line ${s.first.line}) carry no position of the device; skipped`,
        s.first,
      );
    }
  }
}

export function createOwnTracksReader(opts: ReaderOptions): FormatReader {
  const b = new OwnTracksBuilder(opts.fileName);
  const decoder = new TextDecoder('utf-8');
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let lineNo = 0;
  let firstChunk = true;
  let finished: ReaderResult | undefined;
  let crashed: unknown;

  const takeLine = (tail: Uint8Array): void => {
    lineNo++;
    if (overlong) {
      b.issues.add(
        'warning',
        'owntracks.line.too-long',
        `Line ${lineNo} is longer than ${MAX_LINE_BYTES} bytes; skipped`,
        { line: lineNo },
      );
    } else {
      let bytes = tail;
      if (pending.length > 0) {
        bytes = new Uint8Array(pendingBytes + tail.length);
        let o = 0;
        for (const p of pending) {
          bytes.set(p, o);
          o += p.length;
        }
        bytes.set(tail, o);
      }
      b.line(decoder.decode(bytes), lineNo);
    }
    pending = [];
    pendingBytes = 0;
    overlong = false;
  };

  const keep = (piece: Uint8Array): void => {
    if (overlong || piece.length === 0) return;
    pendingBytes += piece.length;
    if (pendingBytes > MAX_LINE_BYTES) {
      overlong = true;
      pending = [];
      return;
    }
    pending.push(piece.slice());
  };

  return {
    push(chunk: Uint8Array): void {
      if (finished !== undefined || crashed !== undefined) return;
      try {
        let data = chunk;
        if (firstChunk && data.length > 0) {
          firstChunk = false;
          if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
        }
        let from = 0;
        for (;;) {
          const nl = data.indexOf(0x0a, from);
          if (nl < 0) break;
          takeLine(data.subarray(from, nl));
          from = nl + 1;
        }
        keep(data.subarray(from));
      } catch (e) {
        crashed = e;
      }
    },
    finish(): ReaderResult {
      if (finished !== undefined) return finished;
      try {
        if (crashed === undefined && (pendingBytes > 0 || overlong)) takeLine(new Uint8Array(0));
      } catch (e) {
        crashed = e;
      }
      if (crashed !== undefined) {
        b.issues.add(
          'error',
          'owntracks.internal-error',
          `Internal error while reading the file (${String(crashed).slice(0, 200)}); positions read before it are kept`,
        );
      }
      b.summarise();
      const readable = b.messages > 0;
      if (!readable) {
        b.issues.add(
          'error',
          'owntracks.not-owntracks',
          'Not an OwnTracks file: no line holds an OwnTracks message',
        );
      } else if (b.fixes.count === 0) {
        b.issues.add(
          'warning',
          'owntracks.no-locations',
          'The file contains no valid location message',
        );
      }
      const { fixes, fixTimeBasis } = b.fixes.build();
      if (fixes.count > 0) b.part.segments.push({ start: 0, end: fixes.count });
      const layout =
        b.recLines > 0
          ? `Recorder .rec${b.spaceSeparated ? ', space-separated (older layout)' : ''}`
          : 'JSON lines';
      const result: ReaderResult = {
        format: 'owntracks',
        formatDetail: `OwnTracks ${layout}${b.trackerId ? ` (tid ${b.trackerId})` : ''}`,
        kind: 'phone',
        fixes,
        fixTimeBasis,
        parts: fixes.count > 0 ? [b.part] : [],
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

const SNIFF_REC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z[\t ]+\S+[\t ]+\{/;

/** Recognises a Recorder `.rec` file (or OwnTracks JSON lines) by its first non-empty line. */
export function sniffOwnTracks(head: Uint8Array, fileName: string): FormatDetection | null {
  let bytes = head.subarray(0, Math.min(head.length, 4096));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const text = new TextDecoder('utf-8').decode(bytes);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const ext = /\.rec$/i.test(fileName);
  if (SNIFF_REC.test(first) && first.includes('"_type"')) {
    return {
      format: 'owntracks',
      reason: 'OwnTracks Recorder line: time, topic, JSON message with "_type"',
      confidence: 0.95,
    };
  }
  if (SNIFF_REC.test(first)) {
    return {
      format: 'owntracks',
      reason: 'Recorder-style line: time, topic, JSON',
      confidence: ext ? 0.8 : 0.6,
    };
  }
  if (/^\s*\{.*"_type"\s*:\s*"(location|transition|waypoint|lwt|card|status)"/.test(first)) {
    return {
      format: 'owntracks',
      reason: 'JSON lines with OwnTracks "_type" messages',
      confidence: 0.85,
    };
  }
  return null;
}
