import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createIleappReader, sniffIleapp } from '../../../../shared/formats/forensic/ileapp';
import { TIME_BASES } from '../../../../shared/model';

const enc = new TextEncoder();
const read = (text: string | Uint8Array, opts: { naiveZone?: string } = {}, size = 0) => {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const r = createIleappReader({ fileName: 'r', ...opts });
  const step = size || bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) r.push(bytes.subarray(i, i + step));
  return r.finish();
};

const TSV = [
  'Timestamp\tMessage\tMap URL',
  '2024-05-01 10:00:00\thi\thttps://maps.google.com/?q=51.2,4.4',
  '2024-05-01 10:05:00\tno place\t',
  '2024-05-01 10:07:00\tgeo\tgeo:51.25,4.45',
  '',
].join('\n');

describe('iLEAPP reader', () => {
  it('reads a TSV report with positions only in map links, naive times flagged', () => {
    const r = read(TSV);
    expect(r.readable).toBe(true);
    expect(r.format).toBe('ileapp');
    expect(r.kind).toBe('phone');
    expect(r.fixes.count).toBe(2);
    expect([...r.fixes.lat]).toEqual([51.2, 51.25]);
    expect([...r.fixes.t]).toEqual([Date.UTC(2024, 4, 1, 10), Date.UTC(2024, 4, 1, 10, 7)]);
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('naive-as-utc');
    const noPos = r.issues.find((i) => i.code === 'ileapp.row.no-position');
    expect(noPos?.line).toBe(3);
    expect(r.issues.some((i) => i.code === 'ileapp.time.naive')).toBe(true);
  });

  it('places naive times in a chosen zone', () => {
    const r = read(TSV, { naiveZone: 'Europe/Brussels' });
    expect(r.fixes.t[0]).toBe(Date.UTC(2024, 4, 1, 8));
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('zone-assumed');
  });

  it('prefers coordinate columns, skips 0,0 placeholders, reads accuracy', () => {
    const r = read(
      'Timestamp\tLatitude\tLongitude\tHorizontal Accuracy\n1700000000\t50.1\t4.1\t12\n1700000060\t0\t0\t5\n',
    );
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.accuracyM?.[0]).toBe(12);
    expect(r.fixes.t[0]).toBe(1700000000000);
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('utc');
  });

  it('reads the JSON shape with data before headers', () => {
    const r = read(
      JSON.stringify({
        data: [[1638647000, 'https://www.bing.com/maps?rtp=adr.~pos.35.66_-78.81', null, null]],
        headers: ['Timestamp', 'Card URL', 'Latitude', 'Longitude'],
        metadata: { artifact_name: 'X', module_name: 'y' },
      }),
    );
    expect(r.fixes.count).toBe(1);
    expect(r.fixes.lat[0]).toBe(35.66);
    expect(r.formatDetail).toContain('X');
  });

  it('names JSON of an unknown shape', () => {
    const r = read('{"foo": [1,2]}');
    expect(r.readable).toBe(false);
    expect(r.issues.some((i) => i.code === 'ileapp.unknown-shape')).toBe(true);
  });

  it('sniffs TSV with map links high, lat/lon TSV low, JSON highest', () => {
    expect(sniffIleapp(enc.encode(TSV), 'x.tsv')?.confidence).toBe(0.85);
    expect(
      sniffIleapp(enc.encode('Timestamp\tLatitude\tLongitude\n1\t2\t3\n'), 'x.tsv')?.confidence,
    ).toBeLessThan(0.77);
    expect(sniffIleapp(enc.encode('{"a":1}'), 'x.json')).toBeNull();
  });

  it('never crashes on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (b, size) => {
        const r = read(b, {}, size);
        expect(r.fixes.count).toBeGreaterThanOrEqual(0);
        sniffIleapp(b, 'x');
      }),
    );
  });
});

const fixture = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/fixtures/forensic/ileapp_result_teamsLocations_josh_ios15.json',
);
const present = fs.existsSync(fixture);
if (!present) console.warn('skipping iLEAPP truncation test: ../shared/fixtures not present');

describe.skipIf(!present)('iLEAPP fixture truncated anywhere', () => {
  it('keeps every complete row and reports where reading stopped', () => {
    const bytes = new Uint8Array(fs.readFileSync(fixture));
    const full = read(bytes);
    expect(full.fixes.count).toBe(12);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        const r = read(bytes.subarray(0, cut));
        // Fixes are a prefix of the full read.
        expect(r.fixes.count).toBeLessThanOrEqual(12);
        for (let i = 0; i < r.fixes.count; i++) expect(r.fixes.lat[i]).toBe(full.fixes.lat[i]);
        // Every row whose closing bracket is before the cut is kept.
        const text = new TextDecoder().decode(bytes.subarray(0, cut));
        const closed = (text.match(/\n {4}\]/g) ?? []).length;
        expect(r.fixes.count).toBe(closed);
        if (cut > 0)
          expect(
            r.issues.some((i) => i.code === 'json.truncated' || i.code.startsWith('json.')),
          ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
