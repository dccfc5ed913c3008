/**
 * Time values as GeoJSON producers write them in `properties`: ISO-8601 strings (with `Z`, an
 * offset, or naive) or epoch numbers (also as numeric strings).
 *
 * Epoch unit by magnitude, for |v|:
 * - below 1e11: seconds (1e11 s is the year 5138; 1e11 ms would be 1973-03-03),
 * - below 1e14: milliseconds (up to the year 5138),
 * - below 1e17: microseconds, below 1e20: nanoseconds.
 * So epoch-ms times before March 1973 would be misread as seconds: acceptable for evidence of
 * this century, and the unit used is reported to the examiner in an info issue.
 */
import type { TimeBasis } from '../model';
import { parseIsoTime } from '../time/iso';

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

export interface PropertyTime {
  t: number;
  basis: TimeBasis;
  /** Set when the value was an epoch number. */
  epochUnit?: EpochUnit;
}

const NUMERIC = /^[+-]?\d+(\.\d+)?$/;

export function epochToMs(v: number): { t: number; unit: EpochUnit } | null {
  if (!Number.isFinite(v)) return null;
  const a = Math.abs(v);
  if (a < 1e11) return { t: v * 1000, unit: 's' };
  if (a < 1e14) return { t: v, unit: 'ms' };
  if (a < 1e17) return { t: v / 1000, unit: 'us' };
  if (a < 1e20) return { t: v / 1e6, unit: 'ns' };
  return null;
}

/** Reads one time value; null when it is not a time. */
export function readTimeValue(v: unknown): PropertyTime | null {
  if (typeof v === 'number') {
    const e = epochToMs(v);
    return e === null ? null : { t: e.t, basis: 'utc', epochUnit: e.unit };
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (NUMERIC.test(s)) {
    const e = epochToMs(Number(s));
    return e === null ? null : { t: e.t, basis: 'utc', epochUnit: e.unit };
  }
  const iso = parseIsoTime(s);
  return iso === null ? null : { t: iso.t, basis: iso.basis };
}

/** Property names that carry a feature's time, in order of preference. */
export const TIME_KEYS: readonly string[] = [
  'time',
  'timestamp',
  'datetime',
  'dateTime',
  'date_time',
  'date',
  't',
  'recorded_at',
  'recordedAt',
  'ts',
  'time_long',
  'timestampMs',
  'when',
];

/** Property names that carry per-coordinate times of a LineString (togeojson, GPSBabel, Strava…). */
export const COORD_TIME_KEYS: readonly string[] = ['coordTimes', 'times', 'coordinateTimes'];
