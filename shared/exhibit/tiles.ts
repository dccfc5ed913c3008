/**
 * Rendering a map image larger than the GPU allows. WebGL silently clamps a drawing buffer
 * to MAX_RENDERBUFFER_SIZE / MAX_VIEWPORT_DIMS (and some drivers to less), so a 300 dpi A3
 * map can come back smaller than asked with no error. The image is therefore planned as tiles:
 * sub-rectangles of one view, each small enough to draw at full resolution, stitched after.
 */

/** Device-pixel limits of the WebGL context the map draws with. */
export interface CanvasLimits {
  maxRenderbufferSize: number;
  maxViewportDims: readonly [number, number];
  /** A further cap chosen by the caller (e.g. to keep each tile's memory modest); optional. */
  maxTileSize?: number;
}

/** A rectangle of the final image, in device pixels (x right, y down). */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The largest width and height, in device pixels, one draw can be trusted to produce. */
export function maxDrawableSize(limits: CanvasLimits): { width: number; height: number } {
  const cap = (n: number) => Math.max(1, Math.floor(n));
  const extra = limits.maxTileSize ?? Infinity;
  return {
    width: cap(Math.min(limits.maxRenderbufferSize, limits.maxViewportDims[0], extra)),
    height: cap(Math.min(limits.maxRenderbufferSize, limits.maxViewportDims[1], extra)),
  };
}

/**
 * Tiles covering an image of `width` × `height` device pixels, row by row, none larger than
 * the limits allow. Columns (and rows) are as even as whole pixels permit, so no tile is a
 * sliver; they never overlap and leave no gap. One tile when the image fits.
 */
export function planTiles(width: number, height: number, limits: CanvasLimits): TileRect[] {
  if (!(width >= 1 && height >= 1) || !Number.isFinite(width) || !Number.isFinite(height)) {
    throw new RangeError(`cannot tile an image of ${width} x ${height} pixels`);
  }
  const w = Math.round(width);
  const h = Math.round(height);
  const max = maxDrawableSize(limits);
  const xs = evenSplit(w, Math.ceil(w / max.width));
  const ys = evenSplit(h, Math.ceil(h / max.height));
  const tiles: TileRect[] = [];
  for (const [y, tileHeight] of ys) {
    for (const [x, tileWidth] of xs) tiles.push({ x, y, width: tileWidth, height: tileHeight });
  }
  return tiles;
}

/** `total` cut into `parts` runs as [start, length], lengths differing by at most one. */
function evenSplit(total: number, parts: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = Math.round(((i + 1) * total) / parts);
    runs.push([start, end - start]);
    start = end;
  }
  return runs;
}

/**
 * Whether a drawing buffer came back at the size asked for. Browsers clamp without an error,
 * so the caller compares what it got (drawingBufferWidth/Height) with what it requested.
 */
export function wasClamped(
  requested: { width: number; height: number },
  actual: { width: number; height: number },
): boolean {
  return actual.width < Math.round(requested.width) || actual.height < Math.round(requested.height);
}

/**
 * Tiles for a map image of `width` × `height` CSS pixels drawn at `pixelRatio`, in CSS
 * pixels. Each tile is drawn with `overlap` extra CSS pixels on every side (so labels and
 * markers at a seam are drawn whole by at least one neighbour) and that grown tile must
 * still fit the limits.
 */
export function planMapTiles(
  width: number,
  height: number,
  pixelRatio: number,
  limits: CanvasLimits,
  overlap = 0,
): TileRect[] {
  if (!(pixelRatio > 0)) throw new RangeError(`pixel ratio must be positive, not ${pixelRatio}`);
  const max = maxDrawableSize(limits);
  const cssLimit = (device: number) => Math.floor(device / pixelRatio) - 2 * overlap;
  const maxWidth = cssLimit(max.width);
  const maxHeight = cssLimit(max.height);
  if (maxWidth < 1 || maxHeight < 1) {
    throw new RangeError(`an overlap of ${overlap} px leaves no room at pixel ratio ${pixelRatio}`);
  }
  return planTiles(width, height, {
    maxRenderbufferSize: Infinity,
    maxViewportDims: [maxWidth, maxHeight],
  });
}
