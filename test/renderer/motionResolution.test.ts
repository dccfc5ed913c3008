import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHANGE_QUIET_MS,
  installMotionResolution,
  meanFrameInterval,
  nextMotionRatio,
  type MotionMap,
} from '../../renderer/src/map/motionResolution';
import { FakeMapEvents } from './fakeMapEvents';

const OPTIONS = { restRatio: 1, minRatio: 0.5, initialRatio: 0.5, budgetMs: 33 };

/** Enough of a MapLibre map: events, movement, tiles, and the two internals the module uses. */
class FakeMap extends FakeMapEvents {
  moving = false;
  tilesLoaded = true;
  _overridePixelRatio: number | null = null;
  resizes: number[] = [];
  updates = 0;
  _resizeInternal(): void {
    this.resizes.push(this._overridePixelRatio ?? 1);
  }
  _update(): void {
    this.updates += 1;
  }
  isMoving() {
    return this.moving;
  }
  areTilesLoaded() {
    return this.tilesLoaded;
  }
  getPixelRatio() {
    return this._overridePixelRatio ?? 1;
  }
  triggerRepaint() {}
  asMap(): MotionMap {
    return this as unknown as MotionMap;
  }
}

describe('next motion ratio', () => {
  it('moves halfway towards the ratio that meets the budget, on a 0.05 grid', () => {
    // 0.5x at 33 ms met the budget exactly: keep it.
    expect(nextMotionRatio(0.5, 33, OPTIONS)).toBe(0.5);
    // 0.5x at 8.25 ms: 4x under budget, the ideal is 1.0; halfway is 0.75.
    expect(nextMotionRatio(0.5, 8.25, OPTIONS)).toBe(0.75);
    // 1x at 132 ms: the ideal is 0.5, halfway 0.75.
    expect(nextMotionRatio(1, 132, OPTIONS)).toBe(0.75);
  });

  it('stays within the minimum and the still ratio', () => {
    expect(nextMotionRatio(0.5, 400, OPTIONS)).toBe(0.5);
    expect(nextMotionRatio(1, 1, OPTIONS)).toBe(1);
  });

  it('keeps the ratio when nothing was measured', () => {
    expect(nextMotionRatio(0.6, NaN, OPTIONS)).toBe(0.6);
    expect(nextMotionRatio(0.6, 0, OPTIONS)).toBe(0.6);
  });
});

describe('mean frame interval', () => {
  it('averages the gaps between frames and leaves out pauses', () => {
    expect(meanFrameInterval([0, 20, 40, 1040, 1070])).toBe(70 / 3);
    expect(meanFrameInterval([5])).toBeNaN();
  });
});

describe('motion resolution', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws at the motion ratio while moving and at full resolution once the tiles are in', () => {
    const map = new FakeMap();
    let clock = 0;
    const motion = installMotionResolution(map.asMap(), OPTIONS, () => clock)!;
    expect(motion).not.toBeNull();

    map.moving = true;
    map.tilesLoaded = false;
    map.fire('movestart');
    expect(map.resizes).toEqual([0.5]);
    expect(motion.reduced()).toBe(true);
    for (let i = 0; i < 5; i++) {
      clock += 33;
      map.fire('render');
    }
    map.moving = false;
    map.fire('moveend');
    // Tiles still loading: the low ratio holds while they arrive.
    expect(motion.reduced()).toBe(true);
    clock += 33;
    map.fire('render');
    expect(map.resizes).toEqual([0.5]);
    map.tilesLoaded = true;
    clock += 33;
    map.fire('render');
    expect(map.resizes).toEqual([0.5, 1]);
    expect(motion.reduced()).toBe(false);
    // The redraw at full size is asked for through _update, so no idle comes before it.
    expect(map.updates).toBe(2);
    // Frames met the budget exactly: the next movement uses the same ratio.
    expect(motion.motionRatio()).toBe(0.5);
  });

  it('restores at once when a movement ends with every tile loaded', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    map.moving = true;
    map.fire('movestart');
    map.moving = false;
    map.fire('moveend');
    expect(map.resizes).toEqual([0.5, 1]);
    expect(motion.reduced()).toBe(false);
  });

  it('gives up waiting for tiles that never come', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    map.tilesLoaded = false;
    map.moving = true;
    map.fire('movestart');
    map.moving = false;
    map.fire('moveend');
    expect(motion.reduced()).toBe(true);
    vi.advanceTimersByTime(1500);
    expect(motion.reduced()).toBe(false);
    expect(map.resizes).toEqual([0.5, 1]);
  });

  it('raises the motion ratio on a machine that draws fast', () => {
    const map = new FakeMap();
    let clock = 0;
    const motion = installMotionResolution(map.asMap(), OPTIONS, () => clock)!;
    map.moving = true;
    map.fire('movestart');
    for (let i = 0; i < 10; i++) {
      clock += 8;
      map.fire('render');
    }
    map.moving = false;
    map.fire('moveend');
    expect(motion.motionRatio()).toBeGreaterThan(0.5);
    map.moving = true;
    map.fire('movestart');
    expect(map.resizes.at(-1)).toBe(motion.motionRatio());
  });

  it('does nothing on a map without the internals, or when motion would not draw fewer pixels', () => {
    const bare = new FakeMap() as unknown as Record<string, unknown>;
    bare._resizeInternal = undefined;
    expect(installMotionResolution(bare as unknown as MotionMap, OPTIONS)).toBeNull();
    const map = new FakeMap();
    expect(installMotionResolution(map.asMap(), { ...OPTIONS, restRatio: 0.5 })).toBeNull();
  });

  it('stops listening when disposed', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.dispose();
    map.moving = true;
    map.fire('movestart');
    expect(map.resizes).toEqual([]);
  });
});

describe('motion resolution while the picture changes (a time-window drag)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws a lone change at full resolution', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.changing();
    expect(motion.reduced()).toBe(false);
    vi.advanceTimersByTime(CHANGE_QUIET_MS + 1);
    motion.changing();
    expect(motion.reduced()).toBe(false);
    expect(map.resizes).toEqual([]);
  });

  it('lowers the resolution from the second step of a drag and restores it once still', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.changing();
    vi.advanceTimersByTime(CHANGE_QUIET_MS - 50);
    motion.changing();
    expect(motion.reduced()).toBe(true);
    expect(map.resizes).toEqual([0.5]);
    for (let k = 0; k < 5; k++) {
      vi.advanceTimersByTime(CHANGE_QUIET_MS - 50);
      motion.changing();
      // Frames between the steps do not end the drag.
      map.fire('render');
    }
    expect(motion.reduced()).toBe(true);
    expect(map.resizes).toEqual([0.5]);
    vi.advanceTimersByTime(CHANGE_QUIET_MS);
    expect(motion.reduced()).toBe(false);
    expect(map.resizes).toEqual([0.5, 1]);
  });

  it('waits for the tiles the last step asked for before drawing sharp', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.changing();
    motion.changing();
    map.tilesLoaded = false;
    vi.advanceTimersByTime(CHANGE_QUIET_MS);
    expect(motion.reduced()).toBe(true);
    map.tilesLoaded = true;
    map.fire('render');
    expect(motion.reduced()).toBe(false);
  });

  it('a camera movement that ends during a drag does not end it', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.changing();
    motion.changing();
    map.moving = true;
    map.fire('movestart');
    map.moving = false;
    map.fire('moveend');
    map.fire('render');
    expect(motion.reduced()).toBe(true);
    vi.advanceTimersByTime(CHANGE_QUIET_MS);
    expect(motion.reduced()).toBe(false);
    expect(map.resizes).toEqual([0.5, 1]);
  });

  it('frames paced by the hand do not change the ratio the camera uses', () => {
    const map = new FakeMap();
    let clock = 0;
    const motion = installMotionResolution(map.asMap(), OPTIONS, () => clock)!;
    motion.changing();
    motion.changing();
    for (let k = 0; k < 5; k++) {
      clock += 200;
      map.fire('render');
    }
    vi.advanceTimersByTime(CHANGE_QUIET_MS);
    expect(motion.motionRatio()).toBe(0.5);
  });

  it('does nothing once disposed', () => {
    const map = new FakeMap();
    const motion = installMotionResolution(map.asMap(), OPTIONS)!;
    motion.changing();
    motion.dispose();
    motion.changing();
    motion.changing();
    vi.advanceTimersByTime(CHANGE_QUIET_MS);
    expect(map.resizes).toEqual([]);
  });
});
