/** What a coordinate reading reports, shared by the parsers of each notation. */

export type CoordinateFormat =
  'decimal' | 'dms' | 'ddm' | 'utm' | 'mgrs' | 'pluscode' | 'url' | 'geo-uri';

export type MapService = 'google-maps' | 'openstreetmap' | 'apple-maps' | 'bing-maps' | 'other';

export interface CoordinateParse {
  lat: number;
  lon: number;
  format: CoordinateFormat;
  /** 0..1: how likely this reading is what was meant; readings come best first. */
  confidence: number;
  /** The position as `lat, lon` decimal degrees, ready to show in the preview. */
  normalized: string;
  /** Radius the notation itself leaves open (an MGRS or plus-code cell, a geo: `u=`), metres. */
  accuracyM?: number;
  /** For links: whose link it was. */
  service?: MapService;
  /** Why this reading is uncertain or what was assumed, in English for the log. */
  note?: string;
}

export interface ParseCoordinatesOptions {
  /** Completes short plus codes when no place is named with them (normally the map's centre). */
  reference?: { lat: number; lon: number };
  /** Finds a place named with a short plus code (`RC22+22 Brussels`), e.g. the gazetteer search. */
  resolvePlace?: (name: string) => { lat: number; lon: number } | null;
}
