import type { StyleSpecification } from 'maplibre-gl';

/** Used when no basemap can be read: routes still draw, on a plain background. */
export const FALLBACK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e4e9ee' } }],
};
