/**
 * `deriveTimeline`: every source in, one chronology out. Pure and deterministic: no clock, no
 * host time zone, no randomness; the sources are taken in id order so the order they are given
 * in never matters. The app (in a web worker), the CLI and the tests call this same function.
 *
 * Steps: per source, a time-sorted track with its clock correction → stop candidates (stay
 * points, same-place silences, reported stops, ignition pairs, photo clusters) → merged across
 * sources → overlaps at different places resolved by strength (losers kept as `contested`, with
 * a conflict) → photos attached → examiner's edits → numbering, places → movements, gaps and
 * conflict episodes between the stops → co-presence of the requested pairs.
 */
import type { Source } from '../model';
import type { StopCandidate } from './candidate';
import { buildChronology } from './chronology';
import { coPresence } from './co-presence';
import { findConflicts } from './conflicts';
import { applyEdits } from './edits';
import { ignitionStops } from './ignition';
import { mergeCandidates, resolveOverlaps, sortEvidence } from './merge';
import { MAX_PHOTO_PLACEMENT_MS } from '../photos/place-on-track';
import { photoClusters, placePhotos, type PlacedPhoto } from './photos';
import { groupRecurringPlaces, nameStops } from './places';
import { reportedStops } from './reported';
import { compareStrings, resolveParameters } from './settings';
import { silenceStops } from './silences';
import { detectStayPoints } from './stay-points';
import { mergeTracks } from './observations';
import { buildTrack, type SourceTrack } from './track';
import { haversineM } from '../geo/distance';
import type {
  CoPresenceInterval,
  Timeline,
  TimelineConflict,
  TimelineContext,
  TimelinePhoto,
  SkippedEvidence,
  TimelineSettings,
  TimelineStop,
} from './types';

export { defaultTimelineSettings } from './settings';

export function deriveTimeline(
  sources: readonly Source[],
  settings: TimelineSettings,
  ctx: TimelineContext = {},
): Timeline {
  const parameters = resolveParameters(sources, settings);
  const { gapS, mergeRadiusM, conflictSpeedKmh } = parameters;
  const included = [...sources]
    .filter((s) => !parameters.perSource[s.id]!.excluded)
    .sort((a, b) => compareStrings(a.id, b.id));

  const tracks: SourceTrack[] = [];
  const trackById = new Map<string, SourceTrack>();
  const candidates: StopCandidate[] = [];
  const skipped: SkippedEvidence[] = [];
  for (const source of included) {
    const p = parameters.perSource[source.id]!;
    const track = buildTrack(source, p.clockOffsetMs);
    trackById.set(source.id, track);
    if (track.count > 0) tracks.push(track);
    const stay = { radiusM: p.stopRadiusM, minS: p.stopMinS, gapS };
    candidates.push(
      ...detectStayPoints(track, stay),
      ...silenceStops(track, { ...stay, samePlaceM: mergeRadiusM }),
    );
    candidates.push(
      ...reportedStops(source, track, p.clockOffsetMs, p.stopRadiusM, gapS, skipped),
      ...ignitionStops(source, track, p.clockOffsetMs, p.stopRadiusM, gapS, skipped),
    );
  }
  const photos: PlacedPhoto[] = [];
  for (const source of included) {
    if (!source.photos?.length) continue;
    const p = parameters.perSource[source.id]!;
    const placed = placePhotos(source, {
      clockOffsetMs: p.clockOffsetMs,
      assumedZone: p.assumedZone,
      cameraClocks: settings.cameraClocks,
      tracks: tracksFor(settings.photoTracks?.[source.id], tracks),
      maxTrackDistanceMs: MAX_PHOTO_PLACEMENT_MS,
    });
    photos.push(...placed);
    candidates.push(...photoClusters(placed, p.stopRadiusM, gapS));
  }

  const { accepted, contested } = resolveOverlaps(mergeCandidates(candidates, mergeRadiusM));
  attachPhotos(accepted, photos, mergeRadiusM);
  const edited = applyEdits(accepted, settings.edits, trackById);
  const stops = edited.stops;
  let n = 0;
  for (const s of stops) s.n = s.excluded ? 0 : ++n;
  nameStops(stops, ctx.gazetteer);
  groupRecurringPlaces(stops);

  const stream = mergeTracks(tracks);
  const conflicts = findConflicts(stream, tracks, {
    conflictSpeedKmh,
    mergeRadiusM,
    windowS: gapS,
    episodeGapS: gapS,
  });
  for (const { stop, against } of contested) conflicts.push(contestedConflict(stop, against));
  conflicts.sort(
    (x, y) =>
      x.start - y.start || x.end - y.end || compareStrings(x.sources.join(), y.sources.join()),
  );
  const entries = buildChronology(stops, stream, tracks, conflicts, gapS);

  const coPresenceIntervals: CoPresenceInterval[] = [];
  for (const request of settings.coPresence) {
    const a = trackById.get(request.a);
    const b = trackById.get(request.b);
    if (a && b && a !== b) coPresenceIntervals.push(...coPresence(a, b, request, gapS));
  }

  return {
    version: 1,
    parameters,
    entries,
    coPresence: coPresenceIntervals,
    photos: timelinePhotos(photos, stops),
    conflicts,
    contested: contested.map(({ stop }) => ({ ...stop, n: 0 })),
    editLog: edited.log,
    skipped,
  };
}

/**
 * A photo inside a stop's time span (and near it, when the photo has a position) is evidence
 * of that stop. Photos already in a cluster are not added twice.
 */
function attachPhotos(
  stops: TimelineStop[],
  photos: readonly PlacedPhoto[],
  mergeRadiusM: number,
): void {
  if (photos.length === 0) return;
  const timed = photos.filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
  for (const stop of stops) {
    let added = false;
    for (const p of timed) {
      if (p.t < stop.start) continue;
      if (p.t > stop.end) break;
      if (
        Number.isFinite(p.atLat) &&
        haversineM(p.atLat, p.atLon, stop.lat, stop.lon) > stop.radiusM + mergeRadiusM
      )
        continue;
      stop.evidence.push({ kind: 'photo', sourceId: p.sourceId, index: p.index, t: p.t });
      if (!stop.sources.includes(p.sourceId))
        stop.sources = [...stop.sources, p.sourceId].sort(compareStrings);
      added = true;
    }
    if (added) stop.evidence = sortEvidence(stop.evidence);
  }
}

function timelinePhotos(
  photos: readonly PlacedPhoto[],
  stops: readonly TimelineStop[],
): TimelinePhoto[] {
  const stopOf = new Map<string, number>();
  for (const s of stops)
    for (const e of s.evidence)
      if (e.kind === 'photo' && s.n > 0) stopOf.set(`${e.sourceId}#${e.index}`, s.n);
  return [...photos]
    .sort((a, b) => compareStrings(a.sourceId, b.sourceId) || a.index - b.index)
    .map(({ atLat: _lat, atLon: _lon, ...photo }) => {
      const n = stopOf.get(`${photo.sourceId}#${photo.index}`);
      return n === undefined ? photo : { ...photo, stop: n };
    });
}

/** Two stops at once in different places: the conflict names the accepted and the contested one. */
function contestedConflict(stop: TimelineStop, against: TimelineStop): TimelineConflict {
  const start = Math.max(stop.start, against.start);
  const end = Math.max(start, Math.min(stop.end, against.end));
  const distanceM = haversineM(against.lat, against.lon, stop.lat, stop.lon);
  const a = { sourceId: against.sources[0]!, t: start, lat: against.lat, lon: against.lon };
  const b = { sourceId: stop.sources[0]!, t: start, lat: stop.lat, lon: stop.lon };
  return {
    type: 'conflict',
    start,
    end,
    durationS: (end - start) / 1000,
    distanceM,
    // Simultaneous claims: the speed over 1 s, the resolution of the clocks.
    impliedSpeedKmh: distanceM * 3.6,
    a,
    b,
    sources: [...new Set([...against.sources, ...stop.sources])].sort(compareStrings),
  };
}

/** The tracks the examiner chose for placing a photos source's photos without a position. */
function tracksFor(choice: string | undefined, tracks: readonly SourceTrack[]): SourceTrack[] {
  if (choice === undefined) return [];
  if (choice === '*') return [...tracks];
  return tracks.filter((t) => t.sourceId === choice);
}
