/** Every benchmark suite, in the order `npm run bench` runs them. Add new suites here. */
import { basemapOpenSuite } from './basemap-open';
import { caseFileSuite } from './case-file';
import { gazetteerSearchSuite } from './gazetteer-search';
import { googleRecordsSuite } from './google-records';
import { gpxIntakeSuite } from './gpx-intake';
import { kmlIntakeSuite } from './kml-intake';
import { mapRenderSuite } from './map-render';
import { photosSuite } from './photos';
import type { BenchSuite } from './suite';
import { timelineSuite } from './timeline';
import { trackerCsvSuite } from './tracker-csv';

export const SUITES: readonly BenchSuite[] = [
  gpxIntakeSuite,
  kmlIntakeSuite,
  trackerCsvSuite,
  googleRecordsSuite,
  mapRenderSuite,
  photosSuite,
  timelineSuite,
  basemapOpenSuite,
  caseFileSuite,
  gazetteerSearchSuite,
];
