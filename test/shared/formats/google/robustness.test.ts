/**
 * Bad input over every fixture: cut anywhere (every complete record before the cut is kept, no
 * throw, the cut reported), fed in random pieces (identical results), and the Records.json fast
 * path giving exactly what the JSON.parse path gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOOGLE_RECORD_ARRAYS } from '../../../../shared/formats/google/google-reader';
import { splitJson } from '../../../../shared/formats/json-stream';
import type { ReaderResult } from '../../../../shared/formats/reader';
import { codes, fixture, fixtureNames, fixturesPresent, plain, readGoogle } from './helpers';

const STOP_PATH: Record<string, string> = {
  'google-semantic': 'timelineObjects',
  'google-android-timeline': 'semanticSegments',
  'google-ios-history': '',
};

function fixesOf(r: ReaderResult): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.fixes.count; i++)
    out.push([r.fixes.t[i]!, r.fixes.lat[i]!, r.fixes.lon[i]!]);
  return out;
}

describe.skipIf(!fixturesPresent)('truncated fixtures', () => {
  it.each(fixtureNames)('%s cut anywhere keeps every complete record', (name) => {
    const bytes = fixture(name);
    const full = readGoogle(bytes, name);
    const records = splitJson([bytes], { recordArrayKeys: GOOGLE_RECORD_ARRAYS }).records;
    const stopPath = STOP_PATH[full.format];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length }), (cut) => {
        const r = readGoogle(bytes.subarray(0, cut), name);
        // Everything read from the prefix is what the whole file gives, in the same order.
        const fixes = fixesOf(r);
        expect(fixes).toEqual(fixesOf(full).slice(0, fixes.length));
        if (stopPath !== undefined) {
          const complete = new Set(
            records
              .filter((x) => x.path === stopPath && x.offset + x.byteLength <= cut)
              .map((x) => x.index),
          );
          const expectStops = full.reportedStops!.filter((s) => complete.has(s.record!));
          const expectMoves = full.reportedMovements!.filter((m) => complete.has(m.record!));
          expect(r.reportedStops!.map((s) => s.record)).toEqual(expectStops.map((s) => s.record));
          expect(r.reportedMovements!.map((m) => m.record)).toEqual(
            expectMoves.map((m) => m.record),
          );
        }
        const lastRecordEnd = Math.max(0, ...records.map((x) => x.offset + x.byteLength));
        const firstRecordStart = Math.min(...records.map((x) => x.offset));
        if (cut > firstRecordStart && cut < lastRecordEnd)
          expect(codes(r)).toContain('google.json.truncated');
        const truncated = r.issues.find((i) => i.code === 'google.json.truncated');
        if (truncated)
          expect(truncated.message).toMatch(/Reading stopped at line \d+, byte offset \d+/);
      }),
      { numRuns: 60 },
    );
  });

  it.each(fixtureNames)('%s read in random pieces gives the same result', (name) => {
    const bytes = fixture(name);
    const whole = plain(readGoogle(bytes, name));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), {
          maxLength: 40,
        }),
        (cuts) => {
          expect(
            plain(
              readGoogle(
                bytes,
                name,
                [...cuts].sort((a, b) => a - b),
              ),
            ),
          ).toEqual(whole);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('Records.json fast path', () => {
  const location = fc.record(
    {
      latitudeE7: fc.oneof(fc.integer({ min: -900_000_000, max: 900_000_000 }), fc.constant(0)),
      longitudeE7: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }),
      accuracy: fc.oneof(fc.nat(5000), fc.double({ min: 0, max: 500, noNaN: true })),
      altitude: fc.integer({ min: -400, max: 9000 }),
      velocity: fc.nat(80),
      heading: fc.nat(360),
      verticalAccuracy: fc.nat(50),
      source: fc.constantFrom('GPS', 'WIFI', 'CELL', 'Ünknown'),
      deviceTag: fc.oneof(fc.integer(), fc.constant('tag')),
      timestamp: fc.oneof(
        fc
          .integer({ min: 631_152_000_000, max: 4_102_444_800_000 })
          .map((t) => new Date(t).toISOString()),
        fc.constant('2020-01-01T10:00:00'),
        fc.constant('not a time'),
      ),
      timestampMs: fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 }).map(String),
      activity: fc.constant([{ activity: [{ type: 'STILL', confidence: 100 }] }]),
    },
    { requiredKeys: [] },
  );

  it('gives exactly what JSON.parse gives', () => {
    fc.assert(
      fc.property(fc.array(location, { maxLength: 20 }), fc.boolean(), (locs, pretty) => {
        const text = JSON.stringify({ locations: locs }, null, pretty ? 2 : undefined);
        // An escaped character makes the fast path decline every record.
        const slowText = JSON.stringify(
          { locations: locs.map((l) => ({ note: 'A\n', ...l })) },
          null,
          pretty ? 2 : undefined,
        );
        // The added key shifts columns (and lines when pretty); everything else must match.
        const unlocated = (r: ReaderResult): unknown => {
          const p = plain(r) as { issues: Record<string, unknown>[] };
          for (const i of p.issues) {
            delete i['column'];
            delete i['line'];
            i['message'] = String(i['message']).replace(/line \d+/g, 'line N');
          }
          return p;
        };
        expect(unlocated(readGoogle(text))).toEqual(unlocated(readGoogle(slowText)));
        expect(plain(readGoogle(text))).toEqual(plain(readGoogle(text, 'x.json', [], false)));
      }),
      { numRuns: 200 },
    );
  });

  const damagedBase = JSON.stringify(
    {
      locations: [
        {
          latitudeE7: 525121303,
          longitudeE7: 134309551,
          accuracy: 25.5,
          activity: [{ activity: [{ type: 'STILL', confidence: 100 }], timestamp: 'x' }],
          source: 'WIFI',
          deviceTag: -12,
          timestamp: '2013-04-15T06:31:26.860Z',
        },
        { latitudeE7: 525121304, longitudeE7: 134309552, timestamp: '2013-04-15T06:32:00Z' },
      ],
    },
    null,
    2,
  );

  /** `damagedBase` with each edit applied in turn: a character put at, or inserted before, `at`. */
  const damaged = (edits: readonly (readonly [number, string, boolean])[]): string => {
    let text = damagedBase;
    for (const [at, ch, insert] of edits)
      text = text.slice(0, at) + ch + text.slice(insert ? at : at + 1);
    return text;
  };

  it('does not let a location JSON.parse rejects decide the shape (found by the property below)', () => {
    // "locations": [[{… with a tab inside a string: one broken record starting with "[". Both ways
    // must find no Records.json in it; the fast path used to make the shape before reading.
    const text = damaged([
      [208, '\t', true],
      [23, '[', true],
    ]);
    const slow = readGoogle(text, 'x.json', [], false);
    expect(slow.format).toBe('google');
    expect(codes(slow)).toContain('google.json.record.invalid');
    expect(codes(slow)).toContain('google.unknown-shape');
    expect(plain(readGoogle(text))).toEqual(plain(slow));
    for (const cut of [24, 30, 200, 400])
      expect(plain(readGoogle(text, 'x.json', [cut]))).toEqual(plain(slow));
  });

  it('accepts only what JSON.parse accepts: damaged records read the same both ways', () => {
    const base = damagedBase;
    // Where damage matters most: the first byte of every value, and every structural byte.
    const spots: number[] = [];
    for (let i = 0; i < base.length; i++) {
      const c = base[i]!;
      const prev = base[i - 1] ?? '';
      if ('{}[]:,"'.includes(c) || (/[-0-9tfn]/.test(c) && /[\s:[,]/.test(prev))) spots.push(i);
    }
    const junk = fc.constantFrom(...'{}[]",:.-+eE00123456789 \n\tntfa\\x'.split(''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...spots), junk, fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.uniqueArray(fc.nat(base.length), { maxLength: 5 }),
        (edits, cuts) => {
          const text = damaged(edits);
          const sorted = [...cuts].sort((a, b) => a - b);
          expect(plain(readGoogle(text, 'x.json', sorted))).toEqual(
            plain(readGoogle(text, 'x.json', sorted, false)),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });
});
