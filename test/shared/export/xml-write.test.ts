import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coord, xmlAttr, xmlSafe, xmlText } from '../../../shared/export/xml-write';

interface XmlElement {
  textContent: string | null;
  childNodes: ArrayLike<unknown>;
  getAttribute(name: string): string | null;
}
interface XmlDocument {
  documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
}
type Parser = { parseFromString(xml: string, type: string): XmlDocument };

// jsdom has no type declarations here; its DOMParser is a real, strict XML parser.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: new () => Parser } };
};
const parser = new new JSDOM('').window.DOMParser();

function parse(xml: string): XmlDocument {
  const doc = parser.parseFromString(xml, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`not well-formed: ${error.textContent ?? ''}\n${xml}`);
  return doc;
}

describe('XML escaping', () => {
  it('any string survives as text and as an attribute (forbidden characters as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const doc = parse(`<a b="${xmlAttr(s)}">${xmlText(s)}</a>`);
        const a = doc.documentElement;
        expect(a.textContent).toBe(xmlSafe(s));
        expect(a.getAttribute('b')).toBe(xmlSafe(s));
      }),
      { numRuns: 500 },
    );
  });

  it('names with markup stay text', () => {
    const s = '<Placemark>]]>&amp; "x" \u0001\r\n';
    const doc = parse(`<a>${xmlText(s)}</a>`);
    expect(doc.documentElement.childNodes).toHaveLength(1);
    expect(doc.documentElement.textContent).toBe('<Placemark>]]>&amp; "x" \ufffd\r\n');
  });

  it('writes coordinates without exponents', () => {
    expect(coord(1e-8)).toBe('0');
    expect(coord(-1e-8)).toBe('0');
    expect(coord(3e-7)).toBe('0.0000003');
    expect(coord(51.1204291234)).toBe('51.1204291');
    expect(coord(-180)).toBe('-180');
    expect(coord(3.1)).toBe('3.1');
  });
});
