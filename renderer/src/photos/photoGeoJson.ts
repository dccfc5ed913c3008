/**
 * Photos as map features. Photos with their own (EXIF) position go into one clustered source;
 * photos placed on a track by time are inferred, so they go into a separate source and are
 * drawn differently (hollow), never mixed with measured positions.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Photo, Source } from '../../../shared/model';
import { cameraId, effectivePhotoTime, photoInAssumedZone } from '../../../shared/photos/cameras';
import {
  MAX_PHOTO_PLACEMENT_MS,
  placeOnTrack,
  type TrackPlacement,
} from '../../../shared/photos/place-on-track';
import type { CameraClockChoice, SourceTimelineSettings } from '../../../shared/timeline/types';
import type { EvidenceEntry, SourceEntry } from '../store/sourcesSlice';

/**
 * Beyond this from the nearest fix a placement is not offered: the track says nothing about
 * where the subject was, and a straight line across a long gap would look like evidence.
 */
export const MAX_PLACEMENT_TIME_DISTANCE_MS = MAX_PHOTO_PLACEMENT_MS;

export interface PhotoFeatureProperties {
  /** `SourceEntry.key` of the photos source. */
  s: string;
  /** Index into `source.photos`. */
  i: number;
  /** Map image id of the thumbnail. */
  img: string;
  /** Placed on a track (inferred) only: time distance to the nearest fix, ms. */
  dt?: number;
  /** The photo's time under the examiner's clock and zone choices (for the time window); absent when none. */
  t?: number;
}

export type PhotoFeatures = FeatureCollection<Point, PhotoFeatureProperties>;

export function thumbImageId(sourceKey: string, index: number): string {
  return `photo:${sourceKey}:${index}`;
}

export function parseThumbImageId(id: string): { sourceKey: string; index: number } | null {
  const match = /^photo:(.+):(\d+)$/.exec(id);
  return match ? { sourceKey: match[1]!, index: Number(match[2]) } : null;
}

export function hasOwnPosition(photo: Photo): photo is Photo & { lat: number; lon: number } {
  return (
    photo.lat !== undefined &&
    photo.lon !== undefined &&
    Number.isFinite(photo.lat) &&
    Number.isFinite(photo.lon) &&
    Math.abs(photo.lat) <= 90 &&
    Math.abs(photo.lon) <= 180
  );
}

export function photoSources(entries: readonly EvidenceEntry[]): SourceEntry[] {
  return entries.filter(
    (e): e is SourceEntry => e.kind === 'source' && (e.source.photos?.length ?? 0) > 0,
  );
}

/** Sources with timed fixes a photo can be placed on. */
export function trackSources(entries: readonly EvidenceEntry[]): SourceEntry[] {
  return entries.filter(
    (e): e is SourceEntry =>
      e.kind === 'source' && e.source.fixes.count > 0 && e.source.stats.first !== null,
  );
}

/** Where a photo without a position would sit on `track`, using its camera's clock choice. */
export function placePhoto(
  photo: Photo,
  track: Source,
  cameraClocks: Readonly<Record<string, CameraClockChoice>>,
  assumedZone?: string,
): TrackPlacement | null {
  const timed = photoInAssumedZone(photo, assumedZone);
  const { t } = effectivePhotoTime(timed, cameraClocks[cameraId(timed)]);
  return placeOnTrack(track.fixes, t, MAX_PLACEMENT_TIME_DISTANCE_MS);
}

export function buildPhotoFeatures(
  entries: readonly EvidenceEntry[],
  photoTracks: Readonly<Record<string, string>>,
  cameraClocks: Readonly<Record<string, CameraClockChoice>>,
  perSource: Readonly<Record<string, SourceTimelineSettings>> = {},
): { own: PhotoFeatures; placed: PhotoFeatures } {
  const own: PhotoFeatures = { type: 'FeatureCollection', features: [] };
  const placed: PhotoFeatures = { type: 'FeatureCollection', features: [] };
  const byKey = new Map(entries.map((e) => [e.key, e]));
  for (const entry of photoSources(entries)) {
    const trackEntry = byKey.get(photoTracks[entry.key] ?? '');
    const track = trackEntry?.kind === 'source' ? trackEntry.source : undefined;
    const photos = entry.source.photos!;
    const zone = perSource[entry.source.id]?.assumedZone;
    for (let i = 0; i < photos.length; i++) {
      const photo = photos[i]!;
      const img = thumbImageId(entry.key, i);
      const timed = photoInAssumedZone(photo, zone);
      const { t } = effectivePhotoTime(timed, cameraClocks[cameraId(timed)]);
      const time = Number.isFinite(t) ? { t } : {};
      if (hasOwnPosition(photo)) {
        own.features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [photo.lon, photo.lat] },
          properties: { s: entry.key, i, img, ...time },
        });
      } else if (track) {
        const p = placePhoto(photo, track, cameraClocks, zone);
        if (!p) continue;
        placed.features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
          properties: { s: entry.key, i, img, dt: p.timeDistanceMs, ...time },
        });
      }
    }
  }
  return { own, placed };
}
