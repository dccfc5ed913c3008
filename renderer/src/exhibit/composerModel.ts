/**
 * What the composer's choices mean, as pure functions: which stops, sources and photos an
 * exhibit will hold, the request sent to the Node side, and the file name suggested in the
 * save dialog. Kept apart from React so the same rules are unit-testable.
 */
import type { ExhibitExportFormat, ImportedSource } from '../../../shared/api';
import type { ExhibitOptions, ExhibitRequest } from '../../../shared/exhibit/request';
import type { Timeline, TimelineSettings, TimelineStop } from '../../../shared/timeline/types';

export interface Span {
  start: number;
  end: number;
}

/**
 * Where the time range comes from: `window` follows the time bar (the whole case when it has
 * none), `case` is the whole case, `custom` is typed in the composer.
 */
export type RangeMode = 'window' | 'case' | 'custom';

/** The composer's choices, kept for the session. Lists hold what the examiner switched off. */
export interface ComposerChoices {
  options: ExhibitOptions;
  /** False while the exhibit follows the app's display zone. */
  zoneChosen: boolean;
  rangeMode: RangeMode;
  customRange: Span | null;
  deselectedSources: string[];
  /** Stop keys (`TimelineStop.key`, stable across re-derivation). */
  deselectedStops: string[];
}

/** The time range the exhibit covers; null for the whole case. */
export function effectiveRange(choices: ComposerChoices, timeBarWindow: Span | null): Span | null {
  switch (choices.rangeMode) {
    case 'window':
      return timeBarWindow;
    case 'case':
      return null;
    case 'custom':
      return choices.customRange;
  }
}

function overlaps(start: number, end: number, range: Span | null): boolean {
  return range === null || (end >= range.start && start <= range.end);
}

/** Each source once (the same file opened twice is one source), in the order they were opened. */
export function uniqueSources(sources: readonly ImportedSource[]): ImportedSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.id) && (seen.add(s.id), true));
}

export function selectedSourceIds(
  sources: readonly ImportedSource[],
  choices: ComposerChoices,
): string[] {
  return sources.map((s) => s.id).filter((id) => !choices.deselectedSources.includes(id));
}

/**
 * The stops the checklist offers: numbered (not excluded by the examiner), overlapping the
 * range and supported by at least one chosen source.
 */
export function candidateStops(
  timeline: Timeline | null,
  range: Span | null,
  sourceIds: readonly string[],
): TimelineStop[] {
  if (!timeline) return [];
  const chosen = new Set(sourceIds);
  return timeline.entries.filter(
    (e): e is TimelineStop =>
      e.type === 'stop' &&
      !e.excluded &&
      e.n > 0 &&
      overlaps(e.start, e.end, range) &&
      e.sources.some((id) => chosen.has(id)),
  );
}

export function selectedStops(
  candidates: readonly TimelineStop[],
  choices: ComposerChoices,
): TimelineStop[] {
  return candidates.filter((s) => !choices.deselectedStops.includes(s.key));
}

/** Photos of the chosen sources in the range (a photo without a time only for the whole case). */
export function photoCount(
  timeline: Timeline | null,
  range: Span | null,
  sourceIds: readonly string[],
): number {
  if (!timeline) return 0;
  const chosen = new Set(sourceIds);
  return timeline.photos.filter(
    (p) =>
      chosen.has(p.sourceId) &&
      (range === null || (Number.isFinite(p.t) && p.t >= range.start && p.t <= range.end)),
  ).length;
}

export interface ComposerInputs {
  sources: readonly ImportedSource[];
  settings: TimelineSettings;
  timeline: Timeline | null;
  appDisplayZone: string;
  timeBarWindow: Span | null;
  basemapId?: string | null;
}

/**
 * The request for the Node side. Lists are sent only when the examiner narrowed them: null
 * means "all", so a stop derived later (e.g. after a clock correction) is not dropped silently.
 */
export function buildExhibitRequest(
  inputs: ComposerInputs,
  choices: ComposerChoices,
): ExhibitRequest {
  const sources = uniqueSources(inputs.sources);
  const range = effectiveRange(choices, inputs.timeBarWindow);
  const sourceIds = selectedSourceIds(sources, choices);
  const allSources = sourceIds.length === sources.length;
  const candidates = candidateStops(inputs.timeline, range, sourceIds);
  const stops = selectedStops(candidates, choices);
  const allStops = stops.length === candidates.length;
  const displayZone = choices.zoneChosen ? choices.options.displayZone : inputs.appDisplayZone;
  return {
    sources,
    settings: { ...inputs.settings, displayZone },
    options: {
      ...choices.options,
      displayZone,
      timeRange: range ? { start: range.start, end: range.end } : null,
      sourceIds: allSources ? null : sourceIds,
      stopIds: allStops ? null : stops.map((s) => s.key),
    },
    ...(inputs.basemapId ? { basemapId: inputs.basemapId } : {}),
  };
}

const EXTENSIONS: { readonly [F in ExhibitExportFormat]: string } = {
  pdf: 'pdf',
  png: 'png',
  svg: 'svg',
  kml: 'kml',
  kmz: 'kmz',
  geojson: 'geojson',
  gpx: 'gpx',
  csv: 'csv',
};

/** Characters no file system takes (Windows is the strictest), and controls. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]+/g;

/** `Exhibit 12 - PV 2026-123.pdf`: exhibit number and case reference, then the format. */
export function defaultExportName(options: ExhibitOptions, format: ExhibitExportFormat): string {
  const parts = [options.exhibitNumber, options.caseReference]
    .map((p) => p.replace(UNSAFE, '-').replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '' && !/^[.-]+$/.test(p));
  const base = (parts.join(' - ') || 'exhibit').slice(0, 120).replace(/[. ]+$/, '');
  return `${base || 'exhibit'}.${EXTENSIONS[format]}`;
}
