/**
 * One source's route on the map: its segments as lines (over a white casing so they read on
 * any background) and its waypoints as dots. Added on mount, updated when the source or
 * colour changes, removed on unmount. Drawn as map layers, not DOM markers, so exports of the
 * canvas include them.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Source } from '../../../shared/model';
import { WORLD_SOURCE_ID } from '../../../shared/map/world-style';
import { useMapHandle } from './MapContext';
import { routeLines, waypointPoints } from './routeGeoJson';

export interface RouteLayerProps {
  source: Source;
  color: string;
  /** Distinguishes several layers of the same source (defaults to the source id). */
  layerKey?: string;
}

export function routeLayerIds(key: string) {
  const base = `route-${key}`;
  return {
    linesSource: `${base}-lines`,
    pointsSource: `${base}-points`,
    casing: `${base}-casing`,
    line: `${base}-line`,
    points: `${base}-points`,
  };
}

export function RouteLayer({ source, color, layerKey }: RouteLayerProps) {
  const handle = useMapHandle();
  const key = layerKey ?? source.id;
  const ids = useMemo(() => routeLayerIds(key), [key]);
  const lines = useMemo(() => routeLines(source), [source]);
  const points = useMemo(() => waypointPoints(source), [source]);
  const latest = useRef({ lines, points, color });
  latest.current = { lines, points, color };

  const map = handle?.map;
  const generation = handle?.styleGeneration;

  useEffect(() => {
    if (!map) return;
    const { lines: l, points: p, color: c } = latest.current;
    const beforeId = basemapLabelLayer(map);
    map.addSource(ids.linesSource, { type: 'geojson', data: l });
    map.addSource(ids.pointsSource, { type: 'geojson', data: p });
    map.addLayer(
      {
        id: ids.casing,
        type: 'line',
        source: ids.linesSource,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 6.5, 'line-opacity': 0.85 },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.line,
        type: 'line',
        source: ids.linesSource,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': c, 'line-width': 3.5 },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.points,
        type: 'circle',
        source: ids.pointsSource,
        paint: {
          'circle-radius': 5,
          'circle-color': c,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      beforeId,
    );
    return () => removeRoute(map, ids);
  }, [map, generation, ids]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(ids.linesSource) as GeoJSONSource | undefined)?.setData(lines);
    (map.getSource(ids.pointsSource) as GeoJSONSource | undefined)?.setData(points);
  }, [map, ids, lines, points]);

  useEffect(() => {
    if (!map) return;
    if (map.getLayer(ids.line)) map.setPaintProperty(ids.line, 'line-color', color);
    if (map.getLayer(ids.points)) map.setPaintProperty(ids.points, 'circle-color', color);
  }, [map, ids, color]);

  return null;
}

/** Routes go under the basemap's place names, so a route never hides where it passes. */
function basemapLabelLayer(map: MapLibreMap): string | undefined {
  return map
    .getStyle()
    .layers.find((l) => l.type === 'symbol' && 'source' in l && l.source === WORLD_SOURCE_ID)?.id;
}

function removeRoute(map: MapLibreMap, ids: ReturnType<typeof routeLayerIds>): void {
  // After map.remove() the style is gone and there is nothing left to clean up.
  if (!map.style) return;
  for (const layer of [ids.points, ids.line, ids.casing]) {
    if (map.getLayer(layer)) map.removeLayer(layer);
  }
  for (const src of [ids.pointsSource, ids.linesSource]) {
    if (map.getSource(src)) map.removeSource(src);
  }
}
