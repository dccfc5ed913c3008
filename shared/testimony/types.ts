/**
 * What a witness or victim said during a hearing (issue 9). Testimony is its own kind of
 * evidence: it is drawn in its own colour and compared with device evidence, never merged into
 * it — a stop is never created, moved or confirmed by a pin.
 */

/** How sure the witness was, in their own words as the interviewer recorded them. */
export type PinConfidence = 'certain' | 'likely' | 'uncertain';

/** One hearing: who was heard, by whom, when, under which reference. */
export interface Hearing {
  id: string;
  /** The hearing's reference (pro justitia / PV number), printed on the interview map. */
  reference: string;
  witness: string;
  interviewer: string;
  /** Start of the hearing, UTC ms. */
  startedAt: number;
  /** Language the hearing was held in (the interview screen's language). */
  locale: 'en' | 'nl' | 'fr' | 'de';
}

export interface TestimonyPin {
  id: string;
  hearingId: string;
  lat: number;
  lon: number;
  label: string;
  note: string;
  confidence: PinConfidence;
  /** Who pointed the place out (the witness, or e.g. an interpreter on their behalf). */
  indicatedBy: string;
  /** When the pin was placed or last moved during the hearing, UTC ms. */
  indicatedAt: number;
  /** How far off the place could be, metres, when the witness said so. */
  uncertaintyM?: number;
  /** When the witness says they were there, UTC ms; either end may be unknown. */
  window?: { start?: number; end?: number; description: string };
}

/** A route as the witness describes it: an ordered line of points, with what they said of it. */
export interface TestimonySketch {
  id: string;
  hearingId: string;
  label: string;
  note: string;
  /** [lon, lat] pairs in the order the witness gave them. */
  points: [number, number][];
  confidence: PinConfidence;
  indicatedAt: number;
}

export interface Testimony {
  hearings: Hearing[];
  pins: TestimonyPin[];
  sketches: TestimonySketch[];
}

export const EMPTY_TESTIMONY: Testimony = { hearings: [], pins: [], sketches: [] };
