/** Map state: which basemap, the current view, and requests to fit the view to evidence. */
import type { StateCreator } from 'zustand';
import type { BasemapInfo } from '../../../shared/api';
import type { BoundingBox } from '../../../shared/model';

export interface MapView {
  center: [number, number];
  zoom: number;
}

export interface FitRequest {
  bounds: BoundingBox;
  /** Increases with every request, so fitting twice to the same bounds still happens. */
  seq: number;
}

export type BasemapState =
  | { status: 'loading' }
  | { status: 'ready'; basemap: BasemapInfo }
  | { status: 'none' }
  | { status: 'error'; message: string };

export interface MapSlice {
  basemap: BasemapState;
  view: MapView;
  fitRequest: FitRequest | null;
  setBasemap(basemap: BasemapState): void;
  setView(view: MapView): void;
  requestFit(bounds: BoundingBox): void;
}

export const createMapSlice: StateCreator<MapSlice, [], [], MapSlice> = (set) => ({
  basemap: { status: 'loading' },
  // Western Europe, where the cases this tool was built for take place.
  view: { center: [4.4, 50.8], zoom: 4 },
  fitRequest: null,
  setBasemap(basemap) {
    set({ basemap });
  },
  setView(view) {
    set({ view });
  },
  requestFit(bounds) {
    set((s) => ({ fitRequest: { bounds, seq: (s.fitRequest?.seq ?? 0) + 1 } }));
  },
});
