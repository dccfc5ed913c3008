/**
 * The rows of the timeline list: the derived entries plus the photos and events that stand
 * as evidence, in one time order, filtered. Each row has an id that survives re-derivation
 * where it can (stops by their key), so a selection is kept while the examiner edits.
 */
import type { Source, TimelineEvent } from '../../../shared/model';
import type {
  Timeline,
  TimelineEntry,
  TimelinePhoto,
  TimelineStop,
} from '../../../shared/timeline/types';
import type { TimelineFilters, TimelineRowKind } from '../store/timelineSlice';

export type TimelineRow =
  | { kind: 'stop' | 'move' | 'gap' | 'conflict'; id: string; start: number; entry: TimelineEntry }
  | { kind: 'photo'; id: string; start: number; photo: TimelinePhoto }
  | {
      kind: 'event';
      id: string;
      start: number;
      sourceId: string;
      index: number;
      event: TimelineEvent;
    };

export function entryId(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'stop':
      return `stop:${entry.key}`;
    case 'conflict':
      return `conflict:${entry.start}:${entry.a.sourceId}:${entry.b.sourceId}`;
    default:
      return `${entry.type}:${entry.start}`;
  }
}

export function photoRowId(sourceId: string, index: number): string {
  return `photo:${sourceId}:${index}`;
}

export function eventRowId(sourceId: string, index: number): string {
  return `event:${sourceId}:${index}`;
}

/** The stop a row id names, if it names one. */
export function stopOfId(timeline: Timeline | null, id: string | null): TimelineStop | null {
  if (!timeline || !id?.startsWith('stop:')) return null;
  const key = id.slice('stop:'.length);
  return (
    timeline.entries.find((e): e is TimelineStop => e.type === 'stop' && e.key === key) ?? null
  );
}

/** Every row, unfiltered, in time order (derived entries first at equal times). */
export function buildTimelineRows(timeline: Timeline, sources: readonly Source[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const entry of timeline.entries) {
    rows.push({ kind: entry.type, id: entryId(entry), start: entry.start, entry });
  }
  for (const photo of timeline.photos) {
    if (!Number.isFinite(photo.t)) continue;
    rows.push({
      kind: 'photo',
      id: photoRowId(photo.sourceId, photo.index),
      start: photo.t,
      photo,
    });
  }
  for (const source of sources) {
    const params = timeline.parameters.perSource[source.id];
    if (!params || params.excluded) continue;
    source.events?.forEach((event, index) => {
      if (!Number.isFinite(event.t)) return;
      rows.push({
        kind: 'event',
        id: eventRowId(source.id, index),
        start: event.t + params.clockOffsetMs,
        sourceId: source.id,
        index,
        event,
      });
    });
  }
  const rank: Record<TimelineRowKind, number> = {
    stop: 0,
    move: 0,
    gap: 0,
    conflict: 1,
    event: 2,
    photo: 3,
  };
  // Stable sort: the derivation's own order is kept among its entries.
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => x.row.start - y.row.start || rank[x.row.kind] - rank[y.row.kind] || x.i - y.i)
    .map((x) => x.row);
}

export function rowSources(row: TimelineRow): string[] {
  switch (row.kind) {
    case 'photo':
      return [row.photo.sourceId];
    case 'event':
      return [row.sourceId];
    default:
      return row.entry.sources;
  }
}

function rowEnd(row: TimelineRow): number {
  return row.kind === 'photo' || row.kind === 'event' ? row.start : row.entry.end;
}

export function filterTimelineRows(
  rows: readonly TimelineRow[],
  filters: TimelineFilters,
): TimelineRow[] {
  const hiddenKinds = new Set(filters.hiddenKinds);
  const hiddenSources = new Set(filters.hiddenSources);
  const { range, placeGroup } = filters;
  return rows.filter((row) => {
    // A recurring place chosen: its visits only, whatever else is shown.
    if (placeGroup !== undefined) {
      return (
        row.kind === 'stop' && row.entry.type === 'stop' && row.entry.placeGroup === placeGroup
      );
    }
    if (hiddenKinds.has(row.kind)) return false;
    if (hiddenSources.size > 0) {
      const sources = rowSources(row);
      if (sources.length > 0 && sources.every((s) => hiddenSources.has(s))) return false;
    }
    if (range && (rowEnd(row) < range.start || row.start > range.end)) return false;
    return true;
  });
}

/** Row heights in pixels: known per kind, so the list can be windowed without measuring. */
export const ROW_HEIGHT: Readonly<Record<TimelineRowKind, number>> = {
  stop: 64,
  move: 30,
  gap: 34,
  conflict: 50,
  photo: 48,
  event: 28,
};

/** Top offset of every row and the total height, for windowing. */
export function rowOffsets(rows: readonly TimelineRow[]): { tops: Float64Array; total: number } {
  const tops = new Float64Array(rows.length);
  let y = 0;
  for (let i = 0; i < rows.length; i++) {
    tops[i] = y;
    y += ROW_HEIGHT[rows[i]!.kind];
  }
  return { tops, total: y };
}

/** The rows intersecting [top, top + height), widened by `overscan` rows each side. */
export function visibleRange(
  tops: Float64Array,
  total: number,
  top: number,
  height: number,
  overscan = 8,
): { first: number; last: number } {
  const n = tops.length;
  if (n === 0) return { first: 0, last: -1 };
  const first = Math.max(0, lastAtOrBefore(tops, top) - overscan);
  const bottom = Math.min(total, top + height);
  const last = Math.min(n - 1, lastAtOrBefore(tops, bottom) + overscan);
  return { first, last };
}

/** Index of the last row starting at or before y (binary search over sorted tops). */
function lastAtOrBefore(tops: Float64Array, y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
