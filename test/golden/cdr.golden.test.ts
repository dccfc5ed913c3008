/**
 * Golden sweep over ../shared/fixtures/cdr (call detail records): counts, cells, parts, the first
 * and last fixes and all issues, compared with test/golden/cdr/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/cdr.golden.test.ts` and review the diff.
 */
import { expect } from 'vitest';
import { createCdrReader, sniffCdr, type CdrResult } from '../../shared/formats/cdr/cdr';
import { applySanityChecks } from '../../shared/formats/sanity';
import { TIME_BASES } from '../../shared/model';
import { goldenSweep, iso, readInChunks, round, wholeFile } from './harness';

const IMPORTED_AT = Date.UTC(2025, 5, 1);

function fixRow(r: CdrResult, i: number): unknown[] {
  const f = r.fixes;
  return [
    iso(f.t[i]),
    TIME_BASES[r.fixTimeBasis[i]!] ?? null,
    round(f.lat[i]),
    round(f.lon[i]),
    round(f.accuracyM?.[i]),
    r.cells[r.recordCells[i]!]!.cellId,
    r.records[i]!.subscriber,
    r.records[i]!.durationS ?? null,
    r.records[i]!.line,
  ];
}

goldenSweep<CdrResult>({
  title: 'CDR',
  fixtures: 'cdr',
  golden: 'cdr',
  minFiles: 1,
  read: (bytes, size, name) => {
    const r = readInChunks(createCdrReader({ fileName: name }), bytes, size);
    // The sanity checks return the base result; keep the CDR structure beside it.
    const checked = applySanityChecks(r, { fileName: name, importedAt: IMPORTED_AT });
    return { ...r, ...checked, cells: r.cells, recordCells: r.recordCells, records: r.records };
  },
  referenceChunk: wholeFile,
  chunkSizes: [1, 97, 4096],
  summarise: (name, bytes, r) => {
    const n = r.fixes.count;
    const show = [
      ...Array(Math.min(n, 10)).keys(),
      ...[n - 3, n - 2, n - 1].filter((i) => i >= 10),
    ];
    return {
      file: name,
      sniffed: sniffCdr(bytes.subarray(0, 4096), name),
      readable: r.readable,
      format: r.format,
      formatDetail: r.formatDetail ?? null,
      kind: r.kind,
      fixCount: n,
      fixColumns: [
        't',
        'basis',
        'lat',
        'lon',
        'accuracyM',
        'cell',
        'subscriber',
        'durationS',
        'line',
      ],
      fixes: show.map((i) => [i, ...fixRow(r, i)]),
      cellCount: r.cells.length,
      cells: r.cells.slice(0, 5),
      parts: r.parts.length,
      firstParts: r.parts.slice(0, 3),
      durations: r.records.filter((x) => x.durationS === undefined).length,
      issues: r.issues,
    };
  },
  check: (_name, r) => {
    // A CDR fix is never a precise point: every one carries its cell's range.
    for (let i = 0; i < r.fixes.count; i++) expect(r.fixes.accuracyM![i]).toBeGreaterThan(0);
  },
});
