/**
 * Map state: the basemaps the app knows, which one is shown (with its variant and an
 * optional overlay), the current view, and requests to fit the view to evidence.
 */
import type { StateCreator } from 'zustand';
import type { BasemapInfo } from '../../../shared/api';
import type { BoundingBox } from '../../../shared/model';
import type { BasemapVariant } from '../../../shared/map/styles/variants';

export interface MapView {
  center: [number, number];
  zoom: number;
}

export interface FitRequest {
  bounds: BoundingBox;
  /** Increases with every request, so fitting twice to the same bounds still happens. */
  seq: number;
}

/** The basemap being shown (`ready`), or why none is. */
export type BasemapState =
  | { status: 'loading' }
  | { status: 'ready'; basemap: BasemapInfo }
  | { status: 'none' }
  | { status: 'error'; message: string };

/** What the examiner chose in the basemap switcher; remembered between sessions. */
export interface BasemapChoice {
  variant: BasemapVariant;
  /** A raster basemap or an overlay-role tileset drawn over the basemap; null for none. */
  overlayId: string | null;
  /** 0..1 */
  overlayOpacity: number;
}

export const DEFAULT_BASEMAP_CHOICE: BasemapChoice = {
  variant: 'light',
  overlayId: null,
  overlayOpacity: 0.6,
};

export interface MapSlice {
  basemap: BasemapState;
  /** Every basemap the Node side lists (bundled first), including missing ones. */
  basemaps: BasemapInfo[];
  basemapChoice: BasemapChoice;
  /** A basemap file is being added or a basemap opened: the switcher shows it is busy. */
  basemapBusy: boolean;
  view: MapView;
  fitRequest: FitRequest | null;
  setBasemap(basemap: BasemapState): void;
  setBasemaps(basemaps: BasemapInfo[]): void;
  setBasemapChoice(choice: Partial<BasemapChoice>): void;
  setBasemapBusy(busy: boolean): void;
  setView(view: MapView): void;
  requestFit(bounds: BoundingBox): void;
}

export const createMapSlice: StateCreator<MapSlice, [], [], MapSlice> = (set) => ({
  basemap: { status: 'loading' },
  basemaps: [],
  basemapChoice: DEFAULT_BASEMAP_CHOICE,
  basemapBusy: false,
  // Western Europe, where the cases this tool was built for take place.
  view: { center: [4.4, 50.8], zoom: 4 },
  fitRequest: null,
  setBasemap(basemap) {
    set({ basemap });
  },
  setBasemaps(basemaps) {
    set({ basemaps });
  },
  setBasemapChoice(choice) {
    set((s) => ({ basemapChoice: { ...s.basemapChoice, ...choice } }));
  },
  setBasemapBusy(basemapBusy) {
    set({ basemapBusy });
  },
  setView(view) {
    set({ view });
  },
  requestFit(bounds) {
    set((s) => ({ fitRequest: { bounds, seq: (s.fitRequest?.seq ?? 0) + 1 } }));
  },
});
