/**
 * The exhibit model: what every exhibit and export shows, computed once from the request and the
 * derived timeline. Pure and deterministic: the same request and timeline give the same model on
 * every host (no clock, no host zone; the generation time is passed in).
 *
 * Filtering rules (stated on the exhibit through the options it prints):
 * - sources: a stop is kept when at least one chosen source supports it; only chosen sources are
 *   listed as its support, and only their files are the exhibit's evidence;
 * - time range: stops, legs, route points, photos and events overlapping the window;
 * - stops: when `stopIds` is given, only those (by `TimelineStop.key`);
 * - stops the examiner excluded (n = 0) and contested stops never appear.
 * Stops are renumbered 1..n in time order: the exhibit's numbers, not the timeline's.
 */
import type { ImportedSource } from '../api';
import type { ExhibitOptions, ExhibitRequest } from '../exhibit/request';
import { validPosition } from '../geo/bounds';
import { haversineM } from '../geo/distance';
import { dpImportance } from '../geo/simplify';
import type { BoundingBox, EmbeddedPreview, EventType, PhotoTimeBasis, SourceKind } from '../model';
import type {
  CameraClockChoice,
  PlaceName,
  StopOrigin,
  Timeline,
  TimelineStop,
} from '../timeline/types';

export const EXHIBIT_MODEL_VERSION = 1;

/** A route is decimated to at most this many points per source unless the caller asks otherwise. */
export const DEFAULT_MAX_ROUTE_POINTS = 2000;

export interface ExhibitSourceRef {
  id: string;
  label: string;
  kind: SourceKind;
}

export interface ExhibitSource extends ExhibitSourceRef {
  format: string;
  formatDetail?: string;
  device?: string;
}

/** One evidence file of a chosen source; `sha256` is lower-case hex of the whole original file. */
export interface ExhibitEvidenceFile {
  sourceId: string;
  kind: SourceKind;
  name: string;
  size: number;
  sha256: string;
}

export interface ExhibitStop {
  /** The exhibit's number, 1..n in time order. */
  n: number;
  /** `TimelineStop.key`: stable across re-derivation. */
  id: string;
  /** Number in the whole timeline (differs from `n` when stops are filtered out). */
  timelineN: number;
  arrival: number;
  departure: number;
  durationS: number;
  lat: number;
  lon: number;
  radiusM: number;
  place: PlaceName | null;
  label: string | null;
  note: string | null;
  origin: StopOrigin[];
  /** Chosen sources that support the stop, in id order. */
  sources: ExhibitSourceRef[];
  /** From the previous exhibit stop: straight-line distance and time between departure and arrival. */
  fromPrevious: { distanceM: number; timeS: number } | null;
}

/** The way from one exhibit stop to the next. */
export interface ExhibitLeg {
  from: number;
  to: number;
  start: number;
  end: number;
  durationS: number;
  straightDistanceM: number;
  /** Sum of the timeline's movements along fixes in between; null when none had fixes. */
  trackDistanceM: number | null;
  /** True when no fixes show the way: the straight line is schematic, not the road taken. */
  schematic: boolean;
  /** Silences (gaps) in between. */
  gaps: number;
}

export interface ExhibitRouteSegment {
  t: number[];
  lat: number[];
  lon: number[];
}

export interface ExhibitRoute {
  source: ExhibitSourceRef;
  segments: ExhibitRouteSegment[];
  /** Fixes inside the range before decimation, and points kept. */
  fixesInRange: number;
  pointsKept: number;
}

export interface ExhibitPhoto {
  source: ExhibitSourceRef;
  /** Index in `Source.photos`. */
  index: number;
  fileName: string;
  sha256: string;
  /** Absolute path on this machine (for reading a thumbnail); never written into exports. */
  path: string | null;
  preview: EmbeddedPreview | null;
  t: number;
  timeBasis: PhotoTimeBasis | null;
  lat: number | null;
  lon: number | null;
  position: 'own' | 'track' | 'none';
  /** Exhibit stop number the photo supports, if that stop is on the exhibit. */
  stop: number | null;
}

export interface ExhibitEvent {
  source: ExhibitSourceRef;
  index: number;
  type: EventType;
  t: number;
  lat: number | null;
  lon: number | null;
  value: number | string | null;
  unit: string | null;
}

export interface ExhibitSourceParameters {
  source: ExhibitSourceRef;
  stopRadiusM: number;
  stopMinS: number;
  clockOffsetMs: number;
  assumedZone: string | null;
}

export interface ExhibitParameters {
  gapS: number;
  conflictSpeedKmh: number;
  mergeRadiusM: number;
  perSource: ExhibitSourceParameters[];
  cameraClocks: { cameraId: string; choice: CameraClockChoice }[];
  /** Number of examiner edits applied to the derived timeline. */
  edits: number;
}

export interface ExhibitModel {
  version: typeof EXHIBIT_MODEL_VERSION;
  /** UTC ms, as passed in; null when not stated. */
  generatedAt: number | null;
  options: ExhibitOptions;
  displayZone: string;
  sources: ExhibitSource[];
  stops: ExhibitStop[];
  legs: ExhibitLeg[];
  routes: ExhibitRoute[];
  photos: ExhibitPhoto[];
  events: ExhibitEvent[];
  parameters: ExhibitParameters;
  evidence: ExhibitEvidenceFile[];
  /** Span of the stops, route, photos and events shown; null when nothing has a time. */
  span: { start: number; end: number } | null;
  /** Bounds of everything shown; null when nothing has a position. */
  bounds: BoundingBox | null;
}

export interface ExhibitModelContext {
  generatedAt?: number;
  /** Per source; Douglas–Peucker keeps the points that matter most for the shape. */
  maxRoutePoints?: number;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inRange(t: number, range: { start: number; end: number } | null): boolean {
  return Number.isFinite(t) && (range === null || (t >= range.start && t <= range.end));
}

function overlaps(start: number, end: number, range: { start: number; end: number } | null) {
  return range === null || (end >= range.start && start <= range.end);
}

function sourceRef(s: ImportedSource): ExhibitSourceRef {
  return { id: s.id, label: s.label, kind: s.kind };
}

/** Routes only where fixes are where the device was: cell fixes stand for a mast's coverage. */
function hasRoute(s: ImportedSource): boolean {
  return s.kind !== 'cell' && s.kind !== 'photos' && s.fixes.count > 0;
}

export function buildExhibitModel(
  request: ExhibitRequest,
  timeline: Timeline,
  context: ExhibitModelContext = {},
): ExhibitModel {
  const { options } = request;
  const range = options.timeRange;
  const params = timeline.parameters;
  const chosenIds = options.sourceIds === null ? null : new Set(options.sourceIds);
  const chosen = [...request.sources]
    .filter((s) => chosenIds === null || chosenIds.has(s.id))
    .filter((s) => !params.perSource[s.id]?.excluded)
    .sort((a, b) => compare(a.id, b.id));
  const byId = new Map(chosen.map((s) => [s.id, s]));

  const stops = exhibitStops(timeline, byId, options);
  const stopByTimelineN = new Map(stops.map((s) => [s.timelineN, s.n]));
  const legs = exhibitLegs(timeline, stops);
  const routes = chosen
    .filter(hasRoute)
    .map((s) =>
      exhibitRoute(
        s,
        params.perSource[s.id]?.clockOffsetMs ?? 0,
        params.gapS * 1000,
        range,
        context.maxRoutePoints ?? DEFAULT_MAX_ROUTE_POINTS,
      ),
    )
    .filter((r) => r.pointsKept > 0);
  const photos = exhibitPhotos(timeline, byId, range, stopByTimelineN);
  const events = exhibitEvents(chosen, params, range);

  const evidence: ExhibitEvidenceFile[] = chosen.flatMap((s) =>
    s.files.map((f) => ({
      sourceId: s.id,
      kind: s.kind,
      name: f.name,
      size: f.size,
      sha256: f.sha256,
    })),
  );

  return {
    version: EXHIBIT_MODEL_VERSION,
    generatedAt: context.generatedAt ?? null,
    options,
    displayZone: options.displayZone,
    sources: chosen.map((s) => ({
      ...sourceRef(s),
      format: s.format,
      ...(s.formatDetail !== undefined ? { formatDetail: s.formatDetail } : {}),
      ...(s.device !== undefined ? { device: s.device } : {}),
    })),
    stops,
    legs,
    routes,
    photos,
    events,
    parameters: {
      gapS: params.gapS,
      conflictSpeedKmh: params.conflictSpeedKmh,
      mergeRadiusM: params.mergeRadiusM,
      perSource: chosen.map((s) => {
        const p = params.perSource[s.id];
        return {
          source: sourceRef(s),
          stopRadiusM: p?.stopRadiusM ?? NaN,
          stopMinS: p?.stopMinS ?? NaN,
          clockOffsetMs: p?.clockOffsetMs ?? 0,
          assumedZone: p?.assumedZone ?? null,
        };
      }),
      cameraClocks: Object.keys(request.settings.cameraClocks ?? {})
        .sort(compare)
        .map((cameraId) => ({ cameraId, choice: request.settings.cameraClocks![cameraId]! })),
      edits: params.edits,
    },
    evidence,
    span: spanOf(stops, routes, photos, events),
    bounds: boundsOf(stops, routes, photos, events),
  };
}

function exhibitStops(
  timeline: Timeline,
  byId: ReadonlyMap<string, ImportedSource>,
  options: ExhibitOptions,
): ExhibitStop[] {
  const wanted = options.stopIds === null ? null : new Set(options.stopIds);
  const kept: TimelineStop[] = timeline.entries
    .filter((e): e is TimelineStop => e.type === 'stop')
    .filter((s) => s.n > 0 && !s.excluded)
    .filter((s) => s.sources.some((id) => byId.has(id)))
    .filter((s) => overlaps(s.start, s.end, options.timeRange))
    .filter((s) => wanted === null || wanted.has(s.key))
    .sort((a, b) => a.start - b.start || a.end - b.end || compare(a.key, b.key));
  const result: ExhibitStop[] = [];
  for (const [i, s] of kept.entries()) {
    const prev = result[i - 1];
    result.push({
      n: i + 1,
      id: s.key,
      timelineN: s.n,
      arrival: s.start,
      departure: s.end,
      durationS: s.durationS,
      lat: s.lat,
      lon: s.lon,
      radiusM: s.radiusM,
      place: s.place ? { ...s.place } : null,
      label: s.label ?? null,
      note: s.note ?? null,
      origin: [...s.origin],
      sources: [...new Set(s.sources)]
        .filter((id) => byId.has(id))
        .sort(compare)
        .map((id) => sourceRef(byId.get(id)!)),
      fromPrevious: prev
        ? {
            distanceM: haversineM(prev.lat, prev.lon, s.lat, s.lon),
            timeS: (s.start - prev.departure) / 1000,
          }
        : null,
    });
  }
  return result;
}

function exhibitLegs(timeline: Timeline, stops: readonly ExhibitStop[]): ExhibitLeg[] {
  const legs: ExhibitLeg[] = [];
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!;
    const b = stops[i]!;
    let track = 0;
    let alongFixes = false;
    let gaps = 0;
    for (const e of timeline.entries) {
      if (e.start < a.departure || e.end > b.arrival) continue;
      if (e.type === 'move' && !e.schematic) {
        track += e.distanceM;
        alongFixes = true;
      } else if (e.type === 'gap') gaps++;
    }
    legs.push({
      from: a.n,
      to: b.n,
      start: a.departure,
      end: b.arrival,
      durationS: (b.arrival - a.departure) / 1000,
      straightDistanceM: b.fromPrevious?.distanceM ?? haversineM(a.lat, a.lon, b.lat, b.lon),
      trackDistanceM: alongFixes ? track : null,
      schematic: !alongFixes,
      gaps,
    });
  }
  return legs;
}

/**
 * The source's fixes inside the range, in time order after its clock correction, split where
 * the device fell silent for longer than the gap threshold, and decimated with Douglas–Peucker
 * (in local metres) to at most `maxPoints` by keeping the most important points.
 */
function exhibitRoute(
  source: ImportedSource,
  clockOffsetMs: number,
  gapMs: number,
  range: { start: number; end: number } | null,
  maxPoints: number,
): ExhibitRoute {
  const f = source.fixes;
  const idx: number[] = [];
  for (let i = 0; i < f.count; i++) {
    const t = f.t[i]! + clockOffsetMs;
    if (inRange(t, range) && validPosition(f.lat[i]!, f.lon[i]!)) idx.push(i);
  }
  idx.sort((a, b) => f.t[a]! - f.t[b]! || a - b);
  const pieces: number[][] = [];
  let current: number[] = [];
  for (const i of idx) {
    const prev = current[current.length - 1];
    if (prev !== undefined && f.t[i]! - f.t[prev]! > gapMs) {
      pieces.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) pieces.push(current);

  // Importance of every point; ends of each piece are always kept.
  const meanLat = idx.length > 0 ? idx.reduce((s, i) => s + f.lat[i]!, 0) / idx.length : 0;
  const kx = 111_195 * Math.cos((meanLat * Math.PI) / 180);
  const importances = pieces.map((piece) => {
    const x = piece.map((i) => f.lon[i]! * kx);
    const y = piece.map((i) => f.lat[i]! * 111_195);
    const order = Int32Array.from(piece.keys());
    const out = new Float64Array(piece.length);
    dpImportance(x, y, order, 0, piece.length, out);
    return out;
  });
  const threshold = importanceThreshold(importances, Math.max(2, maxPoints));
  const segments: ExhibitRouteSegment[] = [];
  let kept = 0;
  pieces.forEach((piece, p) => {
    const seg: ExhibitRouteSegment = { t: [], lat: [], lon: [] };
    piece.forEach((i, k) => {
      if (importances[p]![k]! <= threshold) return;
      seg.t.push(f.t[i]! + clockOffsetMs);
      seg.lat.push(f.lat[i]!);
      seg.lon.push(f.lon[i]!);
    });
    kept += seg.t.length;
    segments.push(seg);
  });
  return {
    source: sourceRef(source),
    segments: segments.filter((s) => s.t.length > 0),
    fixesInRange: idx.length,
    pointsKept: kept,
  };
}

/** The largest importance to drop so that at most `max` points stay (ends excepted). */
function importanceThreshold(importances: readonly Float64Array[], max: number): number {
  const all: number[] = [];
  for (const imp of importances) for (const v of imp) all.push(v);
  if (all.length <= max) return -1;
  all.sort((a, b) => b - a);
  return all[max - 1]!;
}

function exhibitPhotos(
  timeline: Timeline,
  byId: ReadonlyMap<string, ImportedSource>,
  range: { start: number; end: number } | null,
  stopByTimelineN: ReadonlyMap<number, number>,
): ExhibitPhoto[] {
  const photos: ExhibitPhoto[] = [];
  for (const p of timeline.photos) {
    const source = byId.get(p.sourceId);
    if (!source || !inRange(p.t, range)) continue;
    const photo = source.photos?.[p.index];
    const file = photo ? source.files[photo.fileIndex] : undefined;
    const positioned = p.lat !== undefined && p.lon !== undefined && validPosition(p.lat, p.lon);
    photos.push({
      source: sourceRef(source),
      index: p.index,
      fileName: file?.name ?? `photo ${p.index + 1}`,
      sha256: file?.sha256 ?? '',
      path: file?.path ?? null,
      preview: photo?.preview ? { ...photo.preview } : null,
      t: p.t,
      timeBasis: p.timeBasis ?? photo?.timeBasis ?? null,
      lat: positioned ? p.lat! : null,
      lon: positioned ? p.lon! : null,
      position: positioned ? p.position : 'none',
      stop: p.stop !== undefined ? (stopByTimelineN.get(p.stop) ?? null) : null,
    });
  }
  return photos.sort((a, b) => a.t - b.t || compare(a.source.id, b.source.id) || a.index - b.index);
}

function exhibitEvents(
  chosen: readonly ImportedSource[],
  params: Timeline['parameters'],
  range: { start: number; end: number } | null,
): ExhibitEvent[] {
  const events: ExhibitEvent[] = [];
  for (const source of chosen) {
    const offset = params.perSource[source.id]?.clockOffsetMs ?? 0;
    (source.events ?? []).forEach((e, index) => {
      const t = e.t + offset;
      if (!inRange(t, range)) return;
      const positioned = e.lat !== undefined && e.lon !== undefined && validPosition(e.lat, e.lon);
      events.push({
        source: sourceRef(source),
        index,
        type: e.type,
        t,
        lat: positioned ? e.lat! : null,
        lon: positioned ? e.lon! : null,
        value: e.value ?? null,
        unit: e.unit ?? null,
      });
    });
  }
  return events.sort((a, b) => a.t - b.t || compare(a.source.id, b.source.id) || a.index - b.index);
}

function spanOf(
  stops: readonly ExhibitStop[],
  routes: readonly ExhibitRoute[],
  photos: readonly ExhibitPhoto[],
  events: readonly ExhibitEvent[],
): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  const add = (t: number): void => {
    if (!Number.isFinite(t)) return;
    if (t < start) start = t;
    if (t > end) end = t;
  };
  for (const s of stops) {
    add(s.arrival);
    add(s.departure);
  }
  for (const r of routes) for (const seg of r.segments) for (const t of seg.t) add(t);
  for (const p of photos) add(p.t);
  for (const e of events) add(e.t);
  return start === Infinity ? null : { start, end };
}

function boundsOf(
  stops: readonly ExhibitStop[],
  routes: readonly ExhibitRoute[],
  photos: readonly ExhibitPhoto[],
  events: readonly ExhibitEvent[],
): BoundingBox | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const add = (lat: number | null, lon: number | null): void => {
    if (lat === null || lon === null || !validPosition(lat, lon)) return;
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  };
  for (const s of stops) add(s.lat, s.lon);
  for (const r of routes)
    for (const seg of r.segments) seg.lat.forEach((lat, i) => add(lat, seg.lon[i]!));
  for (const p of photos) add(p.lat, p.lon);
  for (const e of events) add(e.lat, e.lon);
  return west === Infinity ? null : { west, south, east, north };
}
