/**
 * A `datetime-local` input holds a wall time with no zone; the browser would read it in the
 * host's zone. These convert explicitly in the display zone instead, and refuse a wall time
 * that is ambiguous or does not exist there (a DST change) rather than guessing.
 */
import { ZoneResolver } from '../../../shared/formats/table/zone';
import { wallMinute } from '../../../shared/time/wall';

/** `2026-11-28T02:10` for `t` in `zone`. */
export function toZoneLocalInput(t: number, zone: string): string {
  return wallMinute(t, zone);
}

/** UTC ms of a `datetime-local` value read in `zone`; NaN when it is not exactly one instant. */
export function fromZoneLocalInput(value: string, zone: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value);
  if (!m) return NaN;
  const wall = Date.parse(`${m[1]}${m[2] ?? ':00'}Z`);
  return Number.isFinite(wall) ? new ZoneResolver(zone).toUtc(wall) : NaN;
}
