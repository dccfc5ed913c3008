/**
 * The composer's rules: which stops, sources and photos an exhibit holds for the examiner's
 * choices, the request it sends (lists only when narrowed), and the suggested file name.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedSource } from '../../shared/api';
import { defaultExhibitOptions } from '../../shared/exhibit/request';
import { ExhibitOptionsSchema, ExhibitRequestSchema } from '../../shared/api';
import { defaultTimelineSettings } from '../../shared/timeline/settings';
import type { Timeline, TimelineStop } from '../../shared/timeline/types';
import {
  buildExhibitRequest,
  candidateStops,
  defaultExportName,
  photoCount,
  type ComposerChoices,
  type ComposerInputs,
} from '../../renderer/src/exhibit/composerModel';
import { placeStops } from '../../renderer/src/exhibit/SchematicPreview';
import { fakeSource } from './fakeSource';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 8);

function stop(n: number, key: string, startH: number, sources: string[], extra = {}): TimelineStop {
  return {
    type: 'stop',
    n,
    key,
    start: T0 + startH * H,
    end: T0 + (startH + 0.5) * H,
    durationS: 1800,
    lat: 50 + n / 10,
    lon: 4 + n / 10,
    radiusM: 50,
    origin: ['detected'],
    sources,
    evidence: [],
    ...extra,
  };
}

const timeline = {
  version: 1,
  entries: [
    stop(1, 'k1', 0, ['truck']),
    stop(2, 'k2', 2, ['truck', 'phone']),
    stop(0, 'kx', 3, ['truck'], { excluded: true }),
    stop(3, 'k3', 4, ['phone']),
  ],
  coPresence: [],
  photos: [
    { sourceId: 'pics', index: 0, t: T0 + 2 * H, position: 'own', lat: 50, lon: 4 },
    { sourceId: 'pics', index: 1, t: NaN, position: 'none' },
    { sourceId: 'phone', index: 0, t: T0 + 9 * H, position: 'own', lat: 50, lon: 4 },
  ],
} as unknown as Timeline;

const sources = ['truck', 'phone', 'pics', 'truck'].map(
  (id) => fakeSource(id, [[50, 4, T0]]) as ImportedSource,
);

function choices(patch: Partial<ComposerChoices> = {}): ComposerChoices {
  return {
    options: { ...defaultExhibitOptions('nl'), title: 'Route', exhibitNumber: 'S12' },
    zoneChosen: false,
    rangeMode: 'case',
    customRange: null,
    deselectedSources: [],
    deselectedStops: [],
    ...patch,
  };
}

const inputs: ComposerInputs = {
  sources,
  settings: defaultTimelineSettings('Europe/Brussels'),
  timeline,
  appDisplayZone: 'Europe/Brussels',
  timeBarWindow: { start: T0 + 1.5 * H, end: T0 + 5 * H },
  basemapId: 'world',
};

describe('exhibit composer model', () => {
  it('offers numbered stops overlapping the range and backed by a chosen source', () => {
    expect(candidateStops(timeline, null, ['truck', 'phone']).map((s) => s.n)).toEqual([1, 2, 3]);
    expect(candidateStops(timeline, null, ['phone']).map((s) => s.n)).toEqual([2, 3]);
    const window = { start: T0 + 2.25 * H, end: T0 + 4.1 * H };
    expect(candidateStops(timeline, window, ['truck', 'phone']).map((s) => s.n)).toEqual([2, 3]);
    expect(candidateStops(null, null, ['truck'])).toEqual([]);
  });

  it('counts photos of chosen sources in the range; an untimed photo only for the whole case', () => {
    expect(photoCount(timeline, null, ['pics', 'phone'])).toBe(3);
    expect(photoCount(timeline, null, ['pics'])).toBe(2);
    expect(photoCount(timeline, { start: T0, end: T0 + 3 * H }, ['pics', 'phone'])).toBe(1);
  });

  it('sends all as null, and the narrowed lists when the examiner narrowed them', () => {
    const all = buildExhibitRequest(inputs, choices());
    expect(all.sources.map((s) => s.id)).toEqual(['truck', 'phone', 'pics']);
    expect(all.options).toMatchObject({
      locale: 'nl',
      displayZone: 'Europe/Brussels',
      timeRange: null,
      sourceIds: null,
      stopIds: null,
    });
    expect(all.settings.displayZone).toBe('Europe/Brussels');
    expect(all.basemapId).toBe('world');
    // The request passes the API's own validation, options checked whole.
    expect(ExhibitRequestSchema.safeParse(all).success).toBe(true);

    const narrowed = buildExhibitRequest(
      inputs,
      choices({
        rangeMode: 'window',
        deselectedSources: ['pics'],
        deselectedStops: ['k3'],
        zoneChosen: true,
        options: { ...defaultExhibitOptions('fr'), displayZone: 'UTC' },
      }),
    );
    expect(narrowed.options.timeRange).toEqual(inputs.timeBarWindow);
    expect(narrowed.options.sourceIds).toEqual(['truck', 'phone']);
    // Stop 1 ends before the window; stop 3 was deselected.
    expect(narrowed.options.stopIds).toEqual(['k2']);
    expect(narrowed.options.displayZone).toBe('UTC');
    expect(narrowed.settings.displayZone).toBe('UTC');
    expect(ExhibitOptionsSchema.safeParse(narrowed.options).success).toBe(true);
  });

  it('suggests exhibit number and case reference as the file name, safe on every system', () => {
    const o = { ...defaultExhibitOptions(), exhibitNumber: 'S12', caseReference: 'PV 2026/123' };
    expect(defaultExportName(o, 'pdf')).toBe('S12 - PV 2026-123.pdf');
    expect(defaultExportName(o, 'geojson')).toBe('S12 - PV 2026-123.geojson');
    expect(defaultExportName(defaultExhibitOptions(), 'kmz')).toBe('exhibit.kmz');
    expect(defaultExportName({ ...o, exhibitNumber: '..', caseReference: 'a:b*?' }, 'csv')).toBe(
      'a-b-.csv',
    );
  });

  it('places the preview stops inside the box, north up', () => {
    const placed = placeStops(timeline.entries as TimelineStop[], 200, 100);
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(200);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(100);
    }
    // Stop 3 is north-east of stop 1: right of it and higher on the page.
    const one = placed.find((p) => p.key === 'k1')!;
    const three = placed.find((p) => p.key === 'k3')!;
    expect(three.x).toBeGreaterThan(one.x);
    expect(three.y).toBeLessThan(one.y);
  });
});

describe('schematic preview layout', () => {
  it('keeps stops at one spot apart, so every number can be read', () => {
    const same = [1, 2, 3].map((n) => ({ ...stop(n, `s${n}`, n, ['truck']), lat: 50, lon: 4 }));
    const far = { ...stop(4, 's4', 5, ['truck']), lat: 45, lon: 5 };
    const placed = placeStops([...same, far]);
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(
          Math.hypot(placed[i]!.x - placed[j]!.x, placed[i]!.y - placed[j]!.y),
        ).toBeGreaterThan(15);
    expect(placed.map((p) => p.n)).toEqual([1, 2, 3, 4]);
  });
});
