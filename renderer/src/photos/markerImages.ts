/**
 * Pixels of the photo markers on the map: a thumbnail in a white frame, or a camera icon when
 * the photo has no decodable picture (or while it loads). All are the same size, so a loaded
 * thumbnail replaces its placeholder in the map's image atlas without a new layout.
 */

/** Marker side in CSS pixels; images are drawn at MARKER_PIXEL_RATIO times that. */
export const MARKER_SIZE = 44;
export const MARKER_PIXEL_RATIO = 2;
const SIDE = MARKER_SIZE * MARKER_PIXEL_RATIO;
const FRAME = 3 * MARKER_PIXEL_RATIO;
const RADIUS = 6 * MARKER_PIXEL_RATIO;

function context(): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(SIDE, SIDE).getContext('2d');
  if (!ctx) throw new Error('2d canvas unavailable');
  return ctx;
}

function framePath(ctx: OffscreenCanvasRenderingContext2D, inset: number, radius: number): void {
  ctx.beginPath();
  ctx.roundRect(inset, inset, SIDE - 2 * inset, SIDE - 2 * inset, radius);
}

function frame(ctx: OffscreenCanvasRenderingContext2D): void {
  framePath(ctx, 1, RADIUS);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = 'rgba(28, 36, 48, 0.55)';
  ctx.stroke();
}

/** Draws a simple camera glyph centred at (cx, cy), `w` wide. */
export function drawCamera(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  cx: number,
  cy: number,
  w: number,
  colour: string,
): void {
  const h = w * 0.68;
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.roundRect(cx - w / 2, cy - h / 2 + h * 0.12, w, h * 0.88, w * 0.1);
  ctx.fill();
  ctx.beginPath();
  ctx.roundRect(cx - w * 0.18, cy - h / 2, w * 0.36, h * 0.2, w * 0.04);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(cx, cy + h * 0.08, w * 0.22, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.arc(cx, cy + h * 0.08, w * 0.14, 0, Math.PI * 2);
  ctx.fill();
}

export function placeholderMarker(): ImageData {
  const ctx = context();
  frame(ctx);
  framePath(ctx, FRAME, RADIUS - FRAME / 2);
  ctx.fillStyle = '#e9eef4';
  ctx.fill();
  drawCamera(ctx, SIDE / 2, SIDE / 2, SIDE * 0.5, '#4d5a6b');
  return ctx.getImageData(0, 0, SIDE, SIDE);
}

/** Draws `bitmap` cropped to fill a square (the centre of the picture). */
export function drawCover(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  bitmap: ImageBitmap,
  x: number,
  y: number,
  side: number,
): void {
  const scale = Math.max(side / bitmap.width, side / bitmap.height);
  const w = side / scale;
  const h = side / scale;
  ctx.drawImage(bitmap, (bitmap.width - w) / 2, (bitmap.height - h) / 2, w, h, x, y, side, side);
}

export function thumbnailMarker(bitmap: ImageBitmap): ImageData {
  const ctx = context();
  frame(ctx);
  ctx.save();
  framePath(ctx, FRAME, RADIUS - FRAME / 2);
  ctx.clip();
  drawCover(ctx, bitmap, FRAME, FRAME, SIDE - 2 * FRAME);
  ctx.restore();
  return ctx.getImageData(0, 0, SIDE, SIDE);
}
