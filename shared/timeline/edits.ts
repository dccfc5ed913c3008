/**
 * The examiner's edits, applied in order after derivation. Stops are addressed by their stable
 * key; an edit whose stop no longer exists is logged as not applied, never silently ignored.
 */
import { haversineM } from '../geo/distance';
import { fnv1a } from './key';
import { evidenceTime, sortEvidence } from './merge';
import { compareStrings } from './settings';
import { lowerBound, type SourceTrack } from './track';
import type { EvidenceRef, TimelineEdit, TimelineEditLogEntry, TimelineStop } from './types';

export type EditLogEntry = TimelineEditLogEntry;

export function applyEdits(
  stops: readonly TimelineStop[],
  edits: readonly TimelineEdit[],
  tracks: ReadonlyMap<string, SourceTrack>,
): { stops: TimelineStop[]; log: EditLogEntry[] } {
  let list = stops.map((s) => ({ ...s }));
  const log: EditLogEntry[] = [];
  edits.forEach((edit, index) => {
    const fail = (reason: string) => log.push({ index, kind: edit.kind, applied: false, reason });
    if (edit.kind === 'merge') {
      const members = list.filter((s) => edit.stopKeys.includes(s.key));
      if (members.length < 2) return fail('fewer than two of the stops exist');
      const start = Math.min(...members.map((s) => s.start));
      const end = Math.max(...members.map((s) => s.end));
      // Stops lying between the merged ones are absorbed, so the chronology stays non-overlapping.
      const absorbed = list.filter((s) => s.start < end && s.end > start);
      const all = [...new Set([...members, ...absorbed])].sort((a, b) => a.start - b.start);
      const merged = mergeStops(all);
      list = list.filter((s) => !all.includes(s));
      list.push(merged);
      list.sort((a, b) => a.start - b.start);
    } else {
      const i = list.findIndex((s) => s.key === edit.stopKey);
      if (i < 0) return fail(`no stop ${edit.stopKey}`);
      const stop = list[i]!;
      if (edit.kind === 'label') stop.label = edit.label;
      else if (edit.kind === 'note') stop.note = edit.note;
      else if (edit.kind === 'exclude') {
        if (edit.excluded) stop.excluded = true;
        else delete stop.excluded;
      } else {
        if (!(edit.atT > stop.start && edit.atT < stop.end))
          return fail('split time is not inside the stop');
        list.splice(i, 1, ...splitStop(stop, edit.atT, tracks));
      }
    }
    log.push({ index, kind: edit.kind, applied: true });
  });
  return { stops: list, log };
}

function mergeStops(all: TimelineStop[]): TimelineStop {
  const first = all[0]!;
  let w = 0;
  let sy = 0;
  let sx = 0;
  for (const s of all) {
    const weight = s.end - s.start + 1000;
    w += weight;
    sy += s.lat * weight;
    sx += s.lon * weight;
  }
  const lat = sy / w;
  const lon = sx / w;
  const start = Math.min(...all.map((s) => s.start));
  const end = Math.max(...all.map((s) => s.end));
  const merged: TimelineStop = {
    ...first,
    start,
    end,
    durationS: (end - start) / 1000,
    lat,
    lon,
    radiusM: Math.round(
      Math.max(...all.map((s) => s.radiusM + haversineM(lat, lon, s.lat, s.lon))),
    ),
    origin: [...new Set(all.flatMap((s) => s.origin))],
    sources: [...new Set(all.flatMap((s) => s.sources))].sort(compareStrings),
    evidence: sortEvidence(all.flatMap((s) => s.evidence)),
  };
  const labels = all.map((s) => s.label).filter((l): l is string => l !== undefined);
  if (labels.length > 0) merged.label = labels[0]!;
  const notes = all.map((s) => s.note).filter((n): n is string => n !== undefined);
  if (notes.length > 0) merged.note = notes.join('\n');
  return merged;
}

function splitStop(
  stop: TimelineStop,
  atT: number,
  tracks: ReadonlyMap<string, SourceTrack>,
): TimelineStop[] {
  const half = (start: number, end: number, key: string): TimelineStop => {
    const evidence: EvidenceRef[] = [];
    for (const e of stop.evidence) {
      if (e.kind === 'fixes') {
        const s = Math.max(e.start, start);
        const t = Math.min(e.end, end);
        if (s > t) continue;
        const track = tracks.get(e.sourceId);
        const count = track
          ? lowerBound(track.t, track.count, t + 0.5) - lowerBound(track.t, track.count, s)
          : e.count;
        evidence.push({ ...e, start: s, end: t, count });
      } else if (e.kind === 'reported-stop') evidence.push(e);
      else {
        const t = evidenceTime(e);
        if (t >= start && t <= end) evidence.push(e);
        else if (e.kind === 'silence' && e.after >= start && e.before <= end) evidence.push(e);
      }
    }
    const position = meanPosition(stop.sources, start, end, tracks) ?? stop;
    return {
      ...stop,
      key,
      start,
      end,
      durationS: (end - start) / 1000,
      lat: position.lat,
      lon: position.lon,
      evidence,
    };
  };
  return [
    half(stop.start, atT, stop.key),
    half(atT, stop.end, `${stop.key}.${fnv1a(`split|${Math.round(atT)}`)}`),
  ];
}

function meanPosition(
  sources: readonly string[],
  start: number,
  end: number,
  tracks: ReadonlyMap<string, SourceTrack>,
): { lat: number; lon: number } | null {
  let n = 0;
  let sy = 0;
  let sx = 0;
  for (const id of sources) {
    const track = tracks.get(id);
    if (!track) continue;
    for (let i = lowerBound(track.t, track.count, start); i < track.count; i++) {
      if (track.t[i]! > end) break;
      sy += track.lat[i]!;
      sx += track.lon[i]!;
      n++;
    }
  }
  return n > 0 ? { lat: sy / n, lon: sx / n } : null;
}
