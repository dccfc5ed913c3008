/**
 * The OpenMapTiles schema (https://openmaptiles.org/schema/), as written by planetiler,
 * tilemaker and OpenMapTiles itself. Classes are in `class`; areas are spread over
 * `landcover`, `landuse` and `park`; road names are in their own `transportation_name` layer.
 */
import type { StreetBinding } from './street';

export const OPENMAPTILES_BINDING: StreetBinding = {
  id: 'omt',
  name: 'OpenMapTiles',
  featureClass: ['coalesce', ['get', 'class'], ''],
  placeClass: ['coalesce', ['get', 'class'], ''],
  fills: [
    { sourceLayer: 'landcover', category: 'farmland', classes: ['farmland'] },
    {
      sourceLayer: 'landuse',
      category: 'residential',
      classes: ['residential', 'suburb', 'neighbourhood', 'quarter'],
    },
    {
      sourceLayer: 'landuse',
      category: 'industrial',
      classes: ['commercial', 'industrial', 'retail', 'railway', 'military', 'garages'],
    },
    {
      sourceLayer: 'landuse',
      category: 'institutional',
      classes: ['school', 'kindergarten', 'university', 'college', 'hospital', 'library'],
    },
    { sourceLayer: 'landuse', category: 'cemetery', classes: ['cemetery'] },
    { sourceLayer: 'landcover', category: 'sand', classes: ['sand', 'rock', 'ice'] },
    { sourceLayer: 'park', category: 'park' },
    {
      sourceLayer: 'landuse',
      category: 'grass',
      classes: ['pitch', 'playground', 'stadium', 'zoo', 'theme_park'],
    },
    { sourceLayer: 'landcover', category: 'grass', classes: ['grass', 'wetland'] },
    { sourceLayer: 'landcover', category: 'wood', classes: ['wood'] },
  ],
  water: [{ sourceLayer: 'water' }],
  waterways: [{ sourceLayer: 'waterway' }],
  buildings: { sourceLayer: 'building' },
  roads: {
    sourceLayer: 'transportation',
    classes: {
      motorway: ['motorway', 'trunk'],
      major: ['primary', 'secondary'],
      medium: ['tertiary'],
      minor: ['minor', 'service', 'track', 'busway', 'raceway'],
      path: ['path'],
    },
  },
  rail: [{ sourceLayer: 'transportation', classes: ['rail', 'transit'] }],
  boundaries: {
    sourceLayer: 'boundary',
    filter: [
      'all',
      ['<=', ['to-number', ['get', 'admin_level'], 99], 6],
      ['!=', ['to-number', ['get', 'maritime'], 0], 1],
    ],
  },
  places: { sourceLayer: 'place' },
  pois: { sourceLayer: 'poi' },
  roadLabels: { sourceLayer: 'transportation_name' },
  waterLabels: [{ sourceLayer: 'water_name' }],
  housenumbers: { sourceLayer: 'housenumber' },
};
