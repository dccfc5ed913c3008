/** XML 1.0 (5th edition) name characters, with an ASCII fast path. */

export function isNameStartChar(c: number): boolean {
  if (c < 0x80) {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  }
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    // Surrogates stand for the supplementary planes #x10000-#xEFFFF.
    (c >= 0xd800 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

export function isNameChar(c: number): boolean {
  if (c < 0x80) {
    return (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 58 ||
      c === 45 ||
      c === 46
    );
  }
  return (
    isNameStartChar(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040)
  );
}

/** The part of a qualified name after its prefix: `gpxtpx:speed` → `speed`. */
export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function asciiTable(test: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 0x80; c++) t[c] = test(c) ? 1 : 0;
  return t;
}

/** 1 for the ASCII bytes that may start a name; 0 for the others and for every byte ≥ 0x80. */
export const ASCII_NAME_START = asciiTable(isNameStartChar);
/** 1 for the ASCII bytes that may continue a name; 0 for the others and for every byte ≥ 0x80. */
export const ASCII_NAME_CHAR = asciiTable(isNameChar);
