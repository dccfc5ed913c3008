import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_BYTES, detectFormat } from '../../../shared/formats/detect';

const fixtures = resolve(__dirname, '../../../../shared/fixtures');
const present = existsSync(fixtures);
if (!present) console.warn(`skipping detection sweep: ${fixtures} not present`);

/**
 * Which format every file of a fixture folder must be detected as, by content alone: null when
 * the file is no evidence format at all, 'skip' for files another format's test covers.
 */
const EXPECTED: Record<string, (name: string) => string | null> = {
  // A 14-byte `<xml∂></xml>`: not GPX, not anything.
  gpx: (name) => (name === 'EDGE_georust_badcharacter.xml' ? null : 'gpx'),
  nmea: () => 'nmea',
  kml: (name) => (name.endsWith('.kmz') ? 'kmz' : 'kml'),
  geojson: () => 'geojson',
  'google-takeout': () => 'google',
  forensic: () => 'ileapp',
  cdr: () => 'cdr',
  'other-tracks': (name) => (name.endsWith('.rec') ? 'owntracks' : 'table'),
  'fleet-csv': (name) => (name.endsWith('.sql') ? null : 'table'),
};

function head(path: string): Uint8Array {
  return readFileSync(path).subarray(0, DETECT_HEAD_BYTES);
}

describe.skipIf(!present)('format detection over the fixture corpus', () => {
  for (const [folder, expected] of Object.entries(EXPECTED)) {
    it(`detects every file in ${folder}/ by content`, () => {
      for (const name of readdirSync(join(fixtures, folder)).sort()) {
        const want = expected(name);
        if (want === 'skip') continue;
        const got = detectFormat(head(join(fixtures, folder, name)), 'renamed.bin');
        expect(got?.format ?? null, name).toBe(want);
      }
    });
  }

  it('recognises none of the photos as location evidence of another format', () => {
    for (const name of readdirSync(join(fixtures, 'photos')).sort()) {
      const got = detectFormat(head(join(fixtures, 'photos', name)), name);
      expect(got, name).toBeNull();
    }
  });
});

describe('format detection ties', () => {
  const enc = new TextEncoder();
  it('lets content win over the extension', () => {
    const gpx = enc.encode('<?xml version="1.0"?><gpx version="1.1"></gpx>');
    expect(detectFormat(gpx, 'track.json')?.format).toBe('gpx');
  });
  it('says nothing about content it does not know', () => {
    expect(
      detectFormat(enc.encode('Dear diary, today we drove to Ghent.'), 'notes.gpx'),
    ).toBeNull();
    expect(detectFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'x.nmea')).toBeNull();
  });
});
