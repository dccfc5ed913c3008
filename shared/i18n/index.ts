/**
 * Translation and locale-aware formatting. Every date formatter takes an explicit IANA
 * zone: a result must never depend on the zone of the computer it runs on.
 */
import { CATALOGUES, LOCALES, type Locale, type Message, type MessageKey } from './messages';

export { CATALOGUES, LOCALES, LOCALE_NAMES } from './messages';
export type { Catalogue, Locale, Message, MessageKey, PluralMessage } from './messages';

export type MessageParams = Readonly<Record<string, string | number>>;

/** The BCP 47 tag used for Intl formatting in each UI language (Belgian/European usage). */
const INTL_TAGS: { readonly [L in Locale]: string } = {
  en: 'en-GB',
  nl: 'nl-BE',
  fr: 'fr-BE',
  de: 'de-DE',
};

export function intlTag(locale: Locale): string {
  return INTL_TAGS[locale];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the UI language for an OS or browser locale such as `nl-BE`; English otherwise. */
export function resolveLocale(tag: string | undefined | null): Locale {
  const language = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : 'en';
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_TAGS[locale]);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

function pickForm(locale: Locale, message: Message, params: MessageParams | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  const category = pluralCategory(locale, count);
  return message[category] ?? message.other;
}

/**
 * Translates `key`, filling `{name}` placeholders from `params`. Numeric parameters are
 * formatted for the locale; a placeholder without a value is left visible so it is noticed.
 */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = CATALOGUES[locale][key] ?? CATALOGUES.en[key];
  const text = pickForm(locale, message, params);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = make();
    formatterCache.set(key, formatter);
  }
  return formatter as F;
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
  const formatter = cached(
    `n|${locale}|${maximumFractionDigits}`,
    () => new Intl.NumberFormat(INTL_TAGS[locale], { maximumFractionDigits }),
  );
  return formatter.format(value);
}

const SIZE_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** File size in decimal units (kB = 1000 bytes, as Intl's unit names mean). */
export function formatFileSize(locale: Locale, bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) {
    return cached(
      `size|${locale}|byte`,
      () =>
        new Intl.NumberFormat(INTL_TAGS[locale], {
          style: 'unit',
          unit: 'byte',
          unitDisplay: 'short',
        }),
    ).format(Number.isFinite(bytes) ? bytes : 0);
  }
  let value = bytes / 1000;
  let unit: (typeof SIZE_UNITS)[number] = SIZE_UNITS[0];
  for (let i = 1; i < SIZE_UNITS.length && value >= 1000; i++) {
    value /= 1000;
    unit = SIZE_UNITS[i]!;
  }
  const digits = value >= 100 ? 0 : 1;
  return cached(
    `size|${locale}|${unit}|${digits}`,
    () =>
      new Intl.NumberFormat(INTL_TAGS[locale], {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: digits,
      }),
  ).format(value);
}

/**
 * Date and time to the second in `timeZone`, e.g. `18/12/2020 07:15:50` (en) for
 * 06:15:50Z in Europe/Brussels. The zone is required: never the host zone by default.
 */
export function formatDateTime(locale: Locale, epochMs: number, timeZone: string): string {
  const formatter = cached(
    `dt|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(INTL_TAGS[locale], {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
  );
  return formatter.format(epochMs);
}

/** The offset of `timeZone` at that instant, as `UTC+01:00` (or `UTC` for zero). */
export function formatZoneOffset(epochMs: number, timeZone: string): string {
  const formatter = cached(
    `off|${timeZone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }),
  );
  const part = (formatter as Intl.DateTimeFormat)
    .formatToParts(epochMs)
    .find((p) => p.type === 'timeZoneName');
  const offset = (part?.value ?? 'GMT').replace(/^GMT/, '');
  return offset === '' || /^[+-]00:?00$/.test(offset) ? 'UTC' : `UTC${offset}`;
}

/** Date and time in `timeZone` followed by the zone and its offset at that instant. */
export function formatDateTimeWithZone(locale: Locale, epochMs: number, timeZone: string): string {
  const dateTime = formatDateTime(locale, epochMs, timeZone);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return `${dateTime} UTC`;
  return `${dateTime} ${timeZone} (${formatZoneOffset(epochMs, timeZone)})`;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
