/**
 * The Protomaps basemap schema (https://docs.protomaps.com/basemaps/layers), v3 and v4. v3
 * names its classes `pmap:kind` / `pmap:kind_detail`, v4 `kind` / `kind_detail`; v4 also
 * moved rail from `transit` into `roads` and added a low-zoom `landcover` layer. The binding
 * reads both, so one style draws either version.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { StreetBinding } from './street';

const KIND: ExpressionSpecification = ['coalesce', ['get', 'kind'], ['get', 'pmap:kind'], ''];
const KIND_DETAIL: ExpressionSpecification = [
  'coalesce',
  ['get', 'kind_detail'],
  ['get', 'pmap:kind_detail'],
  ['get', 'place'],
  ['get', 'kind'],
  ['get', 'pmap:kind'],
  '',
];

const AREA_LAYERS = ['landuse', 'natural', 'landcover'] as const;

function areas(
  category: StreetBinding['fills'][number]['category'],
  classes: readonly string[],
): StreetBinding['fills'] {
  return AREA_LAYERS.map((sourceLayer) => ({ sourceLayer, category, classes }));
}

export const PROTOMAPS_BINDING: StreetBinding = {
  id: 'protomaps',
  name: 'Protomaps',
  featureClass: KIND,
  placeClass: KIND_DETAIL,
  fills: [
    ...areas('farmland', ['farmland', 'farmyard', 'orchard', 'vineyard', 'allotments']),
    ...areas('residential', ['residential', 'urban_area']),
    ...areas('industrial', [
      'commercial',
      'industrial',
      'retail',
      'railway',
      'military',
      'brownfield',
      'garages',
    ]),
    ...areas('institutional', [
      'school',
      'kindergarten',
      'university',
      'college',
      'hospital',
      'clinic',
    ]),
    ...areas('cemetery', ['cemetery', 'grave_yard']),
    ...areas('sand', ['beach', 'sand', 'barren', 'bare_rock']),
    ...areas('park', ['national_park', 'nature_reserve', 'protected_area']),
    ...areas('grass', [
      'park',
      'grass',
      'grassland',
      'meadow',
      'playground',
      'pitch',
      'garden',
      'golf_course',
      'recreation_ground',
      'village_green',
      'scrub',
      'heath',
      'zoo',
      'dog_park',
    ]),
    ...areas('wood', ['forest', 'wood']),
  ],
  water: [{ sourceLayer: 'water' }],
  waterways: [{ sourceLayer: 'water' }, { sourceLayer: 'physical_line' }],
  buildings: { sourceLayer: 'buildings' },
  roads: {
    sourceLayer: 'roads',
    classes: {
      motorway: ['highway'],
      major: ['major_road'],
      medium: ['medium_road'],
      minor: ['minor_road', 'other'],
      path: ['path'],
    },
  },
  rail: [
    { sourceLayer: 'transit', classes: ['rail'] },
    { sourceLayer: 'roads', classes: ['rail'] },
  ],
  boundaries: { sourceLayer: 'boundaries' },
  places: { sourceLayer: 'places' },
  pois: { sourceLayer: 'pois' },
  roadLabels: {
    sourceLayer: 'roads',
    classes: ['highway', 'major_road', 'medium_road', 'minor_road', 'other'],
  },
  waterLabels: [{ sourceLayer: 'water' }, { sourceLayer: 'physical_point' }],
};
