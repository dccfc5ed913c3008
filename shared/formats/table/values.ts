/**
 * Cell value parsers for tables. Strict on purpose: a value that is not clearly the thing asked
 * for gives NaN (or null), so the row is reported instead of a guess entering the evidence.
 *
 * Numbers: `parseDecimal` (shared/xml/numbers) after an optional decimal-comma swap; no thousands
 * separators (in tracker exports `1,234` is far more often a decimal comma than a thousand).
 */
import { parseDecimal, parseDecimalRange } from '../../xml/numbers';

/** Values that mean "no value" in database dumps and exports. */
export function isNullToken(s: string): boolean {
  const t = s.trim();
  return t === '' || t === '\\N' || t === 'NULL' || t === 'null' || t === 'NaN' || t === '-';
}

/** A decimal number; with `decimalComma`, `52,52` reads as 52.52 (and `52.52` still reads). */
export function parseNumber(s: string, decimalComma = false): number {
  if (decimalComma && s.indexOf(',') >= 0) {
    // Only one comma can be a decimal separator.
    const first = s.indexOf(',');
    if (s.indexOf(',', first + 1) >= 0 || s.indexOf('.') >= 0) return NaN;
    return parseDecimal(s.replace(',', '.'));
  }
  return parseDecimal(s);
}

/** `parseNumber(s.slice(from, to), decimalComma)` without making the slice. */
export function parseNumberIn(s: string, from: number, to: number, decimalComma = false): number {
  if (decimalComma) {
    for (let i = from; i < to; i++)
      if (s.charCodeAt(i) === 44 /* , */) return parseNumber(s.slice(from, to), true);
  }
  return parseDecimalRange(s, from, to);
}

export type Quantity = 'length' | 'speed' | 'duration' | 'volume' | 'angle' | 'ratio';

/** Factors to SI-like base units: metres, metres per second, seconds, litres. */
const UNITS: Record<Quantity, Record<string, number>> = {
  length: { m: 1, km: 1000, ft: 0.3048, feet: 0.3048, mi: 1609.344, nm: 1852, yd: 0.9144 },
  speed: {
    'm/s': 1,
    mps: 1,
    'km/h': 1 / 3.6,
    kmh: 1 / 3.6,
    kph: 1 / 3.6,
    'kmh-1': 1 / 3.6,
    mph: 0.44704,
    kn: 1852 / 3600,
    kt: 1852 / 3600,
    kts: 1852 / 3600,
    knots: 1852 / 3600,
  },
  duration: { s: 1, sec: 1, min: 60, h: 3600, hr: 3600, d: 86400 },
  volume: { l: 1, ltr: 1, litre: 1, liter: 1, gal: 3.785411784, gals: 3.785411784 },
  angle: { deg: 1, '°': 1 },
  ratio: { '%': 1 },
};

/** The factor to the base unit of `quantity`, or undefined for an unknown unit. */
export function unitFactor(quantity: Quantity, unit: string): number | undefined {
  return UNITS[quantity][unit.trim().toLowerCase()];
}

/**
 * A number with an optional unit written inside the value: `374.8 m`, `12.3 km/h`, `100ft`.
 * Returns the value in the base unit (m, m/s, s, l, °, %); a unit of the wrong quantity gives
 * NaN. `defaultUnit` applies when the value carries none.
 */
export function parseQuantity(
  s: string,
  quantity: Quantity,
  defaultUnit: string,
  decimalComma = false,
): number {
  const plain = parseNumber(s, decimalComma);
  const f0 = unitFactor(quantity, defaultUnit) ?? 1;
  if (!Number.isNaN(plain)) return plain * f0;
  const m = /^\s*([+-]?[\d.,]+(?:[eE][+-]?\d+)?)\s*([^\d\s][^\s]*)\s*$/.exec(s);
  if (!m) return NaN;
  const v = parseNumber(m[1]!, decimalComma);
  const f = unitFactor(quantity, m[2]!);
  return f === undefined ? NaN : v * f;
}

/** The unit written in a value like `374.8 m`, or undefined. */
export function unitInValue(s: string): string | undefined {
  const m = /^\s*[+-]?[\d.,]+\s*([A-Za-z°%/][A-Za-z/%°-]*)\s*$/.exec(s);
  return m?.[1];
}

export type Axis = 'lat' | 'lon';

function hemisphereSign(letter: string, axis: Axis): number {
  const c = letter.toUpperCase();
  if (axis === 'lat') return c === 'N' ? 1 : c === 'S' ? -1 : 0;
  return c === 'E' || c === 'O' ? 1 : c === 'W' ? -1 : 0;
}

/** Degrees with optional minutes and seconds (`50°51'12.3"`, `50 51.205`): NaN if not. */
function parseDms(body: string, decimalComma: boolean): number {
  const parts = body
    .trim()
    .split(/[°º:'′"″\s]+/)
    .filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 3) return NaN;
  const nums = parts.map((p) => parseNumber(p, decimalComma));
  if (nums.some((n) => Number.isNaN(n) || n < 0)) return NaN;
  const [d, m = 0, sec = 0] = nums as [number, number?, number?];
  if (parts.length > 1 && (m >= 60 || sec >= 60 || !Number.isInteger(d))) return NaN;
  if (parts.length > 2 && !Number.isInteger(m)) return NaN;
  return d + m / 60 + sec / 3600;
}

/**
 * A latitude or longitude: signed decimal degrees, or with a hemisphere letter before or after
 * (`50.85N`, `N 50.85`, `125.76W`), or degrees-minutes(-seconds). A letter of the other axis, a
 * sign together with a letter, or a value out of range give NaN.
 */
export function parseCoordinate(s: string, axis: Axis, decimalComma = false): number {
  const plain = parseNumber(s, decimalComma);
  const limit = axis === 'lat' ? 90 : 180;
  if (!Number.isNaN(plain)) return Math.abs(plain) <= limit ? plain : NaN;
  const t = s.trim();
  if (t === '') return NaN;
  let sign = 1;
  let body = t;
  const first = t[0]!;
  const last = t[t.length - 1]!;
  if (/[A-Za-z]/.test(first)) {
    sign = hemisphereSign(first, axis);
    body = t.slice(1);
  } else if (/[A-Za-z]/.test(last)) {
    sign = hemisphereSign(last, axis);
    body = t.slice(0, -1);
  }
  if (sign === 0) return NaN;
  if (body !== t && /^\s*[+-]/.test(body)) return NaN;
  let v = parseNumber(body.trim(), decimalComma);
  if (Number.isNaN(v)) {
    let negative = false;
    let b = body.trim();
    if (b.startsWith('-')) {
      negative = true;
      b = b.slice(1);
    }
    v = parseDms(b, decimalComma);
    if (negative) v = -v;
  }
  v *= sign;
  return Math.abs(v) <= limit ? v : NaN;
}

/** Applies a hemisphere letter from its own column (`N`/`S`, `E`/`W`) to an unsigned value. */
export function applyHemisphere(value: number, letter: string, axis: Axis): number {
  const t = letter.trim();
  if (t === '') return value;
  const sign = hemisphereSign(t, axis);
  if (sign === 0 || value < 0) return NaN;
  return value * sign;
}

/** An E7 integer (degrees × 10^7, Google style), range-checked. */
export function parseE7(s: string, axis: Axis): number {
  const t = s.trim();
  if (!/^[+-]?\d{1,10}$/.test(t)) return NaN;
  const v = Number(t) / 1e7;
  return Math.abs(v) <= (axis === 'lat' ? 90 : 180) ? v : NaN;
}

export interface LatLon {
  lat: number;
  lon: number;
  alt?: number;
}

/**
 * A combined `lat,lon` (also `lat lon`, `lat;lon`, `geo:lat,lon`, `50.85°, 4.35°`, hemisphere
 * letters per part). Null when it is not exactly two coordinates in range.
 */
export function parseLatLon(s: string): LatLon | null {
  let t = s.trim();
  if (/^geo:/i.test(t)) t = t.slice(4).split(/[;?]/)[0]!;
  t = t.replace(/[()[\]]/g, '').replace(/°/g, '');
  let parts = t.split(/\s*[,;]\s*/);
  if (parts.length !== 2) parts = t.split(/\s+/);
  if (parts.length !== 2) return null;
  const lat = parseCoordinate(parts[0]!, 'lat');
  const lon = parseCoordinate(parts[1]!, 'lon');
  if (Number.isNaN(lat) || Number.isNaN(lon)) return null;
  return { lat, lon };
}

const WKT_POINT =
  /^\s*(?:SRID=(\d+);)?\s*POINT\s*(?:Z|M|ZM)?\s*\(\s*([^\s(),]+)\s+([^\s(),]+)(?:\s+([^\s(),]+))?(?:\s+[^\s(),]+)?\s*\)\s*$/i;

/**
 * A WKT or EWKT point, longitude FIRST (`POINT (10.70 53.86)`, `SRID=4326;POINT Z (x y z)`).
 * Null when it is not a point, the coordinates are out of range or an SRID other than 4326 is
 * stated (projected coordinates are not degrees).
 */
export function parseWktPoint(s: string): LatLon | null {
  const m = WKT_POINT.exec(s);
  if (!m) return null;
  if (m[1] !== undefined && m[1] !== '4326') return null;
  const lon = parseDecimal(m[2]!);
  const lat = parseDecimal(m[3]!);
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return null;
  const out: LatLon = { lat, lon };
  if (m[4] !== undefined) {
    const alt = parseDecimal(m[4]);
    if (!Number.isNaN(alt)) out.alt = alt;
  }
  return out;
}

const TRUE_WORDS = new Set([
  '1',
  'on',
  'true',
  'yes',
  'y',
  'open',
  'opened',
  'an',
  'ein',
  'ja',
  'aan',
  'ouvert',
  'active',
  'ignition on',
  'engine on',
]);
const FALSE_WORDS = new Set([
  '0',
  'off',
  'false',
  'no',
  'n',
  'closed',
  'close',
  'aus',
  'nein',
  'uit',
  'fermé',
  'ferme',
  'inactive',
  'ignition off',
  'engine off',
]);

/** A two-state value (ignition, door, engine): true, false, or null when unreadable. */
export function parseBoolean(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

/**
 * A duration: `hh:mm[:ss]`, `1d 02:03:04`, `1h 23m 4s`, `83 min`, ISO `PT1H2M`, or a plain
 * number in `defaultUnit` (s, min or h). Milliseconds; NaN when unreadable.
 */
export function parseDuration(s: string, defaultUnit: string = 'min'): number {
  const t = s.trim().toLowerCase();
  if (t === '') return NaN;
  const plain = parseNumber(t, true);
  if (!Number.isNaN(plain)) {
    const f = unitFactor('duration', defaultUnit);
    return plain < 0 || f === undefined ? NaN : plain * f * 1000;
  }
  let m = /^(?:(\d+)\s*d(?:ays?)?\s*)?(\d+):([0-5]\d)(?::([0-5]\d(?:[.,]\d+)?))?$/.exec(t);
  if (m) {
    const sec = m[4] === undefined ? 0 : Number(m[4].replace(',', '.'));
    return ((Number(m[1] ?? 0) * 24 + Number(m[2])) * 3600 + Number(m[3]) * 60 + sec) * 1000;
  }
  m = /^p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(t);
  if (m && t !== 'p' && t !== 'pt') {
    return (
      (Number(m[1] ?? 0) * 86400 +
        Number(m[2] ?? 0) * 3600 +
        Number(m[3] ?? 0) * 60 +
        Number(m[4] ?? 0)) *
      1000
    );
  }
  const re = /(\d+(?:[.,]\d+)?)\s*(d|days?|h|hrs?|hours?|std|m|mins?|minutes?|s|secs?|seconds?)\b/g;
  let total = 0;
  let consumed = '';
  let hit: RegExpExecArray | null;
  while ((hit = re.exec(t)) !== null) {
    const v = Number(hit[1]!.replace(',', '.'));
    const u = hit[2]!;
    const f = u.startsWith('d')
      ? 86400
      : u.startsWith('h') || u === 'std'
        ? 3600
        : u.startsWith('m')
          ? 60
          : 1;
    total += v * f;
    consumed += hit[0];
  }
  if (consumed === '' || consumed.replace(/\s/g, '').length !== t.replace(/\s/g, '').length)
    return NaN;
  return total * 1000;
}
