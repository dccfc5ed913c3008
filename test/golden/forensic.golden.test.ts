/**
 * Golden sweep over ../shared/fixtures/forensic (iLEAPP/ALEAPP results): the reader's result after
 * the sanity checks, every fix listed, compared with test/golden/forensic/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/forensic.golden.test.ts` and review the diff.
 */
import { createIleappReader, sniffIleapp } from '../../shared/formats/forensic/ileapp';
import { everyFixSummary, goldenSweep, readChecked, wholeFile } from './harness';

/** A fixed import date, so "after the import" findings do not change with the calendar. */
const IMPORTED_AT = Date.UTC(2025, 5, 1);

goldenSweep({
  title: 'iLEAPP/ALEAPP',
  fixtures: 'forensic',
  golden: 'forensic',
  minFiles: 1,
  read: (bytes, size, name) =>
    readChecked(createIleappReader({ fileName: name }), bytes, size, name, IMPORTED_AT),
  referenceChunk: wholeFile,
  chunkSizes: [1, 7, 256],
  summarise: (name, bytes, r) =>
    everyFixSummary(name, sniffIleapp(bytes.subarray(0, 4096), name), r),
});
