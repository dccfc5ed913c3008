import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createKmzReader, sniffKmz } from '../../../shared/formats/kmz';
import type { KmlReaderResult } from '../../../shared/formats/kml-types';
import { createZipEntryStream } from '../../../shared/formats/zip-stream';

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>${body}</Document></kml>`;

const TRACK = doc(
  `<Placemark><name>Drive</name><gx:Track><when>2024-03-01T06:00:00Z</when><when>2024-03-01T06:00:01Z</when><gx:coord>4.35 50.85 60</gx:coord><gx:coord>4.36 50.86 61</gx:coord></gx:Track></Placemark>`,
);
const POINTS = doc(
  `<Placemark><name>Home</name><Point><coordinates>3.7,51.05</coordinates></Point></Placemark>
<Placemark><name>Bad</name><Point><coordinates>x,y</coordinates></Point></Placemark>`,
);

function kmz(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) entries[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(entries, { level });
}

function read(bytes: Uint8Array, chunk = 997, fileName = 'case.kmz'): KmlReaderResult {
  const r = createKmzReader({ fileName });
  for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return r.finish();
}

describe('KMZ reader', () => {
  it('reads every KML document, one part group per document, issues naming the entry', () => {
    const bytes = kmz({
      'doc.kml': TRACK,
      'files/photo.jpg': new Uint8Array(5000).fill(7),
      'more/points.kml': POINTS,
      'files/readme.txt': 'hello',
    });
    const r = read(bytes);
    expect(r.readable).toBe(true);
    expect(r.format).toBe('kmz');
    expect(r.formatDetail).toBe('KMZ: 2 KML documents (doc.kml, more/points.kml), KML 2.2');
    expect(r.fixes.count).toBe(2);
    expect(r.parts.map((p) => [p.name, p.document])).toEqual([['Drive', 'doc.kml']]);
    expect(r.waypoints.map((w) => w.name)).toEqual(['Home']);
    expect(r.archive).toEqual({
      kmlEntries: ['doc.kml', 'more/points.kml'],
      images: 1,
      otherEntries: 1,
    });
    const bad = r.issues.find((i) => i.code === 'kml.coordinates.invalid')!;
    expect(bad.file).toBe('case.kmz!/more/points.kml');
    expect(bad.line).toBe(2);
    expect(r.issues.find((i) => i.code === 'kmz.images')?.file).toBe('case.kmz');
  });

  it('gives the same result for stored and deflated entries and any chunking', () => {
    const files = { 'doc.kml': TRACK, 'b.kml': POINTS };
    const a = read(kmz(files, 0), 1);
    const b = read(kmz(files, 6), 65536);
    expect(a.fixes).toEqual(b.fixes);
    expect(a.waypoints).toEqual(b.waypoints);
    expect(a.issues).toEqual(b.issues);
  });

  it('keeps what was read of a truncated archive and says it is truncated', () => {
    const big = doc(
      `<Placemark><LineString><coordinates>${Array.from({ length: 3000 }, (_, i) => `${(i / 1000).toFixed(3)},1`).join(' ')}</coordinates></LineString></Placemark>`,
    );
    const bytes = kmz({ 'doc.kml': big }, 0);
    const r = read(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r.fixes.count).toBeGreaterThan(1000);
    expect(r.fixes.count).toBeLessThan(3000);
    // Every fix is one of the file's tuples: nothing invented from a cut number.
    for (let i = 0; i < r.fixes.count; i++) expect(r.fixes.lon[i]).toBeCloseTo(i / 1000, 9);
    expect(r.issues.map((i) => i.code)).toContain('kmz.zip.truncated');
  });

  it('reports a ZIP without KML and non-ZIP bytes as unreadable', () => {
    const noKml = read(kmz({ 'a.txt': 'x' }));
    expect(noKml.readable).toBe(false);
    expect(noKml.issues.map((i) => i.code)).toEqual(['kmz.no-kml']);
    const notZip = read(strToU8(TRACK));
    expect(notZip.readable).toBe(false);
    expect(notZip.issues.map((i) => i.code)).toEqual(['kmz.not-zip']);
  });

  it('does not crash on damaged deflate data', () => {
    const bytes = kmz({ 'doc.kml': TRACK, 'b.kml': POINTS }).slice();
    for (let i = 60; i < 90; i++) bytes[i] = 0xff;
    const r = read(bytes);
    expect(Array.isArray(r.issues)).toBe(true);
    expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

describe('zip-stream', () => {
  it('passes each wanted entry to its sink in order and skips the rest', () => {
    const seen: string[] = [];
    const texts: Record<string, string> = {};
    const z = createZipEntryStream((e) => {
      seen.push(e.name);
      if (!e.name.endsWith('.txt')) return null;
      let s = '';
      const dec = new TextDecoder();
      return {
        push: (c) => (s += dec.decode(c, { stream: true })),
        end: (err) => (texts[e.name] = err ?? s),
      };
    });
    const bytes = kmz({
      'a.txt': 'alpha',
      'b.bin': new Uint8Array(100),
      'c.txt': 'gamma'.repeat(1000),
    });
    for (let i = 0; i < bytes.length; i += 10) z.push(bytes.subarray(i, i + 10));
    const summary = z.finish();
    expect(summary).toEqual({ isZip: true, entries: 3, problems: [] });
    expect(seen).toEqual(['a.txt', 'b.bin', 'c.txt']);
    expect(texts).toEqual({ 'a.txt': 'alpha', 'c.txt': 'gamma'.repeat(1000) });
  });
});

describe('sniffKmz', () => {
  it('is confident when the first entry is KML, weak for other ZIPs, silent for OOXML', () => {
    const head = (b: Uint8Array) => b.subarray(0, 1024);
    expect(sniffKmz(head(kmz({ 'doc.kml': TRACK })), 'x.zip')?.confidence).toBe(0.9);
    expect(sniffKmz(head(kmz({ 'files/a.png': 'x', 'doc.kml': TRACK })), 'x.kmz')?.confidence).toBe(
      0.5,
    );
    expect(sniffKmz(head(kmz({ 'files/a.png': 'x' })), 'x.zip')?.confidence).toBe(0.3);
    expect(sniffKmz(head(kmz({ '[Content_Types].xml': '<x/>' })), 'x.kmz')).toBeNull();
    expect(sniffKmz(strToU8(TRACK), 'x.kmz')).toBeNull();
  });
});
