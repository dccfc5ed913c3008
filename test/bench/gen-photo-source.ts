/**
 * A synthetic photos source for the map bench: `count` photos taken along the generated drive
 * (`driveFixes`), as the photo intake would hand them to the renderer, without 10,000 files to
 * read and hash. Each photo sits on an evenly spaced fix of the drive, a few metres off it,
 * with that fix's time; so the clusters follow the route and the time window dims them.
 *
 * The photos claim the HEIC container, which Chromium cannot decode: the map shows its camera
 * placeholder and never asks the host for a thumbnail, so what is measured is the clustered
 * layer itself, not thumbnail decoding (the `photos` bench measures that side).
 * Same (points, count, seed) ⇒ identical source.
 */
import type { ImportedSource } from '../../shared/api';
import type { EvidenceFile, Photo } from '../../shared/model';
import { DEFAULT_SEED, driveFixes, seededRandom } from './gen-common';

export const SYNTHETIC_PHOTOS_SUFFIX = '.bench-photos';

/** The path that stands for the synthetic folder in a pick result (nothing exists there). */
export function syntheticPhotosPath(dir: string, count: number): string {
  return `${dir}/photos-${count}${SYNTHETIC_PHOTOS_SUFFIX}`;
}

export function isSyntheticPhotosPath(path: string): boolean {
  return path.endsWith(SYNTHETIC_PHOTOS_SUFFIX);
}

export function benchPhotoSource(
  points: number,
  count: number,
  seed = DEFAULT_SEED,
): ImportedSource {
  const every = Math.max(1, Math.floor(points / Math.max(1, count)));
  const random = seededRandom(seed ^ 0x5eed);
  const photos: Photo[] = [];
  const files: EvidenceFile[] = [];
  let i = 0;
  for (const fix of driveFixes(points, seed)) {
    if (photos.length >= count) break;
    if (i++ % every !== 0) continue;
    const n = photos.length;
    const name = `IMG_${String(n).padStart(5, '0')}.HEIC`;
    files.push({
      name,
      path: `/synthetic/DCIM/${name}`,
      size: 2_500_000,
      sha256: (n % 16).toString(16).repeat(64),
    });
    photos.push({
      fileIndex: n,
      t: fix.t,
      timeBasis: 'offset',
      shutterT: fix.t,
      gpsT: fix.t,
      raw: {},
      lat: fix.lat + (random() - 0.5) * 2e-4,
      lon: fix.lon + (random() - 0.5) * 3e-4,
      container: 'heic',
      make: 'Apple',
      model: 'iPhone 12',
    });
  }
  const first = photos[0]?.t ?? null;
  const last = photos.at(-1)?.t ?? null;
  const empty = new Float64Array(0);
  return {
    id: `bench-photos-${points}-${count}`,
    kind: 'photos',
    format: 'photos',
    formatDetail: `${photos.length} HEIC (synthetic)`,
    label: `photos-${count}`,
    files,
    clock: { offsetMs: 0 },
    fixes: { count: 0, t: empty, lat: empty, lon: empty },
    fixTimeBasis: new Uint8Array(0),
    parts: [],
    waypoints: [],
    stats: {
      points: 0,
      tracks: 0,
      segments: 0,
      routes: 0,
      waypoints: 0,
      first,
      last,
      timeBases: {},
      photos: photos.length,
    },
    issues: [],
    photos,
  };
}
