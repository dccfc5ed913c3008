/**
 * What the evidence layers share: dimming outside the time range by an expression on each
 * feature's `t` (and `tEnd` for spans) so a slider drag only changes a paint property, the
 * legend's visibility switch, and tidy removal when the map or the style goes away.
 */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';

type PaintName = Parameters<MapLibreMap['setPaintProperty']>[1];
import { WORLD_SOURCE_ID } from '../../../../shared/map/world-style';
import { firstBasemapLabelLayerId } from '../../../../shared/map/styles/street';
import type { TimeSpan } from '../../store/timeSlice';
import { useApp } from '../../store/StoreContext';

/** Opacity kept by what falls outside the time range, as a share of its own opacity. */
export const DIM_FACTOR = 0.18;

/**
 * `base` for features inside `range` (or without a time), `base × DIM_FACTOR` outside. A
 * feature with `tEnd` is a span: it stays bright when any part of it overlaps the range.
 */
export function timeDimmed(base: number, range: TimeSpan | null): ExpressionSpecification | number {
  if (!range) return base;
  return [
    'case',
    ['!', ['has', 't']],
    base,
    [
      'all',
      ['<=', ['get', 't'], range.end],
      ['>=', ['coalesce', ['get', 'tEnd'], ['get', 't']], range.start],
    ],
    base,
    base * DIM_FACTOR,
  ];
}

/** The map's time range from M4's time slice; null (all bright) until that slice is wired. */
export function useTimeRange(): TimeSpan | null {
  return useApp((s) => (s as { timeRange?: TimeSpan | null }).timeRange ?? null);
}

/**
 * Runs `run` once the map has come to rest: `delayMs` after the last `moveend`, so a burst of
 * moves (a wheel zoom, keyboard pans) costs one rebuild. Returns the cleanup for an effect.
 */
export function afterMoves(map: MapLibreMap, run: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onMoveEnd = () => {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };
  map.on('moveend', onMoveEnd);
  return () => {
    clearTimeout(timer);
    map.off('moveend', onMoveEnd);
  };
}

export function setLayersVisible(map: MapLibreMap, layers: readonly string[], visible: boolean) {
  const value = visible ? 'visible' : 'none';
  for (const id of layers) {
    if (map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== value) {
      map.setLayoutProperty(id, 'visibility', value);
    }
  }
}

export function setPaint(map: MapLibreMap, layer: string, name: PaintName, value: unknown): void {
  if (map.getLayer(layer)) map.setPaintProperty(layer, name, value as never);
}

export function removeLayersAndSources(
  map: MapLibreMap,
  layers: readonly string[],
  sources: readonly string[],
): void {
  // After map.remove() the style is gone and there is nothing left to clean up.
  if (!map.style) return;
  for (const id of layers) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of sources) if (map.getSource(id)) map.removeSource(id);
}

/**
 * Where evidence areas go: under the routes (drawn before the first route layer) and under
 * the basemap's place names, never over either.
 */
export function basemapLabelLayer(map: MapLibreMap): string | undefined {
  return map.getStyle().layers.find((l) => l.id.startsWith('route-'))?.id ?? firstLabelLayer(map);
}

/**
 * The basemap's first label layer, under which evidence is drawn so place names stay readable:
 * street styles mark theirs in metadata; the bundled world style has its labels as symbols.
 */
export function firstLabelLayer(map: MapLibreMap): string | undefined {
  const layers = map.getStyle().layers;
  return (
    firstBasemapLabelLayerId(layers) ??
    layers.find((l) => l.type === 'symbol' && 'source' in l && l.source === WORLD_SOURCE_ID)?.id
  );
}

/** A finite time as a GeoJSON property value; NaN has no JSON form, so it is left out. */
export function timeProps(t: number, tEnd?: number): { t?: number; tEnd?: number } {
  const out: { t?: number; tEnd?: number } = {};
  if (Number.isFinite(t)) out.t = t;
  if (tEnd !== undefined && Number.isFinite(tEnd)) out.tEnd = tEnd;
  return out;
}
