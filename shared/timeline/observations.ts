/** Every included source's observations in one time order (ties by source order), columnar. */
import type { SourceTrack } from './track';

export interface ObservationStream {
  count: number;
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  accuracyM: Float64Array;
  /** Index into the tracks array the stream was built from. */
  source: Int32Array;
  /** Index into that track. */
  at: Int32Array;
}

export function mergeTracks(tracks: readonly SourceTrack[]): ObservationStream {
  const count = tracks.reduce((n, tr) => n + tr.count, 0);
  const out: ObservationStream = {
    count,
    t: new Float64Array(count),
    lat: new Float64Array(count),
    lon: new Float64Array(count),
    accuracyM: new Float64Array(count),
    source: new Int32Array(count),
    at: new Int32Array(count),
  };
  const pos = new Int32Array(tracks.length);
  for (let k = 0; k < count; k++) {
    let best = -1;
    let bestT = Infinity;
    for (let s = 0; s < tracks.length; s++) {
      const p = pos[s]!;
      const tr = tracks[s]!;
      if (p < tr.count && tr.t[p]! < bestT) {
        bestT = tr.t[p]!;
        best = s;
      }
    }
    const tr = tracks[best]!;
    const p = pos[best]!++;
    out.t[k] = bestT;
    out.lat[k] = tr.lat[p]!;
    out.lon[k] = tr.lon[p]!;
    out.accuracyM[k] = tr.accuracyM[p]!;
    out.source[k] = best;
    out.at[k] = p;
  }
  return out;
}
