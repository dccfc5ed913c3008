/**
 * Two observations from different sources, close in time, that put the subject further apart
 * than a vehicle can travel: both cannot be true. The distance first loses a tolerance (the
 * larger of the merge radius and the two stated accuracies), so position noise between a truck
 * and the phone in its cab is never a conflict; the rest over the time between them (at least
 * 1 s, the clocks' resolution) is the implied speed. Conflicting pairs of the same two sources
 * within the gap threshold of each other form one episode, reported by its worst pair.
 */
import { haversineM, M_PER_DEG } from '../geo/distance';
import type { ObservationStream } from './observations';
import type { SourceTrack } from './track';
import type { TimelineConflict } from './types';

export interface ConflictOptions {
  conflictSpeedKmh: number;
  mergeRadiusM: number;
  /** Observations further apart in time than this are not compared, seconds. */
  windowS: number;
  /** Conflicting pairs closer than this belong to one episode, seconds. */
  episodeGapS: number;
}

export function findConflicts(
  stream: ObservationStream,
  tracks: readonly SourceTrack[],
  opts: ConflictOptions,
): TimelineConflict[] {
  const S = tracks.length;
  if (S < 2) return [];
  const last = new Int32Array(S).fill(-1);
  const windowMs = opts.windowS * 1000;
  const episodeMs = opts.episodeGapS * 1000;
  const open = new Map<number, TimelineConflict>();
  const done: TimelineConflict[] = [];
  const { t, lat, lon, accuracyM, source } = stream;
  for (let k = 0; k < stream.count; k++) {
    const s = source[k]!;
    for (let q = 0; q < S; q++) {
      if (q === s) continue;
      const j = last[q]!;
      if (j < 0) continue;
      const dt = t[k]! - t[j]!;
      if (dt > windowMs) continue;
      // Quick reject: closer than the merge radius in a cheap planar bound is never a conflict.
      const dy = (lat[j]! - lat[k]!) * M_PER_DEG;
      const dxDeg = Math.abs(lon[j]! - lon[k]!);
      const dx = Math.min(dxDeg, 360 - dxDeg) * M_PER_DEG;
      if (dy * dy + dx * dx <= opts.mergeRadiusM * opts.mergeRadiusM) continue;
      const d = haversineM(lat[j]!, lon[j]!, lat[k]!, lon[k]!);
      const accA = accuracyM[j]!;
      const accB = accuracyM[k]!;
      const tolerance = Math.max(
        opts.mergeRadiusM,
        (Number.isFinite(accA) ? accA : 0) + (Number.isFinite(accB) ? accB : 0),
      );
      const excess = d - tolerance;
      if (excess <= 0) continue;
      const speedKmh = (excess / Math.max(dt / 1000, 1)) * 3.6;
      if (speedKmh <= opts.conflictSpeedKmh) continue;
      const [lo, hi] = q < s ? [q, s] : [s, q];
      const pairKey = lo * S + hi;
      const [ja, kb] = q < s ? [j, k] : [k, j];
      const a = { sourceId: tracks[lo]!.sourceId, t: t[ja]!, lat: lat[ja]!, lon: lon[ja]! };
      const b = { sourceId: tracks[hi]!.sourceId, t: t[kb]!, lat: lat[kb]!, lon: lon[kb]! };
      const episode = open.get(pairKey);
      if (episode && t[j]! - episode.end <= episodeMs) {
        episode.end = Math.max(episode.end, t[k]!);
        episode.durationS = (episode.end - episode.start) / 1000;
        if (speedKmh > episode.impliedSpeedKmh) {
          episode.impliedSpeedKmh = speedKmh;
          episode.distanceM = d;
          episode.a = a;
          episode.b = b;
        }
        continue;
      }
      if (episode) done.push(episode);
      open.set(pairKey, {
        type: 'conflict',
        start: t[j]!,
        end: t[k]!,
        durationS: dt / 1000,
        distanceM: d,
        impliedSpeedKmh: speedKmh,
        a,
        b,
        sources: [a.sourceId, b.sourceId],
      });
    }
    last[s] = k;
  }
  done.push(...open.values());
  return done.sort(
    (x, y) => x.start - y.start || x.end - y.end || (x.sources.join() < y.sources.join() ? -1 : 1),
  );
}
