/**
 * KMZ: a zip with `doc.kml` first (Google Earth opens the first KML it finds), the photo
 * thumbnails under `files/`, and the reproducibility manifest. Deterministic: fixed entry order
 * and compression, and every entry's zip time is the generation time's UTC wall clock (zip times
 * are zone-less, and fflate reads them from local getters, so they are built from UTC parts).
 */
import { zipSync, type Zippable } from 'fflate';
import { photoKey, type ExportMeta } from './describe';
import type { ExhibitModel } from './exhibit-model';
import { exhibitToKml } from './kml';
import { MANIFEST_FILE_NAME } from './manifest';

export interface KmzThumbnail {
  bytes: Uint8Array;
  /** `jpg`, `png` or `webp`. */
  ext: string;
}

export interface KmzInput extends ExportMeta {
  /** By `photoKey`. Photos without one are placemarks without an image. */
  thumbnails?: ReadonlyMap<string, KmzThumbnail>;
  /** The manifest JSON text, stored as `itinera-manifest.json`. */
  manifestJson?: string;
}

/** The zip time for `t`: a Date whose local fields are `t`'s UTC fields (DOS time has no zone). */
function zipTime(t: number | null): Date {
  const d = new Date(
    t !== null && Number.isFinite(t) && t >= Date.UTC(1980, 0, 2) ? t : Date.UTC(1980, 0, 2),
  );
  return new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
}

export function exhibitToKmz(model: ExhibitModel, input: KmzInput): Uint8Array {
  const hrefs = new Map<string, string>();
  const images: [string, Uint8Array][] = [];
  let k = 0;
  for (const photo of model.photos) {
    const thumb = input.thumbnails?.get(photoKey(photo));
    if (!thumb || photo.lat === null) continue;
    k++;
    const path = `files/photo-${String(k).padStart(4, '0')}.${thumb.ext}`;
    hrefs.set(photoKey(photo), path);
    images.push([path, thumb.bytes]);
  }
  const kml = exhibitToKml(model, { software: input.software, thumbnails: hrefs });
  const mtime = zipTime(model.generatedAt);
  const entries: Zippable = {};
  entries['doc.kml'] = [new TextEncoder().encode(kml), { level: 6, mtime }];
  // Images are already compressed: stored, not deflated again.
  for (const [path, bytes] of images) entries[path] = [bytes, { level: 0, mtime }];
  if (input.manifestJson !== undefined)
    entries[MANIFEST_FILE_NAME] = [
      new TextEncoder().encode(input.manifestJson),
      { level: 6, mtime },
    ];
  return zipSync(entries);
}
