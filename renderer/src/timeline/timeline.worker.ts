/**
 * Derives the timeline off the UI thread: a million fixes take most of a second, which would
 * otherwise freeze the list and the map on every edit. The gazetteer is fetched once per
 * worker and kept.
 */
import { deriveTimeline, parseGazetteer } from './engine';
import { gazetteerLoader } from './gazetteerLoader';
import type { DeriveRequest, DeriveResponse } from './timelineAsync';

const loadGazetteer = gazetteerLoader(parseGazetteer);

self.onmessage = async (event: MessageEvent<DeriveRequest>) => {
  const { id, sources, settings, gazetteerUrl } = event.data;
  let response: DeriveResponse;
  try {
    const gazetteer = await loadGazetteer(gazetteerUrl);
    const started = performance.now();
    const timeline = deriveTimeline(sources, settings, gazetteer ? { gazetteer } : {});
    response = { id, ok: true, timeline, ms: performance.now() - started };
  } catch (err) {
    response = { id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(response);
};
