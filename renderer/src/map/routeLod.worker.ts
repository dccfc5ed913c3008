/**
 * Builds a source's level of detail off the UI thread: about 0.4 s for a million fixes on a
 * 2-core machine, which would otherwise freeze the map while a large file appears.
 */
import type { FixColumns, TrackPart } from '../../../shared/model';
import { buildRouteLod } from '../../../shared/geo/routeLod';

export interface RouteLodRequest {
  fixes: Pick<FixColumns, 'lat' | 'lon' | 'count'>;
  parts: TrackPart[];
}

self.onmessage = (event: MessageEvent<RouteLodRequest>) => {
  const lod = buildRouteLod(event.data.fixes, event.data.parts);
  const transfer = [lod.order, lod.runStart, lod.runPart, lod.runSegment, lod.minZoom].map(
    (a) => a.buffer as ArrayBuffer,
  );
  self.postMessage(lod, { transfer });
};
