/**
 * iOS on-device Timeline export (`location-history.json`): a top-level array of segments with
 * `startTime`/`endTime`, `visit` / `activity` / `timelinePath` / `timelineMemory`, positions as
 * `geo:lat,lng` URIs, numbers as strings (`"0.950077"`), path points timed only by
 * `durationMinutesOffsetFromStartTime`. The mapping is that of `timeline-segments.ts`.
 */
import { cap, clip, label, type GoogleResultBuilder, type Where } from './result-builder';
import { TimelineSegments } from './timeline-segments';

export class IosHistoryShape {
  readonly segments: TimelineSegments;
  notSegments = 0;

  constructor(private readonly b: GoogleResultBuilder) {
    this.segments = new TimelineSegments(b);
  }

  element(v: unknown, where: Where): void {
    if (TimelineSegments.looksLikeSegment(v)) {
      this.segments.segment(v, where);
      return;
    }
    this.notSegments++;
    this.b.report(
      'warning',
      'google.record.invalid',
      `${cap(label(where))}: not a timeline segment (${clip(v)}); skipped`,
      where,
    );
  }

  finish(): string {
    this.segments.finish();
    return 'Google Timeline on-device export (iOS location-history.json)';
  }
}
