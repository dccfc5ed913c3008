/**
 * The arithmetic of the time bar: pixels to instants and back, keeping a brushed window
 * inside the case, stepping by keyboard, and ticks at round intervals in the display zone.
 */
import type { TimeSpan } from '../store/timeSlice';

export function timeToFraction(extent: TimeSpan, t: number): number {
  const span = extent.end - extent.start;
  if (span <= 0) return 0;
  return Math.min(1, Math.max(0, (t - extent.start) / span));
}

export function fractionToTime(extent: TimeSpan, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return extent.start + f * (extent.end - extent.start);
}

/** The smallest window a brush may shrink to: a thousandth of the case, at least a second. */
export function minimumWindow(extent: TimeSpan): number {
  return Math.max(1000, (extent.end - extent.start) / 1000);
}

/** `range` clipped to `extent`; null when it covers the whole extent (nothing dims). */
export function clampRange(extent: TimeSpan, range: TimeSpan | null): TimeSpan | null {
  if (!range) return null;
  const start = Math.max(extent.start, Math.min(range.start, range.end));
  const end = Math.min(extent.end, Math.max(range.start, range.end));
  if (start <= extent.start && end >= extent.end) return null;
  if (end < start) return { start: end, end: end };
  return { start, end };
}

/** Moves one handle to `t`, never past the other handle minus the minimum window. */
export function moveHandle(
  extent: TimeSpan,
  range: TimeSpan,
  handle: 'start' | 'end',
  t: number,
): TimeSpan {
  const gap = minimumWindow(extent);
  if (handle === 'start') {
    const start = Math.max(extent.start, Math.min(t, range.end - gap));
    return { start, end: range.end };
  }
  const end = Math.min(extent.end, Math.max(t, range.start + gap));
  return { start: range.start, end };
}

/** Slides the whole window by `delta` ms, keeping its length and staying inside the extent. */
export function shiftWindow(extent: TimeSpan, range: TimeSpan, delta: number): TimeSpan {
  const length = range.end - range.start;
  const start = Math.max(extent.start, Math.min(range.start + delta, extent.end - length));
  return { start, end: start + length };
}

/** Keyboard steps: a two-hundredth of the case, a twentieth with Shift (at least a second). */
export function keyboardStep(extent: TimeSpan, large: boolean): number {
  return Math.max(1000, (extent.end - extent.start) / (large ? 20 : 200));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  365 * DAY,
];

/** The UTC offset of `zone` at `t`, in ms (e.g. +3 600 000 for Brussels in winter). */
export function zoneOffsetMs(zone: string, t: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * Tick instants at a round step (so at least `maxTicks` fit), aligned to the display zone's
 * wall clock: day ticks fall on local midnight, hour ticks on local full hours.
 */
export function timeTicks(
  extent: TimeSpan,
  maxTicks: number,
  zone: string,
): { stepMs: number; ticks: number[] } {
  const span = extent.end - extent.start;
  if (!(span > 0) || maxTicks < 1) return { stepMs: 0, ticks: [] };
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? 365 * DAY;
  const offset = zoneOffsetMs(zone, extent.start);
  // First local round instant at or after the start, computed on the local wall clock.
  const first = Math.ceil((extent.start + offset) / step) * step - offset;
  const ticks: number[] = [];
  for (let t = first; t <= extent.end && ticks.length <= maxTicks * 2; t += step) {
    // Daylight-saving changes shift the local clock; re-align each tick to its own offset.
    const local = t + zoneOffsetMs(zone, t);
    const aligned = step >= HOUR ? Math.round(local / step) * step - zoneOffsetMs(zone, t) : t;
    if (aligned >= extent.start && aligned <= extent.end) ticks.push(aligned);
  }
  return { stepMs: step, ticks };
}
