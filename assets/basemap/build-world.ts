/**
 * Builds assets/basemap/world.pmtiles, the offline world basemap: Natural Earth 1:10m land,
 * countries, borders and coastlines plus GeoNames places, as gzipped vector tiles at zoom 0..8.
 * Deterministic: the same npm inputs give the same bytes.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadNaturalEarth } from './natural-earth';
import { loadPlaces, THINNING_CELL_PX } from './places';
import { cutTiles } from './tile-pyramid';
import {
  Compression,
  TileType,
  writePmtiles,
  type ArchiveStats,
  type TileBlob,
} from '../lib/pmtiles-writer';
import { zxyToTileId } from '../lib/tile-id';
import {
  WORLD_ATTRIBUTION,
  WORLD_LABEL_MAX_ZOOM,
  WORLD_MAX_ZOOM,
  WORLD_MIN_ZOOM,
  WORLD_SOURCE_LAYERS as L,
} from '../../shared/map/world-schema';

export interface WorldBuildResult {
  stats: ArchiveStats;
  tilesPerZoom: number[];
  phasesMs: Record<string, number>;
}

function vectorLayers(maxZoom: number) {
  const all = { minzoom: WORLD_MIN_ZOOM, maxzoom: maxZoom };
  return [
    { id: L.land, description: 'Land polygons (Natural Earth 1:10m)', fields: {}, ...all },
    {
      id: L.countries,
      description: 'Country polygons (Natural Earth 1:10m admin 0)',
      fields: { name: 'String', iso_n3: 'String' },
      ...all,
    },
    {
      id: L.boundaries,
      description: 'Borders between countries, each drawn once',
      fields: {},
      ...all,
    },
    { id: L.coastline, description: 'Land outline', fields: {}, ...all },
    {
      id: L.places,
      description: `GeoNames places of 1,000+ people; thinned to one new place per ${THINNING_CELL_PX}-px cell per zoom below ${Math.max(maxZoom, WORLD_LABEL_MAX_ZOOM)}; minzoom is the first zoom a place is labelled at`,
      fields: {
        name: 'String',
        country: 'String',
        population: 'Number',
        rank: 'Number',
        minzoom: 'Number',
        capital: 'Number',
      },
      ...all,
    },
  ];
}

export function buildWorld(outPath: string, maxZoom: number = WORLD_MAX_ZOOM): WorldBuildResult {
  const phasesMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phasesMs[name] = Math.round(now - t);
    t = now;
  };

  const ne = loadNaturalEarth();
  lap('load natural earth');
  const places = loadPlaces(maxZoom, Math.max(maxZoom, WORLD_LABEL_MAX_ZOOM));
  lap('load and rank places');

  const tiles: TileBlob[] = [];
  const tilesPerZoom = Array.from({ length: maxZoom + 1 }, () => 0);
  const layers = [
    { name: L.land, data: ne.land, tolerance: 4 },
    // Same tolerance as land on purpose: identical coastline runs in both layers then gzip to almost nothing.
    { name: L.countries, data: ne.countries, tolerance: 4 },
    { name: L.coastline, data: ne.coastline, tolerance: 4 },
    { name: L.boundaries, data: ne.boundaries, tolerance: 4 },
  ];
  for (const tile of cutTiles(layers, places, L.places, maxZoom)) {
    tiles.push({
      tileId: zxyToTileId(tile.z, tile.x, tile.y),
      data: gzipSync(tile.pbf, { level: 6 }),
    });
    tilesPerZoom[tile.z]!++;
  }
  lap('cut, encode and gzip tiles');

  const { archive, stats } = writePmtiles(tiles, {
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    internalCompression: Compression.Gzip,
    minZoom: WORLD_MIN_ZOOM,
    maxZoom,
    bounds: [-180, -85.0511287798, 180, 85.0511287798],
    center: [4.35, 50.85, 2],
    metadata: {
      name: 'Itinera world basemap',
      description:
        'Natural Earth 1:10m land, countries, borders and coastlines; GeoNames places of 1,000+ people.',
      version: '1',
      type: 'baselayer',
      format: 'pbf',
      attribution: WORLD_ATTRIBUTION,
      generator: 'itinera assets/basemap/build-world.ts',
      vector_layers: vectorLayers(maxZoom),
    },
  });
  lap('write archive');

  // Write then rename, so an interrupted build never leaves a truncated archive in place.
  const partial = `${outPath}.partial`;
  writeFileSync(partial, archive);
  renameSync(partial, outPath);
  lap('save');
  return { stats, tilesPerZoom, phasesMs };
}
