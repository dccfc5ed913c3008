import { describe, expect, it } from 'vitest';
import {
  clampRange,
  fractionToTime,
  keyboardStep,
  minimumWindow,
  moveHandle,
  shiftWindow,
  timeTicks,
  timeToFraction,
  zoneOffsetMs,
} from '../../renderer/src/time/rangeMath';
import { dimBySpan, dimByTime, inTimeRange } from '../../renderer/src/time/dimming';
import { formatInstant, formatTick } from '../../renderer/src/time/timeFormat';
import { createAppStore } from '../../renderer/src/store/store';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
const extent = { start: T0, end: T0 + 10 * H };

describe('time bar range math', () => {
  it('maps fractions and instants both ways, clamped to the extent', () => {
    expect(timeToFraction(extent, T0 + 2.5 * H)).toBe(0.25);
    expect(fractionToTime(extent, 0.25)).toBe(T0 + 2.5 * H);
    expect(timeToFraction(extent, T0 - H)).toBe(0);
    expect(fractionToTime(extent, 1.7)).toBe(extent.end);
    expect(timeToFraction({ start: T0, end: T0 }, T0)).toBe(0);
  });

  it('clamps a window to the case and forgets one covering all of it', () => {
    expect(clampRange(extent, { start: T0 - H, end: T0 + H })).toEqual({ start: T0, end: T0 + H });
    expect(clampRange(extent, { start: T0 + 3 * H, end: T0 + H })).toEqual({
      start: T0 + H,
      end: T0 + 3 * H,
    });
    expect(clampRange(extent, { start: T0 - H, end: T0 + 11 * H })).toBeNull();
    expect(clampRange(extent, null)).toBeNull();
  });

  it('never lets a handle cross the other', () => {
    const range = { start: T0 + 2 * H, end: T0 + 4 * H };
    const gap = minimumWindow(extent);
    expect(moveHandle(extent, range, 'start', T0 + 5 * H)).toEqual({
      start: T0 + 4 * H - gap,
      end: T0 + 4 * H,
    });
    expect(moveHandle(extent, range, 'end', T0)).toEqual({
      start: T0 + 2 * H,
      end: T0 + 2 * H + gap,
    });
    expect(moveHandle(extent, range, 'start', T0 - H).start).toBe(T0);
  });

  it('slides a window keeping its length, stopping at the case ends', () => {
    const range = { start: T0 + 2 * H, end: T0 + 4 * H };
    expect(shiftWindow(extent, range, H)).toEqual({ start: T0 + 3 * H, end: T0 + 5 * H });
    expect(shiftWindow(extent, range, 100 * H)).toEqual({ start: T0 + 8 * H, end: T0 + 10 * H });
    expect(shiftWindow(extent, range, -100 * H)).toEqual({ start: T0, end: T0 + 2 * H });
    expect(keyboardStep(extent, false)).toBe((10 * H) / 200);
    expect(keyboardStep(extent, true)).toBe((10 * H) / 20);
  });

  it('puts hour ticks on the display zone’s full hours, whatever the host zone', () => {
    // Kolkata is UTC+05:30: its full hours are half past in UTC.
    expect(zoneOffsetMs('Asia/Kolkata', T0)).toBe(5.5 * H);
    const { stepMs, ticks } = timeTicks(extent, 10, 'Asia/Kolkata');
    expect(stepMs).toBe(H);
    expect(ticks[0]).toBe(T0 + 0.5 * H);
    for (const t of ticks) expect((t + 5.5 * H) % H).toBe(0);
    const utc = timeTicks(extent, 4, 'UTC');
    expect(utc.stepMs).toBe(3 * H);
    expect(utc.ticks).toEqual([T0, T0 + 3 * H, T0 + 6 * H, T0 + 9 * H]);
  });

  it('writes instants in the display zone', () => {
    expect(formatInstant('en', T0, 'Europe/Brussels')).toBe('28/11/2026, 01:00:00');
    expect(formatTick('en', T0 + 23 * H, 'Europe/Brussels', H)).toBe('29/11, 00:00');
    expect(formatTick('en', T0 + 2 * H, 'Europe/Brussels', H)).toBe('03:00');
  });
});

describe('dimming expressions', () => {
  it('are a constant when nothing is dimmed and a case expression on t otherwise', () => {
    expect(dimByTime(null)).toBe(1);
    const e = dimByTime({ start: 10, end: 20 }, 1, 0.2);
    expect(JSON.stringify(e)).toContain('"get","t"');
    expect(JSON.stringify(e)).toContain('10');
    expect(JSON.stringify(dimBySpan({ start: 10, end: 20 }))).toContain('tStart');
    expect(inTimeRange({ start: 10, end: 20 }, 15)).toBe(true);
    expect(inTimeRange({ start: 10, end: 20 }, 25)).toBe(false);
    expect(inTimeRange({ start: 10, end: 20 }, NaN)).toBe(true);
  });

  it('evaluate like inTimeRange under the MapLibre style spec', async () => {
    const { expression } = await import('@maplibre/maplibre-gl-style-spec');
    const range = { start: 10, end: 20 };
    const compiled = expression.createExpression(
      dimByTime(range, 1, 0.2),
      'layers[0].paint.circle-opacity',
    );
    if (compiled.result !== 'success') throw new Error('expression did not compile');
    const at = (properties: Record<string, unknown>) =>
      compiled.value.evaluate({ zoom: 5 }, {
        type: 'Point',
        properties,
        geometry: [],
      } as never);
    expect(at({ t: 15 })).toBe(1);
    expect(at({ t: 5 })).toBe(0.2);
    expect(at({ t: 25 })).toBe(0.2);
    expect(at({})).toBe(1);
  });
});

describe('the time slice', () => {
  it('normalises windows and keeps playback state', () => {
    const store = createAppStore({ systemZone: 'UTC' });
    const s = () => store.getState();
    expect(s().timeRange).toBeNull();
    s().setTimeRange({ start: 20, end: 10 });
    expect(s().timeRange).toEqual({ start: 10, end: 20 });
    s().setTimeRange({ start: NaN, end: 10 });
    expect(s().timeRange).toBeNull();
    s().setSpeed(3600);
    s().setPlaying(true);
    s().setPlayhead(42);
    expect([s().speed, s().playing, s().playhead]).toEqual([3600, true, 42]);
  });
});
