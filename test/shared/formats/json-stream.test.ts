import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitJson, type JsonSplitOptions } from '../../../shared/formats/json-stream';

const enc = new TextEncoder();
const KEYS: JsonSplitOptions = { recordArrayKeys: ['features', 'locations'] };

function split(text: string | Uint8Array, cuts: number[] = [], opts: JsonSplitOptions = KEYS) {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    chunks.push(bytes.slice(from, c));
    from = c;
  }
  return splitJson(chunks, opts);
}

const values = (r: ReturnType<typeof split>): unknown[] => r.records.map((x) => x.value);
const codes = (r: ReturnType<typeof split>): string[] => r.errors.map((e) => e.code);

describe('JSON record splitter', () => {
  it('splits a FeatureCollection into features and keeps the envelope without them', () => {
    const doc =
      '{"type":"FeatureCollection","name":"x","features":[\n {"a":"]}\\""},\n {"b":[1,{"c":2}]}\n],"bbox":[1,2]}';
    const r = split(doc);
    expect(values(r)).toEqual([{ a: ']}"' }, { b: [1, { c: 2 }] }]);
    expect(r.records.map((x) => [x.path, x.index, x.line, x.column, x.offset])).toEqual([
      ['features', 0, 2, 2, 53],
      ['features', 1, 3, 2, 68],
    ]);
    expect(doc.slice(r.records[1]!.offset, r.records[1]!.offset + r.records[1]!.byteLength)).toBe(
      '{"b":[1,{"c":2}]}',
    );
    expect(r.envelopes.map((e) => e.value)).toEqual([
      { type: 'FeatureCollection', name: 'x', features: [], bbox: [1, 2] },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.splitter.shape).toBe('object');
  });

  it('splits top-level arrays, including scalar elements', () => {
    const r = split('[1, "a,]", {"x":null}, [true], -2.5e3]');
    expect(values(r)).toEqual([1, 'a,]', { x: null }, [true], -2500]);
    expect(r.records.map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads line-delimited JSON and RFC 8142 sequences as one record per value', () => {
    const r = split('{"a":1}\r\n{"b":2}\n\u001e{"c":3}\n');
    expect(values(r)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 3]);
    expect(r.splitter.topLevelValues).toBe(3);
  });

  it('does not split arrays under keys it was not asked to', () => {
    const r = split(
      '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"features":[1]}}',
    );
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.path).toBe('');
    expect(r.envelopes).toEqual([]);
  });

  it('skips an invalid record and keeps the ones around it', () => {
    const r = split('[{"a":1},{"b":tru},{"c":3}]');
    expect(values(r)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      code: 'json.record.invalid',
      index: 1,
      line: 1,
      column: 10,
    });
  });

  it('confines a broken line of NDJSON to that line', () => {
    const r = split('{"a":1}\n{"b":2\n{"c":3}\n{"d":"x\n{"e":5}\n');
    expect(values(r)).toEqual([{ a: 1 }, { c: 3 }, { e: 5 }]);
    expect(codes(r)).toEqual(['json.record.invalid', 'json.unterminated-string']);
    expect(r.errors.map((e) => e.line)).toEqual([2, 4]);
  });

  it('reports a mismatched bracket and resumes on the next line', () => {
    const r = split('[\n{"a":1},\n{"b":[2}],\n{"c":3}\n]');
    expect(values(r)).toContainEqual({ a: 1 });
    expect(values(r)).toContainEqual({ c: 3 });
    expect(codes(r)[0]).toBe('json.mismatched');
    expect(r.errors[0]!.line).toBe(3);
  });

  it('reports a truncated file and keeps every record before the cut', () => {
    const r = split('{"features":[{"a":1},{"b":2},{"c":');
    expect(values(r)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(codes(r)).toEqual(['json.truncated']);
    expect(r.errors[0]).toMatchObject({ line: 1, column: 30 });
  });

  it('skips a UTF-8 BOM (offsets stay file offsets) and transcodes UTF-16', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('[{"a":"é"}]')]);
    const r = split(withBom, [1, 2]);
    expect(values(r)).toEqual([{ a: 'é' }]);
    expect(r.records[0]).toMatchObject({ offset: 4, column: 2 });
    const text = '{"features":[{"name":"Gent – Brugge"}]}';
    const u16 = new Uint8Array(2 + text.length * 2);
    u16[0] = 0xff;
    u16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      u16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      u16[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const r16 = split(u16, [1, 5, 6]);
    expect(values(r16)).toEqual([{ name: 'Gent – Brugge' }]);
    expect(r16.splitter.transcodedFrom).toBe('utf-16le');
  });

  it('reports records above the size limit without holding them', () => {
    const r = split(`[{"a":"${'x'.repeat(500)}"},{"b":1}]`, [100, 200], { maxRecordBytes: 100 });
    expect(values(r)).toEqual([{ b: 1 }]);
    expect(codes(r)).toEqual(['json.record.too-large']);
  });

  it('rejects non-JSON with located errors, without records', () => {
    const r = split('hello\nworld\n');
    expect(r.records).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['json.unexpected', 1],
      ['json.unexpected', 2],
    ]);
  });

  describe('properties', () => {
    const record = fc.oneof(
      fc.dictionary(
        fc.string({ maxLength: 6 }),
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
          fc.constant(null),
        ),
        { maxKeys: 4 },
      ),
      fc.array(fc.integer(), { maxLength: 4 }),
      fc.string(),
      fc.integer(),
    );
    const docs = fc.tuple(
      fc.array(record, { maxLength: 12 }),
      fc.constantFrom('array', 'collection', 'ndjson'),
      fc.boolean(),
    );
    const render = ([recs, shape, pretty]: [unknown[], string, boolean]): {
      text: string;
      expected: unknown[];
    } => {
      const sep = pretty ? ',\n  ' : ',';
      if (shape === 'array')
        return { text: `[${recs.map((r) => JSON.stringify(r)).join(sep)}]`, expected: recs };
      if (shape === 'collection') {
        return {
          text: `{"type":"FeatureCollection",\n"features":[${recs.map((r) => JSON.stringify(r)).join(sep)}],"z":1}`,
          expected: recs,
        };
      }
      const objs = recs.map((r, i) => ({ i, r }));
      // JSON has no -0: the expectation is what the text can carry, not the generated value.
      const expected = objs.map((o) => JSON.parse(JSON.stringify(o)) as typeof o);
      return { text: objs.map((o) => JSON.stringify(o)).join('\n') + '\n', expected };
    };

    it('gives the same records for any chunk boundaries', () => {
      fc.assert(
        fc.property(docs, fc.array(fc.nat(), { maxLength: 8 }), (doc, rawCuts) => {
          const { text, expected } = render(doc);
          const bytes = enc.encode(text);
          const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const whole = split(bytes);
          const chunked = split(bytes, cuts);
          expect(values(whole)).toEqual(expected);
          expect(whole.errors).toEqual([]);
          expect(chunked.records).toEqual(whole.records);
          expect(chunked.errors).toEqual(whole.errors);
        }),
        { numRuns: 300 },
      );
    });

    it('keeps every complete record before any truncation point', () => {
      fc.assert(
        fc.property(docs, fc.nat(), (doc, at) => {
          const { text } = render(doc);
          const bytes = enc.encode(text);
          const full = split(bytes);
          const cut = at % (bytes.length + 1);
          const part = split(bytes.slice(0, cut));
          const complete = full.records.filter((r) => r.offset + r.byteLength <= cut);
          for (const r of complete) {
            // A scalar at the very end of the cut may not be known to be complete yet.
            if (
              typeof r.value !== 'object' &&
              typeof r.value !== 'string' &&
              r.offset + r.byteLength === cut
            )
              continue;
            expect(part.records).toContainEqual(r);
          }
          expect(part.records.length).toBeLessThanOrEqual(full.records.length);
        }),
        { numRuns: 300 },
      );
    });

    it('never throws or hangs on arbitrary bytes, and is chunking-invariant on them', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ maxLength: 200 }).map((s) => enc.encode(s)),
            fc
              .array(
                fc.constantFrom(
                  '{',
                  '}',
                  '[',
                  ']',
                  '"',
                  '\\',
                  ',',
                  ':',
                  '\n',
                  'a',
                  '1',
                  ' ',
                  '\u001e',
                ),
                { maxLength: 200 },
              )
              .map((a) => enc.encode(a.join(''))),
          ),
          fc.array(fc.nat(), { maxLength: 5 }),
          (bytes, rawCuts) => {
            const cuts = [...new Set(rawCuts.map((c) => c % (bytes.length + 1)))].sort(
              (a, b) => a - b,
            );
            const whole = split(bytes);
            const chunked = split(bytes, cuts);
            expect(chunked.records).toEqual(whole.records);
            expect(chunked.errors).toEqual(whole.errors);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
