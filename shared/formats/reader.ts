/**
 * The contract every evidence format module implements: bytes go in as they are read
 * (never the whole file as one string), a parsed result comes out at the end.
 */
import type { FixColumns, ImportIssue, SourceKind, TrackPart, Waypoint } from '../model';

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
}

/** A format the detector can recognise by content. */
export interface FormatDetection {
  format: string;
  /** Why the detector believes this, for the sources panel. */
  reason: string;
}
