/**
 * The map a layer component draws on. Layers reach it through context, so any page (the
 * main view, an off-screen exhibit renderer) can host its own map with the same layers.
 */
import { createContext, useContext } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MotionResolution } from './motionResolution';
import type { RouteDetail } from './renderQuality';

export interface MapHandle {
  map: MapLibreMap;
  /** Bumped when the style is (re)loaded: layers must then be added again. */
  styleGeneration: number;
  /** Route detail for this map's renderer; full detail when absent (exhibits). */
  routeDetail?: RouteDetail;
  /** Lower resolution while the picture changes (software GL only; absent: always full). */
  motion?: Pick<MotionResolution, 'changing'>;
}

export const MapContext = createContext<MapHandle | null>(null);

export function useMapHandle(): MapHandle | null {
  return useContext(MapContext);
}
