/**
 * Takeout "Semantic Location History" monthly files (`2013_MAY.json`):
 * `{"timelineObjects":[{placeVisit}|{activitySegment}…]}` — what Google inferred from the raw
 * records, kept as inferences:
 * - placeVisit → a reported stop: place position (`location` E7, else the visit's `centerLatE7`),
 *   name, address, place id, semantic type; confidence from `visitConfidence` (0..100), else
 *   the worded `placeConfidence`. `childVisits` are stops too. Its `simplifiedRawPath` points
 *   are measured positions with times and accuracy → fixes of the "simplified raw path" part.
 * - activitySegment → a reported movement: activity type and probability (else the worded
 *   `confidence`), stated distance, start and end positions (absent when written as `{}`).
 *   `waypointPath` points are Google's inferred route shape WITHOUT times → fixes with no time in
 *   a `route` part; `simplifiedRawPath` points → timed fixes. The movement's `path` covers both.
 * - anything else (transit stops, parking events…) is counted in an info issue.
 * Durations may be ISO (`startTimestamp`) or epoch ms strings (`startTimestampMs`).
 */
import type { ReportedMovement, ReportedStop } from '../../model';
import { num, readLocation } from './coords';
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

export class SemanticShape {
  objects = 0;
  readonly inferred: InferredCollector;
  private raw: PathCursor | undefined;
  private route: PathCursor | undefined;
  private readonly other = new Map<string, number>();

  constructor(private readonly b: GoogleResultBuilder) {
    this.inferred = new InferredCollector(b);
  }

  timelineObject(v: unknown, where: Where): void {
    this.objects++;
    if (!isObject(v)) {
      this.b.report(
        'warning',
        'google.record.invalid',
        `${cap(label(where))}: not a JSON object (${clip(v)}); skipped`,
        where,
      );
      return;
    }
    let known = false;
    if (isObject(v['placeVisit'])) {
      known = true;
      this.placeVisit(v['placeVisit'], where);
    }
    if (isObject(v['activitySegment'])) {
      known = true;
      this.activitySegment(v['activitySegment'], where);
    }
    if (!known) {
      const keys = Object.keys(v).join(', ') || '(empty object)';
      this.other.set(keys, (this.other.get(keys) ?? 0) + 1);
    }
  }

  private durationOf(o: Json, where: Where): ReturnType<InferredCollector['span']> {
    const d = isObject(o['duration']) ? o['duration'] : {};
    return this.inferred.span(
      d['startTimestamp'] ?? d['startTimestampMs'],
      d['endTimestamp'] ?? d['endTimestampMs'],
      where,
    );
  }

  private placeVisit(pv: Json, where: Where, child = false): void {
    const b = this.b;
    const span = this.durationOf(pv, where);
    const loc = isObject(pv['location']) ? pv['location'] : {};
    let pos = inferredPosition(b, loc, where, 'the visit place');
    if (pos === undefined && pv['centerLatE7'] !== undefined) {
      pos = inferredPosition(
        b,
        { latE7: pv['centerLatE7'], lngE7: pv['centerLngE7'] },
        where,
        'the visit centre',
      );
    }
    const stop: ReportedStop = { start: span.start, end: span.end, timeBasis: span.basis };
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
    const name = str(loc['name']);
    if (name !== undefined) stop.name = name;
    const address = str(loc['address']);
    if (address !== undefined) stop.address = address;
    const placeId = str(loc['placeId']);
    if (placeId !== undefined) stop.placeId = placeId;
    const type = str(loc['semanticType']);
    if (type !== undefined && type !== 'TYPE_UNKNOWN') stop.placeType = type;
    const confidence =
      probability(pv['visitConfidence']) ?? this.inferred.wordedConfidence(pv['placeConfidence']);
    if (confidence !== undefined) stop.confidence = confidence;
    if (where.line !== undefined) stop.line = where.line;
    if (where.record !== undefined) stop.record = where.record;
    this.inferred.stop(stop, child ? { ...where, what: `${where.what} (child visit)` } : where);
    this.rawPath(pv, where);
    const children = pv['childVisits'];
    if (Array.isArray(children)) {
      for (const c of children) if (isObject(c)) this.placeVisit(c, where, true);
    }
  }

  private activitySegment(as: Json, where: Where): void {
    const b = this.b;
    const span = this.durationOf(as, where);
    const m: ReportedMovement = { start: span.start, end: span.end, timeBasis: span.basis };
    const activities = Array.isArray(as['activities']) ? as['activities'] : [];
    const top = isObject(activities[0]) ? activities[0] : {};
    const activity = str(as['activityType']) ?? str(top['activityType']);
    if (activity !== undefined) m.activity = activity;
    const confidence =
      probability(top['probability']) ?? this.inferred.wordedConfidence(as['confidence']);
    if (confidence !== undefined) m.confidence = confidence;
    const wp = isObject(as['waypointPath']) ? as['waypointPath'] : undefined;
    const distance = [as['distance'], as['distanceMeters'], wp?.['distanceMeters']]
      .map(num)
      .find((d) => d >= 0);
    if (distance !== undefined) m.statedDistanceM = distance;
    const from = inferredPosition(b, as['startLocation'], where, 'the start location');
    if (from !== undefined) {
      m.startLat = from.lat;
      m.startLon = from.lon;
    }
    const to = inferredPosition(b, as['endLocation'], where, 'the end location');
    if (to !== undefined) {
      m.endLat = to.lat;
      m.endLon = to.lon;
    }
    if (from === undefined || to === undefined) {
      b.count(
        'info',
        'google.movement.no-endpoints',
        'activity segment(s) without a start or end location (empty in the file); their path points, if any, are kept',
        where,
      );
    }
    if (where.line !== undefined) m.line = where.line;
    if (where.record !== undefined) m.record = where.record;
    if (!this.inferred.movement(m, where)) return;
    const first = b.fixes.count;
    if (wp !== undefined && Array.isArray(wp['waypoints'])) {
      const route = (this.route ??= b.cursor(
        'Google activity paths (inferred route shape, no times)',
        'route',
        false,
      ));
      route.breakSegment();
      for (const p of wp['waypoints']) {
        const pos = readLocation(p);
        if (pos === null || !b.checkPosition(pos.lat, pos.lon, where, 'a waypoint', p)) continue;
        b.fix(route, NaN, 'none', pos.lat, pos.lon, undefined, where);
      }
    }
    this.rawPath(as, where);
    if (b.fixes.count > first) m.path = { start: first, end: b.fixes.count };
    for (const key of ['transitPath', 'parkingEvent']) {
      if (as[key] !== undefined) this.other.set(key, (this.other.get(key) ?? 0) + 1);
    }
  }

  /** `simplifiedRawPath.points`: measured positions with time and accuracy. */
  private rawPath(o: Json, where: Where): void {
    const b = this.b;
    const srp = o['simplifiedRawPath'];
    if (!isObject(srp) || !Array.isArray(srp['points'])) return;
    const raw = (this.raw ??= b.cursor('Google simplified raw path (measured points)'));
    raw.breakSegment();
    for (const p of srp['points']) {
      if (!isObject(p)) continue;
      const pos = readLocation(p);
      if (pos === null || !b.checkPosition(pos.lat, pos.lon, where, 'a raw path point', p))
        continue;
      const time = b.time.parse(p['timestamp'] ?? p['timestampMs']);
      if (time === null) {
        b.count(
          'warning',
          'google.path.untimed',
          'raw path point(s) without a readable time; kept untimed',
          where,
        );
      }
      b.fix(
        raw,
        time?.t ?? NaN,
        time?.basis ?? 'none',
        pos.lat,
        pos.lon,
        { accuracyM: num(p['accuracyMeters']) },
        where,
      );
    }
  }

  finish(): string {
    this.inferred.finish();
    for (const [keys, n] of this.other) {
      this.b.report(
        'info',
        'google.semantic.skipped',
        `${n} timeline object part(s) "${keys}" hold no visit or activity segment of this reader; not imported`,
        { what: 'file' },
      );
    }
    return 'Google Takeout Semantic Location History';
  }
}
