/**
 * UTM ("31U 594934 5634158", "31N 594934 5634158") and MGRS ("31UES9493534158", spaced or not,
 * 1–5 digits a side). UTM's letter is either a latitude band or N/S for the hemisphere; N and S
 * are bands too, so both meanings are tried and the band is checked against the latitude that
 * results. An MGRS reference names a cell: its centre is returned with the cell size as accuracy.
 */
import { formatDecimal } from '../format-coords';
import type { CoordinateParse } from './types';
import { bandRange, fromUtm, mgrsToUtm } from './utm';

/** Half a degree of slack at band edges: bands are not grid lines, and people round. */
const BAND_SLACK_DEG = 0.5;

const UTM_RE =
  /^(?:ZONE\s*)?(\d{1,2})\s*([C-HJ-NP-X]|NORTH|SOUTH)\s*[,;]?\s+(\d{1,7}(?:\.\d+)?)\s*(?:M?E)?\s*[,;]?\s*\s(\d{1,8}(?:\.\d+)?)\s*(?:M?N)?$/;
const MGRS_RE =
  /^(\d{1,2})\s*([C-HJ-NP-X])\s*([A-HJ-NP-Z])\s*([A-HJ-NP-V])\s*(\d{0,10})\s*(\d{0,5})$/;

function inBand(lat: number, band: string): boolean {
  const range = bandRange(band);
  return !!range && lat >= range[0] - BAND_SLACK_DEG && lat <= range[1] + BAND_SLACK_DEG;
}

function result(
  lat: number,
  lon: number,
  format: 'utm' | 'mgrs',
  confidence: number,
  accuracyM: number,
  note?: string,
): CoordinateParse {
  return {
    lat,
    lon,
    format,
    confidence,
    normalized: formatDecimal(lat, lon),
    accuracyM,
    ...(note ? { note } : {}),
  };
}

function parseUtm(s: string): CoordinateParse[] {
  const m = UTM_RE.exec(s);
  if (!m) return [];
  const zone = Number(m[1]);
  const easting = Number(m[3]);
  const northing = Number(m[4]);
  if (zone < 1 || zone > 60 || easting < 100_000 || easting > 900_000 || northing > 10_000_000) {
    return [];
  }
  const letter = m[2]!.startsWith('NORTH') ? 'N' : m[2]!.startsWith('SOUTH') ? 'S' : m[2]!;
  const out: CoordinateParse[] = [];
  const asBand = bandRange(letter) && m[2]!.length === 1;
  if (asBand) {
    const hemisphere = bandRange(letter)![0] < 0 ? 'S' : 'N';
    const p = fromUtm(zone, hemisphere, easting, northing);
    if (inBand(p.lat, letter)) {
      out.push(
        result(
          p.lat,
          p.lon,
          'utm',
          letter === 'S' ? 0.5 : 0.95,
          1,
          letter === 'S' ? 'S read as latitude band S (northern hemisphere)' : undefined,
        ),
      );
    }
  }
  if (letter === 'N' || letter === 'S') {
    const p = fromUtm(zone, letter, easting, northing);
    const duplicate = out.some(
      (o) => Math.abs(o.lat - p.lat) < 1e-9 && Math.abs(o.lon - p.lon) < 1e-9,
    );
    if (!duplicate && Math.abs(p.lat) <= 84) {
      out.push(
        result(
          p.lat,
          p.lon,
          'utm',
          letter === 'S' && out.length > 0 ? 0.45 : 0.9,
          1,
          `${letter} read as the ${letter === 'N' ? 'northern' : 'southern'} hemisphere`,
        ),
      );
    }
  }
  return out;
}

function parseMgrs(compact: string): CoordinateParse[] {
  const m = MGRS_RE.exec(compact);
  if (!m) return [];
  const digits = m[5]! + m[6]!;
  if (m[6] && m[5]!.length !== m[6].length) return [];
  if (digits.length % 2 !== 0 || digits.length > 10) return [];
  const half = digits.length / 2;
  const cell = 10 ** (5 - half);
  const e = half === 0 ? 0 : Number(digits.slice(0, half)) * cell;
  const nn = half === 0 ? 0 : Number(digits.slice(half)) * cell;
  const zone = Number(m[1]);
  const band = m[2]!;
  const utm = mgrsToUtm(zone, band, m[3]! + m[4]!, e + cell / 2, nn + cell / 2);
  if (!utm) return [];
  const p = fromUtm(zone, utm.hemisphere, utm.easting, utm.northing);
  if (!inBand(p.lat, band)) return [];
  return [
    result(
      p.lat,
      p.lon,
      'mgrs',
      0.97,
      cell,
      `centre of a ${cell >= 1000 ? `${cell / 1000} km` : `${cell} m`} MGRS cell`,
    ),
  ];
}

/** UTM and MGRS readings of the text. */
export function parseGridText(text: string): CoordinateParse[] {
  const s = text.trim().toUpperCase().replace(/\s+/g, ' ');
  return [...parseMgrs(s), ...parseUtm(s)];
}
