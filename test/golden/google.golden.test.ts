/**
 * Golden sweep over ../shared/fixtures/google-takeout (Google location exports): the sniffed
 * shape and the reader's result after the sanity checks — every fix, reported stop and movement
 * listed (the fixtures are small) — compared with test/golden/google/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/google.golden.test.ts` and review
 * the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGoogleReader } from '../../shared/formats/google/google-reader';
import { sniffGoogle } from '../../shared/formats/google/sniff';
import type { ReaderResult } from '../../shared/formats/reader';
import { applySanityChecks } from '../../shared/formats/sanity';
import { TIME_BASES } from '../../shared/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/google-takeout');
const goldenDir = path.resolve(repoRoot, 'test/golden/google');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping Google golden sweep: ${fixturesDir} not present`);

/** A fixed import date, so "after the import" findings do not change with the calendar. */
const IMPORTED_AT = Date.UTC(2026, 0, 1);

const iso = (t: number): string | null => (Number.isNaN(t) ? null : new Date(t).toISOString());
const round = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 1e7) / 1e7;

function read(bytes: Uint8Array, size: number, name: string): ReaderResult {
  const r = createGoogleReader({ fileName: name });
  for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
  return applySanityChecks(r.finish(), { fileName: name, importedAt: IMPORTED_AT });
}

function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
  const f = r.fixes;
  const fixes: unknown[] = [];
  for (let i = 0; i < f.count; i++) {
    fixes.push([
      iso(f.t[i]!),
      TIME_BASES[r.fixTimeBasis[i]!] ?? null,
      round(f.lat[i]),
      round(f.lon[i]),
      round(f.ele?.[i]),
      round(f.accuracyM?.[i]),
      round(f.speedMps?.[i]),
      round(f.headingDeg?.[i]),
    ]);
  }
  return {
    file: name,
    sniffed: sniffGoogle(bytes.subarray(0, 64 * 1024), name),
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    kind: r.kind,
    device: r.device ?? null,
    columns: Object.keys(f).filter((k) => k !== 'count'),
    fixColumns: ['t', 'basis', 'lat', 'lon', 'ele', 'accuracyM', 'speedMps', 'headingDeg'],
    fixes,
    parts: r.parts,
    reportedStops: (r.reportedStops ?? []).map((s) => ({
      ...s,
      start: iso(s.start),
      end: iso(s.end),
    })),
    reportedMovements: (r.reportedMovements ?? []).map((m) => ({
      ...m,
      start: iso(m.start),
      end: iso(m.end),
    })),
    waypoints: r.waypoints.map((w) => ({ ...w, t: iso(w.t) })),
    issues: r.issues,
  };
}

const files = present ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present)('Google golden sweep', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s matches its golden summary', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const summary = JSON.parse(
      JSON.stringify(summarise(name, bytes, read(bytes, bytes.length || 1, name))),
    );
    // Chunk boundaries must not change anything.
    for (const size of [1, 7, 256]) {
      expect(JSON.parse(JSON.stringify(summarise(name, bytes, read(bytes, size, name))))).toEqual(
        summary,
      );
    }
    const goldenPath = path.join(goldenDir, `${name}.json`);
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(goldenDir, { recursive: true });
      fs.writeFileSync(goldenPath, JSON.stringify(summary, null, 2) + '\n');
    }
    expect(
      fs.existsSync(goldenPath),
      `missing golden ${goldenPath}; run with UPDATE_GOLDEN=1`,
    ).toBe(true);
    expect(summary).toEqual(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
  });
});
