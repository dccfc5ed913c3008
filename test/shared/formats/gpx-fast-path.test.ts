/**
 * The GPX reader's byte-level fast path (shared/formats/gpx-point-scan.ts) must give exactly
 * what the general tokenizer path gives: same columns, parts, waypoints and issues (with their
 * locations), whatever the chunking. Compared here on every fixture and on a document mixing
 * the shapes the fast path reads with the ones it must hand back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGpxReader } from '../../../shared/formats/gpx';
import { PointScanner, SCAN_FALLBACK } from '../../../shared/formats/gpx-point-scan';
import type { ReaderResult } from '../../../shared/formats/reader';
import { TIME_BASIS_CODES } from '../../../shared/model';
import { IsoTimeParser } from '../../../shared/time/iso';

const enc = new TextEncoder();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/gpx');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping GPX fast-path fixture comparison: ${fixturesDir} not present`);

/** A result with typed arrays turned into plain arrays, so toEqual compares NaN-aware. */
function plain(r: ReaderResult): unknown {
  const f = r.fixes;
  const col = (c: Float64Array | undefined): number[] | undefined => (c ? [...c] : undefined);
  return {
    ...r,
    fixes: {
      count: f.count,
      t: col(f.t),
      lat: col(f.lat),
      lon: col(f.lon),
      ele: col(f.ele),
      speedMps: col(f.speedMps),
      headingDeg: col(f.headingDeg),
      accuracyM: col(f.accuracyM),
    },
    fixTimeBasis: [...r.fixTimeBasis],
  };
}

function read(bytes: Uint8Array, fastPath: boolean, cuts: number[] = []): unknown {
  const r = createGpxReader({ fileName: 't.gpx' }, { fastPath });
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    // A copy per push, scribbled over afterwards: nothing may keep pointing into a chunk.
    const chunk = bytes.slice(from, c);
    r.push(chunk);
    chunk.fill(0x3c);
    from = c;
  }
  return plain(r.finish());
}

function everyChunk(bytes: Uint8Array, size: number): number[] {
  const cuts: number[] = [];
  for (let c = size; c < bytes.length; c += size) cuts.push(c);
  return cuts;
}

// Every shape in one document: plain points (fast), extensions, prefixes, attributes on
// children, a self-closing point, rejected points, a naive time, a backwards time, a comment
// and an entity inside points, CDATA, a route, an orphan point, and a multi-byte name.
const MIXED = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1" xmlns:g="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
 <wpt lat="1" lon="2"><name>Zoë</name><time>2020-01-01T00:00:00Z</time></wpt>
 <trk><name>A &amp; B</name><trkseg>
  <trkpt lat="50.1" lon="4.1"><ele>10</ele><time>2020-01-01T10:00:00Z</time></trkpt>
  <trkpt lon="4.2" lat='50.2' extra="x&amp;y"><ele unit="m">11.5</ele><time>2020-01-01T10:00:01.250Z</time><sat>7</sat></trkpt>
  <trkpt lat="50.3" lon="4.3">
    <ele> 12 </ele>
    <time>2020-01-01T12:00:02+02:00</time>
    <extensions><g:TrackPointExtension><g:speed>3.5</g:speed><g:course>90</g:course><g:hr>120</g:hr></g:TrackPointExtension><hAcc>4</hAcc></extensions>
  </trkpt>
  <trkpt lat="50.4" lon="4.4"/>
  <trkpt lat="95" lon="4.5"><ele>1</ele></trkpt>
  <trkpt lat="x" lon="4.6"/>
  <trkpt lat="50.7" lon="4.7"><time>2020-01-01T10:00:03</time></trkpt>
  <trkpt lat="50.8" lon="4.8"><time>2020-01-01T10:00:04</time></trkpt>
  <trkpt lat="50.9" lon="4.9"><time>2020-01-01T09:00:00Z</time></trkpt>
  <trkpt lat="51.0" lon="5.0"><time>2020-01-01T08:00:00Z</time></trkpt>
  <trkpt lat="51.1" lon="5.1"><!-- c --><ele>13</ele></trkpt>
  <trkpt lat="51.2" lon="5.2"><ele>1&#52;</ele><speed>bad</speed></trkpt>
  <trkpt lat="51.3" lon="5.3"><ele><![CDATA[15]]></ele><name>p</name><desc/></trkpt>
  <trkpt lat="-51.4" lon="-5.4"><ele>-16.25</ele><time>2020-01-01T11:00:00Z</time><naïve>x</naïve></trkpt>
  <trkpt lat="+51.5" lon="5.5e0"><ele>.5</ele></trkpt>
  <trkpt lat="51.6" lon="5.6"><ele>1.000000000000000001</ele></trkpt>
  <:trkpt lat="51.7" lon="5.7"><:ele>17</:ele><a:b:ele>18</a:b:ele></:trkpt>
 </trkseg><trkseg></trkseg></trk>
 <rte><rtept lat="1.5" lon="2.5"><time>2020-01-02T00:00:00Z</time></rtept><trkpt lat="0" lon="0"/></rte>
 <trkpt lat="3" lon="4"/>
</gpx>
`;
const mixed = enc.encode(MIXED);

describe('GPX fast path', () => {
  it('gives what the general path gives on a document with every shape', () => {
    const general = read(mixed, false);
    expect(read(mixed, true)).toEqual(general);
    const r = general as { fixes: { count: number }; issues: { code: string }[] };
    // The document really exercises both paths and every report.
    expect(r.fixes.count).toBe(17);
    expect(r.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining([
        'gpx.point.out-of-range',
        'gpx.point.invalid-coordinate',
        'gpx.point.misplaced',
        'gpx.point.orphan',
        'gpx.time.no-zone',
        'gpx.time.backwards',
        'gpx.value.invalid',
      ]),
    );
  });

  it('gives the same result for a split at every byte offset', () => {
    const general = read(mixed, false);
    for (let cut = 1; cut < mixed.length; cut++) expect(read(mixed, true, [cut])).toEqual(general);
  });

  it('gives the same result for random chunkings (property)', () => {
    const general = read(mixed, false);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: mixed.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          expect(
            read(
              mixed,
              true,
              [...cuts].sort((a, b) => a - b),
            ),
          ).toEqual(general);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('locates a rejected point, the first naive and the first backwards time among fast points', () => {
    const lines = ['<gpx version="1.1"><trk><trkseg>'];
    for (let i = 0; i < 50; i++)
      lines.push(
        `<trkpt lat="1.${i}" lon="2"><time>2020-01-01T10:00:${String(i).padStart(2, '0')}Z</time></trkpt>`,
      );
    lines.push('  <trkpt lat="1" lon="200"/>'); // line 52, column 3
    lines.push('<trkpt lat="1" lon="2"><time>2020-01-01T10:00:00Z</time></trkpt>'); // backwards: line 53
    lines.push('<trkpt lat="1" lon="2"><time>2020-01-01T10:01:00</time></trkpt>'); // naive: line 54, `</time>` at column 49
    lines.push('<trkpt lat="1" lon="2"><time>2020-01-01T10:01:01</time></trkpt>');
    lines.push('</trkseg></trk></gpx>');
    const bytes = enc.encode(lines.join('\n'));
    for (const fastPath of [true, false]) {
      const r = createGpxReader({ fileName: 't.gpx' }, { fastPath });
      r.push(bytes);
      const out = r.finish();
      expect(out.fixes.count).toBe(53);
      const at = (code: string): unknown => {
        const i = out.issues.find((x) => x.code === code);
        return i && { line: i.line, column: i.column };
      };
      expect(at('gpx.point.out-of-range')).toEqual({ line: 52, column: 3 });
      expect(at('gpx.time.backwards')).toEqual({ line: 53, column: 57 });
      expect(at('gpx.time.no-zone')).toEqual({ line: 54, column: 49 }); // at its </time>
      expect(out.issues.find((x) => x.code === 'gpx.time.no-zone')!.message).toContain('2 time(s)');
    }
  });

  it.skipIf(!present)(
    'gives what the general path gives on every GPX fixture, in any chunking',
    () => {
      const files = fs.readdirSync(fixturesDir).filter((f) => /\.(gpx|xml)$/i.test(f));
      expect(files.length).toBeGreaterThan(20);
      for (const name of files) {
        const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
        const general = read(bytes, false);
        for (const size of [1 << 20, 997, 61]) {
          expect(
            read(bytes, true, everyChunk(bytes, size)),
            `${name} in ${size}-byte chunks`,
          ).toEqual(general);
        }
      }
    },
  );
});

describe('PointScanner', () => {
  const codes = {
    utc: TIME_BASIS_CODES.utc,
    offset: TIME_BASIS_CODES.offset,
    naive: TIME_BASIS_CODES['naive-as-utc'],
  };
  const scan = (s: string, track = true): { end: number; p: PointScanner } => {
    const p = new PointScanner(new IsoTimeParser(), codes);
    const b = enc.encode(s);
    return { end: p.scan(b, 0, b.length, track), p };
  };

  it('reads a plain point and returns the index after its end tag', () => {
    const s =
      '<trkpt lat="-50.5" lon="4.25"><ele>7.5</ele><time>2020-01-01T00:00:01.5Z</time><speed>2</speed></trkpt>';
    const { end, p } = scan(`${s}   `);
    expect(end).toBe(s.length);
    expect([p.lat, p.lon, p.ele, p.speed, p.t, p.basis]).toEqual([
      -50.5,
      4.25,
      7.5,
      2,
      Date.UTC(2020, 0, 1, 0, 0, 1) + 500,
      codes.utc,
    ]);
    expect(p.course).toBeNaN();
    expect(scan('<x:rtept lon="1" lat="2"/>', false).end).toBe(26);
  });

  it.each([
    ['a point of the other kind', '<rtept lat="1" lon="2"/>'],
    ['a missing coordinate', '<trkpt lat="1"/>'],
    ['an out-of-range coordinate', '<trkpt lat="1" lon="181"/>'],
    ['an entity in a coordinate', '<trkpt lat="1" lon="&#50;"/>'],
    ['a comment', '<trkpt lat="1" lon="2"><!-- x --></trkpt>'],
    ['CDATA', '<trkpt lat="1" lon="2"><ele><![CDATA[1]]></ele></trkpt>'],
    ['an entity in a value', '<trkpt lat="1" lon="2"><ele>&#49;</ele></trkpt>'],
    ['a bad number', '<trkpt lat="1" lon="2"><ele>1m</ele></trkpt>'],
    ['an empty value', '<trkpt lat="1" lon="2"><ele></ele></trkpt>'],
    ['a bad time', '<trkpt lat="1" lon="2"><time>soon</time></trkpt>'],
    ['a mismatched end tag', '<trkpt lat="1" lon="2"><ele>1</elf></trkpt>'],
    ['a non-ASCII name', '<trkpt lat="1" lon="2"><é>1</é></trkpt>'],
    ['a truncated point', '<trkpt lat="1" lon="2"><ele>1</ele>'],
    ['an unquoted attribute', '<trkpt lat=1 lon="2"/>'],
    ['attributes without space', '<trkpt lat="1"lon="2"/>'],
    ['an element inside a value', '<trkpt lat="1" lon="2"><ele>1<b/></ele></trkpt>'],
  ])('hands %s back to the general path', (_what, s) => {
    expect(scan(s).end).toBe(SCAN_FALLBACK);
  });

  it('counts naive times, reads offsets', () => {
    const naive = scan('<trkpt lat="1" lon="2"><time>2020-01-01T00:00:00</time></trkpt>').p;
    expect([naive.naiveTimes, naive.basis]).toEqual([1, codes.naive]);
    const offset = scan('<trkpt lat="1" lon="2"><time>2020-01-01T02:00:00+02:00</time></trkpt>').p;
    expect([offset.naiveTimes, offset.basis, offset.t]).toEqual([
      0,
      codes.offset,
      Date.UTC(2020, 0, 1),
    ]);
  });
});
