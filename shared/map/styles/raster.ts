/**
 * Raster basemaps (PNG, JPEG, WebP tiles) and raster overlays. A raster has its own colours,
 * so the variants only tone it: muted for `light`, darkened for `dark`, greyscale for `print`.
 */
import type {
  LayerSpecification,
  RasterLayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { RASTER_TONES, type BasemapVariant } from './variants';
import { rasterSource, type BasemapTiles } from './source';
import { firstBasemapLabelLayerId } from './street';

export const RASTER_SOURCE_ID = 'basemap';
export const OVERLAY_SOURCE_ID = 'basemap-overlay';
export const OVERLAY_LAYER_ID = 'basemap-overlay';

/** MBTiles has no tile-size field; 256 is what nearly every raster tile set uses. */
export const DEFAULT_RASTER_TILE_SIZE = 256;

function rasterPaint(variant: BasemapVariant): RasterLayerSpecification['paint'] {
  const tone = RASTER_TONES[variant];
  return {
    'raster-saturation': tone.saturation,
    'raster-contrast': tone.contrast,
    'raster-brightness-min': tone.brightnessMin,
    'raster-brightness-max': tone.brightnessMax,
    'raster-fade-duration': 0,
  };
}

export function rasterStyle(opts: {
  tiles: BasemapTiles;
  tileSize?: number;
  variant?: BasemapVariant;
  attribution?: string;
}): StyleSpecification {
  const variant = opts.variant ?? 'light';
  return {
    version: 8,
    name: `Itinera raster (${variant})`,
    sources: {
      [RASTER_SOURCE_ID]: rasterSource(
        opts.tiles,
        opts.tileSize ?? DEFAULT_RASTER_TILE_SIZE,
        opts.attribution,
      ),
    },
    layers: [
      {
        id: 'raster-background',
        type: 'background',
        paint: { 'background-color': RASTER_TONES[variant].background },
      },
      { id: 'raster-tiles', type: 'raster', source: RASTER_SOURCE_ID, paint: rasterPaint(variant) },
    ],
  };
}

export interface RasterOverlay {
  tiles: BasemapTiles;
  tileSize?: number;
  /** 0..1 */
  opacity: number;
  attribution?: string;
}

/**
 * `style` with a raster overlay on top of the basemap's areas and roads but under its labels,
 * so place names stay readable through an opaque overlay.
 */
export function withRasterOverlay(
  style: StyleSpecification,
  overlay: RasterOverlay,
  variant: BasemapVariant = 'light',
): StyleSpecification {
  const layer: LayerSpecification = {
    id: OVERLAY_LAYER_ID,
    type: 'raster',
    source: OVERLAY_SOURCE_ID,
    paint: {
      ...rasterPaint(variant),
      // The overlay keeps its colours in light mode: it was chosen to be looked at.
      ...(variant === 'light' ? { 'raster-saturation': 0 } : {}),
      'raster-opacity': clampOpacity(overlay.opacity),
    },
  };
  const labelId = firstBasemapLabelLayerId(style.layers);
  const at = labelId ? style.layers.findIndex((l) => l.id === labelId) : style.layers.length;
  return {
    ...style,
    sources: {
      ...style.sources,
      [OVERLAY_SOURCE_ID]: rasterSource(
        overlay.tiles,
        overlay.tileSize ?? DEFAULT_RASTER_TILE_SIZE,
        overlay.attribution,
      ),
    },
    layers: [...style.layers.slice(0, at), layer, ...style.layers.slice(at)],
  };
}

export function clampOpacity(value: number): number {
  if (!Number.isFinite(value)) return 1;
  return Math.min(1, Math.max(0, value));
}
