/**
 * Coordinates written back in each form the parser reads, so an interviewer can read a pin out
 * in whatever the other side uses, and so tests can round-trip format → parse.
 */
import { formatDecimal, formatDms, wrapLon } from '../format-coords';
import { encodePlusCode } from './pluscode';
import { toMgrs, toUtm } from './utm';

export const COORDINATE_FORMATS = ['decimal', 'dms', 'ddm', 'utm', 'mgrs', 'pluscode'] as const;
export type CoordinateOutputFormat = (typeof COORDINATE_FORMATS)[number];

export interface FormatOptions {
  /** MGRS digits per axis (1..5, default 5 = 1 m); plus code length (default 10 ≈ 14 m). */
  precision?: number;
}

/** Half the largest error each format's default precision allows, in metres (for tests). */
export const FORMAT_PRECISION_M: { readonly [F in CoordinateOutputFormat]: number } = {
  decimal: 0.12,
  dms: 0.32,
  ddm: 1.9,
  utm: 0.75,
  mgrs: 0.75,
  pluscode: 10,
};

function ddmAxis(value: number, axis: 'lat' | 'lon'): string {
  const hemisphere = axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  // Thousandths of a minute as integers, so 59.9996′ carries into the degrees.
  const ticks = Math.round(Math.abs(value) * 60_000);
  const degrees = Math.floor(ticks / 60_000);
  const minutes = ((ticks % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return `${hemisphere}${degrees}°${minutes}′`;
}

/**
 * `lat, lon` in the requested form; null where the form cannot express the point
 * (UTM and MGRS stop at 80°S and 84°N).
 */
export function formatCoordinates(
  lat: number,
  lon: number,
  format: CoordinateOutputFormat,
  options: FormatOptions = {},
): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90) return null;
  const wrapped = wrapLon(lon);
  switch (format) {
    case 'decimal':
      return formatDecimal(lat, wrapped);
    case 'dms':
      return formatDms(lat, wrapped);
    case 'ddm':
      return `${ddmAxis(lat, 'lat')} ${ddmAxis(wrapped, 'lon')}`;
    case 'utm': {
      const utm = toUtm(lat, wrapped);
      if (!utm) return null;
      return `${utm.zone}${utm.band} ${Math.round(utm.easting)} ${Math.round(utm.northing)}`;
    }
    case 'mgrs': {
      const mgrs = toMgrs(lat, wrapped);
      if (!mgrs) return null;
      const digits = Math.min(5, Math.max(1, Math.round(options.precision ?? 5)));
      // MGRS truncates: a reference names the cell the point lies in.
      const cell = 10 ** (5 - digits);
      const e = String(Math.floor(mgrs.easting / cell)).padStart(digits, '0');
      const nn = String(Math.floor(mgrs.northing / cell)).padStart(digits, '0');
      return `${mgrs.zone}${mgrs.band} ${mgrs.square} ${e} ${nn}`;
    }
    case 'pluscode':
      return encodePlusCode(lat, wrapped, options.precision ?? 10);
  }
}
