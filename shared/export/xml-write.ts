/**
 * Writing XML text that any parser accepts whatever the evidence held: names come from files
 * (a device label, a place, a photo's file name) and may contain markup characters, control
 * characters or lone surrogates, none of which may reach an export unescaped.
 */

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/FFFF)
 * become U+FFFD, so the text stays visibly damaged rather than silently shortened.
 */
export function xmlSafe(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex -- the forbidden control characters are the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/**
 * Text content: `&`, `<` and `>` escaped (the last so `]]>` can never appear), and CR as a
 * reference, since a parser turns a literal CR (or CR LF) into LF.
 */
export function xmlText(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** A double-quoted attribute value; tab, LF and CR as references so they survive normalisation. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** `<name>text</name>`, or nothing for an empty or missing value. */
export function element(name: string, text: string | null | undefined): string {
  return text === null || text === undefined || text === ''
    ? ''
    : `<${name}>${xmlText(text)}</${name}>`;
}

/** A coordinate as plain decimal (never exponent notation), at most 7 decimals (about 1 cm). */
export function coord(x: number): string {
  const fixed = x.toFixed(7);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
