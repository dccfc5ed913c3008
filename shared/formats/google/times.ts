/**
 * The time spellings of Google's location exports, each to UTC epoch ms with its basis:
 * - `timestampMs` / `startTimestampMs`: epoch milliseconds, as a number or a numeric string (UTC);
 * - ISO 8601 with `Z` (Takeout) or with an offset (on-device exports, `+10:00`);
 * - ISO without a zone: placed with the segment's `*TimezoneUtcOffsetMinutes` when given,
 *   otherwise read as UTC and flagged (`naive-as-utc`);
 * - `durationMinutesOffsetFromStartTime` (iOS): whole minutes after the segment's start.
 * Never `Date.parse`: it reads zone-less text in the host's zone.
 */
import type { TimeBasis } from '../../model';
import { IsoTimeParser } from '../../time/iso';
import { num } from './coords';

export interface GoogleTime {
  t: number;
  basis: TimeBasis;
  /** Minutes east of UTC written in the text (0 for `Z`, epoch ms and naive times). */
  offsetMinutes: number;
}

/** Epoch ms up to the year 2286 has at most 13 digits; anything longer is not milliseconds. */
const EPOCH_MS_TEXT = /^\s*-?\d{1,13}(\.\d+)?\s*$/;

/** Epoch milliseconds from a number or a numeric string; NaN otherwise. */
export function parseTimestampMs(v: unknown): number {
  if (typeof v === 'string' && !EPOCH_MS_TEXT.test(v)) return NaN;
  return num(v);
}

/**
 * A reusable parser (one per reader: it caches the last date, so a 2-million-record file costs no
 * allocation per time).
 */
export class GoogleTimeParser {
  /** Exposed for byte-level fast paths, which then read `lastIsoBasis`. */
  readonly iso = new IsoTimeParser();

  /**
   * An ISO string, or epoch ms as a number or numeric string. `zoneOffsetMinutes` places a
   * zone-less ISO time (from `startTimeTimezoneUtcOffsetMinutes`). Null when unreadable.
   */
  parse(v: unknown, zoneOffsetMinutes?: number): GoogleTime | null {
    if (typeof v === 'number') {
      return Number.isFinite(v) ? { t: v, basis: 'utc', offsetMinutes: 0 } : null;
    }
    if (typeof v !== 'string') return null;
    if (EPOCH_MS_TEXT.test(v)) {
      const t = Number(v);
      return Number.isFinite(t) ? { t, basis: 'utc', offsetMinutes: 0 } : null;
    }
    const t = this.iso.parse(v);
    if (Number.isNaN(t)) return null;
    const basis = this.iso.basis;
    if (basis === 'naive-as-utc' && zoneOffsetMinutes !== undefined) {
      return {
        t: t - zoneOffsetMinutes * 60_000,
        basis: zoneOffsetMinutes === 0 ? 'utc' : 'offset',
        offsetMinutes: zoneOffsetMinutes,
      };
    }
    return { t, basis, offsetMinutes: this.iso.offsetMinutes };
  }

  /** Just the instant of an ISO string (hot path of Records.json); NaN when unreadable. */
  isoMs(s: string): number {
    return this.iso.parse(s);
  }

  /** Basis of the last successful `isoMs`. */
  get lastIsoBasis(): TimeBasis {
    return this.iso.basis;
  }
}

/** A point `minutes` after the segment start (iOS `durationMinutesOffsetFromStartTime`). */
export function addMinuteOffset(start: number, minutes: unknown): number {
  const m = num(minutes);
  return Number.isNaN(m) || Number.isNaN(start) ? NaN : start + m * 60_000;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats UTC epoch ms as ISO with the given offset (`Z` when null), as Google writes it:
 * `2017-05-02T12:12:04+10:00`, with milliseconds when `ms` is set. For tests and messages.
 */
export function formatIsoWithOffset(t: number, offsetMinutes: number | null, ms = false): string {
  const local = new Date(t + (offsetMinutes ?? 0) * 60_000);
  const body =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms ? `.${pad(local.getUTCMilliseconds(), 3)}` : '');
  if (offsetMinutes === null) return `${body}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return `${body}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
