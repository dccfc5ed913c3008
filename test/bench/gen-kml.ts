/**
 * Deterministic KML generator for benchmarks and tests: the same seeded car journey as the GPX
 * generator, written as one gx:Track the way Google Earth and GPSBabel write it — every `<when>`
 * first, then every `<gx:coord>` — so a reader must pair them by index across the whole file.
 * Same (count, seed) ⇒ byte-identical file.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CACHE_DIR, DEFAULT_POINTS, DEFAULT_SEED, driveFixes } from './gen-gpx';

export const KML_GENERATOR_VERSION = 1;

function isoSeconds(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

/** The KML text in pieces of roughly `piecePoints` lines, for streaming to disk. */
export function* kmlPieces(
  count: number,
  seed = DEFAULT_SEED,
  piecePoints = 10_000,
): Generator<string> {
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">\n' +
    '<Document>\n' +
    `  <name>Synthetic drive, ${count} fixes, seed ${seed}</name>\n` +
    '  <Placemark>\n    <name>bench drive</name>\n    <gx:Track>\n' +
    '      <altitudeMode>absolute</altitudeMode>\n'
  );
  let lines: string[] = [];
  // Two passes over the same seeded journey: all times, then all coordinates.
  for (const fix of driveFixes(count, seed)) {
    lines.push(`      <when>${isoSeconds(fix.t)}</when>\n`);
    if (lines.length >= piecePoints) {
      yield lines.join('');
      lines = [];
    }
  }
  for (const fix of driveFixes(count, seed)) {
    lines.push(
      `      <gx:coord>${fix.lon.toFixed(7)} ${fix.lat.toFixed(7)} ${fix.ele.toFixed(1)}</gx:coord>\n`,
    );
    if (lines.length >= piecePoints) {
      yield lines.join('');
      lines = [];
    }
  }
  yield `${lines.join('')}    </gx:Track>\n  </Placemark>\n</Document>\n</kml>\n`;
}

/**
 * Writes an `n`-point gx:Track KML to `path` (through a temporary file, so an interrupted run
 * leaves nothing half-written).
 */
export async function generateKml(path: string, n: number, seed = DEFAULT_SEED): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  for (const piece of kmlPieces(n, seed)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchKml(count = DEFAULT_POINTS, seed = DEFAULT_SEED): Promise<string> {
  const path = join(BENCH_CACHE_DIR, `drive-${count}-s${seed}-v${KML_GENERATOR_VERSION}.kml`);
  if (!existsSync(path) || statSync(path).size === 0) await generateKml(path, count, seed);
  return path;
}

const isEntryPoint =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  const count = Number(process.argv[2] ?? DEFAULT_POINTS);
  const started = performance.now();
  const path = await ensureBenchKml(count);
  console.log(
    `${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
