/**
 * Times typed in the interview screen: a `datetime-local` field shows and takes the wall time
 * of the display zone, never of the host, so "14:30" means 14:30 in the zone shown beside it.
 */
import { Temporal } from 'temporal-polyfill';
import { wallMinute } from '../time/wall';

export { wallMinute };

/**
 * `YYYY-MM-DDTHH:MM` in `zone` as UTC ms; null for anything else. A wall time that falls in a
 * DST gap or overlap takes the earlier reading (Temporal's `compatible`), as a clock would.
 */
export function wallMinuteToUtc(text: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  try {
    return Temporal.PlainDateTime.from(text, { overflow: 'reject' }).toZonedDateTime(zone, {
      disambiguation: 'compatible',
    }).epochMilliseconds;
  } catch {
    return null;
  }
}
