/**
 * Natural Earth 1:10m from `world-atlas` (TopoJSON), turned into the GeoJSON layers of the
 * basemap. Borders and coastlines come from the topology's shared arcs, so each border is drawn
 * once rather than once per neighbour.
 */
import type { Feature, FeatureCollection, MultiLineString, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature, mesh } from 'topojson-client';
import { readPackageJson } from '../lib/npm-data';
import type { CountryProperties } from '../../shared/map/world-schema';

type CountriesTopology = Topology<{
  countries: GeometryCollection<{ name?: string }>;
  land: GeometryCollection;
}>;
type LandTopology = Topology<{ land: GeometryCollection }>;

export interface NaturalEarthLayers {
  land: FeatureCollection;
  countries: FeatureCollection;
  boundaries: FeatureCollection;
  coastline: FeatureCollection;
}

/** Natural Earth clips the world at the antimeridian and Antarctica's southern edge; those cuts are not coasts. */
function isArtificialEdge(a: Position, b: Position): boolean {
  const onAntimeridian =
    Math.abs(a[0]!) >= 179.9999 && Math.abs(b[0]!) >= 179.9999 && a[0] === b[0];
  const onSouthEdge = a[1]! <= -84.9 && b[1]! <= -84.9;
  return onAntimeridian || onSouthEdge;
}

/**
 * world-atlas is made for spherical rendering (d3-geo): an edge from 180° to -180° is a zero-length
 * step there, but in a flat tiler it is a line across the whole world.
 */
function jumpsAntimeridian(a: Position, b: Position): boolean {
  return Math.abs(b[0]! - a[0]!) > 180;
}

/**
 * Makes a ring continuous across the antimeridian by shifting longitudes by 360° after each jump
 * (e.g. Chukotka continues to 190° instead of restarting at -170°); the tiler wraps what lies
 * beyond ±180° onto the other side. A ring whose jumps do not cancel goes round a pole (it is
 * Antarctica's, running back along the bottom of the map) and is already right on a flat map.
 */
export function unwrapRing(ring: readonly Position[]): Position[] {
  let shift = 0;
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    const prev = ring[i - 1];
    if (prev && jumpsAntimeridian(prev, p)) shift += p[0]! < prev[0]! ? 360 : -360;
    out.push([p[0]! + shift, p[1]!]);
  }
  return shift === 0 ? out : [...ring];
}

export function unwrapPolygons(features: readonly Feature[]): Feature[] {
  return features.map((f) =>
    f.geometry?.type === 'Polygon'
      ? { ...f, geometry: { type: 'Polygon', coordinates: f.geometry.coordinates.map(unwrapRing) } }
      : f,
  );
}

/** Splits lines where they jump across the antimeridian or run along a clipping edge, dropping those pieces. */
export function dropArtificialEdges(lines: MultiLineString): MultiLineString {
  const out: Position[][] = [];
  for (const line of lines.coordinates) {
    let current: Position[] = [];
    for (let i = 0; i < line.length; i++) {
      const p = line[i]!;
      const prev = line[i - 1];
      if (prev && (isArtificialEdge(prev, p) || jumpsAntimeridian(prev, p))) {
        if (current.length >= 2) out.push(current);
        current = [];
      }
      current.push(p);
    }
    if (current.length >= 2) out.push(current);
  }
  return { type: 'MultiLineString', coordinates: out };
}

function collection(features: Feature[]): FeatureCollection {
  return { type: 'FeatureCollection', features };
}

/**
 * One feature per polygon. A tile's rings carry no outer/hole structure except their winding, and
 * MapLibre takes the first ring's winding as "outer"; with one polygon per feature the tiler can
 * re-establish that winding per feature (see tile-pyramid.ts) whatever the clipper did.
 */
export function splitPolygons(features: readonly Feature[]): Feature[] {
  return features.flatMap((f) => {
    const g = f.geometry;
    if (g?.type !== 'MultiPolygon') return [f];
    return g.coordinates.map((coordinates): Feature => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates },
      properties: f.properties,
    }));
  });
}

export function loadNaturalEarth(): NaturalEarthLayers {
  const countriesTopo = readPackageJson<CountriesTopology>('world-atlas/countries-10m.json');
  const landTopo = readPackageJson<LandTopology>('world-atlas/land-10m.json');

  const countries = feature(countriesTopo, countriesTopo.objects.countries);
  const countryFeatures: Feature[] = countries.features.map((f) => {
    const properties: CountryProperties = { name: f.properties?.name ?? '' };
    if (typeof f.id === 'string' && /^\d{3}$/.test(f.id)) properties.iso_n3 = f.id;
    return { type: 'Feature', geometry: f.geometry, properties: { ...properties } };
  });

  const land = feature(landTopo, landTopo.objects.land);
  const borders = dropArtificialEdges(
    mesh(countriesTopo, countriesTopo.objects.countries, (a, b) => a !== b),
  );
  const coasts = dropArtificialEdges(mesh(landTopo, landTopo.objects.land, (a, b) => a === b));

  return {
    land: collection(
      unwrapPolygons(
        splitPolygons(
          land.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: {} })),
        ),
      ),
    ),
    countries: collection(unwrapPolygons(splitPolygons(countryFeatures))),
    boundaries: collection([{ type: 'Feature', geometry: borders, properties: {} }]),
    coastline: collection([{ type: 'Feature', geometry: coasts, properties: {} }]),
  };
}
