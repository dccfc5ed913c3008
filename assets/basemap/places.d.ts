import type { PlaceProperties } from '../../shared/map/world-schema';
interface GeoNamesCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: {
    coordinates: [number, number];
  };
}
export interface Place {
  /** Web Mercator, 0..1 from west to east and from north to south. */
  x: number;
  y: number;
  properties: PlaceProperties;
}
/** Size of the thinning grid cell, in 256-px tile pixels: at most one new place per cell per zoom. */
export declare const THINNING_CELL_PX = 64;
export declare function mercatorX(lon: number): number;
export declare function mercatorY(lat: number): number;
/**
 * Greedy thinning: places in order of importance each take the first zoom where their grid cell
 * is still free (and their population passes that zoom's floor); the cell then stays taken at
 * every deeper zoom. Everything left over enters at `maxZoom`.
 */
export declare function rankPlaces(cities: readonly GeoNamesCity[], maxZoom: number): Place[];
export declare function loadPlaces(maxZoom: number): Place[];
export {};
