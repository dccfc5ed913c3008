import { describe, expect, it } from 'vitest';
import { TIME_BASES } from '../../../shared/model';
import { createNmeaReader, sniffNmea } from '../../../shared/formats/nmea';
import type { ReaderOptions, ReaderResult } from '../../../shared/formats/reader';

/** `$body*hh` with a correct checksum. */
function sentence(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`;
}

function log(bodies: string[], eol = '\r\n'): string {
  return bodies.map((b) => sentence(b) + eol).join('');
}

function read(input: string | Uint8Array, opts: Partial<ReaderOptions> = {}): ReaderResult {
  const r = createNmeaReader({ fileName: 'test.nmea', importedAt: Date.UTC(2030, 0, 1), ...opts });
  r.push(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  return r.finish();
}

function codes(r: ReaderResult): string[] {
  return r.issues.map((i) => i.code);
}

function issue(r: ReaderResult, code: string) {
  const found = r.issues.find((i) => i.code === code);
  expect(found, `issue ${code} in ${JSON.stringify(r.issues)}`).toBeDefined();
  return found!;
}

const RMC = 'GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W';
const GGA = 'GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,';

describe('NMEA sentences', () => {
  it('reads RMC: position, UTC time with date, speed in m/s, course', () => {
    const r = read(log([RMC]));
    expect(r.readable).toBe(true);
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.lat[0]).toBeCloseTo(48 + 7.038 / 60, 12);
    expect(r.fixes.lon[0]).toBeCloseTo(11 + 31 / 60, 12);
    expect(r.fixes.t[0]).toBe(Date.UTC(1994, 2, 23, 12, 35, 19));
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('utc');
    expect(r.fixes.speedMps![0]).toBeCloseTo(22.4 * 0.514444, 4);
    expect(r.fixes.headingDeg![0]).toBeCloseTo(84.4, 9);
    expect(r.formatDetail).toBe('NMEA 0183 (GP talker; RMC)');
    expect(r.issues).toEqual([]);
  });

  it('reads GGA altitude and merges GGA + RMC of the same epoch into one fix', () => {
    const r = read(log([GGA, RMC]));
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.ele![0]).toBe(545.4);
    expect(r.fixes.t[0]).toBe(Date.UTC(1994, 2, 23, 12, 35, 19));
    expect(r.parts).toEqual([{ kind: 'track', segments: [{ start: 0, end: 1 }] }]);
  });

  it('reads southern and western hemispheres, any talker, fractional seconds', () => {
    const r = read(
      log([
        'GNRMC,000102.250,A,3345.6780,S,07030.1200,W,0.0,,010120,,,A',
        'BDGGA,000103.5,3345.6790,S,07030.1210,W,2,10,0.8,12.0,M,,,,',
      ]),
    );
    expect(r.fixes.count).toBe(2);
    expect(r.fixes.lat[0]).toBeCloseTo(-(33 + 45.678 / 60), 12);
    expect(r.fixes.lon[0]).toBeCloseTo(-(70 + 30.12 / 60), 12);
    expect(r.fixes.t[0]).toBe(Date.UTC(2020, 0, 1, 0, 1, 2, 250));
    expect(r.fixes.t[1]).toBe(Date.UTC(2020, 0, 1, 0, 1, 3, 500));
    expect(r.formatDetail).toBe('NMEA 0183 (BD, GN talkers; GGA, RMC)');
  });

  it('reads GLL, and VTG speed/course into the epoch before it', () => {
    const r = read(
      log([
        'GPZDA,101010,05,06,2021,00,00',
        'INGLL,5000.000,N,00400.000,E,101010,A,A',
        'INVTG,77.5,T,93.3,M,5.2,N,9.7,K,A',
      ]),
    );
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.lat[0]).toBe(50);
    expect(r.fixes.lon[0]).toBe(4);
    expect(r.fixes.t[0]).toBe(Date.UTC(2021, 5, 5, 10, 10, 10));
    expect(r.fixes.speedMps![0]).toBeCloseTo(5.2 * 0.514444, 4);
    expect(r.fixes.headingDeg![0]).toBe(77.5);
  });

  it('reads old-style VTG without unit letters (km/h when knots are empty)', () => {
    const r = read(log([RMC.replace('022.4,084.4', ','), 'GPVTG,054.7,034.4,,036.0']));
    expect(r.fixes.speedMps![0]).toBeCloseTo(10, 9);
    expect(r.fixes.headingDeg![0]).toBe(54.7);
  });

  it('keeps the most precise (8-decimal) minutes', () => {
    const r = read(
      log([
        'GNGGA,132827.20,4134.49941239,N,09345.03495785,W,2,10,0.9,280.340,M,-31.442,M,13.2,0133',
        'GNRMC,132827.20,A,4134.49941239,N,09345.03495785,W,0.482,33.532,180320,11.5985,E,D',
      ]),
    );
    expect(r.fixes.lat[0]).toBeCloseTo(41 + 34.49941239 / 60, 12);
    expect(r.fixes.lon[0]).toBeCloseTo(-(93 + 45.03495785 / 60), 12);
  });

  it('counts void fixes (status V, quality 0, empty fields) as not positions', () => {
    const r = read(
      log([
        'GPRMC,,V,,,,,,,,,,N',
        'GPGGA,120000,,,,,0,00,99.9,,,,,,',
        'GPGLL,4807.038,N,01131.000,E,120000,V,N',
        'GPRMC,120001,A,,,,,,,010120,,,A',
        RMC,
      ]),
    );
    expect(r.fixes.count).toBe(1);
    const v = issue(r, 'nmea.fix.void');
    expect(v.severity).toBe('info');
    expect(v.line).toBe(1);
    expect(v.message).toMatch(/^4 position sentence/);
    expect(v.message).toContain('GGA quality 0 ×1');
    expect(v.message).toContain('empty position fields ×1');
  });

  it('rejects malformed values in valid sentences, with their line', () => {
    const r = read(
      log([
        'GPRMC,123519,A,4861.000,N,01131.000,E,0,0,230394,,', // 61 minutes
        'GPRMC,126519,A,4807.038,N,01131.000,E,0,0,230394,,', // minute 65
        'GPGGA,123520,9100.000,N,01131.000,E,1,08,0.9,5,M,,,,', // latitude 91
        'GPRMC,123521,A,4807.038,X,01131.000,E,0,0,230394,,', // hemisphere X
        'GPRMC,123522,A,4807.038,N,01131.000,E,0,0,320394,,', // 32 March
        RMC,
      ]),
    );
    expect(r.fixes.count).toBe(1);
    const bad = r.issues.filter((i) => i.code === 'nmea.sentence.malformed');
    expect(bad.map((i) => i.line)).toEqual([1, 2, 3, 4, 5]);
    expect(bad[1]!.message).toContain('invalid time of day "126519"');
  });
});

describe('NMEA checksums and framing', () => {
  it('rejects a bad checksum and reports it with the line', () => {
    const good = sentence(RMC);
    const bad = good.slice(0, -2) + (good.endsWith('00') ? '01' : '00');
    const r = read(`${bad}\n${sentence(GGA)}\n`);
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.ele![0]).toBe(545.4);
    const i = issue(r, 'nmea.checksum.bad');
    expect(i.line).toBe(1);
    expect(i.message).toContain('checksum mismatch');
  });

  it('caps individual checksum issues at 50 and states the total', () => {
    const bad = sentence(RMC).slice(0, -2) + 'ZZ';
    const r = read(`${bad}\n`.repeat(120) + sentence(GGA) + '\n');
    const listed = r.issues.filter((i) => i.code === 'nmea.checksum.bad');
    expect(listed).toHaveLength(51);
    expect(listed[50]!.message).toMatch(/^120 issues of this kind/);
    expect(r.fixes.count).toBe(1);
  });

  it('accepts sentences without checksum with one counted warning', () => {
    const r = read(`$${RMC}\n$${GGA}\n`);
    expect(r.fixes.count).toBe(1);
    const i = issue(r, 'nmea.checksum.missing');
    expect(i.severity).toBe('warning');
    expect(i.message).toMatch(/^2 sentence/);
  });

  it('handles LF, CR and CRLF line ends alike, and counts lines right', () => {
    const bodies = [RMC, 'GPXXX,1', RMC.replace('123519', '123520')];
    for (const eol of ['\n', '\r', '\r\n']) {
      const r = read(log(bodies, eol) + '#c' + eol + sentence('PGRME,1') + eol);
      expect(r.fixes.count, JSON.stringify(eol)).toBe(2);
      expect(issue(r, 'nmea.sentence.ignored').line).toBe(2);
      expect(issue(r, 'nmea.comment').line).toBe(4);
      expect(issue(r, 'nmea.sentence.proprietary').line).toBe(5);
    }
  });

  it('reports a truncated last line and keeps everything before it', () => {
    const text = log([RMC]) + sentence(GGA.replace('123519', '123520')).slice(0, 30);
    const r = read(text);
    expect(r.fixes.count).toBe(1);
    const i = issue(r, 'nmea.sentence.truncated');
    expect(i.line).toBe(2);
    expect(i.message).toContain('file ends inside it');
  });

  it('accepts a complete last sentence without a final line end', () => {
    const r = read(log([RMC]) + sentence(RMC.replace('123519', '123520')));
    expect(r.fixes.count).toBe(2);
    expect(codes(r)).toEqual([]);
  });

  it('resynchronises on "$" after garbage and binary bytes', () => {
    const bin = new Uint8Array([0xb5, 0x62, 0x01, 0x07, 0x0a, 0x00, 0xff, 0x0d, 0x24, 0x11]);
    const text = new TextEncoder().encode(`junk${sentence(RMC)}\r\n`);
    const r = read(new Uint8Array([...bin, ...text]));
    expect(r.fixes.count).toBe(1);
    expect(issue(r, 'nmea.binary').message).toContain('1 u-blox UBX frame');
    expect(r.issues.find((i) => i.code === 'nmea.sentence.truncated')).toBeUndefined();
  });

  it('reports stray text with its first line and an example', () => {
    const r = read(log([RMC]) + `r${sentence(RMC.replace('123519', '123520'))}\n`);
    expect(r.fixes.count).toBe(2);
    const g = issue(r, 'nmea.garbage');
    expect(g.line).toBe(2);
    expect(g.message).toContain('"r"');
  });

  it('marks a file without any sentence unreadable', () => {
    const r = read('hello world\nthis is not nmea\n');
    expect(r.readable).toBe(false);
    expect(issue(r, 'nmea.not-nmea').severity).toBe('error');
    expect(r.fixes.count).toBe(0);
  });
});

describe('NMEA dates', () => {
  it('carries the date across midnight when only the first epoch has one', () => {
    const r = read(
      log([
        'GPRMC,235958,A,4807.038,N,01131.000,E,0,0,311299,,',
        'GPGGA,235959,4807.038,N,01131.000,E,1,08,0.9,5,M,,,,',
        'GPGGA,000000,4807.038,N,01131.000,E,1,08,0.9,5,M,,,,',
        'GPGGA,000001.5,4807.038,N,01131.000,E,1,08,0.9,5,M,,,,',
      ]),
    );
    expect(Array.from(r.fixes.t)).toEqual([
      Date.UTC(1999, 11, 31, 23, 59, 58),
      Date.UTC(1999, 11, 31, 23, 59, 59),
      Date.UTC(2000, 0, 1, 0, 0, 0),
      Date.UTC(2000, 0, 1, 0, 0, 1, 500),
    ]);
    expect(codes(r)).toEqual([]);
  });

  it('dates GGA fixes before the first RMC backwards from it, across midnight', () => {
    const r = read(
      log([
        'GPGGA,235959,4807.038,N,01131.000,E,1,08,0.9,5,M,,,,',
        'GPGGA,000000,4807.038,N,01131.000,E,1,08,0.9,5,M,,,,',
        'GPRMC,000001,A,4807.038,N,01131.000,E,0,0,010324,,',
      ]),
    );
    expect(Array.from(r.fixes.t)).toEqual([
      Date.UTC(2024, 1, 29, 23, 59, 59),
      Date.UTC(2024, 2, 1, 0, 0, 0),
      Date.UTC(2024, 2, 1, 0, 0, 1),
    ]);
  });

  it('takes the date from ZDA of the same second', () => {
    const r = read(
      log([
        'GPZDA,032908,07,08,2004,00,00',
        'GPGGA,032908.379,4231.8291,N,08807.3033,W,1,05,1.6,209.8,M,-34.2,M,0.0,0000',
      ]),
    );
    expect(r.fixes.t[0]).toBe(Date.UTC(2004, 7, 7, 3, 29, 8, 379));
  });

  it('a GGA-only log needs a date: times NaN, basis none, needs + issue', () => {
    const r = read(log([GGA, GGA.replace('123519', '123520')]));
    expect(r.fixes.count).toBe(2);
    expect(Number.isNaN(r.fixes.t[0]!)).toBe(true);
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('none');
    expect(r.needs).toHaveLength(1);
    expect(r.needs![0]!.kind).toBe('date');
    expect(r.needs![0]!.message).toContain('12:35:19');
    expect(issue(r, 'nmea.date.missing').severity).toBe('warning');
  });

  it('applies the assumed date to a GGA-only log, across midnight, basis utc', () => {
    const r = read(log([GGA.replace('123519', '235959'), GGA.replace('123519', '000001')]), {
      assumedDate: '2021-12-31',
    });
    expect(r.needs).toBeUndefined();
    expect(Array.from(r.fixes.t)).toEqual([
      Date.UTC(2021, 11, 31, 23, 59, 59),
      Date.UTC(2022, 0, 1, 0, 0, 1),
    ]);
    expect(TIME_BASES[r.fixTimeBasis[1]!]).toBe('utc');
    expect(issue(r, 'nmea.date.assumed').message).toContain('2021-12-31');
  });

  it('reports an assumed date that is not a date', () => {
    const r = read(log([GGA]), { assumedDate: '2021-02-30' });
    expect(issue(r, 'nmea.date.assumed-invalid').severity).toBe('error');
    expect(r.needs).toHaveLength(1);
  });

  it('flags times going backwards with count and first line, keeping file order', () => {
    const r = read(
      log([
        RMC.replace('123519', '194124'),
        RMC.replace('123519', '194111'),
        RMC.replace('123519', '194112'),
      ]),
    );
    expect(r.fixes.count).toBe(3);
    const b = issue(r, 'nmea.time.backwards');
    expect(b.line).toBe(2);
    expect(b.message).toContain('19:41:24.000 to 19:41:11.000');
  });

  it('results do not depend on the host time zone', () => {
    // vitest runs with TZ=Pacific/Chatham; these are exact UTC instants.
    const r = read(log(['GPRMC,000000,A,0000.000,N,00000.000,E,0,0,060180,,']));
    expect(r.fixes.t[0]).toBe(315_964_800_000);
  });

  it('reads two-digit years 80-99 as 19xx and the rest as 20xx', () => {
    const r = read(
      log([
        'GPRMC,000000,A,0000.000,N,00000.000,E,0,0,311299,,',
        'GPRMC,000001,A,0000.000,N,00000.000,E,0,0,010179,,',
      ]),
    );
    expect(new Date(r.fixes.t[0]!).toISOString()).toBe('1999-12-31T00:00:00.000Z');
    expect(new Date(r.fixes.t[1]!).toISOString()).toBe('2079-01-01T00:00:01.000Z');
  });
});

describe('NMEA encodings', () => {
  function utf16(text: string, le: boolean, bom: boolean): Uint8Array {
    const out = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
    let o = 0;
    if (bom) {
      out[o++] = le ? 0xff : 0xfe;
      out[o++] = le ? 0xfe : 0xff;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[o++] = le ? c & 0xff : c >> 8;
      out[o++] = le ? c >> 8 : c & 0xff;
    }
    return out;
  }

  for (const [le, bom] of [
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ] as const) {
    it(`reads UTF-16${le ? 'LE' : 'BE'} ${bom ? 'with' : 'without'} BOM, in any chunking`, () => {
      const bytes = utf16(log([GGA, RMC]), le, bom);
      const r = createNmeaReader({ fileName: 'x', importedAt: Date.UTC(2030, 0, 1) });
      for (let i = 0; i < bytes.length; i += 3) r.push(bytes.subarray(i, i + 3));
      const res = r.finish();
      expect(res.fixes.count).toBe(1);
      expect(res.fixes.ele![0]).toBe(545.4);
      expect(issue(res, 'nmea.encoding').message).toContain(le ? 'UTF-16LE' : 'UTF-16BE');
      const sniff = sniffNmea(bytes, 'x.nmea');
      expect(sniff?.format).toBe('nmea');
      expect(sniff?.confidence).toBe(1);
    });
  }

  it('skips a UTF-8 byte-order mark', () => {
    const r = read(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(log([RMC]))]));
    expect(r.fixes.count).toBe(1);
    expect(codes(r)).toEqual([]);
  });
});

describe('sniffNmea', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('is confident for clean NMEA, ignoring comments and a cut last line', () => {
    const d = sniffNmea(enc('# header\n' + log([RMC, GGA], '\n') + '$GPGSV,3,1,1'), 'a.log');
    expect(d).toMatchObject({ format: 'nmea', confidence: 1 });
    expect(d!.reason).toContain('2 of 2');
  });

  it('scales with the share of valid sentences', () => {
    const bad = sentence(RMC).slice(0, -2) + '00';
    const d = sniffNmea(enc(`${sentence(RMC)}\n${bad}\n${bad}\n${bad}\n`), 'a.log');
    expect(d!.confidence).toBe(0.25);
  });

  it('rejects other text, CSV and GPX', () => {
    expect(sniffNmea(enc('time,lat,lon\n1,2,3\n'), 'a.csv')).toBeNull();
    expect(sniffNmea(enc('<?xml version="1.0"?><gpx></gpx>\n'), 'a.gpx')).toBeNull();
    expect(sniffNmea(new Uint8Array(0), 'empty')).toBeNull();
  });
});
