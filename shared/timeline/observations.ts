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

/**
 * A k-way merge of the sorted tracks. After picking the source with the earliest head, the whole
 * run of that source up to the next-earliest head of any other source is copied at once, so the
 * per-observation cost does not grow with the number of sources.
 */
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
  const S = tracks.length;
  const pos = new Int32Array(S);
  let k = 0;
  while (k < count) {
    // The earliest head (ties to the lower source index) and the earliest head among the others.
    let best = -1;
    let bestT = Infinity;
    let next = -1;
    let nextT = Infinity;
    for (let s = 0; s < S; s++) {
      const tr = tracks[s]!;
      const p = pos[s]!;
      if (p >= tr.count) continue;
      const ts = tr.t[p]!;
      if (ts < bestT) {
        next = best;
        nextT = bestT;
        best = s;
        bestT = ts;
      } else if (ts < nextT) {
        next = s;
        nextT = ts;
      }
    }
    const tr = tracks[best]!;
    const from = pos[best]!;
    // Take from `best` while it stays ahead; on a tie the lower source index goes first.
    let to = from + 1;
    const tt = tr.t;
    if (next < 0) to = tr.count;
    else if (best < next) while (to < tr.count && tt[to]! <= nextT) to++;
    else while (to < tr.count && tt[to]! < nextT) to++;
    const len = to - from;
    if (len > 64) {
      out.t.set(tt.subarray(from, to), k);
      out.lat.set(tr.lat.subarray(from, to), k);
      out.lon.set(tr.lon.subarray(from, to), k);
      out.accuracyM.set(tr.accuracyM.subarray(from, to), k);
      out.source.fill(best, k, k + len);
      for (let i = 0; i < len; i++) out.at[k + i] = from + i;
    } else {
      // Interleaved sources give runs of one or two: a plain loop beats creating views.
      const { lat, lon, accuracyM } = tr;
      for (let p = from, o = k; p < to; p++, o++) {
        out.t[o] = tt[p]!;
        out.lat[o] = lat[p]!;
        out.lon[o] = lon[p]!;
        out.accuracyM[o] = accuracyM[p]!;
        out.source[o] = best;
        out.at[o] = p;
      }
    }
    pos[best] = to;
    k += len;
  }
  return out;
}
