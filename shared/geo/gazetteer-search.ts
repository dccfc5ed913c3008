/**
 * Offline place search over the bundled gazetteer, for interview mode (issue 9): accent- and
 * case-insensitive, prefix and typo-tolerant, with alternate names in the interviewers'
 * languages, a trailing country or region ("jabbeke belgium", "paris tx") narrowing the
 * answer, and results ranked by match quality, population and closeness to the map view.
 * Other name sources (streets from a basemap, see tile-names.ts) merge in with `mergePlaceSearches`.
 */
import type { Locale } from '../i18n/messages';
import { haversineM } from './distance';
import type { GazetteerIndex } from './gazetteer';
import { EXONYMS } from './gazetteer-search-exonyms';
import { foldName } from './gazetteer-search-fold';
import { NameSearchIndex, type MatchKind, type NameHit } from './gazetteer-search-index';

export type { MatchKind } from './gazetteer-search-index';

export interface PlaceSearchResult {
  source: 'gazetteer' | 'basemap';
  name: string;
  /** The name the query matched: the place's own, an alternate such as "Bruxelles", or a street. */
  matchedName: string;
  matchedBy: MatchKind;
  /** Weighted typo edits between query and name (0 unless `matchedBy` is `fuzzy`). */
  editDistance: number;
  /** ISO 3166-1 alpha-2, or empty where unknown (basemap features). */
  country: string;
  /** The country in the requested locale, e.g. "België". */
  countryName: string;
  /** GeoNames first-level admin code (e.g. `VLG`), or empty. */
  admin1: string;
  /** GeoNames feature code (`PPL`, `PPLC` …) or the basemap's kind (`street`, `restaurant` …). */
  kind: string;
  lat: number;
  lon: number;
  population: number;
  /** From `near`, when given. */
  distanceKm?: number;
  /** Higher is better; comparable across merged searches. */
  score: number;
  /** Index into the gazetteer, for gazetteer results. */
  gazetteerIndex?: number;
}

export interface PlaceSearchOptions {
  /** The map view's centre and roughly its radius: nearby places rank higher. */
  near?: { lat: number; lon: number; radiusKm?: number };
  /** Default 10. */
  limit?: number;
  /** Language of `countryName`; default English. */
  locale?: Locale;
}

export interface PlaceSearch {
  search(query: string, options?: PlaceSearchOptions): PlaceSearchResult[];
  /** Milliseconds it took to build the index. */
  readonly buildMs: number;
  readonly size: number;
}

const DEFAULT_LIMIT = 10;
const DEFAULT_RADIUS_KM = 150;
/** Weights: match quality counts 1, this much per decade of population, this much for being in view. */
const POPULATION_WEIGHT = 0.08;
const NEAR_WEIGHT = 0.4;
/** A place named with its country or region is more specific than the bare name. */
const QUALIFIED_BONUS = 0.1;

/** Short queries (one or two letters) look only at places at least this large. */
export const MAJOR_POPULATION = 25_000;
const SHORT_QUERY = 2;

const LOCALES_FOR_NAMES: readonly Locale[] = ['en', 'nl', 'fr', 'de'];

/** Ranking of one hit, shared by every name source so that merged lists compare. */
export function rankScore(
  quality: number,
  population: number,
  lat: number,
  lon: number,
  near: PlaceSearchOptions['near'],
): { score: number; distanceKm?: number } {
  let score = quality + POPULATION_WEIGHT * Math.log10(population + 10);
  if (!near) return { score };
  const distanceKm = haversineM(near.lat, near.lon, lat, lon) / 1000;
  const radius = near.radiusKm && near.radiusKm > 0 ? near.radiusKm : DEFAULT_RADIUS_KM;
  score += NEAR_WEIGHT / (1 + distanceKm / radius);
  return { score, distanceKm: Math.round(distanceKm * 10) / 10 };
}

/** Country names in the four interface languages, folded, for "jabbeke belgium" and "gent belgië". */
class CountryNames {
  private readonly byName = new Map<string, Set<string>>();
  private readonly display = new Map<Locale, Intl.DisplayNames>();

  constructor(codes: Iterable<string>) {
    for (const locale of LOCALES_FOR_NAMES) {
      this.display.set(locale, new Intl.DisplayNames([locale], { type: 'region' }));
    }
    for (const code of codes) {
      for (const locale of LOCALES_FOR_NAMES) {
        const folded = foldName(this.name(code, locale));
        if (folded === '') continue;
        const set = this.byName.get(folded) ?? new Set<string>();
        set.add(code);
        this.byName.set(folded, set);
      }
    }
  }

  name(code: string, locale: Locale): string {
    if (code === '') return '';
    try {
      return this.display.get(locale)?.of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** Countries whose name is, or (from three letters) starts with, the folded text. */
  matching(folded: string): Set<string> {
    const out = new Set<string>();
    for (const [name, codes] of this.byName) {
      if (name === folded || (folded.length >= 3 && name.startsWith(folded))) {
        for (const c of codes) out.add(c);
      }
    }
    return out;
  }
}

interface RankedHit {
  hit: NameHit;
  quality: number;
}

/** Builds the search index over every place (and its alternate names) once. */
export function createPlaceSearch(
  gazetteer: GazetteerIndex,
  now: () => number = Date.now,
): PlaceSearch {
  const started = now();
  const count = gazetteer.count;
  const lat = new Float64Array(count);
  const lon = new Float64Array(count);
  const population = new Uint32Array(count);
  const country: string[] = new Array(count);
  const admin1: string[] = new Array(count);
  const kind: string[] = new Array(count);
  const names: (readonly string[])[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const p = gazetteer.place(i);
    lat[i] = p.lat;
    lon[i] = p.lon;
    population[i] = p.population;
    country[i] = p.country;
    admin1[i] = p.admin1;
    kind[i] = p.featureCode;
    names[i] = [p.name, ...(p.altName ? [p.altName] : []), ...(EXONYMS.get(p.id) ?? [])];
  }
  const index = new NameSearchIndex(
    names.map((n) => ({ names: n })),
    now,
  );
  // One or two letters match a tenth of the world: answer them from the larger places only.
  const major: number[] = [];
  for (let i = 0; i < count; i++) if (population[i]! >= MAJOR_POPULATION) major.push(i);
  const majorIndex = new NameSearchIndex(
    major.map((r) => ({ names: names[r]! })),
    now,
  );
  const countryCodes = new Set(country);
  const countries = new CountryNames(countryCodes);
  const adminCodes = new Set(admin1.filter((a) => a !== '').map((a) => a.toLowerCase()));
  const buildMs = now() - started;

  /** Records a trailing qualifier allows, or null when the words name no country or region. */
  const qualifierFilter = (words: string): ((record: number) => boolean) | null => {
    const byName = countries.matching(words);
    if (words.length === 2 && countryCodes.has(words.toUpperCase()))
      byName.add(words.toUpperCase());
    const admin = adminCodes.has(words) ? words.toUpperCase() : null;
    if (byName.size === 0 && !admin) return null;
    return (r) => byName.has(country[r]!) || (admin !== null && admin1[r] === admin);
  };

  const search = (query: string, options: PlaceSearchOptions = {}): PlaceSearchResult[] => {
    const folded = foldName(query);
    if (folded === '') return [];
    const best = new Map<number, RankedHit>();
    const consider = (hits: NameHit[], bonus: number): void => {
      for (const hit of hits) {
        const quality = hit.quality + bonus;
        const seen = best.get(hit.record);
        if (!seen || quality > seen.quality) best.set(hit.record, { hit, quality });
      }
    };
    if (folded.length <= SHORT_QUERY) {
      consider(
        majorIndex.lookup(folded).map((hit) => ({ ...hit, record: major[hit.record]! })),
        0,
      );
    } else {
      // "jabbeke belgium", "paris tx": the last word or two may name a country or region.
      const words = folded.split(' ');
      let qualifiedExact = false;
      for (let tail = 1; tail <= Math.min(2, words.length - 1); tail++) {
        const filter = qualifierFilter(words.slice(-tail).join(' '));
        if (!filter) continue;
        const hits = index.lookup(words.slice(0, -tail).join(' '), { filter });
        consider(hits, QUALIFIED_BONUS);
        if (hits.some((h) => h.matchedBy === 'exact' || h.matchedBy === 'alternate')) {
          qualifiedExact = true;
        }
      }
      consider(index.lookup(folded, qualifiedExact ? { fuzzyBelow: 0 } : {}), 0);
    }
    const locale = options.locale ?? 'en';
    const ranked = [...best.values()].map(({ hit, quality }) => {
      const r = hit.record;
      return { hit, ...rankScore(quality, population[r]!, lat[r]!, lon[r]!, options.near) };
    });
    ranked.sort((a, b) => b.score - a.score || a.hit.record - b.hit.record);
    return ranked.slice(0, options.limit ?? DEFAULT_LIMIT).map(({ hit, score, distanceKm }) => {
      const r = hit.record;
      return {
        source: 'gazetteer',
        name: names[r]![0]!,
        matchedName: names[r]![hit.nameIndex] ?? names[r]![0]!,
        matchedBy: hit.matchedBy,
        editDistance: hit.editDistance,
        country: country[r]!,
        countryName: countries.name(country[r]!, locale),
        admin1: admin1[r]!,
        kind: kind[r]!,
        lat: lat[r]!,
        lon: lon[r]!,
        population: population[r]!,
        ...(distanceKm !== undefined ? { distanceKm } : {}),
        score: Math.round(score * 1000) / 1000,
        gazetteerIndex: r,
      };
    });
  };

  return { search, buildMs, size: count };
}

/** One search over several name sources (gazetteer, basemap streets), best scores first. */
export function mergePlaceSearches(searches: readonly PlaceSearch[]): PlaceSearch {
  return {
    search(query, options = {}) {
      const limit = options.limit ?? DEFAULT_LIMIT;
      return searches
        .flatMap((s) => s.search(query, { ...options, limit }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
    buildMs: searches.reduce((ms, s) => ms + s.buildMs, 0),
    size: searches.reduce((n, s) => n + s.size, 0),
  };
}

/**
 * A `resolvePlace` for `parseCoordinates`: the best-ranked place of that name, so a short plus
 * code such as "RC22+22 Jabbeke" completes near Jabbeke. Only exact or alternate-name matches
 * count: a typo must not silently move the code to another town.
 */
export function placeResolver(
  search: PlaceSearch,
  near?: PlaceSearchOptions['near'],
): (name: string) => { lat: number; lon: number } | null {
  return (name) => {
    const [best] = search.search(name, { limit: 1, ...(near ? { near } : {}) });
    if (!best || (best.matchedBy !== 'exact' && best.matchedBy !== 'alternate')) return null;
    return { lat: best.lat, lon: best.lon };
  };
}
