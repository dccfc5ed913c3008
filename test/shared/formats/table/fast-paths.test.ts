/**
 * The table reader's fast paths must read exactly what the general paths read: rows taken from
 * the bytes (UTF-8) against the same rows decoded first (windows-1252 on ASCII text) and against
 * rows given as string arrays (as XLSX and quoted records are); the fixed-position date-time
 * reader against the token parser; the number read during the split against `parseDecimal`;
 * the growable fix store against plain arrays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLineSplitter } from '../../../../shared/formats/table/byte-lines';
import { RowCells } from '../../../../shared/formats/table/cells';
import { TableDateTimeParser } from '../../../../shared/formats/table/datetime';
import { FixColumnsBuilder } from '../../../../shared/formats/columns';
import type { TableMapping } from '../../../../shared/formats/table/mapping';
import { createTableReader, TableIntake } from '../../../../shared/formats/table/table-reader';
import type { ReaderResult } from '../../../../shared/formats/reader';
import { parseDecimal } from '../../../../shared/xml/numbers';

const enc = new TextEncoder();

const MAPPING: TableMapping = {
  version: 1,
  kind: 'positions',
  // Declared, so a short sample ending in a cut multi-byte character is not taken for windows-1252.
  dialect: {
    delimiter: ',',
    quote: '"',
    decimalComma: false,
    header: true,
    skipRows: 0,
    encoding: 'utf-8',
  },
  columns: [
    { index: 0, role: 'device' },
    { index: 1, role: 'datetime', format: 'DMY' },
    { index: 2, role: 'lat' },
    { index: 3, role: 'lon' },
    { index: 4, role: 'altitude' },
    { index: 5, role: 'speed', format: 'km/h' },
    { index: 6, role: 'heading' },
    { index: 7, role: 'ignition' },
    { index: 8, role: 'door' },
    { index: 9, role: 'fuel-level' },
    { index: 10, role: 'odometer' },
    { index: 11, role: 'driver' },
  ],
};
const HEADER = 'Vehicle,Date Time,Lat,Lon,Alt,Speed,Heading,Ignition,Door,Fuel,Odometer,Driver';

function read(bytes: Uint8Array, mapping: TableMapping, chunk: number): ReaderResult {
  const r = createTableReader({ fileName: 't.csv', mapping, naiveZone: 'Europe/Brussels' });
  for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return r.finish();
}

/** The same rows through the string-array path (what XLSX and quoted records take). */
function readArrays(text: string, mapping: TableMapping): ReaderResult {
  const intake = new TableIntake(mapping, { fileName: 't.csv', naiveZone: 'Europe/Brussels' });
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, k) => intake.row(l.replace(/\r$/, '').split(','), k + 1));
  return intake.result('csv', 'CSV', []);
}

function comparable(r: ReaderResult): unknown {
  const f = r.fixes;
  const col = (a: Float64Array | undefined): (number | string)[] | undefined =>
    a && Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : v));
  return {
    count: f.count,
    t: col(f.t),
    lat: col(f.lat),
    lon: col(f.lon),
    ele: col(f.ele),
    speed: col(f.speedMps),
    heading: col(f.headingDeg),
    basis: Array.from(r.fixTimeBasis),
    parts: r.parts,
    events: r.events,
    issues: r.issues.filter((i) => !i.code.startsWith('table.encoding')),
  };
}

const number = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }).map((v) => v.toFixed(7)),
  fc.integer({ min: -5, max: 400 }).map(String),
  fc.constantFrom(
    '',
    '-',
    'NULL',
    ' 12.5 ',
    '1e3',
    '+7',
    '.5',
    '5.',
    '-0',
    '007',
    '12 km/h',
    'x',
    '1.2.3',
  ),
  fc.constantFrom('99999999999999999', '0.1234567890123456789', '50.85N', 'N 50.85', 'Київ'),
);
const dateTime = fc.oneof(
  fc
    .record({
      d: fc.integer({ min: 0, max: 32 }),
      m: fc.integer({ min: 0, max: 13 }),
      y: fc.integer({ min: 1999, max: 2031 }),
      h: fc.integer({ min: 0, max: 25 }),
      mi: fc.integer({ min: 0, max: 60 }),
      s: fc.integer({ min: 0, max: 60 }),
      sep: fc.constantFrom('.', '/', '-', ','),
      mid: fc.constantFrom(' ', 'T', 't', '_'),
    })
    .map(({ d, m, y, h, mi, s, sep, mid }) => {
      const p = (n: number): string => String(n).padStart(2, '0');
      return `${p(d)}${sep}${p(m)}${sep}${y}${mid}${p(h)}:${p(mi)}:${p(s)}`;
    }),
  fc.constantFrom('31.03.2024 02:30:00', '27.10.2024 02:30:00', '01.03.2024 08:00', '', 'x'),
);
const flag = fc.constantFrom('0', '1', 'on', 'off', '', 'maybe', ' 1');
const text = fc.constantFrom(
  'TRK-1',
  'TRK-2',
  'D-01',
  'D-02',
  '',
  'NULL',
  ' spaced ',
  'Jérôme',
  'Київ',
);
const row = fc
  .tuple(text, dateTime, number, number, number, number, number, flag, flag, number, number, text)
  .map((cells) => cells.join(','));

describe('byte rows read as decoded text rows', () => {
  it('gives the same result through bytes, decoded text and string arrays', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 300 }),
        (rows, eol, chunk) => {
          const csv = [HEADER, ...rows].join(eol) + eol;
          const bytes = enc.encode(csv);
          const viaBytes = comparable(read(bytes, MAPPING, chunk));
          const viaArrays = comparable(readArrays(csv.replace(/\r\n/g, '\n'), MAPPING));
          expect(viaBytes).toEqual(viaArrays);
          if (!/[^\t\n\r -~]/.test(csv)) {
            // ASCII text declared windows-1252 takes the decode-then-split path.
            const latin: TableMapping = {
              ...MAPPING,
              dialect: { ...MAPPING.dialect, encoding: 'windows-1252' },
            };
            expect(comparable(read(bytes, latin, chunk))).toEqual(viaBytes);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('goes on through the quote-aware tokenizer from the first quoted line', () => {
    const rows = [
      'TRK-1,01.03.2024 08:00:00,50.1,4.1,10,36,90,1,0,50,100,D-1',
      '"TRK-1",01.03.2024 08:00:01,50.2,4.2,11,36,90,1,0,50,100,"D-1, relief"',
      'TRK-1,01.03.2024 08:00:02,50.3,4.3,12,36,90,0,0,50,100,D-2',
    ];
    const csv = `${HEADER}\n${rows.join('\n')}\n`;
    for (const chunk of [1, 7, 64, 4096]) {
      const r = read(enc.encode(csv), MAPPING, chunk);
      expect(r.fixes.count).toBe(3);
      expect(Array.from(r.fixes.lat)).toEqual([50.1, 50.2, 50.3]);
      expect(r.events!.filter((e) => e.type === 'driver').map((e) => [e.value, e.line])).toEqual([
        ['D-1', 2],
        ['D-1, relief', 3],
        ['D-2', 4],
      ]);
    }
  });
});

describe('ByteLineSplitter', () => {
  function split(text: string, chunk: number): { lines: [string, number][]; rest: string } {
    const bytes = enc.encode(text);
    const lines: [string, number][] = [];
    const s = new ByteLineSplitter(34, {
      line: (b, start, end, line) =>
        lines.push([new TextDecoder().decode(b.subarray(start, end)), line]),
    });
    let rest: Uint8Array | undefined;
    let i = 0;
    for (; i < bytes.length && !rest; i += chunk) rest = s.push(bytes.subarray(i, i + chunk));
    rest ??= s.finish();
    // After a hand-over the caller gives the chunks that follow to the text tokenizer.
    const after = rest
      ? new TextDecoder().decode(rest) + new TextDecoder().decode(bytes.subarray(i))
      : '';
    return { lines, rest: after };
  }

  it('numbers lines, drops CR before LF, keeps a last line without LF', () => {
    for (const chunk of [1, 2, 3, 5, 100]) {
      expect(split('a,b\r\n\nc\r\nd', chunk)).toEqual({
        lines: [
          ['a,b', 1],
          ['', 2],
          ['c', 3],
          ['d', 4],
        ],
        rest: '',
      });
    }
  });

  it('hands over everything from the first line holding a quote', () => {
    for (const chunk of [1, 4, 100]) {
      expect(split('a\nb\nc,"d\ne"\nf\n', chunk)).toEqual({
        lines: [
          ['a', 1],
          ['b', 2],
        ],
        rest: 'c,"d\ne"\nf\n',
      });
    }
  });
});

describe('TableDateTimeParser fixed shape', () => {
  it('reads DD.MM.YYYY HH:MM:SS and its kin exactly as the token parser does', () => {
    const chars = fc.constantFrom(
      ...'0123456789012345678901234567890123456789.-/: Tt,xZ+'.split(''),
    );
    const shaped = fc
      .tuple(
        fc.constantFrom('01.03.2024 08:00:00', '2024-03-01T08:00:00', '12/31/2024 23:59:59'),
        fc.array(fc.tuple(fc.nat(18), chars), { maxLength: 3 }),
      )
      .map(([base, edits]) => {
        const a = base.split('');
        for (const [i, c] of edits) a[i] = c;
        return a.join('');
      });
    fc.assert(
      fc.property(shaped, fc.constantFrom('DMY', 'MDY', 'YMD'), (s, order) => {
        const p = new TableDateTimeParser(order as 'DMY');
        const viaText = p.parseDateTime(s);
        const textOffset = p.offsetMinutes;
        const viaBytes = p.parseDateTimeBytes(enc.encode(s), 0, s.length);
        expect(viaBytes).toEqual(viaText);
        expect(p.offsetMinutes).toEqual(textOffset);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('RowCells', () => {
  it('reads plain decimals during the split exactly as parseDecimal, or leaves them', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ min: -1000, max: 1000, noNaN: true }).map((v) => v.toFixed(9)),
      fc.stringMatching(/^[-+]?[0-9]{0,18}\.?[0-9]{0,18}$/),
      fc.string({ maxLength: 6 }).filter((s) => !s.includes(',')),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        const line = cells.join(',');
        const bytes = enc.encode(line);
        const rc = new RowCells().setBytes(bytes, 0, bytes.length, 44, new TextDecoder());
        expect(rc.length).toBe(cells.length);
        cells.forEach((c, i) => {
          expect(rc.text(i)).toBe(c);
          const fast = rc.plainDecimal(i);
          if (!Number.isNaN(fast)) expect(Object.is(fast, parseDecimal(c))).toBe(true);
        });
        expect(rc.plainDecimal(cells.length)).toBeNaN();
      }),
      { numRuns: 500 },
    );
  });
});

describe('FixColumnsBuilder', () => {
  it('keeps every value across growth, back-fills late columns with NaN, builds exact arrays', () => {
    const n = (1 << 20) + 12_345; // past the move to resizable buffers
    const store = new FixColumnsBuilder(16);
    for (let i = 0; i < n; i++) {
      store.push(i * 1000, i % 90, -(i % 180), i % 5);
      if (i >= 700_000) store.set('speedMps', i, i / 2);
      if (i % 3 === 0) store.set('ele', i, i);
    }
    const { fixes, fixTimeBasis } = store.build();
    expect(fixes.count).toBe(n);
    for (const col of [fixes.t, fixes.lat, fixes.lon, fixes.ele!, fixes.speedMps!, fixTimeBasis]) {
      expect(col.length).toBe(n);
      expect(col.byteOffset).toBe(0);
      expect(col.buffer.byteLength).toBe(col.byteLength);
    }
    expect(fixes.headingDeg).toBeUndefined();
    for (const i of [0, 1, 699_999, 700_000, 1 << 20, n - 1]) {
      expect(fixes.t[i]).toBe(i * 1000);
      expect(fixes.lat[i]).toBe(i % 90);
      expect(fixes.lon[i]).toBe(-(i % 180));
      expect(fixTimeBasis[i]).toBe(i % 5);
      expect(fixes.speedMps![i]).toBe(i >= 700_000 ? i / 2 : NaN);
      expect(fixes.ele![i]).toBe(i % 3 === 0 ? i : NaN);
    }
  });
});
