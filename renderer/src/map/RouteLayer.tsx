/**
 * One source's route on the map: its segments as lines (over a white casing so they read on
 * any background) and its waypoints as dots. Added on mount, updated when the source or
 * colour changes, removed on unmount. Drawn as map layers, not DOM markers, so exports of the
 * canvas include them.
 *
 * Long tracks go through a level of detail (shared/geo/routeLod): the line source holds only
 * the points the current zoom needs, at most a vertex budget, and is rebuilt after a move
 * that changes the integer zoom or leaves the window it was built for. Every fix is drawn
 * from zoom 17 on. The level of detail of a large source is built in a Web Worker; its line
 * appears when that is done.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { BoundingBox, Source } from '../../../shared/model';
import { lodZoom, planLodView, type LodView, type RouteLod } from '../../../shared/geo/routeLod';
import { WORLD_SOURCE_ID } from '../../../shared/map/world-style';
import { useMapHandle } from './MapContext';
import { EMPTY_LINES, routeLinesForView, waypointPoints } from './routeGeoJson';
import { SYNC_LOD_MAX_FIXES, buildRouteLodInWorker, buildRouteLodNow } from './routeLodAsync';

/** Rebuilding waits this long after a move ends, so a burst of moves costs one rebuild. */
const REBUILD_DELAY_MS = 60;

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
  const lod = useRouteLod(source);
  const points = useMemo(() => waypointPoints(source), [source]);
  const lines = useRef(EMPTY_LINES);
  const drawnView = useRef<LodView | null>(null);
  const latest = useRef({ points, color });
  latest.current = { points, color };

  const map = handle?.map;
  const generation = handle?.styleGeneration;

  useEffect(() => {
    if (!map) return;
    const { points: p, color: c } = latest.current;
    const beforeId = basemapLabelLayer(map);
    map.addSource(ids.linesSource, { type: 'geojson', data: lines.current });
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

  // The line follows the view: rebuilt now for a new source, and after moves that need it.
  useEffect(() => {
    if (!map) return;
    const refresh = (force: boolean) => {
      if (!lod) {
        drawnView.current = null;
        lines.current = EMPTY_LINES;
      } else {
        const viewport = boundsOf(map);
        const previous = drawnView.current;
        if (!force && previous && !needsRebuild(previous, map.getZoom(), viewport)) return;
        const view = planLodView(lod, source.fixes, map.getZoom(), widen(viewport));
        drawnView.current = view;
        lines.current = routeLinesForView(source, lod, view);
      }
      (map.getSource(ids.linesSource) as GeoJSONSource | undefined)?.setData(lines.current);
    };
    refresh(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onMoveEnd = () => {
      clearTimeout(timer);
      timer = setTimeout(() => refresh(false), REBUILD_DELAY_MS);
    };
    map.on('moveend', onMoveEnd);
    return () => {
      clearTimeout(timer);
      map.off('moveend', onMoveEnd);
    };
  }, [map, generation, ids, source, lod]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(ids.pointsSource) as GeoJSONSource | undefined)?.setData(points);
  }, [map, ids, points]);

  useEffect(() => {
    if (!map) return;
    if (map.getLayer(ids.line)) map.setPaintProperty(ids.line, 'line-color', color);
    if (map.getLayer(ids.points)) map.setPaintProperty(ids.points, 'circle-color', color);
  }, [map, ids, color]);

  return null;
}

/** The source's level of detail: at once when small, from a worker when large (null until then). */
function useRouteLod(source: Source): RouteLod | null {
  const small = source.fixes.count <= SYNC_LOD_MAX_FIXES;
  const immediate = useMemo(() => (small ? buildRouteLodNow(source) : null), [source, small]);
  const [built, setBuilt] = useState<{ source: Source; lod: RouteLod } | null>(null);
  useEffect(() => {
    if (small) return;
    const job = buildRouteLodInWorker(source);
    let cancelled = false;
    job.promise
      .catch((err: unknown) => {
        console.warn('route level of detail: worker failed, building here', err);
        return buildRouteLodNow(source);
      })
      .then((lod) => {
        if (!cancelled) setBuilt({ source, lod });
      });
    return () => {
      cancelled = true;
      job.cancel();
    };
  }, [source, small]);
  return immediate ?? (built?.source === source ? built.lod : null);
}

function boundsOf(map: MapLibreMap): BoundingBox {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
}

/** The viewport grown by its own size on every side: short pans stay inside it. */
function widen(box: BoundingBox): BoundingBox {
  const w = box.east - box.west;
  const h = box.north - box.south;
  return {
    west: box.west - w,
    east: box.east + w,
    south: Math.max(-90, box.south - h),
    north: Math.min(90, box.north + h),
  };
}

function needsRebuild(drawn: LodView, mapZoom: number, viewport: BoundingBox): boolean {
  if (lodZoom(mapZoom) !== drawn.zoom) return true;
  const w = drawn.window;
  if (!w) return false;
  return (
    viewport.west < w.west ||
    viewport.east > w.east ||
    viewport.south < w.south ||
    viewport.north > w.north
  );
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
