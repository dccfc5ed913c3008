import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveFixes, gpxPieces } from '../bench/gen-gpx';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesGpx = resolve(repoRoot, '../shared/fixtures/gpx');
const haveFixtures = statSync(fixturesGpx, { throwIfNoEntry: false })?.isDirectory() ?? false;
if (!haveFixtures) console.warn(`skipping CLI fixture tests: ${fixturesGpx} not present`);

interface InspectJson {
  files: {
    path: string;
    sha256: string | null;
    size: number | null;
    format: string | null;
    counts: { points: number; tracks: number; waypoints: number; events: number; stops: number };
    first: string | null;
    last: string | null;
    issues: { line: number | null; column: number | null; message: string }[];
    points?: { t: string | null; lat: number; lon: number }[];
  }[];
}

function itinera(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/itinera.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'Pacific/Chatham' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function inspectJson(...args: string[]): { code: number | null; doc: InspectJson; stderr: string } {
  const run = itinera('inspect', '--json', ...args);
  return { code: run.code, doc: JSON.parse(run.stdout) as InspectJson, stderr: run.stderr };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const POINTS = 120;
let dir: string;
let gpx: string;
let gpxAsTxt: string;
let pngAsGpx: string;
let notes: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-cli-'));
  const text = [...gpxPieces(POINTS, 11, 50)].join('');
  gpx = join(dir, 'drive.gpx');
  gpxAsTxt = join(dir, 'drive.txt');
  pngAsGpx = join(dir, 'image.gpx');
  notes = join(dir, 'notes.txt');
  writeFileSync(gpx, text);
  writeFileSync(gpxAsTxt, text);
  writeFileSync(
    pngAsGpx,
    Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]),
  );
  writeFileSync(notes, 'Suspect seen near the car park at 14:05.\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('itinera inspect --json', () => {
  it('describes a GPX file: hash, size, counts, time span, no points by default', () => {
    const { code, doc } = inspectJson(gpx);
    expect(code).toBe(0);
    const expected = [...driveFixes(POINTS, 11)];
    expect(doc.files).toHaveLength(1);
    const [file] = doc.files;
    expect(file).toMatchObject({
      path: gpx,
      sha256: sha256(gpx),
      size: statSync(gpx).size,
      format: 'gpx',
      counts: { points: POINTS, tracks: 1, waypoints: 0, events: 0, stops: 0 },
      first: new Date(expected[0]!.t).toISOString(),
      last: new Date(expected[POINTS - 1]!.t).toISOString(),
      issues: [],
    });
    expect(file).not.toHaveProperty('points');
  });

  it('lists every point in file order with --points', () => {
    const { code, doc } = inspectJson('--points', gpx);
    expect(code).toBe(0);
    const points = doc.files[0]!.points!;
    const expected = [...driveFixes(POINTS, 11)];
    expect(points).toHaveLength(POINTS);
    points.forEach((p, i) => {
      expect(p.t).toBe(new Date(expected[i]!.t).toISOString());
      expect(p.lat).toBeCloseTo(expected[i]!.lat, 9);
      expect(p.lon).toBeCloseTo(expected[i]!.lon, 9);
    });
  });

  it('detects by content: a GPX named .txt is GPX, a PNG named .gpx and a text note are not (exit 1)', () => {
    const { code, doc } = inspectJson(gpxAsTxt, pngAsGpx, notes, gpx);
    expect(code).toBe(1);
    expect(doc.files.map((f) => f.path)).toEqual([gpxAsTxt, pngAsGpx, notes, gpx]);
    expect(doc.files.map((f) => f.format)).toEqual(['gpx', null, null, 'gpx']);
    expect(doc.files[0]!.counts.points).toBe(POINTS);
    for (const rejected of [doc.files[1]!, doc.files[2]!]) {
      expect(rejected.counts).toEqual({ points: 0, tracks: 0, waypoints: 0, events: 0, stops: 0 });
      expect(rejected.first).toBeNull();
      expect(rejected.issues[0]!.message).toMatch(/is not a supported evidence format \(GPX, /);
      // Still hashed: an examiner inspecting a file wants its digest whatever it is.
      expect(rejected.sha256).toBe(sha256(rejected.path));
    }
  });

  it('reports a missing file with format null and zero counts (exit 1)', () => {
    const missing = join(dir, 'gone.gpx');
    const { code, doc } = inspectJson(gpx, missing);
    expect(code).toBe(1);
    expect(doc.files[1]).toEqual({
      path: missing,
      sha256: null,
      size: null,
      format: null,
      formatDetail: null,
      counts: { points: 0, tracks: 0, waypoints: 0, events: 0, stops: 0 },
      first: null,
      last: null,
      issues: [
        {
          line: null,
          column: null,
          severity: 'error',
          code: 'file.missing',
          message: expect.stringContaining('no such file'),
        },
      ],
    });
  });
});

describe('itinera usage', () => {
  it.each([
    [['frobnicate', '<gpx>']],
    [['inspect']],
    [['inspect', '--jsno', 'x.gpx']],
    [['inspect', '--points', 'x.gpx']],
    [[]],
  ])('exits 2 with usage on stderr for %j', (args) => {
    // '<gpx>' stands for the generated file, which exists only once beforeAll has run.
    const run = itinera(...args.map((a) => (a === '<gpx>' ? gpx : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: itinera/);
    expect(run.stdout).toBe('');
  });

  it('prints help with exit 0', () => {
    const main = itinera('--help');
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/inspect/);
    const inspect = itinera('inspect', '--help');
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/--points/);
  });

  it('prints a table without --json', () => {
    const run = itinera('inspect', gpx, pngAsGpx);
    expect(run.code).toBe(1);
    const [header, first, second] = run.stdout.split('\n');
    expect(header).toMatch(
      /^FILE\s+FORMAT\s+POINTS\s+TRACKS\s+WAYPOINTS\s+EVENTS\s+STOPS\s+FIRST \(UTC\)\s+LAST \(UTC\)\s+ISSUES$/,
    );
    expect(first).toContain(gpx);
    expect(first).toMatch(new RegExp(`\\sgpx\\s+${POINTS}\\s+1\\s+0\\s`));
    expect(second).toMatch(/not read/);
    expect(run.stdout).toContain(sha256(gpx));
    expect(run.stdout).toContain('is not a supported evidence format');
  });

  it('runs through npm run itinera', () => {
    const run = spawnSync('npm', ['run', '--silent', 'itinera', '--', 'inspect', '--json', gpx], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as InspectJson).files[0]!.sha256).toBe(sha256(gpx));
  });
});

describe.skipIf(!haveFixtures)('itinera inspect over ../shared/fixtures/gpx', () => {
  it('reports every fixture in argument order with its true hash', { timeout: 120_000 }, () => {
    const paths = readdirSync(fixturesGpx)
      .sort()
      .reverse()
      .map((f) => join(fixturesGpx, f));
    const { code, doc } = inspectJson(...paths);
    expect([0, 1]).toContain(code);
    expect(doc.files.map((f) => f.path)).toEqual(paths);
    for (const file of doc.files) {
      expect(file.sha256, file.path).toBe(sha256(file.path));
      if (!file.path.includes('EDGE_')) {
        expect(file.format, file.path).toBe('gpx');
        expect(file.counts.points + file.counts.waypoints, file.path).toBeGreaterThan(0);
      }
      for (const issue of file.issues) expect(issue.message.length, file.path).toBeGreaterThan(0);
      if (file.format === null) expect(file.issues.length, file.path).toBeGreaterThan(0);
    }
    expect(code).toBe(doc.files.every((f) => f.format !== null) ? 0 : 1);
  });
});
