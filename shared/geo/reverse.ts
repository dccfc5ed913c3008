/**
 * Reverse lookup for interview mode: a point described from the places around it, as an
 * interviewer would say it ("3.4 km NW of Jabbeke, Belgium"), in the interviewer's language.
 * The nearest settlement comes first, then the others ordered by distance over the square root
 * of population, so that both a hamlet 300 m away and the town 3 km away are offered. Positions
 * are settlement points: every answer is approximate and says how far it is.
 */
import { formatNumber, intlTag, t, type Locale, type MessageKey } from '../i18n';
import { compassPoint, type GazetteerHit, type GazetteerIndex } from './gazetteer';

export interface DescribedPlace {
  gazetteerIndex: number;
  name: string;
  country: string;
  countryName: string;
  admin1: string;
  population: number;
  lat: number;
  lon: number;
  /** From the place to the point. */
  distanceM: number;
  /** Initial bearing from the place to the point, degrees clockwise from north. */
  bearingDeg: number;
  /** Eight-point compass direction from the place, untranslated (`N`, `NE` …). */
  direction: string;
  /** The point described from this place, e.g. "3.4 km NW of Jabbeke, Belgium". */
  text: string;
  approximate: true;
}

export interface PointDescription {
  /** The phrase for the nearest place. */
  text: string;
  places: DescribedPlace[];
}

export interface DescribeOptions {
  /** Places to offer (default 3). */
  count?: number;
}

/** Nearest places looked at before weighting by population. */
const POOL = 32;
/** Beyond this, only the nearest place is named: "80 km from" helps nobody find a house. */
const MAX_OTHER_DISTANCE_M = 40_000;
/** Closer than this, the point is "at" the place rather than a distance from it. */
const AT_PLACE_M = 500;

const countryNames = new Map<Locale, Intl.DisplayNames>();
function countryName(code: string, locale: Locale): string {
  let names = countryNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([intlTag(locale)], { type: 'region' });
    countryNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "800 m", "3.4 km", "27 km" in the locale's digits. */
export function formatDistance(locale: Locale, metres: number): string {
  if (metres < 1000) {
    return t(locale, 'reverse.m', { value: formatNumber(locale, Math.round(metres / 100) * 100) });
  }
  const km = metres / 1000;
  const value =
    km < 10 ? formatNumber(locale, Math.round(km * 10) / 10, 1) : formatNumber(locale, km);
  return t(locale, 'reverse.km', { value });
}

function describe(gazetteer: GazetteerIndex, hit: GazetteerHit, locale: Locale): DescribedPlace {
  const place = gazetteer.place(hit.index);
  const direction = compassPoint(hit.bearingFromPlaceDeg);
  const params = {
    place: hit.name,
    country: countryName(hit.country, locale),
    distance: formatDistance(locale, hit.distanceM),
    direction: t(locale, `reverse.dir.${direction}` as MessageKey),
  };
  return {
    gazetteerIndex: hit.index,
    name: hit.name,
    country: hit.country,
    countryName: params.country,
    admin1: place.admin1,
    population: hit.population,
    lat: hit.lat,
    lon: hit.lon,
    distanceM: hit.distanceM,
    bearingDeg: hit.bearingFromPlaceDeg,
    direction,
    text: t(locale, hit.distanceM < AT_PLACE_M ? 'reverse.at' : 'reverse.offset', params),
    approximate: true,
  };
}

/** Describes a point from its nearest places; null for an invalid point or empty gazetteer. */
export function describePoint(
  gazetteer: GazetteerIndex,
  lat: number,
  lon: number,
  locale: Locale = 'en',
  options: DescribeOptions = {},
): PointDescription | null {
  const hits = gazetteer.nearestN(lat, lon, POOL);
  if (hits.length === 0) return null;
  const count = Math.max(1, Math.floor(options.count ?? 3));
  const [nearest, ...rest] = hits;
  const weighted = rest
    .filter((h) => h.distanceM <= MAX_OTHER_DISTANCE_M)
    .map((h) => ({ h, effective: h.distanceM / Math.sqrt(Math.max(1, h.population)) }))
    .sort((a, b) => a.effective - b.effective || a.h.index - b.h.index)
    .map(({ h }) => h);
  const places = [nearest!, ...weighted].slice(0, count).map((h) => describe(gazetteer, h, locale));
  return { text: places[0]!.text, places };
}
