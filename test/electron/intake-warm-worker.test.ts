/**
 * Warm intake workers (prewarmIntakeWorker): the next import takes a worker that is already
 * loaded, with the same result as a fresh one, and a warm worker that cannot start fails the
 * import cleanly instead of hanging it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportResult } from '../../shared/api';
import {
  hasIdleIntakeWorker,
  importEvidence,
  prewarmIntakeWorker,
  stopWarmWorker,
} from '../../electron/services/intake';
import { readInWorker, sourceWorkerLocation } from '../../electron/services/intake-worker-client';
import { gpxPieces } from '../bench/gen-gpx';

let dir: string;
let gpxPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-warm-'));
  gpxPath = join(dir, 'drive.gpx');
  writeFileSync(gpxPath, [...gpxPieces(500, 11, 64)].join(''));
});

afterEach(() => stopWarmWorker());

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What must not depend on which worker read the file. */
function summary(r: ImportResult | undefined): unknown {
  if (!r?.ok) return r;
  const { source } = r;
  return {
    sha256: source.files[0]!.sha256,
    count: source.fixes.count,
    t: [...source.fixes.t],
    lat: [...source.fixes.lat],
    ele: source.fixes.ele && [...source.fixes.ele],
    issues: source.issues,
    parts: source.parts,
  };
}

describe('warm intake workers', () => {
  it('reads with a prewarmed worker, again with its replacement, as a fresh worker does', async () => {
    const [fresh] = await importEvidence([gpxPath]);
    expect(fresh?.ok).toBe(true);
    // Loaded while the examiner picks a file.
    await prewarmIntakeWorker();
    expect(hasIdleIntakeWorker()).toBe(true);
    const [first] = await importEvidence([gpxPath]);
    // Taken by that import, and replaced a little after it was done (not while its result is
    // being drawn).
    expect(hasIdleIntakeWorker()).toBe(false);
    await vi.waitFor(() => expect(hasIdleIntakeWorker()).toBe(true), { timeout: 20_000 });
    const [second] = await importEvidence([gpxPath]);
    const both = await importEvidence([gpxPath, gpxPath]);
    expect(summary(first)).toEqual(summary(fresh));
    expect(summary(second)).toEqual(summary(fresh));
    expect(both.map(summary)).toEqual([summary(fresh), summary(fresh)]);
    stopWarmWorker();
    expect(hasIdleIntakeWorker()).toBe(false);
  }, 60_000);

  it('reports progress from a warm worker while it reads, not all at once at the end', async () => {
    // About 20 MB: a few hundred milliseconds of reading, several progress messages.
    const bigPath = join(dir, 'big.gpx');
    writeFileSync(bigPath, [...gpxPieces(200_000, 5, 4096)].join(''));
    const location = sourceWorkerLocation();
    await prewarmIntakeWorker(location);
    expect(hasIdleIntakeWorker()).toBe(true);
    const seen: number[] = [];
    const read = await readInWorker(bigPath, {}, location, {
      onProgress: () => seen.push(performance.now()),
    });
    const doneAt = performance.now();
    expect(read.ok).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    // Taking the warm worker once dropped the port's referencing, and every message then
    // arrived in one burst as the worker ended.
    expect(doneAt - seen[0]!).toBeGreaterThan(50);
  }, 60_000);

  it('fails the import, not hangs it, when the warm worker cannot start', async () => {
    const broken = { url: pathToFileURL(join(dir, 'no-worker.mjs')) };
    await prewarmIntakeWorker(broken); // settles: the worker failed to start
    expect(hasIdleIntakeWorker()).toBe(false);
    const [result] = await importEvidence([gpxPath], { worker: broken });
    expect(result).toMatchObject({ ok: false, code: 'intake.crashed' });
    // Taken at once, before it had the chance to fail: the same clean failure.
    stopWarmWorker();
    void prewarmIntakeWorker(broken);
    const [again] = await importEvidence([gpxPath], { worker: broken });
    expect(again).toMatchObject({ ok: false, code: 'intake.crashed' });
  }, 60_000);
});
