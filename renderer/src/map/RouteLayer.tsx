/**
 * One source's route on the map: its segments as lines (over a white casing so they read on
 * any background) and its waypoints as dots. Added on mount, updated when the source or
 * colour changes, removed on unmount. Drawn as map layers, not DOM markers, so exports of the
 * canvas include them.
 *
 * Long tracks go through a level of detail (shared/geo/routeLod): the line source holds only
 * the points the current zoom needs, at most a vertex budget, and is rebuilt after a move
 * that changes the integer zoom or leaves the window it was built for. Every fix is drawn
 * from zoom 17 on. The level of detail of a large source is built in a Web Worker; until
 * it is ready the line is drawn from a preview (every n-th fix, `previewRouteLod`), so a
 * million-fix track shows at once rather than after the worker.
 *
 * The time window (`timeRange`) dims what lies outside it without re-simplifying: the drawn
 * line is cut into chunks with their time spans (`routeChunksForView`); chunks outside the
 * window are dimmed through feature state, and the few chunks the window's edges cross are
 * dimmed too with their in-window part drawn bright on top from a small source. Arrows along
 * the line show its direction of travel.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection, LineString } from 'geojson';
import type {
  ExpressionSpecification,
  GeoJSONSource,
  MapSourceDataEvent,
  Map as MapLibreMap,
} from 'maplibre-gl';
import type { BoundingBox, Source } from '../../../shared/model';
import {
  drawsSamePoints,
  lodZoom,
  planLodView,
  type LodView,
  type RouteLod,
} from '../../../shared/geo/routeLod';
import { afterMoves, firstLabelLayer } from './layers/layerSupport';
import { useMapHandle } from './MapContext';
import { FULL_ROUTE_DETAIL } from './renderQuality';
import { useApp } from '../store/StoreContext';
import type { SourceEntry } from '../store/sourcesSlice';
import type { TimeSpan } from '../store/timeSlice';
import {
  DIMMED_OPACITY,
  applyOutStates,
  dimByState,
  outOfRangeFlags,
  withStateIds,
} from '../time/dimming';
import { EMPTY_CHUNKS, routeChunksForView, waypointPoints, type RouteChunks } from './routeGeoJson';
import { chunkStates, crossingPieces } from './routeLodTime';
import {
  SYNC_LOD_MAX_FIXES,
  buildRouteLodInWorker,
  buildRouteLodNow,
  buildRoutePreviewNow,
  type LodJob,
} from './routeLodAsync';
import { afterRouteDraw, holdRoute, releaseRouteData, releaseRouteDraw } from './routeLodGate';
import { markPhase } from '../perfMarks';
import { linesAwayFrom } from '../time/offscreen';

/** Rebuilding waits this long after a move ends, so a burst of moves costs one rebuild. */
const REBUILD_DELAY_MS = 60;

export interface RouteLayerProps {
  source: Source;
  color: string;
  /** Distinguishes several layers of the same source (defaults to the source id). */
  layerKey?: string;
  /** The bright time window (UTC ms); outside it the route is dimmed. Null or absent: all bright. */
  timeRange?: TimeSpan | null;
  /** False hides the route (the layers stay, so showing it again costs nothing). */
  visible?: boolean;
}

/** The direction arrow image, shared by every route (drawn in each route's colour). */
export const ROUTE_ARROW_IMAGE = 'itinera-route-arrow';

const EMPTY_PIECES: FeatureCollection<LineString> = { type: 'FeatureCollection', features: [] };

/** Opacity from the chunk's feature state: dimmed when the time window leaves it out. */
function chunkOpacity(bright: number): ExpressionSpecification {
  return ['case', ['boolean', ['feature-state', 'out'], false], bright * DIMMED_OPACITY, bright];
}

export function routeLayerIds(key: string) {
  const base = `route-${key}`;
  return {
    linesSource: `${base}-lines`,
    litSource: `${base}-lit`,
    pointsSource: `${base}-points`,
    casing: `${base}-casing`,
    line: `${base}-line`,
    litCasing: `${base}-lit-casing`,
    lit: `${base}-lit-line`,
    arrows: `${base}-arrows`,
    points: `${base}-points`,
  };
}

export function RouteLayer({
  source,
  color,
  layerKey,
  timeRange = null,
  visible = true,
}: RouteLayerProps) {
  const handle = useMapHandle();
  const key = layerKey ?? source.id;
  const ids = useMemo(() => routeLayerIds(key), [key]);
  const lod = useRouteLod(source, handle?.map, ids.linesSource);
  const points = useMemo(() => withStateIds(waypointPoints(source)), [source]);
  /** The `out` states applied to the points since their data was last set (null: none). */
  const appliedPoints = useRef<Uint8Array | null>(null);
  const chunks = useRef<RouteChunks>(EMPTY_CHUNKS);
  /** The dimming last applied to `chunks` (null: none applied since they were drawn). */
  const applied = useRef<Uint8Array | null>(null);
  const drawnView = useRef<LodView | null>(null);
  /** The lit source's last data, and pieces held back while off screen (null: none). */
  const litShown = useRef<FeatureCollection<LineString>>(EMPTY_PIECES);
  const litPending = useRef<FeatureCollection<LineString> | null>(null);
  const latest = useRef({ points, color, timeRange, visible });
  latest.current = { points, color, timeRange, visible };
  /** Bumped whenever new chunks are drawn, so the dimming is applied to them. */
  const [drawn, setDrawn] = useState(0);

  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const { zoomOffset, vertexBudget, lineJoin, casingMinZoom } =
    handle?.routeDetail ?? FULL_ROUTE_DETAIL;

  // The line follows the view: rebuilt now for a new source, and after moves that need it.
  // Declared before the effect that adds the layers: on mount the line's data is built here
  // first and the source is added with it. A source added empty and set at once costs a
  // worker round trip more (MapLibre sends the second data only after the first is loaded).
  useEffect(() => {
    if (!map) return;
    const refresh = (force: boolean) => {
      if (!lod) {
        drawnView.current = null;
        chunks.current = EMPTY_CHUNKS;
      } else {
        const viewport = boundsOf(map);
        const previous = drawnView.current;
        const zoom = map.getZoom() - zoomOffset;
        if (!force && previous && !needsRebuild(previous, zoom, viewport)) return;
        const view = planLodView(lod, source.fixes, zoom, widen(viewport), vertexBudget);
        drawnView.current = view;
        // A new zoom that draws the very same points (a preview, or a zoom adding none)
        // keeps the drawn data: setData would only make MapLibre tile it all again.
        if (!force && previous && drawsSamePoints(lod, previous, view)) return;
        chunks.current = routeChunksForView(source, lod, view);
        markPhase('route-chunks-built');
      }
      (map.getSource(ids.linesSource) as GeoJSONSource | undefined)?.setData(chunks.current.lines);
      // New chunks have new ids: the dimming is applied afresh to them.
      if (map.getSource(ids.linesSource)) map.removeFeatureState({ source: ids.linesSource });
      applied.current = null;
      setDrawn((d) => d + 1);
    };
    refresh(true);
    return afterMoves(map, () => refresh(false), REBUILD_DELAY_MS);
  }, [map, generation, ids, source, lod, zoomOffset, vertexBudget]);

  useEffect(() => {
    if (!map) return;
    const { points: p, color: c, visible: v } = latest.current;
    const beforeId = firstLabelLayer(map);
    const visibility = v ? 'visible' : 'none';
    if (!map.hasImage(ROUTE_ARROW_IMAGE)) {
      map.addImage(ROUTE_ARROW_IMAGE, arrowImage(), { sdf: true, pixelRatio: 2 });
    }
    map.addSource(ids.linesSource, { type: 'geojson', data: chunks.current.lines });
    map.addSource(ids.litSource, { type: 'geojson', data: EMPTY_PIECES });
    litShown.current = EMPTY_PIECES;
    litPending.current = null;
    map.addSource(ids.pointsSource, { type: 'geojson', data: p.collection });
    appliedPoints.current = null;
    const lineLayout = { 'line-join': lineJoin, 'line-cap': 'round', visibility } as const;
    map.addLayer(
      {
        id: ids.casing,
        type: 'line',
        minzoom: casingMinZoom,
        source: ids.linesSource,
        layout: lineLayout,
        paint: { 'line-color': '#ffffff', 'line-width': 6.5, 'line-opacity': chunkOpacity(0.85) },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.line,
        type: 'line',
        source: ids.linesSource,
        layout: lineLayout,
        paint: { 'line-color': c, 'line-width': 3.5, 'line-opacity': chunkOpacity(1) },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.litCasing,
        type: 'line',
        minzoom: casingMinZoom,
        source: ids.litSource,
        layout: lineLayout,
        paint: { 'line-color': '#ffffff', 'line-width': 6.5, 'line-opacity': 0.85 },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.lit,
        type: 'line',
        source: ids.litSource,
        layout: lineLayout,
        paint: { 'line-color': c, 'line-width': 3.5 },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.arrows,
        type: 'symbol',
        source: ids.linesSource,
        layout: {
          visibility,
          'symbol-placement': 'line',
          'symbol-spacing': ['interpolate', ['linear'], ['zoom'], 4, 90, 10, 140, 16, 220],
          'icon-image': ROUTE_ARROW_IMAGE,
          'icon-size': ['interpolate', ['linear'], ['zoom'], 4, 0.7, 14, 1],
          'icon-rotation-alignment': 'map',
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
        },
        paint: {
          'icon-color': c,
          'icon-halo-color': '#ffffff',
          'icon-halo-width': 1.5,
          'icon-opacity': chunkOpacity(1),
        },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: ids.points,
        type: 'circle',
        source: ids.pointsSource,
        layout: { visibility },
        paint: {
          'circle-radius': 5,
          'circle-color': c,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
          'circle-opacity': dimByState(),
          'circle-stroke-opacity': dimByState(),
        },
      },
      beforeId,
    );
    applied.current = null;
    setDrawn((d) => d + 1);
    return () => removeRoute(map, ids);
  }, [map, generation, ids, lineJoin, casingMinZoom]);

  useEffect(() => {
    if (!map) return;
    const target = map.getSource(ids.pointsSource) as GeoJSONSource | undefined;
    if (!target) return;
    target.setData(points.collection);
    map.removeFeatureState({ source: ids.pointsSource });
    appliedPoints.current = null;
    setDrawn((d) => d + 1);
  }, [map, ids, points]);

  // The time window: only chunks whose dimming changes are touched, and the crossing ones re-cut.
  const rangeStart = timeRange?.start;
  const rangeEnd = timeRange?.end;
  useEffect(() => {
    if (!map || !map.getSource(ids.linesSource)) return;
    const range =
      rangeStart !== undefined && rangeEnd !== undefined
        ? { start: rangeStart, end: rangeEnd }
        : null;
    const current = chunks.current;
    const states = chunkStates(current, range);
    const before = applied.current;
    for (let c = 0; c < states.length; c++) {
      const out = states[c] !== 0;
      const was = before ? before[c] !== 0 : false;
      if (out !== was) map.setFeatureState({ source: ids.linesSource, id: c }, { out });
    }
    applied.current = states;
    const pieces = crossingPieces(current, states, range);
    // Re-tiling the lit pieces costs the map a second frame; when neither the drawn pieces
    // nor the new ones are in view, they wait for the next move (see below).
    const near = map.isMoving() ? null : aroundView(boundsOf(map));
    if (near && linesAwayFrom(pieces, near) && linesAwayFrom(litShown.current, near)) {
      litPending.current = pieces;
    } else {
      litPending.current = null;
      setLit(map, ids.litSource, litShown, pieces);
    }
    appliedPoints.current = applyOutStates(
      map,
      ids.pointsSource,
      appliedPoints.current,
      outOfRangeFlags(latest.current.points.times, range),
    );
  }, [map, ids, drawn, rangeStart, rangeEnd]);

  useEffect(() => {
    if (!map) return;
    const onMoveStart = () => {
      const pending = litPending.current;
      litPending.current = null;
      if (pending) setLit(map, ids.litSource, litShown, pending);
    };
    map.on('movestart', onMoveStart);
    return () => {
      map.off('movestart', onMoveStart);
    };
  }, [map, generation, ids]);

  useEffect(() => {
    if (!map) return;
    const visibility = visible ? 'visible' : 'none';
    for (const layer of routeLayerList(ids)) {
      if (map.getLayer(layer)) map.setLayoutProperty(layer, 'visibility', visibility);
    }
  }, [map, generation, ids, visible]);

  useEffect(() => {
    if (!map) return;
    if (map.getLayer(ids.line)) map.setPaintProperty(ids.line, 'line-color', color);
    if (map.getLayer(ids.lit)) map.setPaintProperty(ids.lit, 'line-color', color);
    if (map.getLayer(ids.arrows)) map.setPaintProperty(ids.arrows, 'icon-color', color);
    if (map.getLayer(ids.points)) map.setPaintProperty(ids.points, 'circle-color', color);
  }, [map, ids, color]);

  return null;
}

/**
 * The source's level of detail: at once when small; from a worker when large, a preview until
 * then. A large source holds the route-draw gate (routeLodGate) from its render until a frame
 * showed its preview's tiles, and its worker starts only then: on two cores the worker's
 * second of CPU would otherwise delay that first frame (so does other deferred work).
 */
function useRouteLod(
  source: Source,
  map: MapLibreMap | undefined,
  linesSource: string,
): RouteLod | null {
  const small = source.fixes.count <= SYNC_LOD_MAX_FIXES;
  const immediate = useMemo(() => (small ? buildRouteLodNow(source) : null), [source, small]);
  const preview = useMemo(() => {
    if (small) return null;
    // Held during render, before any sibling layer or store follower schedules its work
    // (the import flow holds it earlier still; a repeated hold is one hold).
    holdRoute(source);
    const lod = buildRoutePreviewNow(source);
    markPhase('route-preview-built');
    return lod;
  }, [source, small]);
  const [built, setBuilt] = useState<{ source: Source; lod: RouteLod } | null>(null);
  useEffect(() => {
    if (small || !map) return;
    // Declared before the effect that sets the line's data: every event seen here follows it.
    const onData = (event: MapSourceDataEvent) => {
      if (event.sourceId !== linesSource) return;
      const target = map.getSource(linesSource) as GeoJSONSource | undefined;
      if (!target?.loaded()) return;
      map.off('sourcedata', onData);
      markPhase('route-data-loaded');
      releaseRouteData(source);
    };
    const onRender = () => {
      if (!map.getSource(linesSource) || !map.isSourceLoaded(linesSource)) return;
      map.off('render', onRender);
      markPhase('route-first-frame');
      releaseRouteDraw(source);
    };
    map.on('sourcedata', onData);
    map.on('render', onRender);
    return () => {
      map.off('sourcedata', onData);
      map.off('render', onRender);
    };
  }, [map, linesSource, source, small]);
  useEffect(() => {
    if (small) return;
    let job: LodJob | null = null;
    let cancelled = false;
    const cancelWait = afterRouteDraw(() => {
      markPhase('route-lod-requested');
      job = buildRouteLodInWorker(source);
      job.promise
        .catch((err: unknown) => {
          console.warn('route level of detail: worker failed, building here', err);
          return buildRouteLodNow(source);
        })
        .then((lod) => {
          markPhase('route-lod-ready');
          if (!cancelled) setBuilt({ source, lod });
        });
    });
    return () => {
      cancelled = true;
      cancelWait();
      job?.cancel();
      releaseRouteDraw(source);
    };
  }, [source, small]);
  return immediate ?? (built?.source === source ? built.lod : preview);
}

/** The viewport and a tenth of it on every side: what a line's width can reach into. */
function aroundView(box: BoundingBox): BoundingBox {
  const w = (box.east - box.west) / 10;
  const h = (box.north - box.south) / 10;
  return { west: box.west - w, east: box.east + w, south: box.south - h, north: box.north + h };
}

/** Gives the lit source `pieces`, unless both they and its data are empty (still re-tiled). */
function setLit(
  map: MapLibreMap,
  sourceId: string,
  shown: { current: FeatureCollection<LineString> },
  pieces: FeatureCollection<LineString>,
): void {
  if (pieces.features.length === 0 && shown.current.features.length === 0) return;
  const target = map.getSource(sourceId) as GeoJSONSource | undefined;
  if (!target) return;
  target.setData(pieces);
  shown.current = pieces;
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

function removeRoute(map: MapLibreMap, ids: ReturnType<typeof routeLayerIds>): void {
  // After map.remove() the style is gone and there is nothing left to clean up.
  if (!map.style) return;
  for (const layer of routeLayerList(ids)) {
    if (map.getLayer(layer)) map.removeLayer(layer);
  }
  for (const src of [ids.pointsSource, ids.litSource, ids.linesSource]) {
    if (map.getSource(src)) map.removeSource(src);
  }
}

/** Every layer of a route, top first. */
function routeLayerList(ids: ReturnType<typeof routeLayerIds>): string[] {
  return [ids.points, ids.arrows, ids.lit, ids.litCasing, ids.line, ids.casing];
}

/**
 * A chevron pointing east (the direction of travel once placed along a line), as a signed
 * distance field so each route can draw it in its own colour with a white halo. Alpha 0.75
 * is the outline; MapLibre's icon SDFs fall off by 1/8 per pixel.
 */
export function arrowImage(size = 32): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const s = size / 32;
  const path: [number, number][] = [
    [11 * s, 8 * s],
    [21 * s, 16 * s],
    [11 * s, 24 * s],
  ];
  const halfWidth = 2.6 * s;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let d = Infinity;
      for (let k = 0; k + 1 < path.length; k++) {
        d = Math.min(d, segmentDistance(px, py, path[k]!, path[k + 1]!));
      }
      const alpha = Math.max(0, Math.min(1, 0.75 - (d - halfWidth) / 8));
      const o = (y * size + x) * 4;
      data[o] = 255;
      data[o + 1] = 255;
      data[o + 2] = 255;
      data[o + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, data };
}

function segmentDistance(
  px: number,
  py: number,
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const u = Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (a[0] + u * dx), py - (a[1] + u * dy));
}

/**
 * One RouteLayer per imported source, following the store's time window and the routes
 * toggle. Subscribing here, not in the map's parent, keeps a slider drag from re-rendering
 * every other layer of the map.
 */
export function RouteLayers({ entries }: { entries: readonly SourceEntry[] }) {
  const timeRange = useApp((s) => s.timeRange);
  const visible = useApp((s) => s.layerVisible.routes);
  return (
    <>
      {entries.map((entry) => (
        <RouteLayer
          key={entry.key}
          source={entry.source}
          color={entry.colour}
          layerKey={entry.key}
          timeRange={timeRange}
          visible={visible}
        />
      ))}
    </>
  );
}
