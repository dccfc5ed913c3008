/**
 * Takeout `Timeline Edits.json`: `{"timelineEdits":[…]}`. Only `rawSignal.signal.position`
 * entries hold positions the device measured: `point {latE7, lngE7}`, `accuracyMm` (stored in
 * metres), `altitudeMeters`, `speedMetersPerSecond`, `timestamp` → fixes; `deviceId` → device.
 * The other edit kinds (place aggregates, activity records…) are counted in an info issue.
 */
import { num, readLocation } from './coords';
import {
  cap,
  clip,
  isObject,
  label,
  type GoogleResultBuilder,
  type PathCursor,
  type Where,
} from './result-builder';

export class TimelineEditsShape {
  edits = 0;
  private cursor: PathCursor | undefined;
  private readonly other = new Map<string, number>();

  constructor(private readonly b: GoogleResultBuilder) {}

  edit(v: unknown, where: Where): void {
    const b = this.b;
    this.edits++;
    if (!isObject(v)) {
      b.report(
        'warning',
        'google.record.invalid',
        `${cap(label(where))}: not a JSON object (${clip(v)}); skipped`,
        where,
      );
      return;
    }
    const raw = v['rawSignal'];
    const signal = isObject(raw) && isObject(raw['signal']) ? raw['signal'] : undefined;
    const position = signal !== undefined ? signal['position'] : undefined;
    if (!isObject(position)) {
      const kind =
        Object.keys(v)
          .filter((k) => k !== 'deviceId')
          .join(', ') || '(empty)';
      const what =
        signal !== undefined ? `rawSignal.signal.${Object.keys(signal).join(', ')}` : kind;
      this.other.set(what, (this.other.get(what) ?? 0) + 1);
      return;
    }
    const pos = readLocation(position['point'] ?? position);
    if (pos === null || !b.checkPosition(pos.lat, pos.lon, where, 'the raw signal', position))
      return;
    const time = b.time.parse(position['timestamp'] ?? position['timestampMs']);
    if (time === null) {
      b.report(
        'warning',
        'google.time.invalid',
        `${cap(label(where))}: no readable "timestamp" (${clip(position['timestamp'])}); kept without a time`,
        where,
      );
    }
    const device = v['deviceId'];
    if (typeof device === 'string' || typeof device === 'number') b.device(`deviceId ${device}`);
    const cursor = (this.cursor ??= b.cursor('Google timeline edits (raw signals)'));
    b.fix(
      cursor,
      time?.t ?? NaN,
      time?.basis ?? 'none',
      pos.lat,
      pos.lon,
      {
        accuracyM: num(position['accuracyMm']) / 1000,
        ele: num(position['altitudeMeters']),
        speedMps: num(position['speedMetersPerSecond']),
      },
      where,
    );
  }

  finish(): string {
    for (const [what, n] of this.other) {
      this.b.report(
        'info',
        'google.edits.skipped',
        `${n} timeline edit(s) of kind "${what}" hold no measured position; not imported`,
        { what: 'file' },
      );
    }
    return 'Google Takeout Timeline Edits.json';
  }
}
