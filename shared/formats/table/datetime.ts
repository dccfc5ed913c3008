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

function isDateSep(c: number): boolean {
  return c === 46 || c === 47 || c === 45; // . / -
}

/** The number written by `count` ASCII digits at `b[at]`; -1 when one is not a digit. */
function digits(b: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
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
  /** The bytes being parsed instead of `s`, if any. */
  private b: Uint8Array | undefined;
  /** Scratch for a date's three parts and their digit counts (0 for a month name). */
  private readonly parts = new Float64Array(3);
  private readonly lens = new Int32Array(3);

  constructor(readonly order: DateOrder = 'YMD') {}

  /** A date and a time in one value → wall ms; NaN when unreadable. */
  parseDateTime(s: string): number {
    return this.parseDateTimeIn(s, 0, s.length);
  }

  /** `parseDateTime(s.slice(from, to))` without making the slice. */
  parseDateTimeIn(s: string, from: number, to: number): number {
    if (!this.tokenize(s, from, to)) return NaN;
    return this.afterTokens();
  }

  private afterTokens(): number {
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
    if (!this.tokenize(s, 0, s.length)) return NaN;
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
    if (!this.tokenize(s, 0, s.length)) return NaN;
    return this.time(0);
  }

  private daysOut = 0;

  /**
   * `parseDateTime` of an ASCII cell given as bytes (a CSV line read without decoding it).
   * Undefined when the cell holds a non-ASCII byte: the caller decodes it and parses the text.
   */
  parseDateTimeBytes(b: Uint8Array, from: number, to: number): number | undefined {
    if (to - from === 19) {
      const fixed = this.fixedDateTime(b, from);
      if (!Number.isNaN(fixed)) return fixed;
    }
    for (let i = from; i < to; i++) if (b[i]! >= 0x80) return undefined;
    if (!this.tokenizeBytes(b, from, to)) return NaN;
    return this.afterTokens();
  }

  /**
   * The shape nearly every tracker export writes, read by position: `DD.MM.YYYY HH:MM:SS`
   * (`MM/DD/YYYY …` for MDY, `YYYY-MM-DD …` or `…THH:MM:SS` for YMD), 19 characters, date
   * separators `.`, `/` or `-`, no zone. It gives exactly what the token parser gives for the same
   * text; anything else, an impossible date included, is NaN and left to the token parser.
   */
  private fixedDateTime(b: Uint8Array, at: number): number {
    let y: number;
    let m: number;
    let d: number;
    if (this.order === 'YMD') {
      if (!isDateSep(b[at + 4]!) || !isDateSep(b[at + 7]!)) return NaN;
      y = digits(b, at, 4);
      m = digits(b, at + 5, 2);
      d = digits(b, at + 8, 2);
    } else {
      if (!isDateSep(b[at + 2]!) || !isDateSep(b[at + 5]!)) return NaN;
      const first = digits(b, at, 2);
      const second = digits(b, at + 3, 2);
      y = digits(b, at + 6, 4);
      if (this.order === 'DMY') {
        d = first;
        m = second;
      } else {
        m = first;
        d = second;
      }
    }
    const t = b[at + 10]!;
    if (t !== 32 && t !== 84 && t !== 116) return NaN; // ' ', 'T', 't'
    if (b[at + 13] !== 58 || b[at + 16] !== 58) return NaN;
    const h = digits(b, at + 11, 2);
    const mi = digits(b, at + 14, 2);
    const sec = digits(b, at + 17, 2);
    // digits() gives -1 for a non-digit: every check below then fails.
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
    if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 59) return NaN;
    this.offsetMinutes = NaN;
    return daysFromCivil(y, m, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000;
  }

  /** A token's text (month names, AM/PM, zone letters, long fractions). */
  private tokenText(k: number): string {
    const b = this.b;
    if (b === undefined) return this.s.slice(this.start[k], this.end[k]);
    let out = '';
    for (let i = this.start[k]!; i < this.end[k]!; i++) out += String.fromCharCode(b[i]!);
    return out;
  }

  /** `tokenize` over ASCII bytes: the same tokens as over the same text. */
  private tokenizeBytes(s: Uint8Array, from: number, to: number): boolean {
    this.b = s;
    this.offsetMinutes = NaN;
    let n = 0;
    const len = to;
    let i = from;
    while (i < len) {
      const c = s[i]!;
      if (c <= 32) {
        i++;
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
          const d = s[i]! - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          i++;
        }
        if (i - from > 15) return false;
        this.kind[n] = DIGIT;
        this.value[n] = v;
      } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        while (i < len) {
          const d = s[i]!;
          if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122))) break;
          i++;
        }
        this.kind[n] = ALPHA;
        this.value[n] = 0;
      } else {
        i++;
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

  private tokenize(s: string, from: number, to: number): boolean {
    this.s = s;
    this.b = undefined;
    this.offsetMinutes = NaN;
    let n = 0;
    const len = to;
    let i = from;
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

  /** Is token k a separator among the given characters (unused slots are -1)? */
  private isSep(k: number, a: number, b = -1, c = -1, d = -1, e = -1): boolean {
    if (k >= this.count || this.kind[k] !== SEP) return false;
    const v = this.value[k]!;
    return v === a || v === b || v === c || v === d || v === e;
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
      const parts = this.parts;
      const lens = this.lens;
      let found = 0;
      let monthAt = -1;
      let j = k;
      while (found < 3 && j < this.count) {
        if (this.kind[j] === DIGIT) {
          parts[found] = this.value[j]!;
          lens[found] = this.len(j);
        } else if (this.kind[j] === ALPHA) {
          const mm = monthFromName(this.tokenText(j));
          if (mm === 0 || monthAt >= 0) return -1;
          monthAt = found;
          parts[found] = mm;
          lens[found] = 0;
        } else {
          return -1;
        }
        found++;
        j++;
        if (found < 3) {
          // One separator (`-`, `/`, `.`, space, or `, ` after a month name).
          if (!this.isSep(j, 45, 47, 46, 32, 44)) return -1;
          j++;
          if (this.isSep(j, 32)) j++;
        }
      }
      if (found !== 3) return -1;
      next = j;
      // `15.06.2024.` trailing dot is common in some locales.
      if (this.isSep(next, 46) && this.order === 'DMY') next++;
      if (monthAt >= 0) {
        m = parts[monthAt]!;
        const a = monthAt === 0 ? 1 : 0;
        const b = monthAt === 2 ? 1 : 2;
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
      const c = this.tokenText(k).charCodeAt(0) | 0x20;
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
      // Up to microseconds kept as a fraction of a millisecond.
      frac =
        digits <= 15
          ? (this.value[j + 1]! * 1000) / 10 ** digits
          : Number(`0.${this.tokenText(j + 1)}`) * 1000;
      j += 2;
    }
    if (j < n && this.isSep(j, 32)) j++;
    if (j < n && this.kind[j] === ALPHA) {
      const word = this.tokenText(j).toLowerCase();
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
      const word = this.tokenText(j).toUpperCase();
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
