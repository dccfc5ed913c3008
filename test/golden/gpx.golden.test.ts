/**
 * Golden sweep over ../shared/fixtures/gpx: one compact summary per fixture, compared with
 * test/golden/gpx/<file>.json. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden`
 * and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGpxReader } from '../../shared/formats/gpx';
import { detectFormat } from '../../shared/formats/detect';
import { computeStats } from '../../shared/formats/stats';
import type { ReaderResult } from '../../shared/formats/reader';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/gpx');
const goldenDir = path.resolve(repoRoot, 'test/golden/gpx');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping GPX golden sweep: ${fixturesDir} not present`);

const iso = (t: number): string | null => (Number.isNaN(t) ? null : new Date(t).toISOString());
const round = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * 1e7) / 1e7;

function readInChunks(bytes: Uint8Array, size: number, name: string): ReaderResult {
  const r = createGpxReader({ fileName: name });
  for (let i = 0; i < bytes.length; i += size) r.push(bytes.subarray(i, i + size));
  return r.finish();
}

export function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
  const { fixes } = r;
  const sampled: unknown[] = [];
  for (let i = 0; i < fixes.count; i++) {
    if (i === 0 || i === fixes.count - 1 || i % 50 === 0) {
      sampled.push({
        i,
        t: iso(fixes.t[i]!),
        lat: round(fixes.lat[i]),
        lon: round(fixes.lon[i]),
        ele: round(fixes.ele?.[i]),
      });
    }
  }
  const stats = computeStats(r);
  return {
    file: name,
    detected: detectFormat(bytes.subarray(0, 65536), name),
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    stats: {
      ...stats,
      first: stats.first === null ? null : iso(stats.first),
      last: stats.last === null ? null : iso(stats.last),
    },
    columns: Object.keys(fixes).filter((k) => k !== 'count'),
    parts: r.parts.map((p) => ({
      kind: p.kind,
      name: p.name ?? null,
      segments: p.segments.map((s) => s.end - s.start),
    })),
    waypoints: r.waypoints.slice(0, 10).map((w) => ({
      name: w.name ?? null,
      t: iso(w.t),
      basis: w.timeBasis,
      lat: w.lat,
      lon: w.lon,
      ele: w.ele ?? null,
      line: w.line,
    })),
    sampled,
    issues: r.issues,
  };
}

const files = present ? fs.readdirSync(fixturesDir).sort() : [];

describe.skipIf(!present)('GPX golden sweep', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s matches its golden summary', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const whole = readInChunks(bytes, bytes.length || 1, name);
    const summary = JSON.parse(JSON.stringify(summarise(name, bytes, whole)));
    // Chunking must not change anything.
    const chunked = readInChunks(bytes, 977, name);
    expect(JSON.parse(JSON.stringify(summarise(name, bytes, chunked)))).toEqual(summary);
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

  it('gives every EDGE_ fixture a located issue or a clean, explained read', () => {
    for (const name of files.filter((f) => f.startsWith('EDGE_'))) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
      const r = readInChunks(bytes, 4096, name);
      for (const issue of r.issues) {
        expect(issue.file).toBe(name);
        expect(issue.code).toMatch(/^[a-z0-9.-]+$/);
      }
    }
  });
});
