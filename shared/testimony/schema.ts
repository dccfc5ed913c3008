/**
 * Validation of testimony arriving over IPC (an interview exhibit request) or from a case file:
 * the same shapes as types.ts, checked whole, with bounds on sizes so a request cannot ask the
 * Node side to hold an absurd amount of text.
 */
import { z } from 'zod';
import type { Testimony } from './types';

const Text = z.string().max(2000);
const Id = z.string().min(1).max(200);
const Time = z.number().finite();
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
const Confidence = z.enum(['certain', 'likely', 'uncertain']);

export const HearingSchema = z
  .object({
    id: Id,
    reference: Text,
    witness: Text,
    interviewer: Text,
    startedAt: Time,
    locale: z.enum(['en', 'nl', 'fr', 'de']),
  })
  .strict();

export const TestimonyPinSchema = z
  .object({
    id: Id,
    hearingId: Id,
    lat: Lat,
    lon: Lon,
    label: Text,
    note: z.string().max(20_000),
    confidence: Confidence,
    indicatedBy: Text,
    indicatedAt: Time,
    uncertaintyM: z.number().nonnegative().max(1_000_000).optional(),
    window: z
      .object({ start: Time.optional(), end: Time.optional(), description: Text })
      .strict()
      .optional(),
  })
  .strict();

export const TestimonySketchSchema = z
  .object({
    id: Id,
    hearingId: Id,
    label: Text,
    note: z.string().max(20_000),
    points: z.array(z.tuple([Lon, Lat])).max(10_000),
    confidence: Confidence,
    indicatedAt: Time,
  })
  .strict();

export const TestimonySchema = z
  .object({
    hearings: z.array(HearingSchema).max(1000),
    pins: z.array(TestimonyPinSchema).max(10_000),
    sketches: z.array(TestimonySketchSchema).max(1000),
  })
  .strict();

/**
 * What `ExhibitRequestSchema` (shared/api.ts) should accept besides its current keys, for
 * interview maps: `{ ...shape, ...INTERVIEW_REQUEST_FIELDS }`.
 */
export const INTERVIEW_REQUEST_FIELDS = {
  testimony: TestimonySchema.optional(),
  kind: z.enum(['route', 'interview']).optional(),
  hearingId: Id.optional(),
} as const;

// Fails the type check if the schema and the contract in types.ts drift apart.
const testimonyMatch: Testimony extends z.infer<typeof TestimonySchema>
  ? z.infer<typeof TestimonySchema> extends Testimony
    ? true
    : false
  : false = true;
void testimonyMatch;
