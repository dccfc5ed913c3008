/**
 * Natural Earth 1:10m from `world-atlas` (TopoJSON), turned into the GeoJSON layers of the
 * basemap. Borders and coastlines come from the topology's shared arcs, so each border is drawn
 * once rather than once per neighbour.
 */
import type { FeatureCollection, MultiLineString } from 'geojson';
export interface NaturalEarthLayers {
  land: FeatureCollection;
  countries: FeatureCollection;
  boundaries: FeatureCollection;
  coastline: FeatureCollection;
}
/** Splits lines where they run along a clipping edge, dropping those pieces. */
export declare function dropArtificialEdges(lines: MultiLineString): MultiLineString;
export declare function loadNaturalEarth(): NaturalEarthLayers;
