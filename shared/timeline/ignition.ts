/**
 * Ignition (or engine) off followed by the next on: the vehicle stood still in between → a stop
 * of origin `ignition`. Its position is the off event's own, else the on event's, else the
 * source's observation nearest the off time (within the gap threshold).
 *
 * An off without a later on (the export ends, or the on was lost) is not made a stop: the end of
 * the stay is unknown, and any stay the fixes show is found by stay-point or silence detection
 * anyway. It is listed in `skipped` (`no-ignition-on`), as is a pair with no position at all.
 */
import { validPosition } from '../geo/bounds';
import type { EventType, Source } from '../model';
import type { StopCandidate } from './candidate';
import type { SkippedEvidence } from './types';
import { nearestIndex, type SourceTrack } from './track';

const OFF: ReadonlySet<EventType> = new Set(['ignition-off', 'engine-stop']);
const ON: ReadonlySet<EventType> = new Set(['ignition-on', 'engine-start']);

export function ignitionStops(
  source: Source,
  track: SourceTrack,
  clockOffsetMs: number,
  radiusM: number,
  gapS: number,
  skipped: SkippedEvidence[] = [],
): StopCandidate[] {
  const events = source.events ?? [];
  const order: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (Number.isFinite(e.t) && (OFF.has(e.type) || ON.has(e.type))) order.push(i);
  }
  order.sort((a, b) => events[a]!.t - events[b]!.t || a - b);
  const out: StopCandidate[] = [];
  let off = -1;
  for (const i of order) {
    const e = events[i]!;
    if (OFF.has(e.type)) {
      if (off < 0) off = i;
      continue;
    }
    if (off < 0) continue;
    const offIndex = off;
    const a = events[offIndex]!;
    off = -1;
    const start = a.t + clockOffsetMs;
    const end = e.t + clockOffsetMs;
    let lat = NaN;
    let lon = NaN;
    if (validPosition(a.lat ?? NaN, a.lon ?? NaN)) [lat, lon] = [a.lat!, a.lon!];
    else if (validPosition(e.lat ?? NaN, e.lon ?? NaN)) [lat, lon] = [e.lat!, e.lon!];
    else {
      const j = nearestIndex(track, start);
      if (j < 0 || Math.abs(track.t[j]! - start) > gapS * 1000) {
        skipped.push({
          kind: 'event',
          sourceId: source.id,
          index: offIndex,
          reason: 'no-position',
        });
        continue;
      }
      [lat, lon] = [track.lat[j]!, track.lon[j]!];
    }
    out.push({
      sourceId: source.id,
      origin: 'ignition',
      start,
      end,
      lat,
      lon,
      radiusM,
      evidence: [
        { kind: 'event', sourceId: source.id, index: offIndex, type: a.type, t: start },
        { kind: 'event', sourceId: source.id, index: i, type: e.type, t: end },
      ],
    });
  }
  if (off >= 0)
    skipped.push({ kind: 'event', sourceId: source.id, index: off, reason: 'no-ignition-on' });
  return out;
}
