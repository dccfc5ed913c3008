/**
 * The timeline an export or exhibit is made from: the app's `deriveTimeline` over the request's
 * sources and settings, stops named from the bundled gazetteer (as `itinera timeline` does), so
 * the app, the CLI and `exhibit verify` all derive exactly the same stops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExhibitRequest } from '../../shared/exhibit/request';
import { parseGazetteer, type GazetteerIndex } from '../../shared/geo/gazetteer';
import { deriveTimeline } from '../../shared/timeline/derive';
import type { Timeline } from '../../shared/timeline/types';
import { serviceRepoRoot } from './exhibit-module-dir';

/** The repository's gazetteer; the app passes its own (packaged) path instead. */
export function bundledGazetteerPath(): string {
  return join(serviceRepoRoot(), 'assets', 'gazetteer', 'places.bin');
}

const cache = new Map<string, GazetteerIndex | null>();

/** The gazetteer at `path`, or null when it is not built or unreadable (stops stay unnamed). */
export function loadGazetteerOnce(path: string = bundledGazetteerPath()): GazetteerIndex | null {
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
