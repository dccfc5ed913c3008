/**
 * Photos on the timeline. A photo's time is its camera-clock-corrected time (the examiner's
 * choice per camera) plus its source's clock offset. Photos with their own position that are
 * close in time and place form a cluster: evidence the photographer was there (origin `photos`).
 * Photos without a position are placed on another source's track by time (inferred).
 */
import { validPosition } from '../geo/bounds';
import { haversineM, lonDelta } from '../geo/distance';
import type { Source } from '../model';
import { cameraId, effectivePhotoTime, photoInAssumedZone } from '../photos/cameras';
import { placeOnTrack } from '../photos/place-on-track';
import type { StopCandidate } from './candidate';
import { trackAsFixes, type SourceTrack } from './track';
import type { CameraClockChoice, EvidenceRef, TimelinePhoto } from './types';

export interface PlacedPhoto extends TimelinePhoto {
  /** Position used for attaching to stops (own or on a track); NaN when none. */
  atLat: number;
  atLon: number;
}

/** Fewest photos that make a cluster: one photo shows an instant, not a stay. */
export const MIN_CLUSTER_PHOTOS = 2;

export interface PhotoPlacementOptions {
  clockOffsetMs: number;
  /** Zone for photos whose DateTimeOriginal nothing else places (see photoInAssumedZone). */
  assumedZone: string | undefined;
  cameraClocks: Record<string, CameraClockChoice> | undefined;
  /** Tracks photos without a position may be placed on: the examiner's choice, often none. */
  tracks: readonly SourceTrack[];
  maxTrackDistanceMs: number;
}

export function placePhotos(source: Source, opts: PhotoPlacementOptions): PlacedPhoto[] {
  const { clockOffsetMs, cameraClocks, tracks, maxTrackDistanceMs } = opts;
  const out: PlacedPhoto[] = [];
  const photos = source.photos ?? [];
  const fixesOf = new Map<SourceTrack, ReturnType<typeof trackAsFixes>>();
  for (let index = 0; index < photos.length; index++) {
    const photo = photoInAssumedZone(photos[index]!, opts.assumedZone);
    const time = effectivePhotoTime(photo, cameraClocks?.[cameraId(photo)]);
    const t = Number.isFinite(time.t) ? time.t + clockOffsetMs : NaN;
    const base = { sourceId: source.id, index, t, timeBasis: time.basis };
    if (validPosition(photo.lat ?? NaN, photo.lon ?? NaN)) {
      out.push({
        ...base,
        lat: photo.lat!,
        lon: photo.lon!,
        position: 'own',
        atLat: photo.lat!,
        atLon: photo.lon!,
      });
      continue;
    }
    let best: { lat: number; lon: number; timeDistanceMs: number; sourceId: string } | null = null;
    if (Number.isFinite(t)) {
      for (const track of tracks) {
        if (track.sourceId === source.id || track.count === 0) continue;
        let fixes = fixesOf.get(track);
        if (!fixes) fixesOf.set(track, (fixes = trackAsFixes(track)));
        const p = placeOnTrack(fixes, t, maxTrackDistanceMs);
        if (p && (!best || p.timeDistanceMs < best.timeDistanceMs))
          best = { ...p, sourceId: track.sourceId };
      }
    }
    if (best) {
      out.push({
        ...base,
        lat: best.lat,
        lon: best.lon,
        position: 'track',
        trackSourceId: best.sourceId,
        trackTimeDistanceMs: best.timeDistanceMs,
        atLat: best.lat,
        atLon: best.lon,
      });
    } else out.push({ ...base, position: 'none', atLat: NaN, atLon: NaN });
  }
  return out;
}

/** Photos with their own position, consecutive in time (≤ gapS apart) and within radiusM of the first. */
export function photoClusters(
  photos: readonly PlacedPhoto[],
  radiusM: number,
  gapS: number,
): StopCandidate[] {
  const own = photos
    .filter((p) => p.position === 'own' && Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t || a.index - b.index);
  const out: StopCandidate[] = [];
  let from = 0;
  const flush = (to: number): void => {
    if (to - from >= MIN_CLUSTER_PHOTOS) {
      const members = own.slice(from, to);
      const lat = members.reduce((s, p) => s + p.atLat, 0) / members.length;
      // Mean of the offsets from the first photo, so a cluster across the antimeridian stays there.
      const lon0 = members[0]!.atLon;
      let lon = lon0 + members.reduce((s, p) => s + lonDelta(lon0, p.atLon), 0) / members.length;
      if (lon > 180) lon -= 360;
      else if (lon <= -180) lon += 360;
      out.push({
        sourceId: members[0]!.sourceId,
        origin: 'photos',
        start: members[0]!.t,
        end: members[members.length - 1]!.t,
        lat,
        lon,
        radiusM,
        evidence: members.map((p): EvidenceRef => ({
          kind: 'photo',
          sourceId: p.sourceId,
          index: p.index,
          t: p.t,
        })),
      });
    }
    from = to;
  };
  for (let i = 1; i <= own.length; i++) {
    if (
      i === own.length ||
      own[i]!.t - own[i - 1]!.t > gapS * 1000 ||
      haversineM(own[from]!.atLat, own[from]!.atLon, own[i]!.atLat, own[i]!.atLon) > radiusM
    )
      flush(i);
  }
  return out;
}
