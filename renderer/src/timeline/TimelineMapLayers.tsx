/**
 * The timeline's layers on the main map, joined to the store: the selection is shared with
 * the list (a click on a marker selects the row; a row selected in the list moves the map).
 */
import { useCallback } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import { StopLayer } from '../map/StopLayer';
import { useApp } from '../store/StoreContext';
import { locateTimelineEntry } from './locate';
import { entryId } from './rows';

export function TimelineMapLayers() {
  const timeline = useApp((s) => s.timeline);
  const selection = useApp((s) => s.timelineSelection);
  const select = useApp((s) => s.selectTimelineEntry);
  const onSelect = useCallback((id: string) => select(id, 'map'), [select]);
  const locate = useCallback(
    (id: string): LngLatBoundsLike | [number, number] | null =>
      timeline ? locateTimelineEntry(timeline, id) : null,
    [timeline],
  );
  return (
    <StopLayer
      timeline={timeline}
      selectedId={selection?.id ?? null}
      focusSeq={selection?.origin === 'list' ? selection.seq : 0}
      entryIdOf={entryId}
      onSelect={onSelect}
      locate={locate}
    />
  );
}
