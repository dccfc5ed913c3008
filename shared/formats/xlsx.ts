/**
 * XLSX (Office Open XML spreadsheet) reader: the first worksheet becomes table rows and goes
 * through the same mapping and row pipeline as CSV (`formats/table`).
 *
 * Streaming: the zip is read as it arrives with fflate's `Unzip` (pure JS, no Node), each part
 * inflated in chunks and tokenized with the byte XML tokenizer (`shared/xml`), so no part is
 * ever held as one string. Excel writes the worksheet BEFORE `styles.xml` and
 * `sharedStrings.xml`, so the sheet's raw cells (values, shared-string indexes, style ids) are
 * kept until the end and resolved then; the compressed file itself is never buffered.
 *
 * Dates: numeric cells whose style is a date/time format are Excel serial days, converted
 * exactly to wall time (1900 system with Excel's phantom 29 Feb 1900, or 1904 when the workbook
 * says `date1904`) and written as `YYYY-MM-DD hh:mm:ss.sss` text: naive, placed by the mapping's
 * zone like any naive time. Only the first worksheet (`xl/worksheets/sheet1.xml`) is read;
 * other sheets are named in an info issue.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { ImportIssue } from '../model';
import { XmlTokenizer, type XmlHandler } from '../xml/tokenizer';
import type { FormatDetection, FormatReader, ReaderResult } from './reader';
import { excelSerialToWallMs } from './table/datetime';
import { detectMappingFromRows, type MappingDetection } from './table/detect-mapping';
import { TABLE_MAPPING_VERSION, type TableDialect } from './table/mapping';
import { looksLikeData } from './table/sniff-dialect';
import { mappingProblems, TableIntake, type TableReaderOptions } from './table/table-reader';

const utf8 = new TextDecoder('utf-8');
const decodeRange = (b: Uint8Array, s: number, e: number): string => utf8.decode(b.subarray(s, e));

const SHEET = 'xl/worksheets/sheet1.xml';
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

/** One raw cell: column, type code, style id, value text. */
interface RawRow {
  r: number;
  cols: number[];
  types: string[];
  styles: number[];
  values: string[];
}

/** Collects the text of the elements named in `capture`, calling `done` at their end. */
abstract class PartHandler implements XmlHandler {
  tok!: XmlTokenizer;
  protected buffer = '';
  protected capturing = false;
  failure: string | undefined;

  abstract startElement(name: string, selfClosing: boolean): void;
  abstract endElement(name: string): void;

  text(buf: Uint8Array, start: number, end: number, entities: boolean): void {
    if (this.capturing) this.buffer += this.tok.textString(buf, start, end, entities);
  }

  error(err: { message: string; line: number }): void {
    this.failure = `${err.message} (line ${err.line})`;
  }

  protected capture(on: boolean): void {
    this.capturing = on;
    this.tok.captureText = on;
    if (on) this.buffer = '';
  }
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

class SharedStringsHandler extends PartHandler {
  readonly strings: string[] = [];
  private current = '';
  private inPhonetic = false;

  startElement(name: string, selfClosing: boolean): void {
    const n = localName(name);
    if (n === 'si') this.current = '';
    else if (n === 'rPh') this.inPhonetic = !selfClosing;
    else if (n === 't' && !this.inPhonetic && !selfClosing) this.capture(true);
  }

  endElement(name: string): void {
    const n = localName(name);
    if (n === 't' && this.capturing) {
      this.current += this.buffer;
      this.capture(false);
    } else if (n === 'rPh') this.inPhonetic = false;
    else if (n === 'si') this.strings.push(this.current);
  }
}

class StylesHandler extends PartHandler {
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

class WorkbookHandler extends PartHandler {
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

class SheetHandler extends PartHandler {
  readonly rows: RawRow[] = [];
  private row: RawRow | undefined;
  private nextRow = 1;
  private col = 0;
  private type = '';
  private style = 0;
  private value = '';
  private inCell = false;

  startElement(name: string, selfClosing: boolean): void {
    const n = localName(name);
    if (n === 'row') {
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

function startPart(file: UnzipFile, handler: PartHandler, onError: (m: string) => void): void {
  const tok = new XmlTokenizer(handler, decodeRange, true);
  handler.tok = tok;
  file.ondata = (err, data, final) => {
    if (err) {
      onError(`${file.name}: ${err.message}`);
      return;
    }
    tok.write(data);
    if (final) tok.end();
  };
  file.start();
}

/** Header and leading rows of a sheet, like the CSV sniffer does for text. */
function sheetDialect(
  rows: string[][],
  lines: number[],
): { dialect: TableDialect; notes: string[] } {
  let k = 0;
  const width = Math.max(0, ...rows.slice(0, 50).map((r) => r.filter((c) => c !== '').length));
  while (k < rows.length && rows[k]!.filter((c) => c !== '').length < Math.max(2, width - 1)) k++;
  if (k >= rows.length) k = 0;
  const first = rows[k] ?? [];
  const second = rows[k + 1] ?? [];
  const header =
    first.length > 0 && first.filter(looksLikeData).length === 0 && second.some(looksLikeData);
  const skipRows = k > 0 ? lines[k]! - 1 : 0;
  const notes = [
    `worksheet 1: ${header ? 'header row' : 'no header row'}${skipRows ? `, skipping ${skipRows} leading row(s)` : ''}`,
  ];
  return { dialect: { delimiter: '', quote: '', decimalComma: false, header, skipRows }, notes };
}

export function createXlsxReader(opts: TableReaderOptions): FormatReader {
  const problems: ImportIssue[] = mappingProblems(opts);
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  const sst = new SharedStringsHandler();
  const styles = new StylesHandler();
  const workbook = new WorkbookHandler();
  const sheet = new SheetHandler();
  const otherSheets: string[] = [];
  const zipErrors: string[] = [];
  let sawSheet = false;
  let bytes = 0;
  let zipFailed = false;

  unzip.onfile = (file) => {
    const name = file.name;
    const onError = (m: string): void => void zipErrors.push(m);
    if (name === 'xl/sharedStrings.xml') startPart(file, sst, onError);
    else if (name === 'xl/styles.xml') startPart(file, styles, onError);
    else if (name === 'xl/workbook.xml') startPart(file, workbook, onError);
    else if (name === SHEET) {
      sawSheet = true;
      startPart(file, sheet, onError);
    } else if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) otherSheets.push(name);
  };

  function fail(code: string, message: string): ReaderResult {
    return {
      format: 'xlsx',
      kind: 'track',
      fixes: {
        count: 0,
        t: new Float64Array(0),
        lat: new Float64Array(0),
        lon: new Float64Array(0),
      },
      fixTimeBasis: new Uint8Array(0),
      parts: [],
      waypoints: [],
      issues: [...problems, { file: opts.fileName, severity: 'error', code, message }],
      readable: false,
    };
  }

  return {
    push(chunk: Uint8Array): void {
      if (zipFailed || chunk.length === 0) return;
      bytes += chunk.length;
      try {
        unzip.push(chunk, false);
      } catch (e) {
        zipFailed = true;
        zipErrors.push(`zip: ${(e as Error).message} (after ${bytes} bytes)`);
      }
    },
    finish(): ReaderResult {
      if (!zipFailed) {
        try {
          unzip.push(new Uint8Array(0), true);
        } catch (e) {
          zipErrors.push(`zip: ${(e as Error).message}`);
        }
      }
      if (problems.some((p) => p.severity === 'error'))
        return fail('table.mapping.invalid', 'Mapping or zone rejected');
      if (!sawSheet) {
        return fail(
          'xlsx.no-sheet',
          `No first worksheet (${SHEET}) found${zipErrors.length ? `: ${zipErrors.join('; ')}` : ''}: not an XLSX workbook or a damaged one`,
        );
      }
      const partErrors = [sheet, sst, styles, workbook]
        .map((h) => h.failure)
        .filter((e): e is string => !!e);
      const date1904 = workbook.date1904;
      const rows: string[][] = [];
      const lines: number[] = [];
      const badStrings: number[] = [];
      for (const raw of sheet.rows) {
        const width = raw.cols.length === 0 ? 0 : Math.max(...raw.cols) + 1;
        const cells = new Array<string>(width).fill('');
        for (let k = 0; k < raw.cols.length; k++) {
          const t = raw.types[k]!;
          const v = raw.values[k]!;
          let text: string;
          if (t === 's') {
            const s = sst.strings[Number(v)];
            if (s === undefined) badStrings.push(raw.r);
            text = s ?? '';
          } else if (t === 'b') text = v === '1' ? 'TRUE' : 'FALSE';
          else if (t === 'e') text = '';
          else if (t === 'n' && v !== '') {
            const kind = styles.dateKind(raw.styles[k]!);
            if (kind === 0) text = v;
            else {
              const wall = excelSerialToWallMs(Number(v), date1904);
              text = Number.isNaN(wall) ? v : wallText(wall, kind === 2 || Number(v) < 1);
            }
          } else text = v;
          cells[raw.cols[k]!] = text;
        }
        rows.push(cells.length === 0 ? [''] : cells);
        lines.push(raw.r);
      }
      let mapping = opts.mapping;
      let detection: MappingDetection | undefined;
      if (mapping === undefined) {
        const { dialect, notes } = sheetDialect(rows.slice(0, 220), lines.slice(0, 220));
        const start = lines.findIndex((l) => l > dialect.skipRows);
        detection = detectMappingFromRows(
          rows.slice(start < 0 ? 0 : start, (start < 0 ? 0 : start) + 200),
          lines.slice(start < 0 ? 0 : start, (start < 0 ? 0 : start) + 200),
          dialect,
          opts.fileName,
          notes,
          opts.presets ? { presets: opts.presets } : {},
        );
        mapping = { ...detection.mapping, version: TABLE_MAPPING_VERSION };
      }
      const intake = new TableIntake(mapping, opts);
      rows.forEach((r, k) => intake.row(r, lines[k]!));
      const extra: ImportIssue[] = [...problems];
      const add = (severity: ImportIssue['severity'], code: string, message: string): void =>
        void extra.push({ file: opts.fileName, severity, code, message });
      if (detection)
        add(
          'info',
          'table.mapping.detected',
          `Mapping detected automatically (confidence ${detection.confidence}); confirm it: ${detection.notes.join('; ')}`,
        );
      if (otherSheets.length > 0 || workbook.sheets.length > 1)
        add(
          'info',
          'xlsx.sheets.ignored',
          `Only the first worksheet was read; the workbook has ${Math.max(workbook.sheets.length, otherSheets.length + 1)} (${workbook.sheets.join(', ')})`,
        );
      for (const e of [...zipErrors, ...partErrors])
        add('error', 'xlsx.damaged', `Damaged workbook part: ${e}`);
      if (badStrings.length > 0)
        add(
          'warning',
          'xlsx.shared-string.missing',
          `${badStrings.length} cell(s) refer to missing shared strings (first at row ${badStrings[0]})`,
        );
      if (date1904)
        add(
          'info',
          'xlsx.date1904',
          'The workbook uses the 1904 date system; dates converted accordingly',
        );
      return intake.result(
        'xlsx',
        `XLSX${mapping.preset ? ` (${mapping.preset})` : ''}${mapping.kind === 'stops-report' ? ', stops report' : ''}`,
        extra,
      );
    },
  };
}

/** An XLSX workbook: a zip whose first entries name `xl/` or `[Content_Types].xml` parts. */
export function sniffXlsx(head: Uint8Array, fileName: string): FormatDetection | null {
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return null;
  let s = '';
  for (let i = 0; i < Math.min(head.length, 8192); i++) s += String.fromCharCode(head[i]!);
  if (s.includes('xl/') || (s.includes('[Content_Types].xml') && /\.xlsx$/i.test(fileName))) {
    return { format: 'xlsx', reason: 'zip with spreadsheet parts (xl/…)', confidence: 0.9 };
  }
  return null;
}
