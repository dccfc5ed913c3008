import { describe, expect, it } from 'vitest';
import { ExhibitRequestSchema } from '../../../shared/api';
import { buildInterviewRequest } from '../../../shared/testimony/interview-request';
import { INTERVIEW_REQUEST_FIELDS, TestimonySchema } from '../../../shared/testimony/schema';
import type { Testimony } from '../../../shared/testimony/types';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';

const testimony: Testimony = {
  hearings: [
    {
      id: 'h1',
      reference: 'PV 1',
      witness: 'W',
      interviewer: 'I',
      startedAt: Date.UTC(2026, 10, 28, 9),
      locale: 'fr',
    },
  ],
  pins: [
    {
      id: 'p1',
      hearingId: 'h1',
      lat: 51.18,
      lon: 3.09,
      label: 'Ferme',
      note: '',
      confidence: 'uncertain',
      indicatedBy: 'W',
      indicatedAt: Date.UTC(2026, 10, 28, 9, 5),
      uncertaintyM: 300,
      window: { start: Date.UTC(2026, 9, 1, 20), description: 'un soir' },
    },
  ],
  sketches: [
    {
      id: 's1',
      hearingId: 'h1',
      label: '',
      note: '',
      points: [
        [3, 51],
        [3.1, 51.1],
      ],
      confidence: 'likely',
      indicatedAt: 0,
    },
  ],
};

describe('the testimony schema', () => {
  it('accepts what the slice records and rejects what it never would', () => {
    expect(TestimonySchema.safeParse(testimony).success).toBe(true);
    const bad = (patch: object) =>
      TestimonySchema.safeParse({ ...testimony, pins: [{ ...testimony.pins[0]!, ...patch }] })
        .success;
    expect(bad({ lat: 91 })).toBe(false);
    expect(bad({ confidence: 'sure' })).toBe(false);
    expect(bad({ indicatedAt: Number.NaN })).toBe(false);
    expect(bad({ extra: 1 })).toBe(false);
    expect(bad({ uncertaintyM: -5 })).toBe(false);
  });

  it('lets the exhibit request schema take an interview request once extended', () => {
    const request = buildInterviewRequest({
      sources: [],
      settings: defaultTimelineSettings(),
      testimony,
      hearingId: 'h1',
      displayZone: 'Europe/Brussels',
      showDeviceEvidence: true,
    });
    const extended = ExhibitRequestSchema.extend(INTERVIEW_REQUEST_FIELDS);
    expect(extended.safeParse(request).success).toBe(true);
    expect(extended.safeParse({ ...request, kind: 'other' }).success).toBe(false);
  });
});
