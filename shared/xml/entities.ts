/**
 * XML character references and the five predefined entities. Entities declared in a DTD are
 * not expanded (evidence files do not use them and expanding them invites "billion laughs");
 * such references are kept literally.
 */

const PREDEFINED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes `&lt;`, `&#65;`, `&#x41;` … in `s`. Malformed or unknown references stay as written. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0) break;
    const body = s.slice(amp + 1, semi);
    let rep: string | undefined;
    if (body.charCodeAt(0) === 35 /* # */) {
      const hex = body.charCodeAt(1) === 120; /* x */
      const digits = body.slice(hex ? 2 : 1);
      if (digits.length > 0 && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) {
        const cp = parseInt(digits, hex ? 16 : 10);
        if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
          rep = String.fromCodePoint(cp);
        }
      }
    } else {
      rep = PREDEFINED[body];
    }
    if (rep !== undefined) {
      out += s.slice(from, amp) + rep;
      from = semi + 1;
    }
    amp = s.indexOf('&', rep !== undefined ? semi + 1 : amp + 1);
  }
  return out + s.slice(from);
}
