/** Distances on the sphere. The mean Earth radius is used: errors of ~0.5% are below GPS noise. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine, stable for short distances). */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Metres per degree of latitude (and of longitude at the equator). */
export const M_PER_DEG = EARTH_RADIUS_M * RAD;

/** Longitude difference b − a the short way round, degrees in (−180, 180]. */
export function lonDelta(a: number, b: number): number {
  let d = b - a;
  if (d > 180) d -= 360;
  else if (d <= -180) d += 360;
  return d;
}
