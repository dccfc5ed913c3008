/**
 * Date and time cells of tables: together (`15.06.2024 10:30:00`) or apart (a date column and a
 * time column), in the common orders, compact forms (`250724` + `173418`), English month names,
 * AM/PM, and an optional zone (`Z`, `UTC`, `+02:00`, `+0200`, ` +00:00`).
 *
 * Results are WALL times expressed as epoch ms "as if UTC" plus the offset when the value stated
 * one; placing a naive wall time in a zone is `zone.ts`'s job. Nothing here reads the host zone.
 * The parser is a reusable object that allocates nothing per call (millions of rows).
 */
import { daysFromCivil, daysInMonth } from '../../time/iso';

export type DateOrder = 'YMD' | 'DMY' | 'MDY';

const MS_PER_DAY = 86_400_000;
const MAX_TOKENS = 24;

const DIGIT = 0;
const ALPHA = 1;
const SEP = 2;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthFromName(name: string): number {
  const k = name.slice(0, 3).toLowerCase();
  const i = MONTHS.indexOf(k);
  // "mai", "okt", "dez", "mrz", "maa" (de/nl/fr) are common enough to accept.
  if (i >= 0) return i + 1;
  return { mai: 5, okt: 10, dez: 12, mrz: 3, maa: 3, mei: 5, avr: 4, aoû: 8, déc: 12 }[k] ?? 0;
}

function fullYear(y: number, digits: number): number {
  if (digits === 4) return y;
  if (digits === 2) return y <= 69 ? 2000 + y : 1900 + y;
  return -1;
}

export class TableDateTimeParser {
  /** Offset in minutes east of UTC stated by the last parsed value, or NaN when it stated none. */
  offsetMinutes = NaN;

  private readonly kind = new Uint8Array(MAX_TOKENS);
  private readonly start = new Int32Array(MAX_TOKENS);
  private readonly end = new Int32Array(MAX_TOKENS);
  private readonly value = new Float64Array(MAX_TOKENS);
  private count = 0;
  private s = '';

  constructor(readonly order: DateOrder = 'YMD') {}

  /** A date and a time in one value → wall ms; NaN when unreadable. */
  parseDateTime(s: string): number {
    if (!this.tokenize(s)) return NaN;
    const pos = this.date(0);
    if (pos < 0) return NaN;
    const days = this.daysOut;
    const p = this.skipTimeSeparator(pos);
    if (p >= this.count) return NaN;
    const ms = this.time(p);
    return Number.isNaN(ms) ? NaN : days * MS_PER_DAY + ms;
  }

  /** A date alone → wall ms of its midnight; NaN when unreadable. A time of 00:00 may follow. */
  parseDate(s: string): number {
    if (!this.tokenize(s)) return NaN;
    const pos = this.date(0);
    if (pos < 0) return NaN;
    const days = this.daysOut;
    if (pos < this.count) {
      const ms = this.time(this.skipTimeSeparator(pos));
      if (ms !== 0) return NaN;
    }
    this.offsetMinutes = NaN;
    return days * MS_PER_DAY;
  }

  /** A time of day alone → ms since midnight; NaN when unreadable. */
  parseTime(s: string): number {
    if (!this.tokenize(s)) return NaN;
    return this.time(0);
  }

  private daysOut = 0;

  private tokenize(s: string): boolean {
    this.s = s;
    this.offsetMinutes = NaN;
    let n = 0;
    const len = s.length;
    let i = 0;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c <= 32) {
        i++;
        // Whitespace separates like a separator, but only one is recorded.
        if (n > 0 && this.kind[n - 1] !== SEP) {
          if (n >= MAX_TOKENS) return false;
          this.kind[n] = SEP;
          this.start[n] = i - 1;
          this.end[n] = i;
          this.value[n] = 32;
          n++;
        }
        continue;
      }
      if (n >= MAX_TOKENS) return false;
      const from = i;
      if (c >= 48 && c <= 57) {
        let v = 0;
        while (i < len) {
          const d = s.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          i++;
        }
        if (i - from > 15) return false;
        this.kind[n] = DIGIT;
        this.value[n] = v;
      } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) {
        while (i < len) {
          const d = s.charCodeAt(i);
          if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 0xc0 && d !== 0x2009)))
            break;
          i++;
        }
        this.kind[n] = ALPHA;
        this.value[n] = 0;
      } else {
        i++;
        // A space recorded before a separator is dropped: `12 :30` is rare, `2024-06-15 ,` too.
        if (n > 0 && this.kind[n - 1] === SEP && this.value[n - 1] === 32) n--;
        this.kind[n] = SEP;
        this.value[n] = c;
      }
      this.start[n] = from;
      this.end[n] = i;
      n++;
    }
    if (n > 0 && this.kind[n - 1] === SEP && this.value[n - 1] === 32) n--;
    this.count = n;
    return n > 0;
  }

  private len(k: number): number {
    return this.end[k]! - this.start[k]!;
  }

  private isSep(k: number, ...chars: number[]): boolean {
    return k < this.count && this.kind[k] === SEP && chars.includes(this.value[k]!);
  }

  /** Parses a date from token k; sets daysOut; returns the next token or -1. */
  private date(k: number): number {
    if (k >= this.count) return -1;
    let y: number;
    let m: number;
    let d: number;
    let next: number;
    if (this.kind[k] === DIGIT && (this.len(k) === 8 || this.len(k) === 6)) {
      // Compact: YYYYMMDD / YYMMDD, DDMMYYYY / DDMMYY, MMDDYYYY / MMDDYY.
      const v = this.value[k]!;
      const long = this.len(k) === 8;
      const yDigits = long ? 4 : 2;
      const yMod = long ? 10000 : 100;
      if (this.order === 'YMD') {
        y = fullYear(Math.floor(v / 10000), yDigits);
        m = Math.floor(v / 100) % 100;
        d = v % 100;
      } else {
        const a = Math.floor(v / (yMod * 100));
        const b = Math.floor(v / yMod) % 100;
        y = fullYear(v % yMod, yDigits);
        if (this.order === 'DMY') {
          d = a;
          m = b;
        } else {
          m = a;
          d = b;
        }
      }
      next = k + 1;
    } else {
      // Three parts with separators; a month name may take any place.
      const parts: number[] = [];
      const lens: number[] = [];
      let monthAt = -1;
      let j = k;
      while (parts.length < 3 && j < this.count) {
        if (this.kind[j] === DIGIT) {
          parts.push(this.value[j]!);
          lens.push(this.len(j));
        } else if (this.kind[j] === ALPHA) {
          const mm = monthFromName(this.s.slice(this.start[j], this.end[j]));
          if (mm === 0 || monthAt >= 0) return -1;
          monthAt = parts.length;
          parts.push(mm);
          lens.push(0);
        } else {
          return -1;
        }
        j++;
        if (parts.length < 3) {
          // One separator (`-`, `/`, `.`, space, or `, ` after a month name).
          if (!this.isSep(j, 45, 47, 46, 32, 44)) return -1;
          j++;
          if (this.isSep(j, 32)) j++;
        }
      }
      if (parts.length !== 3) return -1;
      next = j;
      // `15.06.2024.` trailing dot is common in some locales.
      if (this.isSep(next, 46) && this.order === 'DMY') next++;
      if (monthAt >= 0) {
        m = parts[monthAt]!;
        const others = [0, 1, 2].filter((x) => x !== monthAt);
        const [a, b] = others as [number, number];
        if (lens[a] === 4) {
          y = parts[a]!;
          d = parts[b]!;
        } else if (lens[b] === 4) {
          y = parts[b]!;
          d = parts[a]!;
        } else {
          return -1;
        }
      } else if (this.order === 'YMD') {
        if (lens[0] !== 4 || lens[1]! > 2 || lens[2]! > 2) return -1;
        y = parts[0]!;
        m = parts[1]!;
        d = parts[2]!;
      } else {
        if (lens[0]! > 2 || lens[1]! > 2) return -1;
        y = fullYear(parts[2]!, lens[2]!);
        if (this.order === 'DMY') {
          d = parts[0]!;
          m = parts[1]!;
        } else {
          m = parts[0]!;
          d = parts[1]!;
        }
      }
    }
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
    this.daysOut = daysFromCivil(y, m, d);
    return next;
  }

  private skipTimeSeparator(k: number): number {
    if (k < this.count && this.kind[k] === ALPHA && this.len(k) === 1) {
      const c = this.s.charCodeAt(this.start[k]!) | 0x20;
      if (c === 116 /* t */) return k + 1;
    }
    // ISO `2024-06-15T10:30` tokenizes `T10` as ALPHA then DIGIT; `, ` and `-` also occur.
    if (this.isSep(k, 32, 44, 45, 95)) {
      k++;
      if (this.isSep(k, 32)) k++;
    }
    return k;
  }

  /** Parses a time of day from token k to the end (with zone); ms since midnight or NaN. */
  private time(k: number): number {
    const n = this.count;
    if (k >= n || this.kind[k] !== DIGIT) return NaN;
    let h: number;
    let mi: number;
    let sec = 0;
    let frac = 0;
    let j: number;
    const l0 = this.len(k);
    if (l0 === 4 || l0 === 6) {
      const v = this.value[k]!;
      if (l0 === 4) {
        h = Math.floor(v / 100);
        mi = v % 100;
      } else {
        h = Math.floor(v / 10000);
        mi = Math.floor(v / 100) % 100;
        sec = v % 100;
      }
      j = k + 1;
    } else {
      if (l0 > 2 || !this.isSep(k + 1, 58) || k + 2 >= n || this.kind[k + 2] !== DIGIT) return NaN;
      if (this.len(k + 2) !== 2) return NaN;
      h = this.value[k]!;
      mi = this.value[k + 2]!;
      j = k + 3;
      if (this.isSep(j, 58)) {
        if (j + 1 >= n || this.kind[j + 1] !== DIGIT || this.len(j + 1) !== 2) return NaN;
        sec = this.value[j + 1]!;
        j += 2;
      }
    }
    if ((this.isSep(j, 46) || this.isSep(j, 44)) && j + 1 < n && this.kind[j + 1] === DIGIT) {
      const digits = this.len(j + 1);
      const text = this.s.slice(this.start[j + 1], this.end[j + 1]);
      // Up to microseconds kept as a fraction of a millisecond.
      frac = digits <= 15 ? (this.value[j + 1]! * 1000) / 10 ** digits : Number(`0.${text}`) * 1000;
      j += 2;
    }
    if (j < n && this.isSep(j, 32)) j++;
    if (j < n && this.kind[j] === ALPHA) {
      const word = this.s.slice(this.start[j], this.end[j]).toLowerCase();
      if (word === 'am' || word === 'pm') {
        if (h < 1 || h > 12) return NaN;
        h = (h % 12) + (word === 'pm' ? 12 : 0);
        j++;
        if (j < n && this.isSep(j, 32)) j++;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return NaN;
    const zone = this.zone(j);
    if (zone === -1) return NaN;
    return ((h * 60 + mi) * 60 + sec) * 1000 + frac;
  }

  /** Reads an optional zone from token k to the end; sets offsetMinutes; -1 when malformed. */
  private zone(k: number): number {
    const n = this.count;
    if (k >= n) return 0;
    let j = k;
    if (this.kind[j] === ALPHA) {
      const word = this.s.slice(this.start[j], this.end[j]).toUpperCase();
      if (word !== 'Z' && word !== 'UTC' && word !== 'GMT') return -1;
      this.offsetMinutes = 0;
      j++;
      if (j >= n) return 0;
    }
    if (!this.isSep(j, 43, 45) || j + 1 >= n || this.kind[j + 1] !== DIGIT) return -1;
    const sign = this.value[j] === 45 ? -1 : 1;
    const l = this.len(j + 1);
    let oh: number;
    let om = 0;
    let end = j + 2;
    if (l === 4) {
      oh = Math.floor(this.value[j + 1]! / 100);
      om = this.value[j + 1]! % 100;
    } else if (l <= 2) {
      oh = this.value[j + 1]!;
      if (this.isSep(end, 58)) {
        if (end + 1 >= n || this.kind[end + 1] !== DIGIT || this.len(end + 1) !== 2) return -1;
        om = this.value[end + 1]!;
        end += 2;
      }
    } else {
      return -1;
    }
    if (end !== n || oh > 18 || om > 59) return -1;
    this.offsetMinutes = sign * (oh * 60 + om);
    return 0;
  }
}

/** Parses a UTC offset cell (`+02:00`, `-0700`, `+2`, `UTC+1`) to minutes; NaN when unreadable. */
export function parseUtcOffset(s: string): number {
  const m = /^\s*(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$/i.exec(s);
  if (!m) return /^\s*(?:Z|UTC|GMT)\s*$/i.test(s) ? 0 : NaN;
  const oh = Number(m[2]);
  const om = m[3] === undefined ? 0 : Number(m[3]);
  if (oh > 18 || om > 59) return NaN;
  return (m[1] === '-' ? -1 : 1) * (oh * 60 + om);
}

/** Epoch seconds or milliseconds → UTC ms; NaN when not a plain number. */
export function parseEpoch(s: string, unit: 's' | 'ms'): number {
  const t = s.trim();
  if (!/^[+-]?\d+(?:\.\d+)?$/.test(t)) return NaN;
  const v = Number(t);
  return unit === 's' ? v * 1000 : v;
}

/** Excel serial day number → wall ms (as if UTC). The 1900 system keeps Excel's fake 1900-02-29. */
export function excelSerialToWallMs(serial: number, date1904: boolean): number {
  if (!Number.isFinite(serial) || serial < 0) return NaN;
  const ms = Math.round(serial * MS_PER_DAY);
  if (date1904) return Date.UTC(1904, 0, 1) + ms;
  // Serials before 60 (1900-03-01) count from 1899-12-31; Excel's phantom 29 Feb 1900 is 60.
  if (serial < 60) return Date.UTC(1899, 11, 31) + ms;
  if (serial < 61) return NaN;
  return Date.UTC(1899, 11, 30) + ms;
}
