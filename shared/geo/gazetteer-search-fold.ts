/**
 * Folding names and queries to one comparable form: NFKD with the accents dropped, lower case,
 * the letters NFKD leaves alone spelled out (ß → ss, æ → ae, ø → o, ł → l …), punctuation to
 * spaces. "Liège", "LIEGE" and "liege" fold alike; so do "Sint-Niklaas" and "sint niklaas".
 */

const SPELLED: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ə: 'e',
  ŋ: 'ng',
  ĸ: 'k',
};
const SPELLED_RE = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');
const MARKS_RE = /\p{M}+/gu;
const SEPARATORS_RE = /[^\p{L}\p{N}]+/gu;
const ASCII_RE = /^[\x20-\x7e]*$/;
const ASCII_SEPARATORS_RE = /[^a-z0-9]+/g;

/** The comparable form: words of letters and digits separated by single spaces. */
export function foldName(text: string): string {
  // Most names are plain ASCII: skip Unicode normalisation for them (a third of build time).
  if (ASCII_RE.test(text)) {
    return text.toLowerCase().replace(ASCII_SEPARATORS_RE, ' ').trim();
  }
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .toLowerCase()
    .replace(SPELLED_RE, (ch) => SPELLED[ch]!)
    .replace(SEPARATORS_RE, ' ')
    .trim();
}

/**
 * Saints and their abbreviations in the four languages, to one token, so "St Andries",
 * "Sint-Andries" and "Saint Andries" meet. Feminine forms keep their own token.
 */
const CANONICAL_WORDS: Record<string, string> = {
  sint: 'st',
  saint: 'st',
  sankt: 'st',
  santo: 'st',
  sainte: 'ste',
};

/** The folded text with saint words abbreviated; equal to the input when there are none. */
export function canonicalName(folded: string): string {
  if (!/\b(sint|saint|sankt|santo|sainte)\b/.test(folded)) return folded;
  return folded
    .split(' ')
    .map((w) => CANONICAL_WORDS[w] ?? w)
    .join(' ');
}
