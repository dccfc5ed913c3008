/**
 * Web Mercator in world units ([0, 1] on both axes, y down), the plane MapLibre draws in:
 * a distance there times 512·2^zoom is a distance in screen pixels at that zoom.
 */

/** Latitude where Web Mercator stops (the square world's edge). */
export const MAX_MERCATOR_LAT = 85.0511287798066;

/** MapLibre's tile size: one world unit is this many pixels at zoom 0. */
export const WORLD_PIXELS_AT_Z0 = 512;

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercatorY(lat: number): number {
  const clamped = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI;
}

/** World units per screen pixel at a zoom. */
export function worldUnitsPerPixel(zoom: number): number {
  return 1 / (WORLD_PIXELS_AT_Z0 * 2 ** zoom);
}
