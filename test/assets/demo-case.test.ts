/**
 * The bundled demo case: reproducible bytes, readable by the app's own readers, and the
 * hand-checked timeline it was planted with. Expected times below were worked out by hand from
 * case-route.ts (drive time = route length / speed, whole seconds) and are written out literally,
 * so a change to the generator that moves a stop shows up here.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GAZETTEER_PATH, buildGazetteer } from '../../assets/gazetteer/build';
import {
  CANON_CLOCK_ERROR_MS,
  DEMO_CASE_DIR,
  buildDemoCase,
  demoCasePaths,
  generateDemoCase,
} from '../../assets/demo/build-demo-case';
import { importEvidence } from '../../electron/services/intake';
import { resolveAppPaths } from '../../electron/services/app-paths';
import type { ImportedSource } from '../../shared/api';
import { parseGazetteer } from '../../shared/geo/gazetteer';
import { haversineM } from '../../shared/geo/distance';
import { defaultTimelineSettings, deriveTimeline } from '../../shared/timeline/derive';
import { summarizeCameras } from '../../shared/photos/cameras';
import type {
  Timeline,
  TimelinePhoto,
  TimelineSettings,
  TimelineStop,
} from '../../shared/timeline/types';

const repoRoot = resolve(import.meta.dirname, '../..');
const MIN = 60_000;

function digest(files: Map<string, Uint8Array>): string {
  const hash = createHash('sha256');
  for (const [name, bytes] of files) hash.update(`${name}\n`).update(bytes);
  return hash.digest('hex');
}

describe('demo case files', () => {
  it('are byte-identical when regenerated, also under other host time zones', () => {
    const a = digest(generateDemoCase().files);
    expect(digest(generateDemoCase().files)).toBe(a);
    const script =
      "import { generateDemoCase } from './assets/demo/build-demo-case.ts';" +
      "import { createHash } from 'node:crypto';" +
      "const h = createHash('sha256');" +
      'for (const [n, b] of generateDemoCase().files) h.update(`${n}\\n`).update(b);' +
      'console.log(h.digest("hex"));';
    for (const TZ of ['America/New_York', 'Asia/Kolkata']) {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, TZ },
        },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout.trim(), TZ).toBe(a);
    }
  });

  it('writes only what differs, and the app opens the same paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itinera-demo-case-'));
    expect(buildDemoCase(dir).written).toBe(14);
    expect(buildDemoCase(dir).written).toBe(0);
    const app = resolveAppPaths({ packaged: false, repoRoot });
    expect(app.demoEvidence).toEqual(demoCasePaths(DEMO_CASE_DIR));
  });

  it('holds twelve photos: two cameras, one without GPS, one without OffsetTimeOriginal', () => {
    const { files, planted } = generateDemoCase();
    const photos = [...files.keys()].filter((k) => k.startsWith('photos/'));
    expect(photos).toHaveLength(12);
    expect(planted.photos.filter((p) => p.camera === 'canon')).toHaveLength(4);
    expect(planted.photos.filter((p) => p.lat === undefined).map((p) => p.file)).toEqual([
      'DSC04413.JPG',
    ]);
    const text = (name: string) => Buffer.from(files.get(`photos/${name}`)!).toString('latin1');
    expect(text('IMG_2033.JPG')).toContain('+02:00');
    expect(text('IMG_2038.JPG')).not.toMatch(/[+-]\d\d:\d\d/);
    // The compact camera's clock runs 83 min fast: Jabbeke at 21:10:xx UTC is 23:10 CEST, shown as 00:33.
    const jabbeke = planted.photos.find((p) => p.file === 'DSC04413.JPG')!;
    expect(new Date(jabbeke.t).toISOString().slice(11, 16)).toBe('21:10');
    expect(text('DSC04413.JPG')).toContain('2024:04:17 00:33:');
    expect(CANON_CLOCK_ERROR_MS).toBe(83 * MIN);
  });
});

/** A stop planted at `at`, from `start` to `end` (ISO UTC), with its expected place. */
interface ExpectedStop {
  label: string;
  at: [number, number];
  start: string;
  end: string;
  place: string;
  country: string;
  sources: number;
}

const EXPECTED_STOPS: ExpectedStop[] = [
  {
    label: 'Dover lorry park',
    at: [51.1205, 1.2975],
    start: '2024-04-16T14:00:00Z',
    end: '2024-04-16T14:50:00Z',
    place: 'Dover',
    country: 'GB',
    sources: 1,
  },
  {
    label: 'Dover Eastern Docks',
    at: [51.1272, 1.3338],
    start: '2024-04-16T14:55:41Z',
    end: '2024-04-16T15:30:41Z',
    place: 'Dover',
    country: 'GB',
    sources: 1,
  },
  // The phone is at the camp's edge from 16:10; the truck arrives at 17:41:42.
  {
    label: 'Calais car park by the camp',
    at: [50.9652, 1.8962],
    start: '2024-04-16T16:10:00Z',
    end: '2024-04-16T19:41:42Z',
    place: 'Calais',
    country: 'FR',
    sources: 2,
  },
  {
    label: 'Jabbeke E40 car park',
    at: [51.183, 3.087],
    start: '2024-04-16T20:46:34Z',
    end: '2024-04-16T21:31:34Z',
    place: 'Jabbeke',
    country: 'BE',
    sources: 2,
  },
  {
    label: 'Brecht E19 car park',
    at: [51.3405, 4.5905],
    start: '2024-04-16T22:52:31Z',
    end: '2024-04-17T00:07:31Z',
    place: 'Brecht',
    country: 'BE',
    sources: 2,
  },
  {
    label: 'Hazeldonk truck stop',
    at: [51.488, 4.74],
    start: '2024-04-17T00:22:04Z',
    end: '2024-04-17T05:22:04Z',
    place: 'Rijsbergen',
    country: 'NL',
    sources: 2,
  },
  {
    label: 'A26 service area near Reims',
    at: [49.2045, 4.0561],
    start: '2024-04-17T09:19:56Z',
    end: '2024-04-17T10:04:56Z',
    place: 'Cormontreuil',
    country: 'FR',
    sources: 2,
  },
  {
    label: "A7 service area, Saint-Rambert-d'Albon",
    at: [45.2905, 4.8294],
    start: '2024-04-17T15:48:11Z',
    end: '2024-04-18T01:48:11Z',
    place: 'Chanas',
    country: 'FR',
    sources: 2,
  },
  {
    label: 'Barcelona Zona Franca',
    at: [41.3365, 2.1352],
    start: '2024-04-18T08:11:07Z',
    end: '2024-04-18T10:41:07Z',
    place: 'la Marina del Prat Vermell',
    country: 'ES',
    sources: 2,
  },
];

/** Arrival and departure are read from fixes a minute or so apart, and ignition goes off a minute in. */
const TOLERANCE_MS = 3 * MIN;

describe('demo case timeline (hand-checked)', () => {
  let sources: ImportedSource[];
  let timeline: Timeline;
  let stops: TimelineStop[];
  let truckId: string;
  let phoneId: string;

  beforeAll(async () => {
    buildDemoCase();
    buildGazetteer();
    const results = await importEvidence(demoCasePaths().slice(0, 2), { inProcess: true });
    sources = results.flatMap((r) => (r.ok ? [r.source] : []));
    expect(sources.map((s) => [s.kind, s.format])).toEqual([
      ['tracker', 'csv'],
      ['phone', 'google-records'],
    ]);
    [truckId, phoneId] = sources.map((s) => s.id) as [string, string];
    const settings = defaultTimelineSettings('Europe/Brussels');
    settings.coPresence = [{ a: truckId, b: phoneId, distanceM: 300 }];
    const gazetteer = parseGazetteer(readFileSync(GAZETTEER_PATH));
    timeline = deriveTimeline(sources, settings, { gazetteer });
    stops = timeline.entries.filter((e): e is TimelineStop => e.type === 'stop');
  });

  it('reads the tracker export with its events and the phone with its accuracies', () => {
    const truck = sources[0]!;
    expect(truck.fixes.count).toBe(1301);
    const types = new Set(truck.events?.map((e) => e.type));
    for (const t of ['ignition-off', 'ignition-on', 'door-open', 'door-close', 'fuel-level'])
      expect(types, t).toContain(t);
    expect(truck.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    const phone = sources[1]!;
    expect(phone.fixes.count).toBe(804);
    expect(phone.fixes.accuracyM?.[0]).toBeGreaterThan(0);
  });

  it('finds exactly the nine planted stops, at their places and times', () => {
    expect(stops.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [i, want] of EXPECTED_STOPS.entries()) {
      const got = stops[i]!;
      const where = `stop ${i + 1} (${want.label})`;
      expect(haversineM(got.lat, got.lon, want.at[0], want.at[1]), where).toBeLessThan(150);
      expect(Math.abs(got.start - Date.parse(want.start)), `${where} arrival`).toBeLessThanOrEqual(
        TOLERANCE_MS,
      );
      expect(Math.abs(got.end - Date.parse(want.end)), `${where} departure`).toBeLessThanOrEqual(
        TOLERANCE_MS,
      );
      expect(got.place, where).toMatchObject({
        name: want.place,
        country: want.country,
        approximate: true,
      });
      expect(got.sources, where).toHaveLength(want.sources);
      expect(got.origin, where).toContain('ignition');
    }
  });

  it('shows the ferry crossing as a gap, never as a stop, and no conflict', () => {
    const gaps = timeline.entries.filter((e) => e.type === 'gap');
    expect(gaps).toHaveLength(1);
    const ferry = gaps[0]!;
    // The truck goes silent when it leaves the check-in lanes; the phone comes on at 16:10.
    expect(Math.abs(ferry.start - Date.parse('2024-04-16T15:30:41Z'))).toBeLessThanOrEqual(
      TOLERANCE_MS,
    );
    expect(ferry.end).toBe(Date.parse('2024-04-16T16:10:00Z'));
    expect(ferry.distanceM).toBeGreaterThan(35_000); // Dover to Calais
    expect(timeline.entries.filter((e) => e.type === 'conflict')).toEqual([]);
  });

  it('puts the phone with the truck from Calais to Barcelona, except while it was switched off', () => {
    const together = timeline.coPresence;
    expect(together.length).toBeGreaterThan(0);
    const boarding = Date.parse('2024-04-16T19:28:42Z');
    const offAt = Date.parse('2024-04-17T01:02:04Z');
    const onAt = Date.parse('2024-04-17T04:52:04Z');
    const lastFix = Date.parse('2024-04-18T10:31:07Z');
    expect(together[0]!.start).toBeLessThanOrEqual(boarding + TOLERANCE_MS);
    expect(together.at(-1)!.end).toBeGreaterThanOrEqual(lastFix - 10 * MIN);
    // No co-presence is claimed while the phone was silent.
    for (const c of together)
      expect(c.end <= offAt + 5 * MIN || c.start >= onAt - 5 * MIN).toBe(true);
    const covered = together.reduce((sum, c) => sum + (c.end - c.start), 0);
    const possible = lastFix - boarding - (onAt - offAt);
    expect(covered / possible).toBeGreaterThan(0.9);
    for (const c of together) expect(c.minDistanceM).toBeLessThan(300);
  });

  it('starts the timeline with the first stop and has moves between all later stops', () => {
    expect(timeline.entries[0]).toMatchObject({ type: 'stop', n: 1 });
    const kinds = timeline.entries.map((e) => (e.type === 'stop' ? `stop${e.n}` : e.type));
    expect(kinds).toEqual([
      'stop1',
      'move',
      'stop2',
      'gap',
      'stop3',
      'move',
      'stop4',
      'move',
      'stop5',
      'move',
      'stop6',
      'move',
      'stop7',
      'move',
      'stop8',
      'move',
      'stop9',
    ]);
  });
});

/** Which stop each photo supports, planted in build-demo-case.ts PHOTO_PLANS (stop, minutes in). */
const PHOTO_STOPS: Record<string, number> = {
  'DSC04411.JPG': 1, // Dover lorry park, 20 min in
  'IMG_2031.JPG': 3, // Calais, by the camp, 16:32
  'IMG_2032.JPG': 3, // Calais, by the camp, 18:05
  'DSC04412.JPG': 3, // Calais, 104 min in
  'IMG_2033.JPG': 4, // Jabbeke, 22 min in
  'DSC04413.JPG': 4, // Jabbeke, 24 min in, no GPS
  'DSC04414.JPG': 5, // Brecht, 30 min in
  'IMG_2034.JPG': 6, // Hazeldonk, 270 min in
  'IMG_2035.JPG': 7, // Reims, 15 min in
  'IMG_2036.JPG': 8, // Albon, 560 min in
  'IMG_2037.JPG': 9, // Barcelona, 25 min in
  'IMG_2038.JPG': 9, // Barcelona, 120 min in, no OffsetTimeOriginal (GPS time used)
};
const CANON = 'canon|canon powershot sx740 hs|412053001877';
const SAMSUNG = 'samsung|sm-a546b|';

describe('demo case with its photos (hand-checked)', () => {
  let sources: ImportedSource[];
  let photos: ImportedSource;
  let settings: TimelineSettings;
  const nameOf = (p: Pick<TimelinePhoto, 'index'>) =>
    photos.files[photos.photos![p.index]!.fileIndex]!.name;

  beforeAll(async () => {
    buildDemoCase();
    const results = await importEvidence(demoCasePaths(), { inProcess: true });
    sources = results.flatMap((r) => (r.ok ? [r.source] : []));
    expect(sources.map((s) => s.kind)).toEqual(['tracker', 'phone', 'photos']);
    photos = sources[2]!;
    settings = defaultTimelineSettings('Europe/Brussels');
  });

  it('reads twelve photos from two cameras; the indoor shot has no position and no time', () => {
    expect(photos.photos).toHaveLength(12);
    const cameras = summarizeCameras(photos.photos!);
    expect(cameras.map((c) => [c.id, c.count])).toEqual([
      [CANON, 4],
      [SAMSUNG, 8],
    ]);
    // The phone's GPS stamp is the last fix, 2 s before the shutter: its clock is right.
    const samsung = cameras.find((c) => c.id === SAMSUNG)!;
    expect(samsung.withBothTimes).toBe(8);
    expect(Math.abs(samsung.medianDifferenceMs!)).toBeLessThan(5_000);
    expect(samsung.suggestedCorrectionMs).toBeUndefined();
    // The compact camera's clock is 83 min fast, but it writes no GPS time, so nothing in the
    // photos shows it: summarizeCameras cannot suggest a correction; the examiner must set it.
    const canon = cameras.find((c) => c.id === CANON)!;
    expect(canon.withBothTimes).toBe(0);
    expect(canon.suggestedCorrectionMs).toBeUndefined();
    // DSC04413: no offset, no GPS, so no zone for DateTimeOriginal: no time at all.
    const indoor = photos.photos!.find((p) => photos.files[p.fileIndex]!.name === 'DSC04413.JPG')!;
    expect(indoor.timeBasis).toBe('none');
    expect(photos.issues.map((i) => [i.file, i.code])).toContainEqual([
      'DSC04413.JPG',
      'photo.time.no-zone',
    ]);
  });

  it('without the camera correction, the compact camera photos support no stop', () => {
    const timeline = deriveTimeline(sources, settings);
    const stopOf = Object.fromEntries(timeline.photos.map((p) => [nameOf(p), p.stop]));
    for (const name of ['DSC04411.JPG', 'DSC04412.JPG', 'DSC04414.JPG'])
      expect(stopOf[name], name).toBeUndefined();
    for (const [name, n] of Object.entries(PHOTO_STOPS))
      if (name.startsWith('IMG_')) expect(stopOf[name], name).toBe(n);
  });

  it('with the compact camera set 83 min back, every timed photo supports its planted stop', () => {
    const timeline = deriveTimeline(sources, {
      ...settings,
      cameraClocks: { [CANON]: { correctionMs: -CANON_CLOCK_ERROR_MS, trust: 'auto' } },
    });
    const stops = timeline.entries.filter((e): e is TimelineStop => e.type === 'stop');
    expect(stops.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const got = Object.fromEntries(timeline.photos.map((p) => [nameOf(p), p.stop ?? null]));
    expect(got).toEqual({ ...PHOTO_STOPS, 'DSC04413.JPG': null });
    for (const p of timeline.photos.filter((q) => nameOf(q) !== 'DSC04413.JPG'))
      expect(p.position, nameOf(p)).toBe('own');
    // The stop lists its photos as evidence in time order, and the photos source among its sources.
    const calais = stops[2]!;
    expect(calais.evidence.filter((e) => e.kind === 'photo').map((e) => nameOf(e))).toEqual([
      'IMG_2031.JPG',
      'IMG_2032.JPG',
      'DSC04412.JPG',
    ]);
    expect(calais.sources).toContain(photos.id);
  });

  it('places the photo without GPS on the track by time once the examiner assumes a zone (inferred)', () => {
    // DSC04413 says 00:33:xx with no offset and no position; in Europe/Brussels (CEST) with the
    // camera 83 min fast that is 21:10:xx UTC, 24 min into the Jabbeke stop.
    const indoorIndex = photos.photos!.findIndex(
      (p) => photos.files[p.fileIndex]!.name === 'DSC04413.JPG',
    );
    const base = {
      ...settings,
      cameraClocks: { [CANON]: { correctionMs: -CANON_CLOCK_ERROR_MS, trust: 'auto' as const } },
      perSource: { [photos.id]: { assumedZone: 'Europe/Brussels' } },
    };
    // Without the examiner's choice of a track it has a time but no position.
    const unplaced = deriveTimeline(sources, base).photos.find((p) => p.index === indoorIndex)!;
    expect(unplaced.position).toBe('none');
    expect(new Date(unplaced.t).toISOString().slice(0, 16)).toBe('2024-04-16T21:10');
    const timeline = deriveTimeline(sources, { ...base, photoTracks: { [photos.id]: '*' } });
    const placed = timeline.photos.find((p) => p.index === indoorIndex)!;
    expect(new Date(placed.t).toISOString().slice(0, 16)).toBe('2024-04-16T21:10');
    expect(placed.position).toBe('track');
    expect([sources[0]!.id, sources[1]!.id]).toContain(placed.trackSourceId);
    // The truck reports every minute or so while parked; the phone every few minutes.
    expect(placed.trackTimeDistanceMs).toBeLessThanOrEqual(5 * MIN);
    expect(haversineM(placed.lat!, placed.lon!, 51.183, 3.087)).toBeLessThan(150);
    expect(placed.stop).toBe(4);
  });
});
