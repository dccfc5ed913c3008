/**
 * Small decoded thumbnails of imported photos, shared by the map layer, the timeline and the
 * viewer. The embedded preview is read when the file has one (a few kB from the file's head);
 * otherwise JPEG, PNG and WebP are decoded whole and scaled down. HEIC and the TIFF family
 * cannot be decoded by Chromium: they get no thumbnail (the caller shows a camera icon).
 *
 * Loads are queued newest first (what the examiner just scrolled to matters most) and capped
 * in number, so a view with hundreds of photos never floods the Node side.
 */
import type { ItineraApi } from '../../../shared/api';
import type { EvidenceFile, Photo } from '../../../shared/model';

/** Width thumbnails are decoded at: 2x the largest size they are shown at. */
export const THUMB_DECODE_WIDTH = 192;

const MAX_CONCURRENT = 4;
/** Decoding a whole multi-megabyte photo costs far more than a preview: fewer at once. */
const MAX_CONCURRENT_FULL = 1;
/** About 192×144×4 bytes each: some 80 MB at most. */
const CACHE_LIMIT = 800;
/** Above this, a photo without a preview is not decoded for a thumbnail. */
const MAX_FULL_DECODE_BYTES = 40 * 1024 * 1024;

const DECODABLE: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The MIME type Chromium can decode the whole file as, or null (HEIC, TIFF, raw). */
export function decodableMime(container: string): string | null {
  return DECODABLE[container.toLowerCase()] ?? null;
}

export interface ThumbSubject {
  photo: Photo;
  file: EvidenceFile | undefined;
}

interface Job {
  key: string;
  run: () => Promise<ImageBitmap | null>;
  full: boolean;
  resolve: (value: ImageBitmap | null) => void;
}

const cache = new Map<string, ImageBitmap | null>();
const inFlight = new Map<string, Promise<ImageBitmap | null>>();
const queue: Job[] = [];
let running = 0;
let runningFull = 0;

function remember(key: string, bitmap: ImageBitmap | null): void {
  cache.delete(key);
  cache.set(key, bitmap);
  while (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value as string;
    cache.get(oldest)?.close();
    cache.delete(oldest);
  }
}

function pump(): void {
  for (let k = queue.length - 1; k >= 0 && running < MAX_CONCURRENT; k--) {
    const job = queue[k]!;
    if (job.full && runningFull >= MAX_CONCURRENT_FULL) continue;
    queue.splice(k, 1);
    running++;
    if (job.full) runningFull++;
    void job
      .run()
      .catch((err: unknown) => {
        console.warn('photo thumbnail failed', job.key, err);
        return null;
      })
      .then((bitmap) => {
        running--;
        if (job.full) runningFull--;
        remember(job.key, bitmap);
        inFlight.delete(job.key);
        job.resolve(bitmap);
        pump();
      });
  }
}

async function decode(bytes: ArrayBuffer, mime: string): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([bytes], { type: mime }), {
    resizeWidth: THUMB_DECODE_WIDTH,
    resizeQuality: 'medium',
  });
}

function thumbKey({ photo, file }: ThumbSubject): string | null {
  return file?.path ? `${file.path}#${photo.preview?.offset ?? 'full'}` : null;
}

/** A thumbnail already decoded, without loading (undefined when not loaded yet). */
export function cachedThumbnail(subject: ThumbSubject): ImageBitmap | null | undefined {
  const key = thumbKey(subject);
  if (key === null) return null;
  const hit = cache.get(key);
  if (hit !== undefined) remember(key, hit);
  return hit;
}

/** The photo's thumbnail; null when it has none that Chromium can decode. Never rejects. */
export function loadThumbnail(api: ItineraApi, subject: ThumbSubject): Promise<ImageBitmap | null> {
  const key = thumbKey(subject);
  if (key === null) return Promise.resolve(null);
  const hit = cachedThumbnail(subject);
  if (hit !== undefined) return Promise.resolve(hit);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const { photo, file } = subject;
  const path = file!.path!;
  const preview = photo.preview;
  const mime = decodableMime(photo.container);
  let run: (() => Promise<ImageBitmap | null>) | null = null;
  let full = false;
  if (preview) {
    run = async () =>
      decode(
        await api.readPhotoPreview({ path, offset: preview.offset, length: preview.length }),
        preview.mime,
      );
  } else if (mime && (file?.size ?? 0) <= MAX_FULL_DECODE_BYTES) {
    full = true;
    run = async () => decode(await api.readPhotoImage({ path }), mime);
  }
  if (!run) {
    remember(key, null);
    return Promise.resolve(null);
  }
  const job = run;
  const promise = new Promise<ImageBitmap | null>((resolve) => {
    queue.push({ key, run: job, full, resolve });
  });
  inFlight.set(key, promise);
  pump();
  return promise;
}

/** Forgets every thumbnail (tests; a new case). */
export function clearThumbnails(): void {
  for (const bitmap of cache.values()) bitmap?.close();
  cache.clear();
}
