/**
 * Byte-level fast path for Records.json locations: a multi-GB export holds millions of small,
 * flat objects, and `JSON.parse` + an object per location is most of the reading time. This
 * reads the common fields straight from the input chunk (numbers exactly as `JSON.parse` would,
 * ISO times without making a string), in place through the splitter's `scanRecord` hook, so the
 * bytes of a location are looked at once. It validates everything it passes over, nested values
 * included, and gives up — so the record takes the splitter's usual way and `JSON.parse` — on
 * anything it does not fully understand: escapes, non-ASCII text, exponents, more than 15
 * digits, numbers written as strings, missing E7 values, an unreadable or zone-less time. A
 * record crossing a chunk boundary is collected by the splitter first and read from its bytes
 * the same way (`read`). A property test checks that both ways give identical results.
 */
import type { IsoTimeParser } from '../../time/iso';

/** The fields of one location, however they were read. */
export interface LocationFields {
  latE7: unknown;
  lonE7: unknown;
  accuracy: number;
  altitude: number;
  velocity: number;
  heading: number;
  deviceTag: unknown;
  source: string | undefined;
  hasActivity: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

const K_LAT = ascii('latitudeE7');
const K_LON = ascii('longitudeE7');
const K_ACC = ascii('accuracy');
const K_ALT = ascii('altitude');
const K_VEL = ascii('velocity');
const K_HEAD = ascii('heading');
const K_TS = ascii('timestamp');
const K_TSMS = ascii('timestampMs');
const K_TAG = ascii('deviceTag');
const K_SRC = ascii('source');
const K_ACT = ascii('activity');

const enum Key {
  Other,
  Lat,
  Lon,
  Acc,
  Alt,
  Vel,
  Head,
  Ts,
  TsMs,
  Tag,
  Src,
  Act,
}

/** The key's id: a switch on length and a distinguishing byte, then one exact comparison. */
function keyOf(b: Uint8Array, s: number, e: number): Key {
  let k: Key;
  let ref: Uint8Array;
  switch (e - s) {
    case 10:
      k = Key.Lat;
      ref = K_LAT;
      break;
    case 11:
      if (b[s] === 0x6c) {
        k = Key.Lon;
        ref = K_LON;
      } else {
        k = Key.TsMs;
        ref = K_TSMS;
      }
      break;
    case 8:
      if (b[s] === 0x76) {
        k = Key.Vel;
        ref = K_VEL;
      } else if (b[s + 1] === 0x6c) {
        k = Key.Alt;
        ref = K_ALT;
      } else if (b[s + 2] === 0x63) {
        k = Key.Acc;
        ref = K_ACC;
      } else {
        k = Key.Act;
        ref = K_ACT;
      }
      break;
    case 7:
      k = Key.Head;
      ref = K_HEAD;
      break;
    case 9:
      if (b[s] === 0x74) {
        k = Key.Ts;
        ref = K_TS;
      } else {
        k = Key.Tag;
        ref = K_TAG;
      }
      break;
    case 6:
      k = Key.Src;
      ref = K_SRC;
      break;
    default:
      return Key.Other;
  }
  return keyIs(b, s, e, ref) ? k : Key.Other;
}

function keyIs(b: Uint8Array, s: number, e: number, k: Uint8Array): boolean {
  if (e - s !== k.length) return false;
  for (let i = 0; i < k.length; i++) if (b[s + i] !== k[i]) return false;
  return true;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Reads state shared by the scanner functions; one per reader, reused for every record so the
 * hot loop allocates only the fields object.
 */
export class RecordsFastPath {
  private b: Uint8Array = new Uint8Array(0);
  private i = 0;
  private end = 0;
  private num = NaN;
  private sourceCache = new Map<number, string>();

  constructor(private readonly iso: IsoTimeParser) {}

  /** Line breaks crossed by the last successful `readAt` and the index of the last one. */
  newlines = 0;
  lastNewline = -1;
  /** The ISO time (ms) of the last successful read. */
  t = NaN;

  /**
   * Fills `out` from a whole record's bytes; returns the ISO time (ms) or undefined when the
   * record must take the ordinary path.
   */
  read(bytes: Uint8Array, out: LocationFields): number | undefined {
    const end = this.readAt(bytes, 0, bytes.length, out);
    if (end < 0) return undefined;
    this.i = end;
    this.ws();
    return this.i === bytes.length ? this.t : undefined;
  }

  /**
   * Reads the location object starting at `b[start]` (its `{`) without going past `limit`;
   * returns the index just after its closing `}`, or -1 when the record must take the ordinary
   * path (including when it does not end before `limit`).
   */
  readAt(bytes: Uint8Array, start: number, limit: number, out: LocationFields): number {
    this.b = bytes;
    this.i = start;
    this.end = limit;
    this.newlines = 0;
    this.lastNewline = -1;
    out.latE7 = undefined;
    out.lonE7 = undefined;
    out.accuracy = NaN;
    out.altitude = NaN;
    out.velocity = NaN;
    out.heading = NaN;
    out.deviceTag = undefined;
    out.source = undefined;
    out.hasActivity = false;
    let t = NaN;
    let sawTime = false;
    const b = bytes;
    if (b[this.i] !== 0x7b) return -1;
    this.i++;
    this.ws();
    if (b[this.i] === 0x7d) return -1; // {} goes the ordinary way (reported there)
    for (;;) {
      this.ws();
      if (b[this.i] !== QUOTE) return -1;
      const ks = this.i + 1;
      const ke = this.stringEnd(ks);
      if (ke < 0) return -1;
      this.i = ke + 1;
      this.ws();
      if (b[this.i] !== 0x3a) return -1;
      this.i++;
      this.ws();
      const c = b[this.i];
      const key = keyOf(b, ks, ke);
      if (c === QUOTE) {
        const vs = this.i + 1;
        const ve = this.stringEnd(vs);
        if (ve < 0) return -1;
        this.i = ve + 1;
        if (key === Key.Ts) {
          t = this.iso.parseBytes(b, vs, ve);
          // Unreadable or zone-less times are reported by the ordinary path, with their text.
          if (Number.isNaN(t) || this.iso.basis === 'naive-as-utc') return -1;
          sawTime = true;
        } else if (key === Key.Src) {
          out.source = this.source(vs, ve);
          if (out.source === undefined) return -1;
        } else if (key === Key.Lat || key === Key.Lon || key === Key.TsMs || key === Key.Tag) {
          return -1; // numbers written as strings: the ordinary path handles them
        }
      } else if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
        if (!this.number()) return -1;
        const v = this.num;
        switch (key) {
          case Key.Lat:
            out.latE7 = v;
            break;
          case Key.Lon:
            out.lonE7 = v;
            break;
          case Key.Acc:
            out.accuracy = v;
            break;
          case Key.Alt:
            out.altitude = v;
            break;
          case Key.Vel:
            out.velocity = v;
            break;
          case Key.Head:
            out.heading = v;
            break;
          case Key.Tag:
            out.deviceTag = v;
            break;
          case Key.Ts:
          case Key.TsMs:
            return -1;
          default:
            break;
        }
      } else if (c === 0x5b || c === 0x7b) {
        if (key === Key.Act) out.hasActivity = true;
        else if (key === Key.Lat || key === Key.Lon || key === Key.Ts) return -1;
        if (!this.skipValue(0)) return -1;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        if (!this.literal()) return -1;
        if (key === Key.Act) out.hasActivity = true;
        else if (key !== Key.Other) return -1;
      } else {
        return -1;
      }
      this.ws();
      const sep = b[this.i];
      if (sep === 0x2c) {
        this.i++;
        continue;
      }
      if (sep !== 0x7d) return -1;
      this.i++;
      break;
    }
    if (!sawTime || typeof out.latE7 !== 'number' || typeof out.lonE7 !== 'number') return -1;
    this.t = t;
    return this.i;
  }

  private ws(): void {
    const b = this.b;
    let i = this.i;
    const end = this.end;
    while (i < end) {
      const c = b[i]!;
      if (c === 0x20) i++;
      else if (c === 0x0a) {
        this.newlines++;
        this.lastNewline = i;
        i++;
      } else if (c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  /** Index of the closing quote of a string starting at `s`; -1 on an escape or non-ASCII. */
  private stringEnd(s: number): number {
    const b = this.b;
    for (let j = s; j < this.end; j++) {
      const c = b[j]!;
      if (c === QUOTE) return j;
      if (c === BACKSLASH || c >= 0x80 || c < 0x20) return -1;
    }
    return -1;
  }

  private source(s: number, e: number): string | undefined {
    // Few distinct values (GPS, WIFI, CELL…): cache by a hash of the bytes, verified.
    let h = e - s;
    for (let j = s; j < e; j++) h = (h * 31 + this.b[j]!) | 0;
    const cached = this.sourceCache.get(h);
    if (cached !== undefined && cached.length === e - s) {
      let same = true;
      for (let j = 0; j < cached.length; j++)
        if (cached.charCodeAt(j) !== this.b[s + j]) {
          same = false;
          break;
        }
      if (same) return cached;
    }
    if (this.sourceCache.size > 64) return undefined;
    const text = String.fromCharCode(...this.b.subarray(s, e));
    this.sourceCache.set(h, text);
    return text;
  }

  /**
   * A JSON number without exponent and with at most 15 significant digits, computed as
   * mantissa / 10^k: both exact doubles, so the quotient is correctly rounded — the same double
   * `JSON.parse` gives.
   */
  private number(): boolean {
    const b = this.b;
    let j = this.i;
    let neg = false;
    if (b[j] === 0x2d) {
      neg = true;
      j++;
    }
    let m = 0;
    let digits = 0;
    let frac = 0;
    const intStart = j;
    while (j < this.end) {
      const c = b[j]! - 48;
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      digits++;
      j++;
    }
    if (j === intStart) return false;
    if (b[intStart] === 0x30 && j - intStart > 1) return false; // leading zero: invalid JSON
    if (b[j] === 0x2e) {
      j++;
      const fs = j;
      while (j < this.end) {
        const c = b[j]! - 48;
        if (c < 0 || c > 9) break;
        m = m * 10 + c;
        digits++;
        frac++;
        j++;
      }
      if (j === fs) return false;
    }
    if (digits > 15) return false;
    const c = b[j];
    if (c === 0x65 || c === 0x45) return false;
    const v = frac === 0 ? m : m / POW10[frac]!;
    this.num = neg ? -v : v;
    this.i = j;
    return true;
  }

  /**
   * Skips one JSON value, validating it as `JSON.parse` would (so a record read here is exactly
   * a record `JSON.parse` accepts); false on anything else or when nested too deep.
   */
  private skipValue(depth: number): boolean {
    if (depth > 32) return false;
    const b = this.b;
    this.ws();
    const c = b[this.i];
    if (c === QUOTE) {
      const e = this.stringEnd(this.i + 1);
      if (e < 0) return false;
      this.i = e + 1;
      return true;
    }
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74 || c === 0x66 || c === 0x6e) return this.literal();
    if (c === 0x5b) {
      this.i++;
      this.ws();
      if (b[this.i] === 0x5d) {
        this.i++;
        return true;
      }
      for (;;) {
        if (!this.skipValue(depth + 1)) return false;
        this.ws();
        const sep = b[this.i];
        this.i++;
        if (sep === 0x5d) return true;
        if (sep !== 0x2c) return false;
      }
    }
    if (c === 0x7b) {
      this.i++;
      this.ws();
      if (b[this.i] === 0x7d) {
        this.i++;
        return true;
      }
      for (;;) {
        this.ws();
        if (b[this.i] !== QUOTE) return false;
        const e = this.stringEnd(this.i + 1);
        if (e < 0) return false;
        this.i = e + 1;
        this.ws();
        if (b[this.i] !== 0x3a) return false;
        this.i++;
        if (!this.skipValue(depth + 1)) return false;
        this.ws();
        const sep = b[this.i];
        this.i++;
        if (sep === 0x7d) return true;
        if (sep !== 0x2c) return false;
      }
    }
    return false;
  }

  private literal(): boolean {
    const b = this.b;
    const j = this.i;
    const c = b[j];
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
    for (let k = 0; k < word.length; k++) if (b[j + k] !== word.charCodeAt(k)) return false;
    this.i = j + word.length;
    return true;
  }
}
