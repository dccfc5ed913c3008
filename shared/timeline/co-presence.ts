/**
 * When were two sources together? Each observation of one source is compared with the other
 * source's position at that instant, interpolated between its two fixes around it (only when
 * those fixes are within the gap threshold of each other: a silence says nothing). Consecutive
 * samples within `distanceM` form an interval; being further apart for longer than BRIDGE_MS,
 * or a silence, ends it.
 */
import { haversineM, lonDelta, M_PER_DEG } from '../geo/distance';
import type { SourceTrack } from './track';
import type { CoPresenceInterval, CoPresenceRequest } from './types';

/**
 * Samples further apart than the distance for less than this do not split an interval: on the
 * road an interpolated position between fixes a minute apart, or one stale phone fix, can be
 * a few hundred metres out while the two never parted. Each bridged excursion is counted on
 * the interval (`interruptions`), never hidden.
 */
export const BRIDGE_MS = 5 * 60_000;

/** Evidence pairs kept per interval: evenly spread, always including the closest approach. */
export const MAX_EVIDENCE_PAIRS = 100;

export function coPresence(
  a: SourceTrack,
  b: SourceTrack,
  request: CoPresenceRequest,
  gapS: number,
): CoPresenceInterval[] {
  const gapMs = gapS * 1000;
  const fromA = samples(a, b, gapMs, request.distanceM, false);
  const fromB = samples(b, a, gapMs, request.distanceM, true);
  const out: CoPresenceInterval[] = [];
  // The current run lives in preallocated columns: a million samples, not a million objects.
  const size = a.count + b.count;
  const run: SampleColumns = {
    t: new Float64Array(size),
    d: new Float64Array(size),
    aIndex: new Int32Array(size),
    bIndex: new Int32Array(size),
  };
  let len = 0;
  let interruptions = 0;
  let away = false;
  const flush = (): void => {
    if (len > 0) out.push(intervalOf(run, len, request, interruptions));
    len = 0;
    interruptions = 0;
    away = false;
  };
  let i = 0;
  let j = 0;
  while (i < a.count || j < b.count) {
    const fromFirst = j >= b.count || (i < a.count && a.t[i]! <= b.t[j]!);
    const cols = fromFirst ? fromA : fromB;
    const k = fromFirst ? i++ : j++;
    const d = cols.d[k]!;
    const t = cols.t[k]!;
    // NaN (no position to compare with) and "too far" interrupt a run; it ends unless the two
    // are together again within BRIDGE_MS (see there).
    if (!(d <= request.distanceM)) {
      if (len > 0 && t - run.t[len - 1]! > BRIDGE_MS) flush();
      else if (len > 0) away = true;
      continue;
    }
    if (len > 0 && t - run.t[len - 1]! > (away ? BRIDGE_MS : gapMs)) flush();
    if (away) {
      interruptions++;
      away = false;
    }
    run.t[len] = t;
    run.d[len] = d;
    run.aIndex[len] = cols.aIndex[k]!;
    run.bIndex[len] = cols.bIndex[k]!;
    len++;
  }
  flush();
  return out;
}

interface SampleColumns {
  t: Float64Array;
  d: Float64Array;
  aIndex: Int32Array;
  bIndex: Int32Array;
}

/**
 * One sample per observation of `p`; d is NaN where `q` has no position at that time, and
 * Infinity where the latitudes alone put them further apart than `distanceM` (the meridian
 * distance never exceeds the great-circle one), which spares the trigonometry.
 */
function samples(
  p: SourceTrack,
  q: SourceTrack,
  gapMs: number,
  distanceM: number,
  swapped: boolean,
): SampleColumns {
  // Slack so rounding in the bound can never reject a pair the exact distance would accept.
  const maxDLat = (distanceM * (1 + 1e-9)) / M_PER_DEG + 1e-12;
  const n = p.count;
  const cols: SampleColumns = {
    t: p.t,
    d: new Float64Array(n),
    aIndex: new Int32Array(n),
    bIndex: new Int32Array(n),
  };
  const [mine, theirs] = swapped ? [cols.bIndex, cols.aIndex] : [cols.aIndex, cols.bIndex];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const t = p.t[i]!;
    while (k < q.count && q.t[k]! < t) k++;
    let lat: number;
    let lon: number;
    let nearest: number;
    if (k < q.count && q.t[k] === t) {
      lat = q.lat[k]!;
      lon = q.lon[k]!;
      nearest = k;
    } else if (k > 0 && k < q.count && q.t[k]! - q.t[k - 1]! <= gapMs) {
      const f = (t - q.t[k - 1]!) / (q.t[k]! - q.t[k - 1]!);
      lat = q.lat[k - 1]! + (q.lat[k]! - q.lat[k - 1]!) * f;
      lon = q.lon[k - 1]! + lonDelta(q.lon[k - 1]!, q.lon[k]!) * f;
      nearest = f < 0.5 ? k - 1 : k;
    } else {
      cols.d[i] = NaN;
      continue;
    }
    if (Math.abs(p.lat[i]! - lat) > maxDLat) {
      cols.d[i] = Infinity;
      continue;
    }
    cols.d[i] = haversineM(p.lat[i]!, p.lon[i]!, lat, lon);
    mine[i] = p.fixIndex[i]!;
    theirs[i] = q.fixIndex[nearest]!;
  }
  return cols;
}

function intervalOf(
  run: SampleColumns,
  len: number,
  request: CoPresenceRequest,
  interruptions: number,
): CoPresenceInterval {
  let closest = 0;
  for (let i = 1; i < len; i++) if (run.d[i]! < run.d[closest]!) closest = i;
  let picks: number[];
  if (len <= MAX_EVIDENCE_PAIRS) picks = Array.from({ length: len }, (_, i) => i);
  else {
    const set = new Set<number>([closest]);
    for (let k = 0; set.size < MAX_EVIDENCE_PAIRS && k < MAX_EVIDENCE_PAIRS; k++)
      set.add(Math.round((k * (len - 1)) / (MAX_EVIDENCE_PAIRS - 1)));
    picks = [...set].sort((x, y) => x - y);
  }
  const start = run.t[0]!;
  const end = run.t[len - 1]!;
  return {
    a: request.a,
    b: request.b,
    start,
    end,
    durationS: (end - start) / 1000,
    minDistanceM: run.d[closest]!,
    interruptions,
    evidence: picks
      .filter((i) => run.aIndex[i]! >= 0 && run.bIndex[i]! >= 0)
      .map((i) => ({ aIndex: run.aIndex[i]!, bIndex: run.bIndex[i]!, distanceM: run.d[i]! })),
  };
}
