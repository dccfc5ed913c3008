/**
 * The evidence layers of the main map joined to the store: events, accuracy circles, cell
 * sectors and testimony pins, each shown or hidden by the legend and dimmed outside the time
 * range; plus the legend and the map tools. Until their own components read `layerVisible`,
 * the stop, conflict and photo layers are switched here by their layer ids.
 */
import { useEffect, useMemo } from 'react';
import { PHOTO_LAYER_IDS } from '../../photos/PhotoLayer';
import { useApp } from '../../store/StoreContext';
import { sourceEntries } from '../../store/sourcesSlice';
import { Legend } from '../Legend';
import { useMapHandle } from '../MapContext';
import { STOP_LAYER_IDS } from '../StopLayer';
import { MapTools } from '../tools/MapTools';
import { AccuracyLayer } from './AccuracyLayer';
import { EventLayer } from './EventLayer';
import type { LayerSource } from './evidenceFeatures';
import { setLayersVisible, useTimeRange } from './layerSupport';
import { SectorLayer } from './SectorLayer';
import { TestimonyLayer, type TestimonyPin } from './TestimonyLayer';

const NO_PINS: readonly TestimonyPin[] = [];

const STOP_LAYERS = [STOP_LAYER_IDS.halo, STOP_LAYER_IDS.circles, STOP_LAYER_IDS.numbers];
const CONFLICT_LAYERS = [
  STOP_LAYER_IDS.conflictSelected,
  STOP_LAYER_IDS.conflictLines,
  STOP_LAYER_IDS.conflictEnds,
];
const PHOTO_LAYERS = [
  PHOTO_LAYER_IDS.clusters,
  PHOTO_LAYER_IDS.clusterCounts,
  PHOTO_LAYER_IDS.singles,
  PHOTO_LAYER_IDS.placed,
];

export interface EvidenceLayersProps {
  /** Places pointed out in interviews (issue 9); none yet. */
  testimony?: readonly TestimonyPin[];
}

export function EvidenceLayers({ testimony = NO_PINS }: EvidenceLayersProps) {
  const handle = useMapHandle();
  const entries = useApp((s) => s.entries);
  const timeline = useApp((s) => s.timeline);
  const layerVisible = useApp((s) => s.layerVisible);
  const selection = useApp((s) => s.timelineSelection);
  const timeRange = useTimeRange();
  const interviewPins = useApp((s) => s.testimony.pins.length);

  // Clock offsets as the derivation applied them; a new derivation with the same offsets
  // must not rebuild every layer.
  const offsets = JSON.stringify(
    Object.entries(timeline?.parameters.perSource ?? {}).map(([id, p]) => [id, p.clockOffsetMs]),
  );
  const inputs = useMemo<LayerSource[]>(() => {
    const byId = new Map<string, number>(JSON.parse(offsets) as [string, number][]);
    return sourceEntries(entries).map((e) => ({
      key: e.key,
      source: e.source,
      colour: e.colour,
      clockOffsetMs: byId.get(e.source.id) ?? 0,
    }));
  }, [entries, offsets]);

  const map = handle?.map;
  const generation = handle?.styleGeneration;
  useEffect(() => {
    if (!map) return;
    setLayersVisible(map, STOP_LAYERS, layerVisible.stops);
    setLayersVisible(map, CONFLICT_LAYERS, layerVisible.conflicts);
    setLayersVisible(map, PHOTO_LAYERS, layerVisible.photos);
  }, [map, generation, layerVisible, entries, timeline]);

  return (
    <>
      <SectorLayer sources={inputs} visible={layerVisible.sectors} timeRange={timeRange} />
      <AccuracyLayer sources={inputs} visible={layerVisible.accuracy} timeRange={timeRange} />
      <EventLayer
        sources={inputs}
        visible={layerVisible.events}
        timeRange={timeRange}
        selectedId={selection?.id ?? null}
        focusSeq={selection?.origin === 'list' ? selection.seq : 0}
      />
      <TestimonyLayer pins={testimony} visible={layerVisible.testimony} timeRange={timeRange} />
      <Legend sources={inputs} testimonyCount={testimony.length + interviewPins} />
      <MapTools />
    </>
  );
}
