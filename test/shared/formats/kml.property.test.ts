/**
 * Property tests for the KML and KMZ readers: no byte sequence crashes or hangs them, chunking
 * never changes the result, and a file cut anywhere keeps every complete placemark and every
 * complete gx:Track point before the cut — and invents no point that is not in the file.
 */
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createKmlReader } from '../../../shared/formats/kml';
import type { KmlReaderResult } from '../../../shared/formats/kml-types';
import { createKmzReader } from '../../../shared/formats/kmz';

const enc = new TextEncoder();

type Pt = { lon: number; lat: number; alt: number | null; t: number | null };
type Pm =
  | { kind: 'point'; name: string; p: Pt }
  | { kind: 'line'; name: string; pts: Pt[]; sloppy: boolean }
  | { kind: 'track'; name: string; pts: Pt[]; timesFirst: boolean; gx: boolean };

const coord = (n: number) => (n / 1e6).toFixed(6);
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

const ptArb = (timed: boolean): fc.Arbitrary<Pt> =>
  fc.record({
    lon: fc.integer({ min: -180e6, max: 180e6 }),
    lat: fc.integer({ min: -90e6, max: 90e6 }),
    alt: fc.option(fc.integer({ min: -400, max: 9000 }), { nil: null }),
    t: timed
      ? fc
          .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
          .map((s) => s * 1000)
      : fc.constant(null),
  });

const nameArb = fc.stringMatching(/^[A-Za-z0-9 ]{0,8}$/);

const pmArb: fc.Arbitrary<Pm> = fc.oneof(
  fc.record({
    kind: fc.constant('point' as const),
    name: nameArb,
    p: fc.boolean().chain((timed) => ptArb(timed)),
  }),
  fc.record({
    kind: fc.constant('line' as const),
    name: nameArb,
    pts: fc.array(ptArb(false), { minLength: 1, maxLength: 6 }),
    sloppy: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('track' as const),
    name: nameArb,
    pts: fc.array(ptArb(true), { minLength: 1, maxLength: 6 }),
    timesFirst: fc.boolean(),
    gx: fc.boolean(),
  }),
);

function tuple(p: Pt, sep: string): string {
  return `${coord(p.lon)}${sep}${coord(p.lat)}${p.alt === null ? '' : `${sep}${p.alt}`}`;
}

function serialise(pms: Pm[]): string {
  let s =
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n';
  for (const pm of pms) {
    s += `<Placemark><name>${pm.name}</name>\n`;
    if (pm.kind === 'point') {
      if (pm.p.t !== null) s += `<TimeStamp><when>${iso(pm.p.t)}</when></TimeStamp>\n`;
      s += `<Point><coordinates>${tuple(pm.p, ',')}</coordinates></Point>\n`;
    } else if (pm.kind === 'line') {
      s += `<LineString><coordinates>\n${pm.pts.map((p) => tuple(p, pm.sloppy ? ', ' : ',')).join('\n ')}\n</coordinates></LineString>\n`;
    } else {
      const g = pm.gx ? 'gx:' : '';
      const when = pm.pts.map((p) => `<when>${iso(p.t!)}</when>\n`);
      const c = pm.pts.map((p) => `<${g}coord>${tuple(p, ' ')}</${g}coord>\n`);
      s += `<${g}Track>\n`;
      s += pm.timesFirst ? when.join('') + c.join('') : when.map((w, i) => w + c[i]).join('');
      s += `</${g}Track>\n`;
    }
    s += '</Placemark>\n';
  }
  return `${s}</Document>\n</kml>\n`;
}

function readKml(bytes: Uint8Array, cuts: number[] = []): KmlReaderResult {
  const r = createKmlReader({ fileName: 'p.kml' });
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c > from && c < bytes.length) {
      r.push(bytes.subarray(from, c));
      from = c;
    }
  }
  r.push(bytes.subarray(from));
  return r.finish();
}

const key = (lon: number, lat: number) => `${lon.toFixed(6)},${lat.toFixed(6)}`;

/** Every position the reader returned: fixes and waypoints. */
function positions(r: KmlReaderResult): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.fixes.count; i++) out.push(key(r.fixes.lon[i]!, r.fixes.lat[i]!));
  for (const w of r.waypoints) out.push(key(w.lon, w.lat));
  return out;
}

function multiset(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

function expectSubMultiset(sub: string[], sup: string[], what: string): void {
  const s = multiset(sup);
  for (const [k, n] of multiset(sub))
    expect(s.get(k) ?? 0, `${what}: ${k}`).toBeGreaterThanOrEqual(n);
}

const pointsOf = (pm: Pm): Pt[] => (pm.kind === 'point' ? [pm.p] : pm.pts);
const ptKey = (p: Pt) => key(p.lon / 1e6, p.lat / 1e6);

describe('KML reader properties', () => {
  it('reads generated files completely, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(pmArb, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (pms, cuts) => {
          const bytes = enc.encode(serialise(pms));
          const whole = readKml(bytes);
          // Random times may go backwards and lines have no times; nothing else is wrong.
          const expected = ['kml.time.backwards', 'kml.time.missing', 'kml.no-points'];
          expect(
            whole.issues.filter((i) => i.severity !== 'info' && !expected.includes(i.code)),
          ).toEqual([]);
          const all = pms.flatMap(pointsOf).map(ptKey);
          expect(positions(whole).sort()).toEqual([...all].sort());
          const chunked = readKml(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(chunked).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every complete placemark and track point before a cut, and invents nothing', () => {
    fc.assert(
      fc.property(
        fc.array(pmArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.nat(),
        (pms, atTag, k) => {
          const text = serialise(pms);
          // Half the cuts land anywhere, half just after a closing tag inside a track.
          const ends = [...text.matchAll(/<\/(?:gx:)?(?:when|coord)>/g)].map(
            (m) => m.index + m[0].length,
          );
          const cut = ends.length > 0 && atTag ? ends[k % ends.length]! : k % (text.length + 1);
          const prefix = text.slice(0, cut);
          const r = readKml(enc.encode(prefix));
          const got = positions(r);
          const all = pms.flatMap(pointsOf).map(ptKey);
          expectSubMultiset(got, all, 'invented point');
          // Complete placemarks: their end tag lies before the cut.
          const complete: string[] = [];
          let pos = 0;
          for (const pm of pms) {
            const end = text.indexOf('</Placemark>', pos) + '</Placemark>'.length;
            pos = end;
            if (end <= cut) complete.push(...pointsOf(pm).map(ptKey));
            else if (pm.kind === 'track') {
              // The placemark is cut: its track points whose <when> and coord both ended count.
              const start = text.lastIndexOf('<Placemark>', end);
              const body = text.slice(start, cut);
              const whens = body.split('</when>').length - 1;
              const coords =
                body.split('coord>').length -
                1 -
                (body.split('<coord>').length - 1) -
                (body.split('<gx:coord>').length - 1);
              const n = Math.min(whens, coords);
              complete.push(...pm.pts.slice(0, n).map(ptKey));
            }
          }
          expectSubMultiset(complete, got, 'lost point');
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never throws or hangs on arbitrary or mutated bytes', () => {
    const seed = enc.encode(
      serialise([
        {
          kind: 'track',
          name: 'a',
          pts: [{ lon: 1e6, lat: 2e6, alt: 3, t: 1e12 }],
          timesFirst: true,
          gx: true,
        },
        {
          kind: 'line',
          name: 'b',
          pts: [{ lon: 1e6, lat: 2e6, alt: null, t: null }],
          sloppy: true,
        },
        { kind: 'point', name: 'c', p: { lon: 1e6, lat: 2e6, alt: null, t: 1e12 } },
      ]),
    );
    const mutated = fc
      .array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 })
      .map((edits) => {
        const b = seed.slice();
        for (const [i, v] of edits) b[i] = v;
        return b;
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), mutated),
        fc.array(fc.nat(), { maxLength: 4 }),
        (bytes, cuts) => {
          const started = Date.now();
          const r = readKml(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          );
          expect(Array.isArray(r.issues)).toBe(true);
          expect(r.fixes.count).toBe(r.fixes.lat.length);
          for (const p of r.parts)
            for (const s of p.segments) expect(s.end).toBeLessThanOrEqual(r.fixes.count);
          expect(Date.now() - started).toBeLessThan(2000);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary or damaged KMZ bytes', () => {
    const zip = zipSync({
      'doc.kml': strToU8(
        serialise([{ kind: 'point', name: 'x', p: { lon: 1, lat: 2, alt: null, t: null } }]),
      ),
      'b.kml': strToU8('<kml/>'),
    });
    const mutated = fc
      .array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 10 })
      .map((edits) => {
        const b = zip.slice();
        for (const [i, v] of edits) b[i] = v;
        return b;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 1000 }),
          mutated,
          fc.nat(zip.length).map((n) => zip.subarray(0, n)),
        ),
        (bytes) => {
          const r = createKmzReader({ fileName: 'p.kmz' });
          for (let i = 0; i < bytes.length; i += 37) r.push(bytes.subarray(i, i + 37));
          const res = r.finish();
          expect(Array.isArray(res.issues)).toBe(true);
          if (!res.readable) expect(res.issues.some((i) => i.severity === 'error')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
