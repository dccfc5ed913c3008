import { describe, expect, it } from 'vitest';
import {
  CATALOGUES,
  LOCALES,
  formatDateTime,
  formatDateTimeWithZone,
  formatFileSize,
  formatNumber,
  formatZoneOffset,
  resolveLocale,
  t,
  type Message,
  type MessageKey,
} from '../../../shared/i18n';

const englishKeys = Object.keys(CATALOGUES.en).sort() as MessageKey[];

function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1]!);
  return [...names].sort();
}

describe('message catalogue', () => {
  it.each(LOCALES)('%s has exactly the English keys, none empty', (locale) => {
    const catalogue = CATALOGUES[locale];
    expect(Object.keys(catalogue).sort()).toEqual(englishKeys);
    for (const key of englishKeys) {
      const message = catalogue[key];
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s uses the same placeholders as English',
    (locale) => {
      for (const key of englishKeys) {
        expect(placeholders(CATALOGUES[locale][key]), `${locale} ${key}`).toEqual(
          placeholders(CATALOGUES.en[key]),
        );
      }
    },
  );

  it('translations are real translations, not copies of English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const same = englishKeys.filter(
        (key) => JSON.stringify(CATALOGUES[locale][key]) === JSON.stringify(CATALOGUES.en[key]),
      );
      // Proper names and units (Itinera, SHA-256, UTC, Format, Points…) may coincide.
      expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThan(englishKeys.length / 6);
    }
  });
});

describe('t', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(t('en', 'import.failedCode', { code: 'format.unknown' })).toBe(
      'Reason code: format.unknown',
    );
    expect(t('de', 'sources.count', { count: 12345 })).toBe('12.345 Quellen');
  });

  it('chooses plural forms with the locale rules', () => {
    expect(t('en', 'issues.count', { count: 1 })).toBe('1 issue');
    expect(t('en', 'issues.count', { count: 2 })).toBe('2 issues');
    expect(t('nl', 'issues.count', { count: 0 })).toBe('0 meldingen');
    // French treats 0 and 1 as singular.
    expect(t('fr', 'issues.count', { count: 0 })).toBe('0 anomalie');
    expect(t('fr', 'issues.count', { count: 1 })).toBe('1 anomalie');
  });

  it('leaves a missing placeholder visible', () => {
    expect(t('en', 'import.failedCode', {})).toBe('Reason code: {code}');
  });
});

describe('formatting is zone-explicit', () => {
  // 2020-12-18T06:15:50Z; the suite runs with TZ=Pacific/Chatham (UTC+13:45 in December).
  const instant = Date.UTC(2020, 11, 18, 6, 15, 50);

  it('runs far from UTC, so a host-zone dependence would show', () => {
    expect(new Date(instant).getHours()).not.toBe(6);
  });

  it('formats in the zone it is given, not the host zone', () => {
    expect(formatDateTime('en', instant, 'UTC')).toBe('18/12/2020, 06:15:50');
    expect(formatDateTime('en', instant, 'Europe/Brussels')).toBe('18/12/2020, 07:15:50');
    expect(formatDateTime('de', instant, 'Europe/Berlin')).toBe('18.12.2020, 07:15:50');
    expect(formatDateTime('nl', instant, 'America/New_York')).toBe('18/12/2020, 01:15:50');
  });

  it('labels zones with their offset at the instant', () => {
    expect(formatZoneOffset(instant, 'UTC')).toBe('UTC');
    expect(formatZoneOffset(instant, 'Europe/Brussels')).toBe('UTC+01:00');
    expect(formatZoneOffset(Date.UTC(2020, 6, 1), 'Europe/Brussels')).toBe('UTC+02:00');
    expect(formatZoneOffset(instant, 'Asia/Kolkata')).toBe('UTC+05:30');
    expect(formatDateTimeWithZone('en', instant, 'Europe/Brussels')).toBe(
      '18/12/2020, 07:15:50 Europe/Brussels (UTC+01:00)',
    );
    expect(formatDateTimeWithZone('en', instant, 'UTC')).toBe('18/12/2020, 06:15:50 UTC');
  });
});

describe('number and size formatting', () => {
  it('uses the locale separators', () => {
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('de', 1234567)).toBe('1.234.567');
    expect(formatNumber('fr', 1234567).replace(/\s/g, ' ')).toBe('1 234 567');
  });

  it('formats sizes in decimal units', () => {
    expect(formatFileSize('en', 512)).toBe('512 byte');
    expect(formatFileSize('en', 84_211)).toBe('84.2 kB');
    expect(formatFileSize('de', 84_211)).toBe('84,2 kB');
    expect(formatFileSize('en', 114_000_000)).toBe('114 MB');
    expect(formatFileSize('nl', 7_200_000_000)).toBe('7,2 GB');
  });
});

describe('resolveLocale', () => {
  it('maps OS locales to UI languages', () => {
    expect(resolveLocale('nl-BE')).toBe('nl');
    expect(resolveLocale('fr_BE')).toBe('fr');
    expect(resolveLocale('de')).toBe('de');
    expect(resolveLocale('pt-BR')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});
