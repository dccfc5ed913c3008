/**
 * The timeline an export or exhibit is made from: the app's `deriveTimeline` over the request's
 * sources and settings, stops named from the bundled gazetteer (as `itinera timeline` does), so
 * the app, the CLI and `exhibit verify` all derive exactly the same stops.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExhibitRequest } from '../../shared/exhibit/request';
import { parseGazetteer, type GazetteerIndex } from '../../shared/geo/gazetteer';
import { deriveTimeline } from '../../shared/timeline/derive';
import type { Timeline } from '../../shared/timeline/types';

export const BUNDLED_GAZETTEER_PATH = fileURLToPath(
  new URL('../../assets/gazetteer/places.bin', import.meta.url),
);

const cache = new Map<string, GazetteerIndex | null>();

/** The gazetteer at `path`, or null when it is not built or unreadable (stops stay unnamed). */
export function loadGazetteerOnce(path: string = BUNDLED_GAZETTEER_PATH): GazetteerIndex | null {
  if (cache.has(path)) return cache.get(path)!;
  let index: GazetteerIndex | null = null;
  try {
    index = parseGazetteer(readFileSync(path));
  } catch {
    index = null;
  }
  cache.set(path, index);
  return index;
}

export interface DeriveOptions {
  /** Gazetteer file; the bundled one by default. `null`: stops are not named. */
  gazetteerPath?: string | null;
}

export function deriveForRequest(request: ExhibitRequest, opts: DeriveOptions = {}): Timeline {
  const gazetteer =
    opts.gazetteerPath === null ? null : loadGazetteerOnce(opts.gazetteerPath ?? undefined);
  return deriveTimeline(request.sources, request.settings, gazetteer ? { gazetteer } : {});
}
