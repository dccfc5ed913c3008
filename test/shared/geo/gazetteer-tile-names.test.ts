/**
 * Street and POI names from real vector tiles (the Moorwegsiedlung fixtures, Protomaps and
 * OpenMapTiles schemas), decoded here with @mapbox/vector-tile and searched next to a gazetteer.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapRegistry } from '../../../electron/services/basemaps';
import { encodeGazetteer, parseGazetteer } from '../../../shared/geo/gazetteer';
import { createPlaceSearch, mergePlaceSearches } from '../../../shared/geo/gazetteer-search';
import {
  TileNameCollector,
  createBasemapSearch,
  type BasemapName,
  type TileFeatureInput,
} from '../../../shared/geo/tile-names';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const fixtures = resolve(repoRoot, '../shared/fixtures/basemaps');
const haveFixtures = existsSync(fixtures);
if (!haveFixtures) console.warn('skipping: ../shared/fixtures/basemaps not present');

const PROTOMAPS = 'pmtiles-protomaps/moorwegsiedlung_protomaps-v3.1.0_z0-14.pmtiles';
const OPENMAPTILES =
  'pmtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.pmtiles';
const PROTOMAPS_IN_MBTILES = 'extras/moorwegsiedlung_protomaps-v3.1.0_z0-14.mbtiles';
const BOUNDS = { west: 9.7, south: 53.58, east: 9.75, north: 53.62 };

function tileRange(z: number): { x: [number, number]; y: [number, number] } {
  const n = 2 ** z;
  const x = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  return { x: [x(BOUNDS.west), x(BOUNDS.east)], y: [y(BOUNDS.north), y(BOUNDS.south)] };
}

/** Every z14 tile of the fixture area, decoded to lon/lat features. */
async function collect(registry: BasemapRegistry, file: string) {
  const { id } = await registry.add(resolve(fixtures, file));
  const collector = new TileNameCollector();
  let raw = 0;
  const z = 14;
  const range = tileRange(z);
  for (let x = range.x[0]; x <= range.x[1]; x++) {
    for (let y = range.y[0]; y <= range.y[1]; y++) {
      const data = await registry.readTile(id, z, x, y);
      if (data.byteLength === 0) continue;
      const tile = new VectorTile(new PbfReader(new Uint8Array(data)));
      const features: TileFeatureInput[] = [];
      for (const [layer, content] of Object.entries(tile.layers)) {
        for (let i = 0; i < content.length; i++) {
          const f = content.feature(i).toGeoJSON(x, y, z);
          features.push({ layer, properties: f.properties, geometry: f.geometry });
          if (typeof f.properties?.name === 'string') raw++;
        }
      }
      collector.addFeatures(features);
    }
  }
  return { names: collector.names(), raw };
}

const find = (names: BasemapName[], name: string) => names.filter((n) => n.name === name);

describe.skipIf(!haveFixtures)('names from vector basemap tiles', () => {
  const registry = new BasemapRegistry();
  let protomaps: { names: BasemapName[]; raw: number };
  let omt: { names: BasemapName[]; raw: number };
  let protomapsMbtiles: { names: BasemapName[]; raw: number };

  beforeAll(async () => {
    protomaps = await collect(registry, PROTOMAPS);
    omt = await collect(registry, OPENMAPTILES);
    protomapsMbtiles = await collect(registry, PROTOMAPS_IN_MBTILES);
  }, 60_000);
  afterAll(() => registry.close());

  it('reads streets, POIs and places from the Protomaps schema', () => {
    expect(find(protomaps.names, 'Moorweg')[0]).toMatchObject({
      category: 'street',
      layer: 'roads',
    });
    expect(find(protomaps.names, 'ALDI Nord')[0]).toMatchObject({
      category: 'poi',
      kind: 'supermarket',
    });
    expect(find(protomaps.names, 'Moorwegsiedlung')[0]).toMatchObject({ category: 'place' });
    for (const n of protomaps.names) {
      expect(n.lat).toBeGreaterThan(BOUNDS.south - 0.05);
      expect(n.lat).toBeLessThan(BOUNDS.north + 0.05);
      expect(n.lon).toBeGreaterThan(BOUNDS.west - 0.05);
      expect(n.lon).toBeLessThan(BOUNDS.east + 0.05);
    }
  });

  it('reads the OpenMapTiles schema', () => {
    expect(find(omt.names, 'Quälkampsweg')[0]).toMatchObject({ category: 'street', kind: 'path' });
    expect(find(omt.names, 'Wedel')[0]).toMatchObject({ category: 'place', kind: 'town' });
    expect(find(omt.names, 'Kammteiche')[0]).toMatchObject({
      category: 'feature',
      layer: 'water_name',
    });
    expect(omt.names.some((n) => n.category === 'poi')).toBe(true);
  });

  it('merges the pieces of one street across segments and tiles', () => {
    expect(protomaps.raw).toBeGreaterThan(protomaps.names.length);
    const moorweg = find(protomaps.names, 'Moorweg').filter((n) => n.category === 'street');
    expect(moorweg).toHaveLength(1);
    const [w, s, e, n] = moorweg[0]!.bbox;
    expect(e - w + (n - s)).toBeGreaterThan(0.002);
  });

  it('gives the same names from the Protomaps schema in an MBTiles container', () => {
    const key = (n: BasemapName) => `${n.category}|${n.name}`;
    expect(protomapsMbtiles.names.map(key)).toEqual(protomaps.names.map(key));
  });

  it('finds streets accent-insensitively, by prefix and with typos, marked as basemap', () => {
    const search = createBasemapSearch(omt.names);
    expect(search.search('qualkampsweg')[0]).toMatchObject({
      name: 'Quälkampsweg',
      source: 'basemap',
    });
    expect(search.search('Quälkamp')[0]!.matchedBy).toBe('prefix');
    const pm = createBasemapSearch(protomaps.names);
    expect(pm.search('aldi')[0]).toMatchObject({ name: 'ALDI Nord', kind: 'poi:supermarket' });
    expect(pm.search('moorweg')[0]).toMatchObject({ name: 'Moorweg', matchedBy: 'exact' });
    const typo = pm.search('pineberger strase')[0]!;
    expect(typo).toMatchObject({ name: 'Pinneberger Straße', matchedBy: 'fuzzy' });
  });

  it('merges with the gazetteer search, ranked together', () => {
    const gazetteer = parseGazetteer(
      encodeGazetteer(
        [
          {
            id: 1,
            name: 'Wedel',
            altName: '',
            country: 'DE',
            admin1: '10',
            featureCode: 'PPL',
            population: 33_000,
            lat: 53.58,
            lon: 9.7,
          },
          {
            id: 2,
            name: 'Moorweg',
            altName: '',
            country: 'DE',
            admin1: '06',
            featureCode: 'PPL',
            population: 1_500,
            lat: 53.64,
            lon: 7.63,
          },
        ],
        'test',
      ),
    );
    const merged = mergePlaceSearches([
      createPlaceSearch(gazetteer),
      createBasemapSearch(protomaps.names),
    ]);
    const near = { lat: 53.5969, lon: 9.7253, radiusKm: 5 };
    const results = merged.search('moorweg', { near });
    expect(new Set(results.map((r) => r.source))).toEqual(new Set(['gazetteer', 'basemap']));
    // The street in view beats the far village of the same name.
    expect(results[0]).toMatchObject({ source: 'basemap', name: 'Moorweg' });
    for (let i = 1; i < results.length; i++)
      expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
  });
});

describe('TileNameCollector on hand-made features', () => {
  it('ignores unnamed features, unknown layers and broken geometry', () => {
    const c = new TileNameCollector();
    const added = c.addFeatures([
      {
        layer: 'roads',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [4, 50],
            [4.01, 50],
          ],
        },
      },
      {
        layer: 'buildings',
        properties: { name: 'X' },
        geometry: { type: 'Point', coordinates: [4, 50] },
      },
      {
        layer: 'roads',
        properties: { name: 'Kerkstraat' },
        geometry: { type: 'LineString', coordinates: 'nonsense' },
      },
      {
        layer: 'roads',
        properties: { name: 'Kerkstraat' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [4, 50],
            [4.02, 50],
          ],
        },
      },
      {
        layer: 'roads',
        properties: { name: 'Kerkstraat' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [4.02, 50],
            [4.03, 50],
          ],
        },
      },
      // The same street name in the next village is another street.
      {
        layer: 'roads',
        properties: { name: 'Kerkstraat' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [4.2, 50],
            [4.21, 50],
          ],
        },
      },
    ]);
    expect(added).toBe(3);
    const names = c.names();
    expect(names).toHaveLength(2);
    // The representative point is the middle of the longest piece.
    expect(names[0]!.lon).toBeCloseTo(4.01, 6);
    expect(names[0]!.bbox).toEqual([4, 50, 4.03, 50]);
  });
});
