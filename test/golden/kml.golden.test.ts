/**
 * Golden sweep over ../shared/fixtures/kml (KML and KMZ): one compact summary per fixture,
 * compared with test/golden/kml/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/kml.golden.test.ts` and review the diff.
 */
import { expect, it } from 'vitest';
import { createKmlReader, sniffKml } from '../../shared/formats/kml';
import type { KmlReaderResult } from '../../shared/formats/kml-types';
import { createKmzReader, sniffKmz } from '../../shared/formats/kmz';
import { computeStats } from '../../shared/formats/stats';
import { goldenSweep, iso, readInChunks, round, waypointSummary, wholeFile } from './harness';

function read(bytes: Uint8Array, size: number, name: string): KmlReaderResult {
  const r = /\.kmz$/i.test(name)
    ? createKmzReader({ fileName: name })
    : createKmlReader({ fileName: name });
  return readInChunks(r, bytes, size);
}

function summarise(name: string, bytes: Uint8Array, r: KmlReaderResult): unknown {
  const { fixes } = r;
  const sampled: unknown[] = [];
  const step = Math.max(1, Math.floor(fixes.count / 12));
  for (let i = 0; i < fixes.count; i++) {
    if (i === 0 || i === fixes.count - 1 || i % step === 0) {
      sampled.push({
        i,
        t: iso(fixes.t[i]),
        lat: round(fixes.lat[i]),
        lon: round(fixes.lon[i]),
        ele: round(fixes.ele?.[i]),
      });
    }
  }
  const stats = computeStats(r);
  const head = bytes.subarray(0, 65536);
  return {
    file: name,
    sniff: { kml: sniffKml(head, name), kmz: sniffKmz(head, name) },
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    stats: { ...stats, first: iso(stats.first ?? undefined), last: iso(stats.last ?? undefined) },
    columns: Object.keys(fixes).filter((k) => k !== 'count'),
    extras: Object.keys(r.fixExtras ?? {}),
    archive: r.archive ?? null,
    parts: r.parts.map((p) => ({
      name: p.name ?? null,
      document: p.document ?? null,
      attributes: p.attributes ?? null,
      segments: p.segments.map((s) => s.end - s.start),
    })),
    placemarkFixes: (r.placemarkFixes ?? []).slice(0, 3).map((p) => ({
      ...p,
      description: p.description?.slice(0, 80),
      end: iso(p.end),
    })),
    waypoints: r.waypoints.slice(0, 10).map((w) => ({
      ...waypointSummary(w),
      attributes: w.attributes ?? null,
    })),
    sampled,
    issues: r.issues,
  };
}

goldenSweep(
  {
    title: 'KML/KMZ',
    fixtures: 'kml',
    golden: 'kml',
    minFiles: 13,
    read,
    referenceChunk: wholeFile,
    chunkSizes: [977],
    summarise,
  },
  ({ files, read: get }) => {
    it('gives every EDGE_ fixture a located or counted issue, named after its file', () => {
      for (const name of files.filter((f) => f.startsWith('EDGE_'))) {
        const r = get(name, 4096);
        expect(r.issues.length, name).toBeGreaterThan(0);
        for (const issue of r.issues) {
          expect(issue.file.startsWith(name)).toBe(true);
          expect(issue.code).toMatch(/^[a-z0-9.-]+$/);
        }
      }
    });

    it('reads what each fixture is known to hold', () => {
      // SOURCES.tsv: 2 gx:Track of 2470 points plus the same flight as 2 untimed LineStrings.
      const perf = get('PERF_gpsbabel_92HV66G1_igc_flight.kml', 4096);
      expect(perf.parts.map((p) => p.segments[0]!.end - p.segments[0]!.start)).toEqual([
        2470, 2470, 2470, 2470,
      ]);
      expect(Object.keys(perf.fixExtras!)).toContain('igc_gsp');
      // Pause markers at both ends of the OpenTracks track: 2 real points in one segment.
      const open = get('EDGE_gpsbabel_opentracks_empty_coord.kml', 4096);
      expect(open.parts[0]!.segments).toEqual([{ start: 0, end: 2 }]);
      expect(open.issues.map((i) => i.code)).toEqual(['kml.track.pause']);
      // Track/coord without the gx prefix: all 16 points.
      expect(get('EDGE_togeojson_non_gx_multitrack.kml', 4096).parts[0]!.segments).toEqual([
        { start: 0, end: 16 },
      ]);
      // 23 inReach positions with TimeStamp and ExtendedData, plus their LineString.
      const inreach = get('wheretofly_garmin_inreach_mapshare_track.kml', 4096);
      expect(inreach.placemarkFixes).toHaveLength(23);
      expect(inreach.placemarkFixes![0]!.attributes!['Device Type']).toBe('inReach Mini');
    });
  },
);
