/**
 * The mapping step's view of a file: is it a table (CSV/TSV or an XLSX workbook), which mapping
 * is detected (with its confidence and the notes that explain it), and the first rows split into
 * cells for the preview grid. Reads only the head of a text table (an XLSX workbook until its
 * first rows are resolved), read-only; never throws for bad input.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PresetInfo, TableInspection } from '../../shared/api';
import { DETECT_HEAD_BYTES, detectFormat } from '../../shared/formats/detect';
import { DelimitedTokenizer } from '../../shared/formats/table/delimited';
import { detectTableMapping } from '../../shared/formats/table/detect-mapping';
import type { TableMapping } from '../../shared/formats/table/mapping';
import type { TablePreset } from '../../shared/formats/table/presets';
import { chooseTableEncoding, TABLE_HEAD_BYTES } from '../../shared/formats/table/table-reader';
import {
  createXlsxPreviewReader,
  detectXlsxMapping,
  XLSX_DETECT_ROWS,
} from '../../shared/formats/xlsx';
import { builtinPresetInfos } from './intake-presets';

/** Data rows shown in the preview, after the skipped rows and the header. */
export const PREVIEW_DATA_ROWS = 20;
/** Bounds so a pathological head (one giant line, thousands of columns) stays a small payload. */
const MAX_PREVIEW_ROWS = 60;
const MAX_PREVIEW_COLUMNS = 200;
const MAX_CELL_CHARS = 200;
/** Read size while streaming a workbook. */
const XLSX_READ_CHUNK = 256 * 1024;

export async function inspectTable(
  path: string,
  presets: readonly PresetInfo[] = builtinPresetInfos(),
): Promise<TableInspection> {
  const name = basename(path);
  const notTable = (format: string | null, message: string): TableInspection => ({
    table: false,
    path,
    name,
    format,
    message,
  });
  let head: Buffer;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return notTable(null, `${name} is not a regular file`);
      size = info.size;
      const want = Math.max(DETECT_HEAD_BYTES, TABLE_HEAD_BYTES);
      head = Buffer.alloc(Math.min(want, size));
      let filled = 0;
      while (filled < head.length) {
        const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      head = head.subarray(0, filled);
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (err) {
    return notTable(null, `${name} could not be read: ${(err as Error).message}`);
  }
  if (head.length === 0) return notTable(null, `${name} is empty`);

  let detected: string | null = null;
  try {
    detected = detectFormat(head.subarray(0, DETECT_HEAD_BYTES), name)?.format ?? null;
  } catch {
    detected = null;
  }
  if (detected === 'xlsx') return inspectXlsx(path, name, presets);
  if (detected !== 'table') {
    return notTable(detected, `${name} is not a table (${detected ?? 'format not recognised'})`);
  }

  const complete = size <= head.length;
  const encoding = chooseTableEncoding(head);
  let text: string;
  let encodingLabel = encoding.label;
  try {
    const decoder = new TextDecoder(encoding.label, { ignoreBOM: true });
    // `stream` drops a character cut by the end of the head instead of mangling it.
    text = decoder.decode(head.subarray(encoding.bomLength), { stream: !complete });
    encodingLabel = decoder.encoding;
  } catch {
    return notTable('table', `${name}: encoding ${encoding.label} is not supported`);
  }
  const detection = detectTableMapping(text, name, { complete, presets: presetOrder(presets) });
  const mapping: TableMapping = {
    ...detection.mapping,
    dialect: { ...detection.mapping.dialect, encoding: encodingLabel },
  };
  const { rows, lines } = previewRows(text, mapping, complete);
  return {
    table: true,
    path,
    name,
    format: 'table',
    encoding: encodingLabel,
    mapping,
    confidence: detection.confidence,
    notes: detection.notes,
    rows,
    lines,
    presets: [...presets],
  };
}

/** User presets first: on an equal score the examiner's own layout wins. */
function presetOrder(presets: readonly PresetInfo[]): TablePreset[] {
  return [
    ...presets.filter((p) => p.origin === 'user').map((p) => p.preset),
    ...presets.filter((p) => p.origin === 'builtin').map((p) => p.preset),
  ];
}

function capCells(row: readonly string[]): string[] {
  return row
    .slice(0, MAX_PREVIEW_COLUMNS)
    .map((cell) => (cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell));
}

/**
 * An XLSX workbook streamed until the rows detection uses are read (the sheet usually comes
 * before the shared strings, so most of the file is read, but never held whole). The same rows
 * and detection as the reader's; no encoding, delimiter or quote applies to cells.
 */
async function inspectXlsx(
  path: string,
  name: string,
  presets: readonly PresetInfo[],
): Promise<TableInspection> {
  const notTable = (message: string): TableInspection => ({
    table: false,
    path,
    name,
    format: 'xlsx',
    message,
  });
  const reader = createXlsxPreviewReader(XLSX_DETECT_ROWS, name);
  try {
    const handle = await open(path, 'r');
    try {
      let position = 0;
      while (!reader.satisfied) {
        // A fresh buffer each time: the zip reader may keep views of what it was given.
        const buffer = new Uint8Array(XLSX_READ_CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        reader.push(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (err) {
    return notTable(`${name} could not be read: ${(err as Error).message}`);
  }
  const preview = reader.finish();
  const noSheet = preview.issues.find((i) => i.code === 'xlsx.no-sheet');
  if (noSheet) return notTable(`${name}: ${noSheet.message}`);
  if (preview.rows.length === 0) {
    const damage = preview.issues.filter((i) => i.severity === 'error').map((i) => i.message);
    return notTable(
      `${name}: the first worksheet has no rows${damage.length ? ` (${damage.join('; ')})` : ''}`,
    );
  }
  const detection = detectXlsxMapping(preview.rows, preview.lines, name, {
    presets: presetOrder(presets),
  });
  const { mapping } = detection;
  let first = preview.lines.findIndex((l) => l > mapping.dialect.skipRows);
  if (first < 0) first = 0;
  const shown = Math.min(
    MAX_PREVIEW_ROWS,
    first + (mapping.dialect.header ? 1 : 0) + PREVIEW_DATA_ROWS,
  );
  return {
    table: true,
    path,
    name,
    format: 'xlsx',
    encoding: '',
    mapping,
    confidence: detection.confidence,
    notes: [...detection.notes, ...preview.issues.map((i) => i.message)],
    rows: preview.rows.slice(0, shown).map(capCells),
    lines: preview.lines.slice(0, shown),
    presets: [...presets],
  };
}

/** The first rows of `text` as the reader will tokenize them, from line 1. */
export function previewRows(
  text: string,
  mapping: TableMapping,
  complete: boolean,
): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const want = Math.min(
    MAX_PREVIEW_ROWS,
    mapping.dialect.skipRows + (mapping.dialect.header ? 1 : 0) + PREVIEW_DATA_ROWS,
  );
  const tokenizer = new DelimitedTokenizer(
    { delimiter: mapping.dialect.delimiter || ',', quote: mapping.dialect.quote },
    {
      row: (fields, line) => {
        if (rows.length >= want) {
          tokenizer.stop();
          return;
        }
        rows.push(capCells(fields));
        lines.push(line);
      },
      broken: () => undefined,
    },
  );
  tokenizer.push(text);
  // Without the whole file the last line may be cut: it is left out rather than shown wrong.
  if (complete) tokenizer.finish();
  return { rows, lines };
}
