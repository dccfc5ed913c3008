/**
 * Proposes a TableMapping from the head of a table, explainably: the notes say why the dialect
 * and each column role were chosen. A matching preset is tried first and kept only if it reads
 * the sampled rows; otherwise roles come from header names checked against the values, then
 * from the values alone (header-less files). The proposal is then test-read on the sample: the
 * share of rows it reads is the confidence.
 */
import { TableDateTimeParser } from './datetime';
import {
  COLUMN_ROLES,
  TABLE_MAPPING_VERSION,
  type ColumnRole,
  type TableColumn,
  type TableDialect,
  type TableMapping,
} from './mapping';
import { applyPreset, BUILTIN_PRESETS, matchPreset, type TablePreset } from './presets';
import { profileColumn, roleFromHeader, unitFromHeader, type ColumnProfile } from './roles';
import { sniffDialect } from './sniff-dialect';
import { TableRowProcessor } from './table-rows';

export interface MappingDetection {
  mapping: TableMapping;
  /** 0..1: share of sampled rows the mapping reads, lowered when essentials are missing. */
  confidence: number;
  notes: string[];
}

export interface DetectOptions {
  /** The sample is the whole file (its last line is complete). */
  complete?: boolean;
  /** Presets to try before heuristics; defaults to the built-ins. */
  presets?: readonly TablePreset[];
}

/** Roles of which only the first column found is used. */
const UNIQUE_ROLES = new Set<ColumnRole>(COLUMN_ROLES.filter((role) => role !== 'ignore'));

const MOST = 0.8;

function timeShare(values: string[]): number {
  const p = new TableDateTimeParser('YMD');
  const v = values.map((x) => x.trim()).filter((x) => x !== '');
  if (v.length === 0) return 0;
  return v.filter((x) => !Number.isNaN(p.parseTime(x))).length / v.length;
}

/** Checks a header's role against the values; returns the role to use (maybe adjusted) or null. */
function confirmHeaderRole(
  role: ColumnRole,
  p: ColumnProfile,
  values: string[],
): { role: ColumnRole; why: string } | null {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  switch (role) {
    case 'lat':
    case 'lon': {
      const range = role === 'lat' ? p.latRange : p.lonRange;
      const hemi = role === 'lat' ? p.hemiLat : p.hemiLon;
      const e7 = role === 'lat' ? p.e7Lat : p.e7Lon;
      if (p.number >= MOST && range >= MOST)
        return { role, why: `${pct(range)} numbers within ±${role === 'lat' ? 90 : 180}` };
      if (hemi >= MOST) return { role, why: `${pct(hemi)} coordinates with a hemisphere letter` };
      if (p.integer >= MOST && e7 >= MOST)
        return {
          role: role === 'lat' ? 'lat-e7' : 'lon-e7',
          why: `integers too large for degrees: E7 (degrees × 10^7)`,
        };
      return null;
    }
    case 'lat-e7':
    case 'lon-e7':
      return (role === 'lat-e7' ? p.e7Lat : p.e7Lon) >= MOST ? { role, why: 'E7 integers' } : null;
    case 'lat-hemisphere':
      return p.letterNS >= MOST ? { role, why: 'N/S letters' } : null;
    case 'lon-hemisphere':
      return p.letterEW >= MOST ? { role, why: 'E/W letters' } : null;
    case 'latlon':
      if (p.latlon >= MOST) return { role, why: `${pct(p.latlon)} "lat, lon" pairs` };
      if (p.wkt >= MOST) return { role: 'wkt-point', why: 'WKT points' };
      return null;
    case 'wkt-point':
      return p.wkt >= MOST ? { role, why: `${pct(p.wkt)} WKT points (longitude first)` } : null;
    case 'datetime':
    case 'date':
    case 'time':
    case 'arrival':
    case 'departure': {
      if (p.datetime.share >= MOST)
        return {
          role: role === 'date' || role === 'time' ? 'datetime' : role,
          why: `${pct(p.datetime.share)} dates with times (${p.datetime.order})`,
        };
      if (p.integer >= MOST && p.epochS >= MOST && role !== 'arrival' && role !== 'departure')
        return { role: 'epoch-s', why: 'integers in the range of Unix seconds 1990–2100' };
      if (p.integer >= MOST && p.epochMs >= MOST && role !== 'arrival' && role !== 'departure')
        return { role: 'epoch-ms', why: 'integers in the range of Unix milliseconds 1990–2100' };
      if (p.date.share >= MOST && role !== 'time')
        return { role: role === 'datetime' ? 'date' : role, why: `dates (${p.date.order})` };
      const ts = timeShare(values);
      if (ts >= MOST && role !== 'date')
        return { role: role === 'datetime' ? 'time' : role, why: 'times of day' };
      return null;
    }
    case 'utc-offset':
      return values.every(
        (v) => v.trim() === '' || /^\s*(UTC|GMT)?\s*[+-]\d{1,2}(:?\d{2})?\s*$/i.test(v),
      )
        ? { role, why: 'UTC offsets' }
        : null;
    case 'ignition':
    case 'engine':
    case 'door':
      return p.boolean >= MOST ? { role, why: `${pct(p.boolean)} on/off values` } : null;
    case 'altitude':
    case 'speed':
    case 'heading':
    case 'accuracy':
    case 'fuel-level':
    case 'odometer':
      return p.number >= MOST || p.unit !== undefined
        ? { role, why: p.unit ? `numbers with unit "${p.unit}"` : 'numbers' }
        : null;
    case 'duration':
      return p.duration >= MOST || p.number >= MOST ? { role, why: 'durations' } : null;
    default:
      return { role, why: 'by name' };
  }
}

/** A role from the values alone (no header, or a header that names nothing known). */
function roleFromValues(
  p: ColumnProfile,
  values: string[],
): { role: ColumnRole; why: string } | null {
  if (p.nonEmpty === 0) return null;
  if (p.wkt >= MOST) return { role: 'wkt-point', why: 'WKT points (longitude first)' };
  if (p.latlon >= MOST) return { role: 'latlon', why: '"lat, lon" pairs' };
  if (p.datetime.share >= MOST)
    return { role: 'datetime', why: `dates with times (${p.datetime.order})` };
  if (p.hemiLat >= MOST && p.hemiLon < MOST) return { role: 'lat', why: 'coordinates with N/S' };
  if (p.hemiLon >= MOST && p.hemiLat < MOST) return { role: 'lon', why: 'coordinates with E/W' };
  if (p.letterNS >= MOST) return { role: 'lat-hemisphere', why: 'N/S letters' };
  if (p.letterEW >= MOST) return { role: 'lon-hemisphere', why: 'E/W letters' };
  if (p.integer >= MOST && p.epochS >= MOST && p.distinct > 1)
    return { role: 'epoch-s', why: 'integers in the range of Unix seconds 1990–2100' };
  if (p.integer >= MOST && p.epochMs >= MOST && p.distinct > 1)
    return { role: 'epoch-ms', why: 'integers in the range of Unix milliseconds' };
  if (p.date.share >= MOST && p.number < MOST)
    return { role: 'date', why: `dates (${p.date.order})` };
  if (p.number < MOST && timeShare(values) >= MOST) return { role: 'time', why: 'times of day' };
  return null;
}

function dialectNote(d: TableDialect): string {
  return `dialect: delimiter ${d.delimiter === '\t' ? 'tab' : JSON.stringify(d.delimiter)}, ${d.header ? 'header row' : 'no header'}, ${d.decimalComma ? 'decimal comma' : 'decimal point'}, skip ${d.skipRows} line(s)`;
}

/** Test-reads sample rows with a mapping: the share of data rows that give a fix or a stop. */
export function sampleReadShare(
  mapping: TableMapping,
  dataRows: string[][],
  lines: number[],
): number {
  if (dataRows.length === 0) return 0;
  const proc = new TableRowProcessor(mapping, { fileName: 'sample', naiveZone: 'UTC' });
  dataRows.forEach((r, k) => proc.row(r, lines[k] ?? k + 1));
  const out = proc.finish();
  const considered = proc.rowsSeen - proc.rowsFiltered;
  if (considered <= 0) return proc.rowsFiltered > 0 ? 0.5 : 0;
  return (
    (mapping.kind === 'stops-report' ? out.reportedStops.length : out.fixes.count) / considered
  );
}

/**
 * Column roles from already tokenized rows (CSV sample or XLSX sheet). `rows` start at the header
 * (or the first data row when `dialect.header` is false).
 */
export function detectMappingFromRows(
  rows: string[][],
  lines: number[],
  dialect: TableDialect,
  fileName: string,
  notes: string[],
  opts: DetectOptions = {},
): MappingDetection {
  const header = dialect.header ? rows[0] : undefined;
  const data = dialect.header ? rows.slice(1) : rows;
  const dataLines = dialect.header ? lines.slice(1) : lines;
  const first = data[0] ?? [];

  const match = matchPreset(opts.presets ?? BUILTIN_PRESETS, header, first, fileName);
  if (match !== null) {
    const resolved = applyPreset(match.preset, header);
    if (resolved !== null) {
      const mapping: TableMapping = {
        ...resolved,
        dialect: { ...dialect, ...pickDialect(match.preset.mapping.dialect, dialect) },
      };
      const share = sampleReadShare(mapping, data, dataLines);
      if (share >= 0.5) {
        notes.push(
          `preset "${match.preset.label}" matches the ${header ? 'header' : 'column layout'}; it reads ${Math.round(share * 100)}% of the sampled rows`,
        );
        for (const c of mapping.columns)
          notes.push(
            `column ${c.index + 1}${c.header ? ` "${c.header}"` : ''}: ${c.role}${c.format ? ` (${c.format})` : ''} (preset)`,
          );
        if (
          mapping.timeZone === undefined &&
          !hasZoneFreeTime(mapping) &&
          !presetTimesHaveZone(mapping, data)
        )
          notes.push('times carry no zone: choose the zone they were written in');
        return { mapping, confidence: Math.min(0.98, 0.6 + 0.4 * share), notes };
      }
      notes.push(
        `preset "${match.preset.label}" matches by name but reads only ${Math.round(share * 100)}% of the sampled rows; not used`,
      );
    }
  }

  const width = Math.max(header?.length ?? 0, ...data.slice(0, 50).map((r) => r.length));
  const columns: TableColumn[] = [];
  const taken = new Set<ColumnRole>();
  const pending: { index: number; p: ColumnProfile; values: string[] }[] = [];
  let zoneInValues = false;
  const candidates: {
    index: number;
    h: string | undefined;
    named: boolean;
    chosen: { role: ColumnRole; why: string };
    p: ColumnProfile;
  }[] = [];
  for (let i = 0; i < width; i++) {
    const values = data.map((r) => r[i] ?? '');
    const p = profileColumn(values, dialect.decimalComma);
    const h = header?.[i]?.trim();
    const named = h ? roleFromHeader(h) : undefined;
    let chosen: { role: ColumnRole; why: string } | null = null;
    if (named !== undefined) {
      chosen = confirmHeaderRole(named, p, values);
      if (chosen === null)
        notes.push(
          `column ${i + 1} "${h}": the name suggests ${named} but the values do not fit; left to the values`,
        );
    }
    const byName = chosen !== null;
    chosen ??= roleFromValues(p, values);
    if (chosen === null) {
      pending.push({ index: i, p, values });
      continue;
    }
    candidates.push({ index: i, h, named: byName, chosen, p });
  }
  // Columns named by their header claim their role before columns guessed from values alone.
  candidates.sort((a, b) => Number(b.named) - Number(a.named) || a.index - b.index);
  for (const { index: i, h, named, chosen, p } of candidates) {
    if (UNIQUE_ROLES.has(chosen.role) && taken.has(chosen.role)) {
      notes.push(
        `column ${i + 1}${h ? ` "${h}"` : ''}: another ${chosen.role} column comes first; ignored`,
      );
      continue;
    }
    taken.add(chosen.role);
    if (
      ['datetime', 'arrival', 'departure'].includes(chosen.role) &&
      p.datetime.offsets >= p.nonEmpty * MOST
    )
      zoneInValues = true;
    const col: TableColumn = { index: i, role: chosen.role };
    if (h) col.header = h;
    const fmt = formatFor(chosen.role, p, h);
    if (fmt !== undefined) col.format = fmt;
    columns.push(col);
    notes.push(
      `column ${i + 1}${h ? ` "${h}"` : ''}: ${chosen.role}${fmt ? ` (${fmt})` : ''}, ${named ? 'header names it and ' : ''}${chosen.why}`,
    );
    if (
      (chosen.role === 'datetime' || chosen.role === 'date') &&
      (p.datetime.ambiguous || p.date.ambiguous)
    )
      notes.push(
        `column ${i + 1}: day/month order is ambiguous in the sample; ${fmt} assumed — check it`,
      );
  }

  // Header-less or unnamed coordinates: precise numbers in range, latitude first.
  if (
    !taken.has('lat') &&
    !taken.has('latlon') &&
    !taken.has('wkt-point') &&
    !taken.has('lat-e7')
  ) {
    const numeric = pending.filter(
      (c) => c.p.number >= MOST && c.p.precise >= 0.5 && c.p.lonRange >= MOST && c.p.distinct > 1,
    );
    const latCol = numeric.find((c) => c.p.latRange >= MOST);
    const lonCol = latCol ? numeric.find((c) => c.index > latCol.index) : undefined;
    if (latCol && lonCol) {
      columns.push({ index: latCol.index, role: 'lat' }, { index: lonCol.index, role: 'lon' });
      taken.add('lat').add('lon');
      notes.push(
        `columns ${latCol.index + 1} and ${lonCol.index + 1}: lat and lon, the first two columns of precise decimal numbers within ±90 and ±180`,
      );
    }
  }

  // A datetime column makes separate date/time columns redundant.
  let cols = columns;
  if (taken.has('datetime') || taken.has('epoch-s') || taken.has('epoch-ms')) {
    if (taken.has('datetime'))
      cols = cols.filter((c) => c.role !== 'epoch-s' && c.role !== 'epoch-ms');
    cols = cols.filter(
      (c) => !(c.role === 'time') && !(c.role === 'date' && !taken.has('arrival')),
    );
  }
  cols.sort((a, b) => a.index - b.index);

  const stops = taken.has('arrival') && (taken.has('departure') || taken.has('duration'));
  const mapping: TableMapping = {
    version: TABLE_MAPPING_VERSION,
    kind: stops ? 'stops-report' : 'positions',
    dialect,
    columns: cols,
  };
  const eventRoles = cols.some((c) =>
    ['ignition', 'engine', 'door', 'fuel-level', 'status', 'odometer', 'driver'].includes(c.role),
  );
  if (stops || eventRoles) mapping.sourceKind = 'tracker';
  notes.push(
    stops
      ? 'kind: stops report (arrival with departure or duration): rows become reported stops'
      : 'kind: positions',
  );
  if (
    !cols.some((c) => c.role === 'speed' && c.format !== undefined) &&
    cols.some((c) => c.role === 'speed')
  )
    notes.push('speed unit not stated in the header or values: km/h assumed');
  if (!zoneInValues && !hasZoneFreeTime(mapping))
    notes.push(
      'times carry no zone or offset: choose the zone they were written in (otherwise read as UTC and flagged)',
    );

  const share = sampleReadShare(mapping, data, dataLines);
  const hasTime =
    cols.some((c) => ['datetime', 'epoch-s', 'epoch-ms', 'arrival'].includes(c.role)) ||
    (taken.has('date') && taken.has('time'));
  let confidence = share;
  if (!hasTime) {
    confidence *= 0.5;
    notes.push('no time column found');
  }
  if (share === 0)
    notes.push(
      mapping.kind === 'positions'
        ? 'no position could be read from the sample with this mapping'
        : 'no stop could be read from the sample',
    );
  return { mapping, confidence: Math.round(confidence * 1000) / 1000, notes };
}

/** True when the preset's datetime cells in the sample state an offset or `Z`. */
function presetTimesHaveZone(m: TableMapping, data: string[][]): boolean {
  const c = m.columns.find((x) => x.role === 'datetime' || x.role === 'arrival');
  if (c === undefined) return false;
  const p = new TableDateTimeParser(c.format === 'DMY' || c.format === 'MDY' ? c.format : 'YMD');
  const sample = data.slice(0, 20).map((r) => r[c.index] ?? '');
  return (
    sample.length > 0 &&
    sample.every((v) => !Number.isNaN(p.parseDateTime(v)) && !Number.isNaN(p.offsetMinutes))
  );
}

/** Dialect settings a preset fixes (the sniffed encoding and skip count stay). */
function pickDialect(preset: TableDialect, sniffed: TableDialect): Partial<TableDialect> {
  return { decimalComma: preset.decimalComma || sniffed.decimalComma };
}

/** True when every time in the mapping states its zone (epoch, offsets in values, offset column). */
function hasZoneFreeTime(m: TableMapping): boolean {
  return m.columns.some(
    (c) => c.role === 'epoch-s' || c.role === 'epoch-ms' || c.role === 'utc-offset',
  );
}

function formatFor(
  role: ColumnRole,
  p: ColumnProfile,
  header: string | undefined,
): string | undefined {
  if (role === 'datetime' || role === 'arrival' || role === 'departure') return p.datetime.order;
  if (role === 'date') return p.date.order;
  if (
    role === 'speed' ||
    role === 'altitude' ||
    role === 'accuracy' ||
    role === 'fuel-level' ||
    role === 'odometer' ||
    role === 'duration'
  ) {
    const u = p.unit ?? (header ? unitFromHeader(header) : undefined);
    return u;
  }
  return undefined;
}

/** Detects dialect and mapping from the decoded head of a delimited text file. */
export function detectTableMapping(
  sample: string,
  fileName: string,
  opts: DetectOptions = {},
): MappingDetection {
  const guess = sniffDialect(sample, opts.complete ?? false);
  const notes = [...guess.notes];
  notes.push(dialectNote(guess.dialect));
  const result = detectMappingFromRows(
    guess.rows,
    guess.lines,
    guess.dialect,
    fileName,
    notes,
    opts,
  );
  return {
    ...result,
    confidence: Math.round(result.confidence * (0.5 + 0.5 * guess.confidence) * 1000) / 1000,
  };
}
