/**
 * One data row's cells, seen in one of three ways: an array of strings (XLSX sheets, quoted CSV
 * records, detection samples); a line of decoded text with the field boundaries found in it; or
 * a line of the file's undecoded bytes (UTF-8 or windows-1252, where every ASCII byte is that
 * character and never part of another one) with its field boundaries.
 *
 * The line forms exist for speed: splitting five million rows into sixty million short strings
 * was the largest single cost of a tracker import. Here a row costs one scan for delimiters;
 * numbers, dates and flags are parsed in place and a string is made only for a text cell whose
 * content changed since the previous row (device, driver) or for an issue's message.
 *
 * `at(i)` points `s` (or `b` for bytes) and `from`/`to` at cell i (an empty range past the last
 * cell, as `fields[i] ?? ''` gives), so parsers read the cell without a slice being made.
 */

/** Turns a cell's bytes into its text, as the decoding of the whole file would. */
export interface CellDecoder {
  decode(bytes: Uint8Array): string;
}

const EMPTY_FIELDS: readonly string[] = [];
const EMPTY_BYTES = new Uint8Array(0);
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

export class RowCells {
  /** Number of cells (as `fields.length`: a line without a delimiter has one). */
  length = 0;
  /** Set by `at`: cell i is `s.slice(from, to)`, or `decode(b.subarray(from, to))` when `bytes`. */
  s = '';
  b: Uint8Array = EMPTY_BYTES;
  from = 0;
  to = 0;
  /** The row is a line of bytes (`b`), not text (`s`). */
  bytes = false;

  private fields: readonly string[] = EMPTY_FIELDS;
  private line = '';
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private decimals = new Float64Array(32);
  private isLine = false;
  private decoder: CellDecoder | undefined;

  /** Views an array of cells. */
  setFields(fields: readonly string[]): this {
    this.fields = fields;
    this.isLine = false;
    this.bytes = false;
    this.length = fields.length;
    return this;
  }

  /** Views `text.slice(start, end)` split on `delimCode`, exactly as `split(delimiter)` would. */
  setLine(text: string, start: number, end: number, delimCode: number): this {
    this.line = text;
    this.isLine = true;
    this.bytes = false;
    let n = 0;
    let from = start;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) !== delimCode) continue;
      if (n + 1 >= this.starts.length) this.grow();
      this.starts[n] = from;
      this.ends[n] = i;
      n++;
      from = i + 1;
    }
    if (n >= this.starts.length) this.grow();
    this.starts[n] = from;
    this.ends[n] = end;
    this.length = n + 1;
    return this;
  }

  /**
   * Views bytes `[start, end)` of a line split on the ASCII byte `delimByte`; cells read as
   * text are decoded with `decoder` (the file's own, so they read exactly as the decoded line).
   */
  setBytes(
    b: Uint8Array,
    start: number,
    end: number,
    delimByte: number,
    decoder: CellDecoder,
  ): this {
    this.b = b;
    this.decoder = decoder;
    this.isLine = true;
    this.bytes = true;
    // One pass finds the cells and reads every plain decimal (`-12.345`) on the way: most cells
    // of a tracker export are numbers, and a second pass per number cost as much as the split.
    let n = 0;
    let from = start;
    let mantissa = 0;
    let significant = 0;
    let fracDigits = 0;
    let dot = false;
    let negative = false;
    let plain = true;
    let digit = false;
    for (let i = start; i <= end; i++) {
      const c = i < end ? b[i]! : delimByte;
      if (c === delimByte) {
        if (n + 1 >= this.starts.length) this.grow();
        this.starts[n] = from;
        this.ends[n] = i;
        let v = NaN;
        if (plain && digit && significant <= 15 && fracDigits <= 15) {
          v = fracDigits === 0 ? mantissa : mantissa / POW10[fracDigits]!;
          if (negative) v = -v;
        }
        this.decimals[n] = v;
        n++;
        from = i + 1;
        mantissa = 0;
        significant = 0;
        fracDigits = 0;
        dot = false;
        negative = false;
        plain = true;
        digit = false;
        continue;
      }
      if (!plain) continue;
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        digit = true;
        mantissa = mantissa * 10 + d;
        if (mantissa !== 0) significant++;
        if (dot) fracDigits++;
      } else if (c === 46 && !dot) dot = true;
      else if (i === from && (c === 45 || c === 43)) negative = c === 45;
      else plain = false;
    }
    this.length = n;
    return this;
  }

  /**
   * Cell i's value when it is a plain decimal read during `setBytes` (the same number
   * `parseDecimal` gives for it); NaN otherwise, when the caller must parse the cell itself.
   */
  plainDecimal(i: number): number {
    return this.bytes && i >= 0 && i < this.length ? this.decimals[i]! : NaN;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    const decimals = new Float64Array(this.decimals.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    decimals.set(this.decimals);
    this.starts = starts;
    this.ends = ends;
    this.decimals = decimals;
  }

  /** Points `s`/`from`/`to` at cell i. */
  at(i: number): void {
    if (i >= this.length || i < 0) {
      this.s = '';
      this.from = 0;
      this.to = 0;
    } else if (this.isLine) {
      // In byte mode `s` is left as it was: readers look at `b` there.
      this.s = this.line;
      this.from = this.starts[i]!;
      this.to = this.ends[i]!;
    } else {
      const v = this.fields[i]!;
      this.s = v;
      this.from = 0;
      this.to = v.length;
    }
  }

  /** Cell i as a string (`''` past the last cell). */
  text(i: number): string {
    if (!this.isLine) return this.fields[i] ?? '';
    if (i >= this.length || i < 0) return '';
    if (this.bytes) return this.decoder!.decode(this.b.subarray(this.starts[i], this.ends[i]));
    return this.line.slice(this.starts[i], this.ends[i]);
  }

  /** The cells as strings. */
  toArray(): readonly string[] {
    if (!this.isLine) return this.fields;
    const out: string[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.text(i));
    return out;
  }

  /** One cell only, and it blank: an empty line (skipped, never counted as a row). */
  isBlankLine(): boolean {
    return this.length === 1 && this.text(0).trim() === '';
  }
}

/**
 * A text cell's value (trimmed; undefined for a null token), remembered between rows: the same
 * device or driver repeats for thousands of rows, and comparing costs less than a new string.
 */
export class TextCellCache {
  private raw: string | undefined;
  private value: string | undefined;
  /** The bytes `raw` was decoded from, when it came from a byte line. */
  private rawBytes: Uint8Array | undefined;

  constructor(private readonly convert: (raw: string) => string | undefined) {}

  read(cells: RowCells, i: number): string | undefined {
    cells.at(i);
    if (cells.bytes) return this.readBytes(cells, i);
    const { s, from, to } = cells;
    const raw = this.raw;
    if (raw !== undefined && to - from === raw.length && s.startsWith(raw, from)) return this.value;
    const fresh = s.slice(from, to);
    this.raw = fresh;
    this.rawBytes = undefined;
    this.value = this.convert(fresh);
    return this.value;
  }

  private readBytes(cells: RowCells, i: number): string | undefined {
    const { b, from, to } = cells;
    const prev = this.rawBytes;
    if (prev !== undefined && prev.length === to - from) {
      let same = true;
      for (let k = 0; k < prev.length; k++) {
        if (prev[k] !== b[from + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.value;
    }
    this.rawBytes = b.slice(from, to);
    this.raw = cells.text(i);
    this.value = this.convert(this.raw);
    return this.value;
  }
}
