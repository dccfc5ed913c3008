/**
 * Property tests for the NMEA reader: no input crashes or hangs it, a file cut anywhere keeps every
 * fix completed before the cut, and the way the bytes are chunked never changes the result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNmeaReader } from '../../../shared/formats/nmea';
import type { ReaderResult } from '../../../shared/formats/reader';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/nmea');
const present = fs.existsSync(fixturesDir);
if (!present) console.warn(`skipping NMEA fixture properties: ${fixturesDir} not present`);

function sentence(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`;
}

function readChunks(chunks: Uint8Array[]): ReaderResult {
  const r = createNmeaReader({ fileName: 'p.nmea' });
  for (const c of chunks) r.push(c);
  return r.finish();
}

const read = (bytes: Uint8Array) => readChunks([bytes]);

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function comparable(r: ReaderResult): unknown {
  const f = r.fixes;
  return JSON.parse(
    JSON.stringify({
      ...r,
      fixes: {
        count: f.count,
        t: Array.from(f.t),
        lat: Array.from(f.lat),
        lon: Array.from(f.lon),
        ele: f.ele && Array.from(f.ele),
        speedMps: f.speedMps && Array.from(f.speedMps),
        headingDeg: f.headingDeg && Array.from(f.headingDeg),
      },
      fixTimeBasis: Array.from(r.fixTimeBasis),
    }),
  );
}

const enc = new TextEncoder();

/** Fragments that push the lexer through every state. */
const fragment = fc.oneof(
  fc.constantFrom(
    '$',
    '*',
    ',',
    '\r',
    '\n',
    '\r\n',
    '#',
    ' ',
    'GPRMC',
    'GNGGA',
    '*7E',
    sentence('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W'),
    sentence('GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,'),
    sentence('GPGLL,4807.038,N,01131.000,E,235959.99,A,A'),
    sentence('GPZDA,000000,01,01,2000,00,00'),
    sentence('GPVTG,054.7,T,034.4,M,005.5,N,010.2,K'),
    sentence('PGRME,15.0,M,45.0,M,25.0,M'),
  ),
  fc.string({ maxLength: 20 }),
  fc.uint8Array({ maxLength: 20 }).map((b) => String.fromCharCode(...b)),
);

describe('NMEA reader properties', () => {
  it('never crashes on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const r = read(bytes);
        expect(r.issues.some((i) => i.code === 'nmea.internal-error')).toBe(false);
        expect(r.fixes.count).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on NMEA-like fragments, in any chunking, and chunking changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cuts) => {
          // Latin-1 so every fragment char is one byte, binary ones included.
          const text = parts.join('');
          const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
          const whole = read(bytes);
          expect(whole.issues.some((i) => i.code === 'nmea.internal-error')).toBe(false);
          expect(comparable(readChunks(split(bytes, cuts)))).toEqual(comparable(whole));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a large garbage-only input in linear time', () => {
    const bytes = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 97 === 0 ? 0x24 : (i * 31) & 0xff;
    const t0 = performance.now();
    const r = read(bytes);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.fixes.count).toBe(0);
  });

  // A synthetic valid log: epochs one second apart, GGA and RMC in a per-file order.
  const epochArb = fc.record({
    lat: fc.integer({ min: -89_999_999, max: 89_999_999 }),
    lon: fc.integer({ min: -179_999_999, max: 179_999_999 }),
    gga: fc.boolean(),
    rmc: fc.boolean(),
  });

  function coord(micro: number, degDigits: number, pos: string, neg: string): [string, string] {
    const v = Math.abs(micro) / 1e6;
    const deg = Math.floor(v);
    const min = (v - deg) * 60;
    const minText = min.toFixed(6).padStart(9, '0');
    return [`${String(deg).padStart(degDigits, '0')}${minText}`, micro < 0 ? neg : pos];
  }

  function synthetic(
    epochs: { lat: number; lon: number; gga: boolean; rmc: boolean }[],
    ggaFirst: boolean,
  ) {
    let text = '';
    /** Per epoch: byte offset just after the checksum of its first sentence. */
    const ends: number[] = [];
    let s = 23 * 3600 + 59 * 60 + 30; // crosses midnight after 30 epochs
    for (const e of epochs) {
      const hh = Math.floor(s / 3600) % 24;
      const mm = Math.floor(s / 60) % 60;
      const ss = s % 60;
      const day = s >= 86400 ? '010120' : '311219';
      s++;
      const tod = `${String(hh).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(ss).padStart(2, '0')}.00`;
      const [la, ns] = coord(e.lat, 2, 'N', 'S');
      const [lo, ew] = coord(e.lon, 3, 'E', 'W');
      const gga = sentence(`GPGGA,${tod},${la},${ns},${lo},${ew},1,08,0.9,10.0,M,,,,`) + '\r\n';
      const rmc = sentence(`GPRMC,${tod},A,${la},${ns},${lo},${ew},1.0,90.0,${day},,`) + '\r\n';
      const lines = [e.gga || !e.rmc ? gga : '', e.rmc ? rmc : ''];
      if (!ggaFirst) lines.reverse();
      const first = lines.find((l) => l !== '')!;
      // The sentence is complete once its checksum is read, line end or not.
      ends.push(text.length + first.length - 2);
      text += lines.join('');
    }
    return { bytes: enc.encode(text), ends };
  }

  it('truncating a valid log anywhere keeps every fix completed before the cut', () => {
    fc.assert(
      fc.property(
        fc.array(epochArb, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.nat(),
        (epochs, ggaFirst, cutSeed) => {
          const { bytes, ends } = synthetic(epochs, ggaFirst);
          const full = read(bytes);
          expect(full.fixes.count).toBe(epochs.length);
          const cut = cutSeed % (bytes.length + 1);
          const part = read(bytes.subarray(0, cut));
          const expected = ends.filter((e) => e <= cut).length;
          expect(part.fixes.count).toBe(expected);
          for (let i = 0; i < expected; i++) {
            expect(part.fixes.lat[i]).toBe(full.fixes.lat[i]);
            expect(part.fixes.lon[i]).toBe(full.fixes.lon[i]);
            // Without any complete RMC the date is not known yet: the reader asks for it.
            if (part.needs === undefined) expect(part.fixes.t[i]).toBe(full.fixes.t[i]);
            else expect(Number.isNaN(part.fixes.t[i]!)).toBe(true);
          }
          // A cut inside a line is reported, never silently dropped.
          const head = new TextDecoder().decode(bytes.subarray(0, cut));
          const lastLine = head.slice(head.lastIndexOf('\n') + 1);
          const cutInSentence = lastLine !== '' && !/(\*[0-9A-F]{2}\r?)$/.test(lastLine);
          expect(part.issues.some((i) => i.code === 'nmea.sentence.truncated')).toBe(cutInSentence);
        },
      ),
      { numRuns: 300 },
    );
  });

  const fixtureFiles = present ? fs.readdirSync(fixturesDir).sort() : [];

  it.skipIf(!present).each(fixtureFiles)('%s: random chunking and truncation', (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
    const whole = read(bytes);
    const wholeComparable = comparable(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), fc.nat(), (cuts, cutSeed) => {
        expect(comparable(readChunks(split(bytes, cuts)))).toEqual(wholeComparable);
        const cut = cutSeed % (bytes.length + 1);
        const part = read(bytes.subarray(0, cut));
        // The last fix may still be missing sentences of its epoch; all before it are final.
        expect(part.fixes.count).toBeLessThanOrEqual(whole.fixes.count);
        for (let i = 0; i + 1 < part.fixes.count; i++) {
          expect(part.fixes.lat[i]).toBe(whole.fixes.lat[i]);
          expect(part.fixes.lon[i]).toBe(whole.fixes.lon[i]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
