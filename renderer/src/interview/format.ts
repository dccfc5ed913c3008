/** How the interview screen writes positions, distances and readings. */
import type { CoordinateFormat } from '../../../shared/geo/coordinates/types';
import { formatNumber, type Locale } from '../../../shared/i18n';
import type { PlaceSearchResult } from '../../../shared/geo/gazetteer-search';

/** "50.8503° N, 4.3517° E": the normalized form shown after a coordinate reading. */
export function hemisphereText(lat: number, lon: number, digits = 4): string {
  const ns = lat < 0 ? 'S' : 'N';
  const ew = lon < 0 ? 'W' : 'E';
  return `${Math.abs(lat).toFixed(digits)}° ${ns}, ${Math.abs(lon).toFixed(digits)}° ${ew}`;
}

export const COORDINATE_FORMAT_NAMES: Record<CoordinateFormat, string> = {
  decimal: 'Decimal',
  dms: 'DMS',
  ddm: 'DDM',
  utm: 'UTM',
  mgrs: 'MGRS',
  pluscode: 'Plus code',
  url: 'URL',
  'geo-uri': 'geo:',
};

/** "800 m", "3.4 km" in the locale's digits. */
export function distanceText(locale: Locale, metres: number): string {
  if (metres < 1000) return `${formatNumber(locale, Math.round(metres))} m`;
  const km = metres / 1000;
  return `${formatNumber(locale, km, km < 10 ? 2 : 1)} km`;
}

/** A zoom that shows a place at the scale one looks for it: a city whole, a hamlet's streets. */
export function zoomForPlace(result: Pick<PlaceSearchResult, 'population' | 'source'>): number {
  if (result.source === 'basemap') return 17;
  if (result.population >= 1_000_000) return 11;
  if (result.population >= 100_000) return 12;
  if (result.population >= 10_000) return 13;
  return 14;
}

export const COORDINATE_ZOOM = 16;
