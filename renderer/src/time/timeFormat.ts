/** Instants as the time bar writes them: always in the display zone, never the host's. */
import { intlTag, type Locale } from '../../../shared/i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: Locale,
  zone: string,
  kind: 'full' | 'day' | 'clock' | 'dayClock',
): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const date = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
    const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    const options: Intl.DateTimeFormatOptions =
      kind === 'full'
        ? { ...date, ...clock, second: '2-digit' }
        : kind === 'day'
          ? { day: '2-digit', month: '2-digit' }
          : kind === 'clock'
            ? clock
            : { day: '2-digit', month: '2-digit', ...clock };
    f = new Intl.DateTimeFormat(intlTag(locale), { ...options, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

/** `28/11/2026, 14:03:22` in `zone`. */
export function formatInstant(locale: Locale, t: number, zone: string): string {
  return Number.isFinite(t) ? formatter(locale, zone, 'full').format(t) : '–';
}

/** A tick label: the date for ticks a day or more apart, else the clock (with the date at midnight). */
export function formatTick(locale: Locale, t: number, zone: string, stepMs: number): string {
  if (stepMs >= 86_400_000) return formatter(locale, zone, 'day').format(t);
  const clock = formatter(locale, zone, 'clock').format(t);
  return clock === '00:00' ? formatter(locale, zone, 'dayClock').format(t) : clock;
}
