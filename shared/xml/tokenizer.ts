/**
 * A streaming, non-validating XML tokenizer built for throughput on large evidence files.
 *
 * It scans BYTES of an ASCII-compatible encoding (UTF-8, ISO-8859-x, windows-125x, Shift_JIS …:
 * every byte below 0x80 is the ASCII character, so `<`, `>`, `&`, quotes and names in markup are
 * found without decoding). Strings are made only for what the handler asks for: element and
 * attribute names (interned, one string per distinct name), attribute values on demand, and
 * character data while the handler sets `captureText`. Numbers can be parsed straight from the
 * bytes. `XmlByteInput` (shared/formats/decode.ts) turns other encodings (UTF-16) into UTF-8 first.
 *
 * Chunks arrive with `write`; a construct split across chunks waits for the next one (only that
 * tail is copied). Line and column are computed only when a location is asked for, by counting
 * newlines in consumed bytes.
 *
 * Checked: element and attribute name syntax, quoting, tag nesting, a single root, no text or
 * markup outside the root, unterminated constructs at end of input. Not checked (lenient on
 * purpose, like most GPX readers): DTD content, duplicate attributes, `&` in ignored text,
 * attribute-value whitespace normalisation.
 */
import { decodeEntities } from './entities';
import { isNameChar, isNameStartChar } from './names';
import { parseDecimal, parseDecimalBytes } from './numbers';

export interface XmlLocation {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters (UTF-8) or bytes (other multi-byte encodings). */
  column: number;
}

export interface XmlError extends XmlLocation {
  /** Stable code, e.g. `xml.mismatched-tag`. */
  code: string;
  message: string;
}

export interface XmlHandler {
  /** Attributes are readable on the tokenizer (`attrCount`, `attrNames`, `attrValue`, `attr`). */
  startElement(name: string, selfClosing: boolean): void;
  endElement(name: string): void;
  /**
   * Character data while `captureText` is true, as bytes `buf[start, end)`; `entities` tells
   * whether it holds references to decode (`tokenizer.textString` does both). The range is only
   * valid until `flush` or the next `write`. Text of one element may come in several pieces.
   */
  text(buf: Uint8Array, start: number, end: number, entities: boolean): void;
  /** Called before `write` returns: copy out anything still pointing into the buffer. */
  flush?(): void;
  /**
   * Optional fast path, offered each start tag `buf[lt]` inside the root element before the
   * tokenizer reads it. The handler may consume whole, balanced elements (and the text after
   * them) itself, without events, and return the index where the tokenizer resumes; or return
   * -1 to let the tokenizer read the element. Whatever it consumes it must have checked to be
   * well-formed: the tokenizer does not look at those bytes again.
   */
  fastElements?(buf: Uint8Array, lt: number, end: number): number;
  processingInstruction?(target: string, data: string): void;
  /** A fatal well-formedness error; the tokenizer stops after it. */
  error(err: XmlError): void;
}

/** Turns a byte range of the document's encoding into a string. */
export type RangeDecoder = (buf: Uint8Array, start: number, end: number) => string;

const INCOMPLETE = -1;
const FAILED = -2;
/** Bytes of a new chunk joined to the construct carried over from the previous chunk. */
const JOIN_HEAD = 16 * 1024;
/** Captured text kept waiting for its end before it is passed on in pieces. */
const MAX_TEXT_CARRY = 1 << 20;

const LT = 60;
const GT = 62;
const AMP = 38;
const NL = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function hasNonSpace(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(b[i]!)) return true;
  return false;
}

function indexOfSeq(b: Uint8Array, seq: readonly number[], from: number): number {
  const n = seq.length;
  const first = seq[0]!;
  for (let i = b.indexOf(first, from); i >= 0 && i + n <= b.length; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < n && b[i + k] === seq[k]) k++;
    if (k === n) return i;
  }
  return -1;
}

/**
 * Newlines in `b[from, to)`. Every consumed byte is counted once (locations are resolved
 * lazily, but the count must cover the whole input), so long spans go four bytes at a time:
 * `t` gets a byte's high bit exactly where that byte of `w ^ 0x0a0a0a0a` is zero.
 */
export function countNewlines(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  if (to - i >= 64) {
    while (((b.byteOffset + i) & 3) !== 0) if (b[i++] === NL) n++;
    const words = (to - i) >> 2;
    const w = new Int32Array(b.buffer, b.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const y = w[k]! ^ 0x0a0a0a0a;
      const t = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f);
      if (t !== 0) n += Math.imul((t >>> 7) & 0x01010101, 0x01010101) >>> 24;
    }
    i += words * 4;
  }
  for (; i < to; i++) if (b[i] === NL) n++;
  return n;
}

function bytesOf(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

const COMMENT_OPEN = bytesOf('<!--');
const COMMENT_CLOSE = bytesOf('-->');
const CDATA_OPEN = bytesOf('<![CDATA[');
const CDATA_CLOSE = bytesOf(']]>');
const DOCTYPE_OPEN = bytesOf('<!DOCTYPE');
const PI_CLOSE = bytesOf('?>');

function startsWithSeq(b: Uint8Array, at: number, seq: readonly number[]): boolean {
  if (at + seq.length > b.length) return false;
  for (let k = 0; k < seq.length; k++) if (b[at + k] !== seq[k]) return false;
  return true;
}

/** Decodes pure-ASCII ranges without a TextDecoder call; others with the document's decoder. */
function makeNameString(buf: Uint8Array, start: number, end: number, decode: RangeDecoder): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return decode(buf, start, end);
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * One string per distinct name, found by comparing bytes in place, so a million `<trkpt>` tags
 * cost no string allocation and compare by identity afterwards.
 */
class NameCache {
  private readonly buckets: (Uint8Array[] | undefined)[] = new Array<Uint8Array[] | undefined>(256);
  private readonly strings: (string[] | undefined)[] = new Array<string[] | undefined>(256);
  private size = 0;

  constructor(private readonly decode: RangeDecoder) {}

  get(buf: Uint8Array, start: number, end: number): string {
    const len = end - start;
    const key = (len * 31 + buf[start]! * 7 + buf[end - 1]!) & 255;
    const bucket = this.buckets[key];
    if (bucket !== undefined) {
      for (let b = 0; b < bucket.length; b++) {
        const n = bucket[b]!;
        if (n.length !== len) continue;
        let k = 0;
        while (k < len && n[k] === buf[start + k]) k++;
        if (k === len) return this.strings[key]![b]!;
      }
    }
    const name = makeNameString(buf, start, end, this.decode);
    // Bounded, so a file with millions of distinct names cannot grow it without limit.
    if (this.size < 4096) {
      if (bucket === undefined) {
        this.buckets[key] = [buf.slice(start, end)];
        this.strings[key] = [name];
      } else {
        bucket.push(buf.slice(start, end));
        this.strings[key]!.push(name);
      }
      this.size++;
    }
    return name;
  }
}

/** Reads one code point's worth for name checks: ASCII byte, or the decoded character. */
function codePointAt(buf: Uint8Array, i: number, decode: RangeDecoder): number {
  const c = buf[i]!;
  if (c < 0x80) return c;
  let e = i + 1;
  while (e < buf.length && e < i + 4 && (buf[e]! & 0xc0) === 0x80) e++;
  return decode(buf, i, e).codePointAt(0) ?? 0xfffd;
}

export class XmlTokenizer {
  /** Set by the handler while it wants character data. */
  captureText = false;
  /** Number of attributes of the element being reported by `startElement`. */
  attrCount = 0;
  readonly attrNames: string[] = [];
  private readonly attrStart: number[] = [];
  private readonly attrEnd: number[] = [];
  private readonly attrAmp: boolean[] = [];
  private readonly names: NameCache;
  private readonly fast: XmlHandler['fastElements'];

  private readonly stack: string[] = [];
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** Buffer index of the construct being reported, for `location()`. */
  private eventStart = 0;
  private stopped = false;
  private failedFlag = false;
  private rootSeen = false;
  private rootClosed = false;
  private consumedBefore = 0;

  // Location of buf[0]: its line, and how many characters precede it on that line.
  private baseLine = 1;
  private baseCol = 0;
  // A cursor so that successive location queries count each newline once.
  private lcPos = 0;
  private lcLine = 1;
  private lcLineStart = -1;

  constructor(
    private readonly handler: XmlHandler,
    /** Decoder for the document's encoding (names and text with non-ASCII bytes). */
    readonly decode: RangeDecoder,
    /** Count columns in UTF-8 characters (skip continuation bytes) rather than bytes. */
    public utf8Columns = true,
  ) {
    this.names = new NameCache(decode);
    this.fast = handler.fastElements;
  }

  get depth(): number {
    return this.stack.length;
  }

  get failed(): boolean {
    return this.failedFlag;
  }

  /** Bytes consumed so far, for progress and byte offsets. */
  get offset(): number {
    return this.consumedBefore + this.eventStart;
  }

  /** The value of attribute `name` (qualified name as written) on the current element. */
  attr(name: string): string | undefined {
    for (let i = 0; i < this.attrCount; i++)
      if (this.attrNames[i] === name) return this.attrValue(i);
    return undefined;
  }

  /** Value of the i-th attribute of the current element, entities decoded. */
  attrValue(i: number): string {
    const s = this.decode(this.buf, this.attrStart[i]!, this.attrEnd[i]!);
    return this.attrAmp[i] ? decodeEntities(s) : s;
  }

  /** The i-th attribute parsed as a decimal number (NaN when it is not one), allocation-free. */
  attrNumber(i: number): number {
    if (this.attrAmp[i]) return parseDecimal(this.attrValue(i));
    return parseDecimalBytes(this.buf, this.attrStart[i]!, this.attrEnd[i]!);
  }

  /** Character data as a string (decoded, entities resolved when `entities`). */
  textString(buf: Uint8Array, start: number, end: number, entities: boolean): string {
    const s = this.decode(buf, start, end);
    return entities ? decodeEntities(s) : s;
  }

  /** Stops tokenizing without an error (e.g. the handler saw it is not the format it wants). */
  stop(): void {
    this.stopped = true;
  }

  write(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    // A plain Uint8Array view keeps element access monomorphic (Node passes Buffers).
    const view =
      chunk.constructor === Uint8Array
        ? chunk
        : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const carry = this.buf.length - this.pos;
    this.advanceBase(this.pos);
    if (carry === 0) {
      this.buf = view;
      this.pos = 0;
    } else if (view.length > 2 * JOIN_HEAD) {
      this.finishCarry(view, carry);
    } else {
      const joined = new Uint8Array(carry + view.length);
      joined.set(this.buf.subarray(this.pos), 0);
      joined.set(view, carry);
      this.buf = joined;
      this.pos = 0;
    }
    this.run(false);
    this.handler.flush?.();
    if (!this.stopped) {
      // Count the consumed lines now: the caller may reuse its chunk once we return, so keep
      // no reference to it (only our own copy of the unconsumed tail).
      this.advanceBase(this.pos);
      this.buf = this.buf === view ? view.slice(this.pos) : this.buf.subarray(this.pos);
      this.pos = 0;
      this.eventStart = 0;
    }
  }

  /**
   * Reads the construct left over from the last chunk (`carry` bytes, `buf[pos…]`) joined with
   * only the head of `view`, then moves into `view` itself, so a large chunk is not copied just
   * to prepend a few bytes. As if the caller had split `view` after its head, except that the
   * rest is read in place. When what is left of the carry does not end within the head, it is
   * joined with the whole chunk after all. Leaves `buf`/`pos` ready for `run`.
   */
  private finishCarry(view: Uint8Array, carry: number): void {
    const head = new Uint8Array(carry + JOIN_HEAD);
    head.set(this.buf.subarray(this.pos), 0);
    head.set(view.subarray(0, JOIN_HEAD), carry);
    this.buf = head;
    this.pos = 0;
    this.run(false);
    if (this.stopped) return;
    const pos = this.pos;
    if (pos >= carry) {
      // view[0] is head[carry]: make it the base, and resume where the head's reading stopped.
      this.advanceBase(carry);
      this.buf = view;
      this.pos = pos - carry;
    } else {
      const joined = new Uint8Array(carry - pos + view.length);
      joined.set(head.subarray(pos, carry), 0);
      joined.set(view, carry - pos);
      this.advanceBase(pos);
      this.buf = joined;
      this.pos = 0;
    }
    this.eventStart = this.pos;
  }

  /** End of input: reports truncation and a missing root element. */
  end(): void {
    if (this.stopped) return;
    this.run(true);
    this.handler.flush?.();
    if (this.stopped) return;
    if (this.stack.length > 0) {
      this.eventStart = this.buf.length;
      const open = this.stack[this.stack.length - 1]!;
      this.fail(
        'xml.truncated',
        `File ends inside <${open}> (${this.stack.length} element(s) left open): the file is truncated`,
      );
    } else if (!this.rootSeen) {
      this.eventStart = this.buf.length;
      this.fail('xml.no-root', 'No XML element found: the file is not XML');
    }
    this.stopped = true;
  }

  /** Location of the construct currently being reported (or of the error just raised). */
  location(): XmlLocation {
    return this.locationAt(this.eventStart);
  }

  private locationAt(index: number): XmlLocation {
    const buf = this.buf;
    if (index < this.lcPos) {
      this.lcPos = 0;
      this.lcLine = this.baseLine;
      this.lcLineStart = -1;
    }
    const stop = Math.min(index, buf.length);
    if (stop > this.lcPos) {
      const lines = countNewlines(buf, this.lcPos, stop);
      if (lines > 0) {
        this.lcLine += lines;
        this.lcLineStart = buf.lastIndexOf(NL, stop - 1) + 1;
      }
    }
    this.lcPos = index;
    const from = this.lcLineStart >= 0 ? this.lcLineStart : 0;
    let chars = index - from;
    if (this.utf8Columns) {
      for (let i = from; i < index; i++) if ((buf[i]! & 0xc0) === 0x80) chars--;
    }
    const column = (this.lcLineStart >= 0 ? 0 : this.baseCol) + chars + 1;
    return { line: this.lcLine, column };
  }

  private advanceBase(n: number): void {
    if (n === 0) return;
    const loc = this.locationAt(n);
    this.baseLine = loc.line;
    this.baseCol = loc.column - 1;
    this.lcPos = 0;
    this.lcLine = this.baseLine;
    this.lcLineStart = -1;
    this.consumedBefore += n;
  }

  private fail(code: string, message: string): void {
    const { line, column } = this.location();
    this.failedFlag = true;
    this.stopped = true;
    this.handler.error({ code, message, line, column });
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    while (!this.stopped) {
      let lt = pos;
      while (lt < len && buf[lt] !== LT) lt++;
      if (lt === len) {
        if (pos < len) {
          if (this.captureText && this.stack.length > 0) {
            // Wait for the end of the text unless it is huge; then pass on what is complete.
            if (final || len - pos > MAX_TEXT_CARRY) {
              let cut = len;
              if (!final) {
                while (cut > pos && buf[cut - 1]! >= 0x80) cut--; // never split a character
                const amp = buf.lastIndexOf(AMP, cut - 1);
                if (amp >= pos && buf.indexOf(59 /* ; */, amp) < 0) cut = amp;
              }
              if (cut > pos) this.emitText(buf, pos, cut);
              pos = cut;
            }
          } else {
            if (this.stack.length === 0 && hasNonSpace(buf, pos, len)) {
              this.eventStart = pos;
              this.fail('xml.text-outside-root', 'Text outside the root element: not XML');
              break;
            }
            pos = len;
          }
        }
        break;
      }
      if (lt > pos) {
        if (this.captureText && this.stack.length > 0) {
          this.emitText(buf, pos, lt);
        } else if (this.stack.length === 0 && hasNonSpace(buf, pos, lt)) {
          this.eventStart = pos;
          this.fail('xml.text-outside-root', 'Text outside the root element: not XML');
          break;
        }
      }
      pos = lt;
      this.eventStart = lt;
      const c1 = lt + 1 < len ? buf[lt + 1]! : -1;
      let next: number;
      if (c1 === 47 /* / */) {
        next = this.endTag(buf, lt);
      } else if (c1 === 33 /* ! */) {
        next = this.bang(buf, lt, final);
      } else if (c1 === 63 /* ? */) {
        next = this.pi(buf, lt);
      } else if (c1 < 0) {
        next = INCOMPLETE;
      } else {
        next = -1;
        if (this.fast !== undefined && this.stack.length > 0) {
          next = this.fast.call(this.handler, buf, lt, len);
          // A handler that stops the tokenizer has seen something to report: leave it there.
          if (this.stopped) break;
        }
        if (next < 0) next = this.startTag(buf, lt);
      }
      if (next === FAILED) break;
      if (next === INCOMPLETE) {
        if (final) this.fail('xml.truncated', 'File ends inside markup: the file is truncated');
        break;
      }
      pos = next;
    }
    this.pos = pos;
  }

  private emitText(buf: Uint8Array, start: number, end: number): void {
    let amp = false;
    for (let i = start; i < end; i++) {
      if (buf[i] === AMP) {
        amp = true;
        break;
      }
    }
    this.handler.text(buf, start, end, amp);
  }

  private endTag(buf: Uint8Array, lt: number): number {
    const len = buf.length;
    const top = this.stack[this.stack.length - 1];
    // Fast path: the expected name, compared in place.
    if (top !== undefined) {
      const n = top.length;
      let k = 0;
      const at = lt + 2;
      while (k < n && at + k < len && buf[at + k] === top.charCodeAt(k)) k++;
      if (k === n) {
        let e = at + n;
        while (e < len && isSpace(buf[e]!)) e++;
        if (e >= len) return INCOMPLETE;
        if (buf[e] === GT) {
          this.stack.pop();
          this.handler.endElement(top);
          if (this.stack.length === 0) this.rootClosed = true;
          return e + 1;
        }
      }
    }
    const gt = buf.indexOf(GT, lt + 2);
    if (gt < 0) return INCOMPLETE;
    let e = gt;
    while (e > lt + 2 && isSpace(buf[e - 1]!)) e--;
    const name = this.decode(buf, lt + 2, e);
    const open = this.stack.pop();
    if (open === undefined) {
      this.fail('xml.unexpected-end-tag', `End tag </${name}> without a matching start tag`);
      return FAILED;
    }
    if (name !== open) {
      this.fail('xml.mismatched-tag', `End tag </${name}> does not match the open <${open}>`);
      return FAILED;
    }
    this.handler.endElement(name);
    if (this.stack.length === 0) this.rootClosed = true;
    return gt + 1;
  }

  private bang(buf: Uint8Array, lt: number, final: boolean): number {
    if (!final && buf.length < lt + 9) return INCOMPLETE;
    if (startsWithSeq(buf, lt, COMMENT_OPEN)) {
      const e = indexOfSeq(buf, COMMENT_CLOSE, lt + 4);
      return e < 0 ? INCOMPLETE : e + 3;
    }
    if (startsWithSeq(buf, lt, CDATA_OPEN)) {
      const e = indexOfSeq(buf, CDATA_CLOSE, lt + 9);
      if (e < 0) return INCOMPLETE;
      if (this.stack.length === 0) {
        this.fail('xml.text-outside-root', 'CDATA outside the root element');
        return FAILED;
      }
      if (this.captureText && e > lt + 9) this.handler.text(buf, lt + 9, e, false);
      return e + 3;
    }
    if (startsWithSeq(buf, lt, DOCTYPE_OPEN)) {
      if (this.rootSeen) {
        this.fail('xml.misplaced-doctype', 'DOCTYPE after the root element started');
        return FAILED;
      }
      const gt = buf.indexOf(GT, lt + 9);
      if (gt < 0) return INCOMPLETE;
      const open = buf.indexOf(91 /* [ */, lt + 9);
      if (open >= 0 && open < gt) {
        const close = buf.indexOf(93 /* ] */, open);
        if (close < 0) return INCOMPLETE;
        const gt2 = buf.indexOf(GT, close);
        return gt2 < 0 ? INCOMPLETE : gt2 + 1;
      }
      return gt + 1;
    }
    if (buf.length < lt + 9) return INCOMPLETE;
    this.fail('xml.bad-markup', 'Unknown markup after "<!"');
    return FAILED;
  }

  private pi(buf: Uint8Array, lt: number): number {
    const e = indexOfSeq(buf, PI_CLOSE, lt + 2);
    if (e < 0) return INCOMPLETE;
    let i = lt + 2;
    if (!isNameStartChar(codePointAt(buf, i, this.decode))) {
      this.fail('xml.bad-pi', 'Processing instruction without a target name');
      return FAILED;
    }
    while (i < e && !isSpace(buf[i]!)) i++;
    const target = this.decode(buf, lt + 2, i);
    if (target.toLowerCase() === 'xml' && (this.rootSeen || this.consumedBefore + lt > 0)) {
      this.fail('xml.misplaced-declaration', 'XML declaration not at the start of the file');
      return FAILED;
    }
    this.handler.processingInstruction?.(target, this.decode(buf, i, e).trim());
    return e + 2;
  }

  private badChar(buf: Uint8Array, i: number): string {
    return String.fromCodePoint(codePointAt(buf, i, this.decode));
  }

  private nameEnd(buf: Uint8Array, i: number): number {
    const len = buf.length;
    for (;;) {
      while (i < len && buf[i]! < 0x80 && isNameChar(buf[i]!)) i++;
      if (i >= len || buf[i]! < 0x80) return i;
      // Non-ASCII: check the decoded character, then skip its bytes.
      if (!isNameChar(codePointAt(buf, i, this.decode))) return i;
      i++;
      while (i < len && (buf[i]! & 0xc0) === 0x80) i++;
    }
  }

  private startTag(buf: Uint8Array, lt: number): number {
    const len = buf.length;
    const decode = this.decode;
    let i = lt + 1;
    const c0 = buf[i]!;
    if (c0 < 0x80 ? !isNameStartChar(c0) : !isNameStartChar(codePointAt(buf, i, decode))) {
      this.fail(
        'xml.bad-name',
        `Invalid character "${this.badChar(buf, i)}" at the start of an element name`,
      );
      return FAILED;
    }
    i = this.nameEnd(buf, i + 1);
    if (i >= len) return INCOMPLETE;
    const name = this.names.get(buf, lt + 1, i);
    let count = 0;
    let selfClosing = false;
    for (;;) {
      let sawSpace = false;
      while (i < len && isSpace(buf[i]!)) {
        sawSpace = true;
        i++;
      }
      if (i >= len) return INCOMPLETE;
      const c = buf[i]!;
      if (c === GT) {
        i++;
        break;
      }
      if (c === 47 /* / */) {
        if (i + 1 >= len) return INCOMPLETE;
        if (buf[i + 1] !== GT) {
          this.fail('xml.bad-tag', `Expected ">" after "/" in <${name}>`);
          return FAILED;
        }
        i += 2;
        selfClosing = true;
        break;
      }
      const startOk = c < 0x80 ? isNameStartChar(c) : isNameStartChar(codePointAt(buf, i, decode));
      if (!sawSpace || !startOk) {
        this.eventStart = i;
        const inName = count === 0 && !sawSpace;
        this.fail(
          inName ? 'xml.bad-name' : 'xml.bad-attribute',
          inName
            ? `Invalid character "${this.badChar(buf, i)}" in element name <${name}…>`
            : `Invalid character "${this.badChar(buf, i)}" in the attributes of <${name}>`,
        );
        return FAILED;
      }
      const nameStart = i;
      i = this.nameEnd(buf, i + 1);
      if (i >= len) return INCOMPLETE;
      const attrName = this.names.get(buf, nameStart, i);
      while (i < len && isSpace(buf[i]!)) i++;
      if (i >= len) return INCOMPLETE;
      if (buf[i] !== 61 /* = */) {
        this.eventStart = i;
        this.fail('xml.bad-attribute', `Attribute ${attrName} of <${name}> has no value`);
        return FAILED;
      }
      i++;
      while (i < len && isSpace(buf[i]!)) i++;
      if (i >= len) return INCOMPLETE;
      const q = buf[i]!;
      if (q !== 34 && q !== 39) {
        this.eventStart = i;
        this.fail('xml.bad-attribute', `Value of attribute ${attrName} of <${name}> is not quoted`);
        return FAILED;
      }
      // Values are short: one pass finds the closing quote, "<" (an error) and "&".
      let close = i + 1;
      let amp = false;
      for (; close < len; close++) {
        const v = buf[close]!;
        if (v === q) break;
        if (v === LT) {
          this.eventStart = close;
          this.fail('xml.bad-attribute', `"<" in the value of attribute ${attrName} of <${name}>`);
          return FAILED;
        }
        if (v === AMP) amp = true;
      }
      if (close >= len) return INCOMPLETE;
      this.attrNames[count] = attrName;
      this.attrStart[count] = i + 1;
      this.attrEnd[count] = close;
      this.attrAmp[count] = amp;
      count++;
      i = close + 1;
    }
    if (this.stack.length === 0 && this.rootClosed) {
      this.fail('xml.multiple-roots', `Element <${name}> after the end of the root element`);
      return FAILED;
    }
    this.attrCount = count;
    this.rootSeen = true;
    this.stack.push(name);
    this.handler.startElement(name, selfClosing);
    if (selfClosing && !this.stopped) {
      this.stack.pop();
      this.handler.endElement(name);
      if (this.stack.length === 0) this.rootClosed = true;
    }
    return i;
  }
}
