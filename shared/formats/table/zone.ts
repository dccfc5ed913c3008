/**
 * Naive local wall times → UTC in a chosen IANA zone, with Temporal (`temporal-polyfill`): the
 * only library measured that can REJECT ambiguous (fall-back) and non-existent (spring-forward)
 * local times instead of guessing. Those come back as NaN with `lastProblem` set, so the reader
 * flags the row rather than silently picking an instant.
 *
 * A Temporal conversion costs ~0.1 ms, far too slow for millions of rows; offsets are cached per
 * wall-clock hour. An hour is cached only when its start and end both map unambiguously with the
 * same offset (no transition inside it); other hours are converted value by value.
 */
import { Temporal } from 'temporal-polyfill';
import { plainOfWallMs } from '../../time/wall';

const HOUR = 3_600_000;

/** True when `zone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.PlainDateTime.from('2000-01-01T00:00').toZonedDateTime(zone);
    return true;
  } catch {
    return false;
  }
}

export type ZoneProblem = 'ambiguous' | 'nonexistent';

export class ZoneResolver {
  /** Why the last `toUtc` returned NaN. */
  lastProblem: ZoneProblem | undefined;
  /** Offset in ms per wall hour index; NaN marks an hour holding a transition. */
  private readonly hours = new Map<number, number>();

  constructor(readonly zone: string) {}

  /** Wall ms (local time written as if UTC) → UTC epoch ms, NaN when ambiguous or non-existent. */
  toUtc(wallMs: number): number {
    this.lastProblem = undefined;
    const hour = Math.floor(wallMs / HOUR);
    let offset = this.hours.get(hour);
    if (offset === undefined) {
      offset = this.stableHourOffset(hour);
      if (this.hours.size > 100_000) this.hours.clear();
      this.hours.set(hour, offset);
    }
    if (!Number.isNaN(offset)) return wallMs - offset;
    const exact = this.exactOffset(wallMs);
    return Number.isNaN(exact) ? NaN : wallMs - exact;
  }

  private stableHourOffset(hour: number): number {
    const a = this.exactOffset(hour * HOUR);
    const b = this.exactOffset(hour * HOUR + HOUR - 1);
    this.lastProblem = undefined;
    return a === b ? a : NaN;
  }

  /** Offset (ms) of a wall time; NaN with `lastProblem` when it is not exactly one instant. */
  private exactOffset(wallMs: number): number {
    const whole = Math.floor(wallMs);
    if (Number.isNaN(new Date(whole).getTime())) return NaN;
    try {
      const z = plainOfWallMs(whole).toZonedDateTime(this.zone, { disambiguation: 'reject' });
      return whole - z.epochMilliseconds;
    } catch {
      // Decide which of the two it was: a gap maps forward under 'compatible', an overlap not.
      try {
        const plain = plainOfWallMs(whole);
        const earlier = plain.toZonedDateTime(this.zone, { disambiguation: 'earlier' });
        const later = plain.toZonedDateTime(this.zone, { disambiguation: 'later' });
        this.lastProblem =
          earlier.epochMilliseconds < later.epochMilliseconds &&
          earlier.offsetNanoseconds > later.offsetNanoseconds
            ? 'ambiguous'
            : 'nonexistent';
      } catch {
        this.lastProblem = 'nonexistent';
      }
      return NaN;
    }
  }
}
