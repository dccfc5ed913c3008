/**
 * Wall times: what a clock in a given zone shows. Computed with Intl and Temporal from the zone
 * named, never from the host's zone.
 */
import { Temporal } from 'temporal-polyfill';

/** `YYYY-MM-DDTHH:MM` as a clock in `zone` shows instant `t`. */
export function wallMinute(t: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(t);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/**
 * The wall time a "naive" instant stands for: readers keep a local time as if it were UTC ms
 * (the digits unchanged), and this turns it into a Temporal.PlainDateTime to place in a zone.
 */
export function plainOfWallMs(wallMs: number): Temporal.PlainDateTime {
  const d = new Date(wallMs);
  return Temporal.PlainDateTime.from({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  });
}
