/**
 * MapLibre style for the bundled world basemap (world.pmtiles).
 *
 * No `glyphs` and no `sprite`: with no glyphs URL, MapLibre GL (>= 5.11) draws every label itself
 * with TinySDF on a canvas, using the `text-font` stack as the CSS font-family list, so the app
 * never fetches anything. The renderer must declare the bundled fonts with @font-face under
 * exactly the family names in WORLD_FONTS (see WORLD_FONT_FACES), or the browser silently falls
 * back to its default sans-serif.
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { WORLD_ATTRIBUTION, WORLD_SOURCE_ID, WORLD_SOURCE_LAYERS as L } from './world-schema';

export { WORLD_ATTRIBUTION, WORLD_SOURCE_ID } from './world-schema';

export type WorldStyleVariant = 'light' | 'dark' | 'print';

export const WORLD_STYLE_VARIANTS: readonly WorldStyleVariant[] = ['light', 'dark', 'print'];

/** Font stacks used in `text-font`; each one is a CSS family the renderer must declare. */
export const WORLD_FONTS = {
  regular: 'Noto Sans Regular',
  bold: 'Noto Sans Bold',
} as const;

/**
 * What the renderer must declare with @font-face. MapLibre sniffs the weight from the family
 * name ("Regular" -> 400, "Bold" -> 700) and asks the canvas for `normal <weight> 48px
 * <family>,sans-serif`, so the declared weight must match for the real face to be used.
 */
export const WORLD_FONT_FACES = [
  {
    family: WORLD_FONTS.regular,
    weight: 400,
    file: '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2',
  },
  {
    family: WORLD_FONTS.bold,
    weight: 700,
    file: '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2',
  },
] as const;

export const WORLD_LAYER_IDS = {
  background: 'world-water',
  land: 'world-land',
  coastline: 'world-coastline',
  boundaries: 'world-boundaries',
  places: 'world-places',
} as const;
export type WorldLayerId = (typeof WORLD_LAYER_IDS)[keyof typeof WORLD_LAYER_IDS];

interface Palette {
  water: string;
  land: string;
  coastline: string;
  boundary: string;
  boundaryDash?: number[];
  text: string;
  capitalText: string;
  halo: string;
}

const PALETTES: Record<WorldStyleVariant, Palette> = {
  light: {
    water: '#bcd7ea',
    land: '#f5f2ea',
    coastline: '#7fa6c4',
    boundary: '#9b9b9b',
    text: '#3a3a3a',
    capitalText: '#1f1f1f',
    halo: 'rgba(255, 255, 255, 0.9)',
  },
  dark: {
    water: '#17212b',
    land: '#2a2e35',
    coastline: '#3f5f7a',
    boundary: '#727a86',
    text: '#d7dbe0',
    capitalText: '#f3f4f6',
    halo: 'rgba(17, 20, 24, 0.9)',
  },
  // Greyscale with strong lines: survives photocopying and black-and-white laser printers.
  print: {
    water: '#dcdcdc',
    land: '#ffffff',
    coastline: '#000000',
    boundary: '#333333',
    boundaryDash: [3, 2],
    text: '#000000',
    capitalText: '#000000',
    halo: '#ffffff',
  },
};

/** Label size from population, then scaled a little with zoom. */
function textSize(): DataDrivenPropertyValueSpecification<number> {
  const byPopulation = (scale: number): ExpressionSpecification => [
    'interpolate',
    ['linear'],
    ['get', 'population'],
    1_000,
    10 * scale,
    100_000,
    11.5 * scale,
    1_000_000,
    13.5 * scale,
    10_000_000,
    16 * scale,
  ];
  return ['interpolate', ['linear'], ['zoom'], 2, byPopulation(0.9), 8, byPopulation(1.1)];
}

export function worldStyle(opts: {
  sourceUrl: string;
  variant?: WorldStyleVariant;
}): StyleSpecification {
  const variant = opts.variant ?? 'light';
  const p = PALETTES[variant];
  const lineWidth = (atZ0: number, atZ8: number): ExpressionSpecification => [
    'interpolate',
    ['exponential', 1.4],
    ['zoom'],
    0,
    atZ0,
    8,
    atZ8,
  ];
  const print = variant === 'print';

  const layers: LayerSpecification[] = [
    { id: WORLD_LAYER_IDS.background, type: 'background', paint: { 'background-color': p.water } },
    {
      id: WORLD_LAYER_IDS.land,
      type: 'fill',
      source: WORLD_SOURCE_ID,
      'source-layer': L.land,
      paint: { 'fill-color': p.land, 'fill-antialias': true },
    },
    {
      id: WORLD_LAYER_IDS.coastline,
      type: 'line',
      source: WORLD_SOURCE_ID,
      'source-layer': L.coastline,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': p.coastline,
        'line-width': lineWidth(print ? 0.5 : 0.4, print ? 1.4 : 1.1),
      },
    },
    {
      id: WORLD_LAYER_IDS.boundaries,
      type: 'line',
      source: WORLD_SOURCE_ID,
      'source-layer': L.boundaries,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': p.boundary,
        'line-width': lineWidth(print ? 0.5 : 0.4, print ? 1.6 : 1.4),
        ...(p.boundaryDash ? { 'line-dasharray': p.boundaryDash } : {}),
      },
    },
    {
      id: WORLD_LAYER_IDS.places,
      type: 'symbol',
      source: WORLD_SOURCE_ID,
      'source-layer': L.places,
      // The deepest tiles hold every place; each is shown from the zoom its thinning gave it.
      filter: ['<=', ['get', 'minzoom'], ['zoom']],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [
          'case',
          ['==', ['get', 'capital'], 1],
          ['literal', [WORLD_FONTS.bold]],
          ['literal', [WORLD_FONTS.regular]],
        ],
        'text-size': textSize(),
        'text-max-width': 8,
        'text-padding': 3,
        // Lower rank = bigger place: placed first, so it wins collisions.
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: {
        'text-color': ['case', ['==', ['get', 'capital'], 1], p.capitalText, p.text],
        'text-halo-color': p.halo,
        'text-halo-width': print ? 1.6 : 1.3,
        'text-halo-blur': print ? 0 : 0.3,
      },
    },
  ];

  return {
    version: 8,
    name: `Itinera world (${variant})`,
    sources: {
      [WORLD_SOURCE_ID]: { type: 'vector', url: opts.sourceUrl, attribution: WORLD_ATTRIBUTION },
    },
    layers,
  };
}
