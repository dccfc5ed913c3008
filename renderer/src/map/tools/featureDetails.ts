/**
 * What the hover tooltip and the details popup say about a feature under the pointer: a
 * title, the source it came from (with its colour), the time in the display zone, the
 * position, and the evidence it rests on (file and line). Built from the feature's own
 * properties and the store's sources, so every layer answers the same way.
 */
import type { MapGeoJSONFeature } from 'maplibre-gl';
import { formatNumber, intlTag, type Locale } from '../../../../shared/i18n';
import type { Source } from '../../../../shared/model';
import type { Timeline } from '../../../../shared/timeline/types';
import type { Translate } from '../../i18n';
import type { EvidenceEntry, SourceEntry } from '../../store/sourcesSlice';
import {
  eventName,
  formatDistance,
  formatDuration,
  formatSpan,
  stopTitle,
} from '../../timeline/format';
import { entryId } from '../../timeline/rows';
import { nearestFix } from './nearestFix';
import { ACCURACY_LAYER_IDS } from '../layers/AccuracyLayer';
import { EVENT_LAYER_IDS } from '../layers/EventLayer';
import { SECTOR_LAYER_IDS } from '../layers/SectorLayer';
import { TESTIMONY_LAYER_IDS } from '../layers/TestimonyLayer';
import { STOP_LAYER_IDS } from '../StopLayer';
import { PHOTO_LAYER_IDS } from '../../photos/PhotoLayer';

export interface DetailRow {
  label: string;
  value: string;
}

export interface FeatureDetails {
  /** Distinguishes features for lists and tests, e.g. `event:<sourceId>:3`. */
  key: string;
  kind:
    | 'event'
    | 'accuracy'
    | 'sector'
    | 'site'
    | 'testimony'
    | 'stop'
    | 'conflict'
    | 'photo'
    | 'route';
  title: string;
  colour?: string;
  /** Time line for the tooltip; empty when the feature has no time. */
  when: string;
  rows: DetailRow[];
  /** Longitude, latitude of the feature (for a point) or of where it was clicked. */
  at: [number, number];
  /** The timeline row this feature is, so a click selects it there too. */
  timelineId?: string;
  /** True when the feature's own layer already handles a click (photos open the viewer). */
  ownClick?: boolean;
}

export interface DetailsContext {
  tr: Translate;
  locale: Locale;
  zone: string;
  entries: readonly EvidenceEntry[];
  timeline: Timeline | null;
}

/** Layers the tools inspect, topmost first (the order MapLibre reports hits is by layer). */
export const INSPECTABLE_LAYERS: readonly string[] = [
  TESTIMONY_LAYER_IDS.pins,
  EVENT_LAYER_IDS.icons,
  EVENT_LAYER_IDS.dots,
  STOP_LAYER_IDS.circles,
  STOP_LAYER_IDS.conflictLines,
  STOP_LAYER_IDS.conflictEnds,
  PHOTO_LAYER_IDS.singles,
  PHOTO_LAYER_IDS.placed,
  PHOTO_LAYER_IDS.clusters,
  SECTOR_LAYER_IDS.siteDots,
  ACCURACY_LAYER_IDS.fill,
  SECTOR_LAYER_IDS.fill,
];

const routeLayer = /^route-(.+?)-(?:lit-)?(line|points)$/;

/** Layers to query: the inspectable ones that exist, plus every route line and point layer. */
export function layersToQuery(styleLayers: readonly { id: string }[]): string[] {
  const present = new Set(styleLayers.map((l) => l.id));
  const routes = styleLayers.map((l) => l.id).filter((id) => routeLayer.test(id));
  return [...INSPECTABLE_LAYERS.filter((id) => present.has(id)), ...routes];
}

const fullFormatters = new Map<string, Intl.DateTimeFormat>();

/** `16/04/2024, 14:01:00 CEST` in `zone`, seconds included: events are stamped to the second. */
export function formatInstant(locale: Locale, t: number, zone: string): string {
  if (!Number.isFinite(t)) return '–';
  const key = `${locale}|${zone}`;
  let f = fullFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlTag(locale), {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    fullFormatters.set(key, f);
  }
  return f.format(t);
}

function sourceEntry(ctx: DetailsContext, key: unknown): SourceEntry | undefined {
  const entry = ctx.entries.find((e) => e.key === key);
  return entry?.kind === 'source' ? entry : undefined;
}

function fileOf(source: Source): string {
  return source.files[0]?.name ?? source.label;
}

function pointOf(feature: MapGeoJSONFeature, fallback: [number, number]): [number, number] {
  const g = feature.geometry;
  return g.type === 'Point' ? [g.coordinates[0]!, g.coordinates[1]!] : fallback;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** The details of one hit, or null for a feature the tools do not describe. */
export function featureDetails(
  feature: MapGeoJSONFeature,
  clicked: [number, number],
  ctx: DetailsContext,
): FeatureDetails | null {
  const { tr, locale, zone } = ctx;
  const p = feature.properties ?? {};
  const layer = feature.layer.id;
  const at = pointOf(feature, clicked);
  const when = (t: number) => (Number.isFinite(t) ? formatInstant(locale, t, zone) : '');
  const sourceRow = (entry: SourceEntry | undefined): DetailRow[] =>
    entry ? [{ label: tr('details.source'), value: entry.source.label }] : [];

  if (layer === EVENT_LAYER_IDS.icons || layer === EVENT_LAYER_IDS.dots) {
    const entry = sourceEntry(ctx, p.s);
    const event = entry?.source.events?.[num(p.i)];
    if (!entry || !event) return null;
    const t = num(p.t);
    const rows: DetailRow[] = [
      ...sourceRow(entry),
      { label: tr('details.time'), value: when(t) || '–' },
    ];
    if (event.value !== undefined) {
      const value =
        typeof event.value === 'number' ? formatNumber(locale, event.value, 1) : event.value;
      rows.push({
        label: tr('details.value'),
        value: event.unit ? `${value} ${event.unit}` : value,
      });
    }
    const file = fileOf(entry.source);
    if (event.line !== undefined) {
      rows.push({
        label: tr('details.evidence'),
        value: tr('details.line', { file, line: String(event.line) }),
      });
    } else if (event.record !== undefined) {
      rows.push({
        label: tr('details.evidence'),
        value: tr('details.record', { file, record: String(event.record) }),
      });
    }
    if (p.placed === true)
      rows.push({ label: tr('details.position'), value: tr('details.placedByTime') });
    return {
      key: String(p.id),
      kind: 'event',
      title: eventName(tr, event.type),
      colour: entry.colour,
      when: when(t),
      rows,
      at,
      timelineId: String(p.id),
    };
  }

  if (layer === ACCURACY_LAYER_IDS.fill) {
    const entry = sourceEntry(ctx, p.s);
    if (!entry) return null;
    const t = num(p.t);
    return {
      key: `accuracy:${entry.key}:${num(p.i)}`,
      kind: 'accuracy',
      title: tr('details.fix', { n: String(num(p.i) + 1) }),
      colour: entry.colour,
      when: when(t),
      rows: [
        ...sourceRow(entry),
        { label: tr('details.time'), value: when(t) || '–' },
        { label: tr('details.accuracy'), value: `± ${formatDistance(tr, locale, num(p.a))}` },
      ],
      at,
    };
  }

  if (layer === SECTOR_LAYER_IDS.fill || layer === SECTOR_LAYER_IDS.siteDots) {
    const entry = sourceEntry(ctx, p.s);
    const cell = entry?.source.cells?.[num(p.ci)];
    if (!entry || !cell) return null;
    const t = num(p.t);
    const tEnd = num(p.tEnd);
    const range = formatDistance(tr, locale, cell.rangeM);
    const rows: DetailRow[] = [...sourceRow(entry)];
    if (Number.isFinite(t)) {
      rows.push({
        label: tr('details.used'),
        value: `${formatSpan(locale, t, Number.isFinite(tEnd) ? tEnd : t, zone)} (${zone})`,
      });
    }
    rows.push({
      label: tr('details.range'),
      value: cell.rangeAssumed ? tr('details.assumed', { value: range }) : range,
    });
    if (cell.azimuthDeg !== undefined) {
      rows.push({
        label: tr('details.azimuth'),
        value: `${formatNumber(locale, cell.azimuthDeg, 0)}°`,
      });
      const beam =
        cell.beamWidthDeg !== undefined && cell.beamWidthDeg > 0
          ? `${formatNumber(locale, cell.beamWidthDeg, 0)}°`
          : tr('details.assumed', { value: '120°' });
      rows.push({ label: tr('details.beam'), value: beam });
    } else {
      rows.push({ label: tr('details.azimuth'), value: tr('details.omni') });
    }
    if (typeof p.uses === 'number')
      rows.push({ label: tr('details.records'), value: String(p.uses) });
    rows.push({ label: tr('details.evidence'), value: fileOf(entry.source) });
    return {
      key: `sector:${entry.key}:${num(p.ci)}`,
      kind: layer === SECTOR_LAYER_IDS.fill ? 'sector' : 'site',
      title:
        layer === SECTOR_LAYER_IDS.fill
          ? tr('details.cell', { cell: cell.cellId })
          : `${tr('details.site')} · ${cell.cellId}`,
      colour: entry.colour,
      when: when(t),
      rows,
      at: layer === SECTOR_LAYER_IDS.siteDots ? at : [cell.lon, cell.lat],
    };
  }

  if (layer === TESTIMONY_LAYER_IDS.pins) {
    const t = num(p.t);
    const rows: DetailRow[] = [];
    if (p.witness) rows.push({ label: tr('details.witness'), value: String(p.witness) });
    if (Number.isFinite(t)) rows.push({ label: tr('details.time'), value: when(t) });
    return {
      key: `testimony:${String(p.id)}`,
      kind: 'testimony',
      title: p.label ? `${tr('details.testimony')} · ${String(p.label)}` : tr('details.testimony'),
      colour: '#00897b',
      when: when(t),
      rows,
      at,
    };
  }

  if (layer === STOP_LAYER_IDS.circles) {
    const stop = ctx.timeline?.entries.find((e) => e.type === 'stop' && `stop:${e.key}` === p.id);
    if (!stop || stop.type !== 'stop') return null;
    const span = `${formatSpan(locale, stop.start, stop.end, zone)} (${zone})`;
    const rows: DetailRow[] = [
      { label: tr('details.place'), value: stopTitle(tr, stop) },
      { label: tr('details.time'), value: span },
      { label: tr('details.stayed'), value: formatDuration(tr, stop.durationS) },
      {
        label: tr('details.sources'),
        value: stop.sources.map((id) => sourceLabel(ctx, id)).join(', ') || '–',
      },
    ];
    const fixes = stop.evidence.reduce((n, e) => n + (e.kind === 'fixes' ? e.count : 0), 0);
    const events = stop.evidence.filter((e) => e.kind === 'event').length;
    const photos = stop.evidence.filter((e) => e.kind === 'photo').length;
    rows.push({
      label: tr('details.evidence'),
      value: tr('details.stopEvidence', {
        fixes: String(fixes),
        events: String(events),
        photos: String(photos),
      }),
    });
    if (stop.note) rows.push({ label: tr('details.note'), value: stop.note });
    return {
      key: String(p.id),
      kind: 'stop',
      title: tr('details.stop', { n: stop.excluded ? '–' : String(stop.n) }),
      when: formatSpan(locale, stop.start, stop.end, zone),
      rows,
      at: [stop.lon, stop.lat],
      timelineId: String(p.id),
    };
  }

  if (layer === STOP_LAYER_IDS.conflictLines || layer === STOP_LAYER_IDS.conflictEnds) {
    const conflict = ctx.timeline?.entries.find(
      (e) => e.type === 'conflict' && entryId(e) === p.id,
    );
    const rows: DetailRow[] = [];
    let when = '';
    if (conflict?.type === 'conflict') {
      when = formatSpan(locale, conflict.start, conflict.end, zone);
      for (const end of [conflict.a, conflict.b]) {
        rows.push({
          label: sourceLabel(ctx, end.sourceId),
          value: `${formatInstant(locale, end.t, zone)} · ${end.lat.toFixed(6)}, ${end.lon.toFixed(6)}`,
        });
      }
      rows.push({
        label: tr('details.distance'),
        value: formatDistance(tr, locale, conflict.distanceM),
      });
      rows.push({
        label: tr('details.impliedSpeed'),
        value: `${formatNumber(locale, conflict.impliedSpeedKmh, 0)} km/h`,
      });
    }
    return {
      key: String(p.id),
      kind: 'conflict',
      title: tr('details.conflict'),
      when,
      rows,
      at,
      timelineId: String(p.id),
    };
  }

  if (layer === PHOTO_LAYER_IDS.singles || layer === PHOTO_LAYER_IDS.placed) {
    const entry = sourceEntry(ctx, p.s);
    const photo = entry?.source.photos?.[num(p.i)];
    if (!entry || !photo) return null;
    return {
      key: `photo:${entry.key}:${num(p.i)}`,
      kind: 'photo',
      title: entry.source.files[photo.fileIndex]?.name ?? tr('details.photo'),
      colour: entry.colour,
      when: when(photo.t),
      rows: [],
      at,
      ownClick: true,
    };
  }

  if (layer === PHOTO_LAYER_IDS.clusters) {
    return {
      key: `photos:${String(p.cluster_id)}`,
      kind: 'photo',
      title: `${tr('layers.kind.photos')} · ${String(p.point_count ?? '')}`,
      when: '',
      rows: [],
      at,
      ownClick: true,
    };
  }

  const route = routeLayer.exec(layer);
  if (route) {
    const entry = sourceEntry(ctx, route[1]);
    if (!entry) return null;
    // The fix under the pointer: within the clicked piece's time span when it has one.
    const i = nearestFix(entry.source, clicked, num(p.t0), num(p.t1));
    if (i < 0) {
      return {
        key: `route:${entry.key}`,
        kind: 'route',
        title: entry.source.label,
        colour: entry.colour,
        when: '',
        rows: [],
        at: clicked,
      };
    }
    const fixes = entry.source.fixes;
    const t = fixes.t[i]!;
    const rows: DetailRow[] = [
      ...sourceRow(entry),
      { label: tr('details.time'), value: when(t) || '–' },
    ];
    const accuracy = fixes.accuracyM?.[i];
    if (accuracy !== undefined && Number.isFinite(accuracy)) {
      rows.push({
        label: tr('details.accuracy'),
        value: `± ${formatDistance(tr, locale, accuracy)}`,
      });
    }
    const speed = fixes.speedMps?.[i];
    if (speed !== undefined && Number.isFinite(speed)) {
      rows.push({
        label: tr('details.speed'),
        value: `${formatNumber(locale, speed * 3.6, 0)} km/h`,
      });
    }
    rows.push({
      label: tr('details.evidence'),
      value: tr('details.fixOf', {
        n: String(i + 1),
        count: String(fixes.count),
        file: fileOf(entry.source),
      }),
    });
    return {
      key: `fix:${entry.key}:${i}`,
      kind: 'route',
      title: `${tr('details.fix', { n: String(i + 1) })} · ${entry.source.label}`,
      colour: entry.colour,
      when: when(t),
      rows,
      at: [fixes.lon[i]!, fixes.lat[i]!],
    };
  }
  return null;
}

function sourceLabel(ctx: DetailsContext, sourceId: string): string {
  for (const e of ctx.entries) {
    if (e.kind === 'source' && e.source.id === sourceId) return e.source.label;
  }
  return sourceId;
}
