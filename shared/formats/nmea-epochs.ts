/**
 * Turns NMEA sentences into fixes: one fix per epoch (time of day), merging the RMC, GGA and GLL
 * of that epoch and the VTG that follows them; and dates every fix.
 *
 * Dating. NMEA sentences carry a time of day; only RMC and ZDA carry a date. A day clock follows
 * the times as they come: a time more than 12 h earlier than the previous one is the next day
 * (midnight); a smaller step back is a clock going backwards, flagged, not a new day. An explicit
 * date always resets the clock. Fixes read before the first date are held with a provisional day
 * counter (0, 1, … at each midnight) and receive real days by offset as soon as a date appears,
 * so a GGA-only start of a log is dated backwards from the first RMC. If no date ever appears the
 * provisional days stay relative to the first fix, to be placed on the examiner's assumed date or
 * left without a time.
 */
import { FixColumnsBuilder } from './columns';
import { MS_PER_DAY } from './nmea-fields';
import type { FixColumns } from '../model';

/** A step back in time of day larger than this is midnight, not the clock going backwards. */
const MIDNIGHT_JUMP_MS = 12 * 3600 * 1000;

/** Position precedence inside one epoch: GGA carries altitude and fix quality. */
export const RANK_GLL = 1;
export const RANK_RMC = 2;
export const RANK_GGA = 3;

class IntColumn {
  a = new Int32Array(1024);
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, i + 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
}

export interface DatedFixes {
  /** `t` holds milliseconds since midnight UTC until the caller combines it with `days`. */
  fixes: FixColumns;
  fixTimeBasis: Uint8Array;
  /** Per fix: the line of the first sentence of its epoch. */
  lines: Int32Array;
  /** Per fix: days since 1970 when `datesKnown`, else provisional days from the first fix. */
  days: Int32Array;
  datesKnown: boolean;
}

export class EpochAssembler {
  private readonly builder = new FixColumnsBuilder(4096);
  private readonly dayCol = new IntColumn();
  private readonly lineCol = new IntColumn();

  // The day clock.
  private dateKnown = false;
  private clockDay = 0;
  private clockTod = -1;
  private provisionalDay = 0;

  // The open epoch.
  private open = false;
  private tod = 0;
  private line = 0;
  private day = 0;
  private rank = 0;
  private lat = NaN;
  private lon = NaN;
  private ele = NaN;
  private speed = NaN;
  private speedRank = 0;
  private course = NaN;
  private courseRank = 0;

  get count(): number {
    return this.builder.count;
  }

  get datesKnown(): boolean {
    return this.dateKnown;
  }

  /** A sentence with a valid time of day: continues the open epoch or starts the next. */
  timed(tod: number, line: number): void {
    if (this.open && tod === this.tod) return;
    this.flush();
    this.advanceClock(tod);
    this.open = true;
    this.tod = tod;
    this.line = line;
    this.day = this.dateKnown ? this.clockDay : this.provisionalDay;
    this.rank = 0;
    this.lat = NaN;
    this.lon = NaN;
    this.ele = NaN;
    this.speed = NaN;
    this.speedRank = 0;
    this.course = NaN;
    this.courseRank = 0;
  }

  position(rank: number, lat: number, lon: number): void {
    if (!this.open || rank <= this.rank) return;
    this.rank = rank;
    this.lat = lat;
    this.lon = lon;
  }

  altitude(ele: number): void {
    if (this.open && !Number.isNaN(ele)) this.ele = ele;
  }

  /** Speed (m/s) and course (degrees true); a higher rank wins (RMC 2 over VTG 1). */
  velocity(rank: number, speedMps: number, courseDeg: number): void {
    if (!this.open) return;
    if (!Number.isNaN(speedMps) && rank > this.speedRank) {
      this.speed = speedMps;
      this.speedRank = rank;
    }
    if (!Number.isNaN(courseDeg) && rank > this.courseRank) {
      this.course = courseDeg;
      this.courseRank = rank;
    }
  }

  /**
   * An explicit date (RMC, ZDA) valid at time of day `tod`. `ofOpenEpoch` when it belongs to the
   * open epoch (RMC of the epoch, or ZDA of the same second).
   */
  date(day: number, tod: number, ofOpenEpoch: boolean): void {
    if (!ofOpenEpoch) this.advanceClock(tod);
    if (!this.dateKnown) {
      // Everything read so far carries provisional days: shift them onto the calendar.
      const offset = day - this.provisionalDay;
      const days = this.dayCol.a;
      for (let i = 0; i < this.builder.count; i++) days[i] = days[i]! + offset;
      if (this.open) this.day += offset;
      this.dateKnown = true;
    }
    this.clockDay = day;
    if (ofOpenEpoch && this.open) this.day = day;
  }

  /** True when an epoch is open and `tod` is in the same whole second. */
  sameSecond(tod: number): boolean {
    return this.open && Math.floor(tod / 1000) === Math.floor(this.tod / 1000);
  }

  isOpenEpoch(tod: number): boolean {
    return this.open && tod === this.tod;
  }

  private advanceClock(tod: number): void {
    if (this.clockTod >= 0 && this.clockTod - tod > MIDNIGHT_JUMP_MS) {
      this.clockDay++;
      this.provisionalDay++;
    }
    this.clockTod = tod;
  }

  private flush(): void {
    if (!this.open) return;
    this.open = false;
    if (this.rank === 0) return;
    const b = this.builder;
    // `t` holds the time of day until finish() knows the days.
    const i = b.push(this.tod, this.lat, this.lon, 0);
    b.set('ele', i, this.ele);
    b.set('speedMps', i, this.speed);
    b.set('headingDeg', i, this.course);
    this.dayCol.set(i, this.day);
    this.lineCol.set(i, this.line);
  }

  /** Closes the last epoch and returns the fixes; `t` is left as time of day for the caller. */
  finish(): DatedFixes {
    this.flush();
    const n = this.builder.count;
    const { fixes, fixTimeBasis } = this.builder.build();
    return {
      fixes,
      fixTimeBasis,
      lines: this.lineCol.a.slice(0, n),
      days: this.dayCol.a.slice(0, n),
      datesKnown: this.dateKnown,
    };
  }
}

export { MS_PER_DAY };
