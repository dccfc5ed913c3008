/**
 * Small generated workbooks for the XLSX mapping-step tests: a positions sheet (date-styled
 * times, latitude, longitude, speed) built with `buildXlsx`, optionally re-zipped with its parts
 * in another order and with extra worksheets.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { buildXlsx, type SheetCell } from './table/xlsx-fixture';

/** 2024-06-15 10:30:00 as an Excel 1900-system serial. */
export const FIRST_SERIAL = 45458.4375;
export const FIRST_MS = Date.UTC(2024, 5, 15, 10, 30);

export interface PositionsSheet {
  cells: SheetCell[][];
  /** Expected fix of each data row read as UTC. */
  fixes: { t: number; lat: number; lon: number }[];
}

/** `count` data rows one minute apart, under a header (and `titleRows` title rows above it). */
export function positionsSheet(count: number, titleRows = 0): PositionsSheet {
  const cells: SheetCell[][] = [];
  for (let k = 0; k < titleRows; k++) cells.push([{ t: 's', v: `Fleet report ${k + 1}` }]);
  cells.push(['Time', 'Latitude', 'Longitude', 'Speed'].map((v) => ({ t: 's', v })));
  const fixes: PositionsSheet['fixes'] = [];
  for (let i = 0; i < count; i++) {
    const lat = Math.round((50.85 + i * 0.0007) * 1e6) / 1e6;
    const lon = Math.round((4.35 + i * 0.0011) * 1e6) / 1e6;
    cells.push([
      { t: 'd', v: FIRST_SERIAL + i / 1440 },
      { t: 'n', v: lat },
      { t: 'n', v: lon },
      { t: 'n', v: 30 + (i % 7) },
    ]);
    fixes.push({ t: FIRST_MS + i * 60_000, lat, lon });
  }
  return { cells, fixes };
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/**
 * Re-zips a `buildXlsx` workbook: `first` parts are written first (in that order), the rest as
 * they were; `extraSheets` adds worksheets 2.. (named in the workbook) after the first one.
 */
export function rezipXlsx(
  bytes: Uint8Array,
  opts: { first?: string[]; extraSheets?: { name: string; rows: number }[] } = {},
): Uint8Array {
  const parts = unzipSync(bytes);
  const extra = opts.extraSheets ?? [];
  if (extra.length > 0) {
    const names = ['Positions', ...extra.map((s) => s.name)];
    parts['xl/workbook.xml'] = strToU8(
      `<?xml version="1.0"?><workbook ${NS}><workbookPr/><sheets>${names
        .map((n, k) => `<sheet name="${n}" sheetId="${k + 1}"/>`)
        .join('')}</sheets></workbook>`,
    );
    extra.forEach((s, k) => {
      const rows = Array.from(
        { length: s.rows },
        (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c></row>`,
      ).join('');
      parts[`xl/worksheets/sheet${k + 2}.xml`] = strToU8(
        `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`,
      );
    });
  }
  const ordered: Record<string, Uint8Array> = {};
  for (const name of opts.first ?? []) if (parts[name]) ordered[name] = parts[name];
  for (const [name, data] of Object.entries(parts)) if (!(name in ordered)) ordered[name] = data;
  return zipSync(ordered, { level: 6 });
}

/** A positions workbook as Excel orders it (sheet before styles and shared strings). */
export function positionsWorkbook(count: number, titleRows = 0): Uint8Array {
  return buildXlsx(positionsSheet(count, titleRows).cells);
}
