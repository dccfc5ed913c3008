/**
 * Where a cell of a call detail record covers: a wedge from the site towards the antenna's
 * azimuth, as wide as its beam and as long as its range, or a circle of the range around the
 * site when the direction is unknown (an omnidirectional cell, or a site list without
 * azimuths). The phone was somewhere in that area, never at the mast.
 */
import type { SourceCell } from '../model';
import { EARTH_RADIUS_M } from './distance';

const RAD = Math.PI / 180;

/**
 * Beam width assumed for a sector whose list states an azimuth but no width: 120°, the
 * sector of a common three-sector site. Drawn as assumed, like an assumed range.
 */
export const DEFAULT_BEAM_WIDTH_DEG = 120;
/** Vertices on a full circle; arcs get the same angular step. */
export const CIRCLE_STEPS = 64;

export type LonLat = [number, number];

/** The point `distanceM` from (lat, lon) on the initial bearing `bearingDeg` (great circle). */
export function destination(
  lat: number,
  lon: number,
  bearingDeg: number,
  distanceM: number,
): LonLat {
  const d = distanceM / EARTH_RADIUS_M;
  const b = bearingDeg * RAD;
  const p1 = lat * RAD;
  const l1 = lon * RAD;
  const sinP2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b);
  const p2 = Math.asin(Math.max(-1, Math.min(1, sinP2)));
  const l2 =
    l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sinP2);
  // Stay next to the site's longitude: a ring must not jump across the antimeridian.
  let outLon = l2 / RAD;
  while (outLon - lon > 180) outLon -= 360;
  while (outLon - lon < -180) outLon += 360;
  return [outLon, p2 / RAD];
}

/** A closed ring approximating a circle of `radiusM` around (lat, lon). */
export function circleRing(
  lat: number,
  lon: number,
  radiusM: number,
  steps = CIRCLE_STEPS,
): LonLat[] {
  const ring: LonLat[] = [];
  for (let i = 0; i < steps; i++) ring.push(destination(lat, lon, (360 * i) / steps, radiusM));
  ring.push(ring[0]!);
  return ring;
}

/**
 * A closed ring for a sector: the site, then the arc from azimuth − width/2 to azimuth +
 * width/2 clockwise, then back to the site. A width of 360° or more is a circle.
 */
export function wedgeRing(
  lat: number,
  lon: number,
  azimuthDeg: number,
  beamWidthDeg: number,
  radiusM: number,
  steps = CIRCLE_STEPS,
): LonLat[] {
  if (!(beamWidthDeg > 0) || beamWidthDeg >= 360) return circleRing(lat, lon, radiusM, steps);
  // Even, so one vertex lies exactly on the azimuth.
  const arcSteps = Math.max(2, 2 * Math.ceil((steps * beamWidthDeg) / 720));
  const from = azimuthDeg - beamWidthDeg / 2;
  const site: LonLat = [lon, lat];
  const ring: LonLat[] = [site];
  for (let i = 0; i <= arcSteps; i++) {
    ring.push(destination(lat, lon, from + (beamWidthDeg * i) / arcSteps, radiusM));
  }
  ring.push(site);
  return ring;
}

export interface CellCoverage {
  shape: 'wedge' | 'circle';
  ring: LonLat[];
  /** The range was not stated by the operator (drawn dashed). */
  rangeAssumed: boolean;
  /** The beam width was not stated: DEFAULT_BEAM_WIDTH_DEG was used. */
  beamAssumed: boolean;
}

export function cellCoverage(cell: SourceCell, steps = CIRCLE_STEPS): CellCoverage {
  const azimuth = cell.azimuthDeg;
  const hasAzimuth = azimuth !== undefined && Number.isFinite(azimuth);
  const statedWidth = cell.beamWidthDeg;
  const beamAssumed = hasAzimuth && !(statedWidth !== undefined && statedWidth > 0);
  const width = beamAssumed ? DEFAULT_BEAM_WIDTH_DEG : (statedWidth ?? 360);
  const wedge = hasAzimuth && width < 360;
  return {
    shape: wedge ? 'wedge' : 'circle',
    ring: wedge
      ? wedgeRing(cell.lat, cell.lon, azimuth, width, cell.rangeM, steps)
      : circleRing(cell.lat, cell.lon, cell.rangeM, steps),
    rangeAssumed: cell.rangeAssumed,
    beamAssumed,
  };
}
