/**
 * Generates the bundled demo case into assets/demo/case/ (not committed; rebuilt by
 * `npm run build:assets`, written only when the bytes differ) from the journey in case-route.ts:
 * - `truck-TRK-0427.csv`: a fleet-tracker portal export (UTC timestamps, speed, heading,
 *   ignition, door, fuel, odometer), read by the table reader's generic-positions preset with no
 *   mapping dialog;
 * - `phone/Records.json`: a Google Takeout location history of the phone that joins at Calais;
 * - `photos/*.JPG`: twelve photos from two cameras (the phone, with GPS and mostly
 *   OffsetTimeOriginal; a compact camera whose clock runs 83 min fast, one shot without GPS).
 * Deterministic: a seeded PRNG, fixed times, fixed number formatting, so the bytes are the same
 * on every machine and in every time zone. SYNTHETIC DEMO DATA, not evidence.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExifJpeg, type ExifJpegSpec } from '../lib/exif-jpeg';
import { distanceM, gaussian, offset, prng } from './build-demo';
import {
  CALAIS_CAMP,
  CASE_JOURNEY,
  CASE_START_UTC,
  type CaseStop,
  type LatLon,
} from './case-route';

export const DEMO_CASE_DIR = fileURLToPath(new URL('./case', import.meta.url));
/** Paths inside the case folder of the evidence the app's demo imports, in import order. */
export const DEMO_CASE_FILES = {
  truck: 'truck-TRK-0427.csv',
  phone: 'phone/Records.json',
  photos: 'photos',
} as const;

const SEED = 0xca1a15;
const MIN = 60_000;
const TRUCK_DRIVING_FIX_MS = 60_000;
const TRUCK_PARKED_HEARTBEAT_MS = 10 * MIN;
const PHONE_MOVING_FIX_MS = 2 * MIN;
const PHONE_STILL_FIX_MS = 5 * MIN;
/**
 * The phone comes on at the camp while the truck is on the ferry: from then on the two are
 * never in two places at once (the derivation treats all sources as one subject's evidence).
 */
const PHONE_START_UTC = Date.UTC(2024, 3, 16, 16, 10, 0);
/** The compact camera's clock runs this much fast, every photo alike. */
export const CANON_CLOCK_ERROR_MS = 83 * MIN;

/** A stop as planted: the truth the expected timeline is checked against. */
export interface PlantedStop {
  key: string;
  label: string;
  lat: number;
  lon: number;
  /** UTC epoch ms of arrival and departure. */
  start: number;
  end: number;
}

export interface PlantedCase {
  stops: PlantedStop[];
  /** The ferry crossing: the truck's last fix at Dover and first at Calais. */
  ferry: { start: number; end: number };
  /** The phone rides in the truck from `start` to `end` (boarding at Calais, off in Barcelona). */
  phoneInTruck: { start: number; end: number };
  /** The phone is switched off at Hazeldonk. */
  phoneSilence: { start: number; end: number };
  photos: PlantedPhoto[];
}

export interface PlantedPhoto {
  file: string;
  /** True instant of the shot, UTC ms. */
  t: number;
  camera: 'phone' | 'canon';
  lat?: number;
  lon?: number;
  /** Stop key the photo was taken at, when at one. */
  at?: string;
}

export interface DemoCase {
  /** Relative path (with `/`) → bytes, sorted by path. */
  files: Map<string, Uint8Array>;
  planted: PlantedCase;
  truckRows: number;
  phoneFixes: number;
}

// ---------------------------------------------------------------------------------------------
// The truck's true whereabouts over time

type Leg =
  | { kind: 'still'; start: number; end: number; at: LatLon; stop: CaseStop }
  | { kind: 'move'; start: number; end: number; via: readonly LatLon[]; lengths: number[] }
  | { kind: 'ferry'; start: number; end: number; from: LatLon; to: LatLon };

function planLegs(): Leg[] {
  const legs: Leg[] = [];
  let t = CASE_START_UTC;
  let here: LatLon = CASE_JOURNEY[0]!.kind === 'stop' ? CASE_JOURNEY[0]!.stop.at : [0, 0];
  for (const step of CASE_JOURNEY) {
    if (step.kind === 'stop') {
      const end = t + step.stop.minutes * MIN;
      legs.push({ kind: 'still', start: t, end, at: step.stop.at, stop: step.stop });
      here = step.stop.at;
      t = end;
    } else if (step.kind === 'ferry') {
      const end = t + step.minutes * MIN;
      legs.push({ kind: 'ferry', start: t, end, from: here, to: step.to });
      here = step.to;
      t = end;
    } else {
      const lengths = step.via.slice(1).map((p, i) => distanceM(step.via[i]!, p));
      const total = lengths.reduce((a, b) => a + b, 0);
      // Whole seconds, so every time in the files is a round number.
      const end = t + Math.round(total / (step.kmh / 3.6)) * 1000;
      legs.push({ kind: 'move', start: t, end, via: step.via, lengths });
      here = step.via[step.via.length - 1]!;
      t = end;
    }
  }
  return legs;
}

function along(via: readonly LatLon[], lengths: readonly number[], f: number): LatLon {
  const total = lengths.reduce((a, b) => a + b, 0);
  let d = Math.max(0, Math.min(1, f)) * total;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (d <= len || i === lengths.length - 1) {
      const k = len === 0 ? 0 : Math.min(1, d / len);
      const a = via[i]!;
      const b = via[i + 1]!;
      return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];
    }
    d -= len;
  }
  return via[via.length - 1]!;
}

/** Where the truck truly is at `t` (on the ferry: on the straight line across). */
function truckAt(legs: readonly Leg[], t: number): LatLon {
  const leg = legs.find((l) => t >= l.start && t <= l.end) ?? legs[legs.length - 1]!;
  if (leg.kind === 'still') return leg.at;
  const f = (t - leg.start) / (leg.end - leg.start);
  if (leg.kind === 'ferry') {
    return [
      leg.from[0] + (leg.to[0] - leg.from[0]) * f,
      leg.from[1] + (leg.to[1] - leg.from[1]) * f,
    ];
  }
  return along(leg.via, leg.lengths, f);
}

function bearingDeg(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b[1] - a[1]) * rad) * Math.cos(b[0] * rad);
  const x =
    Math.cos(a[0] * rad) * Math.sin(b[0] * rad) -
    Math.sin(a[0] * rad) * Math.cos(b[0] * rad) * Math.cos((b[1] - a[1]) * rad);
  return (Math.round((Math.atan2(y, x) * 180) / Math.PI) + 360) % 360;
}

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------
// Truck tracker CSV

const TRUCK_HEADER =
  'Vehicle,Timestamp,Latitude,Longitude,Speed,Heading,Ignition,Door,Fuel (%),Odometer';

function truckCsv(legs: readonly Leg[], random: () => number): { csv: string; rows: number } {
  const lines = [TRUCK_HEADER];
  let fuel = 88;
  let odometerKm = 412_306.4;
  let last: LatLon | undefined;
  let heading = 0;
  const row = (t: number, p: LatLon, speed: number, ignition: 0 | 1, door: 0 | 1): void => {
    const [lat, lon] = offset(p, gaussian(random) * 4, gaussian(random) * 4);
    lines.push(
      `TRK-0427,${iso(t)},${lat.toFixed(6)},${lon.toFixed(6)},${speed.toFixed(1)},${heading},${ignition},${door},${fuel.toFixed(1)},${odometerKm.toFixed(1)}`,
    );
  };
  for (const leg of legs) {
    if (leg.kind === 'ferry') continue; // no signal in the hold
    if (leg.kind === 'still') {
      const { stop } = leg;
      // Arrival, engine off a minute later, heartbeats, the door, engine on, departure.
      const marks: { t: number; ignition: 0 | 1; door: 0 | 1 }[] = [
        { t: leg.start, ignition: 1, door: 0 },
      ];
      const offFrom = leg.start + MIN;
      const onAt = leg.end - MIN;
      const doorFrom = stop.doorOpen ? leg.start + stop.doorOpen.afterMin * MIN : Infinity;
      const doorTo = stop.doorOpen ? doorFrom + stop.doorOpen.forMin * MIN : -Infinity;
      const times = new Set<number>([offFrom, onAt]);
      for (let t = offFrom + TRUCK_PARKED_HEARTBEAT_MS; t < onAt; t += TRUCK_PARKED_HEARTBEAT_MS)
        times.add(t);
      if (stop.doorOpen) times.add(doorFrom).add(doorTo);
      for (const t of [...times].sort((a, b) => a - b)) {
        const ignition = stop.ignitionOff && t >= offFrom && t < onAt ? 0 : 1;
        marks.push({ t, ignition, door: t >= doorFrom && t < doorTo ? 1 : 0 });
      }
      for (const mark of marks) {
        if (stop.refuelPct && mark.t === onAt) fuel = Math.min(98, fuel + stop.refuelPct);
        row(mark.t, leg.at, 0, mark.ignition, mark.door);
      }
      last = leg.at;
      continue;
    }
    const speedKmh =
      (leg.lengths.reduce((a, b) => a + b, 0) / ((leg.end - leg.start) / 1000)) * 3.6;
    for (let t = leg.start + TRUCK_DRIVING_FIX_MS; t < leg.end; t += TRUCK_DRIVING_FIX_MS) {
      const p = truckAt(legs, t);
      if (last) {
        const stepM = distanceM(last, p);
        odometerKm += stepM / 1000;
        fuel -= stepM * 0.00004;
        heading = bearingDeg(last, p);
      }
      last = p;
      row(t, p, speedKmh * (0.94 + random() * 0.1), 1, 0);
    }
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1 };
}

// ---------------------------------------------------------------------------------------------
// Phone: Google Takeout Records.json

interface PhoneFix {
  t: number;
  at: LatLon;
  accuracy: number;
  source: 'GPS' | 'WIFI' | 'CELL';
}

function phoneFixes(legs: readonly Leg[], planted: PlantedCase, random: () => number): PhoneFix[] {
  const fixes: PhoneFix[] = [];
  const calais = planted.stops.find((s) => s.key === 'calais')!;
  const { phoneInTruck, phoneSilence } = planted;
  const noisy = (p: LatLon, m: number): LatLon =>
    offset(p, gaussian(random) * m, gaussian(random) * m);
  // Afternoon at the camp: Wi-Fi and cell positions, a few tens of metres off.
  for (let t = PHONE_START_UTC; t < phoneInTruck.start - 12 * MIN; t += PHONE_STILL_FIX_MS) {
    const accuracy = 18 + Math.round(random() * 40);
    fixes.push({ t, at: noisy(CALAIS_CAMP, accuracy / 2), accuracy, source: 'WIFI' });
  }
  // The walk to the truck.
  for (let t = phoneInTruck.start - 12 * MIN; t < phoneInTruck.start; t += 2 * MIN) {
    const f = 1 - (phoneInTruck.start - t) / (12 * MIN);
    const at: LatLon = [
      CALAIS_CAMP[0] + (calais.lat - CALAIS_CAMP[0]) * f,
      CALAIS_CAMP[1] + (calais.lon - CALAIS_CAMP[1]) * f,
    ];
    fixes.push({ t, at: noisy(at, 6), accuracy: 8 + Math.round(random() * 6), source: 'GPS' });
  }
  // In the truck: denser while moving, switched off for part of the Hazeldonk night.
  let t = phoneInTruck.start;
  while (t <= phoneInTruck.end) {
    const leg = legs.find((l) => t >= l.start && t < l.end);
    const moving = leg?.kind === 'move';
    if (t < phoneSilence.start || t > phoneSilence.end) {
      const accuracy = moving ? 5 + Math.round(random() * 10) : 10 + Math.round(random() * 25);
      fixes.push({
        t,
        at: noisy(truckAt(legs, t), accuracy / 2),
        accuracy,
        source: moving ? 'GPS' : 'WIFI',
      });
    }
    t += moving ? PHONE_MOVING_FIX_MS : PHONE_STILL_FIX_MS;
  }
  return fixes;
}

function recordsJson(fixes: readonly PhoneFix[]): string {
  const records = fixes.map(
    (f) =>
      `{\n    "latitudeE7": ${Math.round(f.at[0] * 1e7)},\n    "longitudeE7": ${Math.round(f.at[1] * 1e7)},\n` +
      `    "accuracy": ${f.accuracy},\n    "source": "${f.source}",\n    "deviceTag": 1480379215,\n` +
      `    "platformType": "ANDROID",\n    "timestamp": "${new Date(f.t).toISOString()}"\n  }`,
  );
  return `{\n  "locations": [${records.map((r) => `\n  ${r}`).join(',')}\n  ]\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// Photos

/** Wall-clock text of a UTC instant at a fixed offset: 'YYYY:MM:DD HH:MM:SS'. */
function exifWall(t: number, offsetMin: number): string {
  return new Date(t + offsetMin * MIN)
    .toISOString()
    .slice(0, 19)
    .replace(/-/g, ':')
    .replace('T', ' ');
}

function offsetText(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const m = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

interface PhotoPlan {
  file: string;
  camera: 'phone' | 'canon';
  /** Stop key and minutes after arrival, or a fixed place and time. */
  stop?: string;
  afterMin?: number;
  place?: LatLon;
  t?: number;
  /** Leave out OffsetTimeOriginal (phone photos passed through an editing app). */
  noOffset?: boolean;
  noGps?: boolean;
  rgb: [number, number, number];
}

/**
 * Phone (`IMG_*`): GPS with its time stamp, OffsetTimeOriginal except for one photo.
 * Compact camera (`DSC*`): clock 83 min fast, no offset tag, GPS position from the paired phone
 * app but no GPS time, and one shot indoors without any GPS.
 */
const PHOTO_PLANS: readonly PhotoPlan[] = [
  { file: 'DSC04411.JPG', camera: 'canon', stop: 'dover', afterMin: 20, rgb: [120, 140, 160] },
  {
    file: 'IMG_2031.JPG',
    camera: 'phone',
    place: CALAIS_CAMP,
    t: Date.UTC(2024, 3, 16, 16, 32, 10),
    rgb: [150, 120, 90],
  },
  {
    file: 'IMG_2032.JPG',
    camera: 'phone',
    place: CALAIS_CAMP,
    t: Date.UTC(2024, 3, 16, 18, 5, 44),
    rgb: [140, 110, 80],
  },
  { file: 'DSC04412.JPG', camera: 'canon', stop: 'calais', afterMin: 104, rgb: [90, 90, 100] },
  { file: 'IMG_2033.JPG', camera: 'phone', stop: 'jabbeke', afterMin: 22, rgb: [40, 50, 70] },
  {
    file: 'DSC04413.JPG',
    camera: 'canon',
    stop: 'jabbeke',
    afterMin: 24,
    noGps: true,
    rgb: [30, 35, 40],
  },
  { file: 'DSC04414.JPG', camera: 'canon', stop: 'brecht', afterMin: 30, rgb: [35, 40, 60] },
  { file: 'IMG_2034.JPG', camera: 'phone', stop: 'hazeldonk', afterMin: 270, rgb: [170, 170, 190] },
  { file: 'IMG_2035.JPG', camera: 'phone', stop: 'reims', afterMin: 15, rgb: [110, 160, 110] },
  { file: 'IMG_2036.JPG', camera: 'phone', stop: 'albon', afterMin: 560, rgb: [200, 170, 120] },
  { file: 'IMG_2037.JPG', camera: 'phone', stop: 'barcelona', afterMin: 25, rgb: [220, 190, 140] },
  {
    file: 'IMG_2038.JPG',
    camera: 'phone',
    stop: 'barcelona',
    afterMin: 120,
    noOffset: true,
    rgb: [230, 200, 150],
  },
];

/** UTC offset in April 2024: BST on the English side of the Channel, CEST everywhere else. */
function offsetMinAt(p: LatLon): number {
  return p[1] < 1.6 && p[0] > 50.9 ? 60 : 120;
}

function photos(
  planted: PlantedCase,
  random: () => number,
): { files: Map<string, Uint8Array>; list: PlantedPhoto[] } {
  const files = new Map<string, Uint8Array>();
  const list: PlantedPhoto[] = [];
  for (const plan of PHOTO_PLANS) {
    const stop = plan.stop ? planted.stops.find((s) => s.key === plan.stop)! : undefined;
    const t = stop
      ? stop.start + (plan.afterMin ?? 0) * MIN + Math.round(random() * 50) * 1000
      : plan.t!;
    const place: LatLon = stop ? [stop.lat, stop.lon] : plan.place!;
    const [lat, lon] = offset(place, gaussian(random) * 8, gaussian(random) * 8);
    const offsetMin = offsetMinAt(place);
    const spec: ExifJpegSpec = { rgb: plan.rgb, thumbnail: true };
    if (plan.camera === 'phone') {
      Object.assign(spec, {
        make: 'samsung',
        model: 'SM-A546B',
        software: 'A546BXXU5BXC1',
        dateTimeOriginal: exifWall(t, offsetMin),
        subSecTimeOriginal: String(Math.floor(random() * 1000)).padStart(3, '0'),
        littleEndian: true,
      });
      if (!plan.noOffset) spec.offsetTimeOriginal = offsetText(offsetMin);
      const gpsT = t - 2_000; // the last fix, a moment before the shutter
      const d = new Date(gpsT);
      spec.gps = {
        lat,
        lon,
        altitudeM: 12 + Math.round(random() * 40),
        hPositioningErrorM: 4 + Math.round(random() * 8),
        dateStamp: iso(gpsT).slice(0, 10).replace(/-/g, ':'),
        timeStamp: [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()],
      };
    } else {
      Object.assign(spec, {
        make: 'Canon',
        model: 'Canon PowerShot SX740 HS',
        serial: '412053001877',
        dateTimeOriginal: exifWall(t + CANON_CLOCK_ERROR_MS, offsetMin),
      });
      if (!plan.noGps) spec.gps = { lat, lon };
    }
    files.set(`photos/${plan.file}`, buildExifJpeg(spec));
    const photo: PlantedPhoto = { file: plan.file, t, camera: plan.camera };
    if (!plan.noGps) Object.assign(photo, { lat, lon });
    if (plan.stop) photo.at = plan.stop;
    list.push(photo);
  }
  return { files, list };
}

// ---------------------------------------------------------------------------------------------

export function generateDemoCase(): DemoCase {
  const random = prng(SEED);
  const legs = planLegs();
  const stops: PlantedStop[] = legs.flatMap((leg) =>
    leg.kind === 'still'
      ? [
          {
            key: leg.stop.key,
            label: leg.stop.label,
            lat: leg.at[0],
            lon: leg.at[1],
            start: leg.start,
            end: leg.end,
          },
        ]
      : [],
  );
  const ferryLeg = legs.find((l) => l.kind === 'ferry')!;
  const stopAt = (key: string) => stops.find((s) => s.key === key)!;
  const planted: PlantedCase = {
    stops,
    // The truck's fixes stop when it leaves the check-in lanes and resume on the Calais quay.
    ferry: { start: stopAt('dover-docks').end, end: ferryLeg.end + TRUCK_DRIVING_FIX_MS },
    phoneInTruck: {
      start: stopAt('calais').start + 107 * MIN,
      end: stopAt('barcelona').end - 10 * MIN,
    },
    phoneSilence: {
      start: stopAt('hazeldonk').start + 40 * MIN,
      end: stopAt('hazeldonk').end - 30 * MIN,
    },
    photos: [],
  };
  const truck = truckCsv(legs, random);
  const phone = phoneFixes(legs, planted, random);
  const pictures = photos(planted, random);
  planted.photos = pictures.list;
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>([
    [DEMO_CASE_FILES.truck, encoder.encode(truck.csv)],
    [DEMO_CASE_FILES.phone, encoder.encode(recordsJson(phone))],
    ...pictures.files,
  ]);
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: sorted, planted, truckRows: truck.rows, phoneFixes: phone.length };
}

/** Absolute paths of the demo evidence as the app imports it: truck, phone, photos folder. */
export function demoCasePaths(dir: string = DEMO_CASE_DIR): string[] {
  return [DEMO_CASE_FILES.truck, DEMO_CASE_FILES.phone, DEMO_CASE_FILES.photos].map((p) =>
    join(dir, p),
  );
}

/** Writes every file that is missing or differs; returns how many were written. */
export function buildDemoCase(dir: string = DEMO_CASE_DIR): { written: number; demo: DemoCase } {
  const demo = generateDemoCase();
  let written = 0;
  for (const [name, bytes] of demo.files) {
    const path = join(dir, name);
    let current: Buffer | undefined;
    try {
      current = readFileSync(path);
    } catch {
      current = undefined;
    }
    if (current?.equals(bytes)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    written++;
  }
  return { written, demo };
}
