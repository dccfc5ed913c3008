import { describe, expect, it } from 'vitest';
import { createGpxReader } from '../../../shared/formats/gpx';
import {
  describeLineColumn,
  describeRecordLine,
  IssueList,
  KeyedTally,
  Tally,
} from '../../../shared/formats/issues';
import { createNmeaReader } from '../../../shared/formats/nmea';

const enc = new TextEncoder();

describe('IssueList', () => {
  it('lists up to the cap per code, then closes each capped code with its count', () => {
    const list = new IssueList('f.gpx', { perCode: 2 });
    for (let i = 1; i <= 3; i++) list.add('warning', 'a', `a${i}`, { line: i, column: 2 });
    list.add('info', 'b', 'b1', { record: 7, offset: 40 });
    for (let i = 1; i <= 5; i++) list.add(i < 3 ? 'info' : 'error', 'c', `c${i}`);
    for (let i = 4; i <= 5; i++) list.add('warning', 'a', `a${i}`);
    expect(list.finish()).toEqual([
      { file: 'f.gpx', severity: 'warning', code: 'a', message: 'a1', line: 1, column: 2 },
      { file: 'f.gpx', severity: 'warning', code: 'a', message: 'a2', line: 2, column: 2 },
      { file: 'f.gpx', severity: 'info', code: 'b', message: 'b1', record: 7, offset: 40 },
      { file: 'f.gpx', severity: 'info', code: 'c', message: 'c1' },
      { file: 'f.gpx', severity: 'info', code: 'c', message: 'c2' },
      // In the order the codes reached the cap, with the first unlisted issue's severity.
      {
        file: 'f.gpx',
        severity: 'warning',
        code: 'a',
        message: '3 more issue(s) of this kind (a) not listed individually',
      },
      {
        file: 'f.gpx',
        severity: 'error',
        code: 'c',
        message: '3 more issue(s) of this kind (c) not listed individually',
      },
    ]);
  });

  it('states the total instead, in order of first appearance, with the "total" summary', () => {
    const list = new IssueList('f.nmea', { perCode: 1, summary: 'total' });
    list.add('warning', 'x', 'x1', { line: 1 });
    list.add('info', 'y', 'y1', { line: 2 });
    list.add('info', 'y', 'y2', { line: 3 });
    list.add('error', 'x', 'x2', { line: 4 });
    const issues = list.finish();
    expect(issues.slice(2)).toEqual([
      {
        file: 'f.nmea',
        severity: 'warning',
        code: 'x',
        message: '2 issues of this kind (x) in total; only the first 1 are listed individually',
      },
      {
        file: 'f.nmea',
        severity: 'info',
        code: 'y',
        message: '2 issues of this kind (y) in total; only the first 1 are listed individually',
      },
    ]);
    // Summaries are added once.
    expect(list.finish()).toHaveLength(4);
  });

  it('caps at 1000 per code by default', () => {
    const list = new IssueList('f');
    for (let i = 0; i < 1234; i++) list.add('warning', 'k', 'm');
    const issues = list.finish();
    expect(issues).toHaveLength(1001);
    expect(issues[1000]!.message).toBe(
      '234 more issue(s) of this kind (k) not listed individually',
    );
  });
});

describe('tallies', () => {
  it('count every hit and compute the first location and example only once', () => {
    const t = new Tally();
    let calls = 0;
    const at = () => {
      calls++;
      return { line: 3, column: 4 };
    };
    t.hit(at, () => 'first');
    t.hit(at, () => 'second');
    t.hit({ line: 9 }, 'third');
    expect([t.count, t.first, t.example, calls]).toEqual([3, { line: 3, column: 4 }, 'first', 1]);
    const lines = new Tally<number>();
    lines.hit(12);
    lines.hit(13);
    expect([lines.count, lines.first]).toEqual([2, 12]);
  });

  it('count per key and describe the most frequent first', () => {
    const t = new KeyedTally<number>();
    for (const [k, line] of [
      ['GSV', 5],
      ['GSA', 6],
      ['GSV', 7],
      ['TXT', 8],
    ] as const)
      t.hit(k, line);
    expect([t.count, t.first]).toEqual([4, 5]);
    expect(t.describe('$')).toBe('$GSV ×2, $GSA ×1, $TXT ×1');
    expect(t.describe('', 1)).toBe('GSV ×2, 2 more kinds');
  });

  it('describe locations as the readers word them', () => {
    expect(describeLineColumn({ line: 3, column: 7 })).toBe('line 3, column 7');
    expect(describeLineColumn(undefined)).toBe('unknown location');
    expect(describeRecordLine({ record: 2, line: 5, column: 9 })).toBe('record 2, line 5');
    expect(describeRecordLine({ offset: 4 })).toBe('unknown location');
  });
});

describe('readers keep their caps and summaries', () => {
  it('GPX lists 1000 rejected points of a kind, then counts the rest', () => {
    const pts = '<trkpt lon="1"/>'.repeat(1003);
    const gpx = `<gpx version="1.1"><trk><trkseg>${pts}<trkpt lat="1" lon="2"/></trkseg></trk></gpx>`;
    const r = createGpxReader({ fileName: 'many.gpx' });
    r.push(enc.encode(gpx));
    const missing = r.finish().issues.filter((i) => i.code === 'gpx.point.missing-coordinate');
    expect(missing).toHaveLength(1001);
    expect(missing[0]).toMatchObject({ line: 1, message: '<trkpt> without lat: point rejected' });
    expect(missing[1000]).toEqual({
      file: 'many.gpx',
      severity: 'warning',
      code: 'gpx.point.missing-coordinate',
      message:
        '3 more issue(s) of this kind (gpx.point.missing-coordinate) not listed individually',
    });
  });

  it('NMEA lists 50 bad checksums, then states the total', () => {
    const good = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
    const bad = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*00';
    const r = createNmeaReader({ fileName: 'bad.nmea' });
    r.push(enc.encode([good, ...Array<string>(60).fill(bad)].join('\r\n') + '\r\n'));
    const issues = r.finish().issues.filter((i) => i.code === 'nmea.checksum.bad');
    expect(issues).toHaveLength(51);
    expect(issues[0]).toMatchObject({ line: 2, severity: 'warning' });
    expect(issues[49]).toMatchObject({ line: 51 });
    expect(issues[50]).toEqual({
      file: 'bad.nmea',
      severity: 'warning',
      code: 'nmea.checksum.bad',
      message:
        '60 issues of this kind (nmea.checksum.bad) in total; only the first 50 are listed individually',
    });
  });
});
