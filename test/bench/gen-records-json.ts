/**
 * Deterministic Google Takeout `Records.json` generator for benchmarks and tests: the seeded
 * journey of `gen-common.ts` (one fix a second) written as Records.json locations, pretty-printed
 * the way Takeout writes it (2-space indent, `}, {` between records), with the fields of a
 * modern export — E7 position, accuracy, velocity and heading while moving, altitude, vertical
 * accuracy, source, deviceTag, ISO timestamp — and an `activity` array every 12th
 * location. About 245 bytes a location: 2,400,000 locations ≈ 590 MB (over V8's ~512 MiB
 * string limit, so whole-file JSON.parse cannot read it). Same (count, seed) ⇒ byte-identical.
 *
 * `npx tsx test/bench/gen-records-json.ts [count] --read` also reads it with the Google reader
 * and a SHA-256 in one pass (1 MiB chunks, as the intake does) and prints time and peak RSS.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
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

export const RECORDS_JSON_VERSION = 1;
export const DEFAULT_RECORDS = 2_400_000;
const DEVICE_TAG = 1_234_567_890;
const ACTIVITIES = ['STILL', 'IN_VEHICLE', 'ON_FOOT', 'WALKING', 'UNKNOWN', 'TILTING'];

function* locationRecords(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed ^ 0x600913);
  let i = 0;
  for (const f of movingFixes(count, seed)) {
    const d = f.stepM;
    const gps = random() < 0.8;
    const accuracy = gps ? 3 + Math.floor(random() * 15) : 20 + Math.floor(random() * 60);
    const ms = Math.floor(random() * 1000);
    const stamp = new Date(f.t + ms).toISOString();
    let rec =
      `${i === 0 ? '' : ', '}{\n` +
      `    "latitudeE7": ${Math.round(f.lat * 1e7)},\n` +
      `    "longitudeE7": ${Math.round(f.lon * 1e7)},\n` +
      `    "accuracy": ${accuracy},\n`;
    if (d >= 3) {
      rec +=
        `    "velocity": ${Math.round(d)},\n` +
        `    "heading": ${Math.round((f.headingDeg + 360) % 360)},\n`;
    }
    rec +=
      `    "altitude": ${Math.round(f.ele)},\n` +
      `    "verticalAccuracy": ${2 + Math.floor(random() * 10)},\n`;
    if (i % 12 === 0) {
      const type = ACTIVITIES[Math.floor(random() * ACTIVITIES.length)]!;
      rec +=
        `    "activity": [{\n      "activity": [{\n        "type": "${type}",\n` +
        `        "confidence": ${40 + Math.floor(random() * 60)}\n      }],\n` +
        `      "timestamp": "${stamp}"\n    }],\n`;
    }
    rec +=
      `    "source": "${gps ? 'GPS' : 'WIFI'}",\n` +
      `    "deviceTag": ${DEVICE_TAG},\n` +
      `    "timestamp": "${stamp}"\n  }`;
    yield rec;
    i++;
  }
}

/** The JSON text in pieces of `pieceRecords` locations. */
export function* recordsJsonPieces(
  count: number,
  seed = DEFAULT_SEED,
  pieceRecords = 10_000,
): Generator<string> {
  yield '{\n  "locations": [';
  yield* inPieces(locationRecords(count, seed), pieceRecords, ']\n}\n');
}

export async function writeRecordsJson(
  path: string,
  count: number,
  seed = DEFAULT_SEED,
): Promise<void> {
  await writePieces(path, recordsJsonPieces(count, seed));
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchRecordsJson(
  count = DEFAULT_RECORDS,
  seed = DEFAULT_SEED,
): Promise<string> {
  return ensureCached(`records-${count}-s${seed}-v${RECORDS_JSON_VERSION}.json`, (path) =>
    writeRecordsJson(path, count, seed),
  );
}

if (isEntryPoint(import.meta.url)) {
  const { count, path } = await generateFromCommandLine(DEFAULT_RECORDS, ensureBenchRecordsJson);
  if (process.argv.includes('--read')) {
    const { createGoogleReader } = await import('../../shared/formats/google/google-reader');
    const started = performance.now();
    const cpu = process.cpuUsage();
    const reader = createGoogleReader({ fileName: 'Records.json' });
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Uint8Array);
      reader.push(chunk as Uint8Array);
    }
    const r = reader.finish();
    const sha256 = hash.digest('hex');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      JSON.stringify({
        locations: count,
        fixes: r.fixes.count,
        sha256,
        seconds: Number(seconds.toFixed(2)),
        cpuSeconds: Number(
          (process.cpuUsage(cpu).user / 1e6 + process.cpuUsage(cpu).system / 1e6).toFixed(2),
        ),
        mbPerSecond: Math.round(statSync(path).size / 1e6 / seconds),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        issues: r.issues.map((i) => i.code),
      }),
    );
  }
}
