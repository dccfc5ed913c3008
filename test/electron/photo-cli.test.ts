/**
 * `itinera inspect --json` over the photo fixtures: a `photo` object per file, and output that
 * does not depend on the host's time zone (byte-identical under three very different zones).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesPhotos = resolve(repoRoot, '../shared/fixtures/photos');
const haveFixtures = statSync(fixturesPhotos, { throwIfNoEntry: false })?.isDirectory() ?? false;
if (!haveFixtures) console.warn(`skipping photo CLI tests: ${fixturesPhotos} not present`);

function inspect(tz: string, ...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/itinera.ts', 'inspect', ...args],
      { cwd: repoRoot, env: { ...process.env, TZ: tz }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout }));
  });
}

interface PhotoJson {
  lat: number | null;
  lon: number | null;
  accuracyM: number | null;
  time: string | null;
  timeBasis: string;
  make: string | null;
  model: string | null;
  serial: string | null;
}

describe.skipIf(!haveFixtures)('itinera inspect on photos', () => {
  it('gives byte-identical JSON under TZ=UTC, America/New_York and Asia/Kolkata', async () => {
    const runs = await Promise.all(
      ['UTC', 'America/New_York', 'Asia/Kolkata'].map((tz) =>
        inspect(tz, '--json', '../shared/fixtures/photos'),
      ),
    );
    const [utc, ny, kolkata] = runs;
    expect(utc!.stdout.length).toBeGreaterThan(1000);
    expect(ny!.stdout).toBe(utc!.stdout);
    expect(kolkata!.stdout).toBe(utc!.stdout);
    expect(new Set(runs.map((r) => r.code))).toEqual(new Set([utc!.code]));

    const doc = JSON.parse(utc!.stdout) as {
      files: { path: string; format: string | null; photo?: PhotoJson | null; issues: unknown[] }[];
    };
    expect(doc.files.map((f) => f.path.split('/').pop()).sort()).toEqual(
      readdirSync(fixturesPhotos).sort(),
    );
    for (const file of doc.files) {
      expect(file.format, file.path).toBe('photo');
      expect(file.photo === null || typeof file.photo === 'object').toBe(true);
      if (file.photo) {
        expect(Object.keys(file.photo)).toEqual([
          'lat',
          'lon',
          'accuracyM',
          'time',
          'timeBasis',
          'make',
          'model',
          'serial',
        ]);
        expect(['gps', 'offset', 'zone-assumed', 'none']).toContain(file.photo.timeBasis);
        if (file.photo.time !== null)
          expect(file.photo.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        else expect(file.photo.timeBasis).toBe('none');
      } else {
        expect(file.issues.length, file.path).toBeGreaterThan(0);
      }
    }
    // One with an offset, checked by hand against exiftool: 2023-10-06 22:53:51.724 +02:00 (SubSec kept).
    const pixel = doc.files.find((f) => f.path.endsWith('exiftool_GooglePixel8Pro.jpg'))!;
    expect(pixel.photo).toMatchObject({ time: '2023-10-06T20:53:51.724Z', timeBasis: 'offset' });
    expect(pixel.photo!.lat).toBeCloseTo(40.4, 1);
  }, 120_000);

  it('reports a single photo file, and exits 0 when it was read', async () => {
    const { code, stdout } = await inspect(
      'Pacific/Chatham',
      '--json',
      '../shared/fixtures/photos/ianare_HMD_Nokia_8.3_5G.jpg',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { files: { photo: PhotoJson; sha256: string }[] };
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.files[0]!.photo.lat).toBeCloseTo(60.147, 2);
  }, 60_000);
});
