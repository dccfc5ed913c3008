/**
 * Words and formats the exhibit: from the request, the derived timeline and the exhibit model
 * (shared/export/exhibit-model.ts: the exhibit's own stop numbers, legs and evidence) to the
 * document the printable page lays out. Everything is in the exhibit's language and display
 * zone; nothing depends on the host (its zone, its locale, its clock: the generation time is
 * passed in).
 */
import type { BasemapInfo } from '../api';
import type { ExhibitModel } from '../export/exhibit-model';
import type { BoundingBox } from '../model';
import type { Timeline, TimelineConflict, TimelineStop } from '../timeline/types';
import { intlTag, type Locale } from '../i18n';
import {
  EXHIBIT_DOCUMENT_VERSION,
  pageSizeMm,
  type ExhibitDocument,
  type ExhibitLegendItem,
  type ExhibitMapPhoto,
  type ExhibitMapRoute,
  type ExhibitTable,
} from './document';
import { buildTestimonyParts, extendBounds } from './testimony-document';
import {
  formatClockOffset,
  formatCoordinates,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatFileSize,
  formatZone,
  isoUtc,
} from './format';
import { exhibitText, sourceKindText } from './messages';
import type { ExhibitRequest } from './request';

export interface ExhibitDocumentContext {
  software: { name: string; version: string };
  /** UTC ms. */
  generatedAt: number;
  basemap: BasemapInfo | null;
  /** The schematic diagram (shared/export/schematic-svg.ts), when there is one. */
  schematicSvg: string | null;
  /** Result digest of the manifest, printed so the paper can be checked against it. */
  digest?: string;
  /** Name of the manifest attached to the PDF. */
  manifestFile?: string;
  /** Route colours by source id as the examiner sees them in the app; palette order otherwise. */
  colours?: Readonly<Record<string, string>>;
  /**
   * Reverse lookup of a point ("3.4 km NW of Jabbeke, Belgium"), for the pin table; the
   * caller has the gazetteer. Absent: the column stays empty.
   */
  describePlace?: (lat: number, lon: number, locale: Locale) => string | null;
}

export function buildExhibitDocument(
  request: ExhibitRequest,
  timeline: Timeline,
  model: ExhibitModel,
  context: ExhibitDocumentContext,
): ExhibitDocument {
  const { options } = request;
  const locale: Locale = options.locale;
  const zone = options.displayZone;
  const tx = (key: Parameters<typeof exhibitText>[1], params?: Parameters<typeof exhibitText>[2]) =>
    exhibitText(locale, key, params);
  const when = (t: number) => formatDateTime(t, zone, locale);
  const hearingAt =
    request.kind === 'interview'
      ? request.testimony?.hearings.find((h) => h.id === request.hearingId)?.startedAt
      : undefined;
  // The zone's offset as it was at the evidence (or the hearing), not at printing.
  const zoneAt = model.span?.start ?? hearingAt ?? context.generatedAt;
  const size = pageSizeMm(options.pageSize, options.orientation);
  const sourceLabel = new Map(model.sources.map((s) => [s.id, s.label]));

  const particulars = [
    { label: tx('exhibit.caseReference'), value: options.caseReference.trim() },
    { label: tx('exhibit.exhibitNumber'), value: options.exhibitNumber.trim() },
    { label: tx('exhibit.author'), value: options.author.trim() },
  ].filter((p) => p.value !== '');
  if (model.span) {
    particulars.push({
      label: tx('exhibit.period'),
      value: `${when(model.span.start)} – ${when(model.span.end)}`,
    });
  }

  const chosen = new Set(model.sources.map((s) => s.id));
  const routeSources = new Set(model.routes.map((r) => r.source.id));
  const routes: ExhibitMapRoute[] = [];
  request.sources.forEach((source, index) => {
    if (!chosen.has(source.id)) return;
    routes.push({
      key: source.id,
      colour: context.colours?.[source.id] ?? null,
      colourIndex: index,
      route: routeSources.has(source.id),
      source,
    });
  });

  const legend: ExhibitLegendItem[] = [];
  if (options.show.route) {
    for (const r of routes) {
      if (!r.route) continue;
      legend.push({
        kind: 'route',
        label: tx('legend.route', { source: r.source.label }),
        routeKey: r.key,
      });
    }
  }
  if (options.show.stops && model.stops.length > 0) {
    legend.push({ kind: 'stop', label: tx('legend.stop') });
  }
  if (options.show.photos && model.photos.some((p) => p.lat !== null)) {
    legend.push({ kind: 'photo', label: tx('legend.photo') });
  }
  if (options.show.events && model.events.some((e) => e.lat !== null)) {
    legend.push({ kind: 'event', label: tx('legend.event') });
  }
  if (options.show.accuracy) legend.push({ kind: 'accuracy', label: tx('legend.accuracy') });

  const stops: ExhibitTable = {
    id: 'stops',
    title: tx('stops.heading'),
    header: true,
    note: tx('exhibit.placeNote'),
    columns: [
      { label: tx('stops.n'), width: 5, align: 'end' },
      { label: tx('stops.arrival'), width: 13 },
      { label: tx('stops.departure'), width: 13 },
      { label: tx('stops.duration'), width: 10 },
      { label: tx('stops.place'), width: 19 },
      { label: tx('stops.coordinates'), width: 17 },
      { label: tx('stops.sources'), width: 23 },
    ],
    rows: model.stops.map((s) => [
      String(s.n),
      when(s.arrival),
      when(s.departure),
      formatDuration(s.durationS, locale),
      [s.label, s.place ? `${s.place.name} (${s.place.country})` : null]
        .filter((x) => x !== null && x !== '')
        .join(' — ') || '–',
      formatCoordinates(s.lat, s.lon),
      s.sources.map((src) => `${src.label} (${sourceKindText(locale, src.kind)})`).join(', '),
    ]),
    empty: tx('stops.none'),
  };

  const method: ExhibitTable = {
    id: 'method',
    title: tx('method.heading'),
    header: false,
    columns: [{ label: '', width: 100 }],
    rows: methodLines(model, locale, zone, zoneAt, context).map((line) => [line]),
    empty: '–',
  };

  const evidence: ExhibitTable = {
    id: 'evidence',
    title: tx('evidence.heading'),
    header: true,
    columns: [
      { label: tx('evidence.source'), width: 18 },
      { label: tx('evidence.name'), width: 24 },
      { label: tx('evidence.size'), width: 17, align: 'end' },
      { label: tx('evidence.sha256'), width: 41, mono: true },
    ],
    rows: model.evidence.map((f) => [
      sourceLabel.get(f.sourceId) ?? f.sourceId,
      f.name,
      formatFileSize(f.size, locale),
      f.sha256,
    ]),
    empty: '–',
  };

  const wanted = new Map(model.stops.map((s) => [s.id, s.n]));
  const mapStops: TimelineStop[] = [];
  for (const entry of timeline.entries) {
    if (entry.type !== 'stop') continue;
    const n = wanted.get(entry.key);
    if (n !== undefined) mapStops.push({ ...entry, n, excluded: false });
  }
  const mapConflicts = options.show.stops ? conflictsShown(timeline, model, chosen) : [];
  if (mapConflicts.length > 0) legend.push({ kind: 'conflict', label: tx('legend.conflict') });

  const mapPhotos: ExhibitMapPhoto[] = options.show.photos
    ? model.photos.flatMap((p) =>
        p.lat !== null && p.lon !== null && p.position !== 'none'
          ? [
              {
                key: `${p.source.id}:${p.index}`,
                lat: p.lat,
                lon: p.lon,
                position: p.position,
                thumbnail: p.path !== null,
              },
            ]
          : [],
      )
    : [];

  const interview = request.kind === 'interview';
  const testimony = buildTestimonyParts(request, mapStops, {
    locale,
    zone,
    ...(context.describePlace ? { describePlace: context.describePlace } : {}),
  });
  if (testimony) {
    if (testimony.map.pins.length > 0) {
      legend.push({ kind: 'testimony', label: tx('legend.testimony') });
    }
    if (testimony.map.pins.some((p) => p.conflict)) {
      legend.push({ kind: 'testimonyConflict', label: tx('legend.testimonyConflict') });
    }
    if (testimony.map.sketches.length > 0) {
      legend.push({ kind: 'testimonySketch', label: tx('legend.testimonySketch') });
    }
  }
  // An interview map is about the places the witness indicated: it frames them (the device
  // evidence, if shown, is context around them); a route exhibit frames both.
  const bounds: BoundingBox | null = !testimony
    ? model.bounds
    : interview && testimony.points.length > 0
      ? extendBounds(null, testimony.points)
      : extendBounds(model.bounds, testimony.points);
  const hearing = interview
    ? request.testimony?.hearings.find((h) => h.id === request.hearingId)
    : undefined;
  const interviewParticulars = hearing
    ? [
        { label: tx('interview.hearing'), value: hearing.reference.trim() },
        { label: tx('interview.witness'), value: hearing.witness.trim() },
        { label: tx('interview.interviewer'), value: hearing.interviewer.trim() },
        { label: tx('interview.date'), value: when(hearing.startedAt) },
        { label: tx('exhibit.exhibitNumber'), value: options.exhibitNumber.trim() },
        ...particulars.filter((p) => p.label === tx('exhibit.period')),
      ].filter((p) => p.value !== '')
    : null;
  const baseTitle = options.title.trim() || tx(interview ? 'interview.title' : 'exhibit.title');
  const title =
    hearing && hearing.reference.trim() !== '' && !baseTitle.includes(hearing.reference.trim())
      ? `${baseTitle} — ${hearing.reference.trim()}`
      : baseTitle;

  return {
    version: EXHIBIT_DOCUMENT_VERSION,
    lang: intlTag(locale),
    page: {
      size: options.pageSize,
      orientation: options.orientation,
      widthMm: size.width,
      heightMm: size.height,
    },
    dpi: options.dpi,
    mapStyle: options.mapStyle,
    show: { ...options.show },
    title,
    particulars: interviewParticulars ?? particulars,
    zoneStatement: tx('exhibit.timesIn', { zone: formatZone(zone, zoneAt) }),
    schematicStatement: tx('exhibit.schematicNote'),
    placesStatement: tx('exhibit.placeNote'),
    legendTitle: tx('legend.heading'),
    legend,
    footer:
      `${tx('exhibit.software')}: ${context.software.name} ${context.software.version} · ` +
      `${tx('exhibit.generatedAt')}: ${isoUtc(context.generatedAt)}`,
    pageOf: tx('exhibit.page'),
    continued: `(${tx('exhibit.continued')})`,
    mapLabels: {
      north: tx('map.north'),
      metre: 'm',
      kilometre: 'km',
      mapAlt: tx(interview ? 'interview.mapAlt' : 'exhibit.mapAlt'),
    },
    kind: interview ? 'interview' : 'route',
    ...(interview
      ? {
          testimonyStatement: `${tx('interview.statement')} ${tx(
            request.sources.length > 0 ? 'interview.deviceShown' : 'interview.deviceHidden',
          )}`,
        }
      : {}),
    stops,
    ...(testimony ? { pins: testimony.pins } : {}),
    ...(testimony && testimony.sketches.rows.length > 0 ? { sketches: testimony.sketches } : {}),
    // An interview map has no route chain to draw.
    schematic: { title: tx('schematic.title'), svg: interview ? null : context.schematicSvg },
    method,
    evidence,
    map: {
      basemap: context.basemap,
      attribution: context.basemap ? plainText(context.basemap.attribution) : '',
      bounds,
      routes,
      timeline: { ...timeline, entries: [...mapStops, ...mapConflicts] },
      timeRange: options.timeRange,
      photoTracks: { ...(request.settings.photoTracks ?? {}) },
      cameraClocks: { ...(request.settings.cameraClocks ?? {}) },
      perSource: { ...timeline.parameters.perSource },
      photos: mapPhotos,
      ...(testimony ? { testimony: testimony.map } : {}),
    },
    generatedAt: context.generatedAt,
  };
}

function methodLines(
  model: ExhibitModel,
  locale: Locale,
  zone: string,
  zoneAt: number,
  context: ExhibitDocumentContext,
): string[] {
  const tx = (key: Parameters<typeof exhibitText>[1], params?: Parameters<typeof exhibitText>[2]) =>
    exhibitText(locale, key, params);
  const p = model.parameters;
  const lines = [tx('exhibit.timesIn', { zone: formatZone(zone, zoneAt) })];
  for (const s of p.perSource) {
    if (Number.isFinite(s.stopMinS) && Number.isFinite(s.stopRadiusM)) {
      lines.push(
        tx('method.stops', {
          source: s.source.label,
          duration: formatDuration(s.stopMinS, locale),
          radius: formatDistance(s.stopRadiusM, locale),
        }),
      );
    }
    if (s.clockOffsetMs !== 0) {
      lines.push(
        tx('method.clock', {
          source: s.source.label,
          offset: formatClockOffset(s.clockOffsetMs, locale),
        }),
      );
    }
    if (s.assumedZone) {
      lines.push(tx('method.assumedZone', { source: s.source.label, zone: s.assumedZone }));
    }
  }
  for (const c of p.cameraClocks) {
    lines.push(
      tx('method.camera', {
        camera: c.cameraId,
        offset: formatClockOffset(c.choice.correctionMs, locale),
        trust: c.choice.trust,
      }),
    );
  }
  lines.push(tx('method.gap', { duration: formatDuration(p.gapS, locale) }));
  lines.push(tx('method.merge', { distance: formatDistance(p.mergeRadiusM, locale) }));
  lines.push(tx('method.conflict', { speed: `${Math.round(p.conflictSpeedKmh)} km/h` }));
  lines.push(tx('method.edits', { count: p.edits }));
  if (context.manifestFile) lines.push(tx('exhibit.manifestNote', { file: context.manifestFile }));
  if (context.digest) lines.push(`${tx('exhibit.digest')}: ${context.digest}`);
  return lines;
}

/**
 * The timeline's conflicts the map shows: those between the exhibit's own sources, within the
 * exhibit's time span (a conflict elsewhere in the case is not this exhibit's business).
 */
function conflictsShown(
  timeline: Timeline,
  model: ExhibitModel,
  chosen: ReadonlySet<string>,
): TimelineConflict[] {
  const span = model.span;
  if (!span) return [];
  const out: TimelineConflict[] = [];
  for (const entry of timeline.entries) {
    if (entry.type !== 'conflict') continue;
    if (!chosen.has(entry.a.sourceId) || !chosen.has(entry.b.sourceId)) continue;
    if (entry.end < span.start || entry.start > span.end) continue;
    out.push(entry);
  }
  return out;
}

/** Attribution as plain text: basemaps often carry HTML links. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&copy;/gi, '©')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
