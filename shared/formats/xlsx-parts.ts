/**
 * The XLSX parts the table readers need, each tokenized as it streams out of the zip: shared
 * strings, styles (which number formats are dates), the workbook (sheet names, 1904 dates) and
 * the first worksheet's raw cells. Cells are turned into text only at the end, because Excel
 * writes the worksheet before the styles and shared strings it refers to.
 */
import type { XmlHandler, XmlTokenizer } from '../xml/tokenizer';
import { excelSerialToWallMs } from './table/datetime';

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57,
]);
const BUILTIN_TIME_ONLY = new Set([18, 19, 20, 21, 45, 46, 47]);

/** 0 = not a date, 1 = date(-time), 2 = time of day only. */
function dateKindOfFormat(code: string): number {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  if (/general/i.test(bare)) return 0;
  const hasDate = /[dy]/i.test(bare) || /m{3,}/i.test(bare);
  const hasTime = /[hs]/i.test(bare);
  if (hasDate) return 1;
  if (hasTime) return 2;
  // `mm` alone is ambiguous (minutes or months); treat as not a date.
  return 0;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Wall ms → `YYYY-MM-DD hh:mm:ss.sss` (or `hh:mm:ss.sss` for a time of day). */
function wallText(ms: number, timeOnly: boolean): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  if (timeOnly) return time;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** One sheet row as written: per cell its column, type code, style id and value text. */
export interface RawRow {
  r: number;
  cols: number[];
  types: string[];
  styles: number[];
  values: string[];
}

/** Collects the text of the elements it captures; records the first XML error. */
export abstract class PartHandler implements XmlHandler {
  tok!: XmlTokenizer;
  protected buffer = '';
  protected capturing = false;
  failure: string | undefined;
  /** The part's entry ended (completely or not). */
  ended = false;

  abstract startElement(name: string, selfClosing: boolean): void;
  abstract endElement(name: string): void;

  text(buf: Uint8Array, start: number, end: number, entities: boolean): void {
    if (this.capturing) this.buffer += this.tok.textString(buf, start, end, entities);
  }

  error(err: { message: string; line: number }): void {
    this.failure ??= `${err.message} (line ${err.line})`;
  }

  protected capture(on: boolean): void {
    this.capturing = on;
    this.tok.captureText = on;
    if (on) this.buffer = '';
  }
}

export class SharedStringsHandler extends PartHandler {
  /** Sparse when `keep` filters: only the kept indexes are set. */
  readonly strings: string[] = [];
  /** Strings in the part, kept or not. */
  count = 0;
  /** Which strings to keep (by index); all when absent. */
  keep: ((index: number) => boolean) | undefined;
  private current = '';
  private wanted = true;
  private inPhonetic = false;

  startElement(name: string, selfClosing: boolean): void {
    const n = localName(name);
    if (n === 'si') {
      this.current = '';
      this.wanted = this.keep === undefined || this.keep(this.count);
    } else if (n === 'rPh') this.inPhonetic = !selfClosing;
    else if (n === 't' && this.wanted && !this.inPhonetic && !selfClosing) this.capture(true);
  }

  endElement(name: string): void {
    const n = localName(name);
    if (n === 't' && this.capturing) {
      this.current += this.buffer;
      this.capture(false);
    } else if (n === 'rPh') this.inPhonetic = false;
    else if (n === 'si') {
      // Also reached for `<si/>`: the tokenizer ends every self-closing element.
      if (this.wanted) this.strings[this.count] = this.current;
      this.count++;
    }
  }
}

export class StylesHandler extends PartHandler {
  readonly customFormats = new Map<number, string>();
  /** numFmtId per cell style index. */
  readonly cellFormats: number[] = [];
  private inCellXfs = false;

  startElement(name: string): void {
    const n = localName(name);
    if (n === 'numFmt') {
      const id = Number(this.tok.attr('numFmtId'));
      this.customFormats.set(id, this.tok.attr('formatCode') ?? '');
    } else if (n === 'cellXfs') this.inCellXfs = true;
    else if (n === 'xf' && this.inCellXfs)
      this.cellFormats.push(Number(this.tok.attr('numFmtId') ?? 0));
  }

  endElement(name: string): void {
    if (localName(name) === 'cellXfs') this.inCellXfs = false;
  }

  /** Date kind per style index (see `dateKindOfFormat`). */
  dateKind(style: number): number {
    const id = this.cellFormats[style];
    if (id === undefined) return 0;
    if (BUILTIN_DATE_FORMATS.has(id)) return BUILTIN_TIME_ONLY.has(id) ? 2 : 1;
    const code = this.customFormats.get(id);
    return code === undefined ? 0 : dateKindOfFormat(code);
  }
}

export class WorkbookHandler extends PartHandler {
  date1904 = false;
  readonly sheets: string[] = [];

  startElement(name: string): void {
    const n = localName(name);
    if (n === 'workbookPr') {
      const v = this.tok.attr('date1904');
      this.date1904 = v === '1' || v === 'true';
    } else if (n === 'sheet') this.sheets.push(this.tok.attr('name') ?? '?');
  }

  endElement(): void {}
}

export class SheetHandler extends PartHandler {
  readonly rows: RawRow[] = [];
  /** The sheet has more rows than `maxRows`: reading stopped there. */
  cut = false;
  private row: RawRow | undefined;
  private nextRow = 1;
  private col = 0;
  private type = '';
  private style = 0;
  private value = '';
  private inCell = false;

  constructor(private readonly maxRows = Infinity) {
    super();
  }

  startElement(name: string, selfClosing: boolean): void {
    const n = localName(name);
    if (n === 'row') {
      if (this.rows.length >= this.maxRows) {
        this.cut = true;
        this.tok.stop();
        return;
      }
      const r = Number(this.tok.attr('r') ?? NaN);
      const rn = Number.isInteger(r) && r > 0 ? r : this.nextRow;
      this.nextRow = rn + 1;
      this.row = { r: rn, cols: [], types: [], styles: [], values: [] };
      this.col = 0;
      if (selfClosing) this.endRow();
    } else if (n === 'c' && this.row) {
      const ref = this.tok.attr('r');
      if (ref !== undefined) this.col = columnIndex(ref);
      this.type = this.tok.attr('t') ?? 'n';
      this.style = Number(this.tok.attr('s') ?? 0);
      this.value = '';
      this.inCell = true;
      if (selfClosing) this.endCell();
    } else if ((n === 'v' || n === 't') && this.inCell && !selfClosing) {
      this.capture(true);
    }
  }

  endElement(name: string): void {
    const n = localName(name);
    if ((n === 'v' || n === 't') && this.capturing) {
      this.value += this.buffer;
      this.capture(false);
    } else if (n === 'c' && this.inCell) this.endCell();
    else if (n === 'row') this.endRow();
  }

  /** The sheet needs no more input: its end was read, or `maxRows` rows were. */
  get done(): boolean {
    return this.ended || this.cut;
  }

  private endCell(): void {
    const r = this.row!;
    r.cols.push(this.col);
    r.types.push(this.type);
    r.styles.push(this.style);
    r.values.push(this.value);
    this.col++;
    this.inCell = false;
  }

  private endRow(): void {
    if (this.row) this.rows.push(this.row);
    this.row = undefined;
  }
}

/** What cell text depends on besides the cell itself. */
export interface CellContext {
  strings: readonly string[];
  styles: StylesHandler;
  date1904: boolean;
}

/**
 * A raw row as the text cells the table pipeline reads (booleans `TRUE`/`FALSE`, date-styled
 * serials as naive wall time, errors empty). `missing` is set when a shared string is absent.
 */
export function rowCells(raw: RawRow, ctx: CellContext): { cells: string[]; missing: boolean } {
  const width = raw.cols.length === 0 ? 0 : Math.max(...raw.cols) + 1;
  const cells = new Array<string>(width).fill('');
  let missing = false;
  for (let k = 0; k < raw.cols.length; k++) {
    const t = raw.types[k]!;
    const v = raw.values[k]!;
    let text: string;
    if (t === 's') {
      const s = ctx.strings[Number(v)];
      if (s === undefined) missing = true;
      text = s ?? '';
    } else if (t === 'b') text = v === '1' ? 'TRUE' : 'FALSE';
    else if (t === 'e') text = '';
    else if (t === 'n' && v !== '') {
      const kind = ctx.styles.dateKind(raw.styles[k]!);
      if (kind === 0) text = v;
      else {
        const wall = excelSerialToWallMs(Number(v), ctx.date1904);
        text = Number.isNaN(wall) ? v : wallText(wall, kind === 2 || Number(v) < 1);
      }
    } else text = v;
    cells[raw.cols[k]!] = text;
  }
  return { cells: cells.length === 0 ? [''] : cells, missing };
}
