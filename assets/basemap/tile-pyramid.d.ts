import type { FeatureCollection } from 'geojson';
import type { Place } from './places';
export declare const TILE_EXTENT = 4096;
export interface GeometryLayer {
  name: string;
  data: FeatureCollection;
  /** geojson-vt simplification tolerance, in tile-extent units (1/4096 of a tile). */
  tolerance: number;
}
export interface RawTile {
  z: number;
  x: number;
  y: number;
  /** Uncompressed MVT. */
  pbf: Uint8Array;
}
export declare function cutTiles(
  layers: readonly GeometryLayer[],
  places: readonly Place[],
  placesLayerName: string,
  maxZoom: number,
): Generator<RawTile>;
