/**
 * Deterministic Google Takeout `Records.json` generator for benchmarks and tests: the seeded
 * journey of `gen-gpx.ts` (one fix a second) written as Records.json locations, pretty-printed
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
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  statSync,
} from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CACHE_DIR, DEFAULT_SEED, driveFixes, seededRandom } from './gen-gpx';

export const RECORDS_JSON_VERSION = 1;
export const DEFAULT_RECORDS = 2_400_000;
const DEVICE_TAG = 1_234_567_890;
const ACTIVITIES = ['STILL', 'IN_VEHICLE', 'ON_FOOT', 'WALKING', 'UNKNOWN', 'TILTING'];

function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const k = Math.PI / 180;
  const x = (lon2 - lon1) * k * Math.cos(((lat1 + lat2) / 2) * k);
  const y = (lat2 - lat1) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** The JSON text in pieces of `pieceRecords` locations. */
export function* recordsJsonPieces(
  count: number,
  seed = DEFAULT_SEED,
  pieceRecords = 10_000,
): Generator<string> {
  yield '{\n  "locations": [';
  const random = seededRandom(seed ^ 0x600913);
  let lines: string[] = [];
  let prevLat = NaN;
  let prevLon = NaN;
  let heading = 0;
  let i = 0;
  for (const f of driveFixes(count, seed)) {
    const d = Number.isNaN(prevLat) ? 0 : distanceM(prevLat, prevLon, f.lat, f.lon);
    if (d >= 3) heading = (Math.atan2(f.lon - prevLon, f.lat - prevLat) * 180) / Math.PI;
    prevLat = f.lat;
    prevLon = f.lon;
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
        `    "heading": ${Math.round((heading + 360) % 360)},\n`;
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
    lines.push(rec);
    i++;
    if (lines.length >= pieceRecords) {
      yield lines.join('');
      lines = [];
    }
  }
  yield `${lines.join('')}]\n}\n`;
}

export async function writeRecordsJson(
  path: string,
  count: number,
  seed = DEFAULT_SEED,
): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  for (const piece of recordsJsonPieces(count, seed)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
}

/** Path of the cached benchmark file, generating it only when missing. */
export async function ensureBenchRecordsJson(
  count = DEFAULT_RECORDS,
  seed = DEFAULT_SEED,
): Promise<string> {
  const path = join(BENCH_CACHE_DIR, `records-${count}-s${seed}-v${RECORDS_JSON_VERSION}.json`);
  if (!existsSync(path) || statSync(path).size === 0) await writeRecordsJson(path, count, seed);
  return path;
}

const isEntryPoint =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  const count = Number(process.argv[2] ?? DEFAULT_RECORDS);
  let started = performance.now();
  const path = await ensureBenchRecordsJson(count);
  console.log(
    `${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (process.argv.includes('--read')) {
    const { createGoogleReader } = await import('../../shared/formats/google/google-reader');
    started = performance.now();
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
