/** Every benchmark suite, in the order `npm run bench` runs them. Add new suites here. */
import { gpxIntakeSuite } from './gpx-intake';
import type { BenchSuite } from './suite';

export const SUITES: readonly BenchSuite[] = [gpxIntakeSuite];
