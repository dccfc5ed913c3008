/**
 * The coordinate spellings of Google's location exports, each to degrees:
 * - E7 integers (`latitudeE7`, `latE7`), sometimes written as strings;
 * - `"51.2345678°, 4.3456789°"` strings (Android on-device Timeline.json);
 * - `geo:51.2345678,4.3456789` URIs (iOS location-history.json);
 * - plain numbers or numeric strings.
 *
 * Records.json is known to hold some E7 values that overflowed a signed 32-bit integer (a
 * latitude of 42° written as 4 294 967 296 less): `e7ToDegrees` undoes that wrap only when the
 * written value is impossible and the unwrapped one is not, and says so through `wrapped`.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

const TWO_POW_32 = 4_294_967_296;

/** A finite number, or a numeric string; NaN otherwise. */
export function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return NaN;
    const n = Number(s);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

export function inRange(lat: number, lon: number): boolean {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/** Exactly 0,0: in Google's protobuf-backed exports an unset position serialises as zeros. */
export function isPlaceholder(lat: number, lon: number): boolean {
  return lat === 0 && lon === 0;
}

/** Degrees from an E7 value; NaN when it is not a number. */
export function e7ToDegrees(v: unknown): number {
  const n = num(v);
  return Number.isNaN(n) ? NaN : n / 1e7;
}

export function degreesToE7(deg: number): number {
  return Math.round(deg * 1e7);
}

/**
 * A pair of E7 values to degrees, undoing the 32-bit wrap of some Records.json values when (and
 * only when) the written value is out of range and the unwrapped one is within it.
 */
export function e7PairToDegrees(
  latE7: unknown,
  lonE7: unknown,
): { lat: number; lon: number; wrapped: boolean } {
  let lat = num(latE7);
  let lon = num(lonE7);
  let wrapped = false;
  if (lat > 900_000_000 && Math.abs(lat - TWO_POW_32) <= 900_000_000) {
    lat -= TWO_POW_32;
    wrapped = true;
  }
  if (lon > 1_800_000_000 && Math.abs(lon - TWO_POW_32) <= 1_800_000_000) {
    lon -= TWO_POW_32;
    wrapped = true;
  }
  return { lat: lat / 1e7, lon: lon / 1e7, wrapped };
}

const DEGREE_STRING =
  /^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*°?\s*,\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*°?\s*$/;

/** `"51.2345678°, 4.3456789°"` (the degree signs optional); null when it is not that form. */
export function parseDegreeString(s: string): LatLon | null {
  const m = DEGREE_STRING.exec(s);
  if (m === null) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
}

export function formatDegreeString(lat: number, lon: number, decimals = 7): string {
  return `${lat.toFixed(decimals)}°, ${lon.toFixed(decimals)}°`;
}

const GEO_URI =
  /^\s*geo:([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?),([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?:,[^;?]*)?(?:[;?].*)?\s*$/i;

/** `geo:51.2345678,4.3456789` (RFC 5870; altitude and parameters ignored); null otherwise. */
export function parseGeoUri(s: string): LatLon | null {
  const m = GEO_URI.exec(s);
  if (m === null) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
}

export function formatGeoUri(lat: number, lon: number, decimals = 6): string {
  return `geo:${lat.toFixed(decimals)},${lon.toFixed(decimals)}`;
}

/** Either string form. */
export function parseCoordinateString(s: string): LatLon | null {
  return s.trimStart().toLowerCase().startsWith('geo:') ? parseGeoUri(s) : parseDegreeString(s);
}

export interface ReadLocation extends LatLon {
  /** An E7 value was unwrapped from a 32-bit overflow. */
  wrapped: boolean;
}

/**
 * A position in any of the object or string shapes Google uses: `{latitudeE7, longitudeE7}`,
 * `{latE7, lngE7}`, `{latLng: "…°, …°"}` / `{LatLng: …}`, `{point: …}`, a bare string. Null when
 * the value holds no position at all (e.g. the empty `{}` start locations of old semantic files);
 * NaN degrees when it holds something that is not a number.
 */
export function readLocation(v: unknown): ReadLocation | null {
  if (typeof v === 'string') {
    const p = parseCoordinateString(v);
    return p === null ? { lat: NaN, lon: NaN, wrapped: false } : { ...p, wrapped: false };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (o['latitudeE7'] !== undefined || o['longitudeE7'] !== undefined)
    return e7PairToDegrees(o['latitudeE7'], o['longitudeE7']);
  if (o['latE7'] !== undefined || o['lngE7'] !== undefined)
    return e7PairToDegrees(o['latE7'], o['lngE7']);
  for (const key of ['latLng', 'LatLng', 'point', 'placeLocation']) {
    if (o[key] !== undefined) return readLocation(o[key]);
  }
  if (o['latitude'] !== undefined || o['longitude'] !== undefined) {
    return { lat: num(o['latitude']), lon: num(o['longitude']), wrapped: false };
  }
  return null;
}
