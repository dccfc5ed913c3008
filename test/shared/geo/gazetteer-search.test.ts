import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { GAZETTEER_PATH, buildGazetteer } from '../../../assets/gazetteer/build';
import {
  encodeGazetteer,
  parseGazetteer,
  type GazetteerIndex,
  type GazetteerPlace,
} from '../../../shared/geo/gazetteer';
import {
  createPlaceSearch,
  mergePlaceSearches,
  placeResolver,
  type PlaceSearch,
} from '../../../shared/geo/gazetteer-search';
import { canonicalName, foldName } from '../../../shared/geo/gazetteer-search-fold';
import { boundedDistances } from '../../../shared/geo/gazetteer-search-index';
import { parseCoordinates } from '../../../shared/geo/coordinates/parse';
import { encodePlusCode } from '../../../shared/geo/coordinates/pluscode';

const JABBEKE_ID = 2794999;
const BRUSSELS_ID = 2800866;
const PARIS_FR_ID = 2988507;
const PARIS_TX_ID = 4717560;
const DALLAS = { lat: 32.78, lon: -96.8 };

let gazetteer: GazetteerIndex;
let search: PlaceSearch;

beforeAll(() => {
  buildGazetteer();
  gazetteer = parseGazetteer(readFileSync(GAZETTEER_PATH));
  search = createPlaceSearch(gazetteer);
}, 120_000);

const firstId = (
  query: string,
  options?: Parameters<PlaceSearch['search']>[1],
): number | undefined => {
  const [best] = search.search(query, options);
  return best ? gazetteer.place(best.gazetteerIndex!).id : undefined;
};

describe('folding', () => {
  it('drops accents and case and spells out the letters NFKD leaves alone', () => {
    expect(foldName('Liège')).toBe('liege');
    expect(foldName('STRAßE')).toBe('strasse');
    expect(foldName('Łódź')).toBe('lodz');
    expect(foldName('Ærøskøbing')).toBe('aeroskobing');
    expect(foldName('Sint-Pieters-Leeuw')).toBe('sint pieters leeuw');
    expect(foldName("  Braine-l'Alleud ")).toBe('braine l alleud');
    expect(foldName('Þórshöfn')).toBe('thorshofn');
    expect(canonicalName(foldName('Sint-Andries'))).toBe('st andries');
    expect(canonicalName(foldName('Saint Andries'))).toBe('st andries');
    expect(canonicalName(foldName('St. Andries'))).toBe('st andries');
  });

  it('counts a doubled letter as half an edit and gives up past the bound', () => {
    expect(boundedDistances('jabek', 'jabbeke', 1)).toEqual({ prefix: 0.5, full: 1.5 });
    expect(boundedDistances('bruxelles', 'brussels', 2)).toBeNull();
    expect(boundedDistances('brusels', 'brussels', 1)!.full).toBe(0.5);
    expect(boundedDistances('jabbkee', 'jabbeke', 1)!.full).toBe(1); // transposition
    expect(boundedDistances('xyz', 'jabbeke', 1)).toBeNull();
  });
});

describe('place search over the bundled gazetteer', () => {
  it('indexes every place', () => {
    expect(search.size).toBe(gazetteer.count);
    expect(search.size).toBeGreaterThan(130_000);
  });

  it('puts Jabbeke first for its name, a typo, a prefix with a typo and a country', () => {
    for (const query of [
      'jabbeke',
      'JABBEKE',
      'Jabbeke',
      'jabek',
      'jabbek',
      'jabeke',
      'jabbeke belgium',
      'Jabbeke, België',
    ]) {
      expect(firstId(query), query).toBe(JABBEKE_ID);
    }
    const [hit] = search.search('jabbeke', { locale: 'nl' });
    expect(hit).toMatchObject({
      source: 'gazetteer',
      name: 'Jabbeke',
      country: 'BE',
      countryName: 'België',
      admin1: 'VLG',
      matchedBy: 'exact',
    });
    expect(hit!.population).toBeGreaterThan(10_000);
    expect(hit!.lat).toBeCloseTo(51.18185, 4);
    expect(hit!.lon).toBeCloseTo(3.08935, 4);
    expect(search.search('jabek')[0]!.matchedBy).toBe('fuzzy');
  });

  it('finds Brussels under its names in four languages, with typos and while typing', () => {
    for (const query of [
      'Brussels',
      'Bruxelles',
      'Brussel',
      'Brüssel',
      'bruxel',
      'brusels',
      'BRUXELLES',
    ]) {
      expect(firstId(query), query).toBe(BRUSSELS_ID);
    }
    expect(search.search('Bruxelles')[0]).toMatchObject({
      name: 'Brussels',
      matchedName: 'Bruxelles',
      matchedBy: 'alternate',
    });
  });

  it('picks the Paris near the view: Texas when the view is in Texas, else France', () => {
    expect(firstId('paris')).toBe(PARIS_FR_ID);
    expect(firstId('paris', { near: DALLAS })).toBe(PARIS_TX_ID);
    expect(firstId('paris', { near: { lat: 31, lon: -99, radiusKm: 600 } })).toBe(PARIS_TX_ID);
    expect(firstId('paris', { near: { lat: 51, lon: 4 } })).toBe(PARIS_FR_ID);
    expect(firstId('paris tx')).toBe(PARIS_TX_ID);
    const nearDallas = search.search('paris', { near: DALLAS })[0]!;
    expect(nearDallas.distanceKm).toBeGreaterThan(100);
    expect(nearDallas.distanceKm).toBeLessThan(200);
  });

  it('matches saints across languages and abbreviations, and later words of a name', () => {
    for (const query of [
      'Sint-Niklaas',
      'sint niklaas',
      'St Niklaas',
      'st.-niklaas',
      'SINT NIKLAAS',
    ]) {
      expect(search.search(query)[0]!.name, query).toBe('Sint-Niklaas');
    }
    expect(search.search('pieters leeuw')[0]).toMatchObject({
      name: 'Sint-Pieters-Leeuw',
      matchedBy: 'word',
    });
  });

  it('is accent- and case-insensitive both ways', () => {
    expect(search.search('liege')[0]!.name).toBe('Liège');
    expect(search.search('LIÈGE')[0]!.name).toBe('Liège');
    expect(search.search('lodz')[0]!.name).toBe('Łódź');
    expect(search.search('goteborg')[0]!.name).toBe('Göteborg');
    expect(search.search('sao paulo')[0]!.name).toBe('São Paulo');
    expect(search.search('Luik')[0]!.name).toBe('Liège');
  });

  it('ranks the whole name above a longer name it begins, and big places first while typing', () => {
    expect(search.search('gent')[0]!.name).toBe('Gent');
    expect(search.search('lon')[0]!.name).toBe('London');
    const typed = search.search('b', { limit: 5 });
    expect(typed).toHaveLength(5);
    for (const r of typed) expect(r.population).toBeGreaterThan(1_000_000);
  });

  it('completes a short plus code named with a place, and refuses a misspelt place', () => {
    const full = encodePlusCode(51.17, 3.1);
    const short = `${full.slice(4)} Jabbeke`;
    const [reading] = parseCoordinates(short, { resolvePlace: placeResolver(search) });
    expect(reading).toMatchObject({ format: 'pluscode' });
    expect(encodePlusCode(reading!.lat, reading!.lon)).toBe(full);
    expect(
      parseCoordinates(`${full.slice(4)} Jabek`, { resolvePlace: placeResolver(search) }),
    ).toEqual([]);
  });

  it('returns nothing for nothing, and respects the limit', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search('  ,, ')).toEqual([]);
    expect(search.search('qqqxqqq')).toEqual([]);
    expect(search.search('san', { limit: 3 })).toHaveLength(3);
    expect(search.search('san')).toHaveLength(10);
  });

  it('finds a random place by its own name among the first results when the view is on it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: gazetteer.count - 1 }), (index) => {
        const place = gazetteer.place(index);
        const results = search.search(place.name, {
          near: { lat: place.lat, lon: place.lon, radiusKm: 20 },
          limit: 5,
        });
        expect(
          results.map((r) => r.gazetteerIndex),
          place.name,
        ).toContain(index);
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});

describe('place search over a small gazetteer', () => {
  const places: GazetteerPlace[] = [
    ['Sint-Andries', 51.2, 3.17, 20_000, 'BE'],
    ['Saint-André', 50.65, 3.05, 12_000, 'FR'],
    ['Sankt Andreasberg', 51.71, 10.52, 1_500, 'DE'],
    ['Andries', 40, 20, 1_000, 'AL'],
  ].map(([name, lat, lon, population, country], i) => ({
    id: i + 1,
    name: name as string,
    altName: '',
    country: country as string,
    admin1: '',
    featureCode: 'PPL',
    population: population as number,
    lat: lat as number,
    lon: lon as number,
  }));
  const small = createPlaceSearch(parseGazetteer(encodeGazetteer(places, 'test')));

  it('matches "St Andries" with "Sint-Andries" and the other way round', () => {
    for (const query of [
      'St Andries',
      'st. andries',
      'Sint Andries',
      'saint andries',
      'sint-andries',
      'sintandries',
    ]) {
      expect(small.search(query)[0]?.name, query).toBe('Sint-Andries');
    }
    expect(small.search('andries').map((r) => r.name)).toEqual(['Andries', 'Sint-Andries']);
  });

  it('merges with another name source by score', () => {
    const merged = mergePlaceSearches([small, small]);
    const results = merged.search('sint andries', { limit: 3 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    expect(merged.size).toBe(8);
  });
});
