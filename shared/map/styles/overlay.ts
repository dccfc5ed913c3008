/**
 * A vector tileset that is not a basemap (unknown schema, e.g. a layer of cities) laid over
 * one: every source layer drawn plainly by geometry (areas, lines, points with their names),
 * in one strong neutral colour, under the basemap's labels.
 */
import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { WORLD_FONTS } from '../world-style';
import { OVERLAY_LAYER_ID, OVERLAY_SOURCE_ID, clampOpacity } from './raster';
import { vectorSource, type BasemapTiles } from './source';
import { firstBasemapLabelLayerId } from './street';
import type { BasemapVariant } from './variants';

const OVERLAY_COLOURS: Record<BasemapVariant, { ink: string; halo: string }> = {
  light: { ink: '#6a3d9a', halo: 'rgba(255, 255, 255, 0.9)' },
  dark: { ink: '#cab2d6', halo: 'rgba(20, 22, 26, 0.9)' },
  print: { ink: '#000000', halo: '#ffffff' },
};

/** Paint properties that carry the overlay opacity, per layer type. */
export const OVERLAY_OPACITY_PROPERTIES = {
  raster: ['raster-opacity'],
  fill: ['fill-opacity'],
  line: ['line-opacity'],
  circle: ['circle-opacity', 'circle-stroke-opacity'],
  symbol: ['text-opacity'],
} as const;

export function isOverlayLayerId(id: string): boolean {
  return id === OVERLAY_LAYER_ID || id.startsWith(`${OVERLAY_LAYER_ID}-`);
}

export function withVectorOverlay(
  style: StyleSpecification,
  overlay: {
    tiles: BasemapTiles;
    sourceLayers: readonly string[];
    opacity: number;
    attribution?: string;
  },
  variant: BasemapVariant = 'light',
): StyleSpecification {
  const { ink, halo } = OVERLAY_COLOURS[variant];
  const o = clampOpacity(overlay.opacity);
  const layers: LayerSpecification[] = overlay.sourceLayers.flatMap((sourceLayer, i) => {
    const base = { source: OVERLAY_SOURCE_ID, 'source-layer': sourceLayer } as const;
    const id = (what: string) => `${OVERLAY_LAYER_ID}-${i}-${what}`;
    return [
      {
        ...base,
        id: id('fill'),
        type: 'fill',
        filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false],
        paint: { 'fill-color': ink, 'fill-opacity': o * 0.25 },
      },
      {
        ...base,
        id: id('line'),
        type: 'line',
        filter: ['match', ['geometry-type'], ['Point', 'MultiPoint'], false, true],
        paint: { 'line-color': ink, 'line-width': 1.5, 'line-opacity': o },
      },
      {
        ...base,
        id: id('point'),
        type: 'circle',
        filter: ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false],
        paint: {
          'circle-color': ink,
          'circle-radius': 3.5,
          'circle-stroke-color': halo,
          'circle-stroke-width': 1,
          'circle-opacity': o,
          'circle-stroke-opacity': o,
        },
      },
      {
        ...base,
        id: id('label'),
        type: 'symbol',
        filter: ['has', 'name'],
        layout: {
          'text-field': ['to-string', ['get', 'name']],
          'text-font': [WORLD_FONTS.regular],
          'text-size': 11,
          'text-offset': [0, 0.9],
          'text-anchor': 'top',
          'text-optional': true,
        },
        paint: {
          'text-color': ink,
          'text-halo-color': halo,
          'text-halo-width': 1.2,
          'text-opacity': o,
        },
      },
    ] satisfies LayerSpecification[];
  });
  const labelId = firstBasemapLabelLayerId(style.layers);
  const at = labelId ? style.layers.findIndex((l) => l.id === labelId) : style.layers.length;
  return {
    ...style,
    sources: {
      ...style.sources,
      [OVERLAY_SOURCE_ID]: vectorSource(overlay.tiles, overlay.attribution),
    },
    layers: [...style.layers.slice(0, at), ...layers, ...style.layers.slice(at)],
  };
}
