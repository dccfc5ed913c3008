/**
 * The style for any basemap the app can show: pick the builder for its schema and tile type.
 * Every style is self-contained: no glyphs URL, no sprite, only the tile URLs it is given.
 */
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { BasemapSchema } from '../basemap-info';
import { WORLD_ATTRIBUTION, worldStyle } from '../world-style';
import { OPENMAPTILES_BINDING } from './openmaptiles';
import { PROTOMAPS_BINDING } from './protomaps';
import { rasterStyle } from './raster';
import type { BasemapTiles } from './source';
import { BASEMAP_LABEL_METADATA, streetStyle } from './street';
import type { BasemapVariant } from './variants';

export type { BasemapSchema } from '../basemap-info';

export const BASEMAP_SCHEMAS: readonly BasemapSchema[] = [
  'protomaps',
  'openmaptiles',
  'world',
  'raster',
  'unknown',
];

export interface BasemapStyleInput {
  schema: BasemapSchema;
  tileType: 'vector' | 'raster';
  tiles: BasemapTiles;
  variant: BasemapVariant;
  tileSize?: number;
  attribution?: string;
}

export type BasemapStyleResult =
  | { ok: true; style: StyleSpecification }
  /** A file that is not a basemap the app can draw (e.g. a vector overlay of an unknown schema). */
  | { ok: false; reason: 'unknown-schema' };

export function basemapStyle(input: BasemapStyleInput): BasemapStyleResult {
  const { variant, tiles, attribution } = input;
  if (input.tileType === 'raster' || input.schema === 'raster') {
    return {
      ok: true,
      style: rasterStyle({
        tiles,
        variant,
        ...(input.tileSize !== undefined ? { tileSize: input.tileSize } : {}),
        ...(attribution ? { attribution } : {}),
      }),
    };
  }
  switch (input.schema) {
    case 'protomaps':
      return {
        ok: true,
        style: streetStyle({ binding: PROTOMAPS_BINDING, tiles, variant, attribution }),
      };
    case 'openmaptiles':
      return {
        ok: true,
        style: streetStyle({ binding: OPENMAPTILES_BINDING, tiles, variant, attribution }),
      };
    case 'world': {
      if (!('url' in tiles)) return { ok: false, reason: 'unknown-schema' };
      const style = worldStyle({ sourceUrl: tiles.url, variant });
      for (const layer of style.layers) {
        if (layer.type === 'symbol') layer.metadata = BASEMAP_LABEL_METADATA;
      }
      if (attribution && attribution !== WORLD_ATTRIBUTION) {
        for (const source of Object.values(style.sources)) {
          if (source.type === 'vector') source.attribution = attribution;
        }
      }
      return { ok: true, style };
    }
    case 'unknown':
      return { ok: false, reason: 'unknown-schema' };
  }
}

export { BASEMAP_VARIANTS, isBasemapVariant, type BasemapVariant } from './variants';
export type { BasemapTiles } from './source';
export {
  BASEMAP_LABEL_METADATA,
  STREET_SOURCE_ID,
  firstBasemapLabelLayerId,
  streetStyle,
} from './street';
export { OPENMAPTILES_BINDING } from './openmaptiles';
export { PROTOMAPS_BINDING } from './protomaps';
export {
  OVERLAY_LAYER_ID,
  OVERLAY_SOURCE_ID,
  clampOpacity,
  rasterStyle,
  withRasterOverlay,
  type RasterOverlay,
} from './raster';
export { OVERLAY_OPACITY_PROPERTIES, isOverlayLayerId, withVectorOverlay } from './overlay';
