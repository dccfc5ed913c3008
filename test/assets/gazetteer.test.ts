import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GAZETTEER_PATH,
  buildGazetteer,
  encodeBundledGazetteer,
  gazetteerStaleReason,
  currentGazetteerInputs,
} from '../../assets/gazetteer/build';
import {
  GazetteerFormatError,
  describeFromPlace,
  encodeGazetteer,
  haversineM,
  parseGazetteer,
  type GazetteerIndex,
  type GazetteerPlace,
} from '../../shared/geo/gazetteer';

let gazetteer: GazetteerIndex;

beforeAll(() => {
  buildGazetteer();
  gazetteer = parseGazetteer(readFileSync(GAZETTEER_PATH));
});

/** The n nearest by scanning every place: the reference the tree must agree with. */
function bruteNearest(g: GazetteerIndex, lat: number, lon: number, n: number) {
  const all: { index: number; d: number }[] = [];
  for (let i = 0; i < g.count; i++) {
    const p = g.place(i);
    all.push({ index: i, d: haversineM(lat, lon, p.lat, p.lon) });
  }
  return all.sort((a, b) => a.d - b.d || a.index - b.index).slice(0, n);
}

describe('bundled gazetteer', () => {
  it('is up to date with its stamp after the build and carries the GeoNames attribution', () => {
    expect(gazetteerStaleReason(currentGazetteerInputs())).toBeUndefined();
    expect(gazetteer.count).toBeGreaterThan(130_000);
    expect(gazetteer.attribution).toMatch(/GeoNames.*CC BY 4\.0/);
  });

  it('encodes byte-identically twice', () => {
    const a = encodeBundledGazetteer().bytes;
    const b = encodeBundledGazetteer().bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(readFileSync(GAZETTEER_PATH))).toBe(true);
  });

  it('names the Jabbeke motorway car park after Jabbeke, Belgium', () => {
    const place = gazetteer.nearest(51.183, 3.087);
    expect(place).toMatchObject({ name: 'Jabbeke', country: 'BE', approximate: true });
    expect(place!.distanceM).toBeGreaterThan(50);
    expect(place!.distanceM).toBeLessThan(1000);
  });

  it('finds known cities near their centres', () => {
    const cases: [number, number, string, string][] = [
      [51.2194, 4.4025, 'Antwerpen', 'BE'],
      [41.3874, 2.1686, 'Barcelona', 'ES'],
      [51.1279, 1.3134, 'Dover', 'GB'],
      [51.4875, 4.7411, 'Rijsbergen', 'NL'], // the Hazeldonk truck stop has no place of its own
    ];
    for (const [lat, lon, name, country] of cases) {
      const hit = gazetteer.nearestN(lat, lon, 5).find((h) => h.name === name);
      expect(hit, `${name} among the 5 nearest to ${lat},${lon}`).toBeDefined();
      expect(hit!.country).toBe(country);
    }
  });

  it('answers a point at sea off Calais with a coastal town and an honest distance', () => {
    const [hit] = gazetteer.nearestN(51.02, 1.7, 1);
    expect(hit).toBeDefined();
    expect(['FR', 'GB']).toContain(hit!.country);
    expect(hit!.distanceM).toBeGreaterThan(5_000);
    expect(hit!.distanceM).toBe(Math.round(haversineM(51.02, 1.7, hit!.lat, hit!.lon)));
    expect(describeFromPlace(hit!)).toMatch(
      /^\d+(\.\d)? km (N|NE|E|SE|S|SW|W|NW) of .+ \((FR|GB)\)$/,
    );
  });

  it('agrees with a brute-force scan (nearest 5, random points)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lon) => {
          const got = gazetteer.nearestN(lat, lon, 5).map((h) => h.index);
          const want = bruteNearest(gazetteer, lat, lon, 5).map((h) => h.index);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 15, seed: 6 },
    );
  });

  it('handles the antimeridian and rejects invalid positions', () => {
    const east = gazetteer.nearestN(-17.0, 179.99, 3).map((h) => h.index);
    expect(east).toEqual(bruteNearest(gazetteer, -17.0, 179.99, 3).map((h) => h.index));
    expect(gazetteer.nearest(Number.NaN, 3)).toBeNull();
    expect(gazetteer.nearest(95, 3)).toBeNull();
    expect(gazetteer.nearestN(50, 3, 0)).toEqual([]);
  });

  it('answers 10,000 lookups well under 0.5 s', () => {
    // Warm-up so the measure is the search, not the compiler.
    for (let i = 0; i < 500; i++) gazetteer.nearest(40 + (i % 20), (i * 7) % 40);
    // CPU time, not wall time: the test machine runs other suites alongside.
    const started = process.cpuUsage();
    const wall = performance.now();
    let found = 0;
    for (let i = 0; i < 10_000; i++) {
      const lat = -55 + ((i * 0.6180339887) % 1) * 125;
      const lon = -180 + ((i * 0.4142135624) % 1) * 360;
      if (gazetteer.nearest(lat, lon)) found++;
    }
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    console.log(
      `gazetteer: 10,000 nearest lookups in ${ms.toFixed(0)} ms CPU (${(performance.now() - wall).toFixed(0)} ms wall)`,
    );
    expect(found).toBe(10_000);
    expect(ms).toBeLessThan(500);
  });

  it('gives every place back for a search index', () => {
    const jabbeke = [...gazetteer.places()].filter((p) => p.name === 'Jabbeke');
    expect(jabbeke).toEqual([
      expect.objectContaining({
        id: 2794999,
        country: 'BE',
        admin1: 'VLG',
        featureCode: 'PPL',
        population: 13488,
        lat: 51.18185,
        lon: 3.08935,
      }),
    ]);
  });
});

describe('gazetteer file format', () => {
  const sample: GazetteerPlace[] = [
    {
      id: 3,
      name: 'Café Zürich',
      altName: '',
      country: 'CH',
      admin1: 'ZH',
      featureCode: 'PPL',
      population: 10,
      lat: 47.37,
      lon: 8.54,
    },
    {
      id: 1,
      name: 'Αθήνα',
      altName: 'Athens',
      country: 'GR',
      admin1: '',
      featureCode: 'PPLC',
      population: 664046,
      lat: 37.98376,
      lon: 23.72784,
    },
    {
      id: 2,
      name: 'Suva',
      altName: '',
      country: 'FJ',
      admin1: 'C',
      featureCode: 'PPLC',
      population: 77366,
      lat: -18.14161,
      lon: 178.44149,
    },
  ];

  it('round-trips places, unicode names and codes', () => {
    const g = parseGazetteer(encodeGazetteer(sample, 'test data'));
    expect(g.attribution).toBe('test data');
    const byId = [...g.places()].sort((a, b) => a.id - b.id);
    expect(byId).toEqual([...sample].sort((a, b) => a.id - b.id));
    expect(g.nearest(-18, 179)).toMatchObject({ name: 'Suva', country: 'FJ' });
  });

  it('reads a file from a misaligned buffer', () => {
    const bytes = encodeGazetteer(sample, 'x');
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(parseGazetteer(shifted.subarray(1)).count).toBe(3);
  });

  it('rejects corrupt files with a clear error instead of wrong answers', () => {
    const bytes = encodeGazetteer(sample, 'x');
    expect(() => parseGazetteer(new Uint8Array(10))).toThrow(GazetteerFormatError);
    expect(() => parseGazetteer(bytes.subarray(0, bytes.length - 5))).toThrow(/truncated/);
    const badMagic = bytes.slice();
    badMagic[0] = 0x58;
    expect(() => parseGazetteer(badMagic)).toThrow(/magic/);
    const badVersion = bytes.slice();
    badVersion[4] = 9;
    expect(() => parseGazetteer(badVersion)).toThrow(/version/);
  });

  it('searches correctly when the file is not in tree order', () => {
    const bytes = encodeGazetteer(sample, 'x');
    bytes[6] = 0; // clear the tree-order flag: the index must build its own tree
    const g = parseGazetteer(bytes);
    expect(g.nearest(37.9, 23.7)).toMatchObject({ name: 'Αθήνα' });
    expect(g.nearest(47.4, 8.5)).toMatchObject({ name: 'Café Zürich' });
  });
});
