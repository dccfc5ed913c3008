/**
 * What every Google shape reader fills: measured fixes (columnar, grouped into track parts),
 * what Google inferred (reported stops and movements) kept apart from them, untimed places, and
 * issues — rejected rows one by one with their record index and line (capped per code), repeated
 * conditions (duplicates, backward steps, placeholder positions) counted once with where they
 * first appeared.
 */
import {
  timeBasisCode,
  type FixRange,
  type ReportedMovement,
  type ReportedStop,
  type Severity,
  type TimeBasis,
  type TrackPart,
  type Waypoint,
} from '../../model';
import { FixColumnsBuilder } from '../columns';
import { IssueList, type IssueLocation } from '../issues';
import { inRange, isPlaceholder } from './coords';
import { GoogleTimeParser } from './times';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function clip(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const BASIS: Record<TimeBasis, number> = {
  none: timeBasisCode('none'),
  utc: timeBasisCode('utc'),
  offset: timeBasisCode('offset'),
  'zone-assumed': timeBasisCode('zone-assumed'),
  'naive-as-utc': timeBasisCode('naive-as-utc'),
};

/** Where a record sits in the file. */
export interface Where extends IssueLocation {
  /** What the record is, e.g. `location`, `timeline object`; with `record` it names it in messages. */
  what: string;
}

/** e.g. `location 12` (0-based index within its array, as the issue's `record`). */
export function label(where: Where): string {
  return where.record === undefined ? where.what : `${where.what} ${where.record}`;
}

/** One condition counted over the file and reported once. */
class Count {
  n = 0;
  first: Where | undefined;
  example = '';
}

/** A stream of fixes appended to one track part, split into segments where asked. */
export class PathCursor {
  readonly part: TrackPart;
  private segment: FixRange | undefined;
  lastT = NaN;
  lastLat = NaN;
  lastLon = NaN;
  /** Check time order and repeats against the previous fix of this cursor. */
  constructor(
    part: TrackPart,
    readonly checkOrder: boolean,
  ) {
    this.part = part;
  }

  /** The next fix starts a new segment. */
  breakSegment(): void {
    this.segment = undefined;
  }

  append(index: number): void {
    const s = this.segment;
    if (s !== undefined && s.end === index) {
      s.end = index + 1;
    } else {
      this.segment = { start: index, end: index + 1 };
      this.part.segments.push(this.segment);
    }
  }
}

export interface FixExtras {
  accuracyM?: number;
  ele?: number;
  speedMps?: number;
  headingDeg?: number;
}

export class GoogleResultBuilder {
  readonly issues: IssueList;
  readonly fixes = new FixColumnsBuilder(4096);
  readonly parts: TrackPart[] = [];
  readonly waypoints: Waypoint[] = [];
  readonly stops: ReportedStop[] = [];
  readonly movements: ReportedMovement[] = [];
  readonly devices: string[] = [];
  readonly time = new GoogleTimeParser();
  private readonly counts = new Map<string, { severity: Severity; count: Count; text: string }>();

  constructor(readonly fileName: string) {
    this.issues = new IssueList(fileName);
  }

  cursor(name: string, kind: 'track' | 'route' = 'track', checkOrder = true): PathCursor {
    const part: TrackPart = { kind, name, segments: [] };
    this.parts.push(part);
    return new PathCursor(part, checkOrder);
  }

  device(tag: string): void {
    if (!this.devices.includes(tag)) this.devices.push(tag);
  }

  /** Counts a condition; reported once at the end as `<count> <text> (first at …)`. */
  count(severity: Severity, code: string, text: string, where: Where, example = ''): void {
    let c = this.counts.get(code);
    if (c === undefined) {
      c = { severity, count: new Count(), text };
      this.counts.set(code, c);
    }
    if (c.count.n++ === 0) {
      c.count.first = where;
      c.count.example = example;
    }
  }

  countOf(code: string): number {
    return this.counts.get(code)?.count.n ?? 0;
  }

  /** A rejected or questionable record, located. */
  report(severity: Severity, code: string, message: string, where: Where): void {
    const { what: _what, ...loc } = where;
    this.issues.add(severity, code, message, loc);
  }

  /**
   * Checks a position: rejects (and reports) missing, out-of-range and 0,0 placeholder values.
   * Returns false when the position cannot be used.
   */
  checkPosition(lat: number, lon: number, where: Where, what: string, raw: unknown): boolean {
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      this.report(
        'warning',
        'google.coordinate.invalid',
        `${cap(label(where))}: ${what} has no numeric position (${clip(raw)}); rejected`,
        where,
      );
      return false;
    }
    if (!inRange(lat, lon)) {
      this.report(
        'warning',
        'google.coordinate.out-of-range',
        `${cap(label(where))}: ${what} is out of range (lat ${lat}, lon ${lon}); rejected`,
        where,
      );
      return false;
    }
    if (isPlaceholder(lat, lon)) {
      this.count(
        'warning',
        'google.coordinate.placeholder',
        `position(s) of exactly 0°, 0° (E7 zeros: Google's "no position"); rejected`,
        where,
      );
      return false;
    }
    return true;
  }

  /**
   * Appends a measured (or path) fix to a cursor's part. Exact repeats of the cursor's previous
   * fix (same time and position) are dropped and counted; backward steps are kept and counted.
   * Returns the fix index, or -1 when nothing was added.
   */
  fix(
    cursor: PathCursor,
    t: number,
    basis: TimeBasis,
    lat: number,
    lon: number,
    extras: FixExtras | undefined,
    where: Where,
  ): number {
    if (cursor.checkOrder && !Number.isNaN(t)) {
      if (t === cursor.lastT && lat === cursor.lastLat && lon === cursor.lastLon) {
        this.count(
          'info',
          'google.duplicate',
          'record(s) or path point(s) repeat the previous one exactly (same time and position); the repeats are dropped',
          where,
        );
        return -1;
      }
      if (t < cursor.lastT) {
        this.count(
          'warning',
          'google.time.backwards',
          'record(s) are earlier than the record before them (out of order); kept in file order',
          where,
        );
      }
      cursor.lastT = t;
      cursor.lastLat = lat;
      cursor.lastLon = lon;
    }
    const f = this.fixes;
    const i = f.push(t, lat, lon, BASIS[basis]);
    if (extras !== undefined) {
      if (extras.accuracyM !== undefined && extras.accuracyM >= 0)
        f.set('accuracyM', i, extras.accuracyM);
      if (extras.ele !== undefined) f.set('ele', i, extras.ele);
      if (extras.speedMps !== undefined && extras.speedMps >= 0)
        f.set('speedMps', i, extras.speedMps);
      if (extras.headingDeg !== undefined && extras.headingDeg >= 0 && extras.headingDeg <= 360)
        f.set('headingDeg', i, extras.headingDeg);
    }
    cursor.append(i);
    return i;
  }

  /** Issues for the counted conditions; call once before `issues.finish()`. */
  summarise(): void {
    for (const [code, c] of this.counts) {
      const first = c.count.first!;
      const example = c.count.example ? ` (e.g. ${c.count.example})` : '';
      this.report(
        c.severity,
        code,
        `${c.count.n} ${c.text}; first at ${label(first)}${first.line !== undefined ? `, line ${first.line}` : ''}${example}`,
        first,
      );
    }
    this.counts.clear();
  }
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Confidence in 0..1 from a number that may be a percentage (Takeout writes 0..100). */
export function unitConfidence(v: number): number | undefined {
  if (Number.isNaN(v) || v < 0) return undefined;
  if (v <= 1) return v;
  if (v <= 100) return v / 100;
  return undefined;
}

/**
 * Takeout's worded confidence levels. Google publishes no numbers for them: these are the
 * midpoints of three equal bands, stated in the issue list so an examiner can see the mapping.
 */
export const WORDED_CONFIDENCE: Readonly<Record<string, number>> = {
  LOW: 1 / 6,
  LOW_CONFIDENCE: 1 / 6,
  MEDIUM: 0.5,
  MEDIUM_CONFIDENCE: 0.5,
  HIGH: 5 / 6,
  HIGH_CONFIDENCE: 5 / 6,
};
