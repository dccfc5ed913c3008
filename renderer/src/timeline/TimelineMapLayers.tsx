/**
 * The timeline's layers on the main map, joined to the store: the selection is shared with
 * the list (a click on a marker selects the row; a row selected in the list moves the map).
 * A selected co-presence interval shows its evidence fixes and the map fits them.
 */
import { useCallback, useMemo } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import type { Source } from '../../../shared/model';
import { StopLayer } from '../map/StopLayer';
import { useApp } from '../store/StoreContext';
import { CoPresenceLayer } from './CoPresenceLayer';
import { coPresenceOfId, locateCoPresence } from './coPresence';
import { locateTimelineEntry } from './locate';
import { entryId } from './rows';
import { useSourceIndex } from './sourceIndex';

export function TimelineMapLayers() {
  const timeline = useApp((s) => s.timeline);
  const timeRange = useApp((s) => s.timeRange);
  const selection = useApp((s) => s.timelineSelection);
  const select = useApp((s) => s.selectTimelineEntry);
  const sourceIndex = useSourceIndex();
  const sources = useMemo(() => {
    const map = new Map<string, Source>();
    for (const [id, entry] of sourceIndex) map.set(id, entry.source);
    return map;
  }, [sourceIndex]);
  const selectedId = selection?.id ?? null;
  const interval = useMemo(() => coPresenceOfId(timeline, selectedId), [timeline, selectedId]);
  const onSelect = useCallback((id: string) => select(id, 'map'), [select]);
  const locate = useCallback(
    (id: string): LngLatBoundsLike | [number, number] | null => {
      const together = coPresenceOfId(timeline, id);
      if (together) return locateCoPresence(together, sources);
      return timeline ? locateTimelineEntry(timeline, id) : null;
    },
    [timeline, sources],
  );
  return (
    <>
      <StopLayer
        timeline={timeline}
        timeRange={timeRange}
        selectedId={selectedId}
        focusSeq={selection?.origin === 'list' ? selection.seq : 0}
        entryIdOf={entryId}
        onSelect={onSelect}
        locate={locate}
      />
      <CoPresenceLayer
        interval={interval}
        sources={sources}
        colourA={(interval && sourceIndex.get(interval.a)?.colour) ?? '#1c2430'}
        colourB={(interval && sourceIndex.get(interval.b)?.colour) ?? '#1c2430'}
      />
    </>
  );
}
