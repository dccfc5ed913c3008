/**
 * Stay-point detection (Li et al. 2008, anchor-based): from an anchor fix, the following fixes
 * stay within `radiusM` for at least `minS` → a stay, extended while fixes remain in the radius.
 *
 * Bounded so slow drift cannot make it quadratic: a window is only scanned once a fix at least
 * `minS` after the anchor exists in the same run of fixes (no silence longer than `gapS`), that
 * fix and a few probes in between are checked first (drift fails there in O(1)), and a full scan
 * looks at no more than MAX_SCAN fixes (denser windows are checked at a stride). A qualifying
 * window restarts the scan after its end, so stays cost O(length) once.
 */
import { M_PER_DEG } from '../geo/distance';
import type { StopCandidate } from './candidate';
import type { SourceTrack } from './track';

export const MAX_SCAN = 4096;

export interface StayOptions {
  radiusM: number;
  minS: number;
  gapS: number;
}

export function detectStayPoints(track: SourceTrack, opts: StayOptions): StopCandidate[] {
  const { t, lat, lon, count: n } = track;
  const r2 = (opts.radiusM / M_PER_DEG) ** 2;
  const minMs = opts.minS * 1000;
  const gapMs = opts.gapS * 1000;
  const stays: StopCandidate[] = [];
  let k = 0; // first index with t ≥ t[i] + minMs
  let brk = 1; // first index after i that starts a new run (follows a silence), or n
  let i = 0;
  while (i < n - 1) {
    if (brk <= i) brk = i + 1;
    while (brk < n && t[brk]! - t[brk - 1]! <= gapMs) brk++;
    const until = t[i]! + minMs;
    if (k < i + 1) k = i + 1;
    while (k < n && t[k]! < until) k++;
    if (k >= brk) {
      i++;
      continue;
    }
    const lat0 = lat[i]!;
    const lon0 = lon[i]!;
    const c = Math.cos((lat0 * Math.PI) / 180);
    const c2 = c * c;
    if (
      !within(lat, lon, k, lat0, lon0, c2, r2) ||
      !within(lat, lon, (i + k) >>> 1, lat0, lon0, c2, r2) ||
      !within(lat, lon, (i + 3 * k) >>> 2, lat0, lon0, c2, r2) ||
      !within(lat, lon, (3 * i + k) >>> 2, lat0, lon0, c2, r2)
    ) {
      i++;
      continue;
    }
    const stride = Math.max(1, Math.ceil((k - i) / MAX_SCAN));
    let ok = true;
    for (let j = i + 1; j < k; j += stride) {
      if (!within(lat, lon, j, lat0, lon0, c2, r2)) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      i++;
      continue;
    }
    let end = k + 1;
    while (end < brk && within(lat, lon, end, lat0, lon0, c2, r2)) end++;
    stays.push(stayOf(track, i, end, opts.radiusM));
    i = end;
  }
  return stays;
}

/** Fix j within the radius of the anchor (equirectangular, squared degrees: no sqrt, no trig). */
function within(
  lat: Float64Array,
  lon: Float64Array,
  j: number,
  lat0: number,
  lon0: number,
  c2: number,
  r2: number,
): boolean {
  const dy = lat[j]! - lat0;
  let dx = lon[j]! - lon0;
  if (dx > 180) dx -= 360;
  else if (dx < -180) dx += 360;
  return dy * dy + dx * dx * c2 <= r2;
}

/** The stay over fixes [from, to): its centre is the mean position (the anchor can be an outlier). */
function stayOf(track: SourceTrack, from: number, to: number, radiusM: number): StopCandidate {
  let sy = 0;
  let sx = 0;
  const lon0 = track.lon[from]!;
  for (let j = from; j < to; j++) {
    sy += track.lat[j]!;
    let dx = track.lon[j]! - lon0;
    if (dx > 180) dx -= 360;
    else if (dx < -180) dx += 360;
    sx += dx;
  }
  const count = to - from;
  let lon = lon0 + sx / count;
  if (lon > 180) lon -= 360;
  else if (lon < -180) lon += 360;
  return {
    sourceId: track.sourceId,
    origin: 'detected',
    start: track.t[from]!,
    end: track.t[to - 1]!,
    lat: sy / count,
    lon,
    radiusM,
    evidence: [
      {
        kind: 'fixes',
        sourceId: track.sourceId,
        start: track.t[from]!,
        end: track.t[to - 1]!,
        count,
      },
    ],
  };
}
