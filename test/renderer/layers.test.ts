/**
 * The evidence layers' data and state: sector geometry, events placed by their own position or
 * the nearest fix in time, accuracy circles limited to the view and capped, the cells in use
 * inside a time range, dimming expressions, layer toggles and what a details popup says.
 */
import { describe, expect, it, vi } from 'vitest';
import { evaluate } from './layersEval';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import type { Source, SourceCell } from '../../shared/model';
import {
  DEFAULT_BEAM_WIDTH_DEG,
  cellCoverage,
  circleRing,
  destination,
  wedgeRing,
} from '../../shared/geo/cell-coverage';
import { haversineM } from '../../shared/geo/distance';
import {
  EVENT_PLACE_MAX_GAP_MS,
  accuracyFeatures,
  cellsUsedIn,
  eventFeatures,
  nearestFixByTime,
  pixelsAtZoom0,
  sectorFeatures,
  type LayerSource,
} from '../../renderer/src/map/layers/evidenceFeatures';
import { DIM_FACTOR, timeDimmed } from '../../renderer/src/map/layers/layerSupport';
import { eventIconId, parseEventIconId } from '../../renderer/src/map/layers/eventIcons';
import { measureFeatures, measureSummary } from '../../renderer/src/map/tools/measure';
import { featureDetails } from '../../renderer/src/map/tools/featureDetails';
import { EVENT_LAYER_IDS } from '../../renderer/src/map/layers/EventLayer';
import { SECTOR_LAYER_IDS } from '../../renderer/src/map/layers/SectorLayer';
import { createAppStore } from '../../renderer/src/store/store';
import { LAYER_KINDS } from '../../renderer/src/store/layersSlice';
import type { SourceEntry } from '../../renderer/src/store/sourcesSlice';
import { t as translate } from '../../shared/i18n';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn(), Popup: vi.fn() }));

const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);
const MIN = 60_000;

function input(source: Source, key = 'e1', clockOffsetMs = 0): LayerSource {
  return { key, source, colour: '#e6194b', clockOffsetMs };
}

describe('cell coverage geometry', () => {
  const site = { lat: 50.85, lon: 4.35 };

  it('puts every circle vertex at the range from the site', () => {
    const ring = circleRing(site.lat, site.lon, 2000);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    for (const [lon, lat] of ring) {
      expect(haversineM(site.lat, site.lon, lat, lon)).toBeCloseTo(2000, 3);
    }
  });

  it('points a wedge along its azimuth, as wide as the beam', () => {
    const ring = wedgeRing(site.lat, site.lon, 90, 60, 3000);
    expect(ring[0]).toEqual([site.lon, site.lat]);
    expect(ring.at(-1)).toEqual([site.lon, site.lat]);
    const arc = ring.slice(1, -1);
    // Clockwise from 60° to 120°: the first arc point is north of east, the last south of it.
    expect(arc[0]![1]).toBeGreaterThan(site.lat);
    expect(arc.at(-1)![1]).toBeLessThan(site.lat);
    for (const [lon, lat] of arc) {
      expect(lon).toBeGreaterThan(site.lon);
      expect(haversineM(site.lat, site.lon, lat, lon)).toBeCloseTo(3000, 3);
    }
    // The arc's middle is due east of the site.
    const mid = arc[Math.floor(arc.length / 2)]!;
    expect(mid[1]).toBeCloseTo(site.lat, 3);
  });

  it('destination: 1 km north is 1 km away and due north', () => {
    const [lon, lat] = destination(0, 0, 0, 1000);
    expect(lon).toBeCloseTo(0, 12);
    expect(haversineM(0, 0, lat, lon)).toBeCloseTo(1000, 6);
  });

  it('chooses wedge or circle and says what was assumed', () => {
    const cell = (extra: Partial<SourceCell>): SourceCell => ({
      cellId: 'C1',
      ...site,
      rangeM: 1500,
      rangeAssumed: false,
      ...extra,
    });
    expect(cellCoverage(cell({})).shape).toBe('circle');
    expect(cellCoverage(cell({ azimuthDeg: 120, beamWidthDeg: 65 }))).toMatchObject({
      shape: 'wedge',
      beamAssumed: false,
      rangeAssumed: false,
    });
    const assumed = cellCoverage(cell({ azimuthDeg: 0, rangeAssumed: true }));
    expect(assumed).toMatchObject({ shape: 'wedge', beamAssumed: true, rangeAssumed: true });
    // The assumed beam is DEFAULT_BEAM_WIDTH_DEG: its arc ends ±60° from north.
    const arc = assumed.ring.slice(1, -1);
    const bearing = (p: [number, number]) =>
      (Math.atan2(p[0] - site.lon, (p[1] - site.lat) / Math.cos((site.lat * Math.PI) / 180)) *
        180) /
      Math.PI;
    expect(bearing(arc[0]!)).toBeCloseTo(-DEFAULT_BEAM_WIDTH_DEG / 2, 0);
    expect(bearing(arc.at(-1)!)).toBeCloseTo(DEFAULT_BEAM_WIDTH_DEG / 2, 0);
    expect(cellCoverage(cell({ azimuthDeg: 10, beamWidthDeg: 360 })).shape).toBe('circle');
  });
});

describe('events on the map', () => {
  const track = fakeSource('trk', [
    [51.0, 1.0, T0],
    [51.1, 1.1, T0 + 10 * MIN],
    [51.2, 1.2, T0 + 20 * MIN],
  ]);
  track.events = [
    { type: 'door-open', t: T0 + 5 * MIN, timeBasis: 'utc', lat: 51.05, lon: 1.05, line: 7 },
    // No position: takes the nearest fix in time (T0 + 10 min, 2 minutes away).
    { type: 'ignition-off', t: T0 + 12 * MIN, timeBasis: 'utc', line: 9 },
    // No position and 40 minutes from any fix: not drawn rather than drawn somewhere wrong.
    { type: 'fuel-drop', t: T0 + 60 * MIN, timeBasis: 'utc' },
  ];

  it('places events by their own position or the nearest fix, with timeline row ids', () => {
    const data = eventFeatures([input(track, 'e1', 3 * MIN)]);
    expect(data.features).toHaveLength(2);
    const [door, ign] = data.features;
    expect(door!.geometry.coordinates).toEqual([1.05, 51.05]);
    expect(door!.properties).toMatchObject({
      id: 'event:trk:0',
      s: 'e1',
      i: 0,
      placed: false,
      icon: eventIconId('door-open', '#e6194b'),
      // The clock offset is applied to times, never to positions.
      t: T0 + 8 * MIN,
    });
    expect(ign!.geometry.coordinates).toEqual([1.1, 51.1]);
    expect(ign!.properties).toMatchObject({ id: 'event:trk:1', placed: true });
  });

  it('finds the nearest fix in time even when fixes are out of order', () => {
    const shuffled = fakeSource('s', [
      [3, 3, T0 + 30 * MIN],
      [1, 1, T0],
      [2, 2, T0 + 10 * MIN],
      [9, 9, Number.NaN],
    ]);
    expect(nearestFixByTime(shuffled.fixes, T0 + 6 * MIN, EVENT_PLACE_MAX_GAP_MS)).toBe(2);
    expect(nearestFixByTime(shuffled.fixes, T0 + 4 * MIN, EVENT_PLACE_MAX_GAP_MS)).toBe(1);
    expect(nearestFixByTime(shuffled.fixes, T0 + 29 * MIN, EVENT_PLACE_MAX_GAP_MS)).toBe(0);
    expect(nearestFixByTime(shuffled.fixes, T0 - 60 * MIN, EVENT_PLACE_MAX_GAP_MS)).toBe(-1);
    expect(nearestFixByTime(shuffled.fixes, Number.NaN, EVENT_PLACE_MAX_GAP_MS)).toBe(-1);
  });

  it('round-trips icon ids', () => {
    expect(parseEventIconId(eventIconId('fuel-level', '#4363d8'))).toEqual({
      type: 'fuel-level',
      colour: '#4363d8',
    });
    expect(parseEventIconId('photo-thumb|x')).toBeNull();
  });
});

describe('accuracy circles', () => {
  const n = 1000;
  const pts: [number, number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([50 + i * 0.001, 4, T0 + i * 1000]);
  const phone = fakeSource('ph', pts);
  phone.fixes.accuracyM = new Float64Array(n).map((_, i) => (i % 10 === 0 ? Number.NaN : 25));

  it('turns metres into pixels at zoom 0 for the latitude', () => {
    // At the equator one pixel at zoom 0 is 40075016.686 / 512 m.
    expect(pixelsAtZoom0(40_075_016.686 / 512, 0)).toBeCloseTo(1, 9);
    // At 60° a metre spans twice the pixels.
    expect(pixelsAtZoom0(1000, 60) / pixelsAtZoom0(1000, 0)).toBeCloseTo(2, 9);
  });

  it('keeps fixes with an accuracy inside the box, and samples evenly over the cap', () => {
    const box = { west: 3.9, east: 4.1, south: 50.1, north: 50.3 };
    const all = accuracyFeatures([input(phone)], box, 10_000);
    // Fixes 100..300 are inside (lat 50.1..50.3, inclusive ends by float luck aside); one in ten lacks accuracy.
    expect(all.inView).toBe(all.data.features.length);
    expect(all.inView).toBeGreaterThan(170);
    expect(all.inView).toBeLessThan(185);
    for (const f of all.data.features) {
      expect(f.properties.a).toBe(25);
      expect(f.properties.i % 10).not.toBe(0);
      expect(f.geometry.coordinates[1]).toBeGreaterThanOrEqual(50.1);
      expect(f.geometry.coordinates[1]).toBeLessThanOrEqual(50.3);
    }
    const capped = accuracyFeatures([input(phone)], box, 50);
    expect(capped.inView).toBe(all.inView);
    expect(capped.data.features).toHaveLength(50);
    const lats = capped.data.features.map((f) => f.geometry.coordinates[1]!);
    // Spread over the whole box, not the first 50.
    expect(Math.max(...lats) - Math.min(...lats)).toBeGreaterThan(0.15);
  });

  it('leaves out call-record sources (their sectors show the range)', () => {
    const cdr = fakeSource('cdr', [[50.2, 4, T0]]);
    cdr.fixes.accuracyM = new Float64Array([2000]);
    cdr.fixCells = new Int32Array([0]);
    const box = { west: 3, east: 5, south: 49, north: 51 };
    expect(accuracyFeatures([input(cdr)], box, 100).data.features).toHaveLength(0);
  });
});

describe('cell sectors', () => {
  const cdr = fakeSource('cdr', [
    [50.85, 4.35, T0],
    [50.86, 4.4, T0 + 60 * MIN],
    [50.85, 4.35, T0 + 120 * MIN],
    [50.9, 4.5, T0 + 180 * MIN],
  ]);
  cdr.cells = [
    {
      cellId: 'A',
      lat: 50.85,
      lon: 4.35,
      azimuthDeg: 90,
      beamWidthDeg: 60,
      rangeM: 1200,
      rangeAssumed: false,
    },
    { cellId: 'B', lat: 50.86, lon: 4.4, rangeM: 2000, rangeAssumed: true },
    { cellId: 'unused', lat: 50, lon: 4, rangeM: 2000, rangeAssumed: true },
    { cellId: 'C', lat: 50.9, lon: 4.5, azimuthDeg: 200, rangeM: 800, rangeAssumed: false },
  ];
  cdr.fixCells = new Int32Array([0, 1, 0, 3]);

  it('draws each used cell once, with its uses and the span it was used in', () => {
    const { areas, sites } = sectorFeatures([input(cdr, 'e4', MIN)]);
    expect(areas.features.map((f) => f.properties.k)).toEqual(['e4:0', 'e4:1', 'e4:3']);
    const [a, b, c] = areas.features;
    expect(a!.properties).toMatchObject({
      shape: 'wedge',
      uses: 2,
      rangeAssumed: false,
      t: T0 + MIN,
      tEnd: T0 + 121 * MIN,
    });
    expect(b!.properties).toMatchObject({ shape: 'circle', uses: 1, rangeAssumed: true });
    expect(c!.properties).toMatchObject({ shape: 'wedge', beamAssumed: true });
    expect(sites.features).toHaveLength(3);
  });

  it('finds the cells used inside a time range (clock offset applied)', () => {
    const inputs = [input(cdr, 'e4', MIN)];
    expect(cellsUsedIn(inputs, T0 + 50 * MIN, T0 + 70 * MIN)).toEqual(['e4:1']);
    expect(cellsUsedIn(inputs, T0 + 100 * MIN, T0 + 200 * MIN).sort()).toEqual(['e4:0', 'e4:3']);
    // 0 ms..T0 + 0.5 min: the first record is at T0 + 1 min once corrected.
    expect(cellsUsedIn(inputs, 0, T0 + MIN / 2)).toEqual([]);
  });
});

describe('dimming outside the time range', () => {
  it('is a constant without a range and an expression on t and tEnd with one', () => {
    expect(timeDimmed(0.8, null)).toBe(0.8);
    const expr = timeDimmed(0.8, { start: 100, end: 200 });
    const at = (props: Record<string, number>) => evaluate(expr, props);
    expect(at({ t: 150 })).toBe(0.8);
    expect(at({ t: 250 })).toBeCloseTo(0.8 * DIM_FACTOR, 9);
    expect(at({ t: 50 })).toBeCloseTo(0.8 * DIM_FACTOR, 9);
    // A span overlapping the range stays bright.
    expect(at({ t: 50, tEnd: 120 })).toBe(0.8);
    // No time at all: nothing to dim by.
    expect(at({})).toBe(0.8);
  });
});

describe('layer toggles', () => {
  it('start all visible and toggle one kind at a time', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
    for (const kind of LAYER_KINDS) expect(store.getState().layerVisible[kind]).toBe(true);
    store.getState().toggleLayer('events');
    expect(store.getState().layerVisible.events).toBe(false);
    expect(store.getState().layerVisible.sectors).toBe(true);
    store.getState().setLayerVisible('events', true);
    expect(store.getState().layerVisible.events).toBe(true);
    const before = store.getState().layerVisible;
    store.getState().setLayerVisible('events', true);
    expect(store.getState().layerVisible).toBe(before);
    expect(new Set(LAYER_KINDS).size).toBe(8);
  });
});

describe('measure', () => {
  it('sums the legs and draws a line once there are two points', () => {
    expect(measureSummary([])).toEqual({ totalM: 0, lastLegM: 0, points: 0 });
    const pts: [number, number][] = [
      [4.35, 50.85],
      [4.36, 50.85],
      [4.36, 50.86],
    ];
    const s = measureSummary(pts);
    const leg1 = haversineM(50.85, 4.35, 50.85, 4.36);
    const leg2 = haversineM(50.85, 4.36, 50.86, 4.36);
    expect(s.totalM).toBeCloseTo(leg1 + leg2, 6);
    expect(s.lastLegM).toBeCloseTo(leg2, 6);
    expect(measureFeatures(pts.slice(0, 1)).features).toHaveLength(1);
    expect(measureFeatures(pts).features[0]!.geometry.type).toBe('LineString');
  });
});

describe('details of a feature', () => {
  const track = fakeSource('trk', [[51.0, 1.0, T0]]);
  track.label = 'Truck TRK-0427';
  track.files[0]!.name = 'truck.csv';
  track.events = [
    {
      type: 'fuel-level',
      t: T0,
      timeBasis: 'utc',
      lat: 51,
      lon: 1,
      value: 63.5,
      unit: '%',
      line: 12,
    },
  ];
  track.cells = [{ cellId: '44786', lat: 51, lon: 1, rangeM: 2000, rangeAssumed: true }];
  const entry: SourceEntry = {
    kind: 'source',
    key: 'e1',
    path: '/x/truck.csv',
    source: track,
    colour: '#e6194b',
    demo: false,
  };
  const ctx = {
    tr: (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) =>
      translate('en', k, p),
    locale: 'en' as const,
    zone: 'Europe/Brussels',
    entries: [entry],
    timeline: null,
  };
  const feature = (layer: string, properties: Record<string, unknown>) =>
    ({
      layer: { id: layer },
      properties,
      geometry: { type: 'Point', coordinates: [1, 51] },
    }) as unknown as MapGeoJSONFeature;

  it('says what an event is, when in the display zone, its value and its line in the file', () => {
    const d = featureDetails(
      feature(EVENT_LAYER_IDS.icons, { id: 'event:trk:0', s: 'e1', i: 0, t: T0, placed: false }),
      [1, 51],
      ctx,
    )!;
    expect(d.title).toBe('Fuel level');
    expect(d.timelineId).toBe('event:trk:0');
    // 14:00 UTC is 16:00 in Brussels in April.
    expect(d.when).toContain('16:00:00');
    const rows = Object.fromEntries(d.rows.map((r) => [r.label, r.value]));
    expect(rows.Source).toBe('Truck TRK-0427');
    expect(rows.Value).toBe('63.5 %');
    expect(rows.Evidence).toBe('truck.csv, line 12');
  });

  it('says a cell range was assumed and that its direction is unknown', () => {
    const d = featureDetails(
      feature(SECTOR_LAYER_IDS.fill, { s: 'e1', ci: 0, t: T0, tEnd: T0, uses: 3 }),
      [1.01, 51.01],
      ctx,
    )!;
    expect(d.title).toBe('Cell 44786');
    const rows = Object.fromEntries(d.rows.map((r) => [r.label, r.value]));
    expect(rows.Range).toBe('2 km (assumed)');
    expect(rows.Azimuth).toBe('no direction known: circle');
    expect(rows.Records).toBe('3');
  });
});
