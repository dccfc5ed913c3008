import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PMTiles, type Header } from 'pmtiles';
import { VectorTile, classifyRings } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { BufferSource } from './buffer-source';
import { mercatorX, mercatorY } from '../../assets/basemap/places';
import {
  WORLD_ATTRIBUTION,
  WORLD_LABEL_MAX_ZOOM,
  WORLD_MAX_ZOOM,
  WORLD_SOURCE_LAYERS,
} from '../../shared/map/world-schema';

const archivePath = resolve(import.meta.dirname, '../../assets/basemap/world.pmtiles');
const present = existsSync(archivePath);
if (!present) console.warn('skipping world basemap read-back: run `npm run build:assets` first');

const layerNames = new Set<string>(Object.values(WORLD_SOURCE_LAYERS));

describe.skipIf(!present)('world.pmtiles read back with the pmtiles package', () => {
  const bytes = present ? new Uint8Array(readFileSync(archivePath)) : new Uint8Array();
  // The default decompressor (DecompressionStream) for spot checks; zlib for the full sweep, for speed.
  const reader = new PMTiles(new BufferSource(bytes, 'default'));
  const fastReader = new PMTiles(
    new BufferSource(bytes, 'fast'),
    undefined,
    async (buf, compression) => {
      if (compression !== 2) throw new Error(`unexpected compression ${compression}`);
      const out = gunzipSync(new Uint8Array(buf));
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
    },
  );

  const tileAt = async (z: number, lon: number, lat: number) => {
    const n = 2 ** z;
    const x = Math.floor(mercatorX(lon) * n);
    const y = Math.floor(mercatorY(lat) * n);
    const got = await reader.getZxy(z, x, y);
    const px = (mercatorX(lon) * n - x) * 4096;
    const py = (mercatorY(lat) * n - y) * 4096;
    return {
      tile: got ? new VectorTile(new PbfReader(new Uint8Array(got.data))) : undefined,
      px,
      py,
    };
  };

  /** Point in polygon the way MapLibre groups rings (classifyRings), even-odd inside each polygon. */
  const onLand = async (z: number, lon: number, lat: number) => {
    const { tile, px, py } = await tileAt(z, lon, lat);
    const land = tile?.layers[WORLD_SOURCE_LAYERS.land];
    if (!land) return false;
    for (let i = 0; i < land.length; i++) {
      for (const polygon of classifyRings(land.feature(i).loadGeometry())) {
        let inside = false;
        for (const ring of polygon) {
          for (let a = 0, b = ring.length - 1; a < ring.length; b = a++) {
            const p = ring[a]!;
            const q = ring[b]!;
            if (p.y > py !== q.y > py && px < ((q.x - p.x) * (py - p.y)) / (q.y - p.y) + p.x)
              inside = !inside;
          }
        }
        if (inside) return true;
      }
    }
    return false;
  };

  it('has a v3 header for gzipped vector tiles at zoom 0-8 and the right metadata', async () => {
    const header: Header = await reader.getHeader();
    expect(header.specVersion).toBe(3);
    expect(header.tileType).toBe(1);
    expect(header.tileCompression).toBe(2);
    expect([header.minZoom, header.maxZoom]).toEqual([0, WORLD_MAX_ZOOM]);
    expect(header.minLon).toBe(-180);
    expect(header.maxLat).toBeCloseTo(85.0511, 3);
    expect(bytes.length).toBeLessThan(15_000_000);
    const metadata = (await reader.getMetadata()) as {
      attribution: string;
      vector_layers: { id: string }[];
    };
    expect(metadata.attribution).toBe(WORLD_ATTRIBUTION);
    expect(metadata.vector_layers.map((l) => l.id).sort()).toEqual([...layerNames].sort());
  });

  it('every addressed tile is found and decodes as MVT with known layers; places thin out at low zoom', async () => {
    const header = await fastReader.getHeader();
    let found = 0;
    const placesPerZoom: number[] = [];
    for (let z = 0; z <= header.maxZoom; z++) {
      placesPerZoom[z] = 0;
      for (let x = 0; x < 2 ** z; x++) {
        for (let y = 0; y < 2 ** z; y++) {
          const got = await fastReader.getZxy(z, x, y);
          if (!got) continue;
          found++;
          const tile = new VectorTile(new PbfReader(new Uint8Array(got.data)));
          for (const name of Object.keys(tile.layers))
            expect(layerNames.has(name), name).toBe(true);
          placesPerZoom[z] =
            (placesPerZoom[z] ?? 0) + (tile.layers[WORLD_SOURCE_LAYERS.places]?.length ?? 0);
        }
      }
    }
    expect(found).toBe(header.numAddressedTiles);
    expect(placesPerZoom[0]).toBeGreaterThan(3);
    expect(placesPerZoom[0]).toBeLessThan(30);
    for (let z = 1; z <= WORLD_MAX_ZOOM; z++)
      expect(placesPerZoom[z]!).toBeGreaterThan(placesPerZoom[z - 1]!);
    // Every GeoNames place of 1,000+ people is in the deepest zoom.
    expect(placesPerZoom[WORLD_MAX_ZOOM]).toBeGreaterThan(130_000);
  }, 120_000);

  it('fills land and leaves the sea empty, across the antimeridian too', async () => {
    for (const z of [1, 3, 6]) {
      expect(await onLand(z, 4.35, 50.85), `Brussels z${z}`).toBe(true);
      expect(await onLand(z, 37.6, 55.75), `Moscow z${z}`).toBe(true);
      expect(await onLand(z, -173.5, 65.5), `Chukotka z${z}`).toBe(true);
      expect(await onLand(z, 173, 65), `Chukotka west of 180 z${z}`).toBe(true);
      expect(await onLand(z, -30, 50), `North Atlantic z${z}`).toBe(false);
      expect(await onLand(z, 38, 73), `Barents Sea z${z}`).toBe(false);
      expect(await onLand(z, -140, 0), `Pacific z${z}`).toBe(false);
      expect(await onLand(z, 2.5, 51.5), `North Sea z${z}`).toBe(false);
    }
  });

  it('labels the capitals first and keeps Brussels at zoom 8 with its attributes', async () => {
    const { tile } = await tileAt(WORLD_MAX_ZOOM, 4.35, 50.85);
    const places = tile!.layers[WORLD_SOURCE_LAYERS.places]!;
    const all = Array.from({ length: places.length }, (_, i) => places.feature(i).properties);
    const brussels = all.find((p) => p.name === 'Brussels');
    expect(brussels).toMatchObject({ country: 'BE', capital: 1 });
    expect(Number(brussels!.population)).toBeGreaterThan(500_000);
    expect(Number(brussels!.minzoom)).toBeLessThanOrEqual(4);
    // Every place is in the deepest tiles; most are labelled only from a deeper zoom, so that
    // zoom 8 does not draw thousands of hidden labels.
    const zooms = all.map((p) => Number(p.minzoom));
    const labelledAtMax = zooms.filter((z) => z <= WORLD_MAX_ZOOM).length;
    expect(all.length).toBeGreaterThan(3 * labelledAtMax);
    expect(Math.max(...zooms)).toBeLessThanOrEqual(WORLD_LABEL_MAX_ZOOM);
    const world = (await tileAt(0, 0, 0)).tile!.layers[WORLD_SOURCE_LAYERS.places]!;
    for (let i = 0; i < world.length; i++)
      expect(Number(world.feature(i).properties.population)).toBeGreaterThan(1_000_000);
  });
});
