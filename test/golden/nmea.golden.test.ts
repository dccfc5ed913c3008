/**
 * Golden sweep over ../shared/fixtures/nmea: a compact summary of the NMEA reader's result (counts,
 * first/last time, sampled fixes, every issue) compared with test/golden/nmea/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/nmea.golden.test.ts` and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNmeaReader, sniffNmea } from '../../shared/formats/nmea';
import type { ReaderResult } from '../../shared/formats/reader';
import { TIME_BASES } from '../../shared/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/nmea');
const goldenDir = path.resolve(repoRoot, 'test/golden/nmea');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping NMEA golden sweep: ${fixturesDir} not present`);

/** Fixes listed per file: first, last and evenly spaced ones between. */
const SAMPLES = 8;

const iso = (t: number | undefined): string | null =>
  t === undefined || Number.isNaN(t) ? null : new Date(t).toISOString();
const round = (v: number | undefined, scale = 1e9): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * scale) / scale;

function read(bytes: Uint8Array, size: number, name: string): ReaderResult {
  const r = createNmeaReader({ fileName: name });
  for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
  return r.finish();
}

function sampleIndexes(n: number): number[] {
  if (n <= SAMPLES) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < SAMPLES; k++) out.add(Math.round((k * (n - 1)) / (SAMPLES - 1)));
  return [...out];
}

function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
  const f = r.fixes;
  const bases: Record<string, number> = {};
  let first: number | undefined;
  let last: number | undefined;
  for (let i = 0; i < f.count; i++) {
    const b = TIME_BASES[r.fixTimeBasis[i]!] ?? '?';
    bases[b] = (bases[b] ?? 0) + 1;
    const t = f.t[i]!;
    if (!Number.isNaN(t)) {
      first ??= t;
      last = t;
    }
  }
  return {
    file: name,
    sniffed: sniffNmea(bytes.subarray(0, 64 * 1024), name),
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    kind: r.kind,
    count: f.count,
    timeBases: bases,
    first: iso(first),
    last: iso(last),
    columns: Object.keys(f).filter((k) => k !== 'count'),
    parts: r.parts,
    needs: r.needs ?? null,
    // One line per sampled fix: index, time, lat, lon, ele, speed m/s, heading.
    samples: sampleIndexes(f.count).map((i) =>
      [
        i,
        iso(f.t[i]),
        round(f.lat[i]),
        round(f.lon[i]),
        round(f.ele?.[i], 1e3),
        round(f.speedMps?.[i], 1e4),
        round(f.headingDeg?.[i], 1e3),
      ].join(' '),
    ),
    issues: r.issues,
  };
}

const files = present ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present)('NMEA golden sweep', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s matches its golden summary', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const result = read(bytes, 64 * 1024, name);
    const summary = JSON.parse(JSON.stringify(summarise(name, bytes, result)));
    // Chunk boundaries must not change anything, not even a byte at a time.
    for (const size of [1, 7, 1000]) {
      expect(JSON.parse(JSON.stringify(summarise(name, bytes, read(bytes, size, name))))).toEqual(
        summary,
      );
    }
    if (name.startsWith('EDGE_')) {
      // Every unusual file says what is unusual about it, at a line where the file allows.
      const located = result.issues.filter(
        (i) => i.line !== undefined || i.code === 'nmea.encoding',
      );
      expect(located.length, JSON.stringify(result.issues)).toBeGreaterThan(0);
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
