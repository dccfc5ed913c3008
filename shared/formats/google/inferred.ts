/**
 * Shared handling of what Google inferred (visits, activity segments) across the semantic,
 * Android and iOS shapes: confidence in 0..1, de-duplication of repeated visits, order checks
 * and the placeholder/suspicious position checks of a visit's place.
 */
import type { ReportedMovement, ReportedStop, TimeBasis } from '../../model';
import { num, readLocation, type ReadLocation } from './coords';
import {
  cap,
  clip,
  label,
  unitConfidence,
  WORDED_CONFIDENCE,
  type GoogleResultBuilder,
  type Where,
} from './result-builder';
import type { GoogleTime } from './times';

/** A probability or confidence to 0..1. Zero means "not given" in these exports (iOS writes
 * `"0.000000"` for every activity), so it is treated as absent rather than as certainty of
 * the opposite. */
export function probability(v: unknown): number | undefined {
  const n = num(v);
  if (n === 0) return undefined;
  return unitConfidence(n);
}

/** A position of an inferred record, or undefined (reported) when it is absent or unusable. */
export function inferredPosition(
  b: GoogleResultBuilder,
  v: unknown,
  where: Where,
  what: string,
): ReadLocation | undefined {
  const p = readLocation(v);
  if (p === null) return undefined;
  if (Number.isNaN(p.lat) || Number.isNaN(p.lon)) {
    b.report(
      'warning',
      'google.coordinate.invalid',
      `${cap(label(where))}: ${what} is not a readable position (${clip(v)}); left out`,
      where,
    );
    return undefined;
  }
  if (!b.checkPosition(p.lat, p.lon, where, what, v)) return undefined;
  if (p.lat === p.lon) {
    b.count(
      'info',
      'google.coordinate.suspicious',
      'position(s) with identical latitude and longitude, possibly a placeholder; kept',
      where,
      `${p.lat}, ${p.lon}`,
    );
  }
  return p;
}

export class InferredCollector {
  private readonly seen = new Set<string>();
  private lastStart = NaN;
  worded = 0;

  constructor(private readonly b: GoogleResultBuilder) {}

  wordedConfidence(v: unknown): number | undefined {
    if (typeof v !== 'string') return undefined;
    const c = WORDED_CONFIDENCE[v];
    if (c !== undefined) this.worded++;
    return c;
  }

  /** Order check across visits and movements (by start). */
  private order(start: number, where: Where): void {
    if (Number.isNaN(start)) return;
    if (start < this.lastStart) {
      this.b.count(
        'warning',
        'google.inferred.out-of-order',
        'visit(s) or activity segment(s) start before the one before them; kept in file order',
        where,
      );
    }
    this.lastStart = start;
  }

  /** False (counted) when the same record was already read. */
  private fresh(key: string, where: Where): boolean {
    if (this.seen.has(key)) {
      this.b.count(
        'info',
        'google.inferred.duplicate',
        'visit(s) or activity segment(s) repeat an earlier one exactly; the repeats are dropped',
        where,
      );
      return false;
    }
    this.seen.add(key);
    return true;
  }

  stop(s: ReportedStop, where: Where): boolean {
    const key = `v|${s.start}|${s.end}|${s.lat}|${s.lon}|${s.placeId ?? ''}|${s.name ?? ''}`;
    if (!this.fresh(key, where)) return false;
    this.order(s.start, where);
    this.b.stops.push(s);
    return true;
  }

  movement(m: ReportedMovement, where: Where): boolean {
    const key = `m|${m.start}|${m.end}|${m.activity ?? ''}|${m.startLat}|${m.startLon}|${m.endLat}|${m.endLon}`;
    if (!this.fresh(key, where)) return false;
    this.order(m.start, where);
    this.b.movements.push(m);
    return true;
  }

  /** Start and end of a record, with issues for what is missing. */
  span(
    startRaw: unknown,
    endRaw: unknown,
    where: Where,
    zone?: { start?: number; end?: number },
  ): { start: number; end: number; basis: TimeBasis } {
    const b = this.b;
    const s = b.time.parse(startRaw, zone?.start);
    const e = b.time.parse(endRaw, zone?.end);
    const missing: string[] = [];
    if (s === null) missing.push(`start (${startRaw === undefined ? 'absent' : clip(startRaw)})`);
    if (e === null) missing.push(`end (${endRaw === undefined ? 'absent' : clip(endRaw)})`);
    if (missing.length > 0) {
      b.report(
        'warning',
        'google.time.missing',
        `${cap(label(where))}: no readable ${missing.join(' or ')}; kept with the time unknown`,
        where,
      );
    }
    if (s !== null && e !== null && e.t < s.t) {
      b.report(
        'warning',
        'google.time.end-before-start',
        `${cap(label(where))}: ends before it starts; kept as written`,
        where,
      );
    }
    return { start: s?.t ?? NaN, end: e?.t ?? NaN, basis: weakest(s, e) };
  }

  /** Note about worded confidence levels, once. */
  finish(): void {
    if (this.worded > 0) {
      this.b.report(
        'info',
        'google.confidence.worded',
        `${this.worded} confidence(s) were given only as words; read as LOW = 0.17, MEDIUM = 0.5, HIGH = 0.83 (midpoints of three equal bands; Google publishes no numbers)`,
        { what: 'file' },
      );
    }
  }
}

/** The less certain basis of two times (a record is only as well-timed as its worse end). */
function weakest(a: GoogleTime | null, b: GoogleTime | null): TimeBasis {
  const rank: Record<TimeBasis, number> = {
    utc: 0,
    offset: 1,
    'zone-assumed': 2,
    'naive-as-utc': 3,
    none: 4,
  };
  const x = a?.basis ?? 'none';
  const y = b?.basis ?? 'none';
  if (a === null && b !== null) return y;
  if (b === null && a !== null) return x;
  return rank[x] >= rank[y] ? x : y;
}
