import { describe, expect, it } from 'vitest';
import {
  formatClockOffset,
  formatDate,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatFileSize,
  formatTime,
  formatUtcOffset,
  formatZone,
  isoUtc,
} from '../../../shared/exhibit/format';
import { EXHIBIT_CATALOGUES, exhibitText } from '../../../shared/exhibit/messages';
import { LOCALES } from '../../../shared/i18n';

const T = Date.UTC(2024, 3, 16, 22, 5, 9); // 17 April 00:05:09 in Brussels (CEST)

describe('exhibit formatting', () => {
  it('shows times in the zone named, never the host zone', () => {
    expect(formatTime(T, 'Europe/Brussels', 'en')).toBe('00:05');
    expect(formatTime(T, 'Europe/Brussels', 'de', true)).toBe('00:05:09');
    expect(formatTime(T, 'UTC', 'fr')).toBe('22:05');
    expect(formatDate(T, 'Europe/Brussels', 'en')).toBe('17/04/2024');
    expect(formatDate(T, 'Europe/Brussels', 'de')).toBe('17.04.2024');
    expect(formatDate(T, 'UTC', 'nl')).toBe('16/04/2024');
    expect(formatDateTime(T, 'Asia/Kolkata', 'en')).toBe('17/04/2024 03:35');
    expect(formatUtcOffset(T, 'Europe/Brussels')).toBe('UTC+02:00');
    expect(formatUtcOffset(Date.UTC(2024, 0, 1), 'Europe/Brussels')).toBe('UTC+01:00');
    expect(formatUtcOffset(T, 'UTC')).toBe('UTC');
    expect(formatZone('Europe/Brussels', T)).toBe('Europe/Brussels (UTC+02:00)');
    expect(isoUtc(T)).toBe('2024-04-16T22:05:09Z');
    expect(isoUtc(T + 5)).toBe('2024-04-16T22:05:09.005Z');
    expect(formatTime(NaN, 'UTC', 'en')).toBe('–');
  });

  it('writes numbers and units per locale', () => {
    expect(formatDistance(850.4, 'en')).toBe('850\u00a0m');
    expect(formatDistance(12_345, 'en')).toBe('12.3\u00a0km');
    expect(formatDistance(12_345, 'nl')).toBe('12,3\u00a0km');
    expect(formatDistance(12_345, 'de')).toBe('12,3\u00a0km');
    expect(formatDistance(123_456, 'fr')).toBe('123\u00a0km');
    expect(formatDuration(45 * 60, 'en')).toBe('45 min');
    expect(formatDuration(125 * 60, 'en')).toBe('2 h 05 min');
    expect(formatDuration(125 * 60, 'nl')).toBe('2 u 05 min');
    expect(formatDuration(125 * 60, 'de')).toBe('2 Std. 05 Min.');
    expect(formatDuration(26 * 3600 + 60, 'fr')).toBe('1 j 02 h 01 min');
    expect(formatClockOffset(-45_000, 'en')).toBe('-45 s');
    expect(formatClockOffset(3_723_000, 'en')).toBe('+1 h 2 min 3 s');
    expect(formatClockOffset(0, 'en')).toBe('0 s');
    expect(formatFileSize(512, 'en')).toBe('512 B');
    expect(formatFileSize(1_234_567, 'en')).toBe('1.2 MB (1,234,567 B)');
  });

  it('has every exhibit text in every language, with the same placeholders', () => {
    const keys = Object.keys(EXHIBIT_CATALOGUES.en);
    for (const locale of LOCALES) {
      const catalogue = EXHIBIT_CATALOGUES[locale];
      expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const text = catalogue[key as keyof typeof catalogue];
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(holes(text), `${locale} ${key}`).toEqual(
          holes(EXHIBIT_CATALOGUES.en[key as keyof typeof catalogue]),
        );
      }
    }
    expect(exhibitText('fr', 'exhibit.page', { page: 1, pages: 3 })).toBe('Page 1 sur 3');
    expect(exhibitText('de', 'exhibit.page', { page: 2 })).toBe('Seite 2 von {pages}');
  });
});
