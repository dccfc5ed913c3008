import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import {
  WORLD_ATTRIBUTION,
  WORLD_FONT_FACES,
  WORLD_FONTS,
  WORLD_LAYER_IDS,
  WORLD_STYLE_VARIANTS,
  worldStyle,
} from '../../../shared/map/world-style';
import { WORLD_SOURCE_LAYERS } from '../../../shared/map/world-schema';

describe('worldStyle', () => {
  it.each(WORLD_STYLE_VARIANTS)('%s validates against the MapLibre style spec', (variant) => {
    const style = worldStyle({ sourceUrl: 'pmtiles://world', variant });
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('the validator does catch a broken style (so the test above can fail)', () => {
    const style = worldStyle({ sourceUrl: 'pmtiles://world' });
    const broken = {
      ...style,
      layers: [...style.layers, { id: 'x', type: 'line', source: 'nowhere', 'source-layer': 'a' }],
    };
    expect(validateStyleMin(broken as typeof style).length).toBeGreaterThan(0);
  });

  it('never points at the network: no glyphs, no sprite, the source is the given url', () => {
    const style = worldStyle({ sourceUrl: 'pmtiles://world', variant: 'dark' });
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(style.sources).toEqual({
      world: { type: 'vector', url: 'pmtiles://world', attribution: WORLD_ATTRIBUTION },
    });
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
  });

  it('uses only the declared font families and existing source layers', () => {
    const style = worldStyle({ sourceUrl: 'pmtiles://world' });
    const json = JSON.stringify(style);
    const families = new Set(WORLD_FONT_FACES.map((f) => f.family));
    for (const m of json.matchAll(/"Noto Sans [A-Za-z]+"/g))
      expect(families.has(JSON.parse(m[0]))).toBe(true);
    expect(json).toContain(WORLD_FONTS.regular);
    expect(json).toContain(WORLD_FONTS.bold);
    const sourceLayers = new Set<string>(Object.values(WORLD_SOURCE_LAYERS));
    for (const layer of style.layers) {
      if ('source-layer' in layer && layer['source-layer'])
        expect(sourceLayers.has(layer['source-layer'])).toBe(true);
    }
    expect(style.layers.map((l) => l.id)).toEqual(Object.values(WORLD_LAYER_IDS));
  });

  it('variants differ and print is greyscale', () => {
    const colours = (v: 'light' | 'dark' | 'print') =>
      JSON.stringify(worldStyle({ sourceUrl: 'pmtiles://world', variant: v })).match(
        /#[0-9a-f]{6}/g,
      ) ?? [];
    expect(colours('light')).not.toEqual(colours('dark'));
    for (const c of colours('print'))
      expect(c.slice(1, 3) === c.slice(3, 5) && c.slice(3, 5) === c.slice(5, 7), c).toBe(true);
  });
});
