/**
 * Golden sweep over ../shared/fixtures/gpx: one compact summary per fixture, compared with
 * test/golden/gpx/<file>.json. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden`
 * and review the diff.
 */
import { expect, it } from 'vitest';
import { detectFormat } from '../../shared/formats/detect';
import { createGpxReader } from '../../shared/formats/gpx';
import type { ReaderResult } from '../../shared/formats/reader';
import { computeStats } from '../../shared/formats/stats';
import { goldenSweep, iso, readInChunks, round, waypointSummary, wholeFile } from './harness';

function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
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
    waypoints: r.waypoints.slice(0, 10).map(waypointSummary),
    sampled,
    issues: r.issues,
  };
}

goldenSweep(
  {
    title: 'GPX',
    fixtures: 'gpx',
    golden: 'gpx',
    minFiles: 21,
    read: (bytes, size, name) => readInChunks(createGpxReader({ fileName: name }), bytes, size),
    referenceChunk: wholeFile,
    chunkSizes: [977],
    summarise,
  },
  ({ files, read }) => {
    it('gives every EDGE_ fixture a located issue or a clean, explained read', () => {
      for (const name of files.filter((f) => f.startsWith('EDGE_'))) {
        const r = read(name, 4096);
        for (const issue of r.issues) {
          expect(issue.file).toBe(name);
          expect(issue.code).toMatch(/^[a-z0-9.-]+$/);
        }
      }
    });
  },
);
