/**
 * The one place the renderer names the shared derivation and gazetteer, so the worker and
 * the in-thread fallback run exactly the same code as the command line.
 */
export { deriveTimeline } from '../../../shared/timeline/derive';
export { parseGazetteer } from '../../../shared/geo/gazetteer';
