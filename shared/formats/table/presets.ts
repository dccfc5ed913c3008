/**
 * Mapping presets: a saved mapping plus the signature that recognises the layout it is for.
 * Columns can be bound by header name (alternatives separated by `|`, compared normalised) so a
 * portal that reorders or adds columns still matches, or by index for header-less dumps.
 *
 * Built-ins cover a generic positions table, a generic tracker stops report, and the layout of
 * every CSV in ../shared/fixtures/{fleet-csv,other-tracks}. User presets are the same JSON,
 * checked with `validatePreset`.
 */
import { z } from 'zod';
import {
  EVENT_TYPES,
  COLUMN_ROLES,
  TABLE_MAPPING_VERSION,
  tableMappingSchema,
  type TableMapping,
} from './mapping';
import { normalizeHeader } from './roles';

const presetColumnSchema = z.object({
  index: z.number().int().min(0).max(16383).optional(),
  /** Header name(s), `|`-separated alternatives, compared normalised. */
  header: z.string().max(200).optional(),
  role: z.enum(COLUMN_ROLES),
  format: z.string().max(40).optional(),
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
  /** An optional column may be absent from the file. */
  optional: z.boolean().optional(),
});

export const presetSchema = z.object({
  id: z.string().min(1).max(100),
  label: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  signature: z.object({
    /** Headers that must all be present (`|` alternatives). */
    headers: z.array(z.string().max(200)).optional(),
    /** Exact number of columns (header-less layouts). */
    columnCount: z.number().int().min(1).optional(),
    /** Regular expressions the first data row's cells must match, by index. */
    cells: z
      .array(z.object({ index: z.number().int().min(0), pattern: z.string().max(200) }))
      .optional(),
    /** File name pattern that raises the score (never enough alone). */
    fileName: z.string().max(200).optional(),
  }),
  mapping: tableMappingSchema.omit({ columns: true }).extend({
    columns: z.array(presetColumnSchema).max(16384),
  }),
});

export type TablePreset = z.infer<typeof presetSchema>;
export type PresetColumn = TablePreset['mapping']['columns'][number];

export type PresetValidation = { ok: true; preset: TablePreset } | { ok: false; errors: string[] };

export function validatePreset(input: unknown): PresetValidation {
  const r = presetSchema.safeParse(input);
  if (!r.success)
    return {
      ok: false,
      errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  const errors: string[] = [];
  r.data.mapping.columns.forEach((c, k) => {
    if (c.index === undefined && c.header === undefined)
      errors.push(`mapping.columns.${k}: needs index or header`);
  });
  for (const c of r.data.signature.cells ?? []) {
    try {
      new RegExp(c.pattern);
    } catch {
      errors.push(`signature.cells: invalid pattern ${c.pattern}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, preset: r.data };
}

function findHeader(headers: string[], spec: string): number {
  const names = spec.split('|').map(normalizeHeader);
  for (const name of names) {
    const i = headers.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

export interface PresetMatch {
  preset: TablePreset;
  /** Higher is more specific. */
  score: number;
}

/**
 * Does `preset` fit a table whose header row is `header` (undefined when there is none) and
 * whose first data row is `first`? Returns a score, or -1.
 */
export function presetScore(
  preset: TablePreset,
  header: string[] | undefined,
  first: string[],
  fileName: string,
): number {
  const sig = preset.signature;
  let score = 0;
  const width = header?.length ?? first.length;
  if (sig.columnCount !== undefined) {
    if (sig.columnCount !== width) return -1;
    score += 2;
  }
  if (sig.headers !== undefined) {
    if (header === undefined) return -1;
    const norm = header.map(normalizeHeader);
    for (const h of sig.headers) if (findHeader(norm, h) < 0) return -1;
    score += sig.headers.length * 2;
  }
  for (const c of sig.cells ?? []) {
    if (!new RegExp(c.pattern).test((first[c.index] ?? '').trim())) return -1;
    score += 1;
  }
  if (sig.fileName !== undefined && new RegExp(sig.fileName, 'i').test(fileName)) score += 1;
  return score;
}

/** The preset's mapping resolved against an actual header row; null when a column is missing. */
export function applyPreset(
  preset: TablePreset,
  header: string[] | undefined,
): TableMapping | null {
  const norm = header?.map(normalizeHeader);
  const columns: TableMapping['columns'] = [];
  for (const c of preset.mapping.columns) {
    let index = c.index;
    if (c.header !== undefined && norm !== undefined) {
      const i = findHeader(norm, c.header);
      if (i >= 0) index = i;
      else if (index === undefined) {
        if (c.optional) continue;
        return null;
      }
    }
    if (index === undefined) {
      if (c.optional) continue;
      return null;
    }
    if (columns.some((x) => x.index === index)) continue;
    const col: TableMapping['columns'][number] = { index, role: c.role };
    const h = header?.[index]?.trim();
    if (h) col.header = h;
    if (c.format !== undefined) col.format = c.format;
    if (c.codes !== undefined) col.codes = c.codes;
    columns.push(col);
  }
  const { columns: _omit, ...rest } = preset.mapping;
  void _omit;
  return { ...rest, columns, preset: preset.id };
}

/** Picks the most specific matching preset. */
export function matchPreset(
  presets: readonly TablePreset[],
  header: string[] | undefined,
  first: string[],
  fileName: string,
): PresetMatch | null {
  let best: PresetMatch | null = null;
  for (const preset of presets) {
    const score = presetScore(preset, header, first, fileName);
    if (score > 0 && (best === null || score > best.score)) best = { preset, score };
  }
  return best;
}

const CSV = { delimiter: ',', quote: '"', decimalComma: false, header: true, skipRows: 0 };

/** OpenGTS status codes (org.opengts.util.StatusCodes) worth a timeline event. */
const OPENGTS_CODES: NonNullable<PresetColumn['codes']> = {
  '61713': { type: 'status', label: 'motion start (OpenGTS 0xF111)' },
  '61714': 'ignore',
  '61715': { type: 'status', label: 'motion stop (OpenGTS 0xF113)' },
  '61716': { type: 'status', label: 'dormant (OpenGTS 0xF114)' },
  '62465': 'ignition-on',
  '62467': 'ignition-off',
  '62476': 'engine-start',
  '62477': 'engine-stop',
  '62144': { type: 'status', label: 'parked (OpenGTS 0xF2C0)' },
  '62150': { type: 'status', label: 'unparked (OpenGTS 0xF2C6)' },
};

export const BUILTIN_PRESETS: readonly TablePreset[] = [
  {
    id: 'generic-positions',
    label: 'Generic positions (time, latitude, longitude)',
    description:
      'Any table with a date-time column and latitude/longitude columns; speed in km/h, altitude in metres unless the values say otherwise.',
    signature: {
      headers: [
        'timestamp|datetime|time|date time|gps time|fix time',
        'latitude|lat',
        'longitude|lon|lng|long',
      ],
    },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'timestamp|datetime|time|date time|gps time|fix time', role: 'datetime' },
        { header: 'latitude|lat', role: 'lat' },
        { header: 'longitude|lon|lng|long', role: 'lon' },
        { header: 'altitude|elevation|alt|ele|height', role: 'altitude', optional: true },
        { header: 'speed|velocity', role: 'speed', optional: true },
        { header: 'heading|course|bearing|direction', role: 'heading', optional: true },
        { header: 'accuracy|acc|hdop accuracy', role: 'accuracy', optional: true },
        { header: 'ignition|ign', role: 'ignition', optional: true },
        { header: 'engine', role: 'engine', optional: true },
        { header: 'door|doors', role: 'door', optional: true },
        { header: 'fuel|fuel level|fuel %', role: 'fuel-level', optional: true },
        { header: 'odometer|mileage', role: 'odometer', optional: true },
        { header: 'driver', role: 'driver', optional: true },
        { header: 'status|event', role: 'status', optional: true },
        { header: 'device|vehicle|device id|imei', role: 'device', optional: true },
      ],
      sourceKind: 'tracker',
    },
  },
  {
    id: 'tracker-stops-report',
    label: 'Tracker stops report (arrival, departure, duration, address, coordinates)',
    description:
      'A portal report of stops: one row per stop. Imported as reported stops, not as positions. Durations without a unit are minutes.',
    signature: {
      headers: [
        'arrival|arrival time|start|start time|from|ankunft',
        'departure|departure time|end|end time|until|to|abfahrt',
      ],
    },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'stops-report',
      dialect: CSV,
      columns: [
        { header: 'arrival|arrival time|start|start time|from|ankunft', role: 'arrival' },
        { header: 'departure|departure time|end|end time|until|to|abfahrt', role: 'departure' },
        { header: 'duration|stop duration|dauer', role: 'duration', optional: true },
        { header: 'address|location|adresse|place', role: 'address', optional: true },
        { header: 'latitude|lat', role: 'lat', optional: true },
        { header: 'longitude|lon|lng', role: 'lon', optional: true },
        { header: 'coordinates|position|coords', role: 'latlon', optional: true },
        { header: 'date|datum', role: 'date', optional: true },
        { header: 'name|poi|stop', role: 'name', optional: true },
        { header: 'vehicle|device|unit', role: 'device', optional: true },
      ],
      units: { duration: 'min' },
      sourceKind: 'tracker',
    },
  },
  {
    id: 'holux-m241-csv',
    label: 'Holux M-241 / MTK logger CSV',
    description:
      'INDEX,RCR,DATE,TIME,VALID,LATITUDE,N/S,LONGITUDE,E/W,HEIGHT,SPEED,...: hemisphere letters in their own columns, units inside the values ("374.812 m", "0.865 km/h"); times are GPS UTC.',
    signature: { headers: ['index', 'rcr', 'date', 'time', 'latitude', 'n/s', 'longitude', 'e/w'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'date', role: 'date', format: 'YMD' },
        { header: 'time', role: 'time' },
        { header: 'latitude', role: 'lat' },
        { header: 'n/s', role: 'lat-hemisphere' },
        { header: 'longitude', role: 'lon' },
        { header: 'e/w', role: 'lon-hemisphere' },
        { header: 'height', role: 'altitude', format: 'm', optional: true },
        { header: 'speed', role: 'speed', format: 'km/h', optional: true },
      ],
      timeZone: 'UTC',
      sourceKind: 'track',
    },
  },
  {
    id: 'columbus-p1-csv',
    label: 'Columbus P-1 Mark II / V-990 logger CSV',
    description:
      'INDEX,TAG,DATE (yymmdd),TIME (hhmmss),LATITUDE N/S,LONGITUDE E/W with the hemisphere as a suffix ("49.0733336N"). Times are the logger\'s LOCAL time with no zone: choose the zone.',
    signature: { headers: ['index', 'tag', 'date', 'time', 'latitude n/s', 'longitude e/w'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'date', role: 'date', format: 'YMD' },
        { header: 'time', role: 'time' },
        { header: 'latitude n/s', role: 'lat' },
        { header: 'longitude e/w', role: 'lon' },
        { header: 'height', role: 'altitude', format: 'm', optional: true },
        { header: 'speed', role: 'speed', format: 'km/h', optional: true },
        { header: 'heading', role: 'heading', optional: true },
      ],
      sourceKind: 'track',
    },
  },
  {
    id: 'opengts-eventdata',
    label: 'OpenGTS EventData table dump (MySQL text, no header)',
    description:
      'Column order from OpenGTS EventData.sql: accountID, deviceID, timestamp (epoch s), statusCode, latitude, longitude, gpsAge, speedKPH, heading, altitude, ..., address (12), ..., odometerKM (16), ..., driver (32). Status codes via the OpenGTS code table; \\N is null.',
    signature: {
      columnCount: 90,
      cells: [
        { index: 2, pattern: '^\\d{9,10}$' },
        { index: 3, pattern: '^\\d{1,5}$' },
        { index: 4, pattern: '^-?\\d+(\\.\\d+)?$' },
      ],
    },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: { ...CSV, header: false },
      columns: [
        { index: 1, role: 'device' },
        { index: 2, role: 'epoch-s' },
        { index: 3, role: 'status', codes: OPENGTS_CODES },
        { index: 4, role: 'lat' },
        { index: 5, role: 'lon' },
        { index: 7, role: 'speed', format: 'km/h' },
        { index: 8, role: 'heading' },
        { index: 9, role: 'altitude', format: 'm' },
        { index: 12, role: 'address' },
        { index: 16, role: 'odometer', format: 'km' },
        { index: 32, role: 'driver' },
      ],
      units: { odometer: 'km' },
      sourceKind: 'tracker',
    },
  },
  {
    id: 'garmin-g1000-log',
    label: 'Garmin G1000 flight data log',
    description:
      "Two '#' metadata lines, then a padded header: Lcl Date, Lcl Time, UTCOfst, ..., Latitude, Longitude, AltMSL (ft), GndSpd (kt), TRK (deg). Local time + the row's UTC offset.",
    signature: { headers: ['lcl date', 'lcl time', 'utcofst', 'latitude', 'longitude', 'gndspd'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: { ...CSV, skipRows: 2 },
      columns: [
        { header: 'lcl date', role: 'date', format: 'YMD' },
        { header: 'lcl time', role: 'time' },
        { header: 'utcofst', role: 'utc-offset' },
        { header: 'latitude', role: 'lat' },
        { header: 'longitude', role: 'lon' },
        { header: 'altmsl', role: 'altitude', format: 'ft', optional: true },
        { header: 'gndspd', role: 'speed', format: 'kn', optional: true },
        { header: 'trk', role: 'heading', optional: true },
      ],
      sourceKind: 'track',
    },
  },
  {
    id: 'dawarich-csv-e7',
    label: 'dawarich CSV with E7 coordinates',
    signature: { headers: ['timestamp', 'latitudee7', 'longitudee7'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'timestamp', role: 'datetime' },
        { header: 'latitudee7', role: 'lat-e7' },
        { header: 'longitudee7', role: 'lon-e7' },
        { header: 'accuracy', role: 'accuracy', format: 'm', optional: true },
        { header: 'altitude', role: 'altitude', format: 'm', optional: true },
        { header: 'velocity', role: 'speed', format: 'm/s', optional: true },
      ],
      sourceKind: 'phone',
    },
  },
  {
    id: 'dawarich-csv-semicolon',
    label: 'dawarich CSV, semicolons and decimal commas',
    signature: { headers: ['time', 'lat', 'lon', 'elevation', 'accuracy', 'speed'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: { ...CSV, delimiter: ';', decimalComma: true },
      columns: [
        { header: 'time', role: 'datetime' },
        { header: 'lat', role: 'lat' },
        { header: 'lon', role: 'lon' },
        { header: 'elevation', role: 'altitude', format: 'm' },
        { header: 'accuracy', role: 'accuracy', format: 'm' },
        { header: 'speed', role: 'speed', format: 'm/s' },
      ],
      sourceKind: 'phone',
    },
  },
  {
    id: 'dawarich-csv-unix',
    label: 'dawarich / phone tracker CSV with Unix epoch seconds',
    signature: { headers: ['deviceid', 'lat', 'lon', 'timestamp', 'batterylevel'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'deviceid', role: 'device' },
        { header: 'lat', role: 'lat' },
        { header: 'lon', role: 'lon' },
        { header: 'timestamp', role: 'epoch-s' },
        { header: 'accuracy', role: 'accuracy', format: 'm', optional: true },
        { header: 'altitude', role: 'altitude', format: 'm', optional: true },
        { header: 'speed', role: 'speed', format: 'm/s', optional: true },
        { header: 'bearing', role: 'heading', optional: true },
      ],
      sourceKind: 'phone',
    },
  },
  {
    id: 'google-timeline-csv',
    label: 'Google Timeline converter CSV (visits as reported stops)',
    description:
      'Type,Name,Address,Latitude,Longitude,Start Time,End Time,PlaceId: "Visit" rows become reported stops; "Activity" rows (movements) are skipped and counted.',
    signature: {
      headers: ['type', 'name', 'address', 'latitude', 'longitude', 'start time', 'end time'],
    },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'stops-report',
      dialect: CSV,
      columns: [
        { header: 'type', role: 'ignore' },
        { header: 'name', role: 'name' },
        { header: 'address', role: 'address' },
        { header: 'latitude', role: 'lat' },
        { header: 'longitude', role: 'lon' },
        { header: 'start time', role: 'arrival' },
        { header: 'end time', role: 'departure' },
      ],
      rowFilter: { index: 0, values: ['Visit', 'visit', 'PlaceVisit', 'placeVisit'] },
      sourceKind: 'phone',
    },
  },
  {
    id: 'reitti-wkt',
    label: 'reitti raw location dump (WKT points)',
    signature: { headers: ['id', 'accuracy_meters', 'timestamp', 'geom'] },
    mapping: {
      version: TABLE_MAPPING_VERSION,
      kind: 'positions',
      dialect: CSV,
      columns: [
        { header: 'timestamp', role: 'datetime' },
        { header: 'geom', role: 'wkt-point' },
        { header: 'accuracy_meters', role: 'accuracy', format: 'm' },
        { header: 'user_id', role: 'device', optional: true },
      ],
      sourceKind: 'phone',
    },
  },
];
