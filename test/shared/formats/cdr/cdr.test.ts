import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCdrReader, sniffCdr } from '../../../../shared/formats/cdr/cdr';
import { DEFAULT_CELL_RANGE_M, parseCellSites } from '../../../../shared/formats/cdr/cells';
import { TIME_BASES } from '../../../../shared/model';
import type { CellSite } from '../../../../shared/formats/cdr/cells';

const enc = new TextEncoder();
const read = (
  text: string | Uint8Array,
  opts: { sites?: CellSite[]; naiveZone?: string } = {},
  size = 0,
) => {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const r = createCdrReader({ fileName: 'cdr.csv', ...opts });
  const step = size || bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) r.push(bytes.subarray(i, i + step));
  return r.finish();
};

const HEADERED = [
  'MSISDN;Start Time;Duration;Direction;B Number;Cell ID',
  '32470000001;2024-03-01T10:00:00Z;60;MO;32470000002;206-01-100-1',
  '32470000001;2024-03-01T10:30:00Z;;SMS-MT;32470000003;206-01-100-9',
  '32470000001;2024-03-01T11:00:00Z;12;MT;32470000002;206-01-0100-2',
  '',
].join('\n');

const SITES = [
  'cell_id,latitude,longitude,azimuth,beamwidth,range_m',
  '206-01-100-1,51.2,3.2,120,65,',
  '206-01-100-2,51.3,3.3,240,65,800',
  'bad,,3.3,,,',
].join('\n');

describe('CDR reader', () => {
  it('resolves cells through a site list; unknown cells are rejected with their line', () => {
    const { sites, issues } = parseCellSites(SITES, 'sites.csv');
    expect(sites).toHaveLength(2);
    expect(issues.find((i) => i.code === 'cdr.sites.bad-row')?.line).toBe(4);
    const r = read(HEADERED, { sites });
    expect(r.format).toBe('cdr');
    expect(r.kind).toBe('cell');
    expect(r.fixes.count).toBe(2);
    expect([...r.fixes.lat]).toEqual([51.2, 51.3]);
    // Stated range where given, the documented default elsewhere.
    expect([...r.fixes.accuracyM!]).toEqual([DEFAULT_CELL_RANGE_M, 800]);
    expect(r.cells[0]).toMatchObject({ azimuthDeg: 120, beamWidthDeg: 65, rangeAssumed: true });
    // Leading zeros inside a CGI part do not matter: 0100 = 100.
    expect(r.cells[1]).toMatchObject({ cellId: '206-01-0100-2', rangeM: 800, rangeAssumed: false });
    expect([...r.recordCells]).toEqual([0, 1]);
    expect(r.records[0]).toMatchObject({
      subscriber: '32470000001',
      durationS: 60,
      direction: 'MO',
      otherParty: '32470000002',
      line: 2,
    });
    const rej = r.issues.find((i) => i.code === 'cdr.cell.unknown');
    expect(rej?.line).toBe(3);
    expect(r.issues.find((i) => i.code === 'cdr.accuracy')?.message).toContain('2000 m');
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('utc');
  });

  it('reads header-less rows with in-row site coordinates (lon first), grouped per subscriber', () => {
    const r = read(
      'B,2013-10-01 10:00:00,5,7,80.5,7.25\nA,2013-10-01 09:00:00,,8,80.6,7.35\nB,2013-10-01 11:00:00,9,7,80.5,7.25\n',
      { naiveZone: 'Asia/Colombo' },
    );
    expect(r.parts.map((p) => [p.name, p.segments])).toEqual([
      ['B', [{ start: 0, end: 2 }]],
      ['A', [{ start: 2, end: 3 }]],
    ]);
    expect(r.fixes.lat[0]).toBe(7.25);
    expect(r.fixes.lon[0]).toBe(80.5);
    expect(r.fixes.t[0]).toBe(Date.UTC(2013, 9, 1, 4, 30));
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('zone-assumed');
    expect(r.records[2]!.durationS).toBeUndefined();
    expect(r.cells).toHaveLength(2);
  });

  it('names an unknown layout and is not readable', () => {
    const r = read('hello world\nfoo bar\n');
    expect(r.readable).toBe(false);
    expect(r.issues[0]!.code).toBe('cdr.layout.unknown');
  });

  it('sniffs headered and header-less CDRs above the general table reader', () => {
    expect(sniffCdr(enc.encode(HEADERED), 'x.csv')!.confidence).toBeGreaterThan(0.77);
    expect(
      sniffCdr(
        enc.encode('A,2013-10-01 10:00:00,5,7,80.5,7.25\nA,2013-10-01 10:01:00,,7,80.5,7.25\n'),
        'x.csv',
      )!.confidence,
    ).toBeGreaterThan(0.77);
    expect(sniffCdr(enc.encode('time,lat,lon\n2024-01-01T00:00:00Z,1,2\n'), 'x.csv')).toBeNull();
  });

  it('never crashes on random bytes; truncation keeps complete records', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 40 }), (b, size) => {
        read(b, {}, size);
        sniffCdr(b, 'x');
      }),
    );
    const text = 'A,2013-10-01 10:00:00,5,7,80.5,7.25\n'.repeat(20);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        const r = read(text.slice(0, cut));
        const complete = Math.floor(cut / 36);
        // A cut line may still be a complete record when only the newline or lat digits are lost.
        expect(r.fixes.count).toBeGreaterThanOrEqual(complete);
        expect(r.fixes.count).toBeLessThanOrEqual(complete + 1);
        for (let i = 0; i < complete; i++) expect(r.fixes.lat[i]).toBe(7.25);
        // A file cut inside a line says its last record may be partial — when it kept any record.
        const cutInLine = cut % 36 !== 0 && r.fixes.count > 0;
        expect(r.issues.some((x) => x.code === 'cdr.last-line.unterminated')).toBe(cutInLine);
      }),
    );
  });
});
