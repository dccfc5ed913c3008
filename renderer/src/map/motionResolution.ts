/**
 * Dynamic resolution for software GL: while the camera moves, or while the picture changes step
 * by step for another reason (the time window being dragged, see `changing`), the map draws
 * fewer pixels, and it goes back to full resolution as soon as the movement has ended and its
 * tiles are in.
 *
 * Without a GPU (SwiftShader, llvmpipe, WARP) a frame's cost is almost all fragment shading:
 * measured on this project's 2-core machine, a 660x848 map with a case loaded took ~90 ms a
 * frame at 1x, ~57 ms at 0.75x and ~29 ms at 0.5x. Panning at 10 frames a second is not
 * usable; a softer image while the map moves is, and a still map is always drawn at full
 * resolution, so nothing read, printed or screenshotted at rest is ever the reduced image.
 *
 * The ratio during motion adapts to the machine: after each movement it moves towards the
 * ratio that would have met the frame budget (pixels, and so the cost, grow with its square).
 *
 * MapLibre's public `setPixelRatio` resizes through `resize()`, which stops any gesture in
 * progress and fires a synthetic movestart/moveend. The same two steps without those side
 * effects are its internal `_resizeInternal` and `_update`; when a MapLibre version lacks
 * them this module does nothing and the map simply stays at full resolution.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface MotionResolutionOptions {
  /** The ratio of a still map (the render quality's pixel ratio). */
  restRatio: number;
  /** The lowest ratio motion may use. */
  minRatio: number;
  /** The first movement's ratio, before anything was measured. */
  initialRatio: number;
  /** The frame time motion aims for, ms. */
  budgetMs: number;
}

export const SOFTWARE_MOTION: Omit<MotionResolutionOptions, 'restRatio'> = {
  minRatio: 0.5,
  initialRatio: 0.5,
  budgetMs: 33,
};

/** Frames further apart than this were not drawn back to back (a pause in a gesture). */
const MAX_FRAME_GAP_MS = 500;
/** A movement's tiles that never arrive (an unreadable tile) do not hold the low ratio for ever. */
const SETTLE_TIMEOUT_MS = 1500;
/** Ratios are kept on a coarse grid: a tiny change would cost a resize for nothing. */
const RATIO_STEP = 0.05;
/**
 * How long after the last `changing()` the map stays at the motion ratio. Longer than the gap
 * between the steps of a drag or a held arrow key (a pause would cost a full-size frame and a
 * resize back), short enough that letting go shows the sharp map at once.
 */
export const CHANGE_QUIET_MS = 300;

/**
 * The ratio for the next movement, from this one's ratio and its mean frame time: halfway to
 * the ratio that would have met the budget, on a 0.05 grid, within [minRatio, restRatio].
 */
export function nextMotionRatio(
  current: number,
  meanFrameMs: number,
  options: Pick<MotionResolutionOptions, 'restRatio' | 'minRatio' | 'budgetMs'>,
): number {
  if (!Number.isFinite(meanFrameMs) || meanFrameMs <= 0) return current;
  const ideal = current * Math.sqrt(options.budgetMs / meanFrameMs);
  const next = current + (ideal - current) / 2;
  const snapped = Math.round(next / RATIO_STEP) * RATIO_STEP;
  return Math.min(options.restRatio, Math.max(options.minRatio, Number(snapped.toFixed(2))));
}

/** Mean of the intervals between successive frames, leaving out pauses. */
export function meanFrameInterval(renderTimes: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (let i = 1; i < renderTimes.length; i++) {
    const gap = renderTimes[i]! - renderTimes[i - 1]!;
    if (gap > 0 && gap <= MAX_FRAME_GAP_MS) {
      sum += gap;
      n += 1;
    }
  }
  return n === 0 ? NaN : sum / n;
}

interface MapInternals {
  _overridePixelRatio?: number | null;
  _resizeInternal?: (constrainTransform?: boolean) => void;
  _update?: (updateStyle?: boolean) => void;
}

/** What the module needs of a map; a MapLibre map has all of it. */
export type MotionMap = Pick<
  MapLibreMap,
  'on' | 'off' | 'isMoving' | 'areTilesLoaded' | 'getPixelRatio' | 'triggerRepaint'
>;

export interface MotionResolution {
  /** The ratio the next movement will use. */
  motionRatio(): number;
  /** True between a movement's start and the full-resolution redraw after it. */
  reduced(): boolean;
  /**
   * Says the picture changed without the camera moving (a step of a time-window drag). From
   * the second call within `CHANGE_QUIET_MS` of the one before, frames are drawn at the motion
   * ratio until `CHANGE_QUIET_MS` after the last call.
   */
  changing(): void;
  dispose(): void;
}

/**
 * Draws `map` at a lower pixel ratio while it moves. Returns null (and changes nothing) when the
 * map does not expose the internals this needs, or when motion would not draw fewer pixels.
 */
export function installMotionResolution(
  map: MotionMap,
  options: MotionResolutionOptions,
  now: () => number = () => performance.now(),
): MotionResolution | null {
  const internals = map as unknown as MapInternals;
  if (typeof internals._resizeInternal !== 'function') return null;
  if (options.minRatio >= options.restRatio) return null;
  let motionRatio = Math.min(options.restRatio, Math.max(options.minRatio, options.initialRatio));
  let reduced = false;
  let frames: number[] = [];
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Pending while a `changing()` is recent: the picture may change again any moment. */
  let changeTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const apply = (ratio: number) => {
    internals._overridePixelRatio = ratio;
    internals._resizeInternal?.(false);
    // Marks the sources dirty as well as asking for a frame, so that no `idle` can fire
    // between the resize (which clears the canvas) and the redraw at the new size.
    if (typeof internals._update === 'function') internals._update(false);
    else map.triggerRepaint();
  };

  const restore = () => {
    if (!reduced) return;
    reduced = false;
    clearTimeout(settleTimer);
    clearTimeout(changeTimer);
    changeTimer = undefined;
    motionRatio = nextMotionRatio(motionRatio, meanFrameInterval(frames), options);
    frames = [];
    apply(options.restRatio);
  };

  const reduce = () => {
    if (reduced) return;
    reduced = true;
    frames = [];
    apply(motionRatio);
  };

  const onMoveStart = () => {
    clearTimeout(settleTimer);
    if (motionRatio < options.restRatio) reduce();
  };

  const settledEnough = () => changeTimer === undefined && !map.isMoving() && map.areTilesLoaded();

  const onRender = () => {
    if (!reduced) return;
    // Only camera frames come back to back; a drag's steps are paced by the hand.
    if (map.isMoving()) frames.push(now());
    if (settledEnough()) restore();
  };

  /** Restores now if settled, else when the tiles are in (onRender) or after a timeout. */
  const restoreWhenSettled = () => {
    if (!reduced) return;
    clearTimeout(settleTimer);
    if (settledEnough()) {
      restore();
      return;
    }
    settleTimer = setTimeout(() => {
      if (!map.isMoving() && changeTimer === undefined) restore();
    }, SETTLE_TIMEOUT_MS);
  };

  const changing = () => {
    if (disposed || motionRatio >= options.restRatio) return;
    // A lone change is drawn sharp; the next one within the quiet time makes it a drag.
    const dragging = changeTimer !== undefined;
    clearTimeout(changeTimer);
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      restoreWhenSettled();
    }, CHANGE_QUIET_MS);
    if (dragging) reduce();
  };

  map.on('movestart', onMoveStart);
  map.on('moveend', restoreWhenSettled);
  map.on('render', onRender);
  return {
    motionRatio: () => motionRatio,
    reduced: () => reduced,
    changing,
    dispose: () => {
      disposed = true;
      clearTimeout(settleTimer);
      clearTimeout(changeTimer);
      changeTimer = undefined;
      map.off('movestart', onMoveStart);
      map.off('moveend', restoreWhenSettled);
      map.off('render', onRender);
      if (reduced) {
        reduced = false;
        internals._overridePixelRatio = options.restRatio;
      }
    },
  };
}
