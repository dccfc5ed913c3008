/**
 * Recognises an NMEA log from the head of a file: the share of its lines that are `$xxYYY,…*hh`
 * sentences with a correct checksum. UTF-16 heads (with or without a byte-order mark) are decoded
 * first. Lines with a sentence after some other bytes (binary frames, a stray prefix) count half,
 * as do sentences without a checksum; `#` comment lines and blank lines are not counted.
 */
import { NmeaByteInput } from './nmea-input';
import type { FormatDetection } from './reader';

/** Lines looked at; a head holds a few dozen NMEA sentences per KiB. */
const MAX_LINES = 400;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function isAddressChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** 1 for a sentence with a correct checksum, 0.5 for one without a checksum, else 0. */
function sentenceScore(s: string, from: number): number {
  let i = from + 1;
  const addrStart = i;
  while (i < s.length && isAddressChar(s.charCodeAt(i))) i++;
  if (i - addrStart < 2 || i >= s.length || s.charCodeAt(i) !== 0x2c /* , */) return 0;
  let sum = 0;
  for (let k = from + 1; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x2a /* * */) {
      const h1 = hexValue(s.charCodeAt(k + 1));
      const h2 = hexValue(s.charCodeAt(k + 2));
      return h1 >= 0 && h2 >= 0 && h1 * 16 + h2 === sum ? 1 : 0;
    }
    if (c < 0x20 || c >= 0x7f || c === 0x24 /* $ */) return 0;
    sum ^= c;
  }
  return 0.5;
}

export function sniffNmea(head: Uint8Array, fileName: string): FormatDetection | null {
  void fileName;
  const input = new NmeaByteInput();
  const a = input.push(head);
  const b = input.finish();
  const bytes = a.length === 0 ? b : b.length === 0 ? a : new Uint8Array([...a, ...b]);
  // Latin-1 keeps one character per byte, so binary bytes stay distinguishable from text.
  let text = '';
  const step = 8192;
  for (let i = 0; i < bytes.length; i += step) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + step)));
  }
  const lines = text.split(/\r\n|\r|\n/);
  // The head may end inside a line: judge only complete ones, unless there is just one.
  if (lines.length > 1) lines.pop();
  let counted = 0;
  let score = 0;
  let full = 0;
  for (const line of lines.slice(0, MAX_LINES)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    counted++;
    const dollar = line.indexOf('$');
    if (dollar < 0) continue;
    const s = sentenceScore(line, dollar);
    const prefix = line.slice(0, dollar).trim() !== '';
    score += prefix ? s / 2 : s;
    if (s === 1 && !prefix) full++;
  }
  if (score === 0 || counted === 0) return null;
  const confidence = Math.round((score / counted) * 1000) / 1000;
  const enc = input.transcodedFrom ? `, ${input.transcodedFrom.encoding.toUpperCase()}` : '';
  return {
    format: 'nmea',
    reason: `${full} of ${counted} line(s) in the head are NMEA 0183 sentences with valid checksums${enc}`,
    confidence,
  };
}
