/**
 * NMEA 0183 field values read straight from the sentence bytes. Every function returns NaN (or
 * -1) for a value that is not well formed, and the caller decides whether that voids or rejects
 * the sentence. Dates become days since 1970-01-01 so no host-zone API is ever involved.
 */
import { daysFromCivil, daysInMonth } from '../time/iso';
import { parseDecimalBytes } from '../xml/numbers';

export const MS_PER_DAY = 86_400_000;

/** Field boundaries of one sentence: field k is `body[start[k], end[k])`; field 0 is the address. */
export class Fields {
  readonly start = new Int32Array(64);
  readonly end = new Int32Array(64);
  count = 0;
  body: Uint8Array = new Uint8Array(0);

  split(body: Uint8Array, len: number): void {
    this.body = body;
    let k = 0;
    let s = 0;
    for (let i = 0; i < len && k < 63; i++) {
      if (body[i] === 0x2c /* , */) {
        this.start[k] = s;
        this.end[k] = i;
        k++;
        s = i + 1;
      }
    }
    this.start[k] = s;
    this.end[k] = len;
    this.count = k + 1;
  }

  isEmpty(k: number): boolean {
    return k >= this.count || this.start[k] === this.end[k];
  }

  /** The first character of field k, or 0 when it is empty or absent. */
  char(k: number): number {
    return k < this.count && this.start[k]! < this.end[k]! ? this.body[this.start[k]!]! : 0;
  }

  number(k: number): number {
    if (k >= this.count) return NaN;
    return parseDecimalBytes(this.body, this.start[k]!, this.end[k]!);
  }

  text(k: number): string {
    if (k >= this.count) return '';
    let s = '';
    for (let i = this.start[k]!; i < this.end[k]!; i++) s += String.fromCharCode(this.body[i]!);
    return s;
  }
}

function digitsAt(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k]! - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** `hhmmss` or `hhmmss.sss…` → milliseconds since midnight; NaN when malformed. */
export function timeOfDay(f: Fields, k: number): number {
  if (k >= f.count) return NaN;
  const b = f.body;
  const s = f.start[k]!;
  const e = f.end[k]!;
  if (e - s < 6) return NaN;
  const hh = digitsAt(b, s, 2);
  const mm = digitsAt(b, s + 2, 2);
  const ss = digitsAt(b, s + 4, 2);
  // Second 60 is a leap second, which GPS receivers may print.
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return NaN;
  let ms = 0;
  if (e > s + 6) {
    if (b[s + 6] !== 0x2e /* . */) return NaN;
    let scale = 100;
    let frac = 0;
    for (let i = s + 7; i < e; i++) {
      const c = b[i]! - 48;
      if (!(c >= 0 && c <= 9)) return NaN;
      frac += c * scale;
      scale /= 10;
    }
    ms = Math.round(frac);
  }
  return ((hh * 60 + mm) * 60 + ss) * 1000 + ms;
}

/**
 * `ddmm.mmmm` / `dddmm.mmmm` with its hemisphere letter → signed degrees; NaN when malformed or
 * out of range. Degrees are whatever precedes the two minute digits before the point, so receivers
 * that drop leading zeros still read correctly.
 */
export function coordinate(f: Fields, k: number, hemisphere: number, isLat: boolean): number {
  if (k >= f.count) return NaN;
  const b = f.body;
  const s = f.start[k]!;
  const e = f.end[k]!;
  let dot = e;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === 0x2e) {
      dot = i;
      break;
    }
    if (c < 48 || c > 57) return NaN;
  }
  if (dot - s < 3) return NaN;
  const degrees = digitsAt(b, s, dot - 2 - s);
  const minutes = parseDecimalBytes(b, dot - 2, e);
  if (degrees < 0 || !(minutes >= 0 && minutes < 60)) return NaN;
  const v = degrees + minutes / 60;
  if (v > (isLat ? 90 : 180)) return NaN;
  if (isLat) {
    if (hemisphere === 0x4e /* N */) return v;
    if (hemisphere === 0x53 /* S */) return -v;
  } else {
    if (hemisphere === 0x45 /* E */) return v;
    if (hemisphere === 0x57 /* W */) return -v;
  }
  return NaN;
}

function validDay(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day);
}

/**
 * RMC `ddmmyy` → days since 1970-01-01; NaN when malformed. Two-digit years 80–99 are read as
 * 19xx (GPS began in 1980), the rest as 20xx.
 */
export function rmcDate(f: Fields, k: number): number {
  if (k >= f.count || f.end[k]! - f.start[k]! !== 6) return NaN;
  const b = f.body;
  const s = f.start[k]!;
  const dd = digitsAt(b, s, 2);
  const mo = digitsAt(b, s + 2, 2);
  const yy = digitsAt(b, s + 4, 2);
  if (dd < 0 || mo < 0 || yy < 0) return NaN;
  return validDay(yy >= 80 ? 1900 + yy : 2000 + yy, mo, dd);
}

/** ZDA day, month, four-digit year fields → days since 1970-01-01; NaN when malformed. */
export function zdaDate(f: Fields, kDay: number): number {
  if (kDay + 2 >= f.count) return NaN;
  const b = f.body;
  const ds = f.start[kDay]!;
  const ms = f.start[kDay + 1]!;
  const ys = f.start[kDay + 2]!;
  if (f.end[kDay]! - ds !== 2 || f.end[kDay + 1]! - ms !== 2 || f.end[kDay + 2]! - ys !== 4) {
    return NaN;
  }
  const dd = digitsAt(b, ds, 2);
  const mo = digitsAt(b, ms, 2);
  const yyyy = digitsAt(b, ys, 4);
  if (dd < 0 || mo < 0 || yyyy < 1980) return NaN;
  return validDay(yyyy, mo, dd);
}

export const KNOTS_TO_MPS = 1852 / 3600;
export const KMH_TO_MPS = 1 / 3.6;
