/**
 * Plus codes: a full code ("9F26RC22+22") stands alone; a short one ("RC22+22 Brussels" or
 * just "RC22+22") needs a nearby point, from a named place or the caller's reference (the map
 * view), as the code's own specification says.
 */
import { formatDecimal } from '../format-coords';
import { decodePlusCode, isFullPlusCode, isShortPlusCode, recoverPlusCode } from './pluscode';
import type { CoordinateParse, ParseCoordinatesOptions } from './types';

const PLUS_RE = /^([23456789CFGHJMPQRVWX0]{2,8}\+[23456789CFGHJMPQRVWX]{0,7})(?:[\s,]+(.+))?$/i;

function fromFull(code: string, confidence: number, note?: string): CoordinateParse[] {
  const area = decodePlusCode(code);
  if (!area) return [];
  const accuracyM = Math.round(((area.latHi - area.latLo) * 111_320) / 2) || 1;
  return [
    {
      lat: area.lat,
      lon: area.lon,
      format: 'pluscode',
      confidence,
      normalized: formatDecimal(area.lat, area.lon),
      accuracyM,
      ...(note ? { note } : {}),
    },
  ];
}

export function parsePlusCodeText(
  text: string,
  options: ParseCoordinatesOptions,
): CoordinateParse[] {
  const m = PLUS_RE.exec(text.trim());
  if (!m) return [];
  const code = m[1]!.toUpperCase();
  const locality = m[2]?.trim();
  if (isFullPlusCode(code)) {
    return fromFull(
      code,
      0.98,
      locality ? `"${locality}" ignored: the code is complete` : undefined,
    );
  }
  if (!isShortPlusCode(code)) return [];
  if (locality) {
    const place = options.resolvePlace?.(locality);
    if (!place) return [];
    const full = recoverPlusCode(code, place.lat, place.lon);
    return full ? fromFull(full, 0.9, `short code completed near "${locality}" (${full})`) : [];
  }
  if (!options.reference) return [];
  const full = recoverPlusCode(code, options.reference.lat, options.reference.lon);
  return full ? fromFull(full, 0.8, `short code completed near the map view (${full})`) : [];
}
