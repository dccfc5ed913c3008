/**
 * Generates assets/demo/demo-truck.gpx, the synthetic truck track of the demo case, from the
 * hand-picked waypoints in demo-route.ts. Deterministic: a seeded PRNG, a fixed start time, fixed
 * number formatting, so rebuilding gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JOURNEY, JOURNEY_START_UTC, type DriveSection, type LatLon } from './demo-route';

export const DEMO_GPX_PATH = fileURLToPath(new URL('./demo-truck.gpx', import.meta.url));

const FIX_INTERVAL_S = 30;
const SEED = 0x1717a;
const EARTH_RADIUS_M = 6_371_008.8;
/** Loaded truck: gentle on the throttle, a bit firmer on the brakes. */
const ACCEL_MS2 = 0.35;
const BRAKE_MS2 = 0.6;

export interface DemoStop {
  label: string;
  lat: number;
  lon: number;
  /** UTC epoch ms of the first and last fix at the stop. */
  start: number;
  end: number;
}

export interface DemoTrack {
  gpx: string;
  points: number;
  stops: DemoStop[];
  distanceM: number;
}

/** mulberry32: tiny, seedable, good enough for jitter. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const rad = (deg: number) => (deg * Math.PI) / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = rad(b[0] - a[0]);
  const dLon = rad(b[1] - a[1]);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Moves a point by metres north and east (flat-earth, fine at GPS-noise scale). */
export function offset(p: LatLon, northM: number, eastM: number): LatLon {
  const dLat = northM / EARTH_RADIUS_M;
  const dLon = eastM / (EARTH_RADIUS_M * Math.cos(rad(p[0])));
  return [p[0] + (dLat * 180) / Math.PI, p[1] + (dLon * 180) / Math.PI];
}

interface Segment {
  from: LatLon;
  to: LatLon;
  lengthM: number;
  /** Distance along the leg where the segment starts. */
  startM: number;
  speedMs: number;
}

function legSegments(sections: readonly DriveSection[]): Segment[] {
  const segments: Segment[] = [];
  let along = 0;
  for (const section of sections) {
    for (let i = 1; i < section.via.length; i++) {
      const from = section.via[i - 1]!;
      const to = section.via[i]!;
      const lengthM = distanceM(from, to);
      if (lengthM === 0) continue;
      segments.push({ from, to, lengthM, startM: along, speedMs: section.kmh / 3.6 });
      along += lengthM;
    }
  }
  return segments;
}

function pointAt(segments: readonly Segment[], alongM: number): { at: LatLon; segment: Segment } {
  const segment =
    segments.find((s) => alongM <= s.startM + s.lengthM) ?? segments[segments.length - 1]!;
  const f = Math.min(1, Math.max(0, (alongM - segment.startM) / segment.lengthM));
  return {
    at: [
      segment.from[0] + (segment.to[0] - segment.from[0]) * f,
      segment.from[1] + (segment.to[1] - segment.from[1]) * f,
    ],
    segment,
  };
}

interface Fix {
  t: number;
  lat: number;
  lon: number;
  ele: number;
}

export function generateDemoTrack(): DemoTrack {
  const random = prng(SEED);
  const fixes: Fix[] = [];
  const stops: DemoStop[] = [];
  let t = JOURNEY_START_UTC;
  let totalM = 0;
  let elevation = 8;

  // The tracker's clock is steady, its fix timing is not quite.
  const nextIntervalS = () => FIX_INTERVAL_S + Math.round(gaussian(random) * 1.5);
  /** One fix, `intervalS` after the previous one. */
  const emit = (p: LatLon, noiseM: number, intervalS: number = nextIntervalS()) => {
    if (fixes.length > 0) t += intervalS * 1000;
    const [lat, lon] = offset(p, gaussian(random) * noiseM, gaussian(random) * noiseM);
    // Flanders and the Dutch border are flat: a gentle random walk around sea level plus GNSS noise.
    elevation = Math.min(30, Math.max(2, elevation + gaussian(random) * 0.6));
    fixes.push({ t, lat, lon, ele: elevation + gaussian(random) * 2 });
  };
  for (const step of JOURNEY) {
    if (step.kind === 'stop') {
      emit(step.at, 6);
      const start = t;
      const until = t + step.minutes * 60_000;
      while (t + FIX_INTERVAL_S * 1000 <= until) emit(step.at, 6);
      const end = t;
      stops.push({ label: step.label, lat: step.at[0], lon: step.at[1], start, end });
      continue;
    }

    const segments = legSegments(step.sections);
    const legM = segments[segments.length - 1]!.startM + segments[segments.length - 1]!.lengthM;
    let along = 0;
    let speed = 0;
    let mood = 1; // slow drift around the cruising speed: traffic, slopes, the driver
    while (along < legM) {
      mood = Math.min(1.08, Math.max(0.9, 0.85 * mood + 0.15 * (1 + gaussian(random) * 0.05)));
      const cruise = pointAt(segments, along).segment.speedMs * mood;
      const brakeLimit = Math.sqrt(2 * BRAKE_MS2 * Math.max(0, legM - along));
      const dt = nextIntervalS();
      const next = Math.min(cruise, brakeLimit, speed + ACCEL_MS2 * dt);
      const stepM = Math.min(Math.max(((speed + next) / 2) * dt, 15), legM - along);
      speed = next;
      along += stepM;
      totalM += stepM;
      emit(pointAt(segments, along).at, 3, dt);
    }
  }

  return { gpx: toGpx(fixes), points: fixes.length, stops, distanceM: Math.round(totalM) };
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function toGpx(fixes: readonly Fix[]): string {
  const lats = fixes.map((f) => f.lat);
  const lons = fixes.map((f) => f.lon);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Itinera demo generator" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
    '  <metadata>',
    '    <name>Demo truck journey (synthetic)</name>',
    '    <desc>SYNTHETIC DEMO DATA, not evidence: generated by assets/demo/build-demo.ts from approximate hand-picked waypoints along the A16, E40, N49/E34 and E19 (Calais - Jabbeke - port of Antwerp - Hazeldonk - Breda), with simulated speeds, stops and GPS noise.</desc>',
    '    <author><name>Itinera demo generator</name></author>',
    `    <time>${isoUtc(fixes[0]!.t)}</time>`,
    `    <bounds minlat="${Math.min(...lats).toFixed(6)}" minlon="${Math.min(...lons).toFixed(6)}" maxlat="${Math.max(...lats).toFixed(6)}" maxlon="${Math.max(...lons).toFixed(6)}"/>`,
    '  </metadata>',
    '  <trk>',
    '    <name>Demo truck: Calais to Breda, night of 16-17 April 2024</name>',
    '    <desc>Synthetic fleet-tracker track, one fix about every 30 s.</desc>',
    '    <type>truck</type>',
    '    <trkseg>',
  ];
  for (const f of fixes) {
    lines.push(
      `      <trkpt lat="${f.lat.toFixed(6)}" lon="${f.lon.toFixed(6)}"><ele>${f.ele.toFixed(1)}</ele><time>${isoUtc(f.t)}</time></trkpt>`,
    );
  }
  lines.push('    </trkseg>', '  </trk>', '</gpx>', '');
  return lines.join('\n');
}

/** Writes the GPX if it is missing or differs; returns whether it wrote. */
export function buildDemo(path: string = DEMO_GPX_PATH): { written: boolean; track: DemoTrack } {
  const track = generateDemoTrack();
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === track.gpx) return { written: false, track };
  writeFileSync(path, track.gpx);
  return { written: true, track };
}
