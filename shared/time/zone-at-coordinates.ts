/**
 * The IANA time zone in force at a position, offline: `@photostructure/tz-lookup` (CC0) packs the
 * zone boundaries into a compact grid shipped with the app, so no position ever leaves the machine.
 * Near borders its answer can be the neighbouring zone; callers say the zone was assumed.
 */
import tzlookup from '@photostructure/tz-lookup';

/** The zone at (lat, lon), e.g. `Europe/Brussels`; `Etc/GMT±n` at sea; undefined for bad input. */
export function zoneAtCoordinates(lat: number, lon: number): string | undefined {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return undefined;
  }
  try {
    return tzlookup(lat, lon);
  } catch {
    return undefined;
  }
}
