/**
 * Moving the map to something the user picked elsewhere (a timeline row) or to the playback
 * marker, without hiding it behind the map's own overlays (the layers box, the zoom buttons,
 * the basemap button) and without moving at all when it is already in plain view. The
 * decisions are pure functions of pixel positions, so they are tested without a map.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A point (lon, lat) or bounds ([[west, south], [east, north]]). */
export type FocusTarget = [number, number] | [[number, number], [number, number]];

export interface ScreenPoint {
  x: number;
  y: number;
}

/** Breathing room kept between a target and the edge of the clear area, in pixels. */
export const FOCUS_MARGIN = 24;

/** Overlays drawn over the map canvas that a target must not sit under. */
const OVERLAY_SELECTORS = [
  '[data-testid="map-legend"]',
  '.maplibregl-ctrl-top-left',
  '.maplibregl-ctrl-top-right',
  '.maplibregl-ctrl-bottom-right',
  '.map-tools',
  '.time-bar',
];

/**
 * How much of each side of the canvas the overlays cover, in CSS pixels. Each overlay is
 * counted against the side that loses the least map to it: the tall layers box against the
 * left, the zoom buttons against the right, the attribution line and the time bar against the
 * bottom.
 */
export function overlayPadding(
  canvas: { left: number; top: number; width: number; height: number },
  overlays: readonly { left: number; top: number; right: number; bottom: number }[],
): Padding {
  const pad: Padding = { top: 0, right: 0, bottom: 0, left: 0 };
  const W = canvas.width;
  const H = canvas.height;
  for (const r of overlays) {
    const left = Math.max(0, r.left - canvas.left);
    const right = Math.min(W, r.right - canvas.left);
    const top = Math.max(0, r.top - canvas.top);
    const bottom = Math.min(H, r.bottom - canvas.top);
    if (right <= left || bottom <= top) continue;
    const costs: [keyof Padding, number, number][] = [
      ['left', right * H, right],
      ['right', (W - left) * H, W - left],
      ['top', bottom * W, bottom],
      ['bottom', (H - top) * W, H - top],
    ];
    const [side, , depth] = costs.reduce((a, b) => (b[1] < a[1] ? b : a));
    pad[side] = Math.max(pad[side], depth);
  }
  // Never more than 45 % per side: a small window still has a middle to show things in.
  pad.left = Math.min(pad.left, canvas.width * 0.45);
  pad.right = Math.min(pad.right, canvas.width * 0.45);
  pad.top = Math.min(pad.top, canvas.height * 0.45);
  pad.bottom = Math.min(pad.bottom, canvas.height * 0.45);
  return pad;
}

/** The padding of the live map: its overlays as they are laid out now, plus the margin. */
export function clearPadding(map: MapLibreMap, margin = FOCUS_MARGIN): Padding {
  const container = map.getContainer();
  const box = container.getBoundingClientRect();
  // The time bar lies over the map from outside the map's own element: look from the main area.
  const scope = container.closest('.map-main') ?? container.parentElement;
  const overlays = OVERLAY_SELECTORS.flatMap((selector) =>
    Array.from(scope?.querySelectorAll(selector) ?? []),
  )
    .filter((el) => (el as HTMLElement).offsetParent !== null)
    .map((el) => el.getBoundingClientRect());
  const pad = overlayPadding(
    { left: box.left, top: box.top, width: box.width, height: box.height },
    overlays,
  );
  return {
    top: pad.top + margin,
    right: pad.right + margin,
    bottom: pad.bottom + margin,
    left: pad.left + margin,
  };
}

/**
 * Padding for fitting evidence into view: at least `min` on each side, and clear of the
 * overlays (`clear`, from `clearPadding`) so nothing fitted lies under the layers box or the
 * time bar. When the overlays would leave less than a fifth of the map across or down, the
 * fit uses `min` alone: a small map shows everything small rather than nothing.
 */
export function fitPadding(
  clear: Padding,
  size: { width: number; height: number },
  min: number,
): Padding {
  const pad: Padding = {
    top: Math.max(min, clear.top),
    right: Math.max(min, clear.right),
    bottom: Math.max(min, clear.bottom),
    left: Math.max(min, clear.left),
  };
  const roomy =
    pad.left + pad.right <= size.width * 0.8 && pad.top + pad.bottom <= size.height * 0.8;
  return roomy ? pad : { top: min, right: min, bottom: min, left: min };
}

/** Whether `p` lies in the canvas minus `pad`. */
export function insideClear(
  p: ScreenPoint,
  size: { width: number; height: number },
  pad: Padding,
): boolean {
  return (
    p.x >= pad.left &&
    p.x <= size.width - pad.right &&
    p.y >= pad.top &&
    p.y <= size.height - pad.bottom
  );
}

/** What to do to show a target: nothing, ease (a short move), fly (a long one), or fit bounds. */
export type FocusPlan = 'stay' | 'ease' | 'fly' | 'fit';

export interface FocusInput {
  /** Projected target: one point, or the two corners of its bounds. */
  points: readonly ScreenPoint[];
  size: { width: number; height: number };
  pad: Padding;
  zoom: number;
  /** A point shown below this zoom is eased in to it, even when on screen. */
  minZoom: number;
}

/** Bounds smaller than this on screen (px) are zoomed in on rather than left as a dot. */
const TINY_BOUNDS_PX = 24;

export function planFocus({ points, size, pad, zoom, minZoom }: FocusInput): FocusPlan {
  const visible = points.every((p) => insideClear(p, size, pad));
  if (points.length >= 2) {
    const w = Math.abs(points[1]!.x - points[0]!.x);
    const h = Math.abs(points[1]!.y - points[0]!.y);
    if (visible && (w >= TINY_BOUNDS_PX || h >= TINY_BOUNDS_PX || zoom >= minZoom)) return 'stay';
    return 'fit';
  }
  const p = points[0]!;
  if (visible) return zoom >= minZoom ? 'stay' : 'ease';
  // Far off screen (more than two screens away): a fly reads as travel, an ease as a lurch.
  const cx = size.width / 2;
  const cy = size.height / 2;
  const far = Math.hypot(p.x - cx, p.y - cy) > 2 * Math.hypot(size.width, size.height);
  return far ? 'fly' : 'ease';
}

/** The offset that puts the map's centre in the middle of the clear area. */
export function clearOffset(pad: Padding): [number, number] {
  return [(pad.left - pad.right) / 2, (pad.top - pad.bottom) / 2];
}

export interface BringIntoViewOptions {
  /** Zoom at which a point is worth looking at (street level for a stop). */
  minZoom?: number;
  /** Upper zoom when fitting bounds. */
  maxZoom?: number;
  duration?: number;
}

function isPoint(target: FocusTarget): target is [number, number] {
  return typeof target[0] === 'number';
}

/**
 * Shows `target` in the clear part of the map: no move when it is already there, an ease for a
 * short move, a fly for a long one, a fit for bounds. Returns what it did.
 */
export function bringIntoView(
  map: MapLibreMap,
  target: FocusTarget,
  { minZoom = 11, maxZoom = 15, duration = 600 }: BringIntoViewOptions = {},
): FocusPlan {
  const canvas = map.getCanvas();
  const size = { width: canvas.clientWidth, height: canvas.clientHeight };
  const pad = clearPadding(map);
  const corners: [number, number][] = isPoint(target) ? [target] : [target[0], target[1]];
  const points = corners.map((c) => map.project(c));
  const zoom = map.getZoom();
  const plan = planFocus({ points, size, pad, zoom, minZoom });
  if (plan === 'stay') return plan;
  if (isPoint(target)) {
    const camera = {
      center: target,
      zoom: Math.max(zoom, minZoom),
      offset: clearOffset(pad),
      duration,
    };
    if (plan === 'fly') map.flyTo({ ...camera, duration: duration * 2 });
    else map.easeTo(camera);
  } else {
    map.fitBounds(target, { padding: pad, maxZoom, duration });
  }
  return plan;
}
