/**
 * renderer/src/map/routeLodGate.ts: work queued behind a large route's first draw waits for
 * its release (or the hold's time limit), and never waits when nothing is held.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_DATA_HOLD_MS,
  MAX_DRAW_HOLD_MS,
  afterRouteData,
  afterRouteDraw,
  drawsFromPreview,
  holdRoute,
  releaseRouteData,
  releaseRouteDraw,
  routeDrawPending,
  skipFramesUntilRouteData,
} from '../../renderer/src/map/routeLodGate';
import { SYNC_LOD_MAX_FIXES } from '../../renderer/src/map/routeLodAsync';
import { createAppStore } from '../../renderer/src/store/store';
import {
  DERIVE_DEBOUNCE_MS,
  startTimelineDerivation,
} from '../../renderer/src/timeline/derivation';
import type { TimelineDeriver } from '../../renderer/src/timeline/timelineAsync';
import type { Source } from '../../shared/model';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

/** A source that claims `count` fixes (the gate only looks at the count). */
function sourceWith(count: number): Source {
  const s = fakeSource(`s${count}`, [
    [51, 3.7, 0],
    [51.1, 3.8, 1000],
  ]);
  return { ...s, fixes: { ...s.fixes, count } };
}

describe('route draw gate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it('runs work at once when no route is held, and ignores small sources', () => {
    const small = sourceWith(SYNC_LOD_MAX_FIXES);
    expect(drawsFromPreview(small)).toBe(false);
    holdRoute(small);
    expect(routeDrawPending()).toBe(false);
    const task = vi.fn();
    afterRouteDraw(task);
    afterRouteData(task);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('holds work until the data, then the first frame, of a large route', () => {
    const large = sourceWith(SYNC_LOD_MAX_FIXES + 1);
    holdRoute(large);
    holdRoute(large); // a repeated hold is one hold
    expect(routeDrawPending()).toBe(true);
    const fit = vi.fn();
    const timeline = vi.fn();
    afterRouteData(fit);
    afterRouteDraw(timeline);
    vi.advanceTimersByTime(10);
    expect(fit).not.toHaveBeenCalled();

    releaseRouteData(large);
    expect(fit).not.toHaveBeenCalled(); // after the current task, not inside it
    vi.advanceTimersByTime(0);
    expect(fit).toHaveBeenCalledOnce();
    expect(timeline).not.toHaveBeenCalled();

    releaseRouteDraw(large);
    releaseRouteDraw(large);
    vi.advanceTimersByTime(0);
    expect(timeline).toHaveBeenCalledOnce();
    expect(routeDrawPending()).toBe(false);
  });

  it('waits for every held route, and cancelled work never runs', () => {
    const a = sourceWith(SYNC_LOD_MAX_FIXES + 10);
    const b = sourceWith(SYNC_LOD_MAX_FIXES + 20);
    holdRoute(a);
    holdRoute(b);
    const kept = vi.fn();
    const dropped = vi.fn();
    afterRouteDraw(kept);
    const cancel = afterRouteDraw(dropped);
    releaseRouteDraw(a);
    vi.advanceTimersByTime(0);
    expect(kept).not.toHaveBeenCalled();
    cancel();
    releaseRouteDraw(b);
    vi.advanceTimersByTime(0);
    expect(kept).toHaveBeenCalledOnce();
    expect(dropped).not.toHaveBeenCalled();
  });

  it('skips the map frames while a large route is on its way to the map, then draws', () => {
    const drawn: number[] = [];
    const map = {
      repaints: 0,
      _render(paintStart: number) {
        drawn.push(paintStart);
        return this;
      },
      triggerRepaint() {
        this.repaints += 1;
      },
    };
    const resume = skipFramesUntilRouteData(map);
    map._render(1);
    expect(drawn).toEqual([1]);
    const big = sourceWith(SYNC_LOD_MAX_FIXES + 1);
    holdRoute(big);
    map._render(2);
    map._render(3);
    expect(drawn).toEqual([1]);
    releaseRouteData(big);
    vi.runAllTimers();
    // One redraw asked for the skipped frames; frames are drawn again.
    expect(map.repaints).toBe(1);
    map._render(4);
    expect(drawn).toEqual([1, 4]);
    releaseRouteDraw(big);
    resume();
    holdRoute(big);
    map._render(5);
    expect(drawn).toEqual([1, 4, 5]);
    releaseRouteDraw(big);
  });

  it('draws again when the route data never comes', () => {
    const map = { repaints: 0, _render: () => map, triggerRepaint: () => (map.repaints += 1) };
    skipFramesUntilRouteData(map);
    const big = sourceWith(SYNC_LOD_MAX_FIXES + 1);
    holdRoute(big);
    map._render();
    vi.advanceTimersByTime(MAX_DATA_HOLD_MS + 1);
    expect(map.repaints).toBe(1);
    releaseRouteDraw(big);
  });

  it('lets work through after the time limit when a route is never drawn', () => {
    const never = sourceWith(SYNC_LOD_MAX_FIXES * 3);
    holdRoute(never);
    const fit = vi.fn();
    const timeline = vi.fn();
    afterRouteData(fit);
    afterRouteDraw(timeline);
    vi.advanceTimersByTime(MAX_DATA_HOLD_MS + 1);
    expect(fit).toHaveBeenCalledOnce();
    expect(timeline).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_DRAW_HOLD_MS - MAX_DATA_HOLD_MS);
    expect(timeline).toHaveBeenCalledOnce();
    expect(routeDrawPending()).toBe(false);
  });

  it('derives the timeline of a large import only once its route was drawn', () => {
    const store = createAppStore();
    const derive = vi.fn<TimelineDeriver['derive']>(() => new Promise(() => {}));
    const stop = startTimelineDerivation(store, { derive, dispose: () => {} });
    const large = sourceWith(SYNC_LOD_MAX_FIXES + 5);
    holdRoute(large);
    store.getState().addResults([{ ok: true, path: '/big.gpx', source: large }], { demo: false });
    vi.advanceTimersByTime(DERIVE_DEBOUNCE_MS + 10);
    expect(store.getState().timelineStatus).toEqual({ state: 'deriving' });
    expect(derive).not.toHaveBeenCalled();
    releaseRouteDraw(large);
    vi.advanceTimersByTime(0);
    expect(derive).toHaveBeenCalledOnce();
    expect(derive.mock.calls[0]![0]).toEqual([large]);
    stop();
  });
});
