import { describe, expect, it } from 'vitest';
import { XmlTokenizer, type XmlHandler } from '../../../shared/xml/tokenizer';
import { decodeEntities } from '../../../shared/xml/entities';
import { parseDecimal } from '../../../shared/xml/numbers';

const utf8 = new TextDecoder();
const enc = new TextEncoder();

/** Tokenizes `doc` in chunks, recording events (adjacent text merged). */
function events(doc: Uint8Array, cuts: number[]): string[] {
  const out: string[] = [];
  const handler: XmlHandler = {
    startElement(name, selfClosing) {
      const attrs: string[] = [];
      for (let i = 0; i < tok.attrCount; i++) attrs.push(`${tok.attrNames[i]}=${tok.attrValue(i)}`);
      out.push(`<${name} ${attrs.join(' ')}${selfClosing ? '/' : ''}>`);
      tok.captureText = true;
    },
    endElement(name) {
      out.push(`</${name}>`);
    },
    text(buf, s, e, entities) {
      const t = tok.textString(buf, s, e, entities);
      if (out.length > 0 && out[out.length - 1]!.startsWith('T:')) out[out.length - 1] += t;
      else out.push('T:' + t);
    },
    processingInstruction(target, data) {
      out.push(`?${target} ${data}`);
    },
    error(err) {
      out.push(`!${err.code}@${err.line}:${err.column}`);
    },
  };
  const tok: XmlTokenizer = new XmlTokenizer(handler, (b, s, e) => utf8.decode(b.subarray(s, e)));
  let from = 0;
  for (const c of [...cuts, doc.length]) {
    // Copy, and scribble over the source afterwards, as a caller reusing its buffer would.
    const chunk = doc.slice(from, c);
    tok.write(chunk);
    chunk.fill(0x21);
    from = c;
  }
  tok.end();
  return out;
}

const DOC = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE gpx [ <!ENTITY x "y"> ]>
<!-- a comment with <tags> & stuff -->
<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" version='1.1' creator="a &amp; b &#x41;&#66;">
  <trkpt lat="1.5" lon='-2'><ele>12.5</ele><name>Zoë &lt;3 <![CDATA[<raw> & ]]>end</name></trkpt>
  <empty/><?pi some data?>
  <ünï attr="ü">€ 𝄞</ünï>
</g:gpx>
`;

describe('XmlTokenizer', () => {
  const bytes = enc.encode(DOC);
  const reference = events(bytes, []);

  it('produces the expected events', () => {
    expect(reference).toEqual([
      '?xml version="1.0" encoding="UTF-8"',
      '<g:gpx xmlns:g=http://www.topografix.com/GPX/1/1 version=1.1 creator=a & b AB>',
      'T:\n  ',
      '<trkpt lat=1.5 lon=-2>',
      '<ele >',
      'T:12.5',
      '</ele>',
      '<name >',
      'T:Zoë <3 <raw> & end',
      '</name>',
      '</trkpt>',
      'T:\n  ',
      '<empty />',
      '</empty>',
      '?pi some data',
      'T:\n  ',
      '<ünï attr=ü>',
      'T:€ 𝄞',
      '</ünï>',
      'T:\n',
      '</g:gpx>',
    ]);
  });

  it('gives identical events for a split at every position', () => {
    for (let i = 1; i < bytes.length; i++) expect(events(bytes, [i])).toEqual(reference);
  });

  it('gives identical events for byte-by-byte input', () => {
    expect(
      events(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(reference);
  });

  it.each([
    ['<a><b></a>', '!xml.mismatched-tag@1:7'],
    ['<a>\n  <b x=1/></a>', '!xml.bad-attribute@2:8'],
    ['<a><b', '!xml.truncated@1:4'],
    ['<a>\n<b>text', '!xml.truncated@2:8'],
    ['<a/><b/>', '!xml.multiple-roots@1:5'],
    ['hello <a/>', '!xml.text-outside-root@1:1'],
    ['', '!xml.no-root@1:1'],
    ['<xml∂></xml>', '!xml.bad-name@1:5'],
    ['<a><!-- unterminated', '!xml.truncated@1:4'],
  ])('reports %j located', (doc, expected) => {
    const ev = events(enc.encode(doc), []);
    expect(ev[ev.length - 1]).toBe(expected);
  });
});

describe('decodeEntities / parseDecimal', () => {
  it('decodes predefined and numeric references, keeps unknown ones', () => {
    expect(decodeEntities('a&lt;b&gt;&amp;&quot;&apos;&#65;&#x1F600;&foo;&#xZZ;&')).toBe(
      'a<b>&"\'A😀&foo;&#xZZ;&',
    );
  });
  it('parses decimals strictly and exactly', () => {
    for (const s of [
      '0',
      '-0.5',
      '12.3456789',
      '+7',
      ' 45.454350 ',
      '1e3',
      '0.1234567890123456789',
      '.5',
      '5.',
    ]) {
      expect(parseDecimal(s)).toBe(Number(s.trim()));
    }
    for (const s of ['', ' ', '-', '.', 'x', '0x10', 'Infinity', '1,5', 'undefined', '1.2.3']) {
      expect(parseDecimal(s)).toBeNaN();
    }
  });
});
