/**
 * Golden sweep over ../shared/fixtures/nmea: a compact summary of the NMEA reader's result (counts,
 * first/last time, sampled fixes, every issue) compared with test/golden/nmea/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/nmea.golden.test.ts` and review the diff.
 */
import { expect } from 'vitest';
import { createNmeaReader, sniffNmea } from '../../shared/formats/nmea';
import type { ReaderResult } from '../../shared/formats/reader';
import { TIME_BASES } from '../../shared/model';
import { goldenSweep, iso, readInChunks, round } from './harness';

/** Fixes listed per file: first, last and evenly spaced ones between. */
const SAMPLES = 8;

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
        round(f.lat[i], 1e9),
        round(f.lon[i], 1e9),
        round(f.ele?.[i], 1e3),
        round(f.speedMps?.[i], 1e4),
        round(f.headingDeg?.[i], 1e3),
      ].join(' '),
    ),
    issues: r.issues,
  };
}

goldenSweep({
  title: 'NMEA',
  fixtures: 'nmea',
  golden: 'nmea',
  minFiles: 15,
  read: (bytes, size, name) => readInChunks(createNmeaReader({ fileName: name }), bytes, size),
  referenceChunk: () => 64 * 1024,
  // Not even a byte at a time.
  chunkSizes: [1, 7, 1000],
  summarise,
  check(name, result) {
    if (name.startsWith('EDGE_')) {
      // Every unusual file says what is unusual about it, at a line where the file allows.
      const located = result.issues.filter(
        (i) => i.line !== undefined || i.code === 'nmea.encoding',
      );
      expect(located.length, JSON.stringify(result.issues)).toBeGreaterThan(0);
    }
  },
});
