/**
 * Deterministic KML generator for benchmarks and tests: the same seeded car journey as the GPX
 * generator, written as one gx:Track the way Google Earth and GPSBabel write it — every `<when>`
 * first, then every `<gx:coord>` — so a reader must pair them by index across the whole file.
 * Same (count, seed) ⇒ byte-identical file.
 */
import {
  DEFAULT_POINTS,
  DEFAULT_SEED,
  driveFixes,
  ensureCached,
  generateFromCommandLine,
  inPieces,
  isEntryPoint,
  isoSeconds,
  writePieces,
} from './gen-common';

export const KML_GENERATOR_VERSION = 1;

/** Two passes over the same seeded journey: all times, then all coordinates. */
function* trackLines(count: number, seed: number): Generator<string> {
  for (const fix of driveFixes(count, seed)) yield `      <when>${isoSeconds(fix.t)}</when>\n`;
  for (const fix of driveFixes(count, seed)) {
    yield `      <gx:coord>${fix.lon.toFixed(7)} ${fix.lat.toFixed(7)} ${fix.ele.toFixed(1)}</gx:coord>\n`;
  }
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
  yield* inPieces(
    trackLines(count, seed),
    piecePoints,
    '    </gx:Track>\n  </Placemark>\n</Document>\n</kml>\n',
  );
}

/**
 * Writes an `n`-point gx:Track KML to `path` (through a temporary file, so an interrupted run
 * leaves nothing half-written).
 */
export async function generateKml(path: string, n: number, seed = DEFAULT_SEED): Promise<void> {
  await writePieces(path, kmlPieces(n, seed));
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchKml(count = DEFAULT_POINTS, seed = DEFAULT_SEED): Promise<string> {
  return ensureCached(`drive-${count}-s${seed}-v${KML_GENERATOR_VERSION}.kml`, (path) =>
    generateKml(path, count, seed),
  );
}

if (isEntryPoint(import.meta.url)) await generateFromCommandLine(DEFAULT_POINTS, ensureBenchKml);
