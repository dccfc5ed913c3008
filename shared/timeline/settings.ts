/**
 * Default parameters of the derivation, per source kind. The README section "Timeline defaults"
 * says why these values: a stop radius a little above the device's typical position error, and
 * a minimum stay long enough that traffic lights and queues do not count as stops.
 */
import type { Source, SourceKind } from '../model';
import type { ResolvedTimelineParameters, SourceTimelineSettings, TimelineSettings } from './types';

export interface StopDefaults {
  stopRadiusM: number;
  stopMinS: number;
}

/** Vehicle trackers: GNSS with a clear sky view, ~5–15 m error; a 5 min halt is a deliberate stop. */
export const DEFAULT_TRACKER_STOP: StopDefaults = { stopRadiusM: 100, stopMinS: 300 };
/** Phones: mixed GNSS, Wi-Fi and cell positions indoors, errors of 20–150 m; sparser logging. */
export const DEFAULT_PHONE_STOP: StopDefaults = { stopRadiusM: 200, stopMinS: 600 };

/** A silence longer than this is a gap (or a stop, when it ends where it began). */
export const DEFAULT_GAP_S = 900;
/** Faster than any road vehicle; two positions implying more cannot both be true. */
export const DEFAULT_CONFLICT_SPEED_KMH = 250;
/** A truck in a car park and the driver's phone in the services building are one stop. */
export const DEFAULT_MERGE_RADIUS_M = 250;

export function defaultStopFor(kind: SourceKind): StopDefaults {
  return kind === 'tracker' ? DEFAULT_TRACKER_STOP : DEFAULT_PHONE_STOP;
}

export function defaultTimelineSettings(displayZone = 'UTC'): TimelineSettings {
  return {
    gapS: DEFAULT_GAP_S,
    conflictSpeedKmh: DEFAULT_CONFLICT_SPEED_KMH,
    mergeRadiusM: DEFAULT_MERGE_RADIUS_M,
    displayZone,
    perSource: {},
    coPresence: [],
    cameraClocks: {},
    edits: [],
  };
}

export type ResolvedSourceSettings = ResolvedTimelineParameters['perSource'][string];

/**
 * Per-source values actually applied: the source's own setting, else the case setting, else the
 * kind default. The clock offset is the examiner's per-source value, else the source's own.
 */
export function resolveSourceSettings(
  source: Pick<Source, 'id' | 'kind' | 'clock'>,
  settings: TimelineSettings,
): ResolvedSourceSettings {
  const own: SourceTimelineSettings = settings.perSource[source.id] ?? {};
  const kind = defaultStopFor(source.kind);
  return {
    stopRadiusM: positive(own.stopRadiusM) ?? positive(settings.stopRadiusM) ?? kind.stopRadiusM,
    stopMinS: positive(own.stopMinS) ?? positive(settings.stopMinS) ?? kind.stopMinS,
    clockOffsetMs: finite(own.clockOffsetMs) ?? finite(source.clock?.offsetMs) ?? 0,
    excluded: own.excluded === true,
    ...(own.assumedZone ? { assumedZone: own.assumedZone } : {}),
  };
}

export function resolveParameters(
  sources: readonly Pick<Source, 'id' | 'kind' | 'clock'>[],
  settings: TimelineSettings,
): ResolvedTimelineParameters {
  const perSource: ResolvedTimelineParameters['perSource'] = {};
  for (const source of [...sources].sort((a, b) => compareStrings(a.id, b.id)))
    perSource[source.id] = resolveSourceSettings(source, settings);
  return {
    gapS: positive(settings.gapS) ?? DEFAULT_GAP_S,
    conflictSpeedKmh: positive(settings.conflictSpeedKmh) ?? DEFAULT_CONFLICT_SPEED_KMH,
    mergeRadiusM: nonNegative(settings.mergeRadiusM) ?? DEFAULT_MERGE_RADIUS_M,
    displayZone: settings.displayZone || 'UTC',
    perSource,
    edits: settings.edits.length,
  };
}

/** Code-unit order: the same on every host, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}
function nonNegative(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}
function finite(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}
