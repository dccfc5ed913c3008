/**
 * What the KML and KMZ readers return beyond the common ReaderResult. Every addition is an
 * optional field on a subtype, so code that knows only the shared model keeps working and simply
 * does not see the extra information.
 */
import type { TrackPart, Waypoint } from '../model';
import type { ReaderResult } from './reader';

/** A Placemark's ExtendedData: `Data/value` and `SchemaData/SimpleData`, name → text. */
export type KmlAttributes = Record<string, string>;

/** An untimed Point placemark. */
export interface KmlWaypoint extends Waypoint {
  attributes?: KmlAttributes;
  /** End of a TimeSpan, UTC epoch ms (the waypoint's `t` is its begin). */
  end?: number;
}

/** One Placemark with paths (LineString, gx:Track, gx:MultiTrack), or the timed points of a document. */
export interface KmlTrackPart extends TrackPart {
  description?: string;
  attributes?: KmlAttributes;
  /** The KML document it came from, for KMZ archives holding several (`doc.kml`). */
  document?: string;
}

/** What a timed Point placemark said besides its position and time; it became fix `fix`. */
export interface KmlPlacemarkInfo {
  fix: number;
  name?: string;
  description?: string;
  attributes?: KmlAttributes;
  /** End of the placemark's TimeSpan, UTC epoch ms; the fix time is its begin. */
  end?: number;
  line?: number;
}

export interface KmlArchiveSummary {
  /** The `.kml` entries read, in archive order. */
  kmlEntries: string[];
  /** Image entries (photos, icons): counted, not read yet. */
  images: number;
  /** Any other entries. */
  otherEntries: number;
}

export interface KmlReaderResult extends ReaderResult {
  parts: KmlTrackPart[];
  waypoints: KmlWaypoint[];
  /** Timed Point placemarks, in fix order. */
  placemarkFixes?: KmlPlacemarkInfo[];
  /**
   * Per-point numbers from gx:SimpleArrayData that no model column holds (heart rate, cadence,
   * power, IGC sensor values…), parallel to `fixes`, NaN where a fix has no value.
   */
  fixExtras?: Record<string, Float64Array>;
  /** KMZ only. */
  archive?: KmlArchiveSummary;
}
