/**
 * Deterministic fleet-tracker CSV generator for benchmarks and tests: the seeded journey of
 * `gen-common.ts` written as a portal export with event columns — vehicle, local date-time
 * (dd.mm.yyyy, Europe/Kyiv, no offset), lat, lon, altitude, speed (km/h), heading, ignition,
 * door, fuel (%), odometer (km), driver. About 90 bytes a row: 5,000,000 rows ≈ 452 MB.
 * Same (count, seed) ⇒ byte-identical file.
 *
 * `npx tsx test/bench/gen-tracker-csv.ts 1000000 --read` also reads it with the table reader
 * alone (1 MiB chunks, as the intake does) and prints time and peak RSS.
 */
import { createReadStream } from 'node:fs';
import {
  DEFAULT_SEED,
  ensureCached,
  generateFromCommandLine,
  inPieces,
  isEntryPoint,
  movingFixes,
  seededRandom,
  writePieces,
} from './gen-common';

export const TRACKER_CSV_VERSION = 2;
export const TRACKER_CSV_ZONE = 'Europe/Kyiv';
export const TRACKER_CSV_HEADER =
  'Vehicle,Date Time,Latitude,Longitude,Altitude,Speed (km/h),Heading,Ignition,Door,Fuel (%),Odometer (km),Driver\n';

const KYIV_WINTER_MS = 2 * 3_600_000;
const KYIV_SUMMER_MS = 3 * 3_600_000;

/** Kyiv wall time for a UTC instant (EU rules: last Sunday of March/October, 01:00 UTC). */
function kyivWall(t: number): number {
  const y = new Date(t).getUTCFullYear();
  const lastSunday = (month: number): number => {
    const d = new Date(Date.UTC(y, month + 1, 0, 1));
    return d.getTime() - d.getUTCDay() * 86_400_000;
  };
  const summer = t >= lastSunday(2) && t < lastSunday(9);
  return t + (summer ? KYIV_SUMMER_MS : KYIV_WINTER_MS);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function wallText(t: number): string {
  const d = new Date(kyivWall(t));
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function* trackerRows(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed ^ 0x5eed);
  let still = 0;
  let fuel = 80;
  let odometer = 120_000;
  let door = 0;
  let driver = 'D-0001';
  for (const f of movingFixes(count, seed)) {
    const d = f.stepM;
    const speedKmh = d < 3 ? 0 : d * 3.6;
    still = speedKmh === 0 ? still + 1 : 0;
    // Ignition off after two minutes standing; doors open now and then while parked.
    const ignition = still < 120 ? 1 : 0;
    if (ignition === 0 && random() < 0.002) door = 1 - door;
    if (ignition === 1) door = 0;
    if (ignition === 0 && still === 600 && random() < 0.2) fuel -= 12; // siphoning
    fuel -= d * 0.00003;
    if (fuel < 15) fuel = 95;
    odometer += d / 1000;
    if (still === 900 && random() < 0.3)
      driver = `D-${String(1 + Math.floor(random() * 40)).padStart(4, '0')}`;
    yield `TRK-0427,${wallText(f.t)},${f.lat.toFixed(7)},${f.lon.toFixed(7)},${f.ele.toFixed(1)},${speedKmh.toFixed(1)},${Math.round((f.headingDeg + 360) % 360)},${ignition},${door},${fuel.toFixed(1)},${odometer.toFixed(2)},${driver}\n`;
  }
}

/** The CSV text in pieces of `pieceRows` rows. */
export function* trackerCsvPieces(
  count: number,
  seed = DEFAULT_SEED,
  pieceRows = 10_000,
): Generator<string> {
  yield TRACKER_CSV_HEADER;
  yield* inPieces(trackerRows(count, seed), pieceRows);
}

export async function writeTrackerCsv(
  path: string,
  count: number,
  seed = DEFAULT_SEED,
): Promise<void> {
  await writePieces(path, trackerCsvPieces(count, seed));
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchTrackerCsv(count: number, seed = DEFAULT_SEED): Promise<string> {
  return ensureCached(`tracker-${count}-s${seed}-v${TRACKER_CSV_VERSION}.csv`, (path) =>
    writeTrackerCsv(path, count, seed),
  );
}

if (isEntryPoint(import.meta.url)) {
  const { count, path } = await generateFromCommandLine(1_000_000, ensureBenchTrackerCsv);
  if (process.argv.includes('--read')) {
    const { createTableReader } = await import('../../shared/formats/table/table-reader');
    const started = performance.now();
    const reader = createTableReader({ fileName: 'bench.csv', naiveZone: TRACKER_CSV_ZONE });
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      reader.push(chunk as Uint8Array);
    const r = reader.finish();
    const seconds = (performance.now() - started) / 1000;
    const counts: Record<string, number> = {};
    for (const e of r.events ?? []) counts[e.type] = (counts[e.type] ?? 0) + 1;
    console.log(
      JSON.stringify({
        rows: count,
        fixes: r.fixes.count,
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(count / seconds),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        events: counts,
        issues: r.issues.map((i) => i.code),
      }),
    );
  }
}
