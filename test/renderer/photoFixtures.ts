import type { ImportResult } from '../../shared/api';
import type { Photo, Source } from '../../shared/model';

export const T0 = Date.UTC(2024, 6, 14, 10, 0, 0);

export function fakePhoto(fileIndex: number, over: Partial<Photo> = {}): Photo {
  return {
    fileIndex,
    t: T0 + fileIndex * 60_000,
    timeBasis: 'offset',
    shutterT: T0 + fileIndex * 60_000,
    gpsT: NaN,
    raw: { dateTimeOriginal: '2024:07:14 12:00:00', offsetTimeOriginal: '+02:00' },
    container: 'jpeg',
    make: 'Apple',
    model: 'iPhone 12',
    ...over,
  };
}

/** A photos source as the intake makes it: one file per photo, no fixes. */
export function fakePhotosSource(id: string, photos: Photo[]): Source {
  return {
    id,
    kind: 'photos',
    format: 'photos',
    label: id,
    files: photos.map((_, i) => ({
      name: `IMG_${String(i).padStart(4, '0')}.jpg`,
      path: `/evidence/${id}/IMG_${String(i).padStart(4, '0')}.jpg`,
      size: 2_000_000 + i,
      sha256: String(i % 10).repeat(64),
    })),
    clock: { offsetMs: 0 },
    fixes: { count: 0, t: new Float64Array(0), lat: new Float64Array(0), lon: new Float64Array(0) },
    fixTimeBasis: new Uint8Array(0),
    parts: [],
    waypoints: [],
    stats: {
      points: 0,
      tracks: 0,
      segments: 0,
      routes: 0,
      waypoints: 0,
      first: null,
      last: null,
      timeBases: {},
    },
    issues: [],
    photos,
  };
}

export function ok(source: Source): ImportResult {
  return { ok: true, path: `/evidence/${source.id}`, source };
}
