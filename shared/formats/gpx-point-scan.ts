/**
 * The fast path of the GPX reader: one `<trkpt …>…</trkpt>` (or `<rtept>`) read straight from
 * the bytes, with no tokenizer events, no strings and no objects per point.
 *
 * It accepts only the plain shapes that make up nearly every large file (numeric `lat`/`lon`
 * in range, leaf `<ele>`, `<time>`, `<speed>`, `<course>`, `<hAcc>` with plain text, any other
 * elements and attributes skipped when they are well-formed ASCII-named markup). Anything else
 * — an entity, a comment, CDATA, a non-ASCII name, an unparseable value, a point split across
 * chunks — makes it give up before anything is recorded, and the general tokenizer path reads
 * the same bytes and reports whatever there is to report, with its location. So the fast path
 * never has to know about issues or locations, and its results are those of the general path
 * by construction (the same number and time parsers run on the same byte ranges).
 */
import { IsoTimeParser } from '../time/iso';
import { ASCII_NAME_CHAR, ASCII_NAME_START } from '../xml/names';
import { parseDecimalBytes } from '../xml/numbers';

/** `scan` could not read the point: let the general path read it. */
export const SCAN_FALLBACK = -1;

const LT = 60;
const GT = 62;
const SLASH = 47;
const AMP = 38;
const COLON = 58;

/** Open elements tracked inside one point; deeper markup goes to the general path. */
const MAX_DEPTH = 16;

// What a leaf child of the point is read into.
const C_SKIP = 0;
const C_ELE = 1;
const C_TIME = 2;
const C_SPEED = 3;
const C_COURSE = 4;
const C_HACC = 5;
/** `name`/`desc`: captured text the general path ignores for track points; must be a plain leaf. */
const C_TEXT = 6;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** True when `b[from, to)` holds the bytes of `word`. */
function spells(b: Uint8Array, from: number, to: number, word: Uint8Array): boolean {
  const n = word.length;
  if (to - from !== n) return false;
  for (let k = 0; k < n; k++) if (b[from + k] !== word[k]) return false;
  return true;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const TRKPT = ascii('trkpt');
const RTEPT = ascii('rtept');
const SPEED = ascii('speed');
const COURSE = ascii('course');

/** Exact powers of ten, as in shared/xml/numbers.ts, so results agree bit for bit. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

export class PointScanner {
  // The point read by the last successful `scan`; NaN where absent.
  lat = NaN;
  lon = NaN;
  t = NaN;
  /** TIME_BASES code of `t` (meaningful when `t` is a number). */
  basis = 0;
  ele = NaN;
  speed = NaN;
  course = NaN;
  hAcc = NaN;
  /** `<time>` values without a zone met in the point (the general path counts each). */
  naiveTimes = 0;

  /** Name ranges of the open elements inside the point: start, end, start, end … */
  private readonly open = new Int32Array(MAX_DEPTH * 2);
  /** The value read by the last `number`. */
  private num = NaN;

  constructor(
    private readonly time: IsoTimeParser,
    /** TIME_BASES codes of `utc`, `offset` and `naive-as-utc`. */
    private readonly codes: { utc: number; offset: number; naive: number },
  ) {}

  /**
   * Reads the point whose start tag begins at `b[lt]` (a `<`), whose local name must be `trkpt`
   * (`track`) or `rtept`. Returns the index just after its end tag, or SCAN_FALLBACK.
   */
  scan(b: Uint8Array, lt: number, len: number, track: boolean): number {
    // The point's own name, prefix allowed (matched by local name like the general path).
    const nameStart = lt + 1;
    let i = nameStart;
    if (i >= len || ASCII_NAME_START[b[i]!] !== 1) return SCAN_FALLBACK;
    // The local name follows the first colon, wherever it is (`localName` in gpx.ts).
    let colon = b[i] === COLON ? i : -1;
    for (i++; i < len && ASCII_NAME_CHAR[b[i]!] === 1; i++) {
      if (colon < 0 && b[i] === COLON) colon = i;
    }
    const nameEnd = i;
    if (!spells(b, colon < 0 ? nameStart : colon + 1, nameEnd, track ? TRKPT : RTEPT))
      return SCAN_FALLBACK;

    let lat = NaN;
    let lon = NaN;
    let sawLat = false;
    let sawLon = false;
    let selfClosing = false;
    for (;;) {
      let sawSpace = false;
      while (i < len && isSpace(b[i]!)) {
        sawSpace = true;
        i++;
      }
      if (i >= len) return SCAN_FALLBACK;
      const c = b[i]!;
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (i + 1 >= len || b[i + 1] !== GT) return SCAN_FALLBACK;
        i += 2;
        selfClosing = true;
        break;
      }
      if (!sawSpace || ASCII_NAME_START[c] !== 1) return SCAN_FALLBACK;
      const an = i;
      for (i++; i < len && ASCII_NAME_CHAR[b[i]!] === 1; i++);
      const ae = i;
      const vs = this.valueStart(b, i, len);
      if (vs < 0) return SCAN_FALLBACK;
      const q = b[vs - 1]!;
      let ve: number;
      if (ae - an === 3 && b[an] === 108 /* l */ && b[an + 1] === 97 /* a */ && b[an + 2] === 116) {
        ve = this.number(b, vs, len, q);
        lat = this.num;
        sawLat = true;
      } else if (ae - an === 3 && b[an] === 108 && b[an + 1] === 111 /* o */ && b[an + 2] === 110) {
        ve = this.number(b, vs, len, q);
        lon = this.num;
        sawLon = true;
      } else {
        ve = vs;
        for (; ve < len; ve++) {
          const v = b[ve]!;
          if (v === q) break;
          if (v === LT) return SCAN_FALLBACK;
        }
        if (ve >= len) return SCAN_FALLBACK;
      }
      if (ve < 0) return SCAN_FALLBACK;
      i = ve + 1;
    }
    // Rejected points are reported by the general path, with their location.
    if (!sawLat || !sawLon || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
      return SCAN_FALLBACK;

    this.lat = lat;
    this.lon = lon;
    this.t = NaN;
    this.basis = 0;
    this.ele = NaN;
    this.speed = NaN;
    this.course = NaN;
    this.hAcc = NaN;
    this.naiveTimes = 0;
    if (selfClosing) return i;
    return this.children(b, i, len, nameStart, nameEnd);
  }

  /**
   * Reads a decimal number from `b[i]` up to the byte `stop` (a quote, or `<` for text); returns
   * the index of `stop` and leaves the value in `num` (NaN when it is not a number), or -1 when
   * there is no `stop`, or a `<` or `&` comes first. The common `-12.345678` is read in the same
   * pass; anything else goes to `parseDecimalBytes`, which the plain form agrees with exactly.
   */
  private number(b: Uint8Array, i: number, len: number, stop: number): number {
    const start = i;
    let negative = false;
    if (i < len && b[i] === 45 /* - */) {
      negative = true;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let dotAt = -1;
    let c = -1;
    for (; i < len; i++) {
      c = b[i]!;
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
      } else if (c === 46 /* . */ && dotAt < 0) {
        dotAt = digits;
      } else {
        break;
      }
    }
    if (c === stop && i < len && digits > 0 && digits <= 15) {
      const frac = dotAt < 0 ? 0 : digits - dotAt;
      const v = frac === 0 ? mantissa : mantissa / POW10[frac]!;
      this.num = negative ? -v : v;
      return i;
    }
    for (; i < len; i++) {
      c = b[i]!;
      if (c === stop) break;
      if (c === LT || c === AMP) return -1;
    }
    if (i >= len) return -1;
    this.num = parseDecimalBytes(b, start, i);
    return i;
  }

  /** After an attribute name at `i`: `= "` with optional spaces; the index after the quote, or -1. */
  private valueStart(b: Uint8Array, i: number, len: number): number {
    while (i < len && isSpace(b[i]!)) i++;
    if (i >= len || b[i] !== 61 /* = */) return -1;
    i++;
    while (i < len && isSpace(b[i]!)) i++;
    if (i >= len) return -1;
    const q = b[i]!;
    return q === 34 || q === 39 ? i + 1 : -1;
  }

  /**
   * Skips the attributes of a child start tag: the index after its `>`; for `/>`, that index
   * encoded as `-(index + 2)` (always below SCAN_FALLBACK); or SCAN_FALLBACK.
   */
  private skipAttributes(b: Uint8Array, i: number, len: number): number {
    for (;;) {
      let sawSpace = false;
      while (i < len && isSpace(b[i]!)) {
        sawSpace = true;
        i++;
      }
      if (i >= len) return SCAN_FALLBACK;
      const c = b[i]!;
      if (c === GT) return i + 1;
      if (c === SLASH) {
        if (i + 1 >= len || b[i + 1] !== GT) return SCAN_FALLBACK;
        return -(i + 2) - 2; // self-closing
      }
      if (!sawSpace || ASCII_NAME_START[c] !== 1) return SCAN_FALLBACK;
      for (i++; i < len && ASCII_NAME_CHAR[b[i]!] === 1; i++);
      const vs = this.valueStart(b, i, len);
      if (vs < 0) return SCAN_FALLBACK;
      const q = b[vs - 1]!;
      let ve = vs;
      for (; ve < len; ve++) {
        const v = b[ve]!;
        if (v === q) break;
        if (v === LT) return SCAN_FALLBACK;
      }
      if (ve >= len) return SCAN_FALLBACK;
      i = ve + 1;
    }
  }

  /** The content of the point, from just after its start tag; index after its end tag. */
  private children(b: Uint8Array, i: number, len: number, ptStart: number, ptEnd: number): number {
    const open = this.open;
    let depth = 0;
    for (;;) {
      // Text between tags is not read (the general path ignores it too).
      while (i < len && b[i] !== LT) i++;
      if (i + 1 >= len) return SCAN_FALLBACK;
      const c1 = b[i + 1]!;
      if (c1 === SLASH) {
        const ns = depth === 0 ? ptStart : open[depth * 2 - 2]!;
        const ne = depth === 0 ? ptEnd : open[depth * 2 - 1]!;
        const after = this.endTag(b, i, len, ns, ne);
        if (after < 0) return SCAN_FALLBACK;
        if (depth === 0) return after;
        depth--;
        i = after;
        continue;
      }
      if (ASCII_NAME_START[c1] !== 1) return SCAN_FALLBACK; // comment, CDATA, PI, bad name
      const ns = i + 1;
      let colon = c1 === COLON ? ns : -1;
      let k = ns + 1;
      for (; k < len && ASCII_NAME_CHAR[b[k]!] === 1; k++) {
        if (colon < 0 && b[k] === COLON) colon = k;
      }
      const ne = k;
      if (k >= len) return SCAN_FALLBACK;
      let after = this.skipAttributes(b, k, len);
      if (after === SCAN_FALLBACK) return SCAN_FALLBACK;
      if (after < SCAN_FALLBACK) {
        // Self-closing: an empty element gives no value, captured or not.
        i = -(after + 2);
        continue;
      }
      const what = this.childKind(b, colon < 0 ? ns : colon + 1, ne, depth === 0);
      if (what === C_SKIP) {
        if (depth === MAX_DEPTH) return SCAN_FALLBACK;
        open[depth * 2] = ns;
        open[depth * 2 + 1] = ne;
        depth++;
        i = after;
        continue;
      }
      // A captured leaf: plain text up to its own end tag.
      const ts = after;
      let te: number;
      if (what === C_TIME || what === C_TEXT) {
        te = ts;
        for (; te < len; te++) {
          const v = b[te]!;
          if (v === LT) break;
          if (v === AMP) return SCAN_FALLBACK;
        }
        if (te >= len) return SCAN_FALLBACK;
        if (what === C_TIME && !this.readTime(b, ts, te)) return SCAN_FALLBACK;
      } else {
        te = this.number(b, ts, len, LT);
        const v = this.num;
        if (te < 0 || Number.isNaN(v)) return SCAN_FALLBACK;
        if (what === C_ELE) this.ele = v;
        else if (what === C_SPEED) this.speed = v;
        else if (what === C_COURSE) this.course = v;
        else this.hAcc = v;
      }
      after = this.endTag(b, te, len, ns, ne);
      if (after < 0) return SCAN_FALLBACK;
      i = after;
    }
  }

  /** `</name>` at `b[lt]` (spaces allowed before `>`) for the name `b[ns, ne)`; index after it. */
  private endTag(b: Uint8Array, lt: number, len: number, ns: number, ne: number): number {
    const n = ne - ns;
    let i = lt + 2;
    if (i + n >= len || b[lt + 1] !== SLASH) return SCAN_FALLBACK;
    for (let k = 0; k < n; k++) if (b[i + k] !== b[ns + k]) return SCAN_FALLBACK;
    i += n;
    while (i < len && isSpace(b[i]!)) i++;
    return i < len && b[i] === GT ? i + 1 : SCAN_FALLBACK;
  }

  /** What a child element with local name `b[from, to)` is read into (see the general path). */
  private childKind(b: Uint8Array, from: number, to: number, direct: boolean): number {
    const c0 = b[from]!;
    switch (to - from) {
      case 3: // ele
        return direct && c0 === 101 && b[from + 1] === 108 && b[from + 2] === 101 ? C_ELE : C_SKIP;
      case 4: // time, name, desc, hAcc
        if (c0 === 104 /* h */)
          return b[from + 1] === 65 && b[from + 2] === 99 && b[from + 3] === 99 ? C_HACC : C_SKIP;
        if (!direct) return C_SKIP;
        if (c0 === 116 /* t */)
          return b[from + 1] === 105 && b[from + 2] === 109 && b[from + 3] === 101
            ? C_TIME
            : C_SKIP;
        if (c0 === 110 /* n */)
          return b[from + 1] === 97 && b[from + 2] === 109 && b[from + 3] === 101 ? C_TEXT : C_SKIP;
        if (c0 === 100 /* d */)
          return b[from + 1] === 101 && b[from + 2] === 115 && b[from + 3] === 99 ? C_TEXT : C_SKIP;
        return C_SKIP;
      case 5: // speed
        return spells(b, from, to, SPEED) ? C_SPEED : C_SKIP;
      case 6: // course
        return spells(b, from, to, COURSE) ? C_COURSE : C_SKIP;
      default:
        return C_SKIP;
    }
  }

  /** Reads a `<time>` value; false when it is one the general path must report. */
  private readTime(b: Uint8Array, from: number, to: number): boolean {
    const t = this.time.parseBytes(b, from, to);
    if (Number.isNaN(t)) return false;
    const basis = this.time.basis;
    if (basis === 'naive-as-utc') {
      this.naiveTimes++;
      this.basis = this.codes.naive;
    } else {
      this.basis = basis === 'utc' ? this.codes.utc : this.codes.offset;
    }
    this.t = t;
    return true;
  }
}
