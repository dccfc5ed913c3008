/**
 * Lines of an ASCII-compatible table (UTF-8 or windows-1252) found in the raw bytes, so rows can
 * be read without decoding the file into text first. A line is handed over as `[start, end)` of a
 * byte array (line end and a `\r` before it excluded), numbered from 1 like the text tokenizer's.
 *
 * Only quote-free lines are handled here. At the first line holding the quote character the
 * splitter stops and gives back every byte from that line's start on: quoted fields (which may
 * span lines) are the text tokenizer's job for the rest of the file. Lines read the same either
 * way, because in both encodings `\n`, `\r`, the delimiter and the quote are single ASCII bytes.
 */

export interface ByteLineSink {
  line(bytes: Uint8Array, start: number, end: number, line: number): void;
}

export class ByteLineSplitter {
  /** Number of the next line. */
  line: number;
  /** Bytes of a line cut by a chunk boundary. */
  private carry = new Uint8Array(0);
  private carryLength = 0;
  private handedOver = false;

  constructor(
    private readonly quoteByte: number,
    private readonly sink: ByteLineSink,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /**
   * Reads the complete lines of `chunk` (after what was carried over). Returns undefined, or
   * the bytes from the first line with a quote on (the splitter is then done).
   */
  push(bytes: Uint8Array): Uint8Array | undefined {
    if (this.handedOver) throw new Error('ByteLineSplitter: push after hand-over');
    // A plain view: Node's Buffer overrides indexOf with a slower, more general one.
    const chunk =
      bytes.constructor === Uint8Array
        ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 0;
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.keep(chunk, 0, chunk.length);
        return undefined;
      }
      this.keep(chunk, 0, nl + 1);
      const joined = this.carry.subarray(0, this.carryLength);
      this.carryLength = 0;
      if (this.hasQuote(joined, 0, joined.length))
        return this.handOver(concat(joined, chunk.subarray(nl + 1)));
      this.emit(joined, 0, joined.length - 1);
      pos = nl + 1;
    }
    const len = chunk.length;
    const q = this.quoteByte;
    const nextQuote = q < 0 ? -1 : chunk.indexOf(q, pos);
    while (pos < len) {
      const nl = chunk.indexOf(10, pos);
      const lineEnd = nl < 0 ? len : nl;
      if (nextQuote >= 0 && nextQuote < lineEnd) return this.handOver(chunk.subarray(pos));
      if (nl < 0) {
        this.keep(chunk, pos, len);
        break;
      }
      this.emit(chunk, pos, nl);
      pos = nl + 1;
    }
    return undefined;
  }

  /** Reads the last line (no newline after it). Returns its bytes instead when it holds a quote. */
  finish(): Uint8Array | undefined {
    if (this.handedOver) return undefined;
    const rest = this.carry.subarray(0, this.carryLength);
    this.carryLength = 0;
    if (rest.length === 0) return undefined;
    if (this.hasQuote(rest, 0, rest.length)) return this.handOver(rest.slice());
    this.emit(rest, 0, rest.length);
    return undefined;
  }

  private handOver(rest: Uint8Array): Uint8Array {
    this.handedOver = true;
    return rest;
  }

  private hasQuote(b: Uint8Array, from: number, to: number): boolean {
    if (this.quoteByte < 0) return false;
    const q = b.indexOf(this.quoteByte, from);
    return q >= 0 && q < to;
  }

  private emit(b: Uint8Array, start: number, nl: number): void {
    let end = nl;
    if (end > start && b[end - 1] === 13) end--;
    this.sink.line(b, start, end, this.line++);
  }

  private keep(b: Uint8Array, from: number, to: number): void {
    const need = this.carryLength + (to - from);
    if (need > this.carry.length) {
      const bigger = new Uint8Array(Math.max(need, this.carry.length * 2, 256));
      bigger.set(this.carry.subarray(0, this.carryLength));
      this.carry = bigger;
    }
    this.carry.set(b.subarray(from, to), this.carryLength);
    this.carryLength = need;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
