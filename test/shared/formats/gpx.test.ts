import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGpxReader } from '../../../shared/formats/gpx';
import { detectFormat } from '../../../shared/formats/detect';
import type { ReaderResult } from '../../../shared/formats/reader';

const enc = new TextEncoder();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/gpx');

function read(bytes: Uint8Array, cuts: number[] = []): ReaderResult {
  const r = createGpxReader({ fileName: 't.gpx' });
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    r.push(bytes.slice(from, c));
    from = c;
  }
  return r.finish();
}

const codes = (r: ReaderResult): string[] => r.issues.map((i) => i.code);

describe('GPX reader', () => {
  it('reads namespaced 1.1 with prefix, speed/course extensions, routes and waypoints', () => {
    const doc = `<?xml version="1.0"?>
<x:gpx xmlns:x="http://www.topografix.com/GPX/1/1" creator="me">
 <x:wpt lat="1" lon="2"><x:name>home</x:name><x:time>2020-01-01T00:00:00+02:00</x:time></x:wpt>
 <x:trk><x:name>T</x:name><x:trkseg>
  <x:trkpt lat="10" lon="20"><x:ele>5</x:ele><x:time>2020-01-01T10:00:00Z</x:time>
   <x:extensions><t:TrackPointExtension xmlns:t="t"><t:speed>3.5</t:speed><t:course>90</t:course></t:TrackPointExtension></x:extensions></x:trkpt>
  <x:trkpt lat="11" lon="21"/>
 </x:trkseg></x:trk>
 <x:rte><x:rtept lat="-1" lon="-2"/></x:rte>
</x:gpx>`;
    const r = read(enc.encode(doc));
    expect(r.readable).toBe(true);
    expect(r.formatDetail).toBe('GPX 1.1 (me)');
    expect(r.fixes.count).toBe(3);
    expect([...r.fixes.lat]).toEqual([10, 11, -1]);
    expect(r.fixes.t[0]).toBe(Date.UTC(2020, 0, 1, 10));
    expect(r.fixes.t[1]).toBeNaN();
    expect(r.fixes.speedMps?.[0]).toBe(3.5);
    expect(r.fixes.headingDeg?.[0]).toBe(90);
    expect(r.fixes.ele?.[1]).toBeNaN();
    expect(r.parts).toEqual([
      { kind: 'track', name: 'T', segments: [{ start: 0, end: 2 }] },
      { kind: 'route', segments: [{ start: 2, end: 3 }] },
    ]);
    expect(r.waypoints).toEqual([
      { lat: 1, lon: 2, t: Date.UTC(2019, 11, 31, 22), timeBasis: 'offset', name: 'home', line: 3 },
    ]);
  });

  it('reports rejected rows, naive and backwards times, with locations', () => {
    const doc = `<gpx version="1.0"><trk><trkseg>
<trkpt lat="95" lon="0"/>
<trkpt lon="0"/>
<trkpt lat="1" lon="1"><time>2020-01-01T10:00:00</time></trkpt>
<trkpt lat="1" lon="1"><time>2020-01-01T09:00:00</time></trkpt>
<trkpt lat="1" lon="1"><time>garbage</time></trkpt>
</trkseg></trk></gpx>`;
    const r = read(enc.encode(doc));
    expect(r.fixes.count).toBe(3);
    const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
    expect(byCode['gpx.point.out-of-range']).toMatchObject({
      line: 2,
      column: 1,
      severity: 'warning',
    });
    expect(byCode['gpx.point.missing-coordinate']).toMatchObject({ line: 3 });
    expect(byCode['gpx.time.no-zone']).toMatchObject({ line: 4 });
    expect(byCode['gpx.time.no-zone']!.message).toContain('2 time(s)');
    expect(byCode['gpx.time.backwards']).toMatchObject({ line: 5 });
    expect(byCode['gpx.time.invalid']).toMatchObject({ line: 6 });
    expect(r.fixTimeBasis[0]).toBe(4); // naive-as-utc
  });

  it('keeps what was read before malformed XML and reports the location', () => {
    const doc = `<gpx><trk><trkseg><trkpt lat="1" lon="2"/>\n<trkpt lat="3" lon="4"></trkseg></trk></gpx>`;
    const r = read(enc.encode(doc));
    expect(r.readable).toBe(true);
    expect(r.fixes.count).toBe(1);
    expect(r.issues.find((i) => i.severity === 'error')).toMatchObject({
      code: 'xml.mismatched-tag',
      line: 2,
    });
    expect(r.parts[0]!.segments).toEqual([{ start: 0, end: 1 }]);
  });

  it('reports truncation at the end of the file', () => {
    const doc = `<gpx><trk><trkseg><trkpt lat="1" lon="2"/>\n<trkpt lat="3" lo`;
    const r = read(enc.encode(doc));
    expect(r.fixes.count).toBe(1);
    expect(r.issues.find((i) => i.severity === 'error')).toMatchObject({
      code: 'xml.truncated',
      line: 2,
      column: 1,
    });
  });

  it('refuses non-GPX content', () => {
    expect(read(enc.encode('<kml><Document/></kml>'))).toMatchObject({ readable: false });
    expect(codes(read(enc.encode('<kml/>')))).toEqual(['gpx.not-gpx']);
    expect(codes(read(enc.encode('{"json": true}')))).toEqual(['gpx.not-xml']);
    expect(codes(read(new Uint8Array(0)))).toEqual(['gpx.not-xml']);
  });

  it('decodes UTF-16 (BOM), windows-1252 declared, and UTF-8 split inside characters', () => {
    const doc = `<?xml version="1.0" encoding="UTF-16"?><gpx><wpt lat="1" lon="2"><name>Zoë € 𝄞</name></wpt></gpx>`;
    const le = new Uint8Array(2 + doc.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < doc.length; i++) {
      le[2 + i * 2] = doc.charCodeAt(i) & 0xff;
      le[3 + i * 2] = doc.charCodeAt(i) >> 8;
    }
    expect(read(le, [7, 101]).waypoints[0]!.name).toBe('Zoë € 𝄞');
    const cp = `<?xml version="1.0" encoding="windows-1252"?><gpx><wpt lat="1" lon="2"><name>Zo\xeb \x80</name></wpt></gpx>`;
    const cpBytes = Uint8Array.from(cp, (c) => c.charCodeAt(0));
    expect(read(cpBytes).waypoints[0]!.name).toBe('Zoë €');
    const u8 = enc.encode(`<gpx><wpt lat="1" lon="2"><name>Zoë € 𝄞</name></wpt></gpx>`);
    for (let i = 1; i < u8.length; i++) expect(read(u8, [i]).waypoints[0]!.name).toBe('Zoë € 𝄞');
  });

  it('detects GPX by content, behind BOM, declaration, comments and doctype', () => {
    const head = enc.encode(
      '\ufeff<?xml version="1.0"?>\n<!-- c --><!DOCTYPE g><g:gpx xmlns:g="x">',
    );
    expect(detectFormat(head, 'whatever.txt')).toEqual({
      format: 'gpx',
      reason: 'root element <gpx>',
      confidence: 1,
    });
    expect(detectFormat(enc.encode('<kml/>'), 'a.gpx')?.format).not.toBe('gpx');
    expect(detectFormat(enc.encode('lat,lon\n1,2'), 'a.gpx')?.format).not.toBe('gpx');
  });
});

// --- property tests -------------------------------------------------------------------------

interface GenPoint {
  lat: number;
  lon: number;
  t: number | null;
  offsetMin: number;
  ele: number | null;
}

function fmtTime(t: number, offsetMin: number): string {
  const local = new Date(t + offsetMin * 60_000).toISOString().slice(0, 23);
  if (offsetMin === 0) return `${local}Z`;
  const a = Math.abs(offsetMin);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${local}${offsetMin < 0 ? '-' : '+'}${hh}:${mm}`;
}

const pointArb = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  t: fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }), { nil: null }),
  offsetMin: fc.integer({ min: -14 * 60, max: 14 * 60 }),
  ele: fc.option(fc.double({ min: -500, max: 9000, noNaN: true }), { nil: null }),
});
const junkArb = fc.constantFrom(
  '',
  ' ',
  '\n\t',
  '<!-- x > y -->',
  '<?pi x?>',
  '<ext:a xmlns:ext="e" k="v"><ext:b/></ext:a>',
);

function renderDoc(tracks: GenPoint[][][], junk: string[]): string {
  let j = 0;
  const J = (): string => junk[j++ % junk.length] ?? '';
  const outside = (x: string): string => (x.includes('<ext') ? '\n' : x);
  let s = `<?xml version="1.0" encoding="UTF-8"?>${outside(J())}<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">`;
  for (const segs of tracks) {
    s += `${J()}<trk>${J()}<name><![CDATA[t]]></name>`;
    for (const seg of segs) {
      s += `<trkseg>${J()}`;
      for (const p of seg) {
        const q = j % 2 ? '"' : "'";
        s += `<trkpt ${j % 3 ? '\n\t' : ''} lat=${q}${p.lat}${q}\nlon=${q}${p.lon}${q}>${J()}`;
        if (p.ele !== null) s += `<ele>${J() === '' ? p.ele : ` ${p.ele} `}</ele>`;
        if (p.t !== null) s += `<time>${fmtTime(p.t, p.offsetMin)}</time>${J()}`;
        s += `</trkpt>`;
      }
      s += `</trkseg>${J()}`;
    }
    s += `</trk>`;
  }
  return `${s}</gpx>${outside(J())}`;
}

describe('GPX reader properties', () => {
  it('returns exactly the generated points, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.array(pointArb, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), {
          maxLength: 3,
        }),
        fc.array(junkArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (tracks, junk, rawCuts) => {
          const bytes = enc.encode(renderDoc(tracks, junk));
          const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const r = read(bytes, cuts);
          const flat = tracks.flat(2);
          expect(r.readable).toBe(true);
          expect(r.fixes.count).toBe(flat.length);
          flat.forEach((p, i) => {
            expect(r.fixes.lat[i]).toBe(Number(String(p.lat))); // as written: -0 prints as 0
            expect(r.fixes.lon[i]).toBe(Number(String(p.lon)));
            if (p.t === null) expect(r.fixes.t[i]).toBeNaN();
            else expect(r.fixes.t[i]).toBe(p.t);
            if (p.ele === null) expect(r.fixes.ele?.[i] ?? NaN).toBeNaN();
            else expect(r.fixes.ele![i]).toBe(Number(String(p.ele)));
          });
          expect(r.parts.length).toBe(tracks.length);
          expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes, truncations or mutations of real files', () => {
    const samples = fs.existsSync(fixturesDir)
      ? [
          'togeojson_run.gpx',
          'EDGE_gpxpy_gpx1.1_with_all_fields.gpx',
          'EDGE_togeojson_bad.gpx',
        ].map((f) => new Uint8Array(fs.readFileSync(path.join(fixturesDir, f))))
      : [enc.encode(renderDoc([[[{ lat: 1, lon: 2, t: 0, offsetMin: 60, ele: 3 }]]], [' ']))];
    const check = (bytes: Uint8Array, cuts: number[]): void => {
      const r = read(
        bytes,
        cuts.filter((c) => c <= bytes.length).sort((a, b) => a - b),
      );
      expect(typeof r.readable).toBe('boolean');
      expect(r.fixes.count).toBe(r.fixes.lat.length);
      for (const issue of r.issues) expect(issue.code).not.toBe('gpx.internal-error');
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400)), (b, cuts) =>
        check(b, cuts),
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.array(fc.nat(100_000), { maxLength: 4 }),
        (k, cut, muts, cuts) => {
          const src = samples[k]!;
          const b = src.slice(0, cut % (src.length + 1));
          for (const [at, v] of muts) if (b.length > 0) b[at % b.length] = v;
          check(b, cuts);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('host zone independence', () => {
  it('gives the same UTC numbers under different TZ values', () => {
    const script = `
      import { createGpxReader } from ${JSON.stringify(path.join(repoRoot, 'shared/formats/gpx.ts'))};
      const r = createGpxReader({ fileName: 'z.gpx' });
      r.push(new TextEncoder().encode('<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2023-03-26T02:30:00</time></trkpt><trkpt lat="1" lon="2"><time>2023-10-29T02:30:00+02:00</time></trkpt></trkseg></trk></gpx>'));
      const res = r.finish();
      console.log(JSON.stringify([...res.fixes.t]));`;
    const run = (tz: string): string =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: repoRoot,
        env: { ...process.env, TZ: tz },
      })
        .toString()
        .trim();
    const expected = JSON.stringify([Date.UTC(2023, 2, 26, 2, 30), Date.UTC(2023, 9, 29, 0, 30)]);
    expect(run('Pacific/Chatham')).toBe(expected);
    expect(run('America/Los_Angeles')).toBe(expected);
  });
});
