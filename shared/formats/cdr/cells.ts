/**
 * Cell sites: where a call record's cell is, how it points and how far it reaches. A call record
 * places the phone somewhere in the cell's coverage, never at a point; `rangeM` is that
 * uncertainty and becomes the fix's accuracy.
 */
import type { ImportIssue } from '../../model';
import { IssueList } from '../issues';
import { DelimitedTokenizer } from '../table/delimited';
import { parseCoordinate } from '../table/values';

export interface CellSite {
  cellId: string;
  lat: number;
  lon: number;
  /** Direction the sector's antenna points, degrees clockwise from north. */
  azimuthDeg?: number;
  /** Horizontal beam width of the sector, degrees. */
  beamWidthDeg?: number;
  /** Stated coverage radius in metres, when the operator gave one. */
  rangeM?: number;
}

/**
 * Range assumed when the site list states none: 2 km, a typical urban macro cell. Rural cells
 * reach 10–35 km, so the examiner should supply ranges (or `defaultRangeM`) outside cities.
 */
export const DEFAULT_CELL_RANGE_M = 2000;

/** Cell ids compare without surrounding blanks, case or leading zeros per part (`044786` = `44786`). */
export function cellKey(id: string): string {
  return id
    .trim()
    .toUpperCase()
    .split(/([-_:/.\s]+)/)
    .map((p) => (/^\d+$/.test(p) ? p.replace(/^0+(?=\d)/, '') : p))
    .join('');
}

const ROLE_TESTS: Record<keyof CellSite, RegExp> = {
  cellId: /^(?:cell|cell ?id|cellid|cgi|ecgi|ci|cell_id|site ?id|site|bts|lac ?ci|lac_ci)$/,
  lat: /^(?:lat|latitude|site ?lat(?:itude)?|y)$/,
  lon: /^(?:lon|lng|long|longitude|site ?lon(?:gitude)?|x)$/,
  azimuthDeg: /^(?:azimuth|azi|az|bearing|direction|azimuth ?deg(?:rees)?)$/,
  beamWidthDeg:
    /^(?:beam ?width|beamwidth|bw|hbw|beam|beam ?width ?deg(?:rees)?|h ?beam(?:width)?)$/,
  rangeM: /^(?:range|range ?m|radius|radius ?m|coverage|coverage ?m|reach)$/,
};

export function siteHeaderRoles(
  headers: readonly string[],
): Partial<Record<keyof CellSite, number>> {
  const roles: Partial<Record<keyof CellSite, number>> = {};
  headers.forEach((h, i) => {
    const n = h
      .trim()
      .toLowerCase()
      .replace(/[_\-()[\]]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    for (const [role, re] of Object.entries(ROLE_TESTS) as [keyof CellSite, RegExp][]) {
      if (roles[role] === undefined && re.test(n)) {
        roles[role] = i;
        break;
      }
    }
  });
  return roles;
}

export function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

const num = (s: string | undefined): number => {
  if (s === undefined || s.trim() === '') return NaN;
  const n = Number(s.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
};

/**
 * A cell-site list (CSV/TSV/semicolon, one header line naming at least the cell id, latitude and
 * longitude; azimuth, beam width and range optional). Rows that cannot be used are reported.
 */
export function parseCellSites(
  text: string,
  fileName = 'cell sites',
): { sites: CellSite[]; issues: ImportIssue[] } {
  const issues = new IssueList(fileName);
  const sites: CellSite[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const nl = body.indexOf('\n');
  const delimiter = delimiterOf(nl < 0 ? body : body.slice(0, nl));
  let roles: Partial<Record<keyof CellSite, number>> | undefined;
  const tok = new DelimitedTokenizer(
    { delimiter, quote: '"' },
    {
      row: (f, line) => {
        if (roles === undefined) {
          roles = siteHeaderRoles(f);
          if (roles.cellId === undefined || roles.lat === undefined || roles.lon === undefined) {
            issues.add(
              'error',
              'cdr.sites.no-header',
              'The site list needs a header naming the cell id, latitude and longitude columns',
              { line },
            );
            tok.stop();
          }
          return;
        }
        if (f.length === 1 && f[0]!.trim() === '') return;
        const id = f[roles.cellId!]?.trim() ?? '';
        const lat = parseCoordinate(f[roles.lat!] ?? '', 'lat');
        const lon = parseCoordinate(f[roles.lon!] ?? '', 'lon');
        if (id === '' || Number.isNaN(lat) || Number.isNaN(lon) || (lat === 0 && lon === 0)) {
          issues.add(
            'warning',
            'cdr.sites.bad-row',
            id === '' ? 'Site row without a cell id' : `Site ${id} has no usable coordinates`,
            { line },
          );
          return;
        }
        const site: CellSite = { cellId: id, lat, lon };
        const az = num(roles.azimuthDeg === undefined ? undefined : f[roles.azimuthDeg]);
        const bw = num(roles.beamWidthDeg === undefined ? undefined : f[roles.beamWidthDeg]);
        const rg = num(roles.rangeM === undefined ? undefined : f[roles.rangeM]);
        if (az >= 0 && az <= 360) site.azimuthDeg = az % 360;
        if (bw > 0 && bw <= 360) site.beamWidthDeg = bw;
        if (rg > 0) site.rangeM = rg;
        sites.push(site);
      },
      broken: (line, reason) => issues.add('warning', 'cdr.sites.broken', reason, { line }),
    },
  );
  tok.push(body);
  tok.finish();
  return { sites, issues: issues.finish() };
}

/** Names a time column: a table with one is a log of positions (or a CDR), not a list of sites. */
const TIME_HEADER = /^(?:time|date|datetime|date ?time|time ?stamp|start|start ?time|utc|gmt)$/;

/** What `sniffCellSites` saw: the header roles it found, for the sources panel. */
export interface CellSitesDetection {
  reason: string;
  /** Columns found besides the cell id and position, e.g. `azimuth`. */
  extras: ('azimuth' | 'beam width' | 'range')[];
}

/**
 * A cell-site list by content: the first non-empty line of the head is a header naming a cell
 * id, latitude and longitude column and no time column, and at least one row follows. Meant for
 * files the general detection calls a table or nothing; CDR detection runs first, so a CDR with
 * coordinates in its rows (it has a time column) is never taken for a site list.
 */
export function sniffCellSites(head: Uint8Array): CellSitesDetection | null {
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const s = text.trimStart();
  if (s === '' || /^[{[<]/.test(s)) return null;
  const lines = s.split(/\r?\n/, 3).filter((l) => l.trim() !== '');
  if (lines.length < 2) return null;
  const headers = lines[0]!.split(delimiterOf(lines[0]!)).map((h) => h.replace(/^"|"$/g, ''));
  const roles = siteHeaderRoles(headers);
  if (roles.cellId === undefined || roles.lat === undefined || roles.lon === undefined) return null;
  const normal = headers.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[_\-()[\]]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (normal.some((h) => TIME_HEADER.test(h))) return null;
  const extras: CellSitesDetection['extras'] = [];
  if (roles.azimuthDeg !== undefined) extras.push('azimuth');
  if (roles.beamWidthDeg !== undefined) extras.push('beam width');
  if (roles.rangeM !== undefined) extras.push('range');
  return {
    reason: `cell-site list (header with cell id, latitude, longitude${extras.length > 0 ? `, ${extras.join(', ')}` : ''})`,
    extras,
  };
}
