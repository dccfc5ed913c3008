/**
 * The selected co-presence interval on the map: a thin line from each of source a's evidence
 * fixes to the source b fix it was compared with, and the fixes themselves in each source's
 * route colour. Nothing is drawn unless an interval is selected.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Source } from '../../../shared/model';
import type { CoPresenceInterval } from '../../../shared/timeline/types';
import { useMapHandle } from '../map/MapContext';
import { coPresenceFeatures } from './coPresence';

export const COPRESENCE_LAYER_IDS = {
  source: 'timeline-copresence',
  lines: 'timeline-copresence-lines',
  points: 'timeline-copresence-points',
} as const;

const LINK_COLOUR = '#ff9f1c';

export interface CoPresenceLayerProps {
  interval: CoPresenceInterval | null;
  sources: ReadonlyMap<string, Source>;
  colourA: string;
  colourB: string;
}

export function CoPresenceLayer({ interval, sources, colourA, colourB }: CoPresenceLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const data = useMemo(() => coPresenceFeatures(interval, sources), [interval, sources]);
  const latest = useRef({ data, colourA, colourB });
  latest.current = { data, colourA, colourB };

  useEffect(() => {
    if (!map) return;
    const ids = COPRESENCE_LAYER_IDS;
    map.addSource(ids.source, { type: 'geojson', data: latest.current.data });
    map.addLayer({
      id: ids.lines,
      type: 'line',
      source: ids.source,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': LINK_COLOUR, 'line-width': 2, 'line-opacity': 0.9 },
    });
    map.addLayer({
      id: ids.points,
      type: 'circle',
      source: ids.source,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 5,
        'circle-color': [
          'case',
          ['==', ['get', 'side'], 'a'],
          latest.current.colourA,
          latest.current.colourB,
        ],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
    return () => removeCoPresenceLayers(map);
  }, [map, generation]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(COPRESENCE_LAYER_IDS.source) as GeoJSONSource | undefined)?.setData(data);
    if (map.getLayer(COPRESENCE_LAYER_IDS.points)) {
      map.setPaintProperty(COPRESENCE_LAYER_IDS.points, 'circle-color', [
        'case',
        ['==', ['get', 'side'], 'a'],
        colourA,
        colourB,
      ]);
    }
  }, [map, generation, data, colourA, colourB]);

  return null;
}

function removeCoPresenceLayers(map: MapLibreMap): void {
  // After map.remove() the style is gone and there is nothing left to clean up.
  if (!map.style) return;
  const ids = COPRESENCE_LAYER_IDS;
  for (const layer of [ids.points, ids.lines]) if (map.getLayer(layer)) map.removeLayer(layer);
  if (map.getSource(ids.source)) map.removeSource(ids.source);
}
