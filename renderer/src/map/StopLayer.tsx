/**
 * Timeline entries on the map: numbered stop markers (a circle sized by the stay's duration
 * with its number), conflicts as a red dashed line between the two observations that cannot
 * both be true, and the selected entry emphasised. Map layers, not DOM markers, so exhibits
 * that render the canvas include them. Clicking a marker selects its entry; an entry selected
 * elsewhere (the list) is brought into view.
 */
import type { TimeSpan } from '../store/timeSlice';
import { dimByState, useSpanDimming, withSpanIds } from '../time/dimming';
import { useEffect, useMemo, useRef } from 'react';
import { LngLatBounds } from 'maplibre-gl';
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LngLatBoundsLike,
  Map as MapLibreMap,
  MapLayerMouseEvent,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Timeline, TimelineStop } from '../../../shared/timeline/types';
import { MAP_FONT_BOLD } from '../fonts';
import { bringIntoView } from './followView';
import { claimClicks } from './topmostHit';
import { useMapHandle } from './MapContext';

export const STOP_LAYER_IDS = {
  stopsSource: 'timeline-stops',
  conflictsSource: 'timeline-conflicts',
  halo: 'timeline-stops-selected',
  circles: 'timeline-stops-circle',
  numbers: 'timeline-stops-number',
  conflictLines: 'timeline-conflicts-line',
  conflictEnds: 'timeline-conflicts-ends',
  conflictSelected: 'timeline-conflicts-selected',
} as const;

export const STOP_COLOUR = '#1c2430';
export const STOP_EXCLUDED_COLOUR = '#9aa7b8';
export const SELECTED_COLOUR = '#ff9f1c';
export const CONFLICT_COLOUR = '#d81b60';

export interface StopLayerProps {
  timeline: Timeline | null;
  selectedId: string | null;
  /** Bumped by a selection the map should move to (not by a click on the map itself). */
  focusSeq?: number;
  /** Ids as `renderer/src/timeline/rows.ts` makes them (`stop:<key>`, `conflict:…`). */
  entryIdOf: (entry: Timeline['entries'][number]) => string;
  onSelect?: (id: string) => void;
  /** Stops that do not overlap the time bar's window are dimmed; null shows all bright. */
  timeRange?: TimeSpan | null;
  /** Where the selected entry is, for the map to move to; null when it has no position. */
  locate?: (id: string) => LngLatBoundsLike | [number, number] | null;
}

export function stopFeatures(
  timeline: Timeline | null,
  entryIdOf: StopLayerProps['entryIdOf'],
): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const entry of timeline?.entries ?? []) {
    if (entry.type !== 'stop') continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [entry.lon, entry.lat] },
      properties: {
        id: entryIdOf(entry),
        n: entry.n,
        label: entry.excluded ? '–' : String(entry.n),
        durationMin: entry.durationS / 60,
        excluded: entry.excluded === true,
        tStart: entry.start,
        tEnd: entry.end,
      },
    });
  }
  // Long stays drawn first, so a short stop inside a long one stays clickable on top.
  features.sort((a, b) => b.properties!.durationMin - a.properties!.durationMin);
  return { type: 'FeatureCollection', features };
}

export function conflictFeatures(
  timeline: Timeline | null,
  entryIdOf: StopLayerProps['entryIdOf'],
): FeatureCollection<LineString | Point> {
  const features: Feature<LineString | Point>[] = [];
  for (const entry of timeline?.entries ?? []) {
    if (entry.type !== 'conflict') continue;
    const id = entryIdOf(entry);
    const a: [number, number] = [entry.a.lon, entry.a.lat];
    const b: [number, number] = [entry.b.lon, entry.b.lat];
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [a, b] },
      properties: { id },
    });
    for (const end of [a, b]) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: end },
        properties: { id },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Placement order of stop numbers (lowest first): the selected stop, then by length of stay. */
export function numberPriority(selectedId: string): ExpressionSpecification {
  return ['case', ['==', ['get', 'id'], selectedId], -1e9, ['-', ['get', 'durationMin']]];
}

/** Circle radius in pixels by minutes stayed: readable at 5 min, not swamping at a day. */
const RADIUS_BY_DURATION: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['sqrt', ['max', 0, ['get', 'durationMin']]],
  0,
  8,
  Math.sqrt(5),
  9,
  Math.sqrt(60),
  13,
  Math.sqrt(480),
  19,
  Math.sqrt(1440),
  24,
];

/** Markers are full size from street scale; at region scale half, so they do not bury the route. */
const FULL_SIZE_ZOOM = 11;
const HALF_SIZE_ZOOM = 6;

/** `small` at region scale, `full` from street scale, linear between. */
const byZoom = (
  small: number | ExpressionSpecification,
  full: number | ExpressionSpecification,
): ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  HALF_SIZE_ZOOM,
  small,
  FULL_SIZE_ZOOM,
  full,
];

/** The marker radius (plus `ring` pixels) at the current zoom. */
export function markerRadius(ring = 0): ExpressionSpecification {
  return byZoom(['+', ['*', 0.5, RADIUS_BY_DURATION], ring], ['+', RADIUS_BY_DURATION, ring]);
}

export function StopLayer({
  timeline,
  timeRange = null,
  selectedId,
  focusSeq = 0,
  entryIdOf,
  onSelect,
  locate,
}: StopLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  // Numbered for feature state: the time window dims stops without a relayout (dimming.ts).
  const numbered = useMemo(
    () => withSpanIds(stopFeatures(timeline, entryIdOf)),
    [timeline, entryIdOf],
  );
  const stops = numbered.collection;
  const conflicts = useMemo(() => conflictFeatures(timeline, entryIdOf), [timeline, entryIdOf]);
  const latest = useRef({ stops, conflicts, selectedId, onSelect });
  latest.current = { stops, conflicts, selectedId, onSelect };

  useEffect(() => {
    if (!map) return;
    const ids = STOP_LAYER_IDS;
    const selected = latest.current.selectedId ?? '';
    map.addSource(ids.stopsSource, { type: 'geojson', data: latest.current.stops });
    map.addSource(ids.conflictsSource, { type: 'geojson', data: latest.current.conflicts });
    map.addLayer({
      id: ids.conflictSelected,
      type: 'line',
      source: ids.conflictsSource,
      filter: ['all', ['==', ['geometry-type'], 'LineString'], ['==', ['get', 'id'], selected]],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': SELECTED_COLOUR, 'line-width': 9, 'line-opacity': 0.7 },
    });
    map.addLayer({
      id: ids.conflictLines,
      type: 'line',
      source: ids.conflictsSource,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': CONFLICT_COLOUR, 'line-width': 3, 'line-dasharray': [2, 1.5] },
    });
    map.addLayer({
      id: ids.conflictEnds,
      type: 'circle',
      source: ids.conflictsSource,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 6,
        'circle-color': '#ffffff',
        'circle-stroke-color': CONFLICT_COLOUR,
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: ids.halo,
      type: 'circle',
      source: ids.stopsSource,
      filter: ['==', ['get', 'id'], selected],
      paint: {
        // The marker's radius plus a ring, so the halo shows around any size of marker.
        'circle-radius': markerRadius(6),
        'circle-color': SELECTED_COLOUR,
        'circle-opacity': 0.9,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: ids.circles,
      type: 'circle',
      source: ids.stopsSource,
      paint: {
        'circle-radius': markerRadius(),
        'circle-color': ['case', ['get', 'excluded'], STOP_EXCLUDED_COLOUR, STOP_COLOUR],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': byZoom(1, 2),
        'circle-opacity': dimByState(),
        'circle-stroke-opacity': dimByState(),
      },
    });
    map.addLayer({
      id: ids.numbers,
      type: 'symbol',
      source: ids.stopsSource,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': [MAP_FONT_BOLD],
        'text-size': byZoom(10, 12),
        // Where markers crowd (a region of a long case), numbers piled on one another read
        // as none: the longer stays and the selected one keep theirs, the rest show as plain
        // markers until the map is zoomed in.
        'text-allow-overlap': false,
        'symbol-sort-key': numberPriority(selected),
      },
      paint: {
        'text-color': '#ffffff',
        // A number wider than a small marker at region scale stays legible off the marker.
        'text-halo-color': ['case', ['get', 'excluded'], STOP_EXCLUDED_COLOUR, STOP_COLOUR],
        'text-halo-width': 1.5,
        'text-opacity': dimByState(),
      },
    });

    const onClick = (event: MapLayerMouseEvent) => {
      const id = event.features?.[0]?.properties?.id as string | undefined;
      if (id) latest.current.onSelect?.(id);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    const clickable = [ids.circles, ids.conflictLines, ids.conflictEnds];
    const releaseClicks = claimClicks(map, clickable, onClick);
    for (const layer of clickable) {
      map.on('mouseenter', layer, pointer);
      map.on('mouseleave', layer, plain);
    }
    return () => {
      releaseClicks();
      for (const layer of clickable) {
        map.off('mouseenter', layer, pointer);
        map.off('mouseleave', layer, plain);
      }
      removeStopLayers(map);
    };
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(STOP_LAYER_IDS.stopsSource) as GeoJSONSource | undefined)?.setData(stops);
    (map.getSource(STOP_LAYER_IDS.conflictsSource) as GeoJSONSource | undefined)?.setData(
      conflicts,
    );
  }, [map, generation, stops, conflicts]);

  // Stops that do not overlap the window are dimmed (after their data is set, above).
  useSpanDimming(map, generation, STOP_LAYER_IDS.stopsSource, numbered, timeRange);

  useEffect(() => {
    if (!map) return;
    const id = selectedId ?? '';
    if (map.getLayer(STOP_LAYER_IDS.halo)) {
      map.setFilter(STOP_LAYER_IDS.halo, ['==', ['get', 'id'], id]);
    }
    if (map.getLayer(STOP_LAYER_IDS.numbers)) {
      map.setLayoutProperty(STOP_LAYER_IDS.numbers, 'symbol-sort-key', numberPriority(id));
    }
    if (map.getLayer(STOP_LAYER_IDS.conflictSelected)) {
      map.setFilter(STOP_LAYER_IDS.conflictSelected, [
        'all',
        ['==', ['geometry-type'], 'LineString'],
        ['==', ['get', 'id'], id],
      ]);
    }
  }, [map, generation, selectedId]);

  // Only a new focus request moves the map; re-derivations and map clicks leave it alone.
  useEffect(() => {
    if (!map || focusSeq === 0 || !selectedId || !locate) return;
    const target = locate(selectedId);
    if (!target) return;
    // Only when it is not in plain view already, and clear of the map's overlays.
    if (isPoint(target)) bringIntoView(map, target, { minZoom: 11 });
    else {
      const b = LngLatBounds.convert(target);
      bringIntoView(map, [b.getSouthWest().toArray(), b.getNorthEast().toArray()], {
        maxZoom: 13,
      });
    }
  }, [map, focusSeq]);

  return null;
}

function isPoint(target: LngLatBoundsLike | [number, number]): target is [number, number] {
  return Array.isArray(target) && target.length === 2 && typeof target[0] === 'number';
}

function removeStopLayers(map: MapLibreMap): void {
  // After map.remove() the style is gone and there is nothing left to clean up.
  if (!map.style) return;
  const ids = STOP_LAYER_IDS;
  for (const layer of [
    ids.numbers,
    ids.circles,
    ids.halo,
    ids.conflictEnds,
    ids.conflictLines,
    ids.conflictSelected,
  ]) {
    if (map.getLayer(layer)) map.removeLayer(layer);
  }
  for (const source of [ids.stopsSource, ids.conflictsSource]) {
    if (map.getSource(source)) map.removeSource(source);
  }
}

/** Where a stop is, as the map's centre. */
export function stopCentre(stop: TimelineStop): [number, number] {
  return [stop.lon, stop.lat];
}
