/**
 * Golden sweep over ../shared/fixtures/google-takeout (Google location exports): the sniffed
 * shape and the reader's result after the sanity checks — every fix, reported stop and movement
 * listed (the fixtures are small) — compared with test/golden/google/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/google.golden.test.ts` and review
 * the diff.
 */
import { createGoogleReader } from '../../shared/formats/google/google-reader';
import { sniffGoogle } from '../../shared/formats/google/sniff';
import type { ReaderResult } from '../../shared/formats/reader';
import { everyFix, goldenSweep, iso, readChecked, resultHead, wholeFile } from './harness';

/** A fixed import date, so "after the import" findings do not change with the calendar. */
const IMPORTED_AT = Date.UTC(2026, 0, 1);

function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
  return {
    file: name,
    sniffed: sniffGoogle(bytes.subarray(0, 64 * 1024), name),
    ...resultHead(r),
    ...everyFix(r),
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

goldenSweep({
  title: 'Google',
  fixtures: 'google-takeout',
  golden: 'google',
  minFiles: 10,
  read: (bytes, size, name) =>
    readChecked(createGoogleReader({ fileName: name }), bytes, size, name, IMPORTED_AT),
  referenceChunk: wholeFile,
  chunkSizes: [1, 7, 256],
  summarise,
});
