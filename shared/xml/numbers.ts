/**
 * Decimal number parsing for evidence files. Strict (no hex, no `Infinity`, no empty string as 0,
 * which `Number()` would accept) and fast for the common `-12.345678` shape: up to 15 significant
 * digits the integer mantissa and the power of ten are both exact doubles, so one division gives
 * the correctly rounded result, identical to `Number()`. Anything else goes through `Number()`
 * after a syntax check.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses `s[from, to)` as a decimal number, surrounding whitespace allowed; NaN when it is not one. */
export function parseDecimalRange(s: string, from: number, to: number): number {
  let i = from;
  let end = to;
  while (i < end && s.charCodeAt(i) <= 32) i++;
  while (end > i && s.charCodeAt(end - 1) <= 32) end--;
  if (i === end) return NaN;
  const start = i;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (sign === 45 /* - */) {
    negative = true;
    i++;
  } else if (sign === 43 /* + */) {
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let fracDigits = 0;
  let seenDot = false;
  let anyDigit = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      anyDigit = true;
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) significant++;
      if (seenDot) fracDigits++;
    } else if (c === 46 /* . */ && !seenDot) {
      seenDot = true;
    } else {
      return slowPath(s.slice(start, end));
    }
  }
  if (!anyDigit) return NaN;
  if (significant > 15 || fracDigits > 15) return slowPath(s.slice(start, end));
  const v = fracDigits === 0 ? mantissa : mantissa / POW10[fracDigits]!;
  return negative ? -v : v;
}

/** Parses `s` as a decimal number, surrounding whitespace allowed; NaN when it is not one. */
export function parseDecimal(s: string): number {
  return parseDecimalRange(s, 0, s.length);
}

function slowPath(t: string): number {
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** Parses bytes `b[from, to)` (ASCII digits) as a decimal number; NaN when it is not one. */
export function parseDecimalBytes(b: Uint8Array, from: number, to: number): number {
  let i = from;
  let end = to;
  while (i < end && b[i]! <= 32) i++;
  while (end > i && b[end - 1]! <= 32) end--;
  if (i === end) return NaN;
  const start = i;
  let negative = false;
  const sign = b[i]!;
  if (sign === 45 /* - */) {
    negative = true;
    i++;
  } else if (sign === 43 /* + */) {
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let fracDigits = 0;
  let seenDot = false;
  let anyDigit = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      anyDigit = true;
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) significant++;
      if (seenDot) fracDigits++;
    } else if (c === 46 /* . */ && !seenDot) {
      seenDot = true;
    } else {
      return slowPath(asciiString(b, start, end));
    }
  }
  if (!anyDigit) return NaN;
  if (significant > 15 || fracDigits > 15) return slowPath(asciiString(b, start, end));
  const v = fracDigits === 0 ? mantissa : mantissa / POW10[fracDigits]!;
  return negative ? -v : v;
}

function asciiString(b: Uint8Array, from: number, to: number): string {
  let s = '';
  // Non-ASCII bytes cannot be part of a number; mapping them to U+FFFD makes the check fail.
  for (let i = from; i < to; i++) s += b[i]! < 0x80 ? String.fromCharCode(b[i]!) : '\ufffd';
  return s;
}
