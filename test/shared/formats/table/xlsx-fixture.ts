/** Builds small XLSX workbooks for tests: hand-written parts zipped with fflate. */
import { strToU8, zipSync } from 'fflate';

export interface SheetCell {
  /** `s` shared string, `n` number, `d` date (serial with a date style), `inlineStr`. */
  t: 's' | 'n' | 'd' | 'inlineStr' | 'b';
  v: string | number;
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function buildXlsx(
  rows: SheetCell[][],
  opts: { date1904?: boolean; sheetsAfter?: boolean } = {},
): Uint8Array {
  const strings: string[] = [];
  const sheetRows = rows
    .map((row, r) => {
      const cells = row
        .map((c, k) => {
          const ref = `${colName(k)}${r + 1}`;
          if (c.t === 's') {
            strings.push(String(c.v));
            return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
          }
          if (c.t === 'inlineStr') return `<c r="${ref}" t="inlineStr"><is><t>${c.v}</t></is></c>`;
          if (c.t === 'b') return `<c r="${ref}" t="b"><v>${c.v}</v></c>`;
          if (c.t === 'd') return `<c r="${ref}" s="1"><v>${c.v}</v></c>`;
          return `<c r="${ref}"><v>${c.v}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${ns}><sheetData>${sheetRows}</sheetData></worksheet>`;
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${strings.length}">${strings
    .map((s) => `<si><t>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></si>`)
    .join('')}</sst>`;
  const styles = `<?xml version="1.0"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`;
  const workbook = `<?xml version="1.0"?><workbook ${ns}><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="Positions" sheetId="1"/></sheets></workbook>`;
  // Excel's own order: the sheet before styles and shared strings.
  return zipSync(
    {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8(workbook),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
      'xl/styles.xml': strToU8(styles),
      'xl/sharedStrings.xml': strToU8(sst),
    },
    { level: 6 },
  );
}
