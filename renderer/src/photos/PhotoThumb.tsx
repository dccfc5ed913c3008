/**
 * A photo's thumbnail as a button that opens the viewer, for lists (the timeline, the photos
 * panel). Falls back to a camera icon when the photo has no picture Chromium can decode.
 */
import { useEffect, useRef, useState } from 'react';
import { bridge } from '../bridge';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { drawCamera, drawCover } from './markerImages';
import { cachedThumbnail, loadThumbnail } from './thumbnails';

export interface PhotoThumbProps {
  /** `SourceEntry.key` of the photos source. */
  sourceKey: string;
  /** Index into `source.photos`. */
  index: number;
  /** Side in CSS pixels (default 48). */
  size?: number;
}

export function PhotoThumb({ sourceKey, index, size = 48 }: PhotoThumbProps) {
  const tr = useT();
  const store = useAppStore();
  const entry = useApp((s) => s.entries.find((e) => e.key === sourceKey));
  const source = entry?.kind === 'source' ? entry.source : undefined;
  const photo = source?.photos?.[index];
  const file = photo ? source?.files[photo.fileIndex] : undefined;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [bitmap, setBitmap] = useState<ImageBitmap | null | undefined>(() =>
    photo ? cachedThumbnail({ photo, file }) : null,
  );

  useEffect(() => {
    if (!photo) return;
    const hit = cachedThumbnail({ photo, file });
    setBitmap(hit);
    const api = bridge();
    if (hit !== undefined || !api) return;
    let alive = true;
    void loadThumbnail(api, { photo, file }).then((b) => {
      if (alive) setBitmap(b);
    });
    return () => {
      alive = false;
    };
  }, [photo, file]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const side = size * 2;
    ctx.clearRect(0, 0, side, side);
    if (bitmap) drawCover(ctx, bitmap, 0, 0, side);
    else {
      ctx.fillStyle = '#e9eef4';
      ctx.fillRect(0, 0, side, side);
      drawCamera(ctx, side / 2, side / 2, side * 0.5, bitmap === undefined ? '#9aa7b8' : '#4d5a6b');
    }
  }, [bitmap, size]);

  const name = file?.name ?? tr('photo.unnamed');
  return (
    <button
      type="button"
      className="photo-thumb"
      style={{ width: size, height: size }}
      title={name}
      aria-label={tr('photo.open', { name })}
      data-testid="photo-thumb"
      data-loaded={bitmap ? 'true' : bitmap === null ? 'none' : 'false'}
      disabled={!photo}
      onClick={() => store.getState().openPhoto(sourceKey, index)}
    >
      <canvas ref={canvas} width={size * 2} height={size * 2} aria-hidden="true" />
    </button>
  );
}
