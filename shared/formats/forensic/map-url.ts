/**
 * Coordinates written inside map links, as forensic tools report them when an app stored only a
 * link (Teams location cards, shared Google/Apple/Bing maps links, `geo:` URIs). The text is read,
 * never fetched. Percent-encoding is undone up to three times because links are often wrapped in
 * a proxy link (`...content?url=https%3a%2f%2fmaps.googleapis.com...center%3d35.66%2c-78.81`).
 */
import type { LatLon } from '../table/values';

const NUM = String.raw`([-+]?\d{1,3}(?:\.\d+)?)`;

/**
 * Patterns in order of preference: explicit marker/centre parameters first, then path forms.
 * Each captures latitude then longitude.
 */
const PATTERNS: readonly RegExp[] = [
  // geo:lat,lon (RFC 5870), optionally geo:0,0?q=lat,lon handled by the q= pattern below.
  new RegExp(String.raw`\bgeo:${NUM}\s*,\s*${NUM}`, 'i'),
  // Bing: rtp=pos.lat_lon, cp=lat~lon, sp=point.lat_lon
  new RegExp(String.raw`\bpos\.${NUM}_${NUM}`, 'i'),
  new RegExp(String.raw`\bpoint\.${NUM}_${NUM}`, 'i'),
  new RegExp(String.raw`[?&]cp=${NUM}~${NUM}`, 'i'),
  // Google/Apple/OSM query parameters: q, query, ll, sll, center, daddr, saddr, destination, markers
  new RegExp(
    String.raw`[?&](?:q|query|ll|sll|center|daddr|saddr|destination|origin)=(?:loc:)?${NUM}\s*,\s*${NUM}`,
    'i',
  ),
  // Google static maps: markers=color:red|lat,lon
  new RegExp(String.raw`[?&]markers=(?:[^&|]*\|)*${NUM}\s*,\s*${NUM}`, 'i'),
  // Google path forms: /@lat,lon,zoom and the data blob !3dlat!4dlon
  new RegExp(String.raw`/@${NUM},${NUM}`, 'i'),
  new RegExp(String.raw`!3d${NUM}!4d${NUM}`, 'i'),
  // OpenStreetMap fragment: #map=zoom/lat/lon
  new RegExp(String.raw`#map=\d{1,2}/${NUM}/${NUM}`, 'i'),
];

/** The text is only worth decoding and matching when it looks like a link or a URI. */
const LINK_HINT = /https?:|geo:|maps|pos\.|%3a/i;

function decodeOnce(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray '%' breaks decodeURIComponent; decode what is decodable.
    return s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function inRange(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
  );
}

function match(s: string): LatLon | null {
  for (const re of PATTERNS) {
    const m = re.exec(s);
    if (m === null) continue;
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (inRange(lat, lon)) return { lat, lon };
  }
  return null;
}

/**
 * The coordinates a map link points at, or null when the text holds none. `markers=color:red|lat,lon`
 * and `q=lat,lon` both count; a place name (`q=Bruges`) does not.
 */
export function coordinatesFromMapUrl(text: string): LatLon | null {
  if (text.length === 0 || text.length > 8192 || !LINK_HINT.test(text)) return null;
  let s = text;
  for (let i = 0; i < 4; i++) {
    const found = match(s);
    if (found !== null) return found;
    const next = decodeOnce(s);
    if (next === s) break;
    s = next;
  }
  return null;
}
