import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGazetteer } from '../../assets/gazetteer/build';
import { buildDemoCase, demoCasePaths } from '../../assets/demo/build-demo-case';

const repoRoot = resolve(import.meta.dirname, '../..');
const googleFixture = resolve(
  repoRoot,
  '../shared/fixtures/google-takeout/gpsbabel_SemanticLocationHistory_2013_MAY.json',
);
const haveFixture = statSync(googleFixture, { throwIfNoEntry: false })?.isFile() ?? false;
if (!haveFixture) console.warn(`skipping timeline CLI fixture test: ${googleFixture} not present`);

function itinera(args: string[], TZ = 'Pacific/Chatham') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/itinera.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TZ },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface TimelineDoc {
  version: number;
  parameters: Record<string, unknown> & { displayZone: string; perSource: Record<string, unknown> };
  sources: {
    id: string;
    kind: string;
    format: string;
    files: { name: string; sha256: string }[];
    counts: Record<string, number>;
    first: string | null;
    last: string | null;
    issues: unknown[];
  }[];
  failed: { name: string; code: string }[];
  timeline: Record<string, unknown>[];
  coPresence: { start: string; end: string }[];
  photos: unknown[];
}

let demo: string[];

beforeAll(() => {
  buildGazetteer();
  buildDemoCase();
  demo = demoCasePaths().slice(0, 2);
});

describe('itinera timeline', () => {
  it('prints the issue-6 JSON shape for the demo case, byte-identical under three host zones', () => {
    const args = [
      'timeline',
      ...demo,
      '--zone',
      'Europe/Brussels',
      '--co-presence',
      '300',
      '--json',
    ];
    const runs = ['UTC', 'America/New_York', 'Asia/Kolkata'].map((tz) => itinera(args, tz));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(runs[2]!.stdout).toBe(runs[0]!.stdout);

    const doc = JSON.parse(runs[0]!.stdout) as TimelineDoc;
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['version', 'parameters', 'sources', 'timeline', 'photos']),
    );
    expect(doc.version).toBe(1);
    expect(doc.parameters.displayZone).toBe('Europe/Brussels');
    expect(doc.sources.map((s) => [s.kind, s.format, s.files.map((f) => f.name)])).toEqual([
      ['tracker', 'csv', ['truck-TRK-0427.csv']],
      ['phone', 'google-records', ['Records.json']],
    ]);
    for (const s of doc.sources) {
      expect(s.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.first).toMatch(ISO_UTC);
      expect(s.last).toMatch(ISO_UTC);
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'id',
          'kind',
          'format',
          'files',
          'counts',
          'first',
          'last',
          'issues',
        ]),
      );
    }
    expect(doc.sources[0]!.counts.points).toBe(1301);

    const keys = [
      'type',
      'n',
      'start',
      'end',
      'lat',
      'lon',
      'durationS',
      'distanceM',
      'place',
      'origin',
      'sources',
    ];
    for (const entry of doc.timeline) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(keys));
      expect(entry.start).toMatch(ISO_UTC);
      expect(entry.end).toMatch(ISO_UTC);
    }
    const stops = doc.timeline.filter((e) => e.type === 'stop');
    expect(stops).toHaveLength(9);
    expect(stops[3]).toMatchObject({
      n: 4,
      place: { name: 'Jabbeke', country: 'BE', approximate: true },
      start: '2024-04-16T20:46:34.000Z',
    });
    expect(doc.timeline.filter((e) => e.type === 'gap')).toHaveLength(1);
    expect(doc.coPresence.length).toBeGreaterThan(0);
    // Entries in time order, never overlapping.
    for (let i = 1; i < doc.timeline.length; i++) {
      expect(doc.timeline[i]!.start! >= doc.timeline[i - 1]!.end!).toBe(true);
    }
  }, 90_000);

  it('applies --stop-radius and --stop-min to the parameters', () => {
    const run = itinera([
      'timeline',
      demo[0]!,
      '--stop-radius',
      '60',
      '--stop-min',
      '20',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as TimelineDoc;
    expect(Object.values(doc.parameters.perSource)[0]).toMatchObject({
      stopRadiusM: 60,
      stopMinS: 1200,
    });
    // The 50 and 35 minute Dover stops stay; nothing shorter than 20 min is a detected stop.
    for (const e of doc.timeline.filter((x) => x.type === 'stop'))
      expect(e.durationS as number).toBeGreaterThanOrEqual(20 * 60 - 120);
  }, 30_000);

  it('times photos in --photo-zone and places them with --place-photos', () => {
    const paths = demoCasePaths();
    const plain = JSON.parse(itinera(['timeline', ...paths, '--json']).stdout) as TimelineDoc;
    const chosen = JSON.parse(
      itinera(['timeline', ...paths, '--photo-zone', 'Europe/Brussels', '--place-photos', '--json'])
        .stdout,
    ) as TimelineDoc;
    type PhotoDoc = { file: string; t: string | null; timeBasis: string; position: string };
    const indoor = (doc: TimelineDoc) =>
      (doc.photos as PhotoDoc[]).find((p) => p.file === 'DSC04413.JPG')!;
    // No offset tag and no position: no time unless the examiner assumes a zone.
    expect(indoor(plain)).toMatchObject({ t: null, timeBasis: 'none', position: 'none' });
    expect(indoor(chosen)).toMatchObject({ timeBasis: 'zone-assumed', position: 'track' });
    expect(indoor(chosen).t).toMatch(/^2024-04-16T22:3\d/);
  }, 60_000);

  it('prints a table in the display zone without --json', () => {
    const run = itinera(['timeline', demo[0]!, '--zone', 'Europe/London']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Times in Europe/London.');
    // Truck arrives in Jabbeke at 20:46:34 UTC, 21:46 in London (BST).
    expect(run.stdout).toMatch(/stop 4 {2}2024-04-16 21:46 – 2024-04-16 22:30 .*Jabbeke \(BE\)/);
  }, 30_000);

  it('lists evidence it could not use, with its reason and line, in JSON and in the table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itinera-cli-timeline-'));
    const csv = join(dir, 'trk.csv');
    // The ignition goes off at 14:10 and the export ends before it comes on again.
    writeFileSync(
      csv,
      [
        'Vehicle,Timestamp,Latitude,Longitude,Speed,Heading,Ignition,Door,Fuel (%),Odometer',
        'TRK-9,2024-04-16T14:00:00Z,51.120466,1.297515,0.0,0,1,0,88.0,412306.4',
        'TRK-9,2024-04-16T14:05:00Z,51.130466,1.307515,40.0,0,1,0,88.0,412307.4',
        'TRK-9,2024-04-16T14:10:00Z,51.140466,1.317515,0.0,0,0,0,88.0,412308.4',
        'TRK-9,2024-04-16T14:20:00Z,51.140466,1.317515,0.0,0,0,0,88.0,412308.4',
        '',
      ].join('\n'),
    );
    const run = itinera(['timeline', csv, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as TimelineDoc & { skipped: Record<string, unknown>[] };
    expect(doc.skipped).toEqual([
      {
        source: doc.sources[0]!.id,
        kind: 'event',
        index: 1,
        type: 'ignition-off',
        line: 4,
        record: null,
        reason: 'no-ignition-on',
      },
    ]);
    const table = itinera(['timeline', csv]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `not used ${doc.sources[0]!.id}  event ignition-off #1 (line 4): ignition off without a later on`,
    );
  }, 30_000);

  it('has an empty skipped list and co-presence with its evidence in the table for the demo case', () => {
    const doc = JSON.parse(itinera(['timeline', ...demo, '--json']).stdout) as TimelineDoc & {
      skipped: unknown[];
    };
    expect(doc.skipped).toEqual([]);
    const table = itinera(['timeline', ...demo, '--co-presence', '300', '--zone', 'UTC']);
    expect(table.stdout).toMatch(
      /together \S+ & \S+ {2}2024-04-\d\d \d\d:\d\d – 2024-04-\d\d \d\d:\d\d {2}\d+ h \d\d min {2}closest \d+ m {2}\d+ evidence pair\(s\)/,
    );
  }, 60_000);

  it('exits 1 when some files cannot be read, and lists them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itinera-cli-timeline-'));
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'not evidence\n');
    const run = itinera(['timeline', demo[0]!, junk, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as TimelineDoc;
    expect(doc.failed.map((f) => f.name)).toEqual(['notes.txt']);
    expect(doc.sources).toHaveLength(1);
  }, 30_000);

  it('exits 2 on usage errors', () => {
    expect(itinera(['timeline']).code).toBe(2);
    expect(itinera(['timeline', demo[0]!, '--zone', 'Mars/Olympus']).code).toBe(2);
    expect(itinera(['timeline', demo[0]!, '--stop-min', 'soon']).code).toBe(2);
    expect(itinera(['timeline', demo[0]!, '--bogus']).code).toBe(2);
    const help = itinera(['timeline', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: itinera timeline');
  }, 60_000);

  it('still runs without a gazetteer, with unnamed stops and a warning', () => {
    const run = itinera(['timeline', demo[0]!, '--gazetteer', '/nonexistent/places.bin', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no gazetteer/);
    const doc = JSON.parse(run.stdout) as TimelineDoc;
    expect(doc.timeline.filter((e) => e.type === 'stop').every((e) => e.place === null)).toBe(true);
  }, 30_000);
});

describe.skipIf(!haveFixture)('itinera timeline on a real Google export', () => {
  it('is deterministic across host zones and names the stops', () => {
    const args = ['timeline', googleFixture, '--json'];
    const a = itinera(args, 'UTC');
    const b = itinera(args, 'Asia/Kolkata');
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const doc = JSON.parse(a.stdout) as TimelineDoc;
    expect(doc.sources[0]!.format).toMatch(/google/);
    const stops = doc.timeline.filter((e) => e.type === 'stop');
    expect(stops.length).toBeGreaterThan(5);
    expect(stops.every((s) => s.place !== null)).toBe(true);
  }, 60_000);
});
