/**
 * Which evidence layers the map shows, and the legend that switches them. Every layer
 * component reads `layerVisible` for its own kind; hiding a layer keeps its data on the map
 * (only its visibility changes), so showing it again is instant.
 */
import type { StateCreator } from 'zustand';

export type LayerKind =
  'routes' | 'stops' | 'events' | 'photos' | 'accuracy' | 'sectors' | 'testimony' | 'conflicts';

/** In legend order: the derived picture first, then the raw evidence under it. */
export const LAYER_KINDS: readonly LayerKind[] = [
  'routes',
  'stops',
  'conflicts',
  'events',
  'photos',
  'accuracy',
  'sectors',
  'testimony',
];

export const ALL_LAYERS_VISIBLE: Readonly<Record<LayerKind, boolean>> = {
  routes: true,
  stops: true,
  events: true,
  photos: true,
  accuracy: true,
  sectors: true,
  testimony: true,
  conflicts: true,
};

export interface LayersSlice {
  layerVisible: Record<LayerKind, boolean>;
  legendOpen: boolean;
  setLayerVisible(kind: LayerKind, visible: boolean): void;
  toggleLayer(kind: LayerKind): void;
  setLegendOpen(open: boolean): void;
}

export const createLayersSlice: StateCreator<LayersSlice, [], [], LayersSlice> = (set) => ({
  layerVisible: { ...ALL_LAYERS_VISIBLE },
  legendOpen: true,
  setLayerVisible(kind, visible) {
    set((s) =>
      s.layerVisible[kind] === visible
        ? s
        : { layerVisible: { ...s.layerVisible, [kind]: visible } },
    );
  },
  toggleLayer(kind) {
    set((s) => ({ layerVisible: { ...s.layerVisible, [kind]: !s.layerVisible[kind] } }));
  },
  setLegendOpen(open) {
    set({ legendOpen: open });
  },
});

/** MapLibre's `visibility` layout value for a layer kind. */
export function visibility(visible: boolean): 'visible' | 'none' {
  return visible ? 'visible' : 'none';
}
