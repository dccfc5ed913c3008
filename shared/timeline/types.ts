import type { PhotoTimeBasis } from '../model';

/**
 * The derived chronology: what `deriveTimeline(sources, settings, context)` returns.
 * Every instant is UTC epoch ms. Entries are in time order and never overlap.
 */

/** Parameters of one source's stop detection and clock; absent fields use the case settings. */
export interface SourceTimelineSettings {
  stopRadiusM?: number;
  /** Minimum stay for a detected stop, seconds. */
  stopMinS?: number;
  /** Added to every time of the source (a camera or tracker clock that runs wrong), ms. */
  clockOffsetMs?: number;
  /** Leave the source out of the derivation. */
  excluded?: boolean;
  /**
   * IANA zone the examiner assumes for naive local times of this source that nothing else
   * places (photos with neither an offset tag nor a position).
   */
  assumedZone?: string;
}

export interface CameraClockChoice {
  correctionMs: number;
  /** `auto`: the resolved time (issue 5 order); `shutter`: DateTimeOriginal; `gps`: the GPS stamp. */
  trust: 'auto' | 'shutter' | 'gps';
}

/** A pair of sources whose co-presence the examiner asked for. */
export interface CoPresenceRequest {
  a: string;
  b: string;
  /** Within this distance they count as together, metres. */
  distanceM: number;
}

export interface TimelineSettings {
  /** Defaults chosen by source kind when absent (see DEFAULT_* in settings.ts). */
  stopRadiusM?: number;
  stopMinS?: number;
  /** A silence longer than this between two fixes is a gap (or a stop, when it ends where it began), seconds. */
  gapS: number;
  /** Two observations implying a speed above this cannot both be true, km/h. */
  conflictSpeedKmh: number;
  /** Stops of different sources closer than this (and overlapping in time) are one stop, metres. */
  mergeRadiusM: number;
  /** IANA zone the timeline is shown and printed in. Never affects the derivation itself. */
  displayZone: string;
  /** Per source id. */
  perSource: Record<string, SourceTimelineSettings>;
  coPresence: CoPresenceRequest[];
  /**
   * Per camera (`cameraId` in shared/photos/cameras.ts: make, model and serial): a clock
   * correction added to the photo times of that camera, and which time to trust.
   */
  cameraClocks?: Record<string, CameraClockChoice>;
  /**
   * Photos source id → the track source id its photos without a position are placed on by time
   * (inferred), or `*` for whichever track has a fix nearest in time. Without an entry such
   * photos keep no position: placing them is the examiner's choice.
   */
  photoTracks?: Record<string, string>;
  /** The examiner's edits, applied in order after derivation; each is recorded. */
  edits: TimelineEdit[];
}

/** An examiner's change to the derived timeline. Stops are addressed by `stopKey`, stable across re-derivation. */
export type TimelineEdit =
  | { kind: 'label'; stopKey: string; label: string; at: number; by?: string }
  | { kind: 'note'; stopKey: string; note: string; at: number; by?: string }
  | { kind: 'exclude'; stopKey: string; excluded: boolean; at: number; by?: string }
  | { kind: 'merge'; stopKeys: string[]; at: number; by?: string }
  | { kind: 'split'; stopKey: string; atT: number; at: number; by?: string };

/** Why a stop exists. */
export type StopOrigin = 'detected' | 'silence' | 'reported' | 'ignition' | 'photos';

/** One item of evidence supporting a stop. */
export type EvidenceRef =
  | { kind: 'fixes'; sourceId: string; start: number; end: number; count: number }
  | { kind: 'reported-stop'; sourceId: string; index: number; name?: string }
  | { kind: 'event'; sourceId: string; index: number; type: string; t: number }
  | { kind: 'photo'; sourceId: string; index: number; t: number }
  | { kind: 'silence'; sourceId: string; before: number; after: number };

/** Nearest settlement from the offline gazetteer: approximate by nature (nearest is not containing). */
export interface PlaceName {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Distance from the stop to the settlement's point, metres. */
  distanceM: number;
  approximate: true;
}

export interface TimelineStop {
  type: 'stop';
  /** 1-based stop number in time order (excluded stops keep no number: 0). */
  n: number;
  /** Stable identity across re-derivation: derived from the earliest evidence. */
  key: string;
  start: number;
  end: number;
  durationS: number;
  lat: number;
  lon: number;
  radiusM: number;
  origin: StopOrigin[];
  sources: string[];
  evidence: EvidenceRef[];
  place?: PlaceName;
  /** Recurring place number (1-based) when this place is visited more than once. */
  placeGroup?: number;
  label?: string;
  note?: string;
  excluded?: boolean;
}

export interface TimelineMove {
  type: 'move';
  /** Stop numbers at either end (0 where the move starts or ends without a stop). */
  from: number;
  to: number;
  start: number;
  end: number;
  durationS: number;
  /** Along the fixes where there are any, else the straight line (then `schematic`). */
  distanceM: number;
  schematic: boolean;
  sources: string[];
}

export interface TimelineGap {
  type: 'gap';
  start: number;
  end: number;
  durationS: number;
  /** Straight-line distance between the positions before and after the silence, metres. */
  distanceM: number;
  sources: string[];
}

/** Two observations that cannot both be true; shown, never resolved silently. */
export interface TimelineConflict {
  type: 'conflict';
  start: number;
  end: number;
  durationS: number;
  distanceM: number;
  impliedSpeedKmh: number;
  a: { sourceId: string; t: number; lat: number; lon: number };
  b: { sourceId: string; t: number; lat: number; lon: number };
  sources: string[];
}

export type TimelineEntry = TimelineStop | TimelineMove | TimelineGap | TimelineConflict;

export interface CoPresenceInterval {
  a: string;
  b: string;
  start: number;
  end: number;
  durationS: number;
  /** Closest approach in the interval, metres. */
  minDistanceM: number;
  /** Brief excursions beyond the distance (shorter than co-presence.ts BRIDGE_MS) bridged. */
  interruptions?: number;
  /** Pairs of fixes (one per source) that establish it. */
  evidence: { aIndex: number; bIndex: number; distanceM: number }[];
}

/** A photo placed on the timeline: by its own position, or on another source's track by time. */
export interface TimelinePhoto {
  sourceId: string;
  index: number;
  /** After the source's clock correction; NaN when the photo has no time. */
  t: number;
  /** How `t` was known, after the examiner's camera and zone choices. */
  timeBasis?: PhotoTimeBasis;
  lat?: number;
  lon?: number;
  /** `own`: its EXIF position; `track`: interpolated on `trackSourceId` by time (inferred). */
  position: 'own' | 'track' | 'none';
  trackSourceId?: string;
  /** Time distance to the nearest fix used for the interpolation, ms. */
  trackTimeDistanceMs?: number;
  /** Number of the stop it supports, if any. */
  stop?: number;
}

export interface Timeline {
  version: 1;
  /** The settings actually used, with defaults filled in, for printing on exhibits. */
  parameters: ResolvedTimelineParameters;
  entries: TimelineEntry[];
  coPresence: CoPresenceInterval[];
  photos: TimelinePhoto[];
  /**
   * Every conflict episode whole, in time order (entries hold each once, clipped to the stretch
   * between stops it falls in, or as a zero-length marker at the end of a stop it lies inside).
   */
  conflicts?: TimelineConflict[];
  /**
   * Stops that overlap an accepted stop in time at a different place (both cannot be true):
   * kept here with `n: 0`, each named by a conflict, never dropped silently.
   */
  contested?: TimelineStop[];
  /** One line per edit in `settings.edits`: applied, or why not. */
  editLog?: TimelineEditLogEntry[];
  /** Evidence that could not become a stop (no time, no position, no end), each with why. */
  skipped?: SkippedEvidence[];
}

/** A reported stop or an ignition event the derivation could not use: listed, never dropped silently. */
export interface SkippedEvidence {
  kind: 'reported-stop' | 'event';
  sourceId: string;
  /** Index in `Source.reportedStops` or `Source.events`. */
  index: number;
  reason: 'no-time' | 'no-position' | 'no-ignition-on';
}

export interface TimelineEditLogEntry {
  /** Index in `settings.edits`. */
  index: number;
  kind: TimelineEdit['kind'];
  applied: boolean;
  reason?: string;
}

export interface ResolvedTimelineParameters {
  gapS: number;
  conflictSpeedKmh: number;
  mergeRadiusM: number;
  displayZone: string;
  /** Per source id: the radius, minimum duration and clock offset actually applied. */
  perSource: Record<
    string,
    Required<Omit<SourceTimelineSettings, 'excluded' | 'assumedZone'>> & {
      excluded: boolean;
      assumedZone?: string;
    }
  >;
  edits: number;
}

/** Offline reverse geocoder handed to the derivation, so `shared/` need not load data itself. */
export interface Gazetteer {
  nearest(lat: number, lon: number): PlaceName | null;
}

export interface TimelineContext {
  gazetteer?: Gazetteer;
}
