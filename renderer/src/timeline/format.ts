/**
 * How timeline entries read: durations, distances, times in the display zone (always an
 * explicit zone, never the host's) and the one-line evidence summary of a stop, e.g.
 * "tracker ignition off/on, 3 phone fixes, 1 photo".
 */
import { formatNumber, intlTag, type Locale } from '../../../shared/i18n';
import type { EventType, SourceKind } from '../../../shared/model';
import type { EvidenceRef, PlaceName, TimelineStop } from '../../../shared/timeline/types';
import type { Translate } from '../i18n';

export function formatDuration(tr: Translate, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return tr('timeline.duration.s', { s: String(s) });
  const totalMin = Math.round(s / 60);
  if (totalMin < 60) return tr('timeline.duration.min', { m: String(totalMin) });
  const totalH = Math.floor(totalMin / 60);
  if (totalH < 48)
    return tr('timeline.duration.h', { h: String(totalH), m: String(totalMin % 60) });
  return tr('timeline.duration.d', { d: String(Math.floor(totalH / 24)), h: String(totalH % 24) });
}

export function formatDistance(tr: Translate, locale: Locale, metres: number): string {
  if (!Number.isFinite(metres)) return '–';
  if (metres < 1000) return tr('timeline.distance.m', { m: formatNumber(locale, metres, 0) });
  const digits = metres < 10_000 ? 1 : 0;
  return tr('timeline.distance.km', { km: formatNumber(locale, metres / 1000, digits) });
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, zone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlTag(locale), {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withDate ? { day: '2-digit', month: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** `02:10` in `zone`. */
export function formatClock(locale: Locale, t: number, zone: string): string {
  return Number.isFinite(t) ? formatter(locale, zone, false).format(t) : '–';
}

/** `28/11, 02:10` in `zone`. */
export function formatDayClock(locale: Locale, t: number, zone: string): string {
  return Number.isFinite(t) ? formatter(locale, zone, true).format(t) : '–';
}

/** `28/11, 02:10–02:55`, with the end's date only when it falls on another day. */
export function formatSpan(locale: Locale, start: number, end: number, zone: string): string {
  const day = (t: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(t);
  const endText =
    day(start) === day(end) ? formatClock(locale, end, zone) : formatDayClock(locale, end, zone);
  return `${formatDayClock(locale, start, zone)}–${endText}`;
}

export function formatPlace(tr: Translate, place: PlaceName | undefined): string {
  if (!place) return tr('timeline.noPlace');
  return tr('timeline.place', { name: place.name, country: place.country });
}

/** The stop's name as the list shows it: the examiner's label first, else the gazetteer's place. */
export function stopTitle(tr: Translate, stop: TimelineStop): string {
  return stop.label?.trim() ? stop.label : formatPlace(tr, stop.place);
}

export function sourceKindName(tr: Translate, kind: SourceKind | undefined): string {
  return tr(`timeline.sourceKind.${kind ?? 'track'}`);
}

/**
 * One line summing up a stop's evidence, per source: "tracker ignition off/on, 3 phone
 * fixes, 1 photo". Sources of the same kind are summed (the stop panel lists them apart).
 */
export function evidenceSummary(
  tr: Translate,
  evidence: readonly EvidenceRef[],
  kindOf: (sourceId: string) => SourceKind | undefined,
): string {
  const fixes = new Map<SourceKind | undefined, number>();
  const events = new Map<SourceKind | undefined, { ignition: number; other: number }>();
  const reported = new Set<SourceKind | undefined>();
  const silent = new Set<SourceKind | undefined>();
  let photos = 0;
  for (const ref of evidence) {
    const kind = kindOf(ref.sourceId);
    switch (ref.kind) {
      case 'fixes':
        fixes.set(kind, (fixes.get(kind) ?? 0) + ref.count);
        break;
      case 'event': {
        const e = events.get(kind) ?? { ignition: 0, other: 0 };
        if (ref.type === 'ignition-off' || ref.type === 'ignition-on') e.ignition += 1;
        else e.other += 1;
        events.set(kind, e);
        break;
      }
      case 'reported-stop':
        reported.add(kind);
        break;
      case 'silence':
        silent.add(kind);
        break;
      case 'photo':
        photos += 1;
        break;
    }
  }
  const parts: string[] = [];
  for (const kind of reported) {
    parts.push(tr('timeline.ev.reported', { kind: sourceKindName(tr, kind) }));
  }
  for (const [kind, e] of events) {
    if (e.ignition > 0) parts.push(tr('timeline.ev.ignition', { kind: sourceKindName(tr, kind) }));
    if (e.other > 0) {
      parts.push(tr('timeline.ev.events', { count: e.other, kind: sourceKindName(tr, kind) }));
    }
  }
  for (const [kind, count] of fixes) {
    parts.push(tr('timeline.ev.fixes', { count, kind: sourceKindName(tr, kind) }));
  }
  for (const kind of silent) {
    parts.push(tr('timeline.ev.silence', { kind: sourceKindName(tr, kind) }));
  }
  if (photos > 0) parts.push(tr('timeline.ev.photos', { count: photos }));
  return parts.join(', ');
}

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  'ignition-on',
  'ignition-off',
  'door-open',
  'door-close',
  'engine-start',
  'engine-stop',
  'fuel-level',
  'fuel-drop',
  'odometer',
  'driver',
  'status',
]);

/** An event type's name; a type this version does not know is shown as written. */
export function eventName(tr: Translate, type: string): string {
  return EVENT_TYPES.has(type) ? tr(`event.${type as EventType}`) : type;
}
