/**
 * Silences inside one source: no observation for longer than `gapS`. When the positions before
 * and after agree the device most likely stayed put (a tracker sleeps
 * with the ignition off, a phone logs nothing while still), so it is a stop of origin `silence`.
 * A silence that ends elsewhere says nothing about where the subject was: it stays a gap,
 * which the chronology reports from all sources together.
 *
 * "Agree" means within the largest of: the stop radius; the case's same-place distance (the
 * merge radius, at which stops of different sources count as one place); and the sum of the two
 * positions' stated accuracies (their error circles touch, so they may be one place).
 */
import { haversineM } from '../geo/distance';
import type { StopCandidate } from './candidate';
import type { SourceTrack } from './track';

export interface SilenceOptions {
  radiusM: number;
  minS: number;
  gapS: number;
  /** The merge radius: positions closer than this are one place for the case, metres. */
  samePlaceM?: number;
}

export function silenceStops(track: SourceTrack, opts: SilenceOptions): StopCandidate[] {
  const { t, lat, lon, accuracyM, count } = track;
  const samePlaceM = Math.max(opts.radiusM, opts.samePlaceM ?? 0);
  const gapMs = opts.gapS * 1000;
  const minMs = opts.minS * 1000;
  const stops: StopCandidate[] = [];
  for (let i = 1; i < count; i++) {
    const dt = t[i]! - t[i - 1]!;
    if (dt <= gapMs || dt < minMs) continue;
    const d = haversineM(lat[i - 1]!, lon[i - 1]!, lat[i]!, lon[i]!);
    if (d > samePlaceM && d > statedAccuracy(accuracyM[i - 1]!) + statedAccuracy(accuracyM[i]!))
      continue;
    stops.push({
      sourceId: track.sourceId,
      origin: 'silence',
      start: t[i - 1]!,
      end: t[i]!,
      lat: (lat[i - 1]! + lat[i]!) / 2,
      lon: midLon(lon[i - 1]!, lon[i]!),
      radiusM: opts.radiusM,
      evidence: [{ kind: 'silence', sourceId: track.sourceId, before: t[i - 1]!, after: t[i]! }],
    });
  }
  return stops;
}

/** A stated accuracy, or 0 when none was stated (NaN) or it is not a usable number. */
function statedAccuracy(a: number): number {
  return a > 0 && a < Infinity ? a : 0;
}

function midLon(a: number, b: number): number {
  let d = b - a;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  let m = a + d / 2;
  if (m > 180) m -= 360;
  else if (m < -180) m += 360;
  return m;
}
