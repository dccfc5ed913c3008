/**
 * Reads the first worksheet of an XLSX workbook as text rows, streaming the zip (`zip-stream`):
 * each part is tokenized as it is inflated and never held whole. Used by the reader (every row)
 * and by the mapping step's preview (the first rows only: the sheet is no longer tokenized past
 * them, only the shared strings those rows use are kept, and `satisfied` says when the caller
 * can stop reading the file).
 */
import type { ImportIssue } from '../model';
import { XmlTokenizer } from '../xml/tokenizer';
import {
  rowCells,
  SharedStringsHandler,
  SheetHandler,
  StylesHandler,
  WorkbookHandler,
  type PartHandler,
} from './xlsx-parts';
import { createZipEntryStream, type ZipEntrySink } from './zip-stream';

export const XLSX_FIRST_SHEET = 'xl/worksheets/sheet1.xml';
const OTHER_SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

const utf8 = new TextDecoder('utf-8');
const decodeRange = (b: Uint8Array, s: number, e: number): string => utf8.decode(b.subarray(s, e));

export interface XlsxSheetRows {
  /** Cells as text, one array per row present in the sheet. */
  rows: string[][];
  /** Sheet row number (1-based, gaps where the sheet has no row) of each row. */
  lines: number[];
  /** Sheet names from the workbook, in order. */
  sheetNames: string[];
  /** Worksheet parts other than the first. */
  otherSheets: number;
  /** The first worksheet was found. */
  sawSheet: boolean;
  /** Every row of the sheet was read (not stopped at `maxRows`). */
  sheetComplete: boolean;
  date1904: boolean;
  /** Damage to the archive or to a part, one message each. */
  damage: string[];
  /** Sheet rows with cells referring to missing shared strings. */
  missingStrings: number[];
}

export interface XlsxSheetScan {
  push(chunk: Uint8Array): void;
  /** Everything the rows need has been read: the rest of the file can be left unread. */
  readonly satisfied: boolean;
  finish(): XlsxSheetRows;
}

/** Streams a workbook; keeps at most `maxRows` rows of its first worksheet. */
export function createXlsxSheetScan(maxRows = Infinity): XlsxSheetScan {
  const sst = new SharedStringsHandler();
  const styles = new StylesHandler();
  const workbook = new WorkbookHandler();
  const sheet = new SheetHandler(maxRows);
  const parts = new Map<string, PartHandler>([
    ['xl/sharedStrings.xml', sst],
    ['xl/styles.xml', styles],
    ['xl/workbook.xml', workbook],
    [XLSX_FIRST_SHEET, sheet],
  ]);
  const entryDamage = new Map<string, string>();
  let otherSheets = 0;
  let sawSheet = false;

  const sink = (name: string, handler: PartHandler): ZipEntrySink => {
    const tok = new XmlTokenizer(handler, decodeRange, true);
    handler.tok = tok;
    return {
      push: (chunk) => tok.write(chunk),
      end: (error) => {
        handler.ended = true;
        if (error !== undefined) entryDamage.set(name, error);
        else tok.end();
      },
    };
  };

  const zip = createZipEntryStream((entry) => {
    const handler = parts.get(entry.name);
    if (handler === undefined) {
      if (OTHER_SHEET.test(entry.name)) otherSheets++;
      return null;
    }
    if (handler === sheet) sawSheet = true;
    if (handler === sst && sheet.cut) {
      // The preview's rows are all read: only the strings they show are worth keeping.
      const wanted = new Set<number>();
      for (const row of sheet.rows)
        row.types.forEach((t, k) => t === 's' && wanted.add(Number(row.values[k])));
      sst.keep = (index) => wanted.has(index);
    }
    return sink(entry.name, handler);
  });

  /** Parts the rows read so far still need (a part no row needs is not waited for). */
  const needed = (): PartHandler[] => {
    const out: PartHandler[] = [workbook];
    const cells = sheet.rows.flatMap((r) => r.types.map((t, k) => [t, r.styles[k]] as const));
    if (cells.some(([t]) => t === 's')) out.push(sst);
    if (cells.some(([t, s]) => t === 'n' && s !== 0)) out.push(styles);
    return out;
  };
  let waitFor: PartHandler[] | undefined;
  let satisfied = false;
  const isSatisfied = (): boolean => {
    if (!satisfied && sheet.done) {
      waitFor ??= needed();
      satisfied = waitFor.every((p) => p.ended);
    }
    return satisfied;
  };

  return {
    push(chunk: Uint8Array): void {
      zip.push(chunk);
    },
    get satisfied(): boolean {
      return isSatisfied();
    },
    finish(): XlsxSheetRows {
      const damage: string[] = [];
      // A preview's caller stops reading once satisfied: the missing rest is not damage.
      const stoppedEarly = maxRows !== Infinity && isSatisfied();
      const summary = stoppedEarly ? { isZip: true, problems: [] } : zip.finish();
      if (!summary.isZip) damage.push('not a ZIP archive');
      for (const p of summary.problems) damage.push(p.message);
      for (const [name, error] of entryDamage)
        if (!summary.problems.some((p) => p.entry === name)) damage.push(`${name}: ${error}`);
      for (const [name, handler] of parts)
        if (handler.failure !== undefined) damage.push(`${name}: ${handler.failure}`);
      const ctx = { strings: sst.strings, styles, date1904: workbook.date1904 };
      const rows: string[][] = [];
      const lines: number[] = [];
      const missingStrings: number[] = [];
      for (const raw of sheet.rows) {
        const { cells, missing } = rowCells(raw, ctx);
        if (missing) missingStrings.push(raw.r);
        rows.push(cells);
        lines.push(raw.r);
      }
      return {
        rows,
        lines,
        sheetNames: [...workbook.sheets],
        otherSheets,
        sawSheet,
        sheetComplete: !sheet.cut,
        date1904: workbook.date1904,
        damage,
        missingStrings,
      };
    },
  };
}

/** Issues about the workbook itself (not its rows): damage, ignored sheets, 1904 dates. */
export function workbookIssues(scan: XlsxSheetRows, fileName: string): ImportIssue[] {
  const out: ImportIssue[] = [];
  const add = (severity: ImportIssue['severity'], code: string, message: string): void =>
    void out.push({ file: fileName, severity, code, message });
  if (scan.otherSheets > 0 || scan.sheetNames.length > 1)
    add(
      'info',
      'xlsx.sheets.ignored',
      `Only the first worksheet was read; the workbook has ${Math.max(scan.sheetNames.length, scan.otherSheets + 1)} (${scan.sheetNames.join(', ')})`,
    );
  for (const e of scan.damage) add('error', 'xlsx.damaged', `Damaged workbook part: ${e}`);
  if (scan.missingStrings.length > 0)
    add(
      'warning',
      'xlsx.shared-string.missing',
      `${scan.missingStrings.length} row(s) refer to missing shared strings (first at row ${scan.missingStrings[0]})`,
    );
  if (scan.date1904)
    add(
      'info',
      'xlsx.date1904',
      'The workbook uses the 1904 date system; dates converted accordingly',
    );
  return out;
}
