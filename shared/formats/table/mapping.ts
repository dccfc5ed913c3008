/**
 * How a table (CSV, TSV, XLSX sheet) maps onto the evidence model: plain, versioned JSON so the
 * examiner can confirm or edit it, save it as a preset and re-apply it to the next export of the
 * same portal. `validateTableMapping` checks a mapping from outside (a user preset, the UI).
 */
import { z } from 'zod';

export const TABLE_MAPPING_VERSION = 1;

export const COLUMN_ROLES = [
  'datetime',
  'date',
  'time',
  'epoch-s',
  'epoch-ms',
  /** A UTC offset per row (`+02:00`), applied to naive date/time columns. */
  'utc-offset',
  'lat',
  'lon',
  /** Hemisphere letter in its own column (`N`/`S`, `E`/`W`). */
  'lat-hemisphere',
  'lon-hemisphere',
  'latlon',
  'wkt-point',
  'lat-e7',
  'lon-e7',
  'altitude',
  'speed',
  'heading',
  'accuracy',
  'ignition',
  'engine',
  'door',
  'fuel-level',
  'odometer',
  'driver',
  'status',
  'address',
  'arrival',
  'departure',
  'duration',
  'name',
  /** Vehicle or device id: rows of each device form their own track part. */
  'device',
  'ignore',
] as const;

export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const EVENT_TYPES = [
  'ignition-on',
  'ignition-off',
  'door-open',
  'door-close',
  'engine-start',
  'engine-stop',
  'fuel-level',
  'fuel-drop',
  'odometer',
  'driver',
  'status',
] as const;

const columnSchema = z.object({
  index: z.number().int().min(0).max(16383),
  header: z.string().optional(),
  role: z.enum(COLUMN_ROLES),
  /**
   * How to read the values: for date roles the field order `YMD` | `DMY` | `MDY`; for
   * quantities the unit when the values carry none (`m`, `ft`, `km/h`, `kn`, `l`, `%`, `min`).
   */
  format: z.string().max(40).optional(),
  /** For `status`: code → event type (`ignore` to skip a code); others become `status` events. */
  codes: z
    .record(
      z.string(),
      z.union([
        z.enum(EVENT_TYPES),
        z.literal('ignore'),
        z.object({ type: z.enum(EVENT_TYPES), label: z.string().max(100).optional() }),
      ]),
    )
    .optional(),
});

export const tableMappingSchema = z.object({
  version: z.literal(TABLE_MAPPING_VERSION),
  kind: z.enum(['positions', 'stops-report']),
  dialect: z.object({
    /** Empty for XLSX. */
    delimiter: z.string().max(1),
    quote: z.string().max(1),
    decimalComma: z.boolean(),
    header: z.boolean(),
    /** Rows before the header (or the first data row without one): titles, `#` metadata. */
    skipRows: z.number().int().min(0).max(10000),
    /** WHATWG encoding label; absent means detect (BOM, else UTF-8, else windows-1252). */
    encoding: z.string().max(40).optional(),
  }),
  columns: z.array(columnSchema).max(16384),
  /** IANA zone for naive local times; absent means the reader flags them as naive-as-utc. */
  timeZone: z.string().max(64).optional(),
  /** Units where the values do not carry them; a column's own `format` wins. */
  units: z
    .object({
      speed: z.string().max(10).optional(),
      altitude: z.string().max(10).optional(),
      accuracy: z.string().max(10).optional(),
      duration: z.string().max(10).optional(),
      fuel: z.string().max(10).optional(),
      odometer: z.string().max(10).optional(),
    })
    .optional(),
  /** Keep only rows whose column `index` holds one of `values` (e.g. `Visit` rows of a timeline). */
  rowFilter: z
    .object({ index: z.number().int().min(0), values: z.array(z.string()).min(1) })
    .optional(),
  /** Kind of source to record: `tracker` for fleet exports, `track` for loggers. */
  sourceKind: z.enum(['tracker', 'phone', 'track']).optional(),
  /** Preset the mapping came from, for the sources panel. */
  preset: z.string().max(100).optional(),
});

export type TableMapping = z.infer<typeof tableMappingSchema>;
export type TableColumn = TableMapping['columns'][number];
export type TableDialect = TableMapping['dialect'];

export type MappingValidation =
  { ok: true; mapping: TableMapping } | { ok: false; errors: string[] };

/** Checks a mapping from outside; the errors name the offending path. */
export function validateTableMapping(input: unknown): MappingValidation {
  const r = tableMappingSchema.safeParse(input);
  if (!r.success) {
    return {
      ok: false,
      errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  const m = r.data;
  const errors: string[] = [];
  const seen = new Set<number>();
  for (const c of m.columns) {
    if (seen.has(c.index)) errors.push(`columns: index ${c.index} mapped twice`);
    seen.add(c.index);
  }
  const has = (role: ColumnRole): boolean => m.columns.some((c) => c.role === role);
  if (m.kind === 'positions') {
    const position =
      (has('lat') && has('lon')) ||
      has('latlon') ||
      has('wkt-point') ||
      (has('lat-e7') && has('lon-e7'));
    if (!position)
      errors.push('columns: a positions table needs lat+lon, latlon, wkt-point or lat-e7+lon-e7');
  } else if (!has('arrival') && !has('datetime') && !has('epoch-s') && !has('epoch-ms')) {
    errors.push('columns: a stops report needs an arrival time');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mapping: m };
}
