/**
 * Open Location Code ("plus codes"), following the published specification: encoding, decoding
 * to the code's cell, and recovering a short code near a reference point. A few dozen lines, so
 * no dependency; integer arithmetic keeps cells exact.
 */

export const OLC_ALPHABET = '23456789CFGHJMPQRVWX';
const SEPARATOR_POSITION = 8;
const PAIR_CODE_LENGTH = 10;
const GRID_ROWS = 5;
const GRID_COLUMNS = 4;
const MAX_CODE_LENGTH = 15;
/** Integer units per degree at full (15-digit) precision. */
const LAT_UNITS = 8000 * GRID_ROWS ** 5;
const LON_UNITS = 8000 * GRID_COLUMNS ** 5;

export interface PlusCodeArea {
  latLo: number;
  lonLo: number;
  latHi: number;
  lonHi: number;
  lat: number;
  lon: number;
  codeLength: number;
}

const FULL_RE = /^[23456789CFGHJMPQRVWX]{8}\+(?:[23456789CFGHJMPQRVWX]{2,7})?$/i;
const PADDED_RE = /^(?:[23456789CFGHJMPQRVWX]{2}){1,3}0+\+$/i;
const SHORT_RE = /^[23456789CFGHJMPQRVWX]{2,6}\+[23456789CFGHJMPQRVWX]{0,7}$/i;

export function isFullPlusCode(code: string): boolean {
  if (!FULL_RE.test(code) && !PADDED_RE.test(code)) return false;
  // The first two digits cannot exceed 90° latitude / 180° longitude.
  const c = code.toUpperCase();
  return OLC_ALPHABET.indexOf(c[0]!) * 20 < 180 && OLC_ALPHABET.indexOf(c[1]!) * 20 < 360;
}

export function isShortPlusCode(code: string): boolean {
  return SHORT_RE.test(code) && code.indexOf('+') % 2 === 0 && code.indexOf('+') < 8;
}

/** Encodes a position; `length` is 2,4,6,8,10..15 significant digits (10 ≈ 14 m cells). */
export function encodePlusCode(lat: number, lon: number, length = PAIR_CODE_LENGTH): string {
  if (length < 2 || (length < PAIR_CODE_LENGTH && length % 2 === 1) || length > MAX_CODE_LENGTH) {
    throw new RangeError(`invalid plus code length ${length}`);
  }
  const clippedLat = Math.min(90, Math.max(-90, lat));
  const normalLon = ((((lon + 180) % 360) + 360) % 360) - 180;
  let latInt = Math.floor(Math.round((clippedLat + 90) * LAT_UNITS * 1e6) / 1e6);
  let lonInt = Math.floor(Math.round((normalLon + 180) * LON_UNITS * 1e6) / 1e6);
  // 90° itself belongs to the cell below it.
  if (latInt >= 180 * LAT_UNITS) latInt = 180 * LAT_UNITS - 1;
  if (lonInt >= 360 * LON_UNITS) lonInt -= 360 * LON_UNITS;
  let grid = '';
  let latRest = latInt;
  let lonRest = lonInt;
  // Grid digits (beyond 10) from the finest; then the pairs.
  const gridDigits: string[] = [];
  for (let i = 0; i < MAX_CODE_LENGTH - PAIR_CODE_LENGTH; i++) {
    const row = latRest % GRID_ROWS;
    const col = lonRest % GRID_COLUMNS;
    gridDigits.unshift(OLC_ALPHABET[row * GRID_COLUMNS + col]!);
    latRest = Math.floor(latRest / GRID_ROWS);
    lonRest = Math.floor(lonRest / GRID_COLUMNS);
  }
  grid = gridDigits.join('');
  const pairs: string[] = [];
  for (let i = 0; i < PAIR_CODE_LENGTH / 2; i++) {
    pairs.unshift(OLC_ALPHABET[latRest % 20]! + OLC_ALPHABET[lonRest % 20]!);
    latRest = Math.floor(latRest / 20);
    lonRest = Math.floor(lonRest / 20);
  }
  const digits = (pairs.join('') + grid).slice(0, length);
  if (length < SEPARATOR_POSITION) {
    return `${digits}${'0'.repeat(SEPARATOR_POSITION - length)}+`;
  }
  return `${digits.slice(0, SEPARATOR_POSITION)}+${digits.slice(SEPARATOR_POSITION)}`;
}

/** The cell of a full code, or null for anything that is not one. */
export function decodePlusCode(code: string): PlusCodeArea | null {
  if (!isFullPlusCode(code)) return null;
  const digits = code.toUpperCase().replace('+', '').replace(/0+$/, '');
  let latLo = 0;
  let lonLo = 0;
  let latStep = 400 * LAT_UNITS;
  let lonStep = 400 * LON_UNITS;
  for (let i = 0; i < Math.min(digits.length, PAIR_CODE_LENGTH); i += 2) {
    latStep /= 20;
    lonStep /= 20;
    latLo += OLC_ALPHABET.indexOf(digits[i]!) * latStep;
    lonLo += OLC_ALPHABET.indexOf(digits[i + 1]!) * lonStep;
  }
  for (let i = PAIR_CODE_LENGTH; i < digits.length; i++) {
    latStep /= GRID_ROWS;
    lonStep /= GRID_COLUMNS;
    const d = OLC_ALPHABET.indexOf(digits[i]!);
    latLo += Math.floor(d / GRID_COLUMNS) * latStep;
    lonLo += (d % GRID_COLUMNS) * lonStep;
  }
  const area = {
    latLo: latLo / LAT_UNITS - 90,
    lonLo: lonLo / LON_UNITS - 180,
    latHi: (latLo + latStep) / LAT_UNITS - 90,
    lonHi: (lonLo + lonStep) / LON_UNITS - 180,
  };
  return {
    ...area,
    lat: Math.min(90, (area.latLo + area.latHi) / 2),
    lon: (area.lonLo + area.lonHi) / 2,
    codeLength: digits.length,
  };
}

/**
 * Completes a short code (e.g. `RC22+22`) with the digits of a reference point, choosing the
 * candidate cell nearest that point, as the specification's recoverNearest does.
 */
export function recoverPlusCode(shortCode: string, refLat: number, refLon: number): string | null {
  const code = shortCode.toUpperCase();
  if (isFullPlusCode(code)) return code;
  if (!isShortPlusCode(code)) return null;
  const padding = SEPARATOR_POSITION - code.indexOf('+');
  const resolution = 20 ** (2 - padding / 2);
  const half = resolution / 2;
  const lat = Math.min(90, Math.max(-90, refLat));
  const prefix = encodePlusCode(lat, refLon).slice(0, padding);
  const area = decodePlusCode(prefix + code);
  if (!area) return null;
  let { lat: cLat, lon: cLon } = area;
  if (lat + half < cLat && cLat - resolution >= -90) cLat -= resolution;
  else if (lat - half > cLat && cLat + resolution <= 90) cLat += resolution;
  if (refLon + half < cLon) cLon -= resolution;
  else if (refLon - half > cLon) cLon += resolution;
  return encodePlusCode(cLat, cLon, area.codeLength);
}
