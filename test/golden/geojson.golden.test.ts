/**
 * Golden sweep over ../shared/fixtures/geojson (GeoJSON): the reader's result after the sanity
 * checks, every fix listed (the fixtures are small), compared with test/golden/geojson/<file>.json.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden/geojson.golden.test.ts` and review the diff.
 */
import { createGeoJsonReader, sniffGeoJson } from '../../shared/formats/geojson';
import { everyFixSummary, goldenSweep, readChecked, wholeFile } from './harness';

/** A fixed import date, so "after the import" findings do not change with the calendar. */
const IMPORTED_AT = Date.UTC(2025, 5, 1);

goldenSweep({
  title: 'GeoJSON',
  fixtures: 'geojson',
  golden: 'geojson',
  minFiles: 3,
  read: (bytes, size, name) =>
    readChecked(createGeoJsonReader({ fileName: name }), bytes, size, name, IMPORTED_AT),
  referenceChunk: wholeFile,
  chunkSizes: [1, 7, 256],
  summarise: (name, bytes, r) =>
    everyFixSummary(name, sniffGeoJson(bytes.subarray(0, 4096), name), r),
});
