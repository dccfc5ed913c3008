/**
 * Basemap styles: every schema × variant validates against the MapLibre style spec, asks the
 * network for nothing, uses only the bundled fonts, and — checked against real tiles from the
 * fixture basemaps — its road, building, water and label layers select real features.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  featureFilter,
  validateStyleMin,
  type FilterSpecification,
  type StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import {
  BASEMAP_VARIANTS,
  OVERLAY_LAYER_ID,
  basemapStyle,
  clampOpacity,
  firstBasemapLabelLayerId,
  withRasterOverlay,
  type BasemapSchema,
  type BasemapTiles,
} from '../../../shared/map/styles';
import { WORLD_FONT_FACES } from '../../../shared/map/world-style';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const basemapsDir = path.resolve(repoRoot, '../shared/fixtures/basemaps');

const PMTILES_URL: BasemapTiles = { url: 'pmtiles://itinera-basemap-x' };
const MBTILES_TILES: BasemapTiles = {
  tiles: ['mbtiles://x/{z}/{x}/{y}'],
  minzoom: 0,
  maxzoom: 14,
  bounds: [9.71, 53.58, 9.74, 53.61],
};

function styleOf(
  schema: BasemapSchema,
  variant: (typeof BASEMAP_VARIANTS)[number],
  tiles = PMTILES_URL,
) {
  const result = basemapStyle({
    schema,
    tileType: schema === 'raster' ? 'raster' : 'vector',
    tiles,
    variant,
    tileSize: 512,
    attribution: '© test',
  });
  if (!result.ok) throw new Error(`no style for ${schema}`);
  return result.style;
}

const DRAWABLE: BasemapSchema[] = ['protomaps', 'openmaptiles', 'world', 'raster'];
const CASES = DRAWABLE.flatMap((schema) => BASEMAP_VARIANTS.map((v) => [schema, v] as const));

describe('basemap styles', () => {
  it.each(CASES)('%s / %s validates against the MapLibre style spec', (schema, variant) => {
    expect(validateStyleMin(styleOf(schema, variant))).toEqual([]);
    if (schema !== 'world') {
      expect(validateStyleMin(styleOf(schema, variant, MBTILES_TILES))).toEqual([]);
    }
  });

  it.each(CASES)('%s / %s with a raster overlay still validates', (schema, variant) => {
    const style = withRasterOverlay(
      styleOf(schema, variant),
      { tiles: MBTILES_TILES, tileSize: 256, opacity: 0.6 },
      variant,
    );
    expect(validateStyleMin(style)).toEqual([]);
    const overlay = style.layers.find((l) => l.id === OVERLAY_LAYER_ID);
    expect(overlay?.paint).toMatchObject({ 'raster-opacity': 0.6 });
  });

  it('the validator catches a broken style (so the tests above can fail)', () => {
    const style = styleOf('openmaptiles', 'light');
    const broken = {
      ...style,
      layers: [...style.layers, { id: 'x', type: 'line', source: 'nowhere', 'source-layer': 'a' }],
    };
    expect(validateStyleMin(broken as StyleSpecification).length).toBeGreaterThan(0);
  });

  it.each(CASES)('%s / %s fetches nothing and uses only the bundled fonts', (schema, variant) => {
    const style = styleOf(schema, variant);
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const json = JSON.stringify(style);
    expect(json).not.toMatch(/https?:/);
    const families = new Set<string>(WORLD_FONT_FACES.map((f) => f.family));
    for (const layer of style.layers) {
      const font = layer.type === 'symbol' ? layer.layout?.['text-font'] : undefined;
      if (font === undefined) continue;
      for (const m of JSON.stringify(font).matchAll(/"(Noto[^"]*|[A-Z][^"]*Sans[^"]*)"/g)) {
        expect(families.has(m[1]!)).toBe(true);
      }
    }
  });

  it('variants differ, and print is greyscale', () => {
    for (const schema of DRAWABLE) {
      const json = BASEMAP_VARIANTS.map((v) => JSON.stringify(styleOf(schema, v).layers));
      expect(new Set(json).size).toBe(3);
    }
    for (const schema of ['protomaps', 'openmaptiles'] as const) {
      const colours = JSON.stringify(styleOf(schema, 'print')).match(/#[0-9a-f]{6}/gi) ?? [];
      expect(colours.length).toBeGreaterThan(10);
      for (const c of colours) {
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
        expect(r === g && g === b, `${c} is not grey`).toBe(true);
      }
    }
    const printRaster = styleOf('raster', 'print').layers.find((l) => l.type === 'raster');
    expect(printRaster?.paint).toMatchObject({ 'raster-saturation': -1 });
  });

  it('raster styles carry the tile size and the tile URLs given', () => {
    const style = styleOf('raster', 'light', MBTILES_TILES);
    expect(style.sources.basemap).toMatchObject({
      type: 'raster',
      tileSize: 512,
      tiles: ['mbtiles://x/{z}/{x}/{y}'],
      maxzoom: 14,
    });
  });

  it('labels are marked, and the overlay goes under them', () => {
    for (const schema of DRAWABLE.filter((s) => s !== 'raster')) {
      const style = styleOf(schema, 'light');
      const labelId = firstBasemapLabelLayerId(style.layers);
      expect(labelId, schema).toBeDefined();
      const symbols = style.layers.filter((l) => l.type === 'symbol').map((l) => l.id);
      expect(symbols[0]).toBe(labelId);
      const withOverlay = withRasterOverlay(style, { tiles: PMTILES_URL, opacity: 1 });
      const ids = withOverlay.layers.map((l) => l.id);
      expect(ids.indexOf(OVERLAY_LAYER_ID)).toBe(ids.indexOf(labelId!) - 1);
    }
  });

  it('an unknown schema is refused, not drawn as something else', () => {
    const result = basemapStyle({
      schema: 'unknown',
      tileType: 'vector',
      tiles: PMTILES_URL,
      variant: 'light',
    });
    expect(result).toEqual({ ok: false, reason: 'unknown-schema' });
  });

  it('opacity is clamped to 0..1', () => {
    expect([clampOpacity(-1), clampOpacity(0.3), clampOpacity(4), clampOpacity(NaN)]).toEqual([
      0, 0.3, 1, 1,
    ]);
  });
});

// --- against real tiles ---

class FileBytes implements Source {
  private readonly bytes: Buffer;
  constructor(private readonly file: string) {
    this.bytes = readFileSync(file);
  }
  getKey(): string {
    return this.file;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.bytes.subarray(offset, offset + length);
    return {
      data: slice.buffer.slice(
        slice.byteOffset,
        slice.byteOffset + slice.byteLength,
      ) as ArrayBuffer,
    };
  }
}

interface DecodedFeature {
  type: 1 | 2 | 3;
  properties: Record<string, unknown>;
  geometry: unknown;
}

async function centreTile(file: string, z: number): Promise<Map<string, DecodedFeature[]>> {
  const archive = new PMTiles(new FileBytes(file));
  const h = await archive.getHeader();
  const n = 2 ** z;
  const x = Math.floor(((h.centerLon + 180) / 360) * n);
  const lat = (h.centerLat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
  const tile = await archive.getZxy(z, x, y);
  if (!tile) throw new Error(`no tile ${z}/${x}/${y} in ${file}`);
  const vt = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
  const layers = new Map<string, DecodedFeature[]>();
  for (const [name, layer] of Object.entries(vt.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({
        type: f.type as 1 | 2 | 3,
        properties: f.properties,
        geometry: f.loadGeometry(),
      });
    }
    layers.set(name, features);
  }
  return layers;
}

/** How many features of the tile each style layer selects (at `zoom`). */
function selected(style: StyleSpecification, tile: Map<string, DecodedFeature[]>, zoom: number) {
  const counts = new Map<string, number>();
  for (const [i, layer] of style.layers.entries()) {
    if (!('source-layer' in layer) || !layer['source-layer']) continue;
    const filter = featureFilter(
      layer.filter as FilterSpecification | undefined,
      `layers[${i}].filter`,
    );
    const features = tile.get(layer['source-layer']) ?? [];
    const n = features.filter((f) =>
      filter.filter({ zoom }, f as unknown as Parameters<typeof filter.filter>[1]),
    ).length;
    counts.set(layer.id, n);
  }
  return counts;
}

const TILE_FIXTURES = [
  {
    schema: 'protomaps' as const,
    file: 'pmtiles-protomaps/moorwegsiedlung_protomaps-v3.1.0_z0-14.pmtiles',
    prefix: 'protomaps',
  },
  {
    schema: 'openmaptiles' as const,
    file: 'pmtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.pmtiles',
    prefix: 'omt',
  },
];

const haveFixtures = existsSync(basemapsDir);
if (!haveFixtures) console.warn('skipping style-vs-tiles tests: ../shared/fixtures not present');

describe.skipIf(!haveFixtures)('basemap styles against real fixture tiles', () => {
  it.each(TILE_FIXTURES)(
    '$schema: roads, buildings, areas and labels select features',
    async (f) => {
      const tile = await centreTile(path.join(basemapsDir, f.file), 14);
      const counts = selected(styleOf(f.schema, 'light'), tile, 14);
      const sum = (re: RegExp) =>
        [...counts].filter(([id]) => re.test(id)).reduce((a, [, n]) => a + n, 0);
      expect(sum(new RegExp(`^${f.prefix}-road-(minor|medium|major|motorway)$`))).toBeGreaterThan(
        20,
      );
      expect(sum(new RegExp(`^${f.prefix}-road-medium$|^${f.prefix}-road-major$`))).toBeGreaterThan(
        0,
      );
      expect(sum(new RegExp(`^${f.prefix}-paths$`))).toBeGreaterThan(5);
      expect(counts.get(`${f.prefix}-buildings`)).toBeGreaterThan(0);
      expect(
        sum(new RegExp(`^${f.prefix}-(farmland|grass|wood|residential)-\\d+$`)),
      ).toBeGreaterThan(5);
      expect(counts.get(`${f.prefix}-road-label`)).toBeGreaterThan(0);
      expect(sum(new RegExp(`^${f.prefix}-place(-minor)?-label$`))).toBeGreaterThan(0);
      // Every source layer the style names exists in the file (a typo would draw nothing).
      const style = styleOf(f.schema, 'light');
      const named = new Set(
        style.layers.flatMap((l) =>
          'source-layer' in l && l['source-layer'] ? [l['source-layer']] : [],
        ),
      );
      const inTile = [...tile.keys()];
      expect(inTile.some((l) => named.has(l))).toBe(true);
    },
  );
});
