/**
 * Stops of one or several sources that overlap in time (touching counts) and lie within
 * `mergeRadiusM` become one stop listing every source and every evidence item. Stops that
 * overlap in time but not in place cannot both be true: the stronger claim (see ORIGIN_RANK,
 * then the longer stay) stays in the chronology, the other is kept as `contested` with a
 * conflict naming both — never dropped silently.
 */
import { haversineM } from '../geo/distance';
import { ORIGIN_RANK, type StopCandidate } from './candidate';
import { stopKeyOf } from './key';
import { compareStrings } from './settings';
import type { EvidenceRef, StopOrigin, TimelineStop } from './types';

export function compareCandidates(a: StopCandidate, b: StopCandidate): number {
  return (
    a.start - b.start ||
    a.end - b.end ||
    compareStrings(a.sourceId, b.sourceId) ||
    ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin] ||
    a.lat - b.lat ||
    a.lon - b.lon
  );
}

export function mergeCandidates(
  candidates: readonly StopCandidate[],
  mergeRadiusM: number,
): TimelineStop[] {
  const sorted = [...candidates].sort(compareCandidates);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  let active: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (active.length > 32) active = active.filter((a) => sorted[a]!.end >= c.start);
    for (const a of active) {
      const o = sorted[a]!;
      if (o.end < c.start) continue;
      if (haversineM(o.lat, o.lon, c.lat, c.lon) <= mergeRadiusM) {
        const ra = find(a);
        const rc = find(i);
        if (ra !== rc) parent[Math.max(ra, rc)] = Math.min(ra, rc);
      }
    }
    active.push(i);
  }
  const groups = new Map<number, StopCandidate[]>();
  for (let i = 0; i < sorted.length; i++) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(sorted[i]!);
  }
  return [...groups.values()].map(stopFromMembers);
}

/** One stop from merged candidates (`members` sorted by compareCandidates). */
export function stopFromMembers(members: readonly StopCandidate[]): TimelineStop {
  const first = members[0]!;
  let start = Infinity;
  let end = -Infinity;
  let bestRank = Infinity;
  for (const m of members) {
    start = Math.min(start, m.start);
    end = Math.max(end, m.end);
    bestRank = Math.min(bestRank, ORIGIN_RANK[m.origin]);
  }
  // The position of the strongest claims, weighted by how long each lasted.
  let w = 0;
  let sy = 0;
  let sx = 0;
  const lon0 = first.lon;
  let radiusM = 0;
  for (const m of members) {
    if (ORIGIN_RANK[m.origin] !== bestRank) continue;
    const weight = m.end - m.start + 1000;
    w += weight;
    sy += m.lat * weight;
    let dx = m.lon - lon0;
    if (dx > 180) dx -= 360;
    else if (dx < -180) dx += 360;
    sx += dx * weight;
  }
  const lat = sy / w;
  let lon = lon0 + sx / w;
  if (lon > 180) lon -= 360;
  else if (lon < -180) lon += 360;
  for (const m of members)
    radiusM = Math.max(radiusM, m.radiusM, haversineM(lat, lon, m.lat, m.lon));
  const origin = [...new Set(members.map((m) => m.origin))].sort(
    (a, b) => ORIGIN_RANK[a] - ORIGIN_RANK[b],
  );
  const sources = [...new Set(members.map((m) => m.sourceId))].sort(compareStrings);
  return {
    type: 'stop',
    n: 0,
    key: stopKeyOf(first.sourceId, first.start),
    start,
    end,
    durationS: (end - start) / 1000,
    lat,
    lon,
    radiusM: Math.round(radiusM),
    origin,
    sources,
    evidence: sortEvidence(members.flatMap((m) => m.evidence)),
  };
}

export function evidenceTime(e: EvidenceRef): number {
  switch (e.kind) {
    case 'fixes':
      return e.start;
    case 'silence':
      return e.before;
    case 'event':
    case 'photo':
      return e.t;
    case 'reported-stop':
      return -Infinity;
  }
}

export function sortEvidence(evidence: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  const out: EvidenceRef[] = [];
  for (const e of evidence) {
    const id = JSON.stringify(e);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(e);
  }
  return out.sort(
    (a, b) =>
      evidenceTime(a) - evidenceTime(b) ||
      compareStrings(a.sourceId, b.sourceId) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(JSON.stringify(a), JSON.stringify(b)),
  );
}

export function stopRank(stop: TimelineStop): number {
  return Math.min(...stop.origin.map((o: StopOrigin) => ORIGIN_RANK[o]));
}

export interface Resolved {
  accepted: TimelineStop[];
  contested: { stop: TimelineStop; against: TimelineStop }[];
}

/** Greedy by strength: a stop is accepted when it overlaps no accepted stop (touching is fine). */
export function resolveOverlaps(stops: readonly TimelineStop[]): Resolved {
  const byStrength = [...stops].sort(
    (a, b) =>
      stopRank(a) - stopRank(b) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      compareStrings(a.key, b.key),
  );
  const accepted: TimelineStop[] = []; // kept sorted by start
  const contested: Resolved['contested'] = [];
  for (const s of byStrength) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (accepted[mid]!.start < s.start) lo = mid + 1;
      else hi = mid;
    }
    const before = accepted[lo - 1];
    const after = accepted[lo];
    const clash =
      before && before.end > s.start ? before : after && after.start < s.end ? after : undefined;
    // Same start: only a zero-length stop can sit before the other without overlapping it.
    const same = after && after.start === s.start && s.end > s.start ? after : undefined;
    const against = clash ?? same;
    if (against) contested.push({ stop: s, against });
    else accepted.splice(lo, 0, s);
  }
  return { accepted, contested };
}
