import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GAZETTEER_PATH, buildGazetteer } from '../../../assets/gazetteer/build';
import {
  encodeGazetteer,
  haversineM,
  parseGazetteer,
  type GazetteerIndex,
  type GazetteerPlace,
} from '../../../shared/geo/gazetteer';
import { describePoint, formatDistance } from '../../../shared/geo/reverse';

/** The point `distanceM` from (lat, lon) along `bearingDeg` on the sphere. */
function destination(lat: number, lon: number, bearingDeg: number, distanceM: number) {
  const r = Math.PI / 180;
  const d = distanceM / 6_371_008.8;
  const b = bearingDeg * r;
  const p1 = lat * r;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    lon * r +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: p2 / r, lon: l2 / r };
}

let gazetteer: GazetteerIndex;
beforeAll(() => {
  buildGazetteer();
  gazetteer = parseGazetteer(readFileSync(GAZETTEER_PATH));
}, 120_000);

describe('describePoint over the bundled gazetteer', () => {
  const point = destination(51.18185, 3.08935, 315, 3400);

  it('says "3.4 km NW of Jabbeke, Belgium" in the four languages', () => {
    expect(describePoint(gazetteer, point.lat, point.lon, 'en')!.text).toBe(
      '3.4 km NW of Jabbeke, Belgium',
    );
    expect(describePoint(gazetteer, point.lat, point.lon, 'nl')!.text).toBe(
      '3,4 km NW van Jabbeke, België',
    );
    expect(describePoint(gazetteer, point.lat, point.lon, 'fr')!.text).toBe(
      '3,4 km NO de Jabbeke, Belgique',
    );
    expect(describePoint(gazetteer, point.lat, point.lon, 'de')!.text).toBe(
      '3,4 km NW von Jabbeke, Belgien',
    );
  });

  it('offers larger places further away after the nearest, each with distance and direction', () => {
    const { places } = describePoint(gazetteer, point.lat, point.lon, 'en', { count: 4 })!;
    expect(places).toHaveLength(4);
    expect(places[0]).toMatchObject({ name: 'Jabbeke', direction: 'NW', approximate: true });
    expect(places[0]!.distanceM).toBeGreaterThan(3300);
    expect(places[0]!.distanceM).toBeLessThan(3500);
    for (const p of places.slice(1)) {
      expect(p.distanceM).toBeGreaterThan(places[0]!.distanceM);
      expect(Math.abs(haversineM(p.lat, p.lon, point.lat, point.lon) - p.distanceM)).toBeLessThan(
        2,
      );
    }
    expect(places.map((p) => p.name)).toContain('Brugge');
    // Ordered by distance over √population after the nearest.
    const effective = places.slice(1).map((p) => p.distanceM / Math.sqrt(p.population));
    expect(effective).toEqual([...effective].sort((a, b) => a - b));
  });

  it('says "at" a place within 500 m, and nothing for an invalid point', () => {
    expect(describePoint(gazetteer, 50.8505, 4.3488, 'en')!.text).toBe('at Brussels, Belgium');
    expect(describePoint(gazetteer, 50.8505, 4.3488, 'fr')!.text).toBe('à Brussels, Belgique');
    expect(describePoint(gazetteer, Number.NaN, 4, 'en')).toBeNull();
    expect(describePoint(gazetteer, 95, 4, 'en')).toBeNull();
  });

  it('answers 2,000 lookups quickly (k-d tree, not a scan)', () => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++)
      describePoint(gazetteer, -60 + (i % 120), -180 + ((i * 7) % 360));
    // A full scan of 135,000 places per lookup would take tens of seconds.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('population weighting', () => {
  const at = (
    name: string,
    lat: number,
    lon: number,
    population: number,
    id: number,
  ): GazetteerPlace => ({
    id,
    name,
    altName: '',
    country: 'BE',
    admin1: 'VLG',
    featureCode: 'PPL',
    population,
    lat,
    lon,
  });
  const centre = { lat: 51, lon: 3 };
  const hamlet = destination(centre.lat, centre.lon, 90, 300);
  const town = destination(centre.lat, centre.lon, 0, 3000);
  const villages = [1200, 1500, 1900, 2300].map((m, i) =>
    destination(centre.lat, centre.lon, 150 + i * 40, m),
  );
  const gazetteer = parseGazetteer(
    encodeGazetteer(
      [
        at('Hamlet', hamlet.lat, hamlet.lon, 1000, 1),
        at('Town', town.lat, town.lon, 40_000, 2),
        ...villages.map((v, i) => at(`Village ${i}`, v.lat, v.lon, 1000, 10 + i)),
      ],
      'test',
    ),
  );

  it('offers both the hamlet 300 m away and the town 3 km away, nearest first', () => {
    const { places, text } = describePoint(gazetteer, centre.lat, centre.lon, 'en', { count: 2 })!;
    expect(places.map((p) => p.name)).toEqual(['Hamlet', 'Town']);
    expect(text).toBe('at Hamlet, Belgium');
    // Locale number formatting drops a trailing zero: 3.0 km reads "3 km".
    expect(places[1]!.text).toBe('3 km S of Town, Belgium');
  });
});

describe('formatDistance', () => {
  it('rounds to 100 m below a kilometre, tenths below ten, whole kilometres above', () => {
    expect(formatDistance('en', 349)).toBe('300 m');
    expect(formatDistance('en', 3449)).toBe('3.4 km');
    expect(formatDistance('nl', 3449)).toBe('3,4 km');
    expect(formatDistance('de', 12_600)).toBe('13 km');
    expect(formatDistance('fr', 1_234_567)).toMatch(/^1\s235 km$/);
  });
});
