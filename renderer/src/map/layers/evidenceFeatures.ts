/**
 * GeoJSON for the evidence layers, built from the columnar sources. Pure functions, so the
 * unit tests check exactly what the map is given. Times on features are corrected by the
 * source's clock offset (as the timeline shows them); positions are never moved.
 */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { BoundingBox, FixColumns, Source } from '../../../../shared/model';
import { cellCoverage } from '../../../../shared/geo/cell-coverage';
import { eventIconId } from './eventIcons';
import { timeProps } from './layerSupport';

export interface LayerSource {
  /** The store entry's key (stable for the session). */
  key: string;
  source: Source;
  colour: string;
  /** Added to the source's times, as the timeline derivation applies it. */
  clockOffsetMs: number;
}

/** How far in time the nearest fix may be for an event without its own position to borrow it. */
export const EVENT_PLACE_MAX_GAP_MS = 15 * 60_000;

// ---------------------------------------------------------------------------------- time order

const orders = new WeakMap<FixColumns, Uint32Array>();

/** Fix indexes with a time, in time order (cached per fix table). */
export function timeOrder(fixes: FixColumns): Uint32Array {
  const cached = orders.get(fixes);
  if (cached) return cached;
  const idx: number[] = [];
  let sorted = true;
  let last = -Infinity;
  for (let i = 0; i < fixes.count; i++) {
    const t = fixes.t[i]!;
    if (Number.isNaN(t)) continue;
    if (t < last) sorted = false;
    last = t;
    idx.push(i);
  }
  if (!sorted) idx.sort((a, b) => fixes.t[a]! - fixes.t[b]! || a - b);
  const order = Uint32Array.from(idx);
  orders.set(fixes, order);
  return order;
}

/** First position in `order` whose time is ≥ t. */
function lowerBound(fixes: FixColumns, order: Uint32Array, t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fixes.t[order[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The fix nearest in time to `t` with a position, within `maxGapMs`; -1 when none. */
export function nearestFixByTime(fixes: FixColumns, t: number, maxGapMs: number): number {
  if (!Number.isFinite(t)) return -1;
  const order = timeOrder(fixes);
  const at = lowerBound(fixes, order, t);
  let best = -1;
  let bestGap = maxGapMs;
  // Look outwards from the insertion point; stop as soon as the gap exceeds the best.
  for (let j = at; j < order.length; j++) {
    const i = order[j]!;
    const gap = fixes.t[i]! - t;
    if (gap > bestGap) break;
    if (Number.isFinite(fixes.lat[i]!) && Number.isFinite(fixes.lon[i]!)) {
      best = i;
      bestGap = gap;
      break;
    }
  }
  for (let j = at - 1; j >= 0; j--) {
    const i = order[j]!;
    const gap = t - fixes.t[i]!;
    if (gap > bestGap) break;
    if (Number.isFinite(fixes.lat[i]!) && Number.isFinite(fixes.lon[i]!)) {
      if (gap < bestGap || best < 0) best = i;
      break;
    }
  }
  return best;
}

// -------------------------------------------------------------------------------------- events

export interface EventProps {
  /** The timeline row id of this event (`event:<sourceId>:<index>`), shared with the list. */
  id: string;
  kind: 'event';
  /** Entry key and event index, to look the event up again. */
  s: string;
  i: number;
  type: string;
  icon: string;
  /** The source's colour (the dot at the exact position). */
  c: string;
  /** The position is the source's nearest fix in time, not the event's own. */
  placed: boolean;
  t?: number;
}

export function eventFeatures(
  inputs: readonly LayerSource[],
): FeatureCollection<Point, EventProps> {
  const features: Feature<Point, EventProps>[] = [];
  for (const { key, source, colour, clockOffsetMs } of inputs) {
    source.events?.forEach((event, index) => {
      let lat = event.lat;
      let lon = event.lon;
      let placed = false;
      if (
        lat === undefined ||
        lon === undefined ||
        !Number.isFinite(lat) ||
        !Number.isFinite(lon)
      ) {
        const near = nearestFixByTime(source.fixes, event.t, EVENT_PLACE_MAX_GAP_MS);
        if (near < 0) return;
        lat = source.fixes.lat[near]!;
        lon = source.fixes.lon[near]!;
        placed = true;
      }
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: {
          id: `event:${source.id}:${index}`,
          kind: 'event',
          s: key,
          i: index,
          type: event.type,
          icon: eventIconId(event.type, colour),
          c: colour,
          placed,
          ...timeProps(event.t + clockOffsetMs),
        },
      });
    });
  }
  return { type: 'FeatureCollection', features };
}

// ------------------------------------------------------------------------------------ accuracy

/** Web Mercator's equator length (WGS84 semi-major axis), the circumference MapLibre draws. */
const EQUATOR_M = 40_075_016.686;
const TILE_PIXELS = 512;

/** Circle radius in pixels at zoom 0 for `metres` at `lat`; × 2^zoom at any zoom. */
export function pixelsAtZoom0(metres: number, lat: number): number {
  const metresPerPixel = (EQUATOR_M * Math.cos((lat * Math.PI) / 180)) / TILE_PIXELS;
  return metres / Math.max(metresPerPixel, 1e-9);
}

export interface AccuracyProps {
  kind: 'accuracy';
  s: string;
  i: number;
  c: string;
  a: number;
  r0: number;
  t?: number;
}

/**
 * Accuracy circles of the fixes inside `box`, at most `cap` of them (an even sample when more
 * are in view, so a dense track still reads). Sources drawn as cell sectors are left out: their
 * "accuracy" is the cell's range, which the sector already shows.
 */
export function accuracyFeatures(
  inputs: readonly LayerSource[],
  box: BoundingBox,
  cap: number,
): { data: FeatureCollection<Point, AccuracyProps>; inView: number } {
  const hits: { input: LayerSource; i: number }[] = [];
  let inView = 0;
  for (const input of inputs) {
    const { fixes, fixCells } = input.source;
    const acc = fixes.accuracyM;
    if (!acc || fixCells) continue;
    for (let i = 0; i < fixes.count; i++) {
      const a = acc[i]!;
      if (!(a > 0)) continue;
      const lat = fixes.lat[i]!;
      const lon = fixes.lon[i]!;
      if (lat < box.south || lat > box.north || lon < box.west || lon > box.east) continue;
      inView++;
      hits.push({ input, i });
    }
  }
  const step = hits.length > cap ? hits.length / cap : 1;
  const features: Feature<Point, AccuracyProps>[] = [];
  for (
    let k = 0;
    k < hits.length && features.length < cap;
    k = Math.floor(features.length * step)
  ) {
    const { input, i } = hits[k]!;
    const { fixes } = input.source;
    const a = fixes.accuracyM![i]!;
    const lat = fixes.lat[i]!;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [fixes.lon[i]!, lat] },
      properties: {
        kind: 'accuracy',
        s: input.key,
        i,
        c: input.colour,
        a,
        r0: pixelsAtZoom0(a, lat),
        ...timeProps(fixes.t[i]! + input.clockOffsetMs),
      },
    });
  }
  return { data: { type: 'FeatureCollection', features }, inView };
}

// ------------------------------------------------------------------------------------- sectors

export interface SectorProps {
  kind: 'sector';
  /** Unique per source and cell: `<entry key>:<cell index>`. */
  k: string;
  s: string;
  ci: number;
  c: string;
  shape: 'wedge' | 'circle';
  rangeAssumed: boolean;
  beamAssumed: boolean;
  /** Records served by this cell. */
  uses: number;
  /** First and last use (corrected). */
  t?: number;
  tEnd?: number;
}

export interface SiteProps {
  kind: 'site';
  k: string;
  s: string;
  ci: number;
  c: string;
  t?: number;
  tEnd?: number;
}

/** Coverage areas of the cells each call-record source used, and their sites. */
export function sectorFeatures(inputs: readonly LayerSource[]): {
  areas: FeatureCollection<Polygon, SectorProps>;
  sites: FeatureCollection<Point, SiteProps>;
} {
  const areas: Feature<Polygon, SectorProps>[] = [];
  const sites: Feature<Point, SiteProps>[] = [];
  const seenSites = new Set<string>();
  for (const { key, source, colour, clockOffsetMs } of inputs) {
    const { cells, fixCells, fixes } = source;
    if (!cells || !fixCells) continue;
    const uses = new Uint32Array(cells.length);
    const first = new Float64Array(cells.length).fill(Infinity);
    const last = new Float64Array(cells.length).fill(-Infinity);
    for (let i = 0; i < fixes.count && i < fixCells.length; i++) {
      const ci = fixCells[i]!;
      if (ci < 0 || ci >= cells.length) continue;
      uses[ci]! += 1;
      const t = fixes.t[i]!;
      if (Number.isFinite(t)) {
        if (t < first[ci]!) first[ci] = t;
        if (t > last[ci]!) last[ci] = t;
      }
    }
    cells.forEach((cell, ci) => {
      if (uses[ci] === 0 || !Number.isFinite(cell.lat) || !Number.isFinite(cell.lon)) return;
      if (!(cell.rangeM > 0)) return;
      const coverage = cellCoverage(cell);
      const times = timeProps(first[ci]! + clockOffsetMs, last[ci]! + clockOffsetMs);
      const k = `${key}:${ci}`;
      areas.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [coverage.ring] },
        properties: {
          kind: 'sector',
          k,
          s: key,
          ci,
          c: colour,
          shape: coverage.shape,
          rangeAssumed: coverage.rangeAssumed,
          beamAssumed: coverage.beamAssumed,
          uses: uses[ci]!,
          ...times,
        },
      });
      const site = `${key}:${cell.lat}:${cell.lon}`;
      if (seenSites.has(site)) return;
      seenSites.add(site);
      sites.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [cell.lon, cell.lat] },
        properties: { kind: 'site', k, s: key, ci, c: colour, ...times },
      });
    });
  }
  return {
    areas: { type: 'FeatureCollection', features: areas },
    sites: { type: 'FeatureCollection', features: sites },
  };
}

/**
 * Keys (`<entry key>:<cell index>`) of the cells used at some time inside [start, end]
 * (corrected times). A binary search per source, then only the records in range are read.
 */
export function cellsUsedIn(inputs: readonly LayerSource[], start: number, end: number): string[] {
  const keys = new Set<string>();
  for (const { key, source, clockOffsetMs } of inputs) {
    const { fixCells, fixes } = source;
    if (!fixCells || !source.cells) continue;
    const order = timeOrder(fixes);
    for (let j = lowerBound(fixes, order, start - clockOffsetMs); j < order.length; j++) {
      const i = order[j]!;
      if (fixes.t[i]! + clockOffsetMs > end) break;
      const ci = fixCells[i]!;
      if (ci >= 0) keys.add(`${key}:${ci}`);
    }
  }
  return [...keys];
}
