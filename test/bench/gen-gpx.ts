/**
 * Deterministic GPX 1.1 generator for benchmarks and tests: the seeded car journey of
 * `gen-common.ts`, one fix per second. Same (count, seed) ⇒ byte-identical file.
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

// The journey and its defaults were born here; other benchmarks and tests still import them from here.
export {
  BENCH_CACHE_DIR,
  DEFAULT_POINTS,
  DEFAULT_SEED,
  driveFixes,
  seededRandom,
  type GeneratedFix,
} from './gen-common';

export const GENERATOR_VERSION = 1;

function* trkpts(count: number, seed: number): Generator<string> {
  for (const fix of driveFixes(count, seed)) {
    yield `      <trkpt lat="${fix.lat.toFixed(7)}" lon="${fix.lon.toFixed(7)}"><ele>${fix.ele.toFixed(1)}</ele><time>${isoSeconds(fix.t)}</time></trkpt>\n`;
  }
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
  yield* inPieces(trkpts(count, seed), piecePoints, '    </trkseg>\n  </trk>\n</gpx>\n');
}

/** Writes the GPX to `path` (via a temporary file, so an interrupted run leaves nothing half-written). */
export async function writeGpx(path: string, count: number, seed = DEFAULT_SEED): Promise<void> {
  await writePieces(path, gpxPieces(count, seed));
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchGpx(count = DEFAULT_POINTS, seed = DEFAULT_SEED): Promise<string> {
  return ensureCached(`drive-${count}-s${seed}-v${GENERATOR_VERSION}.gpx`, (path) =>
    writeGpx(path, count, seed),
  );
}

if (isEntryPoint(import.meta.url)) await generateFromCommandLine(DEFAULT_POINTS, ensureBenchGpx);
