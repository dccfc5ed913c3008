/**
 * How timed map layers dim what falls outside the time window. Layers give each feature its
 * instant as a `t` property (UTC ms) — or `tStart`/`tEnd` for things that last, like stops —
 * and use these expressions for an opacity: changing the window is one paint-property update,
 * never a rebuilt source. Features without a time are never dimmed (nothing says they are out).
 *
 *   map.setPaintProperty('my-layer', 'circle-opacity', dimByTime(range));
 *   map.setPaintProperty('stops', 'circle-opacity', dimBySpan(range, 1, 0.2));
 *
 * Cost: a data-driven paint property that changes makes MapLibre lay out the layer's whole
 * source again (every tile, in its worker, then re-uploaded) — fine for a few hundred
 * features, not for 10,000 photos on every step of a drag. Large layers instead give their
 * features numeric ids, paint with `dimByState()` once, and move the window with
 * `applyOutStates`, which touches only the features whose side of the window changed; MapLibre
 * then rewrites just their paint attributes, with no layout and no worker round trip.
 * Every timed layer does so (`withSpanIds` + `useSpanDimming`), small ones too: one way to
 * dim, and no layer that turns a drag slow once a case has many of its features.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import type { TimeSpan } from '../store/timeSlice';

/** Opacity of things outside the window: still readable as context, clearly not current. */
export const DIMMED_OPACITY = 0.22;

/** Opacity `bright` when the feature's `t` lies in `range` (or has no `t`), `dim` otherwise. */
export function dimByTime(
  range: TimeSpan | null,
  bright = 1,
  dim = DIMMED_OPACITY,
  property = 't',
): ExpressionSpecification | number {
  if (!range) return bright;
  const t: ExpressionSpecification = ['to-number', ['get', property], -1];
  return [
    'case',
    ['!', ['has', property]],
    bright,
    ['all', ['>=', t, range.start], ['<=', t, range.end]],
    bright,
    dim,
  ];
}

/** As `dimByTime` for features lasting from `tStart` to `tEnd`: bright when they overlap the window. */
export function dimBySpan(
  range: TimeSpan | null,
  bright = 1,
  dim = DIMMED_OPACITY,
): ExpressionSpecification | number {
  if (!range) return bright;
  const start: ExpressionSpecification = ['to-number', ['get', 'tStart'], -1];
  const end: ExpressionSpecification = ['to-number', ['get', 'tEnd'], -1];
  return [
    'case',
    ['!', ['all', ['has', 'tStart'], ['has', 'tEnd']]],
    bright,
    ['all', ['<=', start, range.end], ['>=', end, range.start]],
    bright,
    dim,
  ];
}

/** Plain-JS twin of `dimByTime`, for code that filters features itself (and for tests). */
export function inTimeRange(range: TimeSpan | null, t: number | undefined): boolean {
  if (!range || t === undefined || !Number.isFinite(t)) return true;
  return t >= range.start && t <= range.end;
}

/** Opacity from the feature's `out` state (see `applyOutStates`): `dim` when out, else `bright`. */
export function dimByState(bright = 1, dim = DIMMED_OPACITY): ExpressionSpecification {
  return ['case', ['boolean', ['feature-state', 'out'], false], dim, bright];
}

/** Per time (NaN: none): 1 when it lies outside `range`, 0 inside or when untimed or no range. */
export function outOfRangeFlags(times: ArrayLike<number>, range: TimeSpan | null): Uint8Array {
  const flags = new Uint8Array(times.length);
  if (!range) return flags;
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (t < range.start || t > range.end) flags[k] = 1;
  }
  return flags;
}

/** Indices whose flag differs between `previous` (null: all 0) and `next`. */
export function changedFlags(previous: Uint8Array | null, next: Uint8Array): number[] {
  const changed: number[] = [];
  for (let k = 0; k < next.length; k++) {
    if ((previous ? previous[k]! : 0) !== next[k]!) changed.push(k);
  }
  return changed;
}

/**
 * Sets the `out` feature state of the features of `source` where it changed from `previous`
 * (null: nothing set yet) to `next`. Flag k belongs to the feature with id k + 1: ids start
 * at 1 because clustering (supercluster) drops an id of 0. Returns `next`, the new `previous`.
 */
export function applyOutStates(
  map: Pick<MapLibreMap, 'setFeatureState' | 'getSource'>,
  source: string,
  previous: Uint8Array | null,
  next: Uint8Array,
): Uint8Array {
  if (!map.getSource(source)) return next;
  for (const id of changedFlags(previous, next)) {
    map.setFeatureState({ source, id: id + 1 }, { out: next[id] === 1 });
  }
  return next;
}

/** The features with ids 1..n in order (see `applyOutStates`), and their `t` (NaN: none). */
export function withStateIds<G extends Geometry, P extends { t?: number }>(
  collection: FeatureCollection<G, P>,
): { collection: FeatureCollection<G, P>; times: Float64Array } {
  const times = new Float64Array(collection.features.length);
  const features = collection.features.map((feature, k) => {
    const t = feature.properties.t;
    times[k] = t !== undefined && Number.isFinite(t) ? t : NaN;
    return { ...feature, id: k + 1 };
  });
  return { collection: { ...collection, features }, times };
}

/** Each feature's time span in UTC ms: [starts[k], ends[k]] (NaN: untimed, never dimmed). */
export interface FeatureSpans {
  starts: Float64Array;
  ends: Float64Array;
}

/**
 * The features with ids 1..n in order (see `applyOutStates`) and their spans: from
 * `tStart`/`tEnd` for stays, else from `t` to `tEnd` (or `t` alone for an instant).
 */
export function withSpanIds<G extends Geometry, P extends GeoJsonProperties>(
  collection: FeatureCollection<G, P>,
): { collection: FeatureCollection<G, P>; spans: FeatureSpans } {
  const n = collection.features.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const features = collection.features.map((feature, k) => {
    const p = (feature.properties ?? {}) as Record<string, unknown>;
    const start = finite(p.tStart) ?? finite(p.t);
    const end = finite(p.tEnd) ?? start;
    starts[k] = start ?? NaN;
    ends[k] = start === undefined ? NaN : (end ?? start);
    return { ...feature, id: k + 1 };
  });
  return { collection: { ...collection, features }, spans: { starts, ends } };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Per span: 1 when it lies wholly outside `range`, 0 when it overlaps it, is untimed, or no range. */
export function outOfSpanFlags(spans: FeatureSpans, range: TimeSpan | null): Uint8Array {
  const n = spans.starts.length;
  const flags = new Uint8Array(n);
  if (!range) return flags;
  for (let k = 0; k < n; k++) {
    // NaN compares false both ways: untimed features stay in.
    if (spans.ends[k]! < range.start || spans.starts[k]! > range.end) flags[k] = 1;
  }
  return flags;
}

/**
 * Keeps the `out` states of `source` in step with `flags`: cleared and applied afresh when
 * `data` (the numbered collection last given to the source) or the style changes, since ids
 * then name other features; otherwise only the flags that changed are touched. Declare it
 * after the effect that sets `data` on the source.
 */
export function useOutStates(
  map: MapLibreMap | undefined,
  generation: unknown,
  source: string,
  data: unknown,
  flags: Uint8Array,
): void {
  const applied = useRef<{ data: unknown; generation: unknown; flags: Uint8Array | null }>({
    data: null,
    generation: null,
    flags: null,
  });
  useEffect(() => {
    if (!map || !map.getSource(source)) return;
    const state = applied.current;
    if (state.data !== data || state.generation !== generation) {
      map.removeFeatureState({ source });
      applied.current = { data, generation, flags: null };
    }
    applied.current.flags = applyOutStates(map, source, applied.current.flags, flags);
  }, [map, generation, source, data, flags]);
}

/** `useOutStates` for a collection numbered by `withSpanIds`, dimmed outside `range`. */
export function useSpanDimming(
  map: MapLibreMap | undefined,
  generation: unknown,
  source: string,
  numbered: { collection: unknown; spans: FeatureSpans },
  range: TimeSpan | null,
): void {
  const start = range?.start;
  const end = range?.end;
  const flags = useMemo(
    () =>
      outOfSpanFlags(
        numbered.spans,
        start !== undefined && end !== undefined ? { start, end } : null,
      ),
    [numbered, start, end],
  );
  useOutStates(map, generation, source, numbered.collection, flags);
}
