/**
 * One source per Google export: the monthly Semantic Location History files (and Records.json)
 * of one import job merge into one source listing every file with its hash; repeated records are
 * dropped and counted. Reads run in the intake workers, as in the app.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvidence } from '../../electron/services/intake';
import type { ImportedSource, ImportResult } from '../../shared/api';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const takeout = resolve(repoRoot, '../shared/fixtures/google-takeout');
const MAY = join(takeout, 'gpsbabel_SemanticLocationHistory_2013_MAY.json');
const DEC = join(takeout, 'EDGE_dawarich_semantic_history_empty_start_end.json');
const RECORDS = join(takeout, 'reitti_Records.json');
const present = [MAY, DEC, RECORDS].every((p) => existsSync(p));
if (!present) console.warn(`skipping Google export grouping: ${takeout} not present`);

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');
const IMPORTED_AT = Date.UTC(2026, 0, 1);

function sourceOf(result: ImportResult | undefined): ImportedSource {
  if (!result?.ok) throw new Error(`expected a source, got ${JSON.stringify(result)}`);
  return result.source;
}

function mergeIssue(source: ImportedSource): string {
  const issue = source.issues.find((i) => i.code === 'google.merge.duplicates');
  expect(issue, 'the merge reports its de-duplication').toBeDefined();
  return issue!.message;
}

describe.skipIf(!present)('Google export grouping', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'itinera-groups-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports two monthly semantic files as one source with both files and hashes', async () => {
    const [alone] = await importEvidence([MAY], { importedAt: IMPORTED_AT });
    const single = sourceOf(alone);
    const results = await importEvidence([MAY, DEC], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.files.map((f) => f.name)).toEqual([basename(MAY), basename(DEC)]);
    expect(source.files.map((f) => f.sha256)).toEqual([sha256(MAY), sha256(DEC)]);
    expect(source.format).toBe('google-semantic');
    expect(source.label).toContain('+ 1 more file');
    // The second month adds its visits and movements to the first's.
    const stopsAlone = single.reportedStops?.length ?? 0;
    const movesAlone = single.reportedMovements?.length ?? 0;
    expect(
      (source.reportedStops?.length ?? 0) + (source.reportedMovements?.length ?? 0),
    ).toBeGreaterThan(stopsAlone + movesAlone);
    expect(mergeIssue(source)).toMatch(/^2 file\(s\) read as one export/);
    // Every other issue still names the file it came from.
    const names = new Set([basename(MAY), basename(DEC), 'Google export (2 files)']);
    for (const issue of source.issues) expect(names.has(issue.file)).toBe(true);
  });

  it('counts the repeated records of a file imported twice in one job', async () => {
    const copy = join(dir, 'copy-of-may.json');
    copyFileSync(MAY, copy);
    const [alone] = await importEvidence([MAY], { importedAt: IMPORTED_AT });
    const single = sourceOf(alone);
    const results = await importEvidence([MAY, copy], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.files.map((f) => f.sha256)).toEqual([sha256(MAY), sha256(MAY)]);
    // Nothing of the copy survives: the merged export equals the file alone.
    expect(source.fixes.count).toBe(single.fixes.count);
    expect(source.reportedStops?.length).toBe(single.reportedStops?.length);
    expect(source.reportedMovements?.length).toBe(single.reportedMovements?.length);
    const stops = single.reportedStops?.length ?? 0;
    const moves = single.reportedMovements?.length ?? 0;
    expect(stops + moves).toBeGreaterThan(0);
    expect(mergeIssue(source)).toContain(`${stops} visit(s), ${moves} activity segment(s)`);
  });

  it('merges Records.json with the semantic files, keeping other sources apart', async () => {
    const results = await importEvidence([RECORDS, MAY, DEC], {
      importedAt: IMPORTED_AT,
      inProcess: true,
    });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.files.map((f) => f.name)).toEqual([
      basename(RECORDS),
      basename(MAY),
      basename(DEC),
    ]);
    expect(source.format).toBe('google-export');
    expect(source.fixes.count).toBeGreaterThan(0);
    expect(source.fixes.t.length).toBe(source.fixes.count);
    expect(source.fixTimeBasis.length).toBe(source.fixes.count);
  });

  it('leaves a single file as it was', async () => {
    const results = await importEvidence([MAY], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.files).toHaveLength(1);
    expect(source.label).toBe(basename(MAY));
    expect(source.issues.some((i) => i.code === 'google.merge.duplicates')).toBe(false);
  });
});
