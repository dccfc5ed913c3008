/**
 * KML 2.2 for Google Earth and GIS: numbered stop placemarks with a TimeSpan (so the time slider
 * shows the route unfold), one LineString route per source, the schematic legs, photos (with
 * their thumbnails when written into a KMZ) and events, and the evidence with its hashes as
 * ExtendedData. No remote references: the default icons are used, labelled with the stop number.
 * Deterministic: the same model gives the same bytes.
 */
import { exhibitText } from '../exhibit/messages';
import { formatCoordinates, formatDistance, isoUtc } from '../exhibit/format';
import {
  LEG_COLOUR,
  PHOTO_COLOUR,
  STOP_COLOUR,
  durationText,
  exportTitle,
  localTime,
  photoKey,
  placeText,
  routeColour,
  sourceText,
  stopSourcesText,
  zoneText,
  type ExportMeta,
} from './describe';
import type { ExhibitModel, ExhibitPhoto, ExhibitRoute, ExhibitStop } from './exhibit-model';
import { coord, element, xmlAttr, xmlText } from './xml-write';

export interface KmlOptions extends ExportMeta {
  /** Path inside the KMZ of each photo's thumbnail (by `photoKey`); none in a bare KML. */
  thumbnails?: ReadonlyMap<string, string>;
}

/** `#rrggbb` → KML's `aabbggrr`. */
function kmlColour(hex: string, alpha = 'ff'): string {
  const h = hex.replace('#', '');
  return `${alpha}${h.slice(4, 6)}${h.slice(2, 4)}${h.slice(0, 2)}`.toLowerCase();
}

function data(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return `<Data name="${xmlAttr(name)}"><value>${xmlText(String(value))}</value></Data>`;
}

function timeSpan(start: number, end: number): string {
  return `<TimeSpan>${element('begin', isoUtc(start))}${element('end', isoUtc(end))}</TimeSpan>`;
}

/** A description in plain lines (Google Earth shows the balloon text; HTML only where needed). */
function lines(items: (string | null)[]): string {
  return items.filter((x): x is string => x !== null && x !== '').join('<br/>');
}

function stopPlacemark(model: ExhibitModel, stop: ExhibitStop): string {
  const { locale } = model.options;
  const t = (key: Parameters<typeof exhibitText>[1]) => exhibitText(locale, key);
  const description = lines([
    `${t('stops.arrival')}: ${localTime(model, stop.arrival)}`,
    `${t('stops.departure')}: ${localTime(model, stop.departure)}`,
    `${t('stops.duration')}: ${durationText(model, stop.durationS)}`,
    stop.place ? `${t('stops.place')}: ${placeText(stop)}` : null,
    `${t('stops.coordinates')}: ${formatCoordinates(stop.lat, stop.lon)}`,
    `${t('stops.sources')}: ${stopSourcesText(locale, stop)}`,
    stop.fromPrevious
      ? `${t('stops.fromPrevious')}: ${exhibitText(locale, 'stops.straightLine', {
          distance: formatDistance(stop.fromPrevious.distanceM, locale),
          duration: durationText(model, stop.fromPrevious.timeS),
        })}`
      : null,
    stop.label ? `${t('stops.label')}: ${stop.label}` : null,
    stop.note ? `${t('stops.note')}: ${stop.note}` : null,
    exhibitText(locale, 'exhibit.timesIn', { zone: zoneText(model) }),
  ]);
  return [
    `<Placemark id="stop-${stop.n}">`,
    `<name>${stop.n}</name>`,
    `<description>${xmlText(description)}</description>`,
    timeSpan(stop.arrival, stop.departure),
    '<styleUrl>#stop</styleUrl>',
    '<ExtendedData>',
    data('n', stop.n),
    data('stop_id', stop.id),
    data('arrival_utc', isoUtc(stop.arrival)),
    data('departure_utc', isoUtc(stop.departure)),
    data('arrival_local', localTime(model, stop.arrival)),
    data('departure_local', localTime(model, stop.departure)),
    data('duration_s', stop.durationS),
    data('place', placeText(stop)),
    data('sources', stop.sources.map((s) => s.label).join('; ')),
    data('source_ids', stop.sources.map((s) => s.id).join('; ')),
    data('origin', stop.origin.join('; ')),
    '</ExtendedData>',
    `<Point><coordinates>${coord(stop.lon)},${coord(stop.lat)}</coordinates></Point>`,
    '</Placemark>',
  ].join('\n');
}

function routePlacemark(model: ExhibitModel, route: ExhibitRoute): string {
  const segs = route.segments.filter((s) => s.t.length >= 2);
  if (segs.length === 0) return '';
  const first = segs[0]!.t[0]!;
  const lastSeg = segs[segs.length - 1]!;
  const last = lastSeg.t[lastSeg.t.length - 1]!;
  const lineStrings = segs.map(
    (s) =>
      `<LineString><tessellate>1</tessellate><coordinates>${s.lon
        .map((lon, i) => `${coord(lon)},${coord(s.lat[i]!)}`)
        .join(' ')}</coordinates></LineString>`,
  );
  const geometry =
    lineStrings.length === 1
      ? lineStrings[0]!
      : `<MultiGeometry>${lineStrings.join('')}</MultiGeometry>`;
  return [
    `<Placemark id="route-${xmlAttr(route.source.id)}">`,
    element('name', sourceText(model.options.locale, route.source)),
    timeSpan(first, last),
    `<styleUrl>#route-${model.sources.findIndex((s) => s.id === route.source.id)}</styleUrl>`,
    '<ExtendedData>',
    data('source_id', route.source.id),
    data('kind', route.source.kind),
    data('start_utc', isoUtc(first)),
    data('end_utc', isoUtc(last)),
    data('fixes_in_range', route.fixesInRange),
    data('points', route.pointsKept),
    '</ExtendedData>',
    geometry,
    '</Placemark>',
  ].join('\n');
}

function legPlacemarks(model: ExhibitModel): string[] {
  const byN = new Map(model.stops.map((s) => [s.n, s]));
  const { locale } = model.options;
  return model.legs.map((leg) => {
    const a = byN.get(leg.from)!;
    const b = byN.get(leg.to)!;
    return [
      `<Placemark id="leg-${leg.from}-${leg.to}">`,
      `<name>${leg.from} → ${leg.to}</name>`,
      element(
        'description',
        `${exhibitText(locale, 'stops.straightLine', {
          distance: formatDistance(leg.straightDistanceM, locale),
          duration: durationText(model, leg.durationS),
        })}. ${exhibitText(locale, 'legend.leg')}`,
      ),
      timeSpan(leg.start, leg.end),
      '<styleUrl>#leg</styleUrl>',
      '<ExtendedData>',
      data('from_n', leg.from),
      data('to_n', leg.to),
      data('straight_distance_m', Math.round(leg.straightDistanceM)),
      data('track_distance_m', leg.trackDistanceM === null ? null : Math.round(leg.trackDistanceM)),
      data('schematic', 'true'),
      '</ExtendedData>',
      `<LineString><tessellate>1</tessellate><coordinates>${coord(a.lon)},${coord(a.lat)} ${coord(
        b.lon,
      )},${coord(b.lat)}</coordinates></LineString>`,
      '</Placemark>',
    ].join('\n');
  });
}

function photoPlacemark(
  model: ExhibitModel,
  photo: ExhibitPhoto,
  thumbnails: ReadonlyMap<string, string> | undefined,
): string {
  if (photo.lat === null || photo.lon === null) return '';
  const { locale } = model.options;
  const href = thumbnails?.get(photoKey(photo));
  const text = lines([
    `${exhibitText(locale, 'photo.taken')}: ${localTime(model, photo.t)}`,
    photo.position === 'track'
      ? exhibitText(locale, 'photo.position.track')
      : exhibitText(locale, 'photo.position.own'),
    `SHA-256: ${photo.sha256}`,
  ]);
  // The balloon is HTML; Google Earth resolves `files/…` inside the KMZ.
  const html = href ? `<img src="${xmlAttr(href)}" width="320"/><br/>${text}` : text;
  return [
    `<Placemark id="photo-${xmlAttr(photoKey(photo).replace(/[^A-Za-z0-9_-]/g, '_'))}">`,
    element('name', photo.fileName),
    `<description>${xmlText(html)}</description>`,
    `<TimeStamp>${element('when', isoUtc(photo.t))}</TimeStamp>`,
    '<styleUrl>#photo</styleUrl>',
    '<ExtendedData>',
    data('file', photo.fileName),
    data('sha256', photo.sha256),
    data('time_utc', isoUtc(photo.t)),
    data('time_basis', photo.timeBasis),
    data('position', photo.position),
    data('stop_n', photo.stop),
    data('thumbnail', href ?? null),
    '</ExtendedData>',
    `<Point><coordinates>${coord(photo.lon)},${coord(photo.lat)}</coordinates></Point>`,
    '</Placemark>',
  ].join('\n');
}

function styles(model: ExhibitModel): string {
  const routeStyles = model.sources.map(
    (s, i) =>
      `<Style id="route-${i}"><LineStyle><color>${kmlColour(routeColour(model, s.id))}</color><width>3</width></LineStyle></Style>`,
  );
  return [
    `<Style id="stop"><IconStyle><color>${kmlColour(STOP_COLOUR)}</color><scale>1.1</scale></IconStyle><LabelStyle><scale>1.2</scale></LabelStyle></Style>`,
    `<Style id="photo"><IconStyle><color>${kmlColour(PHOTO_COLOUR)}</color><scale>0.8</scale></IconStyle><LabelStyle><scale>0</scale></LabelStyle></Style>`,
    `<Style id="event"><IconStyle><scale>0.6</scale></IconStyle><LabelStyle><scale>0</scale></LabelStyle></Style>`,
    `<Style id="leg"><LineStyle><color>${kmlColour(LEG_COLOUR, '99')}</color><width>1.5</width></LineStyle></Style>`,
    ...routeStyles,
  ].join('\n');
}

function folder(name: string, items: string[]): string {
  const body = items.filter((x) => x !== '');
  if (body.length === 0) return '';
  return `<Folder>${element('name', name)}\n${body.join('\n')}\n</Folder>`;
}

export function exhibitToKml(model: ExhibitModel, options: KmlOptions): string {
  const { locale } = model.options;
  const t = (key: Parameters<typeof exhibitText>[1]) => exhibitText(locale, key);
  const o = model.options;
  const docData = [
    data('software', `${options.software.name} ${options.software.version}`),
    data('generated_at', model.generatedAt === null ? null : isoUtc(model.generatedAt)),
    data('display_zone', model.displayZone),
    data('case_reference', o.caseReference),
    data('exhibit_number', o.exhibitNumber),
    data('author', o.author),
    ...model.sources.map((s) => data(`source:${s.id}`, `${s.label} (${s.kind}, ${s.format})`)),
    ...model.evidence.map((f, i) =>
      data(`evidence:${i + 1}`, `${f.name}; ${f.size} bytes; SHA-256 ${f.sha256}; ${f.sourceId}`),
    ),
  ];
  const description = [
    o.caseReference ? `${t('exhibit.caseReference')}: ${o.caseReference}` : '',
    o.exhibitNumber ? `${t('exhibit.exhibitNumber')}: ${o.exhibitNumber}` : '',
    exhibitText(locale, 'exhibit.timesIn', { zone: zoneText(model) }),
    t('exhibit.schematicNote'),
    t('exhibit.placeNote'),
  ]
    .filter((x) => x !== '')
    .join('\n');
  const events = model.events
    .filter((e) => e.lat !== null && e.lon !== null)
    .map((e) =>
      [
        `<Placemark id="event-${xmlAttr(e.source.id)}-${e.index}">`,
        element('name', e.type),
        `<TimeStamp>${element('when', isoUtc(e.t))}</TimeStamp>`,
        '<styleUrl>#event</styleUrl>',
        '<ExtendedData>',
        data('type', e.type),
        data('time_utc', isoUtc(e.t)),
        data('value', e.value),
        data('unit', e.unit),
        data('source_id', e.source.id),
        '</ExtendedData>',
        `<Point><coordinates>${coord(e.lon!)},${coord(e.lat!)}</coordinates></Point>`,
        '</Placemark>',
      ].join('\n'),
    );
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    element('name', exportTitle(model)),
    '<open>1</open>',
    element('description', description),
    styles(model),
    `<ExtendedData>${docData.join('')}</ExtendedData>`,
    folder(
      t('stops.heading'),
      model.stops.map((s) => stopPlacemark(model, s)),
    ),
    folder(t('legend.leg'), legPlacemarks(model)),
    ...model.routes.map((r) => folder(sourceText(locale, r.source), [routePlacemark(model, r)])),
    folder(
      t('legend.photo'),
      model.photos.map((p) => photoPlacemark(model, p, options.thumbnails)),
    ),
    folder(t('legend.event'), events),
    '</Document>',
    '</kml>',
  ];
  return `${body.filter((x) => x !== '').join('\n')}\n`;
}
