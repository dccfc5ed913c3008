/**
 * Testimony and interview maps in the exhibit document (shared/exhibit/build-document.ts):
 * pins numbered and styled on the map, the pin table (decimal and DMS, confidence, who and
 * when, the witness's time, note, reverse lookup, nearest stop), only the chosen hearing on an
 * interview map, the conflict highlight, photos and conflicts on the map, in all four languages.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedSource } from '../../../shared/api';
import { buildExhibitDocument } from '../../../shared/exhibit/build-document';
import { defaultExhibitOptions, type ExhibitRequest } from '../../../shared/exhibit/request';
import { buildExhibitModel } from '../../../shared/export/exhibit-model';
import { LOCALES, type Locale } from '../../../shared/i18n';
import type { Testimony } from '../../../shared/testimony/types';
import { deriveTimeline, defaultTimelineSettings } from '../../../shared/timeline/derive';
import { at, leg, MIN, source, T0 } from '../timeline/helpers';

/** Two stops, 5 km apart: 0–20 min at the origin, 30–50 min 5 km east. */
function tracker(): ImportedSource {
  return source(
    'trk',
    'tracker',
    [
      ...leg(0, 20, 10, [0, 0], [0, 0]),
      ...leg(20, 30, 10, [0, 0], [5000, 0]).slice(1),
      ...leg(30, 50, 10, [5000, 0], [5000, 0]).slice(1),
    ],
    { files: [{ name: 'trk.csv', size: 123, sha256: 'a'.repeat(64) }] },
  ) as ImportedSource;
}

const near = at(5020, 10);
const far = at(40_000, 30_000);

function testimony(): Testimony {
  return {
    hearings: [
      {
        id: 'h1',
        reference: 'PV 4711/2024',
        witness: 'Witness A',
        interviewer: 'Insp. Peeters',
        startedAt: T0 + 24 * 60 * MIN,
        locale: 'nl',
      },
      {
        id: 'h2',
        reference: 'PV 4799/2024',
        witness: 'Witness B',
        interviewer: 'Insp. Martin',
        startedAt: T0 + 48 * 60 * MIN,
        locale: 'fr',
      },
    ],
    pins: [
      // Indicated second: numbered 2.
      {
        id: 'b',
        hearingId: 'h1',
        lat: far.lat,
        lon: far.lon,
        label: 'Farm',
        note: 'held overnight',
        confidence: 'likely',
        indicatedBy: '',
        indicatedAt: T0 + 24 * 60 * MIN + 20 * MIN,
        uncertaintyM: 1500,
        // Hours before the nearest stop: a conflict.
        window: { start: T0 - 300 * MIN, end: T0 - 240 * MIN, description: 'in the morning' },
      },
      {
        id: 'a',
        hearingId: 'h1',
        lat: near.lat,
        lon: near.lon,
        label: 'Parking',
        note: 'petrol station sign',
        confidence: 'certain',
        indicatedBy: 'Witness A',
        indicatedAt: T0 + 24 * 60 * MIN + 5 * MIN,
        window: { start: T0 + 35 * MIN, end: T0 + 40 * MIN, description: 'after dark' },
      },
      {
        id: 'other',
        hearingId: 'h2',
        lat: 50,
        lon: 2,
        label: 'Other witness',
        note: '',
        confidence: 'uncertain',
        indicatedBy: 'Witness B',
        indicatedAt: T0 + 48 * 60 * MIN,
      },
    ],
    sketches: [
      {
        id: 's1',
        hearingId: 'h1',
        label: 'The drive',
        note: 'turned right twice',
        points: [
          [near.lon, near.lat],
          [far.lon, far.lat],
        ],
        confidence: 'uncertain',
        indicatedAt: T0 + 24 * 60 * MIN + 30 * MIN,
      },
    ],
  };
}

function documentFor(
  overrides: Partial<ExhibitRequest> = {},
  locale: Locale = 'en',
  withDevice = true,
) {
  const request: ExhibitRequest = {
    sources: withDevice ? [tracker()] : [],
    settings: defaultTimelineSettings('Europe/Brussels'),
    options: { ...defaultExhibitOptions(locale), displayZone: 'Europe/Brussels' },
    testimony: testimony(),
    ...overrides,
  };
  const timeline = deriveTimeline(request.sources, request.settings);
  const model = buildExhibitModel(request, timeline, { generatedAt: 0 });
  return buildExhibitDocument(request, timeline, model, {
    software: { name: 'Itinera', version: '1.0.0' },
    generatedAt: Date.UTC(2026, 10, 28),
    basemap: null,
    schematicSvg: '<svg/>',
    describePlace: (lat, lon, l) => `near ${lat.toFixed(2)},${lon.toFixed(2)} (${l})`,
  });
}

describe('testimony on a route exhibit', () => {
  it('draws every pin numbered in the order indicated, and frames them', () => {
    const doc = documentFor();
    const pins = doc.map.testimony!.pins;
    expect(pins.map((p) => [p.n, p.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'other'],
    ]);
    expect(pins.find((p) => p.id === 'b')!.uncertaintyM).toBe(1500);
    // The frame holds the far pin as well as the route.
    expect(doc.map.bounds!.north).toBeGreaterThanOrEqual(far.lat);
    expect(doc.map.bounds!.east).toBeGreaterThanOrEqual(far.lon);
    expect(doc.map.testimony!.sketches).toHaveLength(1);
    expect(doc.legend.map((l) => l.kind)).toEqual(
      expect.arrayContaining(['testimony', 'testimonySketch', 'testimonyConflict']),
    );
    expect(doc.pins!.rows).toHaveLength(3);
    expect(doc.kind).toBe('route');
    expect(doc.schematic.svg).toBe('<svg/>');
  });

  it('highlights a pin whose time does not meet the nearest stop, not one that does', () => {
    const pins = documentFor().map.testimony!.pins;
    expect(pins.find((p) => p.id === 'a')!.conflict).toBe(false);
    expect(pins.find((p) => p.id === 'b')!.conflict).toBe(true);
    expect(pins.find((p) => p.id === 'other')!.conflict).toBe(false);
  });

  it('shows no testimony when the examiner left it out', () => {
    const doc = documentFor({
      options: {
        ...defaultExhibitOptions('en'),
        displayZone: 'Europe/Brussels',
        show: { ...defaultExhibitOptions('en').show, testimony: false },
      },
    });
    expect(doc.map.testimony).toBeUndefined();
    expect(doc.pins).toBeUndefined();
    expect(doc.legend.some((l) => l.kind.startsWith('testimony'))).toBe(false);
  });
});

describe('the interview map', () => {
  const interview = { kind: 'interview' as const, hearingId: 'h1' };

  it("carries the hearing's reference, witness, interviewer and date, and only its pins", () => {
    const doc = documentFor(interview);
    expect(doc.kind).toBe('interview');
    expect(doc.title).toBe('Interview map — PV 4711/2024');
    const values = Object.fromEntries(doc.particulars.map((p) => [p.label, p.value]));
    expect(values['Hearing reference']).toBe('PV 4711/2024');
    expect(values['Witness']).toBe('Witness A');
    expect(values['Interviewer']).toBe('Insp. Peeters');
    expect(values['Hearing date']).toMatch(/2024/);
    expect(doc.map.testimony!.pins.map((p) => p.id)).toEqual(['a', 'b']);
    expect(doc.pins!.rows.map((r) => r[1])).toEqual(['Parking', 'Farm']);
    expect(doc.schematic.svg).toBeNull();
    expect(doc.testimonyStatement).toMatch(/testimony, not device evidence/);
    // Framed on the pins, not on the whole route.
    expect(doc.map.bounds!.south).toBeGreaterThanOrEqual(Math.min(near.lat, far.lat) - 1e-9);
  });

  it('fills the pin table: coordinates in decimal and DMS, who, when, the time, the place', () => {
    const doc = documentFor(interview);
    const header = doc.pins!.columns.map((c) => c.label);
    expect(header).toEqual([
      'No.',
      'Label',
      'Coordinates (decimal; DMS)',
      'Confidence',
      'Indicated by / at',
      'Time given by the witness',
      'Note',
      'Nearby place (approx.)',
      'Nearest stop (device evidence)',
    ]);
    const [first, second] = doc.pins!.rows;
    expect(first![0]).toBe('1');
    expect(first![2]).toContain(`${near.lat.toFixed(6)}, ${near.lon.toFixed(6)}`);
    expect(first![2]).toMatch(/\d+°\d+′[\d.]+″N \d+°\d+′[\d.]+″E/);
    expect(first![3]).toBe('certain');
    expect(first![4]).toMatch(/^Witness A\n/);
    expect(first![5]).toMatch(/^after dark\nfrom .+\nuntil .+/);
    expect(first![6]).toBe('petrol station sign');
    expect(first![7]).toBe(`near ${near.lat.toFixed(2)},${near.lon.toFixed(2)} (en)`);
    expect(first![8]).toMatch(/^stop 2, \d+\sm\ntimes overlap$/);
    // A pin nobody was credited with is the witness's; its stated uncertainty is printed.
    expect(second![4]).toMatch(/^Witness A\n/);
    expect(second![3]).toMatch(/^likely, within 1\.5\skm$/);
    expect(second![8]).toMatch(/times do not overlap/);
    expect(doc.sketches!.rows).toEqual([
      ['The drive', 'uncertain', expect.any(String), '2', 'turned right twice'],
    ]);
  });

  it('without device evidence: no nearest-stop column and no stops', () => {
    const doc = documentFor(interview, 'en', false);
    expect(doc.pins!.columns.map((c) => c.label)).not.toContain('Nearest stop (device evidence)');
    expect(doc.pins!.columns.reduce((sum, c) => sum + c.width, 0)).toBe(100);
    expect(doc.map.routes).toHaveLength(0);
    expect(doc.stops.rows).toHaveLength(0);
    expect(doc.testimonyStatement).toMatch(/No device evidence is shown/);
    expect(doc.map.bounds).not.toBeNull();
  });

  it('is worded in each of the four languages', () => {
    const headers = new Set<string>();
    for (const locale of LOCALES) {
      const doc = documentFor(interview, locale);
      headers.add(doc.pins!.title);
      expect(doc.title).toContain('PV 4711/2024');
      expect(doc.pins!.columns).toHaveLength(9);
      expect(doc.pins!.rows[0]![7]).toContain(`(${locale})`);
    }
    expect(headers.size).toBe(LOCALES.length);
  });
});

describe('photos and conflicts on the exhibit map', () => {
  it("draws the timeline's conflicts between the exhibit's sources, with a legend line", () => {
    // A phone 60 km away while the tracker stands still: both cannot be true.
    const phone = source('phn', 'phone', leg(5, 15, 60, [60_000, 0], [60_000, 0]), {
      files: [{ name: 'Records.json', size: 456, sha256: 'b'.repeat(64) }],
    }) as ImportedSource;
    const doc = documentFor({ sources: [tracker(), phone] });
    const conflicts = doc.map.timeline.entries.filter((e) => e.type === 'conflict');
    expect(conflicts.length).toBeGreaterThan(0);
    expect(doc.legend.some((l) => l.kind === 'conflict')).toBe(true);
    // Leave the phone out: its conflicts are not this exhibit's.
    const trackerOnly = documentFor({
      sources: [tracker(), phone],
      options: {
        ...defaultExhibitOptions('en'),
        displayZone: 'Europe/Brussels',
        sourceIds: ['trk'],
      },
    });
    expect(trackerOnly.map.timeline.entries.some((e) => e.type === 'conflict')).toBe(false);
  });

  it('lists the photo markers with their keys when photos are shown', () => {
    const doc = documentFor();
    expect(doc.map.photos).toEqual([]);
    const hidden = documentFor({
      options: {
        ...defaultExhibitOptions('en'),
        show: { ...defaultExhibitOptions('en').show, photos: false },
      },
    });
    expect(hidden.map.photos).toEqual([]);
  });
});
