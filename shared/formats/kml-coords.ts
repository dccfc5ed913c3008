/**
 * KML coordinate text, read from bytes as it streams in.
 *
 * `<coordinates>` holds `lon,lat[,alt]` tuples separated by whitespace. Writers are sloppy: some
 * put spaces after the commas (`lon, lat`), so a tuple is numbers joined by commas with any
 * whitespace around the commas, and whitespace without a comma ends a tuple. A tuple is only
 * passed on once something follows it (whitespace, or the end of the element), so a file cut in
 * the middle of a number never yields a shortened, wrong coordinate.
 *
 * `<gx:coord>` holds one `lon lat alt` tuple separated by spaces: `parseSpaceTuple`.
 */
import { parseDecimalBytes } from '../xml/numbers';

export interface CoordinateSink {
  tuple(lon: number, lat: number, alt: number, line: number, column: number): void;
  /** A tuple that is not `lon,lat[,alt]` numbers in range; `text` shows what was written. */
  bad(text: string, reason: 'syntax' | 'range', line: number, column: number): void;
}

const MAX_TOKEN = 64;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function tokenText(b: Uint8Array, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += b[i]! < 0x80 ? String.fromCharCode(b[i]!) : '\ufffd';
  return s;
}

export class CoordinateScanner {
  private line = 1;
  private column = 1;
  private readonly token = new Uint8Array(MAX_TOKEN);
  private tokenLength = 0;
  private tokenTooLong = false;
  private inToken = false;
  private tokenLine = 0;
  private tokenColumn = 0;

  private readonly comps = [NaN, NaN, NaN, NaN];
  /** Text of each component, kept only for messages about bad tuples. */
  private readonly compText: string[] = ['', '', '', ''];
  private nComps = 0;
  private tupleBad = false;
  private commaPending = false;
  private tupleOpen = false;
  private tupleLine = 0;
  private tupleColumn = 0;

  constructor(private readonly sink: CoordinateSink) {}

  /** Starts a new `<coordinates>` text whose first character is at `line`:`column`. */
  start(line: number, column: number): void {
    this.line = line;
    this.column = column;
    this.inToken = false;
    this.tokenLength = 0;
    this.tokenTooLong = false;
    this.resetTuple();
  }

  private resetTuple(): void {
    this.nComps = 0;
    this.tupleBad = false;
    this.commaPending = false;
    this.tupleOpen = false;
  }

  feed(b: Uint8Array, from: number, to: number): void {
    let line = this.line;
    let column = this.column;
    for (let i = from; i < to; i++) {
      const c = b[i]!;
      if (c === 44 /* , */ || isSpace(c)) {
        if (this.inToken) this.endToken();
        if (c === 44) this.comma(line, column);
        if (c === 10) {
          line++;
          column = 1;
        } else {
          column++;
        }
        continue;
      }
      if (!this.inToken) {
        this.inToken = true;
        this.tokenLength = 0;
        this.tokenTooLong = false;
        this.tokenLine = line;
        this.tokenColumn = column;
      }
      if (this.tokenLength < MAX_TOKEN) this.token[this.tokenLength++] = c;
      else this.tokenTooLong = true;
      // Columns count characters: UTF-8 continuation bytes do not start one.
      if ((c & 0xc0) !== 0x80) column++;
    }
    this.line = line;
    this.column = column;
  }

  /** End of the element: `complete` false when the file ended inside it (the tail is dropped). */
  end(complete: boolean): void {
    if (!complete) {
      this.resetTuple();
      this.inToken = false;
      return;
    }
    if (this.inToken) this.endToken();
    if (this.tupleOpen) this.emit();
  }

  private comma(line: number, column: number): void {
    if (!this.tupleOpen) {
      this.openTuple(line, column);
      this.tupleBad = true;
    } else if (this.commaPending) {
      this.tupleBad = true; // empty component
    }
    this.commaPending = true;
    if (this.nComps < 4) this.compText[this.nComps] = '';
  }

  private openTuple(line: number, column: number): void {
    this.tupleOpen = true;
    this.tupleLine = line;
    this.tupleColumn = column;
  }

  private endToken(): void {
    this.inToken = false;
    // Whitespace without a comma between two numbers ends the tuple before this token.
    if (this.tupleOpen && !this.commaPending) this.emit();
    if (!this.tupleOpen) this.openTuple(this.tokenLine, this.tokenColumn);
    this.commaPending = false;
    const v = this.tokenTooLong ? NaN : parseDecimalBytes(this.token, 0, this.tokenLength);
    if (this.nComps < 4) {
      this.comps[this.nComps] = v;
      this.compText[this.nComps] = Number.isNaN(v)
        ? tokenText(this.token, this.tokenLength) + (this.tokenTooLong ? '…' : '')
        : '';
    }
    this.nComps++;
    if (Number.isNaN(v)) this.tupleBad = true;
  }

  private emit(): void {
    const n = this.nComps;
    const line = this.tupleLine;
    const column = this.tupleColumn;
    if (this.tupleBad || this.commaPending || n < 2 || n > 3) {
      const shown: string[] = [];
      for (let k = 0; k < Math.min(n, 4); k++) {
        shown.push(this.compText[k] !== '' ? this.compText[k]! : String(this.comps[k]));
      }
      let text = shown.join(',');
      if (n > 4) text += ',…';
      if (this.commaPending) text += ',';
      this.resetTuple();
      this.sink.bad(text, 'syntax', line, column);
      return;
    }
    const lon = this.comps[0]!;
    const lat = this.comps[1]!;
    const alt = n === 3 ? this.comps[2]! : NaN;
    this.resetTuple();
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      this.sink.bad(`${lon},${lat}${n === 3 ? `,${alt}` : ''}`, 'range', line, column);
      return;
    }
    this.sink.tuple(lon, lat, alt, line, column);
  }
}

/**
 * Parses one `gx:coord` (`lon lat [alt]`, commas tolerated) from `b[from, to)` into `out`.
 * Returns the number of components read (0 for an empty element: a pause marker), or -1 when a
 * component is not a number or there are more than three.
 */
export function parseSpaceTuple(
  b: Uint8Array,
  from: number,
  to: number,
  out: Float64Array,
): number {
  let n = 0;
  let i = from;
  for (;;) {
    while (i < to && (isSpace(b[i]!) || b[i] === 44)) i++;
    if (i >= to) return n;
    const s = i;
    while (i < to && !isSpace(b[i]!) && b[i] !== 44) i++;
    if (n === 3) return -1;
    const v = parseDecimalBytes(b, s, i);
    if (Number.isNaN(v)) return -1;
    out[n++] = v;
  }
}
