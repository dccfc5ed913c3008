/**
 * Evidence the derivation could not use (a reported stop with no time or position, an
 * ignition off with no later on), described with where it came from so the examiner can
 * find it in the file: nothing is dropped silently.
 */
import type { Source } from '../../../shared/model';
import type { SkippedEvidence, Timeline } from '../../../shared/timeline/types';

export interface SkippedItem {
  item: SkippedEvidence;
  sourceLabel: string;
  /** The event's type (`ignition-off`…) for events; undefined for reported stops. */
  eventType?: string;
  line?: number;
  record?: number;
}

/** The timeline's skipped evidence, in source then index order, with file locations. */
export function skippedItems(
  timeline: Timeline | null,
  sources: ReadonlyMap<string, Source>,
): SkippedItem[] {
  const items = [...(timeline?.skipped ?? [])].sort(
    (x, y) =>
      (x.sourceId < y.sourceId ? -1 : x.sourceId > y.sourceId ? 1 : 0) ||
      (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) ||
      x.index - y.index,
  );
  return items.map((item) => {
    const source = sources.get(item.sourceId);
    const origin =
      item.kind === 'event' ? source?.events?.[item.index] : source?.reportedStops?.[item.index];
    return {
      item,
      sourceLabel: source?.label ?? item.sourceId,
      ...(item.kind === 'event' && source?.events?.[item.index]
        ? { eventType: source.events[item.index]!.type }
        : {}),
      ...(origin?.line !== undefined ? { line: origin.line } : {}),
      ...(origin?.record !== undefined ? { record: origin.record } : {}),
    };
  });
}

export function skippedId(item: SkippedEvidence): string {
  return `skipped:${item.kind}:${item.sourceId}:${item.index}`;
}
