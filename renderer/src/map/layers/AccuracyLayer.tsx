/**
 * Accuracy circles: each fix's stated horizontal accuracy as a true-to-scale circle in its
 * source's colour. Only from ACCURACY_MIN_ZOOM on (below, a 30 m circle is under a pixel) and
 * only for the fixes in and around the view, at most ACCURACY_CAP of them — a million fixes
 * never reach the map at once. The radius follows the zoom on the GPU: metres are turned into
 * pixels at zoom 0 for the fix's latitude once, then doubled per zoom level.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { BoundingBox } from '../../../../shared/model';
import { useMapHandle } from '../MapContext';
import { accuracyFeatures, type LayerSource } from './evidenceFeatures';
import {
  afterMoves,
  DIM_FACTOR,
  basemapLabelLayer,
  removeLayersAndSources,
  setLayersVisible,
} from './layerSupport';
import type { TimeSpan } from '../../store/timeSlice';
import {
  applyOutStates,
  dimByState,
  outOfSpanFlags,
  withSpanIds,
  type FeatureSpans,
} from '../../time/dimming';

export const ACCURACY_LAYER_IDS = {
  source: 'evidence-accuracy',
  fill: 'evidence-accuracy-fill',
  outline: 'evidence-accuracy-outline',
} as const;

export const ACCURACY_MIN_ZOOM = 11;
export const ACCURACY_CAP = 20_000;
const IDS = ACCURACY_LAYER_IDS;
const REBUILD_DELAY_MS = 80;
const EMPTY = { type: 'FeatureCollection', features: [] } as const;
const NO_SPANS: FeatureSpans = { starts: new Float64Array(0), ends: new Float64Array(0) };

/** Pixels at zoom 0 × 2^zoom, interpolated exponentially so it is exact at every zoom. */
const RADIUS = [
  'interpolate',
  ['exponential', 2],
  ['zoom'],
  0,
  ['get', 'r0'],
  24,
  ['*', ['get', 'r0'], 2 ** 24],
] as const;

export interface AccuracyLayerProps {
  sources: readonly LayerSource[];
  visible: boolean;
  timeRange: TimeSpan | null;
}

export function AccuracyLayer({ sources, visible, timeRange }: AccuracyLayerProps) {
  const handle = useMapHandle();
  const map = handle?.map;
  const generation = handle?.styleGeneration;
  const relevant = useMemo(
    () => sources.filter((s) => s.source.fixes.accuracyM && !s.source.fixCells),
    [sources],
  );
  const latest = useRef({ visible, timeRange });
  latest.current = { visible, timeRange };
  /** The drawn circles' times and the `out` states applied to them (dimming.ts). */
  const dimming = useRef<{ spans: FeatureSpans; out: Uint8Array | null }>({
    spans: NO_SPANS,
    out: null,
  });
  const applyDimming = (target: MapLibreMap) => {
    const d = dimming.current;
    d.out = applyOutStates(
      target,
      IDS.source,
      d.out,
      outOfSpanFlags(d.spans, latest.current.timeRange),
    );
  };

  useEffect(() => {
    if (!map) return;
    const beforeId = basemapLabelLayer(map);
    map.addSource(IDS.source, { type: 'geojson', data: EMPTY as never });
    map.addLayer(
      {
        id: IDS.fill,
        type: 'circle',
        source: IDS.source,
        minzoom: ACCURACY_MIN_ZOOM,
        paint: {
          'circle-radius': RADIUS as never,
          'circle-color': ['get', 'c'],
          'circle-opacity': dimByState(0.1, 0.1 * DIM_FACTOR),
          'circle-pitch-alignment': 'map',
        },
      },
      beforeId,
    );
    map.addLayer(
      {
        id: IDS.outline,
        type: 'circle',
        source: IDS.source,
        minzoom: ACCURACY_MIN_ZOOM,
        paint: {
          'circle-radius': RADIUS as never,
          'circle-opacity': 0,
          'circle-stroke-width': 1,
          'circle-stroke-color': ['get', 'c'],
          'circle-stroke-opacity': dimByState(0.55, 0.55 * DIM_FACTOR),
          'circle-pitch-alignment': 'map',
        },
      },
      beforeId,
    );
    setLayersVisible(map, [IDS.fill, IDS.outline], latest.current.visible);
    return () => removeLayersAndSources(map, [IDS.outline, IDS.fill], [IDS.source]);
  }, [map, generation]);

  // The circles follow the view: rebuilt after moves, only when shown and close enough.
  useEffect(() => {
    if (!map) return;
    let drawn: { box: BoundingBox; zoom: number; sampled: boolean } | null = null;
    const refresh = (force: boolean) => {
      const source = map.getSource(IDS.source) as GeoJSONSource | undefined;
      if (!source) return;
      if (!latest.current.visible || map.getZoom() < ACCURACY_MIN_ZOOM || relevant.length === 0) {
        if (drawn) source.setData(EMPTY as never);
        drawn = null;
        dimming.current = { spans: NO_SPANS, out: null };
        return;
      }
      const view = boundsOf(map);
      const zoom = Math.floor(map.getZoom());
      // A sampled set is redrawn at a new zoom: closer in, fewer fixes share the cap.
      const stale = !drawn || !inside(view, drawn.box) || (drawn.sampled && drawn.zoom !== zoom);
      if (!force && !stale) return;
      const box = widen(view);
      const { data, inView } = accuracyFeatures(relevant, box, ACCURACY_CAP);
      drawn = { box, zoom, sampled: inView > data.features.length };
      // New circles, new ids: the time window's dimming is applied to them afresh.
      const numbered = withSpanIds(data);
      source.setData(numbered.collection);
      map.removeFeatureState({ source: IDS.source });
      dimming.current = { spans: numbered.spans, out: null };
      applyDimming(map);
    };
    refresh(true);
    return afterMoves(map, () => refresh(false), REBUILD_DELAY_MS);
  }, [map, generation, relevant, visible]);

  useEffect(() => {
    if (map) setLayersVisible(map, [IDS.fill, IDS.outline], visible);
  }, [map, generation, visible]);

  useEffect(() => {
    if (map?.getSource(IDS.source)) applyDimming(map);
  }, [map, generation, timeRange]);

  return null;
}

function boundsOf(map: MapLibreMap): BoundingBox {
  const b = map.getBounds();
  return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
}

/** The view grown by half its size on every side, so short pans need no rebuild. */
function widen(box: BoundingBox): BoundingBox {
  const w = (box.east - box.west) / 2;
  const h = (box.north - box.south) / 2;
  return {
    west: box.west - w,
    east: box.east + w,
    south: Math.max(-90, box.south - h),
    north: Math.min(90, box.north + h),
  };
}

function inside(view: BoundingBox, box: BoundingBox): boolean {
  return (
    view.west >= box.west &&
    view.east <= box.east &&
    view.south >= box.south &&
    view.north <= box.north
  );
}
