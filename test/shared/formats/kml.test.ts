import { describe, expect, it } from 'vitest';
import { createKmlReader, sniffKml } from '../../../shared/formats/kml';
import type { KmlReaderResult } from '../../../shared/formats/kml-types';
import { TIME_BASES } from '../../../shared/model';

const enc = new TextEncoder();

function read(text: string, chunk = 0): KmlReaderResult {
  const r = createKmlReader({ fileName: 'test.kml' });
  const bytes = enc.encode(text);
  if (chunk <= 0) r.push(bytes);
  else for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return r.finish();
}

const KML = (body: string, ns = 'http://www.opengis.net/kml/2.2'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="${ns}" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>${body}</Document></kml>`;

const codes = (r: KmlReaderResult): string[] => r.issues.map((i) => i.code);
const segLengths = (r: KmlReaderResult): number[][] =>
  r.parts.map((p) => p.segments.map((s) => s.end - s.start));
const fix = (r: KmlReaderResult, i: number) => ({
  t: Number.isNaN(r.fixes.t[i]!) ? null : new Date(r.fixes.t[i]!).toISOString(),
  lat: r.fixes.lat[i],
  lon: r.fixes.lon[i],
  ele: r.fixes.ele?.[i],
  basis: TIME_BASES[r.fixTimeBasis[i]!],
});

describe('KML Point placemarks', () => {
  it('makes a timed Point a fix and an untimed one a waypoint with name, description and attributes', () => {
    const r = read(
      KML(`
      <name>Doc</name>
      <Placemark><name>A</name><TimeStamp><when>2024-01-15T12:00:00Z</when></TimeStamp>
        <Point><coordinates>-122.0841,37.4220,10</coordinates></Point></Placemark>
      <Placemark><name>B</name><description><![CDATA[the <b>house</b>]]></description>
        <ExtendedData><Data name="owner"><value>X</value></Data>
          <SchemaData schemaUrl="#s"><SimpleData name="floor">2</SimpleData></SchemaData></ExtendedData>
        <Point><coordinates>4.35,50.85</coordinates></Point></Placemark>`),
    );
    expect(r.readable).toBe(true);
    expect(r.formatDetail).toBe('KML 2.2');
    expect(r.fixes.count).toBe(1);
    expect(fix(r, 0)).toEqual({
      t: '2024-01-15T12:00:00.000Z',
      lat: 37.422,
      lon: -122.0841,
      ele: 10,
      basis: 'utc',
    });
    expect(r.parts).toEqual([
      { kind: 'track', name: 'Doc (timed placemarks)', segments: [{ start: 0, end: 1 }] },
    ]);
    expect(r.placemarkFixes).toEqual([{ fix: 0, name: 'A', line: 5 }]);
    expect(r.waypoints).toEqual([
      {
        name: 'B',
        description: 'the <b>house</b>',
        attributes: { owner: 'X', floor: '2' },
        lat: 50.85,
        lon: 4.35,
        t: NaN,
        timeBasis: 'none',
        line: 9,
      },
    ]);
  });

  it('uses the TimeSpan begin and keeps its end; an end-only span gives the end', () => {
    const r = read(
      KML(`
      <Placemark><TimeSpan><begin>2024-01-15T12:00:00+02:00</begin><end>2024-01-15T13:00:00Z</end></TimeSpan>
        <Point><coordinates>1,2</coordinates></Point></Placemark>
      <Placemark><TimeSpan><end>2024-01-15T14:00:00Z</end></TimeSpan>
        <Point><coordinates>3,4</coordinates></Point></Placemark>`),
    );
    expect(fix(r, 0).t).toBe('2024-01-15T10:00:00.000Z');
    expect(fix(r, 0).basis).toBe('offset');
    expect(r.placemarkFixes![0]!.end).toBe(Date.UTC(2024, 0, 15, 13));
    expect(fix(r, 1).t).toBe('2024-01-15T14:00:00.000Z');
    expect(r.placemarkFixes![1]!.end).toBeUndefined();
  });

  it('flags times without a zone as naive-as-utc, once, located', () => {
    const r = read(
      KML(`
      <Placemark><TimeStamp><when>2024-01-15T12:00:00</when></TimeStamp><Point><coordinates>1,2</coordinates></Point></Placemark>
      <Placemark><TimeStamp><when>2024-01-15T12:05:00</when></TimeStamp><Point><coordinates>1,2</coordinates></Point></Placemark>`),
    );
    expect(fix(r, 0).basis).toBe('naive-as-utc');
    expect(fix(r, 0).t).toBe('2024-01-15T12:00:00.000Z');
    const issue = r.issues.find((i) => i.code === 'kml.time.no-zone')!;
    expect(issue.severity).toBe('warning');
    expect(issue.message).toMatch(/^2 time\(s\)/);
    expect(issue.line).toBe(3);
  });

  it('reports an invalid time and keeps the position as an untimed waypoint', () => {
    const r = read(
      KML(
        `<Placemark><TimeStamp><when>yesterday</when></TimeStamp><Point><coordinates>1,2</coordinates></Point></Placemark>`,
      ),
    );
    expect(r.fixes.count).toBe(0);
    expect(r.waypoints).toHaveLength(1);
    expect(codes(r)).toContain('kml.time.invalid');
  });
});

describe('KML LineString', () => {
  it('reads tuples separated by any whitespace, sloppy "lon, lat" and missing altitude', () => {
    const r = read(
      KML(`<Placemark><name>L</name><LineString><coordinates>
        1,2,3 4,5,6\t7,8
        9, 10 ,11  12 , 13
      </coordinates></LineString></Placemark>`),
    );
    expect(r.fixes.count).toBe(5);
    expect(Array.from(r.fixes.lon)).toEqual([1, 4, 7, 9, 12]);
    expect(Array.from(r.fixes.lat)).toEqual([2, 5, 8, 10, 13]);
    expect(Array.from(r.fixes.ele!)).toEqual([3, 6, NaN, 11, NaN]);
    // "9, 10 ,11" and "12 , 13": whitespace around a comma still joins the tuple.
    expect(r.issues.filter((i) => i.code.startsWith('kml.coordinates'))).toHaveLength(0);
    expect(r.parts).toEqual([{ kind: 'track', name: 'L', segments: [{ start: 0, end: 5 }] }]);
    expect(Number.isNaN(r.fixes.t[0]!)).toBe(true);
    expect(TIME_BASES[r.fixTimeBasis[0]!]).toBe('none');
    expect(codes(r)).toContain('kml.time.missing');
  });

  it('rejects bad tuples one by one with line and column, keeping the good ones', () => {
    const text = KML(`<Placemark><LineString><coordinates>1,2
  no,no 3,4
  5,95 6,7,8,9</coordinates></LineString></Placemark>`);
    const r = read(text);
    expect(Array.from(r.fixes.lon)).toEqual([1, 3]);
    const bad = r.issues.filter((i) => i.code.startsWith('kml.coordinates'));
    expect(bad.map((i) => [i.code, i.line, i.column])).toEqual([
      ['kml.coordinates.invalid', 3, 3],
      ['kml.coordinates.out-of-range', 4, 3],
      ['kml.coordinates.invalid', 4, 8],
    ]);
    // The column points at the tuple in the file.
    const lines = text.split('\n');
    expect(lines[2]!.slice(2, 7)).toBe('no,no');
    expect(lines[3]!.slice(7)).toMatch(/^6,7,8,9/);
  });

  it('gives a MultiGeometry of LineStrings one part with one segment each', () => {
    const r = read(
      KML(`<Placemark><name>M</name><MultiGeometry>
        <LineString><coordinates>1,1 2,2</coordinates></LineString>
        <LineString><coordinates>3,3 4,4 5,5</coordinates></LineString>
        <Point><coordinates>9,9</coordinates></Point>
      </MultiGeometry></Placemark>`),
    );
    expect(segLengths(r)).toEqual([[2, 3]]);
    expect(r.waypoints.map((w) => [w.name, w.lon])).toEqual([['M', 9]]);
  });

  it('skips polygons with one info issue', () => {
    const r = read(
      KML(
        `<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,1 2,2 3,3 1,1</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`,
      ),
    );
    expect(r.fixes.count).toBe(0);
    expect(codes(r)).toEqual(['kml.geometry.skipped', 'kml.no-points']);
  });
});

describe('KML gx:Track', () => {
  const track = (inner: string, wrap = (s: string) => s) =>
    KML(`<Placemark><name>T</name>${wrap(`<gx:Track>${inner}</gx:Track>`)}</Placemark>`);

  it('pairs <when> and <gx:coord> by index, times first or interleaved', () => {
    const first = read(
      track(`<when>2010-05-28T02:02:09Z</when><when>2010-05-28T02:02:35Z</when>
        <gx:coord>-122.207881 37.371915 156.000000</gx:coord><gx:coord>-122.205712 37.373288 152</gx:coord>`),
    );
    const inter = read(
      track(`<when>2010-05-28T02:02:09Z</when><gx:coord>-122.207881 37.371915 156.000000</gx:coord>
        <when>2010-05-28T02:02:35Z</when><gx:coord>-122.205712 37.373288 152</gx:coord>`),
    );
    for (const r of [first, inter]) {
      expect(r.fixes.count).toBe(2);
      expect(fix(r, 1)).toEqual({
        t: '2010-05-28T02:02:35.000Z',
        lat: 37.373288,
        lon: -122.205712,
        ele: 152,
        basis: 'utc',
      });
      expect(r.issues).toEqual([]);
    }
  });

  it('reports a count mismatch and pairs what it can', () => {
    const r = read(
      track(`<when>2010-05-28T02:02:09Z</when><when>2010-05-28T02:02:10Z</when><when>2010-05-28T02:02:11Z</when>
        <gx:coord>1 2 3</gx:coord><gx:coord>1 2 4</gx:coord>`),
    );
    expect(r.fixes.count).toBe(2);
    const issue = r.issues.find((i) => i.code === 'kml.track.count-mismatch')!;
    expect(issue.message).toContain('3 <when> and 2 <gx:coord>');
    expect(issue.line).toBe(2);
  });

  it('splits the segment at empty <gx:coord/> pause markers and counts them', () => {
    const r = read(
      track(`<when>2021-03-02T09:30:40Z</when><when>2021-03-02T09:30:41Z</when><when>2021-03-02T09:30:42Z</when>
        <when>2021-03-02T09:31:00Z</when><when>2021-03-02T09:31:01Z</when>
        <gx:coord>1 2 3</gx:coord><gx:coord>1.1 2 3</gx:coord><gx:coord/><gx:coord>1.2 2 3</gx:coord><gx:coord></gx:coord>`),
    );
    expect(segLengths(r)).toEqual([[2, 1]]);
    expect(fix(r, 2).t).toBe('2021-03-02T09:31:00.000Z');
    const pause = r.issues.find((i) => i.code === 'kml.track.pause')!;
    expect(pause.severity).toBe('info');
    expect(pause.message).toMatch(/^2 empty/);
  });

  it('reads gx:MultiTrack as one part with a segment per Track, also without the gx prefix', () => {
    const inner = `<Track><when>2013-08-08T15:24:47Z</when><coord>3.68217 51.050583 54.6</coord></Track>
      <Track><when>2013-08-08T15:30:00Z</when><coord>3.7 51.06 50</coord><when>2013-08-08T15:30:01Z</when><coord>3.71 51.06 50</coord></Track>`;
    const gx = read(
      KML(
        `<Placemark><gx:MultiTrack>${inner.replace(/<(\/?)(Track|coord)>/g, '<$1gx:$2>')}</gx:MultiTrack></Placemark>`,
      ),
    );
    const plain = read(KML(`<Placemark><MultiTrack>${inner}</MultiTrack></Placemark>`));
    for (const r of [gx, plain]) {
      expect(segLengths(r)).toEqual([[1, 2]]);
      expect(fix(r, 2).lon).toBe(3.71);
    }
  });

  it('maps gx:SimpleArrayData speed to the speed column and keeps others as extras', () => {
    const r = read(
      track(`<when>2010-05-28T02:02:09Z</when><when>2010-05-28T02:02:10Z</when>
        <gx:coord>1 2 3</gx:coord><gx:coord>1 2 4</gx:coord>
        <ExtendedData><SchemaData schemaUrl="#s">
          <gx:SimpleArrayData name="speed"><gx:value>1.5</gx:value><gx:value>2.5</gx:value></gx:SimpleArrayData>
          <gx:SimpleArrayData name="heart_rate"><gx:value>120</gx:value><gx:value/></gx:SimpleArrayData>
        </SchemaData></ExtendedData>`),
    );
    expect(Array.from(r.fixes.speedMps!)).toEqual([1.5, 2.5]);
    expect(Array.from(r.fixExtras!.heart_rate!)).toEqual([120, NaN]);
  });

  it('rejects a bad gx:coord with its location and keeps the others', () => {
    const r = read(
      track(`<when>2010-05-28T02:02:09Z</when><when>2010-05-28T02:02:10Z</when>
<gx:coord>a b c</gx:coord><gx:coord>1 2 4</gx:coord>`),
    );
    expect(r.fixes.count).toBe(1);
    expect(fix(r, 0).t).toBe('2010-05-28T02:02:10.000Z');
    const bad = r.issues.find((i) => i.code === 'kml.coordinates.invalid')!;
    expect(bad.line).toBe(3);
  });

  it('stores untimed tracks with NaN times', () => {
    const r = read(track(`<gx:coord>1 2 3</gx:coord><gx:coord>1 2 4</gx:coord>`));
    expect(r.fixes.count).toBe(2);
    expect(Number.isNaN(r.fixes.t[1]!)).toBe(true);
  });
});

describe('KML documents', () => {
  it('accepts explicit prefixes and the KML 2.1 namespace', () => {
    const r = read(
      `<k:kml xmlns:k="http://earth.google.com/kml/2.1"><k:Document><k:Placemark><k:name>P</k:name><k:Point><k:coordinates>1,2</k:coordinates></k:Point></k:Placemark></k:Document></k:kml>`,
    );
    expect(r.formatDetail).toBe('KML 2.1');
    expect(r.waypoints.map((w) => w.name)).toEqual(['P']);
  });

  it('reads a Document root without <kml>, with an info issue', () => {
    const r = read(
      `<Document><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></Document>`,
    );
    expect(r.readable).toBe(true);
    expect(codes(r)).toEqual(['kml.root.unwrapped']);
    expect(r.waypoints).toHaveLength(1);
  });

  it('says a GPX file is not KML', () => {
    const r = read(`<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>`);
    expect(r.readable).toBe(false);
    expect(codes(r)).toContain('kml.not-kml');
  });

  it('keeps what was read before malformed XML, with a located error', () => {
    const r = read(
      KML(`<Placemark><LineString><coordinates>1,2 3,4</coordinates></LineString></Placemark>
<Placemark><name>x</nme></Placemark>`),
    );
    expect(r.fixes.count).toBe(2);
    const err = r.issues.find((i) => i.code === 'xml.mismatched-tag')!;
    expect(err.line).toBe(3);
  });

  it('gives the same result in 1-byte chunks', () => {
    const text =
      KML(`<Placemark><name>Ä</name><gx:Track><when>2010-05-28T02:02:09Z</when><gx:coord>1 2 3</gx:coord></gx:Track></Placemark>
      <Placemark><LineString><coordinates>1,2 3,4 no,5</coordinates></LineString></Placemark>`);
    expect(read(text, 1)).toEqual(read(text));
  });

  it('reads UTF-16', () => {
    const text = KML(
      `<Placemark><name>é</name><Point><coordinates>1,2</coordinates></Point></Placemark>`,
    ).replace('UTF-8', 'UTF-16');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes[0] = 0xff;
    bytes[1] = 0xfe;
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    const r = createKmlReader({ fileName: 'u.kml' });
    r.push(bytes);
    expect(r.finish().waypoints[0]!.name).toBe('é');
  });
});

describe('sniffKml', () => {
  const s = (t: string, name = 'x.xml') => sniffKml(enc.encode(t), name);
  it('recognises KML roots with a confidence', () => {
    expect(s(KML(''))?.confidence).toBe(1);
    expect(
      s('<kml:kml xmlns:kml="http://earth.google.com/kml/2.0"><kml:Document/></kml:kml>')
        ?.confidence,
    ).toBe(1);
    expect(s('<kml><Document/></kml>')?.confidence).toBe(0.9);
    expect(s('<Document><Placemark/></Document>')?.confidence).toBe(0.6);
    expect(s('<Document><Placemark/></Document>', 'a.KML')?.confidence).toBeCloseTo(0.65);
    expect(s('<Document xmlns="http://www.opengis.net/kml/2.2"/>')?.confidence).toBe(0.9);
  });
  it('rejects other XML', () => {
    expect(s('<gpx version="1.1"/>')).toBeNull();
    expect(s('<Document xmlns="urn:other"/>')).toBeNull();
    expect(s('hello')).toBeNull();
  });
});
