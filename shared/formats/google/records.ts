/**
 * Takeout `Records.json` and the legacy `Location History.json`: `{"locations":[…]}`, each
 * location a raw fix the device measured.
 *
 * Mapping: `latitudeE7`/`longitudeE7` → position (32-bit overflowed values unwrapped and counted);
 * `timestamp` (ISO, Records.json) or `timestampMs` (legacy) → time, UTC; `accuracy` (m),
 * `altitude` (m), `velocity` (m/s), `heading` (°) → columns; `deviceTag` → the source's device
 * (several tags are listed and reported). `verticalAccuracy`, `source` (GPS/WIFI/CELL) and the
 * nested `activity[]` guesses are not positions: they are counted in an info issue. Locations
 * without a readable time are kept untimed and reported; without a usable position rejected.
 * Exact repeats of the previous location are dropped and counted; backward steps counted.
 */
import type { TimeBasis } from '../../model';
import { e7PairToDegrees, num } from './coords';
import type { ScannedLines } from '../json-stream';
import { RecordsFastPath, type LocationFields } from './records-fast';
import {
  cap,
  clip,
  isObject,
  label,
  type FixExtras,
  type GoogleResultBuilder,
  type PathCursor,
  type Where,
} from './result-builder';

export class RecordsShape {
  locations = 0;
  isoTimes = 0;
  msTimes = 0;
  private cursor: PathCursor | undefined;
  private readonly sources = new Map<string, number>();
  private withActivity = 0;
  private lastDeviceTag: unknown = undefined;
  private readonly extras: FixExtras = {};

  private readonly fast: RecordsFastPath;
  private readonly fields: LocationFields = {
    latE7: undefined,
    lonE7: undefined,
    accuracy: NaN,
    altitude: NaN,
    velocity: NaN,
    heading: NaN,
    deviceTag: undefined,
    source: undefined,
    hasActivity: false,
  };

  constructor(private readonly b: GoogleResultBuilder) {
    this.fast = new RecordsFastPath(b.time.iso);
  }

  /**
   * Reads a location in place from the input chunk when the fast path can; returns its end, or
   * -1 to let the splitter collect it.
   */
  scanLocation(b: Uint8Array, start: number, where: Where, lines: ScannedLines): number {
    const end = this.fast.readAt(b, start, b.length, this.fields);
    if (end < 0) return -1;
    lines.count = this.fast.newlines;
    lines.last = this.fast.lastNewline;
    this.locations++;
    this.values(this.fields, this.fast.t, true, undefined, where);
    return end;
  }

  /** Reads a location from its bytes when the fast path can; false sends it to `JSON.parse`. */
  rawLocation(bytes: Uint8Array, where: Where): boolean {
    const t = this.fast.read(bytes, this.fields);
    if (t === undefined) return false;
    this.locations++;
    this.values(this.fields, t, true, undefined, where);
    return true;
  }

  location(v: unknown, where: Where): void {
    this.locations++;
    if (!isObject(v)) {
      this.b.report(
        'warning',
        'google.record.invalid',
        `${cap(label(where))}: not a JSON object (${clip(v)}); skipped`,
        where,
      );
      return;
    }
    const ts = v['timestamp'];
    const tsText = typeof ts === 'string' ? ts : undefined;
    this.values(
      {
        latE7: v['latitudeE7'],
        lonE7: v['longitudeE7'],
        accuracy: num(v['accuracy']),
        altitude: num(v['altitude']),
        velocity: num(v['velocity']),
        heading: num(v['heading']),
        deviceTag: v['deviceTag'],
        source: typeof v['source'] === 'string' ? v['source'] : undefined,
        hasActivity: v['activity'] !== undefined,
      },
      tsText !== undefined ? this.b.time.isoMs(tsText) : NaN,
      tsText !== undefined,
      tsText ?? v['timestampMs'],
      where,
    );
  }

  /**
   * `isoT` is the parsed ISO `timestamp` when `hasIso`; otherwise `rawTime` (timestampMs) is
   * parsed here.
   */
  private values(
    f: LocationFields,
    isoT: number,
    hasIso: boolean,
    rawTime: unknown,
    where: Where,
  ): void {
    const b = this.b;
    const { lat, lon, wrapped } = e7PairToDegrees(f.latE7, f.lonE7);
    if (!b.checkPosition(lat, lon, where, 'the location', [f.latE7, f.lonE7])) return;
    if (wrapped)
      b.count(
        'warning',
        'google.coordinate.e7-overflow',
        'location(s) with an E7 value that overflowed a 32-bit integer (a known Takeout fault); unwrapped by subtracting 2^32',
        where,
      );
    let t: number;
    let basis: TimeBasis = 'utc';
    if (hasIso) {
      t = isoT;
      if (!Number.isNaN(t)) {
        basis = b.time.lastIsoBasis;
        this.isoTimes++;
      }
    } else {
      const parsed = b.time.parse(rawTime);
      t = parsed === null ? NaN : parsed.t;
      if (parsed !== null) this.msTimes++;
    }
    if (Number.isNaN(t)) {
      basis = 'none';
      b.report(
        'warning',
        'google.time.invalid',
        `${cap(label(where))}: no readable "timestamp" or "timestampMs" (${clip(rawTime)}); kept without a time`,
        where,
      );
    } else if (basis === 'naive-as-utc') {
      b.count(
        'warning',
        'google.time.no-zone',
        'time(s) without a zone, read as UTC',
        where,
        String(rawTime),
      );
    }
    const tag = f.deviceTag;
    if (tag !== undefined && tag !== this.lastDeviceTag) {
      this.lastDeviceTag = tag;
      b.device(`deviceTag ${String(tag)}`);
    }
    if (f.source !== undefined) this.sources.set(f.source, (this.sources.get(f.source) ?? 0) + 1);
    if (f.hasActivity) this.withActivity++;
    const cursor = (this.cursor ??= b.cursor('Google location records'));
    const extras = this.extras;
    extras.accuracyM = f.accuracy;
    extras.ele = f.altitude;
    extras.speedMps = f.velocity;
    extras.headingDeg = f.heading;
    b.fix(cursor, t, basis, lat, lon, extras, where);
  }

  /** Info issues about what was read but is not a position; the format detail. */
  finish(): string {
    const b = this.b;
    if (this.withActivity > 0) {
      b.report(
        'info',
        'google.records.activity-skipped',
        `${this.withActivity} location(s) carry Google's activity guesses ("activity"); these are inferences, not positions, and are not imported`,
        { what: 'file' },
      );
    }
    if (this.sources.size > 0) {
      const list = [...this.sources].map(([s, n]) => `${s} ${n}`).join(', ');
      b.report(
        'info',
        'google.records.sources',
        `Position sources as Google labelled them: ${list} (WIFI and CELL positions are estimates, see each fix's accuracy)`,
        { what: 'file' },
      );
    }
    if (b.devices.length > 1) {
      b.report(
        'warning',
        'google.records.several-devices',
        `The records come from ${b.devices.length} devices (${b.devices.join(', ')}); they are one source here`,
        { what: 'file' },
      );
    }
    return this.msTimes > this.isoTimes
      ? 'Google Takeout Location History.json (legacy, timestampMs)'
      : 'Google Takeout Records.json';
  }
}
