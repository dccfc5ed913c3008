/**
 * The contract every evidence format module implements: bytes go in as they are read
 * (never the whole file as one string), a parsed result comes out at the end.
 */
import type {
  FixColumns,
  ImportIssue,
  ReportedMovement,
  ReportedStop,
  SourceKind,
  TimelineEvent,
  TrackPart,
  Waypoint,
} from '../model';

export interface ReaderResult {
  /** Short format id, e.g. `gpx`. */
  format: string;
  /** e.g. `GPX 1.1 (Garmin Connect)`. */
  formatDetail?: string;
  kind: SourceKind;
  device?: string;
  fixes: FixColumns;
  /** Parallel to fixes; codes from TIME_BASES. */
  fixTimeBasis: Uint8Array;
  parts: TrackPart[];
  waypoints: Waypoint[];
  issues: ImportIssue[];
  /** Typed events (ignition, doors, fuel…) in file order; absent for formats without events. */
  events?: TimelineEvent[];
  /** Stops the source itself reported (origin "reported"), not derived from fixes. */
  reportedStops?: ReportedStop[];
  /** Movements the source itself inferred (Google activity segments). */
  reportedMovements?: ReportedMovement[];
  /**
   * Something the examiner must supply before the times can be trusted, e.g. the date of a
   * GGA-only NMEA log. The reader still returns what it could read.
   */
  needs?: { kind: 'date'; message: string }[];
  /**
   * False when the file is not this format at all or is unreadable as a whole
   * (the issues say why); such a file changes nothing in the case.
   */
  readable: boolean;
}

export interface FormatReader {
  /** Feed the next chunk of the file's bytes, in order. */
  push(chunk: Uint8Array): void;
  /** Signal end of file and return the result. Never throws on bad input. */
  finish(): ReaderResult;
}

export interface ReaderOptions {
  /** File name used to locate issues. */
  fileName: string;
  /** The examiner's answer to a `needs: date` request, as YYYY-MM-DD (UTC). */
  assumedDate?: string;
  /** IANA zone for naive local times, when the examiner chose one. */
  naiveZone?: string;
  /** The import's own date (UTC epoch ms): times after it are flagged. Defaults to the clock. */
  importedAt?: number;
}

/** A format the detector can recognise by content. */
export interface FormatDetection {
  format: string;
  /** Why the detector believes this, for the sources panel. */
  reason: string;
  /** 0..1; the highest wins, the extension only breaks ties. Defaults to 1. */
  confidence?: number;
}
