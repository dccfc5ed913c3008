import { describe, expect, it } from 'vitest';
import {
  compareWithStops,
  pathLengthM,
  pinDistanceM,
  timeOverlap,
} from '../../../shared/testimony/compare';
import {
  buildInterviewRequest,
  interviewExportName,
  testimonyOfHearing,
} from '../../../shared/testimony/interview-request';
import { wallMinute, wallMinuteToUtc } from '../../../shared/testimony/wall-time';
import type { Testimony, TestimonyPin } from '../../../shared/testimony/types';
import type { TimelineStop } from '../../../shared/timeline/types';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';

const H = 3_600_000;
const T0 = Date.UTC(2024, 3, 16, 14, 0, 0);

function stop(n: number, lat: number, lon: number, start: number, end: number): TimelineStop {
  return {
    type: 'stop',
    n,
    key: `k${n}`,
    start,
    end,
    durationS: (end - start) / 1000,
    lat,
    lon,
    radiusM: 100,
    origin: ['detected'],
    sources: ['truck'],
    evidence: [],
  };
}

function pin(lat: number, lon: number, window?: TestimonyPin['window']): TestimonyPin {
  return {
    id: 'p1',
    hearingId: 'h1',
    lat,
    lon,
    label: 'Farm',
    note: '',
    confidence: 'likely',
    indicatedBy: '',
    indicatedAt: T0,
    ...(window ? { window } : {}),
  };
}

// Jabbeke, a motorway car park near Brugge, and Gent.
const STOPS = [
  stop(1, 51.0543, 3.7174, T0, T0 + H),
  stop(2, 51.1814, 3.0953, T0 + 2 * H, T0 + 3 * H),
  stop(3, 51.2093, 3.2247, T0 + 4 * H, T0 + 5 * H),
];

describe('comparing a pin with the device stops', () => {
  it('finds the nearest stop and its distance', () => {
    const cmp = compareWithStops(pin(51.19, 3.1), STOPS);
    expect(cmp?.stopN).toBe(2);
    expect(cmp?.stopKey).toBe('k2');
    // 0.0086° of latitude and 0.0047° of longitude at 51° N: about 1.1 km.
    expect(cmp!.distanceM).toBeGreaterThan(1000);
    expect(cmp!.distanceM).toBeLessThan(1100);
    expect(cmp?.overlap).toBe('unknown');
  });

  it('skips excluded stops and answers null without stops', () => {
    const excluded = STOPS.map((s) => (s.n === 2 ? { ...s, excluded: true } : s));
    expect(compareWithStops(pin(51.19, 3.1), excluded)?.stopN).toBe(3);
    expect(compareWithStops(pin(51.19, 3.1), [])).toBeNull();
  });

  it('tells whether the witness window overlaps the stop', () => {
    const s = STOPS[1]!;
    expect(timeOverlap(pin(0, 0, { start: T0 + 2.5 * H, description: '' }), s).overlap).toBe(
      'overlaps',
    );
    // Only an end: everything before it.
    expect(timeOverlap(pin(0, 0, { end: T0 + 2.1 * H, description: '' }), s).overlap).toBe(
      'overlaps',
    );
    const before = timeOverlap(pin(0, 0, { start: T0, end: T0 + H, description: '' }), s);
    expect(before).toEqual({ overlap: 'disjoint', gapMs: H });
    const after = timeOverlap(pin(0, 0, { start: T0 + 4 * H, description: '' }), s);
    expect(after).toEqual({ overlap: 'disjoint', gapMs: H });
    expect(timeOverlap(pin(0, 0, { description: 'at night' }), s).overlap).toBe('unknown');
    // Reversed ends are read as the same window.
    expect(
      timeOverlap(pin(0, 0, { start: T0 + 3 * H, end: T0 + 2 * H, description: '' }), s).overlap,
    ).toBe('overlaps');
  });

  it('measures sketches and pin to pin', () => {
    expect(pathLengthM([])).toBe(0);
    expect(pathLengthM([[3, 51]])).toBe(0);
    // One degree of latitude is about 111.2 km.
    const len = pathLengthM([
      [3, 50],
      [3, 51],
      [3, 52],
    ]);
    expect(len).toBeGreaterThan(222_000);
    expect(len).toBeLessThan(223_000);
    expect(pinDistanceM({ lat: 50, lon: 3 }, { lat: 51, lon: 3 })).toBeCloseTo(len / 2, 0);
  });
});

describe('wall times in the display zone', () => {
  it('reads and writes the zone’s wall clock, not the host’s', () => {
    const t = Date.UTC(2024, 6, 1, 12, 30);
    expect(wallMinute(t, 'Europe/Brussels')).toBe('2024-07-01T14:30');
    expect(wallMinuteToUtc('2024-07-01T14:30', 'Europe/Brussels')).toBe(t);
    expect(wallMinuteToUtc('2024-07-01T14:30', 'UTC')).toBe(Date.UTC(2024, 6, 1, 14, 30));
    expect(wallMinuteToUtc('2024-02-30T14:30', 'UTC')).toBeNull();
    expect(wallMinuteToUtc('yesterday', 'UTC')).toBeNull();
  });
});

describe('the interview map request', () => {
  const testimony: Testimony = {
    hearings: [
      {
        id: 'h1',
        reference: 'PV 2026/0042',
        witness: 'W. One',
        interviewer: 'Insp. De Smet',
        startedAt: T0,
        locale: 'nl',
      },
      {
        id: 'h2',
        reference: 'PV 2026/0043',
        witness: 'W. Two',
        interviewer: 'Insp. Peeters',
        startedAt: T0 + H,
        locale: 'fr',
      },
    ],
    pins: [
      pin(51.19, 3.1),
      { ...pin(51, 3), id: 'p2', hearingId: 'h2', indicatedBy: 'interpreter' },
    ],
    sketches: [
      {
        id: 's1',
        hearingId: 'h2',
        label: '',
        note: '',
        points: [
          [3, 51],
          [3.1, 51.1],
        ],
        confidence: 'uncertain',
        indicatedAt: T0,
      },
    ],
  };

  it('carries one hearing only, crediting unattributed pins to its witness', () => {
    const one = testimonyOfHearing(testimony, 'h1');
    expect(one.hearings.map((h) => h.id)).toEqual(['h1']);
    expect(one.pins).toHaveLength(1);
    expect(one.pins[0]!.indicatedBy).toBe('W. One');
    expect(one.sketches).toHaveLength(0);
    const two = testimonyOfHearing(testimony, 'h2');
    expect(two.pins[0]!.indicatedBy).toBe('interpreter');
    expect(two.sketches).toHaveLength(1);
  });

  it('is an interview exhibit in the hearing’s language with its reference', () => {
    const request = buildInterviewRequest({
      sources: [],
      settings: defaultTimelineSettings(),
      testimony,
      hearingId: 'h1',
      displayZone: 'Europe/Brussels',
      basemapId: 'world',
      showDeviceEvidence: false,
    });
    expect(request.kind).toBe('interview');
    expect(request.hearingId).toBe('h1');
    expect(request.options.locale).toBe('nl');
    expect(request.options.title).toBe('Verhoorkaart');
    expect(request.options.caseReference).toBe('PV 2026/0042');
    expect(request.options.author).toBe('Insp. De Smet');
    expect(request.options.displayZone).toBe('Europe/Brussels');
    expect(request.options.show.testimony).toBe(true);
    expect(request.options.show.route).toBe(false);
    expect(request.testimony?.pins.map((p) => p.id)).toEqual(['p1']);
    expect(request.basemapId).toBe('world');
    expect(() =>
      buildInterviewRequest({
        sources: [],
        settings: defaultTimelineSettings(),
        testimony,
        hearingId: 'nope',
        displayZone: 'UTC',
        showDeviceEvidence: true,
      }),
    ).toThrow(/no hearing/);
  });

  it('suggests a safe file name', () => {
    expect(interviewExportName(testimony.hearings[0]!, 'pdf')).toBe(
      'PV 2026-0042 - interview map.pdf',
    );
    expect(interviewExportName({ ...testimony.hearings[0]!, reference: ' ' }, 'pdf')).toBe(
      'interview map 2024-04-16.pdf',
    );
  });
});
