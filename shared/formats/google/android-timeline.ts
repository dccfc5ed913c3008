/**
 * Android on-device Timeline export (`Timeline.json`, 2024+):
 * `{"semanticSegments":[…], "rawSignals":[…], "userLocationProfile":{…}}`.
 * - `semanticSegments` → see `timeline-segments.ts` (visits, activities, timeline paths);
 * - `rawSignals[].position` → measured fixes: `LatLng` (`"lat°, lng°"`), `accuracyMeters`,
 *   `altitudeMeters`, `speedMetersPerSecond`, `timestamp`; `wifiScan` and `activityRecord`
 *   signals carry no position and are counted;
 * - `userLocationProfile.frequentPlaces` → untimed waypoints (Google's "home", "work"…), not
 *   stops: they say where the person often is, not when.
 */
import type { Waypoint } from '../../model';
import { num } from './coords';
import { inferredPosition } from './inferred';
import {
  cap,
  clip,
  isObject,
  label,
  str,
  type GoogleResultBuilder,
  type PathCursor,
  type Where,
} from './result-builder';
import { TimelineSegments } from './timeline-segments';

export class AndroidTimelineShape {
  readonly segments: TimelineSegments;
  rawSignals = 0;
  private cursor: PathCursor | undefined;
  private readonly otherSignals = new Map<string, number>();

  constructor(private readonly b: GoogleResultBuilder) {
    this.segments = new TimelineSegments(b);
  }

  segment(v: unknown, where: Where): void {
    this.segments.segment(v, where);
  }

  rawSignal(v: unknown, where: Where): void {
    const b = this.b;
    this.rawSignals++;
    if (!isObject(v)) {
      b.report(
        'warning',
        'google.record.invalid',
        `${cap(label(where))}: not a JSON object (${clip(v)}); skipped`,
        where,
      );
      return;
    }
    const position = v['position'];
    if (!isObject(position)) {
      const kind = Object.keys(v).join(', ') || '(empty)';
      this.otherSignals.set(kind, (this.otherSignals.get(kind) ?? 0) + 1);
      return;
    }
    const pos = inferredPosition(
      b,
      position['LatLng'] ?? position['latLng'] ?? position['point'],
      where,
      'the raw position',
    );
    if (pos === undefined) {
      if (
        position['LatLng'] === undefined &&
        position['latLng'] === undefined &&
        position['point'] === undefined
      ) {
        b.report(
          'warning',
          'google.coordinate.invalid',
          `${cap(label(where))}: raw position without "LatLng"; rejected`,
          where,
        );
      }
      return;
    }
    const time = b.time.parse(position['timestamp']);
    if (time === null) {
      b.report(
        'warning',
        'google.time.invalid',
        `${cap(label(where))}: no readable "timestamp" (${clip(position['timestamp'])}); kept without a time`,
        where,
      );
    }
    const cursor = (this.cursor ??= b.cursor('Google raw signals (measured positions)'));
    b.fix(
      cursor,
      time?.t ?? NaN,
      time?.basis ?? 'none',
      pos.lat,
      pos.lon,
      {
        accuracyM: num(position['accuracyMeters']),
        ele: num(position['altitudeMeters']),
        speedMps: num(position['speedMetersPerSecond']),
      },
      where,
    );
  }

  /** The rest of the top-level object: `userLocationProfile`. */
  envelope(value: Record<string, unknown>, where: Where): void {
    const profile = value['userLocationProfile'];
    if (!isObject(profile)) return;
    const places = profile['frequentPlaces'];
    if (!Array.isArray(places)) return;
    for (const p of places) {
      if (!isObject(p)) continue;
      const pos = inferredPosition(this.b, p['placeLocation'], where, 'a frequent place');
      if (pos === undefined) continue;
      const w: Waypoint = { lat: pos.lat, lon: pos.lon, t: NaN, timeBasis: 'none' };
      const name = str(p['label']);
      w.name = name !== undefined ? `Frequent place: ${name}` : 'Frequent place';
      const id = str(p['placeId']);
      w.description = `Google's frequent place (inferred, no time)${id ? `, place id ${id}` : ''}`;
      if (where.line !== undefined) w.line = where.line;
      this.b.waypoints.push(w);
    }
  }

  finish(): string {
    this.segments.finish();
    for (const [kind, n] of this.otherSignals) {
      this.b.report(
        'info',
        'google.raw-signal.skipped',
        `${n} raw signal(s) of kind "${kind}" carry no position; not imported`,
        { what: 'file' },
      );
    }
    return 'Google Timeline on-device export (Android Timeline.json)';
  }
}
