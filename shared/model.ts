/**
 * Runtime-neutral evidence model. Every instant is UTC epoch milliseconds;
 * how that instant was known travels with it as a TimeBasis.
 */

/** How an observation's time was established. */
export type TimeBasis =
  /** GPS time, an explicit `Z` or an offset of +00:00. */
  | 'utc'
  /** A local time with an explicit UTC offset. */
  | 'offset'
  /** A naive local time placed in an IANA zone chosen for the source. */
  | 'zone-assumed'
  /** A naive local time read as UTC because no zone was known: flagged, never silent. */
  | 'naive-as-utc'
  /** No time at all. */
  | 'none';

export type Severity = 'error' | 'warning' | 'info';

/** One problem found while reading an evidence file, located so an examiner can check it. */
export interface ImportIssue {
  /** File name (not the full path) the issue was found in. */
  file: string;
  /** 1-based line and column, for text formats. */
  line?: number;
  column?: number;
  /** 0-based record index, for record formats. */
  record?: number;
  /** Byte offset, for binary formats. */
  offset?: number;
  severity: Severity;
  /** Stable machine-readable code, e.g. `gpx.time.no-zone`. */
  code: string;
  /** English message; the renderer may translate by `code`. */
  message: string;
}

export interface EvidenceFile {
  name: string;
  /** Absolute path on the examiner's machine, when known. */
  path?: string;
  size: number;
  /** Lower-case hex SHA-256 of the whole original file. */
  sha256: string;
  /** File modification time, UTC epoch ms. */
  modifiedAt?: number;
}

/**
 * Positions in columns: measured 3x faster and 4.5x smaller than arrays of objects.
 * `t` is NaN where the fix has no time; optional columns are NaN where a value is missing.
 */
export interface FixColumns {
  count: number;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  ele?: Float64Array;
  accuracyM?: Float64Array;
  speedMps?: Float64Array;
  headingDeg?: Float64Array;
}

/** Index range [start, end) into a FixColumns. */
export interface FixRange {
  start: number;
  end: number;
}

export interface TrackPart {
  kind: 'track' | 'route';
  name?: string;
  /** Each segment is a contiguous range of fixes. */
  segments: FixRange[];
}

export interface Waypoint {
  name?: string;
  description?: string;
  lat: number;
  lon: number;
  ele?: number;
  /** NaN when the waypoint carries no time. */
  t: number;
  timeBasis: TimeBasis;
  /** Location in the file, for cross-checking. */
  line?: number;
}

export type SourceKind = 'tracker' | 'phone' | 'photos' | 'cell' | 'testimony' | 'track';

export interface SourceStats {
  points: number;
  tracks: number;
  segments: number;
  routes: number;
  waypoints: number;
  /** First and last fix time, UTC epoch ms; null when no fix has a time. */
  first: number | null;
  last: number | null;
  /** Fixes per time basis. */
  timeBases: Partial<Record<TimeBasis, number>>;
  /**
   * Photos of a `photos` source (`points` stays the number of fixes, 0 there). For such a
   * source `first`/`last` are the earliest and latest photo times instead of fix times.
   */
  photos?: number;
}

/** One evidence file read into the model. */
export interface Source {
  id: string;
  kind: SourceKind;
  /** Detected format, e.g. `gpx`. */
  format: string;
  /** Format detail, e.g. `GPX 1.1`, the creator application. */
  formatDetail?: string;
  label: string;
  device?: string;
  files: EvidenceFile[];
  clock: { offsetMs: number; naiveZone?: string };
  fixes: FixColumns;
  /** Time basis per fix, parallel to `fixes` (indexes into TIME_BASES). */
  fixTimeBasis: Uint8Array;
  parts: TrackPart[];
  waypoints: Waypoint[];
  stats: SourceStats;
  issues: ImportIssue[];
  /** Typed events (ignition, doors, fuel…) in file order, for sources that record them. */
  events?: TimelineEvent[];
  /** Stops the source itself reported (origin `reported`): a tracker's stops report, Google visits. */
  reportedStops?: ReportedStop[];
  /** Movements the source itself inferred (Google activity segments). */
  reportedMovements?: ReportedMovement[];
  /** Cells the records were served by (call detail records), so the map can draw sectors. */
  cells?: SourceCell[];
  /** Parallel to `fixes`: index into `cells` of the cell each fix stands for. */
  fixCells?: Int32Array;
  /** Seized photos (kind `photos`), in file order; `Photo.fileIndex` points into `files`. */
  photos?: Photo[];
}

/**
 * A cell of a call detail record: the phone was somewhere in its coverage, never at the mast.
 * Without an azimuth the coverage is a circle of `rangeM` around the site.
 */
export interface SourceCell {
  cellId: string;
  lat: number;
  lon: number;
  /** Direction the sector's antenna points, degrees clockwise from north. */
  azimuthDeg?: number;
  /** Horizontal beam width of the sector, degrees. */
  beamWidthDeg?: number;
  /** Coverage radius, metres. */
  rangeM: number;
  /** True when `rangeM` is an assumed default, not a range the operator stated. */
  rangeAssumed: boolean;
}

/** Index order used by `Source.fixTimeBasis`. */
export const TIME_BASES: readonly TimeBasis[] = [
  'none',
  'utc',
  'offset',
  'zone-assumed',
  'naive-as-utc',
];

export function timeBasisCode(basis: TimeBasis): number {
  return TIME_BASES.indexOf(basis);
}

/** `timeBasisCode` as a table, for readers that look a code up per fix. */
export const TIME_BASIS_CODES: Readonly<Record<TimeBasis, number>> = {
  none: timeBasisCode('none'),
  utc: timeBasisCode('utc'),
  offset: timeBasisCode('offset'),
  'zone-assumed': timeBasisCode('zone-assumed'),
  'naive-as-utc': timeBasisCode('naive-as-utc'),
};

export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** What a vehicle or device reported happening, as opposed to where it was. */
export type EventType =
  | 'ignition-on'
  | 'ignition-off'
  | 'door-open'
  | 'door-close'
  | 'engine-start'
  | 'engine-stop'
  | 'fuel-level'
  | 'fuel-drop'
  | 'odometer'
  | 'driver'
  | 'status';

export interface TimelineEvent {
  type: EventType;
  /** UTC epoch ms; NaN when unknown. */
  t: number;
  timeBasis: TimeBasis;
  lat?: number;
  lon?: number;
  /** Numeric or textual value, e.g. fuel level 63.5 (unit `%` or `l`), a driver id, a status text. */
  value?: number | string;
  unit?: string;
  /** Where in the file it came from. */
  line?: number;
  record?: number;
}

/** A stop as the source itself reported it (a tracker stops report, a Google visit). */
export interface ReportedStop {
  /** UTC epoch ms; NaN when unknown. */
  start: number;
  end: number;
  timeBasis: TimeBasis;
  lat?: number;
  lon?: number;
  name?: string;
  address?: string;
  /** The source's own id for the place (Google place id), when it gives one. */
  placeId?: string;
  /** The source's category for the place, e.g. Google's semantic type `Home`, `Work`. */
  placeType?: string;
  /** Duration as the source stated it, when it did (ms). */
  statedDurationMs?: number;
  /** The source's confidence, 0..1, when it gives one. */
  confidence?: number;
  line?: number;
  record?: number;
}

/** A movement as the source itself inferred it (a Google activity segment), not derived from fixes. */
export interface ReportedMovement {
  /** UTC epoch ms; NaN when unknown. */
  start: number;
  end: number;
  timeBasis: TimeBasis;
  /** e.g. `IN_PASSENGER_VEHICLE`, `WALKING`, as the source named it. */
  activity?: string;
  /** The source's confidence in the activity, 0..1, when it gives one. */
  confidence?: number;
  /** Distance as the source stated it, metres. */
  statedDistanceM?: number;
  startLat?: number;
  startLon?: number;
  endLat?: number;
  endLon?: number;
  /** Index range into the fixes holding this movement's path points, when it has any. */
  path?: FixRange;
  line?: number;
  record?: number;
}

/**
 * How a photo's time was known. `gps`: GPSDateStamp + GPSTimeStamp (UTC, but the time of the
 * position fix, which can be stale); `offset`: DateTimeOriginal with OffsetTimeOriginal;
 * `zone-assumed`: DateTimeOriginal placed in an assumed IANA zone; `none`: no usable time.
 */
export type PhotoTimeBasis = 'gps' | 'offset' | 'zone-assumed' | 'none';

/** Where in the file an embedded preview lies, so it can be read on demand without the photo. */
export interface EmbeddedPreview {
  offset: number;
  length: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
}

/** One seized photo: identity, position and time, each with how it was known. */
export interface Photo {
  /** Index of this photo's file in `Source.files`. */
  fileIndex: number;
  /** The resolved instant, UTC epoch ms, before any camera clock correction; NaN when none. */
  t: number;
  timeBasis: PhotoTimeBasis;
  /** The IANA zone the time was placed in (`zone-assumed` only). */
  assumedZone?: string;
  /** Why the preferred time source was not used, e.g. `GPSTimeStamp missing`. */
  timeNote?: string;
  /** The shutter time (DateTimeOriginal, resolved with its offset or assumed zone), UTC ms; NaN when absent. */
  shutterT: number;
  /** The GPS fix time (GPSDateStamp + GPSTimeStamp), UTC ms; NaN when absent. */
  gpsT: number;
  /** Raw tag values, as written, for the examiner. */
  raw: {
    dateTimeOriginal?: string;
    offsetTimeOriginal?: string;
    subSecTimeOriginal?: string;
    gpsDateStamp?: string;
    gpsTimeStamp?: string;
  };
  lat?: number;
  lon?: number;
  altitudeM?: number;
  /** GPSHPositioningError, metres. */
  accuracyM?: number;
  /** GPSImgDirection, degrees clockwise from (true or magnetic, see `directionRef`) north. */
  directionDeg?: number;
  directionRef?: 'T' | 'M';
  make?: string;
  model?: string;
  serial?: string;
  software?: string;
  width?: number;
  height?: number;
  /** Container, e.g. `jpeg`, `heif`, `tiff`, `png`, `webp`. */
  container: string;
  preview?: EmbeddedPreview;
}
