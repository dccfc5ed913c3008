/**
 * The mapping proposed for an XLSX sheet: where the header is (title rows above it are
 * skipped), then the same column detection as CSV (`detectMappingFromRows`). The reader and
 * the mapping step call this on the same leading rows, so the step shows what the reader would
 * do unasked.
 */
import {
  detectMappingFromRows,
  type DetectOptions,
  type MappingDetection,
} from './table/detect-mapping';
import { TABLE_MAPPING_VERSION, type TableDialect } from './table/mapping';
import { looksLikeData } from './table/sniff-dialect';

/** Leading rows searched for the header. */
const HEADER_SEARCH_ROWS = 220;
/** Rows from the header on whose values decide the column roles. */
const SAMPLE_ROWS = 200;
/** Every row detection can look at: a caller reading only these gets the same mapping. */
export const XLSX_DETECT_ROWS = HEADER_SEARCH_ROWS + SAMPLE_ROWS;

/** Header and leading rows of a sheet, like the CSV sniffer does for text. */
export function sheetDialect(
  rows: readonly string[][],
  lines: readonly number[],
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
  // Cells are not delimited text: no delimiter, quote or encoding applies.
  return { dialect: { delimiter: '', quote: '', decimalComma: false, header, skipRows }, notes };
}

/** Detects the mapping of a sheet from its first rows (`XLSX_DETECT_ROWS` of them are used). */
export function detectXlsxMapping(
  rows: readonly string[][],
  lines: readonly number[],
  fileName: string,
  opts: DetectOptions = {},
): MappingDetection {
  const { dialect, notes } = sheetDialect(
    rows.slice(0, HEADER_SEARCH_ROWS),
    lines.slice(0, HEADER_SEARCH_ROWS),
  );
  let start = lines.findIndex((l) => l > dialect.skipRows);
  if (start < 0) start = 0;
  const detection = detectMappingFromRows(
    rows.slice(start, start + SAMPLE_ROWS),
    lines.slice(start, start + SAMPLE_ROWS),
    dialect,
    fileName,
    notes,
    opts,
  );
  return { ...detection, mapping: { ...detection.mapping, version: TABLE_MAPPING_VERSION } };
}
