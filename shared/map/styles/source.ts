/**
 * Where a basemap's tiles come from, as the style builders need it: a TileJSON-like URL the
 * protocol answers (PMTiles: `pmtiles://<key>`), or a tile URL template (MBTiles:
 * `mbtiles://<id>/{z}/{x}/{y}`) with the zoom range and bounds read from the file.
 */
import type {
  RasterSourceSpecification,
  VectorSourceSpecification,
} from '@maplibre/maplibre-gl-style-spec';

export type BasemapTiles =
  | { url: string }
  | {
      tiles: string[];
      minzoom?: number;
      maxzoom?: number;
      /** west, south, east, north */
      bounds?: [number, number, number, number];
    };

function zoomAndBounds(tiles: BasemapTiles) {
  if ('url' in tiles) return { url: tiles.url };
  return {
    tiles: tiles.tiles,
    ...(tiles.minzoom !== undefined ? { minzoom: tiles.minzoom } : {}),
    ...(tiles.maxzoom !== undefined ? { maxzoom: tiles.maxzoom } : {}),
    ...(tiles.bounds ? { bounds: tiles.bounds } : {}),
  };
}

export function vectorSource(tiles: BasemapTiles, attribution?: string): VectorSourceSpecification {
  return {
    type: 'vector',
    ...zoomAndBounds(tiles),
    ...(attribution ? { attribution } : {}),
  };
}

export function rasterSource(
  tiles: BasemapTiles,
  tileSize: number,
  attribution?: string,
): RasterSourceSpecification {
  return {
    type: 'raster',
    ...zoomAndBounds(tiles),
    tileSize,
    ...(attribution ? { attribution } : {}),
  };
}
