/**
 * Positions inside links a colleague pastes: Google Maps (`!3d…!4d…` pin, `?q=`/`query=`,
 * `@lat,lon,zoom` view), OpenStreetMap (`mlat`/`mlon`, `#map=z/lat/lon`), Apple Maps (`ll=`,
 * `q=`, `sll=`), Bing (`cp=lat~lon`) and RFC 5870 `geo:` URIs. Only the text is read: nothing is
 * ever fetched, so shortened links (goo.gl, maps.app.goo.gl) cannot be resolved and give nothing.
 * A pin outranks a view centre: the centre is wherever the sender had scrolled.
 */
import { formatDecimal } from '../format-coords';
import { parseLatLonText } from './parse-latlon';
import type { CoordinateParse, MapService, ParseCoordinatesOptions } from './types';

const NUM = '([-+]?\\d{1,3}(?:\\.\\d+)?)';

export function looksLikeUrl(text: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|geo:|maps\.|[a-z0-9.-]*(?:google|openstreetmap|osm|bing|apple)\.[a-z.]+\/)/i.test(
    text.trim(),
  );
}

function serviceOf(url: string): MapService {
  if (/google\.|goo\.gl/i.test(url)) return 'google-maps';
  if (/openstreetmap\.|osm\.org/i.test(url)) return 'openstreetmap';
  if (/apple\.com/i.test(url)) return 'apple-maps';
  if (/bing\.com/i.test(url)) return 'bing-maps';
  return 'other';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Query and fragment parameters, decoded; the first occurrence of a name wins. */
function params(url: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of url.matchAll(/[?&#;]([a-z_0-9]+)=([^&#]*)/gi)) {
    const key = m[1]!.toLowerCase();
    if (!out.has(key)) out.set(key, decode(m[2]!));
  }
  return out;
}

function point(
  lat: number,
  lon: number,
  confidence: number,
  service: MapService,
  note?: string,
  accuracyM?: number,
): CoordinateParse[] {
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return [];
  return [
    {
      lat,
      lon,
      format: 'url',
      confidence,
      normalized: formatDecimal(lat, lon),
      service,
      ...(accuracyM !== undefined ? { accuracyM } : {}),
      ...(note ? { note } : {}),
    },
  ];
}

function parseGeoUri(url: string): CoordinateParse[] {
  const m = new RegExp(`^geo:${NUM},${NUM}(?:,[-+\\d.]+)?([^?]*)(?:\\?(.*))?$`, 'i').exec(url);
  if (!m) return [];
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  const uncertainty = /;u=(\d+(?:\.\d+)?)/i.exec(m[3] ?? '');
  const q = params(`?${m[4] ?? ''}`).get('q');
  // Android's geo:0,0?q=lat,lon(label) puts the real point in q.
  if (lat === 0 && lon === 0 && q) {
    const inner = parseLatLonText(q.replace(/\(.*\)\s*$/, ''))[0];
    if (inner)
      return point(inner.lat, inner.lon, 0.95, 'other', 'geo: URI, point in q=').map((r) => ({
        ...r,
        format: 'geo-uri' as const,
      }));
  }
  return point(
    lat,
    lon,
    0.97,
    'other',
    undefined,
    uncertainty ? Number(uncertainty[1]) : undefined,
  ).map((r) => ({ ...r, format: 'geo-uri' as const }));
}

export function parseMapUrl(url: string, _options: ParseCoordinatesOptions): CoordinateParse[] {
  const text = url.trim();
  if (/^geo:/i.test(text)) return parseGeoUri(text);
  const service = serviceOf(text);
  const out: CoordinateParse[] = [];
  const pin = new RegExp(`!3d${NUM}!4d${NUM}`).exec(text);
  if (pin) out.push(...point(Number(pin[1]), Number(pin[2]), 0.97, service, 'the link’s pin'));
  const p = params(text);
  const mlat = p.get('mlat');
  const mlon = p.get('mlon');
  if (mlat && mlon)
    out.push(...point(Number(mlat), Number(mlon), 0.96, service, 'the link’s marker'));
  for (const key of [
    'q',
    'query',
    'daddr',
    'destination',
    'll',
    'sll',
    'coordinate',
    'center',
    'latlng',
  ]) {
    const value = p.get(key);
    if (!value) continue;
    const inner = parseLatLonText(value.replace(/\(.*\)\s*$/, ''))[0];
    if (inner && inner.confidence >= 0.5) {
      const isView =
        key === 'sll' || key === 'center' || (key === 'll' && service !== 'apple-maps');
      out.push(...point(inner.lat, inner.lon, isView ? 0.8 : 0.93, service, `${key}= parameter`));
    }
  }
  const lat = p.get('lat');
  const lon = p.get('lon') ?? p.get('lng');
  if (lat && lon)
    out.push(...point(Number(lat), Number(lon), 0.85, service, 'lat=/lon= parameters'));
  const cp = p.get('cp');
  const bing = cp ? new RegExp(`^${NUM}~${NUM}$`).exec(cp) : null;
  if (bing)
    out.push(...point(Number(bing[1]), Number(bing[2]), 0.8, service, 'the map view’s centre'));
  const at = new RegExp(`@${NUM},${NUM}(?:,(\\d+(?:\\.\\d+)?)z)?`).exec(text);
  if (at)
    out.push(
      ...point(Number(at[1]), Number(at[2]), 0.75, service, 'the map view’s centre, not a pin'),
    );
  const osm = new RegExp(`#map=(\\d+(?:\\.\\d+)?)/${NUM}/${NUM}`).exec(text);
  if (osm)
    out.push(
      ...point(Number(osm[2]), Number(osm[3]), 0.75, service, 'the map view’s centre, not a pin'),
    );
  return out;
}
