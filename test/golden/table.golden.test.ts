/**
 * Golden sweep over every CSV/TXT table in ../shared/fixtures/{fleet-csv,other-tracks}: the detected
 * mapping, then the reader's result after the sanity checks (every fix, event and reported stop; the
 * fixtures are small), compared with test/golden/table/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/table.golden.test.ts` and review the diff.
 */
import { expect } from 'vitest';
import type { ReaderResult } from '../../shared/formats/reader';
import { detectTableMapping } from '../../shared/formats/table/detect-mapping';
import { createTableReader, sniffTable } from '../../shared/formats/table/table-reader';
import { everyFix, goldenSweep, iso, readChecked, resultHead, wholeFile } from './harness';

const IMPORTED_AT = Date.UTC(2025, 11, 1);

function summarise(name: string, bytes: Uint8Array, r: ReaderResult): unknown {
  const head = new TextDecoder().decode(bytes.subarray(0, 65536));
  const detection = detectTableMapping(head, name, { complete: bytes.length <= 65536 });
  return {
    file: name,
    sniffed: sniffTable(bytes.subarray(0, 65536), name),
    mapping: detection.mapping,
    confidence: detection.confidence,
    notes: detection.notes,
    ...resultHead(r),
    ...everyFix(r),
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

goldenSweep({
  title: 'table',
  fixtures: ['fleet-csv', 'other-tracks'],
  golden: 'table',
  accept: (name) => /\.(csv|txt|tsv)$/i.test(name),
  minFiles: 9,
  read: (bytes, size, name) =>
    readChecked(createTableReader({ fileName: name }), bytes, size, name, IMPORTED_AT),
  referenceChunk: wholeFile,
  chunkSizes: [1, 7, 4096],
  summarise,
  check: (_name, _r, summary) => {
    const { mapping, readable } = summary as { mapping: { preset?: unknown }; readable: unknown };
    // Every fixture has a preset and is read entirely as what it is.
    expect(mapping.preset, 'a built-in preset matches').toBeTypeOf('string');
    expect(readable).toBe(true);
  },
});
