/**
 * Streaming CSV/TSV tokenizer over decoded text. RFC 4180 quoting (a doubled quote inside a
 * quoted field is one quote; delimiters and newlines inside quotes are data), LF or CRLF line
 * ends, blanks around a quoted field tolerated (`"a", "b"` as MySQL dumps write), text after a
 * closing quote kept (lenient, reported by the caller only through the field's content).
 *
 * Fast path: a line without any quote character is split natively, or handed over unsplit to a
 * sink that reads it in place (`RowSink.line`, one-character delimiters). Rows are reported with the
 * 1-based line they start on. A quoted field left open for more than `maxRecordChars` is
 * reported as broken and reading resumes at the next line, so one stray quote can neither hold
 * the rest of the file in memory nor swallow it.
 */

export interface RowSink {
  row(fields: string[], line: number): void;
  /**
   * A record without quotes, `text.slice(start, end)` (line end excluded), to be split on the
   * one-character delimiter by the sink itself. When present it replaces `row` for such records,
   * so a sink that reads cells in place never pays for sixty million short strings.
   */
  line?(text: string, start: number, end: number, line: number): void;
  /** A record that could not be tokenized (unterminated quote); reading goes on after it. */
  broken(line: number, reason: string): void;
}

export interface DelimitedOptions {
  delimiter: string;
  /** Quote character; empty string for none. */
  quote: string;
  maxRecordChars?: number;
  /** Number of the first line given (a reader that read the lines before another way). */
  firstLine?: number;
}

const DEFAULT_MAX_RECORD = 1 << 20;

export class DelimitedTokenizer {
  private buf = '';
  private pos = 0;
  /** Line number of buf[pos]. */
  private line = 1;
  private readonly delim: string;
  private readonly quote: string;
  private readonly quoteCode: number;
  private readonly delimCode: number;
  private readonly maxRecord: number;
  private stopped = false;
  private readonly inPlace: boolean;

  constructor(
    opts: DelimitedOptions,
    private readonly sink: RowSink,
  ) {
    this.delim = opts.delimiter;
    this.quote = opts.quote;
    this.quoteCode = opts.quote === '' ? -1 : opts.quote.charCodeAt(0);
    this.delimCode = opts.delimiter.charCodeAt(0);
    this.maxRecord = opts.maxRecordChars ?? DEFAULT_MAX_RECORD;
    this.line = opts.firstLine ?? 1;
    this.inPlace = sink.line !== undefined && opts.delimiter.length === 1;
  }

  /** Lines fully consumed so far (the next row starts on `currentLine`). */
  get currentLine(): number {
    return this.line;
  }

  /** Stops emitting rows (e.g. the caller has seen enough of the head). */
  stop(): void {
    this.stopped = true;
  }

  push(text: string): void {
    if (text.length === 0 || this.stopped) return;
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.run(false);
  }

  finish(): void {
    if (this.stopped) return;
    this.run(true);
    this.buf = '';
    this.pos = 0;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    const quote = this.quote;
    let nextQuote = quote === '' ? -1 : buf.indexOf(quote, this.pos);
    while (this.pos < len && !this.stopped) {
      const start = this.pos;
      let nl = buf.indexOf('\n', start);
      if (nl < 0) {
        if (!final) break;
        nl = len;
      }
      // Fast path: no quote on this line (the next quote's position is cached: O(n) overall).
      if (quote !== '' && nextQuote >= 0 && nextQuote < start)
        nextQuote = buf.indexOf(quote, start);
      if (quote === '' || nextQuote < 0 || nextQuote > nl) {
        let end = nl;
        if (end > start && buf.charCodeAt(end - 1) === 13) end--;
        this.pos = nl + 1;
        const line = this.line++;
        if (this.inPlace) this.sink.line!(buf, start, end, line);
        else this.sink.row(buf.slice(start, end).split(this.delim), line);
        continue;
      }
      const consumed = this.quotedRecord(buf, start, final);
      if (consumed < 0) {
        // Record incomplete: wait for more text unless it is already too long.
        if (len - start > this.maxRecord) {
          this.sink.broken(this.line, 'unterminated quoted field (no closing quote)');
          this.skipLine(buf, start);
          continue;
        }
        break;
      }
    }
    if (final && this.pos >= len) this.pos = len;
  }

  private skipLine(buf: string, start: number): void {
    const nl = buf.indexOf('\n', start);
    this.pos = nl < 0 ? buf.length : nl + 1;
    this.line++;
  }

  /**
   * Tokenizes one record starting at `start` with the quote state machine; returns the chars
   * consumed, or -1 when the text ends before the record does (and `final` is false).
   */
  private quotedRecord(buf: string, start: number, final: boolean): number {
    const len = buf.length;
    const q = this.quoteCode;
    const d = this.delimCode;
    const fields: string[] = [];
    let i = start;
    let newlines = 0;
    for (;;) {
      // Start of a field: blanks before an opening quote are tolerated.
      let j = i;
      while (
        j < len &&
        (buf.charCodeAt(j) === 32 || buf.charCodeAt(j) === 9) &&
        buf.charCodeAt(j) !== d
      )
        j++;
      if (j < len && buf.charCodeAt(j) === q) {
        let value = '';
        let k = j + 1;
        for (;;) {
          const close = buf.indexOf(this.quote, k);
          if (close < 0) {
            if (!final) return -1;
            // Never closed: report the line it opened on and resume at the next line.
            this.sink.broken(this.line, 'unterminated quoted field (no closing quote)');
            this.skipLine(buf, start);
            return this.pos - start;
          }
          if (close + 1 < len && buf.charCodeAt(close + 1) === q) {
            value += buf.slice(k, close + 1);
            k = close + 2;
            continue;
          }
          if (close + 1 >= len && !final) return -1;
          value += buf.slice(k, close);
          newlines += countNewlines(buf, j, close);
          k = close + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept (lenient).
        let e = k;
        while (e < len) {
          const c = buf.charCodeAt(e);
          if (c === d || c === 10) break;
          e++;
        }
        if (e >= len && !final) return -1;
        let tail = buf.slice(k, e);
        if (tail.endsWith('\r')) tail = tail.slice(0, -1);
        if (tail.trim() !== '') value += tail;
        fields.push(value);
        i = e;
      } else {
        let e = i;
        while (e < len) {
          const c = buf.charCodeAt(e);
          if (c === d || c === 10) break;
          e++;
        }
        if (e >= len && !final) return -1;
        let v = buf.slice(i, e);
        if (e < len && buf.charCodeAt(e) === 10 && v.endsWith('\r')) v = v.slice(0, -1);
        else if (e >= len && v.endsWith('\r')) v = v.slice(0, -1);
        fields.push(v);
        i = e;
      }
      if (i >= len) {
        this.pos = len;
        break;
      }
      if (buf.charCodeAt(i) === d) {
        i++;
        if (i >= len) {
          if (!final) return -1;
          fields.push('');
          this.pos = len;
          break;
        }
        continue;
      }
      // Newline ends the record.
      this.pos = i + 1;
      newlines++;
      break;
    }
    const line = this.line;
    this.line += newlines;
    this.sink.row(fields, line);
    return this.pos - start;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
