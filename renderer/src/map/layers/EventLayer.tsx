/**
 * Vehicle and device events (ignition, doors, fuel, engine, driver, status) as icons: at the
 * event's own position, or at the source's nearest fix in time when the event has none (drawn
 * slightly faded, and said so in its details). The selected event — chosen here or in the
 * timeline list — gets a halo; one chosen in the list is brought into view.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { bringIntoView } from '../followView';
import { useMapHandle } from '../MapContext';
import { ICON_PIXEL_RATIO, eventIconImage, parseEventIconId } from './eventIcons';
import { eventFeatures, type EventProps, type LayerSource } from './evidenceFeatures';
import { DIM_FACTOR, removeLayersAndSources, setLayersVisible } from './layerSupport';
import { dimByState, useSpanDimming, withSpanIds } from '../../time/dimming';
import type { TimeSpan } from '../../store/timeSlice';

export const EVENT_LAYER_IDS = {
  source: 'evidence-events',
  halo: 'evidence-events-selected',
  dots: 'evidence-events-dot',
  icons: 'evidence-events-icons',
} as const;

const IDS = EVENT_LAYER_IDS;
const ALL_LAYERS = [IDS.icons, IDS.dots, IDS.halo];
const SELECTED_COLOUR = '#ff9f1c';

export interface EventLayerProps {
  sources: readonly LayerSource[];
  visible: boolean;
  timeRange: TimeSpan | null;
  /** The selected timeline row id; a halo shows when it is one of these events. */
  selectedId: string | null;
  /** Bumped by a selection the map should move to (made in the list, not on the map). */
  focusSeq?: number;
}

/**
 * Periodic readings (fuel level, odometer) are logged every few minutes: drawn at every zoom
 * they bury the route and the discrete events (ignition, doors) under badges. They appear from
 * street level; discrete events at every zoom.
 */
const READINGS_AT_STREET_LEVEL: FilterSpecification = [
  'any',
  ['!', ['in', ['get', 'type'], ['literal', ['fuel-level', 'odometer']]]],
  ['>=', ['zoom'], 11],
];

export function EventLayer({
  sources,
  visible,
  timeRange,
  selectedId,
  focusSeq = 0,
}: EventLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  // Numbered for feature state: the time window dims events without a relayout (dimming.ts).
  const numbered = useMemo(() => withSpanIds(eventFeatures(sources)), [sources]);
  const data = numbered.collection;
  const latest = useRef({ data, visible, timeRange, selectedId });
  latest.current = { data, visible, timeRange, selectedId };

  useEffect(() => {
    if (!map) return;
    const now = latest.current;
    addIcons(map, now.data);
    map.addSource(IDS.source, { type: 'geojson', data: now.data });
    map.addLayer({
      id: IDS.halo,
      type: 'circle',
      source: IDS.source,
      filter: ['==', ['get', 'id'], now.selectedId ?? ''],
      paint: {
        'circle-radius': 9,
        'circle-color': SELECTED_COLOUR,
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: IDS.dots,
      type: 'circle',
      source: IDS.source,
      filter: READINGS_AT_STREET_LEVEL,
      paint: {
        'circle-radius': 3,
        'circle-color': ['get', 'c'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
        'circle-opacity': iconOpacity(),
        'circle-stroke-opacity': iconOpacity(),
      },
    });
    map.addLayer({
      id: IDS.icons,
      type: 'symbol',
      source: IDS.source,
      filter: READINGS_AT_STREET_LEVEL,
      layout: {
        'icon-image': ['get', 'icon'],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Smaller when the whole journey is in view, full size at street level.
        'icon-size': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 12, 1],
        // A badge beside its point (marked by a dot), so a stop's number under it stays
        // readable and the exact position is still shown.
        'icon-anchor': 'bottom-left',
        'icon-offset': [-4, 4],
        // Later events on top, so the last thing that happened at a stop shows.
        'symbol-sort-key': ['coalesce', ['get', 't'], 0],
      },
      paint: { 'icon-opacity': iconOpacity() },
    });
    setLayersVisible(map, ALL_LAYERS, now.visible);
    return () => removeLayersAndSources(map, ALL_LAYERS, [IDS.source]);
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    addIcons(map, data);
    (map.getSource(IDS.source) as GeoJSONSource | undefined)?.setData(data);
  }, [map, generation, data]);

  useEffect(() => {
    if (map) setLayersVisible(map, ALL_LAYERS, visible);
  }, [map, generation, visible]);

  useSpanDimming(map, generation, IDS.source, numbered, timeRange);

  useEffect(() => {
    if (map?.getLayer(IDS.halo)) map.setFilter(IDS.halo, ['==', ['get', 'id'], selectedId ?? '']);
  }, [map, generation, selectedId]);

  useEffect(() => {
    if (!map || focusSeq === 0 || !selectedId?.startsWith('event:')) return;
    const feature = latest.current.data.features.find((f) => f.properties.id === selectedId);
    if (!feature) return;
    bringIntoView(map, feature.geometry.coordinates as [number, number], { minZoom: 13 });
  }, [map, focusSeq]);

  return null;
}

/** Placed-by-time events a little fainter than those with their own position. */
function iconOpacity() {
  const own = dimByState(1, DIM_FACTOR);
  const placed = dimByState(0.7, 0.7 * DIM_FACTOR);
  return ['case', ['get', 'placed'], placed, own] as never;
}

function addIcons(map: MapLibreMap, data: FeatureCollection<Point, EventProps>): void {
  const ids = new Set(data.features.map((f) => f.properties.icon));
  for (const id of ids) {
    if (map.hasImage(id)) continue;
    const parsed = parseEventIconId(id);
    const image = parsed && eventIconImage(parsed.type, parsed.colour);
    if (image) map.addImage(id, image, { pixelRatio: ICON_PIXEL_RATIO });
  }
}
