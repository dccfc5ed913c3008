/**
 * Reads a position out of whatever a witness, a colleague or a phone hands the interviewer:
 * decimal degrees, DMS or degrees-decimal-minutes with or without symbols, hemisphere letters
 * before or after, Belgian comma decimals, UTM, MGRS, plus codes and map-service links.
 *
 * Every plausible reading is returned, best first, rather than one guess: "50.85 4.35" is
 * latitude-longitude far more often than not, but the other order is offered with a note so
 * the interviewer sees the ambiguity before jumping. A value out of range rules a reading out.
 */
import { formatDecimal } from '../format-coords';
import { parseLatLonText } from './parse-latlon';
import { parseMapUrl, looksLikeUrl } from './parse-url';
import { parsePlusCodeText } from './parse-pluscode';
import { parseGridText } from './parse-grid';
import type { CoordinateParse, ParseCoordinatesOptions } from './types';

export type {
  CoordinateParse,
  CoordinateFormat,
  MapService,
  ParseCoordinatesOptions,
} from './types';

/** Longer input is not a coordinate someone typed or pasted. */
const MAX_INPUT_LENGTH = 2000;

export function parseCoordinates(
  text: string,
  options: ParseCoordinatesOptions = {},
): CoordinateParse[] {
  const input = text.trim();
  if (input === '' || input.length > MAX_INPUT_LENGTH) return [];
  const readings = looksLikeUrl(input)
    ? parseMapUrl(input, options)
    : [...parsePlusCodeText(input, options), ...parseGridText(input), ...parseLatLonText(input)];
  return rank(readings);
}

/** Best first; the same position in the same format is reported once, with its best confidence. */
function rank(readings: CoordinateParse[]): CoordinateParse[] {
  const valid = readings.filter(
    (r) =>
      Number.isFinite(r.lat) &&
      Number.isFinite(r.lon) &&
      Math.abs(r.lat) <= 90 &&
      Math.abs(r.lon) <= 180,
  );
  const sorted = valid
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.confidence - a.r.confidence || a.i - b.i)
    .map(({ r }) => r);
  const out: CoordinateParse[] = [];
  for (const r of sorted) {
    const duplicate = out.some(
      (o) =>
        o.format === r.format && Math.abs(o.lat - r.lat) < 1e-9 && Math.abs(o.lon - r.lon) < 1e-9,
    );
    if (!duplicate) out.push({ ...r, normalized: r.normalized || formatDecimal(r.lat, r.lon) });
  }
  return out;
}
