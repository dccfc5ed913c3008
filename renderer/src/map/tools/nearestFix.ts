/**
 * The fix of a source nearest to a point on its drawn route, so hovering or clicking a line
 * names an actual observation (its time, accuracy, speed), not just the source. When the
 * clicked piece of line carries its time span (`t0`, `t1`), only the fixes in that span are
 * looked at, found by bisection in the playback time index; otherwise every fix is.
 */
import { validPosition } from '../../../../shared/geo/bounds';
import type { Source } from '../../../../shared/model';
import { lastAtOrBefore, timeIndexOf } from '../../time/playback';

/** Index into `source.fixes` of the nearest fix to `at` ([lon, lat]), or -1 when none. */
export function nearestFix(source: Source, at: [number, number], t0 = NaN, t1 = NaN): number {
  const { lat, lon, count } = source.fixes;
  const kx = Math.cos((at[1] * Math.PI) / 180);
  let best = -1;
  let bestD = Infinity;
  const consider = (i: number) => {
    const dx = (lon[i]! - at[0]) * kx;
    const dy = lat[i]! - at[1];
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  };
  if (Number.isFinite(t0) && Number.isFinite(t1)) {
    const index = timeIndexOf(source);
    const from = Math.max(0, lastAtOrBefore(index.t, t0 - 1) + 1);
    const to = lastAtOrBefore(index.t, t1);
    for (let k = from; k <= to; k++) consider(index.order[k]!);
    if (best >= 0) return best;
  }
  for (let i = 0; i < count; i++) if (validPosition(lat[i]!, lon[i]!)) consider(i);
  return best;
}
