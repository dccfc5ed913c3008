/**
 * Golden sweep over every CSV/TXT table in ../shared/fixtures/{fleet-csv,other-tracks}: the detected
 * mapping, then the reader's result after the sanity checks (every fix, event and reported stop; the
 * fixtures are small), compared with test/golden/table/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/table.golden.test.ts` and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReaderResult } from '../../shared/formats/reader';
import { applySanityChecks } from '../../shared/formats/sanity';
import { detectTableMapping } from '../../shared/formats/table/detect-mapping';
import { createTableReader, sniffTable } from '../../shared/formats/table/table-reader';
import { TIME_BASES } from '../../shared/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesRoot = path.resolve(repoRoot, '../shared/fixtures');
const goldenDir = path.resolve(repoRoot, 'test/golden/table');
const present = fs.existsSync(path.join(fixturesRoot, 'fleet-csv'));
if (!present) console.warn(`skipping table golden sweep: ${fixturesRoot} not present`);

const IMPORTED_AT = Date.UTC(2025, 11, 1);

const iso = (t: number): string | null => (Number.isNaN(t) ? null : new Date(t).toISOString());
const round = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 1e7) / 1e7;

function read(bytes: Uint8Array, size: number, name: string): ReaderResult {
  const r = createTableReader({ fileName: name });
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
  const head = new TextDecoder().decode(bytes.subarray(0, 65536));
  const detection = detectTableMapping(head, name, { complete: bytes.length <= 65536 });
  return {
    file: name,
    sniffed: sniffTable(bytes.subarray(0, 65536), name),
    mapping: detection.mapping,
    confidence: detection.confidence,
    notes: detection.notes,
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    kind: r.kind,
    device: r.device ?? null,
    columns: Object.keys(f).filter((k) => k !== 'count'),
    fixColumns: ['t', 'basis', 'lat', 'lon', 'ele', 'accuracyM', 'speedMps', 'headingDeg'],
    fixes,
    parts: r.parts,
    events: (r.events ?? []).map((e) => ({ ...e, t: iso(e.t) })),
    reportedStops: (r.reportedStops ?? []).map((s) => ({
      ...s,
      start: iso(s.start),
      end: iso(s.end),
    })),
    issues: r.issues,
  };
}

const files = present
  ? ['fleet-csv', 'other-tracks'].flatMap((dir) =>
      fs
        .readdirSync(path.join(fixturesRoot, dir))
        .filter((f) => /\.(csv|txt|tsv)$/i.test(f))
        .sort()
        .map((f) => ({ dir, name: f })),
    )
  : [];

describe.skipIf(!present)('table golden sweep', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('$dir/$name matches its golden summary', ({ dir, name }) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesRoot, dir, name)));
    const summary = JSON.parse(
      JSON.stringify(summarise(name, bytes, read(bytes, bytes.length || 1, name))),
    );
    for (const size of [1, 7, 4096]) {
      expect(JSON.parse(JSON.stringify(summarise(name, bytes, read(bytes, size, name))))).toEqual(
        summary,
      );
    }
    // Every fixture has a preset and is read entirely as what it is.
    expect(summary.mapping.preset, 'a built-in preset matches').toBeTypeOf('string');
    expect(summary.readable).toBe(true);
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
