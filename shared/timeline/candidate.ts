/** A stop as one piece of evidence proposes it, before stops of several sources are merged. */
import type { EvidenceRef, StopOrigin } from './types';

export interface StopCandidate {
  sourceId: string;
  origin: StopOrigin;
  start: number;
  end: number;
  lat: number;
  lon: number;
  radiusM: number;
  evidence: EvidenceRef[];
}

/** Strongest claim first: what a source stated outranks what is inferred from its fixes. */
export const ORIGIN_RANK: Readonly<Record<StopOrigin, number>> = {
  reported: 0,
  ignition: 1,
  detected: 2,
  silence: 3,
  photos: 4,
};
