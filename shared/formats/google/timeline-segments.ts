/**
 * Segments of the on-device Timeline exports (Android `semanticSegments[]`, the iOS top-level
 * array): each has `startTime`/`endTime` and one of
 * - `visit` → a reported stop: `topCandidate.placeLocation` (`"lat°, lng°"`, `{latLng}` or
 *   `geo:`), place id, semantic type; confidence = the visit's `probability`, else the
 *   candidate's;
 * - `activity` → a reported movement: `topCandidate.type`, probability, `distanceMeters`,
 *   `start`/`end` positions;
 * - `timelinePath` → path points: `point` with a `time` (Android) or only
 *   `durationMinutesOffsetFromStartTime` (iOS: whole minutes after the segment's start, so
 *   the time is known to the minute) → fixes of a "timeline path" part, one segment each;
 * - `timelineMemory` (trip summaries without positions) → counted, not imported.
 * Numbers may be strings (iOS). `startTimeTimezoneUtcOffsetMinutes` places a zone-less time and
 * is checked against an offset written in the time itself.
 */
import type { ReportedMovement, ReportedStop } from '../../model';
import { num } from './coords';
import { inferredPosition, InferredCollector, probability } from './inferred';
import {
  cap,
  clip,
  isObject,
  label,
  str,
  type GoogleResultBuilder,
  type Json,
  type PathCursor,
  type Where,
} from './result-builder';
import { addMinuteOffset } from './times';

export class TimelineSegments {
  segments = 0;
  minuteOffsetPoints = 0;
  readonly inferred: InferredCollector;
  private path: PathCursor | undefined;
  private readonly other = new Map<string, number>();

  constructor(private readonly b: GoogleResultBuilder) {
    this.inferred = new InferredCollector(b);
  }

  /** False when the value is not a segment at all (no start or end time, no known content). */
  static looksLikeSegment(v: unknown): boolean {
    return (
      isObject(v) &&
      (v['startTime'] !== undefined || v['endTime'] !== undefined) &&
      (v['visit'] !== undefined ||
        v['activity'] !== undefined ||
        v['timelinePath'] !== undefined ||
        v['timelineMemory'] !== undefined)
    );
  }

  segment(v: unknown, where: Where): void {
    const b = this.b;
    this.segments++;
    if (!isObject(v)) {
      b.report(
        'warning',
        'google.record.invalid',
        `${cap(label(where))}: not a JSON object (${clip(v)}); skipped`,
        where,
      );
      return;
    }
    const zoneStart = offsetMinutes(v['startTimeTimezoneUtcOffsetMinutes']);
    const zoneEnd = offsetMinutes(v['endTimeTimezoneUtcOffsetMinutes']);
    this.checkZone(v['startTime'], zoneStart, where);
    this.checkZone(v['endTime'], zoneEnd, where);
    let known = false;
    if (isObject(v['visit'])) {
      known = true;
      this.visit(v, v['visit'], where, zoneStart, zoneEnd);
    }
    if (isObject(v['activity'])) {
      known = true;
      this.activity(v, v['activity'], where, zoneStart, zoneEnd);
    }
    if (Array.isArray(v['timelinePath'])) {
      known = true;
      this.timelinePath(v, v['timelinePath'], where, zoneStart);
    }
    if (!known) {
      const keys =
        Object.keys(v)
          .filter((k) => !/^(start|end)Time/.test(k))
          .join(', ') || '(times only)';
      this.other.set(keys, (this.other.get(keys) ?? 0) + 1);
    }
  }

  private checkZone(raw: unknown, zone: number | undefined, where: Where): void {
    if (zone === undefined || typeof raw !== 'string') return;
    const t = this.b.time.parse(raw);
    if (t === null || t.basis === 'naive-as-utc') return;
    if (t.offsetMinutes !== zone) {
      this.b.count(
        'warning',
        'google.time.offset-mismatch',
        'time(s) whose written offset differs from the segment\'s "TimezoneUtcOffsetMinutes"; the written offset is used',
        where,
        `${raw} vs ${zone} min`,
      );
    }
  }

  private visit(
    seg: Json,
    visit: Json,
    where: Where,
    zoneStart: number | undefined,
    zoneEnd: number | undefined,
  ): void {
    const b = this.b;
    const span = this.inferred.span(seg['startTime'], seg['endTime'], where, {
      start: zoneStart,
      end: zoneEnd,
    });
    const top = isObject(visit['topCandidate']) ? visit['topCandidate'] : {};
    const stop: ReportedStop = { start: span.start, end: span.end, timeBasis: span.basis };
    const pos = inferredPosition(b, top['placeLocation'], where, 'the visit place');
    if (pos !== undefined) {
      stop.lat = pos.lat;
      stop.lon = pos.lon;
    } else {
      b.count(
        'warning',
        'google.visit.no-position',
        'visit(s) have no usable place position; kept with times only',
        where,
      );
    }
    const placeId = str(top['placeId']) ?? str(top['placeID']);
    if (placeId !== undefined) stop.placeId = placeId;
    const type = str(top['semanticType']);
    if (type !== undefined && !/^unknown$/i.test(type)) stop.placeType = type;
    const confidence = probability(visit['probability']) ?? probability(top['probability']);
    if (confidence !== undefined) stop.confidence = confidence;
    if (where.line !== undefined) stop.line = where.line;
    if (where.record !== undefined) stop.record = where.record;
    this.inferred.stop(stop, where);
  }

  private activity(
    seg: Json,
    act: Json,
    where: Where,
    zoneStart: number | undefined,
    zoneEnd: number | undefined,
  ): void {
    const b = this.b;
    const span = this.inferred.span(seg['startTime'], seg['endTime'], where, {
      start: zoneStart,
      end: zoneEnd,
    });
    const top = isObject(act['topCandidate']) ? act['topCandidate'] : {};
    const m: ReportedMovement = { start: span.start, end: span.end, timeBasis: span.basis };
    const activity = str(top['type']);
    if (activity !== undefined) m.activity = activity;
    const confidence = probability(top['probability']) ?? probability(act['probability']);
    if (confidence !== undefined) m.confidence = confidence;
    const distance = num(act['distanceMeters']);
    if (distance >= 0) m.statedDistanceM = distance;
    const from = inferredPosition(b, act['start'], where, 'the start location');
    if (from !== undefined) {
      m.startLat = from.lat;
      m.startLon = from.lon;
    }
    const to = inferredPosition(b, act['end'], where, 'the end location');
    if (to !== undefined) {
      m.endLat = to.lat;
      m.endLon = to.lon;
    }
    if (where.line !== undefined) m.line = where.line;
    if (where.record !== undefined) m.record = where.record;
    this.inferred.movement(m, where);
  }

  private timelinePath(
    seg: Json,
    points: unknown[],
    where: Where,
    zoneStart: number | undefined,
  ): void {
    const b = this.b;
    const segStart = b.time.parse(seg['startTime'], zoneStart);
    const path = (this.path ??= b.cursor('Google timeline path (sampled positions)'));
    path.breakSegment();
    for (const p of points) {
      if (!isObject(p)) continue;
      const pos = inferredPosition(b, p['point'], where, 'a path point');
      if (pos === undefined) continue;
      let t = NaN;
      let basis = segStart?.basis ?? 'none';
      if (p['time'] !== undefined) {
        const time = b.time.parse(p['time'], zoneStart);
        if (time !== null) {
          t = time.t;
          basis = time.basis;
        }
      } else if (p['durationMinutesOffsetFromStartTime'] !== undefined && segStart !== null) {
        t = addMinuteOffset(segStart.t, p['durationMinutesOffsetFromStartTime']);
        if (!Number.isNaN(t)) this.minuteOffsetPoints++;
      }
      if (Number.isNaN(t)) {
        basis = 'none';
        b.count(
          'warning',
          'google.path.untimed',
          'path point(s) without a readable time; kept untimed',
          where,
        );
      }
      b.fix(path, t, basis, pos.lat, pos.lon, undefined, where);
    }
  }

  finish(): void {
    this.inferred.finish();
    if (this.minuteOffsetPoints > 0) {
      this.b.report(
        'info',
        'google.path.minute-offsets',
        `${this.minuteOffsetPoints} path point(s) are timed only as whole minutes after their segment's start ("durationMinutesOffsetFromStartTime"): their times are known to the minute`,
        { what: 'file' },
      );
    }
    for (const [keys, n] of this.other) {
      this.b.report(
        'info',
        'google.segment.skipped',
        `${n} segment(s) holding only "${keys}" carry no position; not imported`,
        { what: 'file' },
      );
    }
  }
}

function offsetMinutes(v: unknown): number | undefined {
  const n = num(v);
  return Number.isNaN(n) || Math.abs(n) > 18 * 60 ? undefined : n;
}
