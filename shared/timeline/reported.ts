/**
 * Stops the source reported itself (a tracker's stops report, Google visits) → origin `reported`.
 * A reported stop without a position borrows the source's observation nearest its start (within
 * the gap threshold); one without usable times, or without a position it can borrow, cannot be
 * placed on a timeline: it is listed in `skipped` with the reason.
 */
import { validPosition } from '../geo/bounds';
import type { Source } from '../model';
import type { StopCandidate } from './candidate';
import type { SkippedEvidence } from './types';
import { nearestIndex, type SourceTrack } from './track';

export function reportedStops(
  source: Source,
  track: SourceTrack,
  clockOffsetMs: number,
  radiusM: number,
  gapS: number,
  skipped: SkippedEvidence[] = [],
): StopCandidate[] {
  const out: StopCandidate[] = [];
  const stops = source.reportedStops ?? [];
  for (let index = 0; index < stops.length; index++) {
    const s = stops[index]!;
    if (!Number.isFinite(s.start) || !Number.isFinite(s.end) || s.end < s.start) {
      skipped.push({ kind: 'reported-stop', sourceId: source.id, index, reason: 'no-time' });
      continue;
    }
    const start = s.start + clockOffsetMs;
    const end = s.end + clockOffsetMs;
    let lat = s.lat ?? NaN;
    let lon = s.lon ?? NaN;
    if (!validPosition(lat, lon)) {
      const j = nearestIndex(track, start);
      if (j < 0 || Math.abs(track.t[j]! - start) > gapS * 1000) {
        skipped.push({ kind: 'reported-stop', sourceId: source.id, index, reason: 'no-position' });
        continue;
      }
      lat = track.lat[j]!;
      lon = track.lon[j]!;
    }
    out.push({
      sourceId: source.id,
      origin: 'reported',
      start,
      end,
      lat,
      lon,
      radiusM,
      evidence: [
        {
          kind: 'reported-stop',
          sourceId: source.id,
          index,
          ...(s.name !== undefined ? { name: s.name } : {}),
        },
      ],
    });
  }
  return out;
}
