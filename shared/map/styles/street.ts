/**
 * One street-level style for every vector schema. A schema (Protomaps, OpenMapTiles) is
 * described as a `StreetBinding`: which source layers hold what, and which feature classes
 * make a motorway, a park or a town. The builder turns a binding and a variant into layers, so
 * every schema gets the same look, the same layer order and the same label rules.
 *
 * Labels use the bundled Noto Sans families only (no glyphs URL, no sprite): MapLibre draws
 * them locally, see world-style.ts. Label layers carry `BASEMAP_LABEL_METADATA`, so evidence
 * layers can be inserted just under the basemap's labels whatever the schema.
 */
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { WORLD_FONTS } from '../world-style';
import { STREET_PALETTES, type BasemapVariant, type StreetPalette } from './variants';
import { vectorSource, type BasemapTiles } from './source';

export type FillCategory =
  | 'farmland'
  | 'residential'
  | 'industrial'
  | 'institutional'
  | 'cemetery'
  | 'sand'
  | 'park'
  | 'grass'
  | 'wood';

/** Drawn bottom to top: big soft areas first, woods last so they are not hidden by farmland. */
const FILL_ORDER: readonly FillCategory[] = [
  'farmland',
  'residential',
  'industrial',
  'institutional',
  'cemetery',
  'sand',
  'park',
  'grass',
  'wood',
];

export type RoadClass = 'motorway' | 'major' | 'medium' | 'minor' | 'path';

/** Feature selection: a source layer, optionally only some classes of it. */
export interface LayerPick {
  sourceLayer: string;
  /** Values of the binding's class expression; all features when absent. */
  classes?: readonly string[];
  /** An extra filter (e.g. admin level), ANDed with the classes. */
  filter?: ExpressionSpecification;
}

export interface StreetBinding {
  /** Short id, used in layer ids (`<id>-water`) and the style name. */
  id: string;
  name: string;
  /** The feature's class (`class` in OpenMapTiles, `kind` / `pmap:kind` in Protomaps). */
  featureClass: ExpressionSpecification;
  /** A finer class for place sizes (city/town/village…). */
  placeClass: ExpressionSpecification;
  fills: readonly (LayerPick & { category: FillCategory })[];
  water: readonly LayerPick[];
  waterways: readonly LayerPick[];
  buildings: LayerPick;
  roads: { sourceLayer: string; classes: Record<RoadClass, readonly string[]> };
  rail: readonly LayerPick[];
  boundaries: LayerPick;
  places: LayerPick;
  pois: LayerPick;
  roadLabels: LayerPick;
  waterLabels: readonly LayerPick[];
  housenumbers?: LayerPick;
}

export const BASEMAP_LABEL_METADATA = { 'itinera:role': 'basemap-label' } as const;

/** The first basemap label layer: evidence goes below it so place names stay on top. */
export function firstBasemapLabelLayerId(
  layers: readonly { id: string; metadata?: unknown }[],
): string | undefined {
  return layers.find(
    (l) =>
      typeof l.metadata === 'object' &&
      l.metadata !== null &&
      (l.metadata as Record<string, unknown>)['itinera:role'] === 'basemap-label',
  )?.id;
}

export const STREET_SOURCE_ID = 'basemap';

const NAME: ExpressionSpecification = [
  'coalesce',
  ['get', 'name'],
  ['get', 'name:latin'],
  ['get', 'name_int'],
  ['get', 'name_en'],
];

const POLYGON: ExpressionSpecification = [
  'match',
  ['geometry-type'],
  ['Polygon', 'MultiPolygon'],
  true,
  false,
];
const LINE: ExpressionSpecification = [
  'match',
  ['geometry-type'],
  ['LineString', 'MultiLineString'],
  true,
  false,
];

/** `zoom -> value` stops, exponential, for widths that grow with the map scale. */
function byZoom(stops: readonly [number, number][], base = 1.5): ExpressionSpecification {
  return [
    'interpolate',
    ['exponential', base],
    ['zoom'],
    ...stops.flat(),
  ] as ExpressionSpecification;
}

function all(...parts: (ExpressionSpecification | undefined)[]): FilterSpecification {
  const present = parts.filter((p): p is ExpressionSpecification => p !== undefined);
  if (present.length === 0) return true;
  if (present.length === 1) return present[0]!;
  return ['all', ...present];
}

function classIn(
  featureClass: ExpressionSpecification,
  classes: readonly string[] | undefined,
): ExpressionSpecification | undefined {
  if (!classes) return undefined;
  return ['in', featureClass, ['literal', [...classes]]];
}

function pickFilter(
  b: StreetBinding,
  pick: LayerPick,
  geometry?: ExpressionSpecification,
): FilterSpecification {
  return all(geometry, classIn(b.featureClass, pick.classes), pick.filter);
}

interface RoadLook {
  fill: (p: StreetPalette) => string;
  casing: (p: StreetPalette) => string;
  width: [number, number][];
  casingExtra: number;
  minzoom: number;
  casingMinzoom: number;
}

const ROAD_LOOKS: Record<Exclude<RoadClass, 'path'>, RoadLook> = {
  minor: {
    fill: (p) => p.road,
    casing: (p) => p.roadCasing,
    width: [
      [12, 0.5],
      [14, 2.4],
      [16, 6],
      [18, 14],
    ],
    casingExtra: 1.2,
    minzoom: 12,
    casingMinzoom: 13,
  },
  medium: {
    fill: (p) => p.road,
    casing: (p) => p.roadCasing,
    width: [
      [9, 0.5],
      [12, 1.6],
      [14, 3.6],
      [16, 8],
      [18, 17],
    ],
    casingExtra: 1.4,
    minzoom: 9,
    casingMinzoom: 11,
  },
  major: {
    fill: (p) => p.major,
    casing: (p) => p.roadCasing,
    width: [
      [7, 0.6],
      [10, 1.4],
      [14, 4.6],
      [16, 10],
      [18, 20],
    ],
    casingExtra: 1.6,
    minzoom: 7,
    casingMinzoom: 9,
  },
  motorway: {
    fill: (p) => p.motorway,
    casing: (p) => p.motorwayCasing,
    width: [
      [5, 0.7],
      [10, 2],
      [14, 5.5],
      [16, 11],
      [18, 22],
    ],
    casingExtra: 1.8,
    minzoom: 5,
    casingMinzoom: 8,
  },
};

function casingWidth(look: RoadLook, print: boolean): ExpressionSpecification {
  const extra = print ? look.casingExtra + 0.6 : look.casingExtra;
  return byZoom(look.width.map(([z, w]) => [z, w + (z >= 12 ? extra * 2 : extra)]));
}

const PLACE_SIZES: ExpressionSpecification = [
  'match',
  ['to-string', ['var', 'placeClass']],
  ['country'],
  14,
  ['state', 'region', 'province'],
  13,
  ['city'],
  16,
  ['town'],
  14,
  ['village'],
  12.5,
  11,
];

function placeSize(b: StreetBinding): DataDrivenPropertyValueSpecification<number> {
  return ['let', 'placeClass', b.placeClass, PLACE_SIZES];
}

function isMinorPlace(b: StreetBinding): ExpressionSpecification {
  return [
    'in',
    ['to-string', b.placeClass],
    [
      'literal',
      ['suburb', 'quarter', 'neighbourhood', 'neighborhood', 'macrohood', 'hamlet', 'locality'],
    ],
  ];
}

export function streetStyle(opts: {
  binding: StreetBinding;
  tiles: BasemapTiles;
  variant?: BasemapVariant;
  attribution?: string;
}): StyleSpecification {
  const b = opts.binding;
  const variant = opts.variant ?? 'light';
  const p = STREET_PALETTES[variant];
  const print = variant === 'print';
  const src = STREET_SOURCE_ID;
  const id = (name: string) => `${b.id}-${name}`;
  const layers: LayerSpecification[] = [];

  layers.push({
    id: id('background'),
    type: 'background',
    paint: { 'background-color': p.background },
  });

  for (const category of FILL_ORDER) {
    b.fills
      .filter((f) => f.category === category)
      .forEach((f, i) => {
        layers.push({
          id: id(`${category}-${i}`),
          type: 'fill',
          source: src,
          'source-layer': f.sourceLayer,
          filter: pickFilter(b, f, POLYGON),
          paint: { 'fill-color': p[category] },
        });
      });
  }

  b.water.forEach((w, i) => {
    layers.push({
      id: id(`water-${i}`),
      type: 'fill',
      source: src,
      'source-layer': w.sourceLayer,
      filter: pickFilter(b, w, POLYGON),
      paint: { 'fill-color': p.water },
    });
  });
  b.waterways.forEach((w, i) => {
    layers.push({
      id: id(`waterway-${i}`),
      type: 'line',
      source: src,
      'source-layer': w.sourceLayer,
      filter: pickFilter(b, w, LINE),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': p.waterway,
        'line-width': byZoom([
          [10, 0.5],
          [14, 1.5],
          [18, 5],
        ]),
      },
    });
  });

  layers.push({
    id: id('buildings'),
    type: 'fill',
    source: src,
    'source-layer': b.buildings.sourceLayer,
    minzoom: 13,
    filter: pickFilter(b, b.buildings, POLYGON),
    paint: {
      'fill-color': p.building,
      'fill-outline-color': p.buildingOutline,
      'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0, 14.5, 1],
    },
  });

  const roadLayer = b.roads.sourceLayer;
  layers.push({
    id: id('paths'),
    type: 'line',
    source: src,
    'source-layer': roadLayer,
    minzoom: 14,
    filter: all(LINE, classIn(b.featureClass, b.roads.classes.path)),
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': p.path,
      'line-width': byZoom([
        [14, 0.6],
        [16, 1.2],
        [18, 2.4],
      ]),
      'line-dasharray': [2, 1.5],
    },
  });
  const drawn: Exclude<RoadClass, 'path'>[] = ['minor', 'medium', 'major', 'motorway'];
  // All casings under all fills, so junctions of different classes read as one network.
  for (const cls of drawn) {
    const look = ROAD_LOOKS[cls];
    layers.push({
      id: id(`road-${cls}-casing`),
      type: 'line',
      source: src,
      'source-layer': roadLayer,
      minzoom: look.casingMinzoom,
      filter: all(LINE, classIn(b.featureClass, b.roads.classes[cls])),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': look.casing(p), 'line-width': casingWidth(look, print) },
    });
  }
  for (const cls of drawn) {
    const look = ROAD_LOOKS[cls];
    layers.push({
      id: id(`road-${cls}`),
      type: 'line',
      source: src,
      'source-layer': roadLayer,
      minzoom: look.minzoom,
      filter: all(LINE, classIn(b.featureClass, b.roads.classes[cls])),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': look.fill(p), 'line-width': byZoom(look.width) },
    });
  }

  b.rail.forEach((r, i) => {
    layers.push({
      id: id(`rail-${i}`),
      type: 'line',
      source: src,
      'source-layer': r.sourceLayer,
      minzoom: 10,
      filter: pickFilter(b, r, LINE),
      paint: {
        'line-color': p.rail,
        'line-width': byZoom([
          [10, 0.6],
          [14, 1.2],
          [18, 2.5],
        ]),
        'line-dasharray': [3, 2],
      },
    });
  });

  layers.push({
    id: id('boundaries'),
    type: 'line',
    source: src,
    'source-layer': b.boundaries.sourceLayer,
    filter: pickFilter(b, b.boundaries, LINE),
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': p.boundary,
      'line-width': byZoom([
        [2, 0.6],
        [10, 1.4],
        [16, 2.5],
      ]),
      'line-dasharray': [4, 2],
    },
  });

  const label = (layer: LayerSpecification): LayerSpecification => ({
    ...layer,
    metadata: BASEMAP_LABEL_METADATA,
  });
  const halo = { 'text-halo-color': p.halo, 'text-halo-width': print ? 1.6 : 1.3 };

  b.waterLabels.forEach((w, i) => {
    layers.push(
      label({
        id: id(`water-label-${i}`),
        type: 'symbol',
        source: src,
        'source-layer': w.sourceLayer,
        minzoom: 12,
        filter: all(['has', 'name'], classIn(b.featureClass, w.classes), w.filter),
        layout: {
          'text-field': NAME,
          'text-font': [WORLD_FONTS.regular],
          'text-size': 11,
          'text-max-width': 7,
          'symbol-placement': 'point',
        },
        paint: { 'text-color': p.waterText, ...halo },
      }),
    );
  });

  layers.push(
    label({
      id: id('road-label'),
      type: 'symbol',
      source: src,
      'source-layer': b.roadLabels.sourceLayer,
      minzoom: 13,
      filter: all(LINE, ['has', 'name'], classIn(b.featureClass, b.roadLabels.classes)),
      layout: {
        'symbol-placement': 'line',
        'text-field': NAME,
        'text-font': [WORLD_FONTS.regular],
        'text-size': byZoom(
          [
            [13, 9.5],
            [16, 11.5],
            [18, 13],
          ],
          1.2,
        ),
        'text-padding': 2,
        'symbol-spacing': 300,
      },
      paint: { 'text-color': p.text, ...halo },
    }),
  );

  if (b.housenumbers) {
    layers.push(
      label({
        id: id('housenumbers'),
        type: 'symbol',
        source: src,
        'source-layer': b.housenumbers.sourceLayer,
        minzoom: 17,
        layout: {
          'text-field': ['to-string', ['get', 'housenumber']],
          'text-font': [WORLD_FONTS.regular],
          'text-size': 9.5,
        },
        paint: { 'text-color': p.minorText, ...halo },
      }),
    );
  }

  layers.push(
    label({
      id: id('poi-label'),
      type: 'symbol',
      source: src,
      'source-layer': b.pois.sourceLayer,
      minzoom: 16,
      filter: all(['has', 'name'], classIn(b.featureClass, b.pois.classes), b.pois.filter),
      layout: {
        'text-field': NAME,
        'text-font': [WORLD_FONTS.regular],
        'text-size': 10,
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': p.minorText, ...halo },
    }),
  );

  layers.push(
    label({
      id: id('place-minor-label'),
      type: 'symbol',
      source: src,
      'source-layer': b.places.sourceLayer,
      minzoom: 11,
      filter: all(['has', 'name'], isMinorPlace(b), b.places.filter),
      layout: {
        'text-field': NAME,
        'text-font': [WORLD_FONTS.bold],
        'text-size': 11,
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': p.minorText, ...halo },
    }),
  );
  layers.push(
    label({
      id: id('place-label'),
      type: 'symbol',
      source: src,
      'source-layer': b.places.sourceLayer,
      filter: all(['has', 'name'], ['!', isMinorPlace(b)], b.places.filter),
      layout: {
        'text-field': NAME,
        'text-font': [WORLD_FONTS.bold],
        'text-size': placeSize(b),
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': p.text, ...halo },
    }),
  );

  return {
    version: 8,
    name: `Itinera ${b.name} (${variant})`,
    sources: { [src]: vectorSource(opts.tiles, opts.attribution) },
    layers,
  };
}
