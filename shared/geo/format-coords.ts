/**
 * Coordinates as an examiner writes them down: decimal degrees (latitude first, as people
 * read them out and as most mapping tools accept them when pasted) and degrees, minutes,
 * seconds with hemisphere letters, as paper maps and police reports use.
 */

/** Decimal places for decimal degrees: 6 is about 0.1 m, finer than any evidence here. */
export const DECIMAL_DIGITS = 6;
/** Decimal places on DMS seconds: 0.01″ is about 0.3 m. */
export const DMS_SECOND_DIGITS = 2;

export interface Dms {
  degrees: number;
  minutes: number;
  seconds: number;
  hemisphere: 'N' | 'S' | 'E' | 'W';
}

export function isValidLatLon(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
  );
}

/** Longitude wrapped to [−180, 180], so a position read off a world-copied map still reads right. */
export function wrapLon(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  const w = ((((lon + 180) % 360) + 360) % 360) - 180;
  return w === -180 && lon > 0 ? 180 : w;
}

/** `51.120466, 1.297515` (latitude, longitude). Never localised: it is meant to be pasted. */
export function formatDecimal(lat: number, lon: number, digits = DECIMAL_DIGITS): string {
  return `${fixed(lat, digits)}, ${fixed(wrapLon(lon), digits)}`;
}

/**
 * Splits a coordinate into degrees, minutes and seconds, rounding the seconds first so that
 * 59.999″ carries into the minutes instead of printing as 60.00″.
 */
export function toDms(value: number, axis: 'lat' | 'lon', secondDigits = DMS_SECOND_DIGITS): Dms {
  const hemisphere = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  const scale = 10 ** secondDigits;
  // Whole hundredths of a second, so every carry is exact integer arithmetic.
  const ticks = Math.round(Math.abs(value) * 3600 * scale);
  const perMinute = 60 * scale;
  const perDegree = 60 * perMinute;
  const degrees = Math.floor(ticks / perDegree);
  const minutes = Math.floor((ticks % perDegree) / perMinute);
  const seconds = (ticks % perMinute) / scale;
  return { degrees, minutes, seconds, hemisphere };
}

function dmsText(d: Dms, secondDigits: number): string {
  const sec = d.seconds.toFixed(secondDigits).padStart(secondDigits + 3, '0');
  const min = String(d.minutes).padStart(2, '0');
  return `${d.degrees}°${min}′${sec}″${d.hemisphere}`;
}

/** `51°07′13.68″N 1°17′51.05″E`. */
export function formatDms(lat: number, lon: number, secondDigits = DMS_SECOND_DIGITS): string {
  return `${dmsText(toDms(lat, 'lat', secondDigits), secondDigits)} ${dmsText(
    toDms(wrapLon(lon), 'lon', secondDigits),
    secondDigits,
  )}`;
}

function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  // −0.000000 reads as a hemisphere error; a position on the meridian is 0.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
