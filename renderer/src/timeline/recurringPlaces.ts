/**
 * Recurring places: one place visited on several occasions (a safehouse, a depot), grouped
 * by the derivation (`TimelineStop.placeGroup`) and listed with their visits.
 */
import type { PlaceName, Timeline, TimelineStop } from '../../../shared/timeline/types';

export interface RecurringPlace {
  group: number;
  /** The visits in time order (excluded stops included: the examiner sees them too). */
  stops: TimelineStop[];
  place?: PlaceName;
  /** The first examiner's label among the visits, if any. */
  label?: string;
}

export function recurringPlaces(timeline: Timeline | null): RecurringPlace[] {
  const groups = new Map<number, TimelineStop[]>();
  for (const entry of timeline?.entries ?? []) {
    if (entry.type !== 'stop' || entry.placeGroup === undefined) continue;
    const list = groups.get(entry.placeGroup) ?? [];
    list.push(entry);
    groups.set(entry.placeGroup, list);
  }
  return [...groups.entries()]
    .sort(([x], [y]) => x - y)
    .map(([group, stops]) => {
      const label = stops.find((s) => s.label?.trim())?.label;
      const place = stops.find((s) => s.place)?.place;
      return {
        group,
        stops: stops.sort((x, y) => x.start - y.start),
        ...(place ? { place } : {}),
        ...(label ? { label } : {}),
      };
    });
}
