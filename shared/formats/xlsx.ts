/**
 * XLSX (Office Open XML spreadsheet) reader: the first worksheet becomes table rows and goes
 * through the same mapping and row pipeline as CSV (`formats/table`).
 *
 * Streaming: the zip is read as it arrives (`zip-stream`, fflate underneath: pure JS, no Node),
 * each part inflated in chunks and tokenized with the byte XML tokenizer (`shared/xml`), so no
 * part is ever held as one string (`xlsx-sheet`, `xlsx-parts`). Excel writes the worksheet BEFORE `styles.xml` and
 * `sharedStrings.xml`, so the sheet's raw cells (values, shared-string indexes, style ids) are
 * kept until the end and resolved then; the compressed file itself is never buffered.
 *
 * Dates: numeric cells whose style is a date/time format are Excel serial days, converted
 * exactly to wall time (1900 system with Excel's phantom 29 Feb 1900, or 1904 when the workbook
 * says `date1904`) and written as `YYYY-MM-DD hh:mm:ss.sss` text: naive, placed by the mapping's
 * zone like any naive time. Only the first worksheet (`xl/worksheets/sheet1.xml`) is read;
 * other sheets are named in an info issue.
 *
 * The mapping step previews the first rows (`readXlsxPreview`) and detects the mapping from
 * them (`detectXlsxMapping`) as the reader would; the confirmed mapping comes back as
 * `opts.mapping`.
 */
import type { ImportIssue } from '../model';
import type { FormatDetection, FormatReader, ReaderResult } from './reader';
import type { MappingDetection } from './table/detect-mapping';
import { mappingProblems, TableIntake, type TableReaderOptions } from './table/table-reader';
import { detectXlsxMapping, XLSX_DETECT_ROWS } from './xlsx-detect';
import {
  createXlsxSheetScan,
  workbookIssues,
  XLSX_FIRST_SHEET,
  type XlsxSheetRows,
} from './xlsx-sheet';

export { detectXlsxMapping, XLSX_DETECT_ROWS } from './xlsx-detect';

function noSheetMessage(scan: XlsxSheetRows): string {
  return `No first worksheet (${XLSX_FIRST_SHEET}) found${scan.damage.length ? `: ${scan.damage.join('; ')}` : ''}: not an XLSX workbook or a damaged one`;
}

/**
 * Reads the workbook; with `opts.mapping` (the examiner's confirmed mapping) the sheet is read
 * exactly as mapped, otherwise the mapping is detected from the sheet's first rows.
 */
export function createXlsxReader(opts: TableReaderOptions): FormatReader {
  const problems: ImportIssue[] = mappingProblems(opts);
  const scan = createXlsxSheetScan();

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
      if (chunk.length > 0) scan.push(chunk);
    },
    finish(): ReaderResult {
      const sheet = scan.finish();
      if (problems.some((p) => p.severity === 'error'))
        return fail('table.mapping.invalid', 'Mapping or zone rejected');
      if (!sheet.sawSheet) return fail('xlsx.no-sheet', noSheetMessage(sheet));
      let mapping = opts.mapping;
      let detection: MappingDetection | undefined;
      if (mapping === undefined) {
        detection = detectXlsxMapping(
          sheet.rows,
          sheet.lines,
          opts.fileName,
          opts.presets ? { presets: opts.presets } : {},
        );
        mapping = detection.mapping;
      }
      const intake = new TableIntake(mapping, opts);
      sheet.rows.forEach((r, k) => intake.row(r, sheet.lines[k]!));
      const extra: ImportIssue[] = [...problems];
      if (detection)
        extra.push({
          file: opts.fileName,
          severity: 'info',
          code: 'table.mapping.detected',
          message: `Mapping detected automatically (confidence ${detection.confidence}); confirm it: ${detection.notes.join('; ')}`,
        });
      extra.push(...workbookIssues(sheet, opts.fileName));
      return intake.result(
        'xlsx',
        `XLSX${mapping.preset ? ` (${mapping.preset})` : ''}${mapping.kind === 'stops-report' ? ', stops report' : ''}`,
        extra,
      );
    },
  };
}

/** The first rows of a workbook's first sheet, for the mapping step. */
export interface XlsxPreview {
  /** Cells as text, as the reader will see them (dates as naive wall time). */
  rows: string[][];
  /** Sheet row number (1-based) of each row; rows absent from the sheet leave gaps. */
  lines: number[];
  sheetNames: string[];
  /** False when the sheet has more rows than were read. */
  complete: boolean;
  /** Damage, ignored sheets, 1904 dates; `xlsx.no-sheet` when there is no first worksheet. */
  issues: ImportIssue[];
}

export interface XlsxPreviewReader {
  push(chunk: Uint8Array): void;
  /** The preview is complete: the caller can stop reading the file. */
  readonly satisfied: boolean;
  finish(): XlsxPreview;
}

/** Streams a workbook for its first `maxRows` sheet rows (only those rows are tokenized). */
export function createXlsxPreviewReader(
  maxRows = XLSX_DETECT_ROWS,
  fileName = '',
): XlsxPreviewReader {
  const scan = createXlsxSheetScan(maxRows);
  return {
    push(chunk: Uint8Array): void {
      if (chunk.length > 0) scan.push(chunk);
    },
    get satisfied(): boolean {
      return scan.satisfied;
    },
    finish(): XlsxPreview {
      const sheet = scan.finish();
      const issues = workbookIssues(sheet, fileName);
      if (!sheet.sawSheet)
        issues.unshift({
          file: fileName,
          severity: 'error',
          code: 'xlsx.no-sheet',
          message: noSheetMessage(sheet),
        });
      return {
        rows: sheet.rows,
        lines: sheet.lines,
        sheetNames: sheet.sheetNames,
        complete: sheet.sheetComplete,
        issues,
      };
    },
  };
}

/** `createXlsxPreviewReader` over bytes already in memory (whole file or chunks). */
export function readXlsxPreview(
  input: Uint8Array | Iterable<Uint8Array>,
  maxRows = XLSX_DETECT_ROWS,
  fileName = '',
): XlsxPreview {
  const reader = createXlsxPreviewReader(maxRows, fileName);
  for (const chunk of input instanceof Uint8Array ? [input] : input) {
    if (reader.satisfied) break;
    reader.push(chunk);
  }
  return reader.finish();
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
