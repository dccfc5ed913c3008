/**
 * GPX 1.1 (valid against the topografix schema): a waypoint per numbered stop (time = arrival),
 * a route through the stops in order, a track per source with the timed fixes, and positioned
 * photos as waypoints of type `photo`. Times are UTC as GPX requires; the display zone's wall
 * times are in each waypoint's description.
 */
import { exhibitText } from '../exhibit/messages';
import { isoUtc } from '../exhibit/format';
import {
  durationText,
  exportTitle,
  localTime,
  placeText,
  sourceText,
  stopSourcesText,
  zoneText,
  type ExportMeta,
} from './describe';
import type { ExhibitModel, ExhibitStop } from './exhibit-model';
import { coord, element, xmlAttr } from './xml-write';

function latLon(lat: number, lon: number): string {
  return `lat="${coord(lat)}" lon="${coord(lon)}"`;
}

function stopDesc(model: ExhibitModel, s: ExhibitStop): string {
  const { locale } = model.options;
  const t = (key: Parameters<typeof exhibitText>[1]) => exhibitText(locale, key);
  return [
    `${t('stops.arrival')}: ${localTime(model, s.arrival)}`,
    `${t('stops.departure')}: ${localTime(model, s.departure)}`,
    `${t('stops.duration')}: ${durationText(model, s.durationS)}`,
    `${t('stops.sources')}: ${stopSourcesText(locale, s)}`,
    `(${zoneText(model)}; UTC ${isoUtc(s.arrival)} – ${isoUtc(s.departure)})`,
  ].join('\n');
}

export function exhibitToGpx(model: ExhibitModel, meta: ExportMeta): string {
  const { locale } = model.options;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gpx version="1.1" creator="${xmlAttr(`${meta.software.name} ${meta.software.version}`)}" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">`,
  ];
  const evidence = model.evidence
    .map((f) => `${f.name} (${f.size} bytes) SHA-256 ${f.sha256}`)
    .join('\n');
  const b = model.bounds;
  out.push(
    [
      '<metadata>',
      element('name', exportTitle(model)),
      element(
        'desc',
        [
          exhibitText(locale, 'exhibit.timesIn', { zone: zoneText(model) }),
          exhibitText(locale, 'exhibit.schematicNote'),
          `${exhibitText(locale, 'evidence.heading')}:\n${evidence}`,
        ].join('\n'),
      ),
      model.options.author ? `<author>${element('name', model.options.author)}</author>` : '',
      model.generatedAt === null ? '' : element('time', isoUtc(model.generatedAt)),
      element(
        'keywords',
        [model.options.caseReference, model.options.exhibitNumber].filter(Boolean).join(', '),
      ),
      b
        ? `<bounds minlat="${coord(b.south)}" minlon="${coord(b.west)}" maxlat="${coord(b.north)}" maxlon="${coord(b.east)}"/>`
        : '',
      '</metadata>',
    ]
      .filter((x) => x !== '')
      .join('\n'),
  );
  for (const s of model.stops) {
    out.push(
      [
        `<wpt ${latLon(s.lat, s.lon)}>`,
        element('time', isoUtc(s.arrival)),
        element('name', String(s.n)),
        element('cmt', placeText(s)),
        element('desc', stopDesc(model, s)),
        element('sym', 'Flag'),
        element('type', 'stop'),
        '</wpt>',
      ]
        .filter((x) => x !== '')
        .join('\n'),
    );
  }
  for (const p of model.photos) {
    if (p.lat === null || p.lon === null) continue;
    out.push(
      [
        `<wpt ${latLon(p.lat, p.lon)}>`,
        element('time', isoUtc(p.t)),
        element('name', p.fileName),
        element('desc', `SHA-256 ${p.sha256}; ${p.position}`),
        element('type', 'photo'),
        '</wpt>',
      ]
        .filter((x) => x !== '')
        .join('\n'),
    );
  }
  if (model.stops.length > 0) {
    out.push('<rte>');
    out.push(element('name', `${exportTitle(model)}: ${exhibitText(locale, 'stops.heading')}`));
    out.push(element('desc', exhibitText(locale, 'exhibit.schematicNote')));
    out.push(element('type', 'stops'));
    for (const s of model.stops) {
      out.push(
        [
          `<rtept ${latLon(s.lat, s.lon)}>`,
          element('time', isoUtc(s.arrival)),
          element('name', String(s.n)),
          element('cmt', placeText(s)),
          '</rtept>',
        ]
          .filter((x) => x !== '')
          .join(''),
      );
    }
    out.push('</rte>');
  }
  for (const route of model.routes) {
    const segs = route.segments.filter((seg) => seg.t.length > 0);
    if (segs.length === 0) continue;
    out.push('<trk>');
    out.push(element('name', sourceText(locale, route.source)));
    out.push(element('src', route.source.id));
    out.push(element('type', route.source.kind));
    for (const seg of segs) {
      out.push('<trkseg>');
      for (let i = 0; i < seg.t.length; i++) {
        out.push(
          `<trkpt ${latLon(seg.lat[i]!, seg.lon[i]!)}>${element('time', isoUtc(seg.t[i]!))}</trkpt>`,
        );
      }
      out.push('</trkseg>');
    }
    out.push('</trk>');
  }
  out.push('</gpx>');
  return `${out.join('\n')}\n`;
}
