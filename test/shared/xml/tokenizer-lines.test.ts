import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countNewlines, XmlTokenizer, type XmlHandler } from '../../../shared/xml/tokenizer';

const utf8 = new TextDecoder();
const enc = new TextEncoder();

function naiveCount(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (b[i] === 10) n++;
  return n;
}

describe('countNewlines', () => {
  it('agrees with a byte loop for any bytes, range and buffer alignment', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }).map((a) => a.map((v) => (v % 4 === 0 ? 10 : v))),
        fc.nat(7),
        fc.nat(),
        fc.nat(),
        (bytes, shift, x, y) => {
          // A view at an odd offset into a larger buffer, as a carried tail can be.
          const backing = new Uint8Array(bytes.length + 8);
          backing.set(bytes, shift);
          const b = backing.subarray(shift, shift + bytes.length);
          const from = bytes.length === 0 ? 0 : x % (bytes.length + 1);
          const to = from + (bytes.length === 0 ? 0 : y % (bytes.length - from + 1));
          expect(countNewlines(b, from, to)).toBe(naiveCount(b, from, to));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts every byte value other than 10 as no newline', () => {
    const b = new Uint8Array(4096);
    for (let i = 0; i < b.length; i++) b[i] = i % 256 === 10 ? 11 : i % 256;
    expect(countNewlines(b, 0, b.length)).toBe(0);
    b[1234] = 10;
    b[4095] = 10;
    expect(countNewlines(b, 0, b.length)).toBe(2);
  });
});

describe('XmlTokenizer locations with a reused chunk', () => {
  it('keeps lines right when the caller overwrites each chunk after write', () => {
    const lines: string[] = ['<r>'];
    for (let i = 0; i < 40; i++) lines.push(`  <p n="${i}"/>`);
    lines.push('  <bad =/>');
    lines.push('</r>');
    const doc = enc.encode(lines.join('\n'));
    for (const size of [1, 7, 16, 61, 200]) {
      const errors: string[] = [];
      const handler: XmlHandler = {
        startElement() {},
        endElement() {},
        text() {},
        error(e) {
          errors.push(`${e.code}@${e.line}:${e.column}`);
        },
      };
      const tok = new XmlTokenizer(handler, (b, s, e) => utf8.decode(b.subarray(s, e)));
      // One buffer reused for every chunk, as a stream reading into a fixed buffer would.
      const reused = new Uint8Array(size);
      for (let from = 0; from < doc.length; from += size) {
        const n = Math.min(size, doc.length - from);
        reused.set(doc.subarray(from, from + n));
        tok.write(reused.subarray(0, n));
        reused.fill(10); // newlines that must not be counted
      }
      tok.end();
      expect(errors, `chunks of ${size}`).toEqual(['xml.bad-attribute@42:8']);
    }
  });
});

describe('XmlTokenizer with large chunks (carried construct joined to the head of the next)', () => {
  /** Events of `doc` written in the given chunks; text merged, locations of start tags kept. */
  function events(doc: Uint8Array, cuts: number[]): string[] {
    const out: string[] = [];
    const handler: XmlHandler = {
      startElement(name) {
        const at = tok.location();
        out.push(`<${name} ${tok.attr('v') ?? ''}@${at.line}:${at.column}`);
        tok.captureText = name === 't';
      },
      endElement(name) {
        out.push(`</${name}>`);
      },
      text(buf, s, e, entities) {
        const t = tok.textString(buf, s, e, entities);
        if (out.length > 0 && out[out.length - 1]!.startsWith('T:')) out[out.length - 1] += t;
        else out.push('T:' + t);
      },
      error(e) {
        out.push(`!${e.code}@${e.line}:${e.column}`);
      },
    };
    const tok: XmlTokenizer = new XmlTokenizer(handler, (b, s, e) => utf8.decode(b.subarray(s, e)));
    let from = 0;
    for (const c of [...cuts, doc.length]) {
      const chunk = doc.slice(from, c);
      tok.write(chunk);
      chunk.fill(0x3c);
      from = c;
    }
    tok.end();
    return out;
  }

  // Constructs of every length, some longer than the joined head (16 KiB): long comments,
  // long captured texts, long attribute values, CDATA, multi-byte characters.
  const parts: string[] = ['<r>\n'];
  for (let i = 0; i < 400; i++) {
    const n = (i * 7919) % 40000;
    if (i % 5 === 0) parts.push(`<!-- ${'c'.repeat(n)} -->\n`);
    else if (i % 5 === 1) parts.push(`<t>${'ä\n'.repeat(n >> 3)}&amp;</t>\n`);
    else if (i % 5 === 2) parts.push(`<e v="${'v'.repeat(n >> 2)}"/>\n`);
    else if (i % 5 === 3) parts.push(`<t><![CDATA[${'x'.repeat(n >> 4)}]]></t>\n`);
    else parts.push(`<p v="${i}"><t>${i}</t></p>\n`);
  }
  parts.push('</r>\n<bad');
  const doc = enc.encode(parts.join(''));

  it('gives the events of one whole write for any large chunking', () => {
    const whole = events(doc, []);
    expect(whole.at(-1)).toMatch(/^!xml\./);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: doc.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          expect(
            events(
              doc,
              [...cuts].sort((a, b) => a - b),
            ),
          ).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
    const every = (size: number): number[] =>
      Array.from({ length: Math.floor((doc.length - 1) / size) }, (_, k) => (k + 1) * size);
    for (const size of [33_000, 65_536, 100_003, 1 << 20])
      expect(events(doc, every(size))).toEqual(whole);
  });
});
