/**
 * UTM and MGRS on the WGS84 ellipsoid, written here rather than taken from npm: the maths is a
 * page (Krüger's series to third order in n, accurate to about a millimetre inside a zone), and
 * owning it lets the parser report zone/band contradictions instead of a library silently
 * "fixing" them. Covers −80° to 84° latitude; the polar UPS grids are out of scope.
 */

const A_AXIS = 6378137;
const FLATTENING = 1 / 298.257223563;
const K0 = 0.9996;
const FALSE_EASTING = 500_000;
const FALSE_NORTHING_SOUTH = 10_000_000;

const n = FLATTENING / (2 - FLATTENING);
const n2 = n * n;
const n3 = n2 * n;
const RECTIFYING_RADIUS = (A_AXIS / (1 + n)) * (1 + n2 / 4 + (n2 * n2) / 64);
const ALPHA = [
  n / 2 - (2 * n2) / 3 + (5 * n3) / 16,
  (13 * n2) / 48 - (3 * n3) / 5,
  (61 * n3) / 240,
];
const BETA = [n / 2 - (2 * n2) / 3 + (37 * n3) / 96, n2 / 48 + n3 / 15, (17 * n3) / 480];
const DELTA = [2 * n - (2 * n2) / 3 - 2 * n3, (7 * n2) / 3 - (8 * n3) / 5, (56 * n3) / 15];
const E_FACTOR = (2 * Math.sqrt(n)) / (1 + n);

/** Latitude bands C..X, 8° each from −80°, X stretched to 84°. */
export const UTM_BANDS = 'CDEFGHJKLMNPQRSTUVWX';
export const UTM_MIN_LAT = -80;
export const UTM_MAX_LAT = 84;

export interface UtmPoint {
  zone: number;
  /** Latitude band letter (C..X). */
  band: string;
  hemisphere: 'N' | 'S';
  easting: number;
  northing: number;
}

const rad = (deg: number): number => (deg * Math.PI) / 180;
const deg = (r: number): number => (r * 180) / Math.PI;

export function utmBandLetter(lat: number): string {
  const index = Math.min(19, Math.max(0, Math.floor((lat + 80) / 8)));
  return UTM_BANDS[index]!;
}

/** Southern edge of a band in degrees, and its northern edge (X runs to 84°). */
export function bandRange(band: string): [number, number] | null {
  const index = UTM_BANDS.indexOf(band.toUpperCase());
  if (index < 0) return null;
  const south = -80 + index * 8;
  return [south, index === 19 ? 84 : south + 8];
}

/** The standard zone with the Norway (32V) and Svalbard (31X..37X) exceptions. */
export function utmZone(lat: number, lon: number): number {
  const wrapped = lon >= 180 ? lon - 360 : lon;
  let zone = Math.floor((wrapped + 180) / 6) + 1;
  if (zone > 60) zone = 60;
  if (lat >= 56 && lat < 64 && wrapped >= 3 && wrapped < 12) zone = 32;
  if (lat >= 72 && lat <= 84 && wrapped >= 0 && wrapped < 42) {
    if (wrapped < 9) zone = 31;
    else if (wrapped < 21) zone = 33;
    else if (wrapped < 33) zone = 35;
    else zone = 37;
  }
  return zone;
}

export const centralMeridian = (zone: number): number => zone * 6 - 183;

/** Projects a point into a given zone (any zone: neighbouring-zone projections are legal). */
export function toUtmInZone(lat: number, lon: number, zone: number): UtmPoint {
  const phi = rad(lat);
  let dLon = lon - centralMeridian(zone);
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  const lambda = rad(dLon);
  const sinPhi = Math.sin(phi);
  const t = Math.sinh(Math.atanh(sinPhi) - E_FACTOR * Math.atanh(E_FACTOR * sinPhi));
  const xiP = Math.atan2(t, Math.cos(lambda));
  const etaP = Math.atanh(Math.sin(lambda) / Math.sqrt(1 + t * t));
  let xi = xiP;
  let eta = etaP;
  for (let j = 1; j <= 3; j++) {
    xi += ALPHA[j - 1]! * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
    eta += ALPHA[j - 1]! * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
  }
  const band = utmBandLetter(lat);
  // From the band, so a latitude of −1e-300 is not "band N, southern hemisphere".
  const hemisphere = band < 'N' ? 'S' : 'N';
  return {
    zone,
    band,
    hemisphere,
    easting: FALSE_EASTING + K0 * RECTIFYING_RADIUS * eta,
    northing: (hemisphere === 'S' ? FALSE_NORTHING_SOUTH : 0) + K0 * RECTIFYING_RADIUS * xi,
  };
}

/** UTM of a point, or null outside −80°..84° (UPS territory). */
export function toUtm(lat: number, lon: number): UtmPoint | null {
  if (!(lat >= UTM_MIN_LAT && lat <= UTM_MAX_LAT) || !Number.isFinite(lon)) return null;
  return toUtmInZone(lat, lon, utmZone(lat, lon));
}

/** Inverse projection; `lon` is wrapped to [−180, 180]. */
export function fromUtm(
  zone: number,
  hemisphere: 'N' | 'S',
  easting: number,
  northing: number,
): { lat: number; lon: number } {
  const xi =
    (northing - (hemisphere === 'S' ? FALSE_NORTHING_SOUTH : 0)) / (K0 * RECTIFYING_RADIUS);
  const eta = (easting - FALSE_EASTING) / (K0 * RECTIFYING_RADIUS);
  let xiP = xi;
  let etaP = eta;
  for (let j = 1; j <= 3; j++) {
    xiP -= BETA[j - 1]! * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    etaP -= BETA[j - 1]! * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
  }
  const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
  let phi = chi;
  for (let j = 1; j <= 3; j++) phi += DELTA[j - 1]! * Math.sin(2 * j * chi);
  let lon = centralMeridian(zone) + deg(Math.atan2(Math.sinh(etaP), Math.cos(xiP)));
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return { lat: deg(phi), lon };
}

// MGRS 100 km squares: column letters cycle in three sets by zone, row letters in twenty,
// shifted by five for even zones (the "AA" lettering scheme of WGS84 MGRS).
const COLUMN_SETS = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'];
const ROW_LETTERS = 'ABCDEFGHJKLMNPQRSTUV';

export interface MgrsPoint {
  zone: number;
  band: string;
  /** Two-letter 100 km square id. */
  square: string;
  /** Easting and northing inside the square, metres (0..99,999.x). */
  easting: number;
  northing: number;
}

export function toMgrs(lat: number, lon: number): MgrsPoint | null {
  const utm = toUtm(lat, lon);
  if (!utm) return null;
  const column = Math.floor(utm.easting / 100_000);
  // A northing of −1e-300 m is zero, not the row below.
  const northing = Math.max(0, utm.northing);
  const row = Math.floor(northing / 100_000);
  const columnLetter = COLUMN_SETS[(utm.zone - 1) % 3]![column - 1];
  if (!columnLetter) return null;
  const rowLetter = ROW_LETTERS[(row + (utm.zone % 2 === 0 ? 5 : 0)) % 20]!;
  return {
    zone: utm.zone,
    band: utm.band,
    square: columnLetter + rowLetter,
    easting: utm.easting - column * 100_000,
    northing: northing - row * 100_000,
  };
}

/**
 * Full UTM easting/northing of an MGRS reference; null when the letters cannot occur in that
 * zone. The 2,000 km row cycle is resolved with the band: the first northing at or above the
 * band's southern edge (less 100 km of slack, since the edge is not a grid line).
 */
export function mgrsToUtm(
  zone: number,
  band: string,
  square: string,
  easting: number,
  northing: number,
): { hemisphere: 'N' | 'S'; easting: number; northing: number } | null {
  const range = bandRange(band);
  if (!range || zone < 1 || zone > 60) return null;
  const column = COLUMN_SETS[(zone - 1) % 3]!.indexOf(square[0]!.toUpperCase());
  const rowLetterIndex = ROW_LETTERS.indexOf(square[1]!.toUpperCase());
  if (column < 0 || rowLetterIndex < 0) return null;
  const hemisphere = range[0] < 0 ? 'S' : 'N';
  const fullEasting = (column + 1) * 100_000 + easting;
  const row = (rowLetterIndex - (zone % 2 === 0 ? 5 : 0) + 20) % 20;
  const bandSouth = toUtmInZone(range[0], centralMeridian(zone), zone).northing;
  const minNorthing = Math.floor(bandSouth / 100_000) * 100_000 - 100_000;
  let fullNorthing = row * 100_000 + northing;
  while (fullNorthing < minNorthing) fullNorthing += 2_000_000;
  return { hemisphere, easting: fullEasting, northing: fullNorthing };
}
