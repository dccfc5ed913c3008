/**
 * Cameras and their clocks. A camera writes DateTimeOriginal from its own clock, which can
 * be set wrong (by minutes, or by whole hours after a zone change); the GPS stamp comes from the
 * satellites but is the time of the last position fix, which can be stale. Comparing the two
 * over all of one camera's photos tells the two apart: a wrong clock is off by the same amount
 * on every photo, a stale fix only now and then.
 */
import type { Photo, PhotoTimeBasis } from '../model';
import { resolvePhotoTime } from '../time/photo-time';
import type { CameraClockChoice } from '../timeline/types';

/** Below this, shutter and GPS time are taken to agree (GPS stamps are whole seconds, fixes lag). */
export const CLOCK_AGREEMENT_MS = 60_000;

/** Fewest photos with both times before a correction is suggested: two could be coincidence. */
export const MIN_PHOTOS_FOR_SUGGESTION = 3;

export const DEFAULT_CAMERA_CLOCK: CameraClockChoice = { correctionMs: 0, trust: 'auto' };

/** EXIF strings are often padded with spaces or NULs, and vary in case between firmware versions. */
function normalise(value: string | undefined): string {
  return (value ?? '').replace(/\0/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Stable identity of the camera that took a photo: `make|model|serial`, trimmed and lower-cased. */
export function cameraId(photo: Pick<Photo, 'make' | 'model' | 'serial'>): string {
  return `${normalise(photo.make)}|${normalise(photo.model)}|${normalise(photo.serial)}`;
}

/** The id of photos that name no camera at all. */
export const UNKNOWN_CAMERA_ID = '||';

export interface CameraSummary {
  id: string;
  /** As written in the first photo of this camera (original case), for display. */
  make?: string;
  model?: string;
  serial?: string;
  count: number;
  /** Photos that have both a shutter time and a GPS time. */
  withBothTimes: number;
  /** Median of (shutterT − gpsT) over those photos, ms; null when none. */
  medianDifferenceMs: number | null;
  /** Median absolute deviation of those differences from their median, ms; null when none. */
  spreadMs: number | null;
  /** Photos whose shutter and GPS time differ by more than CLOCK_AGREEMENT_MS. */
  disagreeing: number;
  /**
   * The correction to add to this camera's shutter times (−median, whole seconds) when the
   * disagreement is consistent; absent otherwise. See `suggestCorrection` for the rule.
   */
  suggestedCorrectionMs?: number;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A correction is suggested only when (1) at least MIN_PHOTOS_FOR_SUGGESTION photos carry both
 * times, (2) the median disagreement exceeds CLOCK_AGREEMENT_MS, and (3) the photos agree with
 * each other: the median absolute deviation is at most a tenth of the median (and at most
 * 5 minutes). A wrong clock shifts every photo alike; stale fixes scatter, and then no single
 * correction would be right, so none is offered.
 */
export function suggestCorrection(
  withBothTimes: number,
  medianMs: number | null,
  spreadMs: number | null,
): number | undefined {
  if (withBothTimes < MIN_PHOTOS_FOR_SUGGESTION || medianMs === null || spreadMs === null) {
    return undefined;
  }
  if (Math.abs(medianMs) <= CLOCK_AGREEMENT_MS) return undefined;
  if (spreadMs > Math.min(Math.abs(medianMs) / 10, 300_000)) return undefined;
  const correction = -Math.round(medianMs / 1000) * 1000;
  return correction === 0 ? 0 : correction;
}

/** Per camera, in order of first appearance. */
export function summarizeCameras(photos: Iterable<Photo>): CameraSummary[] {
  const byId = new Map<string, { summary: CameraSummary; differences: number[] }>();
  for (const photo of photos) {
    const id = cameraId(photo);
    let entry = byId.get(id);
    if (!entry) {
      const summary: CameraSummary = {
        id,
        count: 0,
        withBothTimes: 0,
        medianDifferenceMs: null,
        spreadMs: null,
        disagreeing: 0,
      };
      if (photo.make?.trim()) summary.make = photo.make.replace(/\0/g, '').trim();
      if (photo.model?.trim()) summary.model = photo.model.replace(/\0/g, '').trim();
      if (photo.serial?.trim()) summary.serial = photo.serial.replace(/\0/g, '').trim();
      entry = { summary, differences: [] };
      byId.set(id, entry);
    }
    entry.summary.count++;
    if (Number.isFinite(photo.shutterT) && Number.isFinite(photo.gpsT)) {
      const difference = photo.shutterT - photo.gpsT;
      entry.differences.push(difference);
      if (Math.abs(difference) > CLOCK_AGREEMENT_MS) entry.summary.disagreeing++;
    }
  }
  const result: CameraSummary[] = [];
  for (const { summary, differences } of byId.values()) {
    summary.withBothTimes = differences.length;
    if (differences.length > 0) {
      differences.sort((a, b) => a - b);
      const m = median(differences);
      const deviations = differences.map((d) => Math.abs(d - m)).sort((a, b) => a - b);
      summary.medianDifferenceMs = m;
      summary.spreadMs = median(deviations);
      const suggestion = suggestCorrection(differences.length, m, summary.spreadMs);
      if (suggestion !== undefined) summary.suggestedCorrectionMs = suggestion;
    }
    result.push(summary);
  }
  return result;
}

/** Which clock a photo time came from: the camera's (shutter) or the satellites' (GPS). */
export type PhotoClock = 'shutter' | 'gps' | 'none';

export interface EffectivePhotoTime {
  /** UTC epoch ms; NaN when the photo has no usable time. */
  t: number;
  basis: PhotoTimeBasis;
  clock: PhotoClock;
  /** True when a non-zero camera clock correction was added. */
  corrected: boolean;
  /** True when the trusted time was missing and the resolved (auto) time was used instead. */
  fellBack: boolean;
}

/** The basis of the shutter time on its own (it was resolved with its offset or in an assumed zone). */
function shutterBasis(photo: Photo): PhotoTimeBasis {
  if (photo.timeBasis === 'offset' || photo.timeBasis === 'zone-assumed') return photo.timeBasis;
  return photo.raw.offsetTimeOriginal ? 'offset' : 'zone-assumed';
}

function clockOf(basis: PhotoTimeBasis): PhotoClock {
  if (basis === 'gps') return 'gps';
  return basis === 'none' ? 'none' : 'shutter';
}

/**
 * A photo with no usable time because nothing said which zone its DateTimeOriginal was in (no
 * offset tag, no position to look the zone up from), placed in the zone the examiner assumed for
 * its source. Any other photo is returned as it is: an assumed zone never overrides what the
 * file itself says.
 */
export function photoInAssumedZone(photo: Photo, zone: string | undefined): Photo {
  if (zone === undefined || photo.timeBasis !== 'none' || photo.raw.dateTimeOriginal === undefined)
    return photo;
  const resolved = resolvePhotoTime(
    {
      dateTimeOriginal: photo.raw.dateTimeOriginal,
      ...(photo.raw.subSecTimeOriginal !== undefined
        ? { subSecTimeOriginal: photo.raw.subSecTimeOriginal }
        : {}),
    },
    { fallbackZone: zone },
  );
  if (resolved.timeBasis !== 'zone-assumed') return photo;
  return {
    ...photo,
    t: resolved.t,
    shutterT: resolved.shutterT,
    timeBasis: 'zone-assumed',
    assumedZone: zone,
    timeNote: `DateTimeOriginal placed in ${zone}, the zone the examiner assumed for this source`,
  };
}

/**
 * The photo's time under the examiner's choice for its camera. The correction is added to
 * times read from the camera's clock only: a GPS stamp does not come from that clock, so
 * correcting it would move a right time.
 */
export function effectivePhotoTime(photo: Photo, choice?: CameraClockChoice): EffectivePhotoTime {
  const correctionMs = choice?.correctionMs ?? 0;
  const trust = choice?.trust ?? 'auto';
  let t = photo.t;
  let basis = photo.timeBasis;
  let fellBack = false;
  if (trust === 'shutter' && basis !== 'offset' && basis !== 'zone-assumed') {
    if (Number.isFinite(photo.shutterT)) {
      t = photo.shutterT;
      basis = shutterBasis(photo);
    } else fellBack = true;
  } else if (trust === 'gps' && basis !== 'gps') {
    if (Number.isFinite(photo.gpsT)) {
      t = photo.gpsT;
      basis = 'gps';
    } else fellBack = true;
  }
  if (!Number.isFinite(t))
    return { t: NaN, basis: 'none', clock: 'none', corrected: false, fellBack };
  const clock = clockOf(basis);
  const corrected = clock === 'shutter' && correctionMs !== 0 && Number.isFinite(correctionMs);
  return { t: corrected ? t + correctionMs : t, basis, clock, corrected, fellBack };
}
