/**
 * The mapping step's view of a file: is it a table, which mapping is detected (with its
 * confidence and the notes that explain it), and the first rows split into cells for the
 * preview grid. Reads only the head of the file, read-only; never throws for bad input.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PresetInfo, TableInspection } from '../../shared/api';
import { DETECT_HEAD_BYTES, detectFormat } from '../../shared/formats/detect';
import { DelimitedTokenizer } from '../../shared/formats/table/delimited';
import { detectTableMapping } from '../../shared/formats/table/detect-mapping';
import type { TableMapping } from '../../shared/formats/table/mapping';
import { chooseTableEncoding, TABLE_HEAD_BYTES } from '../../shared/formats/table/table-reader';
import { builtinPresetInfos } from './intake-presets';

/** Data rows shown in the preview, after the skipped rows and the header. */
export const PREVIEW_DATA_ROWS = 20;
/** Bounds so a pathological head (one giant line, thousands of columns) stays a small payload. */
const MAX_PREVIEW_ROWS = 60;
const MAX_PREVIEW_COLUMNS = 200;
const MAX_CELL_CHARS = 200;

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
  if (detected === 'xlsx') {
    // The XLSX reader detects its own mapping; a preview needs the whole workbook unzipped.
    return notTable(
      'xlsx',
      `${name}: the mapping step is not available for XLSX yet; the detected mapping is used`,
    );
  }
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
  const detection = detectTableMapping(text, name, {
    complete,
    // User presets first: on an equal score the examiner's own layout wins.
    presets: [
      ...presets.filter((p) => p.origin === 'user').map((p) => p.preset),
      ...presets.filter((p) => p.origin === 'builtin').map((p) => p.preset),
    ],
  });
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
        rows.push(
          fields
            .slice(0, MAX_PREVIEW_COLUMNS)
            .map((cell) =>
              cell.length > MAX_CELL_CHARS ? `${cell.slice(0, MAX_CELL_CHARS)}…` : cell,
            ),
        );
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
