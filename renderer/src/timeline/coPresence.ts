/**
 * Co-presence intervals as the timeline column and the map use them: a selection id per
 * interval, the intervals of one requested pair, and where the evidence fixes are (the
 * derivation names fixes by index into each source's own columns).
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Source } from '../../../shared/model';
import type {
  CoPresenceInterval,
  CoPresenceRequest,
  Timeline,
} from '../../../shared/timeline/types';
import { samePair } from '../store/timelineSlice';
import type { EntryLocation } from './locate';

export const COPRESENCE_ID_PREFIX = 'copresence:';

/** `copresence:<a>:<b>:<start>`: stable while the pair and the interval's start do not change. */
export function coPresenceId(interval: CoPresenceInterval): string {
  return `${COPRESENCE_ID_PREFIX}${interval.a}:${interval.b}:${interval.start}`;
}

/** The interval a selection id names (ids are compared whole: source ids may hold colons). */
export function coPresenceOfId(
  timeline: Timeline | null,
  id: string | null,
): CoPresenceInterval | null {
  if (!timeline || !id?.startsWith(COPRESENCE_ID_PREFIX)) return null;
  return timeline.coPresence.find((c) => coPresenceId(c) === id) ?? null;
}

/** The intervals derived for one requested pair, in time order. */
export function intervalsOfPair(
  timeline: Timeline | null,
  request: CoPresenceRequest,
): CoPresenceInterval[] {
  if (!timeline) return [];
  return timeline.coPresence
    .filter((c) => samePair(request, c.a, c.b))
    .sort((x, y) => x.start - y.start);
}

type SourceById = ReadonlyMap<string, Source>;

function fixAt(source: Source | undefined, index: number): [number, number] | null {
  if (!source || index < 0 || index >= source.fixes.count) return null;
  const lon = source.fixes.lon[index]!;
  const lat = source.fixes.lat[index]!;
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null;
}

/**
 * The evidence of an interval on the map: one line per pair of fixes (source a's fix to
 * source b's), and each fix as a point tagged with its side.
 */
export function coPresenceFeatures(
  interval: CoPresenceInterval | null,
  sources: SourceById,
): FeatureCollection<LineString | Point> {
  const features: Feature<LineString | Point>[] = [];
  if (interval) {
    const a = sources.get(interval.a);
    const b = sources.get(interval.b);
    for (const pair of interval.evidence) {
      const pa = fixAt(a, pair.aIndex);
      const pb = fixAt(b, pair.bIndex);
      if (pa && pb) {
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [pa, pb] },
          properties: { distanceM: pair.distanceM },
        });
      }
      if (pa) {
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: pa },
          properties: { side: 'a' },
        });
      }
      if (pb) {
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: pb },
          properties: { side: 'b' },
        });
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Bounds of an interval's evidence fixes, for the map to fit; null when none has a position. */
export function locateCoPresence(
  interval: CoPresenceInterval,
  sources: SourceById,
): EntryLocation | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const a = sources.get(interval.a);
  const b = sources.get(interval.b);
  for (const pair of interval.evidence) {
    for (const p of [fixAt(a, pair.aIndex), fixAt(b, pair.bIndex)]) {
      if (!p) continue;
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0]);
      maxY = Math.max(maxY, p[1]);
    }
  }
  if (minX === Infinity) return null;
  if (minX === maxX && minY === maxY) return [minX, minY];
  return [
    [minX, minY],
    [maxX, maxY],
  ];
}
