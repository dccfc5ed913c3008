/**
 * Deterministic GPX 1.1 generator for benchmarks and tests: a seeded PRNG (never Math.random)
 * drives a plausible car journey — accelerating, cruising, turning, stopping at lights and
 * parking — one fix per second. Same (count, seed) ⇒ byte-identical file.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 1;
export const DEFAULT_POINTS = 1_000_000;
export const DEFAULT_SEED = 20240301;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_CACHE_DIR = join(repoRoot, 'node_modules/.cache/itinera-bench');

export interface GeneratedFix {
  /** UTC epoch ms, whole seconds. */
  t: number;
  lat: number;
  lon: number;
  ele: number;
}

/** mulberry32: tiny, fast, good enough for synthetic tracks, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const START_MS = Date.UTC(2024, 2, 1, 6, 0, 0);
const EARTH_RADIUS_M = 6_371_000;

/** The journey, fix by fix; coordinates already rounded as they are written (7 and 1 decimals). */
export function* driveFixes(count: number, seed = DEFAULT_SEED): Generator<GeneratedFix> {
  const random = seededRandom(seed);
  let lat = 50.8503; // Brussels
  let lon = 4.3517;
  let ele = 60;
  let heading = random() * 360;
  let speed = 0;
  let targetSpeed = 14;
  let stopLeft = 0;
  for (let i = 0; i < count; i += 1) {
    if (stopLeft > 0) {
      stopLeft -= 1;
      speed = 0;
    } else {
      if (random() < 0.002) stopLeft = 20 + Math.floor(random() * 90); // traffic lights
      if (random() < 0.00005) stopLeft = 600 + Math.floor(random() * 3000); // parked
      if (random() < 0.01) targetSpeed = [8, 14, 22, 33][Math.floor(random() * 4)]!;
      speed += Math.max(-3, Math.min(2, targetSpeed - speed)) * 0.5;
      heading += (random() - 0.5) * 6 + (random() < 0.003 ? (random() < 0.5 ? -90 : 90) : 0);
      // Drift back towards the start region so a million seconds stays in Western Europe.
      if (Math.abs(lat - 50.85) > 2 || Math.abs(lon - 4.35) > 3)
        heading = bearingDeg(lat, lon, 50.85, 4.35);
      const rad = (heading * Math.PI) / 180;
      const d = speed + (random() - 0.5) * 0.4;
      lat += ((d * Math.cos(rad)) / EARTH_RADIUS_M) * (180 / Math.PI);
      lon +=
        ((d * Math.sin(rad)) / (EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180))) *
        (180 / Math.PI);
      ele = Math.max(-5, ele + (random() - 0.5) * 0.6);
    }
    yield {
      t: START_MS + i * 1000,
      lat: round(lat + (random() - 0.5) * 2e-5, 7), // GPS jitter, also while stopped
      lon: round(lon + (random() - 0.5) * 2e-5, 7),
      ele: round(ele, 1),
    };
  }
}

function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return (Math.atan2(lon2 - lon1, lat2 - lat1) * 180) / Math.PI;
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function isoSeconds(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

/** The GPX text in pieces of roughly `piecePoints` points, for streaming to disk. */
export function* gpxPieces(
  count: number,
  seed = DEFAULT_SEED,
  piecePoints = 10_000,
): Generator<string> {
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="itinera-bench gen-gpx" xmlns="http://www.topografix.com/GPX/1/1">\n' +
    `  <metadata><name>Synthetic drive, ${count} fixes, seed ${seed}</name></metadata>\n` +
    '  <trk>\n    <name>bench drive</name>\n    <trkseg>\n'
  );
  let lines: string[] = [];
  for (const fix of driveFixes(count, seed)) {
    lines.push(
      `      <trkpt lat="${fix.lat.toFixed(7)}" lon="${fix.lon.toFixed(7)}"><ele>${fix.ele.toFixed(1)}</ele><time>${isoSeconds(fix.t)}</time></trkpt>\n`,
    );
    if (lines.length >= piecePoints) {
      yield lines.join('');
      lines = [];
    }
  }
  yield `${lines.join('')}    </trkseg>\n  </trk>\n</gpx>\n`;
}

/** Writes the GPX to `path` (via a temporary file, so an interrupted run leaves nothing half-written). */
export async function writeGpx(path: string, count: number, seed = DEFAULT_SEED): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  for (const piece of gpxPieces(count, seed)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchGpx(count = DEFAULT_POINTS, seed = DEFAULT_SEED): Promise<string> {
  const path = join(BENCH_CACHE_DIR, `drive-${count}-s${seed}-v${GENERATOR_VERSION}.gpx`);
  if (!existsSync(path) || statSync(path).size === 0) await writeGpx(path, count, seed);
  return path;
}

const isEntryPoint =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  const count = Number(process.argv[2] ?? DEFAULT_POINTS);
  const started = performance.now();
  const path = await ensureBenchGpx(count);
  console.log(
    `${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
