/**
 * The exhibit map's view, computed rather than asked of a live map: the whole image is often
 * drawn in tiles by a map no bigger than one tile, so the camera of the full image, the centre
 * of each tile and the scale bar come from Web Mercator arithmetic on MapLibre's 512 px world.
 */
import type { BoundingBox } from '../model';
import type { TileRect } from './tiles';

/** MapLibre's world is 512 CSS px wide at zoom 0. */
const WORLD_PX = 512;
/** Equatorial circumference of the WGS 84 ellipsoid, metres (what MapLibre's scale uses). */
const EARTH_CIRCUMFERENCE_M = 40075016.686;
const MAX_LAT = 85.051128779806;

export interface Camera {
  center: [number, number];
  zoom: number;
}

/** Mercator x, y in [0, 1] (y down) for a longitude and latitude. */
export function mercator(lon: number, lat: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}

export function unmercator(x: number, y: number): [number, number] {
  const lon = x * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [lon, lat];
}

/**
 * The camera that shows `bounds` whole in a `width` × `height` CSS px image with `padding`
 * px clear on every side, no closer than `maxZoom` (a single stop would otherwise fill the
 * page with one street).
 */
export function fitCamera(
  bounds: BoundingBox,
  width: number,
  height: number,
  padding: number,
  maxZoom: number,
  minZoom = 0,
): Camera {
  const [x0, y0] = mercator(bounds.west, bounds.north);
  const [x1, y1] = mercator(bounds.east, bounds.south);
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const room = (size: number) => Math.max(1, size - 2 * padding);
  const scales = [dx > 0 ? room(width) / (dx * WORLD_PX) : Infinity];
  scales.push(dy > 0 ? room(height) / (dy * WORLD_PX) : Infinity);
  const scale = Math.min(...scales);
  const zoom = Number.isFinite(scale) ? Math.log2(scale) : maxZoom;
  return {
    center: unmercator((x0 + x1) / 2, (y0 + y1) / 2),
    zoom: Math.max(minZoom, Math.min(maxZoom, zoom)),
  };
}

/** Where the map must centre to draw `tile` (CSS px of the full image) of the full view. */
export function tileCenter(
  camera: Camera,
  width: number,
  height: number,
  tile: TileRect,
): [number, number] {
  const world = WORLD_PX * 2 ** camera.zoom;
  const [cx, cy] = mercator(camera.center[0], camera.center[1]);
  const x = cx + (tile.x + tile.width / 2 - width / 2) / world;
  const y = cy + (tile.y + tile.height / 2 - height / 2) / world;
  return unmercator(x, y);
}

/** Ground metres one CSS pixel spans at `lat` and `zoom` (Mercator: only true near `lat`). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (WORLD_PX * 2 ** zoom);
}

/**
 * A scale bar no longer than `maxWidth` px whose length is a round distance (1, 2 or 5 times
 * a power of ten metres).
 */
export function scaleBar(metresPerPx: number, maxWidth: number): { metres: number; width: number } {
  const most = metresPerPx * maxWidth;
  const power = 10 ** Math.floor(Math.log10(most));
  const step = [5, 2, 1].find((m) => m * power <= most) ?? 1;
  const metres = step * power;
  return { metres, width: metres / metresPerPx };
}
