import { supportedFormatLabels } from '../../electron/services/format-registry';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/api';
import type { Source } from '../../shared/model';
import {
  bundledWorkerLocation,
  defaultWorkerLocation,
  importEvidence,
  readEvidenceEach,
} from '../../electron/services/intake';
import { sha256File } from '../../electron/services/hash';
import { driveFixes, gpxPieces } from '../bench/gen-gpx';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesGpx = resolve(repoRoot, '../shared/fixtures/gpx');
const haveFixtures = existsDir(fixturesGpx);
if (!haveFixtures) console.warn(`skipping fixture sweep: ${fixturesGpx} not present`);

let dir: string;
let gpxPath: string;
let gpxAsTxt: string;
let pdfAsGpx: string;
const POINTS = 300;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-intake-'));
  const gpx = [...gpxPieces(POINTS, 7, 64)].join('');
  gpxPath = join(dir, 'drive.gpx');
  writeFileSync(gpxPath, gpx);
  gpxAsTxt = join(dir, 'drive-renamed.txt');
  writeFileSync(gpxAsTxt, gpx);
  pdfAsGpx = join(dir, 'report.gpx');
  // Not a photo either: photos are recognised by content and imported as a photos source.
  writeFileSync(pdfAsGpx, '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n');
  chmodSync(gpxPath, 0o444);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function expectOk(result: ImportResult | undefined): Source {
  if (!result?.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.source;
}

function expectFailure(result: ImportResult | undefined, code: string): string {
  if (!result || result.ok)
    throw new Error(`expected failure ${code}, got ${JSON.stringify(result)}`);
  expect(result.code).toBe(code);
  expect(result.message.length).toBeGreaterThan(10);
  return result.message;
}

describe.each([
  { mode: 'in-process', opts: { inProcess: true } },
  { mode: 'worker', opts: {} },
])('importEvidence ($mode)', ({ opts }) => {
  it('builds a Source with hash, file facts and the generated fixes', async () => {
    const [result] = await importEvidence([gpxPath], opts);
    const source = expectOk(result);
    const digest = sha256(gpxPath);
    const info = statSync(gpxPath);
    expect(source.id).toBe(`${digest.slice(0, 16)}-0`);
    expect(source.kind).toBe('track');
    expect(source.format).toBe('gpx');
    expect(source.label).toBe('drive.gpx');
    expect(source.clock).toEqual({ offsetMs: 0 });
    expect(source.files).toEqual([
      {
        name: 'drive.gpx',
        path: gpxPath,
        size: info.size,
        sha256: digest,
        modifiedAt: Math.trunc(info.mtimeMs),
      },
    ]);
    expect(source.fixes.count).toBe(POINTS);
    expect(source.fixes.t).toBeInstanceOf(Float64Array);
    expect(source.fixes.t.length).toBe(POINTS);
    expect(source.fixTimeBasis.length).toBe(POINTS);
    const expected = [...driveFixes(POINTS, 7)];
    for (const i of [0, 1, 150, POINTS - 1]) {
      expect(source.fixes.t[i]).toBe(expected[i]!.t);
      expect(source.fixes.lat[i]).toBeCloseTo(expected[i]!.lat, 9);
      expect(source.fixes.lon[i]).toBeCloseTo(expected[i]!.lon, 9);
    }
    expect(source.stats.points).toBe(POINTS);
    expect(source.stats.first).toBe(expected[0]!.t);
    expect(source.stats.last).toBe(expected[POINTS - 1]!.t);
  });

  it('detects GPX by content, not by extension', async () => {
    const [asTxt, pdfNamedGpx] = await importEvidence([gpxAsTxt, pdfAsGpx], opts);
    expect(expectOk(asTxt).fixes.count).toBe(POINTS);
    const message = expectFailure(pdfNamedGpx, 'format.unknown');
    expect(message).toBe(
      `report.gpx is not a supported evidence format (${supportedFormatLabels()})`,
    );
  });

  it('reports unreadable paths without throwing', async () => {
    const empty = join(dir, 'empty.gpx');
    writeFileSync(empty, '');
    const results = await importEvidence([join(dir, 'missing.gpx'), dir, empty], opts);
    expect(expectFailure(results[0], 'file.missing')).toContain('missing.gpx');
    // A folder is a photo folder (issue 5); this one holds no photo.
    expect(expectFailure(results[1], 'photos.none')).toMatch(/photo/i);
    expect(expectFailure(results[2], 'file.empty')).toContain('empty');
  });

  it('keeps argument order and gives each result its own id', async () => {
    const paths = [gpxPath, pdfAsGpx, gpxAsTxt, gpxPath, join(dir, 'nope.gpx')];
    const results = await importEvidence(paths, opts);
    expect(results.map((r) => r.path)).toEqual(paths);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, false]);
    const ids = results.flatMap((r) => (r.ok ? [r.source.id] : []));
    expect(new Set(ids).size).toBe(3);
  });
});

describe('importEvidence, read path', () => {
  it('gives the same hash and fixes whatever the chunk size (chunk boundaries anywhere)', async () => {
    const [whole] = await importEvidence([gpxPath], { inProcess: true });
    for (const chunkSize of [1, 7, 4096]) {
      const [chunked] = await importEvidence([gpxPath], { inProcess: true, chunkSize });
      const a = expectOk(whole);
      const b = expectOk(chunked);
      expect(b.files[0]!.sha256).toBe(a.files[0]!.sha256);
      expect(b.fixes.count).toBe(a.fixes.count);
      expect(Array.from(b.fixes.lat.subarray(0, b.fixes.count))).toEqual(
        Array.from(a.fixes.lat.subarray(0, a.fixes.count)),
      );
      expect(Array.from(b.fixes.t.subarray(0, b.fixes.count))).toEqual(
        Array.from(a.fixes.t.subarray(0, a.fixes.count)),
      );
    }
  });

  it('never writes the original', async () => {
    const before = statSync(gpxPath);
    const digest = sha256(gpxPath);
    await importEvidence([gpxPath, gpxPath]);
    const after = statSync(gpxPath);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.size).toBe(before.size);
    expect(sha256(gpxPath)).toBe(digest);
  });

  it('trims and transfers the columns from the worker', async () => {
    const [read] = readEvidenceEach([gpxPath]);
    const result = await read!;
    if (!result.ok) throw new Error(result.message);
    expect(result.result.fixes.t.buffer.byteLength).toBe(POINTS * 8);
    expect(result.result.fixTimeBasis.length).toBe(POINTS);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not open', async () => {
    const secret = join(dir, 'secret.gpx');
    writeFileSync(secret, readFileSync(gpxAsTxt));
    chmodSync(secret, 0o000);
    const [result] = await importEvidence([secret], { inProcess: true });
    expect(expectFailure(result, 'file.permission')).toContain('permission');
  });
  if (process.getuid?.() === 0)
    console.warn('skipping permission test: running as root, which reads any file');

  it('reports a worker that cannot start instead of throwing', async () => {
    const [result] = await importEvidence([gpxPath], {
      worker: { url: pathToFileURL(join(dir, 'no-worker.mjs')) },
    });
    expect(expectFailure(result, 'intake.crashed')).toContain('drive.gpx');
  });

  it('resolves worker locations for source and bundle', () => {
    const source = defaultWorkerLocation();
    expect(fileURLToPath(source.url)).toBe(join(repoRoot, 'electron/workers/intake-worker.ts'));
    expect(source.typescript).toBe(true);
    expect(fileURLToPath(bundledWorkerLocation('/opt/itinera/dist/electron').url)).toBe(
      '/opt/itinera/dist/electron/intake-worker.mjs',
    );
  });
});

describe('importEvidence when bundled by esbuild (dist/electron layout)', () => {
  it('finds intake-worker.mjs next to a CommonJS main bundle and imports through it', async () => {
    const { build } = await import('esbuild');
    const out = mkdtempSync(join(tmpdir(), 'itinera-bundle-'));
    try {
      const entry = join(out, 'entry.ts');
      writeFileSync(
        entry,
        `import { importEvidence, defaultWorkerLocation } from ${JSON.stringify(join(repoRoot, 'electron/services/intake.ts'))};\n` +
          `importEvidence([process.argv[2]]).then((r) => console.log(JSON.stringify({ worker: defaultWorkerLocation().url.href, result: r[0].ok ? { points: r[0].source.fixes.count, sha256: r[0].source.files[0].sha256 } : r[0] })));\n`,
      );
      const common = {
        bundle: true,
        platform: 'node' as const,
        target: 'node20',
        logLevel: 'silent' as const,
        absWorkingDir: repoRoot,
      };
      await build({
        ...common,
        entryPoints: [entry],
        outfile: join(out, 'main.cjs'),
        format: 'cjs',
      });
      await build({
        ...common,
        entryPoints: [join(repoRoot, 'electron/workers/intake-worker.ts')],
        outfile: join(out, 'intake-worker.mjs'),
        format: 'esm',
      });
      const { execFileSync } = await import('node:child_process');
      const stdout = execFileSync(process.execPath, [join(out, 'main.cjs'), gpxPath], {
        encoding: 'utf8',
        cwd: tmpdir(),
      });
      const printed = JSON.parse(stdout) as {
        worker: string;
        result: { points: number; sha256: string };
      };
      expect(fileURLToPath(printed.worker)).toBe(join(out, 'intake-worker.mjs'));
      expect(printed.result).toEqual({ points: POINTS, sha256: sha256(gpxPath) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveFixtures)('importEvidence over ../shared/fixtures/gpx', () => {
  const files = haveFixtures ? readdirSync(fixturesGpx).sort() : [];

  it(
    'reads every fixture without throwing; clean GPX files give fixes and the right hash',
    { timeout: 120_000 },
    async () => {
      const paths = files.map((f) => join(fixturesGpx, f));
      const results = await importEvidence(paths);
      expect(results).toHaveLength(files.length);
      for (const [i, result] of results.entries()) {
        const name = files[i]!;
        if (result.ok) {
          expect(result.source.files[0]!.sha256, name).toBe(await sha256File(paths[i]!));
          expect(result.source.label).toBe(name);
        } else {
          expect(result.message, name).toMatch(new RegExp(escapeRegExp(name)));
        }
        if (!name.startsWith('EDGE_')) {
          expect(result.ok, `${name}: ${result.ok ? '' : result.message}`).toBe(true);
          if (result.ok)
            expect(
              result.source.stats.points + result.source.stats.waypoints,
              name,
            ).toBeGreaterThan(0);
        }
      }
    },
  );
});

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
