/** Where a timeline entry is on the map: a point to centre on, or bounds to fit. */
import type { Timeline, TimelineStop } from '../../../shared/timeline/types';
import { entryId } from './rows';

export type EntryLocation = [number, number] | [[number, number], [number, number]];

function bounds(points: readonly [number, number][]): EntryLocation | null {
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length === 0) return null;
  if (finite.length === 1) return finite[0]!;
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

export function locateTimelineEntry(timeline: Timeline, id: string): EntryLocation | null {
  if (id.startsWith('photo:')) {
    const photo = timeline.photos.find((p) => `photo:${p.sourceId}:${p.index}` === id);
    return photo?.lat !== undefined && photo.lon !== undefined ? [photo.lon, photo.lat] : null;
  }
  const entry = timeline.entries.find((e) => entryId(e) === id);
  if (!entry) return null;
  const stopAt = (n: number) =>
    timeline.entries.find((e): e is TimelineStop => e.type === 'stop' && e.n === n && n > 0);
  switch (entry.type) {
    case 'stop':
      return [entry.lon, entry.lat];
    case 'conflict':
      return bounds([
        [entry.a.lon, entry.a.lat],
        [entry.b.lon, entry.b.lat],
      ]);
    case 'move': {
      const ends = [stopAt(entry.from), stopAt(entry.to)].filter((s) => s !== undefined);
      return bounds(ends.map((s) => [s.lon, s.lat]));
    }
    case 'gap': {
      // The stops either side of the silence, when there are any.
      const i = timeline.entries.indexOf(entry);
      const before = timeline.entries
        .slice(0, i)
        .reverse()
        .find((e): e is TimelineStop => e.type === 'stop');
      const after = timeline.entries.slice(i + 1).find((e): e is TimelineStop => e.type === 'stop');
      return bounds([before, after].filter((s) => s !== undefined).map((s) => [s.lon, s.lat]));
    }
  }
}
