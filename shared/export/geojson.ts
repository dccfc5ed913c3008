/**
 * GeoJSON (RFC 7946): one FeatureCollection with the numbered stops (Points), the route of each
 * source (LineString, or MultiLineString where the device fell silent), the schematic legs, photos
 * and events. `properties.feature` tells them apart; instants are ISO-8601 UTC, with the display
 * zone's wall time alongside. Metadata (software, evidence hashes) is a foreign member `itinera`,
 * which RFC 7946 allows and GIS tools ignore. Positions are WGS 84 lon, lat (7 decimals).
 */
import { isoUtc } from '../exhibit/format';
import { exportTitle, localTime, placeText, type ExportMeta } from './describe';
import type { ExhibitModel } from './exhibit-model';

type Position = [number, number];
type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] };

interface Feature {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: Record<string, string | number | boolean | null>;
}

function r7(x: number): number {
  const v = Math.round(x * 1e7) / 1e7;
  return v === 0 ? 0 : v;
}

function pos(lon: number, lat: number): Position {
  return [r7(lon), r7(lat)];
}

export function exhibitToGeoJsonObject(model: ExhibitModel, meta: ExportMeta): object {
  const features: Feature[] = [];
  for (const s of model.stops) {
    features.push({
      type: 'Feature',
      id: `stop-${s.n}`,
      geometry: { type: 'Point', coordinates: pos(s.lon, s.lat) },
      properties: {
        feature: 'stop',
        n: s.n,
        stop_id: s.id,
        arrival: isoUtc(s.arrival),
        departure: isoUtc(s.departure),
        arrival_local: localTime(model, s.arrival),
        departure_local: localTime(model, s.departure),
        duration_s: s.durationS,
        place: s.place?.name ?? null,
        country: s.place?.country ?? null,
        place_distance_m: s.place?.distanceM ?? null,
        place_label: placeText(s) || null,
        radius_m: s.radiusM,
        sources: s.sources.map((x) => x.label).join('; '),
        source_ids: s.sources.map((x) => x.id).join('; '),
        origin: s.origin.join('; '),
        label: s.label,
        note: s.note,
        from_previous_m: s.fromPrevious ? Math.round(s.fromPrevious.distanceM) : null,
        from_previous_s: s.fromPrevious ? s.fromPrevious.timeS : null,
      },
    });
  }
  for (const route of model.routes) {
    const lines = route.segments
      .filter((seg) => seg.t.length >= 2)
      .map((seg) => seg.lon.map((lon, i) => pos(lon, seg.lat[i]!)));
    if (lines.length === 0) continue;
    const times = route.segments.flatMap((seg) => seg.t);
    features.push({
      type: 'Feature',
      id: `route-${route.source.id}`,
      geometry:
        lines.length === 1
          ? { type: 'LineString', coordinates: lines[0]! }
          : { type: 'MultiLineString', coordinates: lines },
      properties: {
        feature: 'route',
        source_id: route.source.id,
        source: route.source.label,
        kind: route.source.kind,
        start: isoUtc(Math.min(...times)),
        end: isoUtc(Math.max(...times)),
        fixes_in_range: route.fixesInRange,
        points: route.pointsKept,
      },
    });
  }
  const byN = new Map(model.stops.map((s) => [s.n, s]));
  for (const leg of model.legs) {
    const a = byN.get(leg.from)!;
    const b = byN.get(leg.to)!;
    features.push({
      type: 'Feature',
      id: `leg-${leg.from}-${leg.to}`,
      geometry: { type: 'LineString', coordinates: [pos(a.lon, a.lat), pos(b.lon, b.lat)] },
      properties: {
        feature: 'leg',
        from_n: leg.from,
        to_n: leg.to,
        departure: isoUtc(leg.start),
        arrival: isoUtc(leg.end),
        duration_s: leg.durationS,
        straight_distance_m: Math.round(leg.straightDistanceM),
        track_distance_m: leg.trackDistanceM === null ? null : Math.round(leg.trackDistanceM),
        schematic: true,
      },
    });
  }
  for (const p of model.photos) {
    if (p.lat === null || p.lon === null) continue;
    features.push({
      type: 'Feature',
      id: `photo-${p.source.id}-${p.index}`,
      geometry: { type: 'Point', coordinates: pos(p.lon, p.lat) },
      properties: {
        feature: 'photo',
        file: p.fileName,
        sha256: p.sha256,
        time: isoUtc(p.t),
        time_local: localTime(model, p.t),
        time_basis: p.timeBasis,
        position: p.position,
        stop_n: p.stop,
        source_id: p.source.id,
      },
    });
  }
  for (const e of model.events) {
    if (e.lat === null || e.lon === null) continue;
    features.push({
      type: 'Feature',
      id: `event-${e.source.id}-${e.index}`,
      geometry: { type: 'Point', coordinates: pos(e.lon, e.lat) },
      properties: {
        feature: 'event',
        type: e.type,
        time: isoUtc(e.t),
        time_local: localTime(model, e.t),
        value: e.value,
        unit: e.unit,
        source_id: e.source.id,
      },
    });
  }
  const b = model.bounds;
  return {
    type: 'FeatureCollection',
    name: exportTitle(model),
    ...(b ? { bbox: [r7(b.west), r7(b.south), r7(b.east), r7(b.north)] } : {}),
    itinera: {
      software: meta.software,
      generatedAt: model.generatedAt === null ? null : isoUtc(model.generatedAt),
      displayZone: model.displayZone,
      caseReference: model.options.caseReference,
      exhibitNumber: model.options.exhibitNumber,
      author: model.options.author,
      evidence: model.evidence,
    },
    features,
  };
}

export function exhibitToGeoJson(model: ExhibitModel, meta: ExportMeta): string {
  return `${JSON.stringify(exhibitToGeoJsonObject(model, meta), null, 1)}\n`;
}
