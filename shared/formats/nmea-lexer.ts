/**
 * Splits a byte stream into NMEA sentences, one byte at a time so a sentence may be split across
 * chunks anywhere, with no regular expression and no backtracking. Lines end in CR, LF or CRLF.
 *
 * A sentence starts at `$` anywhere in a line (so the lexer resynchronises after binary frames or a
 * garbage prefix) and ends at the line end, at the next `$`, or at end of file. Its checksum, when
 * present, is verified here; sentences the lexer rejects never reach the handler:
 * - bad checksum: rejected, one issue each (capped);
 * - no `*hh` but ended by a line end: passed on as unchecked (the reader counts them);
 * - no `*hh` and cut off by the next `$` or by end of file: truncated, rejected (unless the
 *   whole log is without checksums and it is the last line);
 * - a control or non-ASCII byte inside: the "sentence" was part of binary data, skipped as such;
 * - longer than MAX_SENTENCE: rejected.
 * Everything outside sentences is tallied: `#` comment lines, lines of stray text, bytes of
 * binary data (with u-blox UBX frame headers, 0xB5 0x62, counted on their own).
 */
import { IssueList, Tally } from './issues';

/** NMEA allows 82 characters; proprietary sentences and some loggers go beyond, but not this far. */
export const MAX_SENTENCE = 256;

const DOLLAR = 0x24;
const STAR = 0x2a;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;

const S_IDLE = 0;
const S_COMMENT = 1;
const S_SENTENCE = 2;
const S_JUNK = 3;

const END_EOL = 0;
const END_DOLLAR = 1;
const END_EOF = 2;

export interface SentenceHandler {
  /**
   * A sentence that passed the lexer: `body[0, end)` is the text between `$` and `*` (or the line
   * end when unchecked), ASCII only.
   */
  sentence(body: Uint8Array, end: number, line: number, checksummed: boolean): void;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** The first characters of `b[0, n)` as text for messages (ASCII only reaches here). */
export function preview(b: Uint8Array, n: number, max = 60): string {
  let s = '';
  const m = Math.min(n, max);
  for (let i = 0; i < m; i++) s += String.fromCharCode(b[i]!);
  return n > max ? `${s}…` : s;
}

export class NmeaLexer {
  /** 1-based number of the line being read. */
  line = 1;
  private state = S_IDLE;
  private prevCR = false;
  private prevB5 = false;
  private readonly buf = new Uint8Array(MAX_SENTENCE);
  private len = 0;
  private overlong = false;
  private sentenceLine = 1;
  // What the current line held outside sentences.
  private lineBinary = 0;
  private lineText = 0;
  private lineTextExample = '';
  private prevLineBinary = false;
  /** Whether any sentence so far carried a checksum: a later one without is then suspicious. */
  sawChecksum = false;
  /** Whether any sentence so far came without a checksum. */
  private sawUnchecked = false;

  readonly comments = new Tally<number>();
  readonly textJunk = new Tally<number>();
  readonly binaryLines = new Tally<number>();
  binaryBytes = 0;
  ubxFrames = 0;
  /** Sentences rejected by the lexer, whatever the reason. */
  rejected = 0;
  badChecksums = 0;
  truncated = 0;

  constructor(
    private readonly handler: SentenceHandler,
    private readonly issues: IssueList,
  ) {}

  push(b: Uint8Array): void {
    const n = b.length;
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      if (this.state === S_SENTENCE) {
        // The hot path: copy the sentence's printable bytes in a tight loop.
        let len = this.len;
        while (i < n) {
          const c = b[i]!;
          if (c < 0x20 || c >= 0x7f || c === DOLLAR) break;
          if (len < MAX_SENTENCE) buf[len++] = c;
          else this.overlong = true;
          i++;
        }
        this.len = len;
        this.prevCR = false;
        if (i === n) break;
      }
      const c = b[i]!;
      if (c === LF || c === CR) {
        if (c === LF && this.prevCR) {
          this.prevCR = false;
          continue;
        }
        this.endLine();
        this.prevCR = c === CR;
        this.prevB5 = false;
        continue;
      }
      this.prevCR = false;
      const state = this.state;
      if (state === S_SENTENCE) {
        if (c === DOLLAR) {
          this.endSentence(END_DOLLAR);
          this.startSentence();
          continue;
        }
        // A control or non-ASCII byte: what looked like a sentence was inside binary data.
        this.lineBinary += this.len + 1;
        this.len = 0;
        this.overlong = false;
        this.state = S_JUNK;
        this.junkByte(c);
        continue;
      }
      if (c === DOLLAR && state !== S_COMMENT) {
        this.startSentence();
        continue;
      }
      if (state === S_COMMENT) continue;
      if (state === S_IDLE) {
        if (c === 0x20 || c === 0x09) continue;
        if (c === HASH && this.lineBinary === 0 && this.lineText === 0) {
          this.state = S_COMMENT;
          this.comments.hit(this.line);
          continue;
        }
        this.state = S_JUNK;
      }
      this.junkByte(c);
    }
  }

  finish(): void {
    if (this.state === S_SENTENCE) this.endSentence(END_EOF);
    this.endLineTallies();
  }

  private junkByte(c: number): void {
    if (this.prevB5 && c === 0x62) this.ubxFrames++;
    this.prevB5 = c === 0xb5;
    if (c < 0x20 || c >= 0x7f) {
      this.lineBinary++;
      return;
    }
    if (c === 0x20 || c === 0x09) return;
    if (this.lineText++ < 40) this.lineTextExample += String.fromCharCode(c);
  }

  private startSentence(): void {
    this.state = S_SENTENCE;
    this.len = 0;
    this.overlong = false;
    this.sentenceLine = this.line;
    this.prevB5 = false;
  }

  private endLine(): void {
    if (this.state === S_SENTENCE) this.endSentence(END_EOL);
    this.endLineTallies();
    this.state = S_IDLE;
    this.line++;
  }

  private endLineTallies(): void {
    const line = this.line;
    const binary = this.lineBinary > 0;
    // Binary frames contain CR and LF bytes: text right after binary data is its tail.
    if (binary || (this.prevLineBinary && this.lineText > 0)) {
      // Printable bytes between binary ones are part of the binary data, not stray text.
      this.binaryBytes += this.lineBinary + this.lineText;
      this.binaryLines.hit(line);
    } else if (this.lineText > 0) {
      const example = this.lineTextExample;
      this.textJunk.hit(line, () => example);
    }
    this.prevLineBinary = binary;
    this.lineBinary = 0;
    this.lineText = 0;
    this.lineTextExample = '';
  }

  private reject(): void {
    this.rejected++;
  }

  private endSentence(how: number): void {
    this.state = how === END_DOLLAR ? S_SENTENCE : S_JUNK;
    const b = this.buf;
    const len = this.len;
    const line = this.sentenceLine;
    if (this.overlong) {
      this.reject();
      this.issues.add(
        'warning',
        'nmea.sentence.too-long',
        `Line ${line}: sentence longer than ${MAX_SENTENCE} characters ("$${preview(b, len)}"); skipped`,
        { line },
      );
      return;
    }
    let star = -1;
    let sum = 0;
    for (let i = 0; i < len; i++) {
      const c = b[i]!;
      if (c === STAR) {
        star = i;
        break;
      }
      sum ^= c;
    }
    if (star < 0) {
      // At end of file only a log that never uses checksums may end in a sentence without one.
      if (
        len > 0 &&
        (how === END_EOL || (how === END_EOF && !this.sawChecksum && this.sawUnchecked))
      ) {
        this.sawUnchecked = true;
        this.handler.sentence(b, len, line, false);
        return;
      }
      this.truncatedSentence(line, how, len);
      return;
    }
    const h1 = star + 1 < len ? hexValue(b[star + 1]!) : -1;
    const h2 = star + 2 < len ? hexValue(b[star + 2]!) : -1;
    if (h1 < 0 || h2 < 0) {
      if (how !== END_EOL && star + 2 >= len) {
        this.truncatedSentence(line, how, len);
        return;
      }
      this.reject();
      this.badChecksums++;
      this.issues.add(
        'warning',
        'nmea.checksum.bad',
        `Line ${line}: checksum is not two hex digits ("$${preview(b, len)}"); sentence skipped`,
        { line },
      );
      return;
    }
    this.sawChecksum = true;
    const found = h1 * 16 + h2;
    if (found !== sum) {
      this.reject();
      this.badChecksums++;
      this.issues.add(
        'warning',
        'nmea.checksum.bad',
        `Line ${line}: checksum mismatch (computed ${hex2(sum)}, found ${hex2(found)}) in "$${preview(b, len)}"; sentence skipped`,
        { line },
      );
      return;
    }
    // Text after `*hh` on the same line is not part of the sentence.
    for (let i = star + 3; i < len; i++) {
      const c = b[i]!;
      if (c !== 0x20 && c !== 0x09 && this.lineText++ < 40) {
        this.lineTextExample += String.fromCharCode(c);
      }
    }
    this.handler.sentence(b, star, line, true);
  }

  private truncatedSentence(line: number, how: number, len: number): void {
    this.reject();
    this.truncated++;
    const where =
      how === END_EOF
        ? 'the file ends inside it'
        : how === END_DOLLAR
          ? 'the next "$" starts before it ends'
          : 'it has no checksum';
    const text = len === 0 ? 'a lone "$"' : `"$${preview(this.buf, len)}"`;
    this.issues.add(
      'warning',
      'nmea.sentence.truncated',
      `Line ${line}: sentence cut off (${where}): ${text}; skipped`,
      { line },
    );
  }
}
