/**
 * How timed map layers dim what falls outside the time window. Layers give each feature its
 * instant as a `t` property (UTC ms) — or `tStart`/`tEnd` for things that last, like stops —
 * and use these expressions for an opacity: changing the window is one paint-property update,
 * never a rebuilt source. Features without a time are never dimmed (nothing says they are out).
 *
 *   map.setPaintProperty('my-layer', 'circle-opacity', dimByTime(range));
 *   map.setPaintProperty('stops', 'circle-opacity', dimBySpan(range, 1, 0.2));
 */
import type { ExpressionSpecification } from 'maplibre-gl';
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
