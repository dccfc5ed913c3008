/**
 * Golden sweep over ../shared/fixtures/other-tracks (OwnTracks): the reader's result after the sanity
 * checks, every fix listed (the fixtures are small), compared with test/golden/owntracks/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/owntracks.golden.test.ts` and review the diff.
 */
import { createOwnTracksReader, sniffOwnTracks } from '../../shared/formats/owntracks';
import { everyFixSummary, goldenSweep, readChecked, wholeFile } from './harness';

/** A fixed import date, so "after the import" findings do not change with the calendar. */
const IMPORTED_AT = Date.UTC(2025, 5, 1);

goldenSweep({
  title: 'OwnTracks',
  fixtures: 'other-tracks',
  golden: 'owntracks',
  accept: (name) => name.endsWith('.rec'),
  minFiles: 2,
  read: (bytes, size, name) =>
    readChecked(createOwnTracksReader({ fileName: name }), bytes, size, name, IMPORTED_AT),
  referenceChunk: wholeFile,
  chunkSizes: [1, 7, 256],
  summarise: (name, bytes, r) =>
    everyFixSummary(name, sniffOwnTracks(bytes.subarray(0, 4096), name), r),
});
