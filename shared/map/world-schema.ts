/**
 * The contract between the bundled world basemap (built by assets/basemap/build-world.ts) and the
 * style that draws it (world-style.ts): source-layer names, feature properties, zoom range.
 */

/** Source id the style uses for the bundled basemap. */
export const WORLD_SOURCE_ID = 'world';

/** Vector tile layers in world.pmtiles. The sea is not a layer: it is the style's background. */
export const WORLD_SOURCE_LAYERS = {
  land: 'land',
  countries: 'countries',
  boundaries: 'boundaries',
  coastline: 'coastline',
  places: 'places',
} as const;
export type WorldSourceLayer = (typeof WORLD_SOURCE_LAYERS)[keyof typeof WORLD_SOURCE_LAYERS];

export const WORLD_MIN_ZOOM = 0;
/** Deepest zoom stored; MapLibre over-zooms beyond it. */
export const WORLD_MAX_ZOOM = 8;
/**
 * Deepest zoom whose labels are thinned. The deepest tiles hold every place, but drawing all of
 * them at zoom 8 (thousands of labels over western Europe, nearly all hidden by collisions) cost
 * more than half of a software-rendered frame: every hidden glyph still goes through the GPU.
 * The thinning goes on past the stored zooms and the style shows a place from its `minzoom`.
 */
export const WORLD_LABEL_MAX_ZOOM = 13;

export const WORLD_ATTRIBUTION = '© Natural Earth (public domain); places © GeoNames (CC BY 4.0)';

/** Properties of a `countries` polygon. */
export interface CountryProperties {
  name: string;
  /** ISO 3166-1 numeric code as a 3-digit string, when Natural Earth has one. */
  iso_n3?: string;
}

/** Properties of a `places` point. */
export interface PlaceProperties {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  population: number;
  /** 1 = most important place in the world (population, capitals first among equals). */
  rank: number;
  /**
   * First zoom at which the place is labelled; labels at low zooms are thinned to the biggest.
   * Up to WORLD_MAX_ZOOM it is also the first zoom whose tiles hold it; a place labelled only
   * from a deeper zoom is in the WORLD_MAX_ZOOM tiles and the style's filter holds it back.
   */
  minzoom: number;
  /** 1 for a national capital (GeoNames PPLC), else 0. */
  capital: 0 | 1;
}
