/**
 * The map style for what the switcher shows: the chosen basemap's style in the chosen
 * variant, with the overlay (raster, or a vector tileset of unknown schema) laid over it.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { BasemapInfo } from '../../../shared/api';
import {
  basemapStyle,
  withRasterOverlay,
  withVectorOverlay,
  type BasemapTiles,
  type BasemapVariant,
} from '../../../shared/map/styles';
import { basemapTileUrlTemplate } from '../../../shared/map/basemap-info';
import { basemapSourceUrl } from '../map/basemapProtocol';

export function basemapTiles(info: BasemapInfo): BasemapTiles {
  if (info.kind === 'pmtiles') return { url: basemapSourceUrl(info.id) };
  return {
    tiles: [basemapTileUrlTemplate(info.id)],
    minzoom: info.minzoom,
    maxzoom: info.maxzoom,
    bounds: info.bounds,
  };
}

/** Can be shown as the basemap: readable, and of a schema the app has a style for. */
export function isUsableBasemap(info: BasemapInfo): boolean {
  return info.status === 'ok' && info.role !== 'overlay' && info.schema !== 'unknown';
}

/** Can be laid over a basemap: any readable raster, or a tileset marked as an overlay. */
export function isUsableOverlay(info: BasemapInfo): boolean {
  return info.status === 'ok' && (info.tileType === 'raster' || info.role === 'overlay');
}

export function composeStyle(
  base: BasemapInfo,
  variant: BasemapVariant,
  overlay: { info: BasemapInfo; opacity: number } | null,
): StyleSpecification | null {
  const result = basemapStyle({
    schema: base.schema,
    tileType: base.tileType,
    tiles: basemapTiles(base),
    variant,
    ...(base.tileSize ? { tileSize: base.tileSize } : {}),
    ...(base.attribution ? { attribution: base.attribution } : {}),
  });
  if (!result.ok) return null;
  let style = result.style;
  if (overlay && overlay.info.id !== base.id) {
    const o = overlay.info;
    const attribution = o.attribution ? { attribution: o.attribution } : {};
    style =
      o.tileType === 'raster'
        ? withRasterOverlay(
            style,
            {
              tiles: basemapTiles(o),
              opacity: overlay.opacity,
              ...(o.tileSize ? { tileSize: o.tileSize } : {}),
              ...attribution,
            },
            variant,
          )
        : withVectorOverlay(
            style,
            {
              tiles: basemapTiles(o),
              sourceLayers: o.vectorLayers,
              opacity: overlay.opacity,
              ...attribution,
            },
            variant,
          );
  }
  return style as StyleSpecification;
}
