/**
 * The position in a GPS IFD, checked before it is believed: an empty GPS IFD, a missing or odd
 * hemisphere, a malformed rational, |lat| > 90, |lon| > 180 and exactly 0,0 (the "null island" a
 * phone writes when it had no fix) are each rejected with a located issue.
 */
import type { GpsFields } from './tiff';
import type { PhotoIssueSink } from './issues';

export interface PhotoPosition {
  lat?: number;
  lon?: number;
  altitudeM?: number;
  accuracyM?: number;
  directionDeg?: number;
  directionRef?: 'T' | 'M';
}

/** Degrees, minutes, seconds → degrees, the way exiftool does it (missing parts are zero). */
function dmsToDegrees(v: readonly number[]): number {
  return (v[0] ?? NaN) + (v[1] ?? 0) / 60 + (v[2] ?? 0) / 3600;
}

export function resolvePosition(
  g: GpsFields | undefined,
  at: Partial<Record<string, number>>,
  sink: PhotoIssueSink,
): PhotoPosition {
  const out: PhotoPosition = {};
  if (!g) {
    sink.info('photo.gps.none', 'The photo has no GPS data: no position');
    return out;
  }
  const latAt = at['gps.2'] ?? g.offset;
  const lonAt = at['gps.4'] ?? g.offset;
  const hasLat = g.lat !== undefined && g.lat.length > 0;
  const hasLon = g.lon !== undefined && g.lon.length > 0;
  if (!hasLat || !hasLon) {
    sink.warning(
      'photo.gps.empty',
      g.entryCount === 0
        ? 'The GPS IFD is empty: no position'
        : `The GPS IFD has no ${!hasLat && !hasLon ? 'GPSLatitude/GPSLongitude' : !hasLat ? 'GPSLatitude' : 'GPSLongitude'} values: no position`,
      hasLat ? lonAt : latAt,
    );
  } else {
    placePosition(g, latAt, lonAt, at, sink, out);
  }

  if (g.alt !== undefined) {
    if (Number.isFinite(g.alt)) out.altitudeM = g.altRef === 1 && g.alt !== 0 ? -g.alt : g.alt;
    else badRational(sink, 'GPSAltitude', at['gps.6']);
  }
  if (g.hPositioningError !== undefined) {
    if (Number.isFinite(g.hPositioningError) && g.hPositioningError >= 0) {
      out.accuracyM = g.hPositioningError;
    } else badRational(sink, 'GPSHPositioningError', at['gps.31']);
  }
  if (g.imgDirection !== undefined) {
    if (Number.isFinite(g.imgDirection) && g.imgDirection >= 0 && g.imgDirection <= 360) {
      out.directionDeg = g.imgDirection;
      const ref = g.imgDirectionRef?.toUpperCase();
      if (ref === 'T' || ref === 'M') out.directionRef = ref;
    } else badRational(sink, 'GPSImgDirection', at['gps.17']);
  }
  return out;
}

function placePosition(
  g: GpsFields,
  latAt: number,
  lonAt: number,
  at: Partial<Record<string, number>>,
  sink: PhotoIssueSink,
  out: PhotoPosition,
): void {
  const latAbs = dmsToDegrees(g.lat!);
  const lonAbs = dmsToDegrees(g.lon!);
  if (!Number.isFinite(latAbs)) return badRational(sink, 'GPSLatitude', latAt, true);
  if (!Number.isFinite(lonAbs)) return badRational(sink, 'GPSLongitude', lonAt, true);
  const latRef = g.latRef?.toUpperCase();
  const lonRef = g.lonRef?.toUpperCase();
  if (latRef !== 'N' && latRef !== 'S') {
    sink.warning(
      'photo.gps.no-ref',
      `GPSLatitudeRef is ${g.latRef === undefined ? 'missing' : `"${g.latRef}"`}: the hemisphere of latitude ${latAbs} is unknown; position rejected`,
      at['gps.1'] ?? latAt,
    );
    return;
  }
  if (lonRef !== 'E' && lonRef !== 'W') {
    sink.warning(
      'photo.gps.no-ref',
      `GPSLongitudeRef is ${g.lonRef === undefined ? 'missing' : `"${g.lonRef}"`}: the hemisphere of longitude ${lonAbs} is unknown; position rejected`,
      at['gps.3'] ?? lonAt,
    );
    return;
  }
  const lat = latRef === 'S' ? -latAbs : latAbs;
  const lon = lonRef === 'W' ? -lonAbs : lonAbs;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    sink.error(
      'photo.gps.out-of-range',
      `GPS position ${lat}, ${lon} is impossible (|lat| > 90 or |lon| > 180); rejected`,
      Math.abs(lat) > 90 ? latAt : lonAt,
    );
    return;
  }
  if (lat === 0 && lon === 0) {
    sink.warning(
      'photo.gps.zero',
      'GPS position is exactly 0, 0 (written by devices without a fix); rejected',
      latAt,
    );
    return;
  }
  out.lat = lat;
  out.lon = lon;
}

function badRational(sink: PhotoIssueSink, tag: string, offset?: number, rejects = false): void {
  sink.warning(
    'photo.gps.bad-rational',
    `${tag} holds a malformed rational (zero denominator)${rejects ? '; position rejected' : '; ignored'}`,
    offset,
  );
}
