import { describe, expect, it } from 'vitest';
import { IsoTimeParser, daysFromCivil, parseIsoTime } from '../../../shared/time/iso';

describe('parseIsoTime', () => {
  const ok: [string, number, string][] = [
    ['2023-01-01T00:00:00Z', Date.UTC(2023, 0, 1), 'utc'],
    ['2023-01-01T00:00:00z', Date.UTC(2023, 0, 1), 'utc'],
    ['2023-01-01T00:00:00+00:00', Date.UTC(2023, 0, 1), 'utc'],
    ['2023-01-01T00:00:00-00:00', Date.UTC(2023, 0, 1), 'utc'],
    ['2015-12-11T15:43:13.994+01:00', Date.UTC(2015, 11, 11, 14, 43, 13, 994), 'offset'],
    ['2015-12-11T15:43:13-0530', Date.UTC(2015, 11, 11, 21, 13, 13), 'offset'],
    ['2015-12-11T15:43:13+05', Date.UTC(2015, 11, 11, 10, 43, 13), 'offset'],
    ['2023-06-30T23:59:59.5Z', Date.UTC(2023, 5, 30, 23, 59, 59, 500), 'utc'],
    ['2016-05-27T10:08:47.8Z', Date.UTC(2016, 4, 27, 10, 8, 47, 800), 'utc'],
    ['1901-12-13T20:45:52.2073437Z', Date.UTC(1901, 11, 13, 20, 45, 52) + 207.3437, 'utc'],
    ['2021-10-10T09:55:20.952', Date.UTC(2021, 9, 10, 9, 55, 20, 952), 'naive-as-utc'],
    ['2024-02-29 12:00:00Z', Date.UTC(2024, 1, 29, 12), 'utc'],
    ['  2024-02-29T12:00Z \n', Date.UTC(2024, 1, 29, 12), 'utc'],
    ['0099-01-01T00:00:00Z', daysFromCivil(99, 1, 1) * 86_400_000, 'utc'],
  ];
  it.each(ok)('%s', (s, t, basis) => {
    const r = parseIsoTime(s);
    expect(r).not.toBeNull();
    expect(r!.t).toBeCloseTo(t, 6);
    expect(r!.basis).toBe(basis);
  });

  const bad = [
    '',
    '2023-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2023-02-30T00:00:00Z',
    '2023-04-31T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01T12:60:00Z',
    '2023-01-01T12:00:60Z',
    '2023-01-01T12:00:00.Z',
    '2023-01-01T12:00:00+25:00',
    '2023-01-01T12:00:00+01:60',
    '2023-01-01T12:00:00Q',
    '2023-01-01',
    '2023/01/01T12:00:00Z',
    'Mon, 01 Jan 2023 12:00:00 GMT',
    'not a time',
  ];
  it.each(bad)('rejects %j', (s) => {
    expect(parseIsoTime(s)).toBeNull();
  });

  it('matches Date for many random UTC instants', () => {
    const p = new IsoTimeParser();
    for (let i = 0; i < 2000; i++) {
      const t = Math.floor((i * 7919 * 86_400_000) / 13) - 2e12;
      expect(p.parse(new Date(t).toISOString())).toBe(t);
    }
  });

  it('does not depend on the host zone (suite runs under TZ=Pacific/Chatham)', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham');
    expect(parseIsoTime('2023-03-26T02:30:00')!.t).toBe(1679797800000);
  });
});
