/**
 * Guesses how a delimited text file is written from its head: the delimiter (the candidate that
 * splits the most lines into the same number of fields), leading rows to skip (`#` metadata,
 * titles), whether the first row is a header, and whether numbers use a decimal comma. Every
 * decision comes with a note saying why, for the mapping step the examiner confirms.
 */
import { DelimitedTokenizer } from './delimited';
import type { TableDialect } from './mapping';
import { parseNumber } from './values';

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

export interface DialectGuess {
  dialect: TableDialect;
  /** 0..1: how consistently the chosen delimiter splits the sample. */
  confidence: number;
  notes: string[];
  /** The sample's rows (after skipRows, header included), for column detection. */
  rows: string[][];
  /** Line number of each row. */
  lines: number[];
}

const MAX_SAMPLE_ROWS = 200;

/** Tokenizes the sample; drops a last row cut by the sample's end unless `complete`. */
export function tokenizeSample(
  sample: string,
  delimiter: string,
  quote: string,
  complete: boolean,
  maxRows = MAX_SAMPLE_ROWS,
): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const tok = new DelimitedTokenizer(
    { delimiter, quote },
    {
      row(fields, line) {
        if (rows.length >= maxRows) {
          tok.stop();
          return;
        }
        if (fields.length === 1 && fields[0]!.trim() === '') return;
        rows.push(fields);
        lines.push(line);
      },
      broken() {},
    },
  );
  let text = sample;
  if (!complete) {
    const nl = sample.lastIndexOf('\n');
    text = nl >= 0 ? sample.slice(0, nl + 1) : sample;
  }
  tok.push(text);
  tok.finish();
  return { rows, lines };
}

function isCommentRow(fields: string[]): boolean {
  return fields[0]!.trimStart().startsWith('#');
}

function mode(values: number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts) {
    if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best;
}

/** Looks like a number, a date or a time: data rather than a column name. */
export function looksLikeData(cell: string): boolean {
  const t = cell.trim();
  if (t === '') return false;
  if (!Number.isNaN(parseNumber(t, true))) return true;
  if (/^[+-]?\d+([.,]\d+)?\s*[A-Za-z°%/]{1,5}$/.test(t)) return true;
  if (/^\d{1,4}[-/.:]\d{1,2}([-/.:]\d{1,4})?/.test(t)) return true;
  if (/^[NSEW]?\s*\d+[.,]\d+\s*[NSEW]?$/i.test(t)) return true;
  if (/^POINT\s*\(/i.test(t)) return true;
  return false;
}

export function sniffDialect(sample: string, complete = false): DialectGuess {
  const notes: string[] = [];
  let best:
    | { delimiter: string; score: number; width: number; rows: string[][]; lines: number[] }
    | undefined;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const { rows, lines } = tokenizeSample(sample, delimiter, '"', complete);
    const data = rows.filter((r) => !isCommentRow(r));
    if (data.length === 0) continue;
    const widths = data.map((r) => r.length);
    const m = mode(widths);
    if (m.value < 2) continue;
    // Consistency first, then more columns (a delimiter inside values splits inconsistently).
    const score = m.count / data.length + Math.min(m.value, 50) / 1000;
    if (best === undefined || score > best.score)
      best = { delimiter, score, width: m.value, rows, lines };
  }
  if (best === undefined) {
    notes.push('no delimiter splits the lines into two or more columns');
    const { rows, lines } = tokenizeSample(sample, ',', '"', complete);
    return {
      dialect: { delimiter: ',', quote: '"', decimalComma: false, header: false, skipRows: 0 },
      confidence: 0,
      notes,
      rows,
      lines,
    };
  }
  const name = best.delimiter === '\t' ? 'tab' : `"${best.delimiter}"`;
  const consistency = best.score - Math.min(best.width, 50) / 1000;
  notes.push(
    `delimiter ${name}: ${Math.round(consistency * 100)}% of sampled rows have ${best.width} fields`,
  );

  // Leading rows to skip: `#` metadata, or rows narrower than the table (titles).
  let skip = 0;
  while (
    skip < best.rows.length &&
    (isCommentRow(best.rows[skip]!) || best.rows[skip]!.length < Math.max(2, best.width - 1))
  )
    skip++;
  if (skip === best.rows.length) skip = 0;
  // skipRows counts physical lines, so blank lines before the table are included.
  const skipRows = skip > 0 ? best.lines[skip]! - 1 : 0;
  if (skipRows > 0) notes.push(`skipping ${skipRows} leading line(s) (metadata or titles)`);
  const rows = best.rows.slice(skip);
  const lines = best.lines.slice(skip);

  // Header: a first row without data-like cells, followed by rows with data-like cells.
  const first = rows[0] ?? [];
  const rest = rows.slice(1, 30);
  const firstData = first.filter(looksLikeData).length;
  const restData = rest.length === 0 ? 0 : rest[0]!.filter(looksLikeData).length;
  const header = first.length > 0 && firstData === 0 && (rest.length === 0 || restData > 0);
  notes.push(
    header
      ? 'first row is a header: it holds names where later rows hold numbers or dates'
      : 'no header row: the first row already holds data',
  );

  // Decimal comma: only possible when the comma is not the delimiter.
  let decimalComma = false;
  if (best.delimiter !== ',') {
    let comma = 0;
    let dot = 0;
    for (const r of rows.slice(header ? 1 : 0)) {
      for (const c of r) {
        const t = c.trim();
        if (/^[+-]?\d+,\d+$/.test(t)) comma++;
        else if (/^[+-]?\d+\.\d+$/.test(t)) dot++;
      }
    }
    decimalComma = comma > 0 && comma >= dot;
    if (decimalComma) notes.push(`decimal comma: ${comma} values like "52,52", ${dot} with a dot`);
  }
  return {
    dialect: { delimiter: best.delimiter, quote: '"', decimalComma, header, skipRows },
    confidence: Math.max(0, Math.min(1, consistency)),
    notes,
    rows,
    lines,
  };
}
