import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOwnTracksReader, sniffOwnTracks } from '../../../shared/formats/owntracks';
import type { ReaderResult } from '../../../shared/formats/reader';
import { TIME_BASES } from '../../../shared/model';

const enc = new TextEncoder();

function read(input: string | Uint8Array, cuts: number[] = []): ReaderResult {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const r = createOwnTracksReader({ fileName: 'x.rec' });
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    r.push(bytes.slice(from, c));
    from = c;
  }
  return r.finish();
}

const codes = (r: ReaderResult): string[] => r.issues.map((i) => i.code);
const loc = (tst: number, lat: number, lon: number, extra: object = {}): string =>
  JSON.stringify({
    _type: 'location',
    tst,
    lat,
    lon,
    tid: 'AB',
    topic: 'owntracks/jan/phone',
    ...extra,
  });
const line = (payload: string, topic = '*'): string =>
  `2024-03-01T12:00:00Z\t${topic.padEnd(18)}\t${payload}`;

describe('OwnTracks reader', () => {
  it('reads location lines with units converted', () => {
    const r = read(
      [
        line(loc(1709294400, 51, 4, { acc: 12, alt: 30, vel: 36, cog: 270 })),
        line(loc(1709294460, 51.1, 4.1)),
      ].join('\n') + '\n',
    );
    expect(r.readable).toBe(true);
    expect(r.fixes.count).toBe(2);
    expect(new Date(r.fixes.t[0]!).toISOString()).toBe('2024-03-01T12:00:00.000Z');
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('utc');
    expect(r.fixes.accuracyM?.[0]).toBe(12);
    expect(r.fixes.ele?.[0]).toBe(30);
    expect(r.fixes.speedMps?.[0]).toBe(10);
    expect(r.fixes.headingDeg?.[0]).toBe(270);
    expect(r.parts).toEqual([
      { kind: 'track', name: 'OwnTracks', segments: [{ start: 0, end: 2 }] },
    ]);
    expect(r.device).toBe('jan/phone');
    expect(r.formatDetail).toBe('OwnTracks Recorder .rec (tid AB)');
    expect(r.issues).toEqual([]);
  });

  it('reads the older space-separated layout, CRLF and bare JSON lines', () => {
    const text = `2023-02-20T18:46:22Z  *                   ${loc(1676918782, 22, 24)}\r\n${loc(1676918790, 22.1, 24.1)}\r\n`;
    const r = read(text);
    expect(r.fixes.count).toBe(2);
    expect(r.formatDetail).toContain('space-separated');
  });

  it('notes transitions, keeps regions as untimed waypoints, counts other messages', () => {
    const text = [
      line(
        JSON.stringify({
          _type: 'transition',
          event: 'leave',
          desc: 'home',
          tst: 1709294400,
          lat: 52,
          lon: 13,
        }),
        'event',
      ),
      line(
        JSON.stringify({
          _type: 'waypoint',
          desc: 'Home',
          lat: 52,
          lon: 13,
          rad: 50,
          tst: 1709294000,
        }),
        'waypoints',
      ),
      line(JSON.stringify({ _type: 'lwt', tst: 1 }), 'lwt'),
      line(JSON.stringify({ _type: 'lwt', tst: 2 }), 'lwt'),
      line(loc(1709294400, 52, 13)),
    ].join('\n');
    const r = read(text);
    expect(r.fixes.count).toBe(1);
    expect(r.waypoints).toEqual([
      {
        lat: 52,
        lon: 13,
        t: NaN,
        timeBasis: 'none',
        line: 2,
        name: 'Home',
        description: 'OwnTracks region, radius 50 m, defined 2024-03-01T11:53:20.000Z',
      },
    ]);
    expect(codes(r)).toEqual(['owntracks.transition', 'owntracks.type.skipped']);
    expect(r.issues[0]!.line).toBe(1);
    expect(r.issues[1]!.message).toContain('2 "lwt"');
  });

  it('reports every bad line with its number and keeps going', () => {
    const text = [
      line(loc(1709294400, 95, 4)),
      'garbage here',
      line('{"_type":"location",'),
      line(JSON.stringify({ _type: 'location', lat: 'x', lon: 4, tst: 1 })),
      line(JSON.stringify({ _type: 'location', lat: 50, lon: 4 })),
      line(loc(1709294400, 51, 4)),
    ].join('\n');
    const r = read(text);
    expect(r.fixes.count).toBe(2);
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([
      ['owntracks.coordinate.out-of-range', 1],
      ['owntracks.line.invalid', 2],
      ['owntracks.json.invalid', 3],
      ['owntracks.coordinate.invalid', 4],
      ['owntracks.time.from-recorder', 5],
    ]);
    expect(new Date(r.fixes.t[0]!).toISOString()).toBe('2024-03-01T12:00:00.000Z');
  });

  it('rejects files that are not OwnTracks', () => {
    const r = read('lat,lon\n1,2\n');
    expect(r.readable).toBe(false);
    expect(codes(r)).toContain('owntracks.not-owntracks');
  });

  it('sniffs Recorder files and OwnTracks JSON lines only', () => {
    expect(sniffOwnTracks(enc.encode(line(loc(1, 2, 3))), 'a.rec')?.confidence).toBe(0.95);
    expect(sniffOwnTracks(enc.encode(loc(1, 2, 3) + '\n'), 'a.json')?.format).toBe('owntracks');
    expect(sniffOwnTracks(enc.encode('{"type":"FeatureCollection"}'), 'a.json')).toBeNull();
  });

  describe('properties', () => {
    const fixes = fc.array(
      fc.record({
        t: fc.integer({ min: 0, max: 2_000_000_000 }),
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
      }),
      { maxLength: 10 },
    );
    const render = (fs: { t: number; lat: number; lon: number }[]): string =>
      fs.map((f) => line(loc(f.t, f.lat, f.lon)) + '\n').join('');

    it('is independent of chunk boundaries and keeps every complete line before a cut', () => {
      fc.assert(
        fc.property(fixes, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (fs, raw, at) => {
          const bytes = enc.encode(render(fs));
          const cuts = [...new Set(raw.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const whole = read(bytes);
          expect(whole.fixes.count).toBe(fs.length);
          expect(read(bytes, cuts)).toEqual(whole);
          const cut = at % (bytes.length + 1);
          const part = read(bytes.slice(0, cut));
          const completeLines = (render(fs).slice(0, cut).match(/\n/g) ?? []).length;
          expect(part.fixes.count).toBeGreaterThanOrEqual(completeLines);
          for (let k = 0; k < completeLines; k++) expect(part.fixes.t[k]).toBe(whole.fixes.t[k]);
        }),
        { numRuns: 200 },
      );
    });

    it('never throws on arbitrary bytes', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ maxLength: 200 }).map((s) => enc.encode(s)),
          ),
          (bytes) => {
            const r = read(bytes, [Math.floor(bytes.length / 3)]);
            if (!r.readable) expect(codes(r)).toContain('owntracks.not-owntracks');
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
