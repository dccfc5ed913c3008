/**
 * The entry list: stops in time order, and between them what the evidence says happened —
 * movements, gaps (no source observed anything for longer than the gap threshold) and conflict
 * episodes. Entries never overlap: `entries[i].end <= entries[i + 1].start`.
 *
 * Conflicts sit in the list as follows: an episode (kept whole in `Timeline.conflicts`) is
 * entered once, clipped to the first stretch between stops it reaches; the movement there is
 * cut around it. An episode lying wholly inside a stop is entered as a zero-length marker at
 * that stop's end; its `a` and `b` observations keep their real times.
 */
import { haversineM } from '../geo/distance';
import type { ObservationStream } from './observations';
import { lowerBound, type SourceTrack } from './track';
import type {
  TimelineConflict,
  TimelineEntry,
  TimelineGap,
  TimelineMove,
  TimelineStop,
} from './types';

interface Free {
  start: number;
  end: number;
  before?: TimelineStop;
  after?: TimelineStop;
  specials: (TimelineGap | TimelineConflict)[];
}

export function buildChronology(
  stops: readonly TimelineStop[],
  stream: ObservationStream,
  tracks: readonly SourceTrack[],
  conflicts: readonly TimelineConflict[],
  gapS: number,
): TimelineEntry[] {
  if (stops.length === 0 && stream.count === 0) return [];
  const first = Math.min(stream.count > 0 ? stream.t[0]! : Infinity, stops[0]?.start ?? Infinity);
  const last = Math.max(
    stream.count > 0 ? stream.t[stream.count - 1]! : -Infinity,
    stops.at(-1)?.end ?? -Infinity,
  );
  const frees: Free[] = [];
  let cursor = first;
  let previous: TimelineStop | undefined;
  for (const stop of stops) {
    frees.push({
      start: cursor,
      end: Math.max(cursor, stop.start),
      before: previous,
      after: stop,
      specials: [],
    });
    cursor = Math.max(cursor, stop.end);
    previous = stop;
  }
  frees.push({ start: cursor, end: Math.max(cursor, last), before: previous, specials: [] });

  // Gaps: silences of every source together. They lie between stops unless a stop spans them.
  const gapMs = gapS * 1000;
  let f = 0;
  for (let k = 1; k < stream.count; k++) {
    const a = stream.t[k - 1]!;
    const b = stream.t[k]!;
    if (b - a <= gapMs) continue;
    while (f < frees.length - 1 && frees[f]!.end <= a) f++;
    for (let g = f; g < frees.length && frees[g]!.start < b; g++) {
      const free = frees[g]!;
      const start = Math.max(a, free.start);
      const end = Math.min(b, free.end);
      if (end <= start) continue;
      const ids = [tracks[stream.source[k - 1]!]!.sourceId, tracks[stream.source[k]!]!.sourceId];
      free.specials.push({
        type: 'gap',
        start,
        end,
        durationS: (end - start) / 1000,
        distanceM: haversineM(
          stream.lat[k - 1]!,
          stream.lon[k - 1]!,
          stream.lat[k]!,
          stream.lon[k]!,
        ),
        sources: [...new Set(ids)].sort(),
      });
    }
  }
  for (const c of conflicts) {
    const target =
      frees.find((fr) => Math.min(c.end, fr.end) > Math.max(c.start, fr.start)) ??
      frees.find((fr) => fr.start >= c.start) ??
      frees.at(-1)!;
    const start = Math.min(Math.max(c.start, target.start), target.end);
    const end = Math.max(start, Math.min(c.end, target.end));
    target.specials.push({ ...c, start, end, durationS: (end - start) / 1000 });
  }

  const entries: TimelineEntry[] = [];
  for (let i = 0; i < frees.length; i++) {
    const free = frees[i]!;
    // Markers first, then by start; a later special never reaches back before an earlier one.
    free.specials.sort((x, y) => x.start - y.start || x.end - y.end);
    let at = free.start;
    let fromStop = free.before;
    for (const sp of free.specials) {
      const start = Math.max(sp.start, at);
      const end = Math.max(start, sp.end);
      if (start > at) entries.push(move(at, start, fromStop, undefined, tracks, stream));
      entries.push({ ...sp, start, end, durationS: (end - start) / 1000 });
      at = end;
      fromStop = undefined;
    }
    if (free.end > at) entries.push(move(at, free.end, fromStop, free.after, tracks, stream));
    if (free.after) entries.push(free.after);
  }
  return entries;
}

function move(
  start: number,
  end: number,
  from: TimelineStop | undefined,
  to: TimelineStop | undefined,
  tracks: readonly SourceTrack[],
  stream: ObservationStream,
): TimelineMove {
  let best = -1;
  let bestCount = 0;
  let bestFrom = 0;
  const sources: string[] = [];
  for (let s = 0; s < tracks.length; s++) {
    const tr = tracks[s]!;
    const lo = lowerBound(tr.t, tr.count, start);
    const hi = lowerBound(tr.t, tr.count, nextUp(end));
    if (hi > lo) sources.push(tr.sourceId);
    if (hi - lo > bestCount) {
      best = s;
      bestCount = hi - lo;
      bestFrom = lo;
    }
  }
  let distanceM = 0;
  let schematic = true;
  if (best >= 0 && bestCount >= 2) {
    const tr = tracks[best]!;
    const to_ = bestFrom + bestCount;
    for (let i = bestFrom + 1; i < to_; i++)
      distanceM += haversineM(tr.lat[i - 1]!, tr.lon[i - 1]!, tr.lat[i]!, tr.lon[i]!);
    if (from) distanceM += haversineM(from.lat, from.lon, tr.lat[bestFrom]!, tr.lon[bestFrom]!);
    if (to) distanceM += haversineM(tr.lat[to_ - 1]!, tr.lon[to_ - 1]!, to.lat, to.lon);
    schematic = false;
  } else {
    const a = from ?? positionAt(stream, start);
    const b = to ?? positionAt(stream, end);
    if (a && b) distanceM = haversineM(a.lat, a.lon, b.lat, b.lon);
  }
  if (sources.length === 0) for (const s of [from, to]) if (s) sources.push(...s.sources);
  return {
    type: 'move',
    from: from && !from.excluded ? from.n : 0,
    to: to && !to.excluded ? to.n : 0,
    start,
    end,
    durationS: (end - start) / 1000,
    distanceM,
    schematic,
    sources: [...new Set(sources)].sort(),
  };
}

function nextUp(t: number): number {
  return t + 1e-3;
}

function positionAt(stream: ObservationStream, t: number): { lat: number; lon: number } | null {
  if (stream.count === 0) return null;
  let i = lowerBound(stream.t, stream.count, t);
  if (i === stream.count) i--;
  else if (i > 0 && t - stream.t[i - 1]! < stream.t[i]! - t) i--;
  return { lat: stream.lat[i]!, lon: stream.lon[i]! };
}
