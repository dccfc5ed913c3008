/**
 * Exact ISO-8601 / RFC 3339 date-time parsing to UTC epoch milliseconds.
 *
 * `Date.parse` is not used: it reads zone-less forms in the host's zone, so the same file would
 * give different instants on different examiners' machines. Calendar arithmetic is done here
 * instead, so the result depends on the string alone.
 */
import type { TimeBasis } from '../model';

const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Reads `n` ASCII digits at `i`; -1 when any is not a digit. */
function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k]! - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Longest text worth looking at: a date-time with 15 fraction digits and an offset fits. */
const MAX_LENGTH = 64;

/**
 * A reusable parser that reports the basis of the last successful parse in `basis`, so hot loops
 * (one call per GPS fix) allocate nothing per call. Works on bytes so a reader can parse straight
 * from its input buffer.
 */
export class IsoTimeParser {
  basis: TimeBasis = 'none';
  /** Offset of the last parsed time in minutes east of UTC (0 for `Z` and naive times). */
  offsetMinutes = 0;

  private readonly cachedDate = new Uint8Array(10);
  private cachedValid = false;
  private cachedDays = 0;
  private readonly scratch = new Uint8Array(MAX_LENGTH);

  /** Parses a string; see `parseBytes`. */
  parse(input: string): number {
    const s = input.trim();
    if (s.length > MAX_LENGTH) return NaN;
    const b = this.scratch;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      b[i] = c < 0x80 ? c : 0xff;
    }
    return this.parseBytes(b, 0, s.length);
  }

  /**
   * Parses ASCII bytes `b[from, to)` as `YYYY-MM-DD[T ]hh:mm[:ss[.fff…]][Z|±hh[:mm]|±hhmm]`,
   * tolerating surrounding whitespace. Returns UTC epoch ms (fractions of a millisecond kept), or
   * NaN when the text is not such a time or names an impossible date.
   */
  parseBytes(b: Uint8Array, from: number, to: number): number {
    let start = from;
    let end = to;
    while (start < end && b[start]! <= 32) start++;
    while (end > start && b[end - 1]! <= 32) end--;
    if (end - start < 16) return NaN;
    // Consecutive fixes share the date: skip the calendar work when it repeats.
    let days: number;
    const cd = this.cachedDate;
    // Unrolled: this runs once per fix.
    if (
      this.cachedValid &&
      cd[9] === b[start + 9] &&
      cd[8] === b[start + 8] &&
      cd[6] === b[start + 6] &&
      cd[5] === b[start + 5] &&
      cd[3] === b[start + 3] &&
      cd[2] === b[start + 2] &&
      cd[1] === b[start + 1] &&
      cd[0] === b[start] &&
      cd[4] === b[start + 4] &&
      cd[7] === b[start + 7]
    ) {
      days = this.cachedDays;
    } else {
      const year = digits(b, start, 4);
      if (year < 0 || b[start + 4] !== 45 || b[start + 7] !== 45) return NaN;
      const month = digits(b, start + 5, 2);
      const day = digits(b, start + 8, 2);
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
      days = daysFromCivil(year, month, day);
      cd.set(b.subarray(start, start + 10));
      this.cachedValid = true;
      this.cachedDays = days;
    }
    const sep = b[start + 10];
    if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32) return NaN;
    const hour = digits(b, start + 11, 2);
    if (hour < 0 || hour > 23 || b[start + 13] !== 58) return NaN;
    const minute = digits(b, start + 14, 2);
    if (minute < 0 || minute > 59) return NaN;
    let i = start + 16;
    let second = 0;
    let fractionMs = 0;
    if (i < end && b[i] === 58 /* : */) {
      if (i + 3 > end) return NaN;
      second = digits(b, i + 1, 2);
      // 60 would be a leap second; it cannot be represented in epoch ms without guessing.
      if (second < 0 || second > 59) return NaN;
      i += 3;
      if (i < end && (b[i] === 46 /* . */ || b[i] === 44) /* , */) {
        i++;
        let num = 0;
        let scale = 1;
        const fracStart = i;
        while (i < end) {
          const c = b[i]! - 48;
          if (!(c >= 0 && c <= 9)) break;
          // Beyond 15 digits the extra precision is below a femtosecond; ignore it.
          if (i - fracStart < 15) {
            num = num * 10 + c;
            scale *= 10;
          }
          i++;
        }
        if (i === fracStart) return NaN;
        fractionMs = (num * 1000) / scale;
      }
    }
    let offsetMin = 0;
    let basis: TimeBasis;
    if (i === end) {
      basis = 'naive-as-utc';
    } else {
      const z = b[i];
      if ((z === 90 /* Z */ || z === 122) /* z */ && i + 1 === end) {
        basis = 'utc';
      } else if (z === 43 /* + */ || z === 45 /* - */) {
        const rest = end - (i + 3);
        if (rest < 0) return NaN;
        const oh = digits(b, i + 1, 2);
        if (oh < 0 || oh > 23) return NaN;
        let om: number;
        if (rest === 0) om = 0;
        else if (rest === 3 && b[i + 3] === 58) om = digits(b, i + 4, 2);
        else if (rest === 2) om = digits(b, i + 3, 2);
        else return NaN;
        if (om < 0 || om > 59) return NaN;
        offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
        basis = offsetMin === 0 ? 'utc' : 'offset';
      } else {
        return NaN;
      }
    }
    this.basis = basis;
    this.offsetMinutes = offsetMin;
    return days * MS_PER_DAY + ((hour * 60 + minute - offsetMin) * 60 + second) * 1000 + fractionMs;
  }
}

const shared = new IsoTimeParser();

/**
 * Parses an ISO-8601 date-time. `Z` or a zero offset gives basis `utc`, another offset gives
 * `offset`, no zone at all gives the wall time read as UTC with basis `naive-as-utc` (callers
 * must flag it). Impossible dates (month 13, 30 February) and malformed text give null.
 */
export function parseIsoTime(s: string): { t: number; basis: TimeBasis } | null {
  const t = shared.parse(s);
  return Number.isNaN(t) ? null : { t, basis: shared.basis };
}

/** Formats UTC epoch ms as `YYYY-MM-DDThh:mm:ss.sssZ`, independent of the host zone. */
export function formatIsoUtc(t: number): string {
  return new Date(t).toISOString();
}
