/**
 * Dates, times, numbers and units on exhibits, in the exhibit's language (not the UI's). Every
 * time is formatted in an explicitly named IANA zone: an exhibit must never depend on the zone of
 * the machine that printed it. Coordinates keep the decimal point in every language, so they can
 * be typed into any map or GIS as printed (a decimal comma would clash with the lat, lon comma).
 */
import { intlTag, type Locale } from '../i18n';
import { formatDecimal } from '../geo/format-coords';

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(
  locale: Locale,
  zone: string,
  kind: 'date' | 'time' | 'time-s' | 'parts',
): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: zone };
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { ...base, year: 'numeric', month: '2-digit', day: '2-digit' }
        : kind === 'parts'
          ? { ...base, timeZoneName: 'longOffset', year: 'numeric' }
          : {
              ...base,
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
              ...(kind === 'time-s' ? { second: '2-digit' } : {}),
            };
    f = new Intl.DateTimeFormat(kind === 'parts' ? 'en-GB' : intlTag(locale), options);
    formatters.set(key, f);
  }
  return f;
}

const DASH = '–';

/** The date a clock in `zone` shows at `t`, e.g. `16/04/2024` (en), `16.04.2024` (de). */
export function formatDate(t: number, zone: string, locale: Locale): string {
  return Number.isFinite(t) ? dateTimeFormat(locale, zone, 'date').format(t) : DASH;
}

/** The time a clock in `zone` shows at `t`, 24-hour, e.g. `14:05` or with seconds `14:05:09`. */
export function formatTime(t: number, zone: string, locale: Locale, seconds = false): string {
  return Number.isFinite(t)
    ? dateTimeFormat(locale, zone, seconds ? 'time-s' : 'time').format(t)
    : DASH;
}

export function formatDateTime(t: number, zone: string, locale: Locale, seconds = false): string {
  if (!Number.isFinite(t)) return DASH;
  return `${formatDate(t, zone, locale)} ${formatTime(t, zone, locale, seconds)}`;
}

/** The zone's offset from UTC at `t`, e.g. `UTC+02:00` (`UTC` for zero). */
export function formatUtcOffset(t: number, zone: string): string {
  if (!Number.isFinite(t)) return '';
  const name =
    dateTimeFormat('en', zone, 'parts')
      .formatToParts(t)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name.replace('GMT', 'UTC');
  return offset === 'UTC+00:00' || offset === 'UTC-00:00' ? 'UTC' : offset;
}

/** `Europe/Brussels (UTC+02:00)`: the zone named, with its offset at `t` (DST changes it). */
export function formatZone(zone: string, t: number): string {
  const offset = formatUtcOffset(t, zone);
  return offset && zone !== 'UTC' ? `${zone} (${offset})` : zone;
}

/** `ISO-8601 UTC`, e.g. `2024-04-16T14:05:09Z` (whole seconds unless milliseconds are set). */
export function isoUtc(t: number): string {
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function formatNumber(x: number, locale: Locale, fractionDigits = 0): string {
  if (!Number.isFinite(x)) return DASH;
  return new Intl.NumberFormat(intlTag(locale), {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(x);
}

/** `850 m`, `12.3 km` (en) / `12,3 km` (nl, fr, de), whole km from 100 km. */
export function formatDistance(metres: number, locale: Locale): string {
  if (!Number.isFinite(metres)) return DASH;
  const nbsp = '\u00a0';
  if (metres < 1000) return `${formatNumber(Math.round(metres), locale)}${nbsp}m`;
  const km = metres / 1000;
  return `${formatNumber(km, locale, km < 100 ? 1 : 0)}${nbsp}km`;
}

const UNITS: Record<Locale, { d: string; h: string; min: string; s: string }> = {
  en: { d: 'd', h: 'h', min: 'min', s: 's' },
  nl: { d: 'd', h: 'u', min: 'min', s: 's' },
  fr: { d: 'j', h: 'h', min: 'min', s: 's' },
  de: { d: 'T', h: 'Std.', min: 'Min.', s: 's' },
};

/** A duration rounded to the minute: `45 min`, `2 h 05 min`, `1 d 03 h 20 min` (units per locale). */
export function formatDuration(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return DASH;
  const u = UNITS[locale];
  const sign = seconds < 0 ? '-' : '';
  const total = Math.round(Math.abs(seconds) / 60);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${sign}${d} ${u.d} ${pad(h)} ${u.h} ${pad(m)} ${u.min}`;
  if (h > 0) return `${sign}${h} ${u.h} ${pad(m)} ${u.min}`;
  return `${sign}${m} ${u.min}`;
}

/** A clock correction to the second, signed: `+1 h 02 min 03 s`, `-45 s`, `0 s`. */
export function formatClockOffset(ms: number, locale: Locale): string {
  if (!Number.isFinite(ms)) return DASH;
  const u = UNITS[locale];
  const total = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? '-' : ms > 0 ? '+' : '';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} ${u.h}`);
  if (m > 0) parts.push(`${m} ${u.min}`);
  if (s > 0 || parts.length === 0) parts.push(`${s} ${u.s}`);
  return `${sign}${parts.join(' ')}`;
}

/** Decimal degrees `lat, lon` with 6 decimals (about 10 cm), decimal point in every language. */
export function formatCoordinates(lat: number, lon: number): string {
  return formatDecimal(lat, lon, 6);
}

/** A readable size with the exact byte count: `1.2 MB (1,234,567 B)`; small files in bytes only. */
export function formatFileSize(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes)) return DASH;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const readable =
    unit === 0
      ? `${formatNumber(bytes, locale)} B`
      : `${formatNumber(value, locale, value < 10 ? 1 : 0)} ${units[unit]}`;
  return unit === 0 ? readable : `${readable} (${formatNumber(bytes, locale)} B)`;
}
