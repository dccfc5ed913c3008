/** Small hand-made case documents for the case-file tests. */
import type { ImportedSource } from '../../../shared/api';
import { appendAudit } from '../../../shared/case/audit';
import { newCaseDocument, type CaseDocument } from '../../../shared/case/format';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import { nodeSha256 } from '../../../electron/services/case-identity';

export const T0 = Date.UTC(2024, 5, 1, 8, 0, 0);

/** A track source of `n` fixes with every optional column, NaN gaps and a photo with NaN times. */
export function sampleSource(id: string, n: number, seed = 1): ImportedSource {
  const t = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const ele = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * 1000 + seed;
    lat[i] = 51 + i * 1e-5 + seed * 1e-3;
    lon[i] = 3 + i * 2e-5;
    ele[i] = i % 7 === 0 ? NaN : 10 + (i % 13);
  }
  if (n > 2) t[1] = NaN;
  const fixTimeBasis = new Uint8Array(n).fill(1);
  return {
    id,
    kind: 'tracker',
    format: 'gpx',
    formatDetail: 'GPX 1.1',
    label: `${id}.gpx`,
    files: [{ name: `${id}.gpx`, path: `/nowhere/${id}.gpx`, size: 1234, sha256: 'ab'.repeat(32) }],
    clock: { offsetMs: 0 },
    fixes: { count: n, t, lat, lon, ele },
    fixTimeBasis,
    parts: [{ kind: 'track', name: 'Track 1', segments: [{ start: 0, end: n }] }],
    waypoints: [{ name: 'W', lat: 51, lon: 3, t: NaN, timeBasis: 'none', line: 4 }],
    stats: {
      points: n,
      tracks: 1,
      segments: 1,
      routes: 0,
      waypoints: 1,
      first: n > 0 ? T0 : null,
      last: n > 0 ? T0 + (n - 1) * 1000 : null,
      timeBases: { utc: n },
    },
    issues: [
      { file: `${id}.gpx`, line: 3, column: 1, severity: 'warning', code: 'gpx.x', message: 'x' },
    ],
    fixCells: new Int32Array([1, -1, 2]),
    photos: [
      {
        fileIndex: 0,
        t: NaN,
        timeBasis: 'none',
        shutterT: NaN,
        gpsT: -0,
        raw: { dateTimeOriginal: '2024:06:01 10:00:00' },
        container: 'jpeg',
      },
    ],
  };
}

export function sampleCase(fixes = 1000): CaseDocument {
  const doc = newCaseDocument({ caseId: 'case-1', title: 'Sample', at: T0 });
  doc.sources.push(sampleSource('a', fixes, 1), sampleSource('b', Math.floor(fixes / 3), 2));
  doc.timeline = defaultTimelineSettings('Europe/Brussels');
  doc.annotations.push({
    kind: 'pin',
    lat: 51,
    lon: 3,
    text: 'here',
    $ref: 'odd key',
    list: [1, undefined, 3],
  });
  doc.testimony.push({ kind: 'statement', witness: 'W1', at: T0 });
  doc.exhibits.push({ kind: 'manifest', files: [{ name: 'x.pdf', sha256: 'cd'.repeat(32) }] });
  doc.audit = appendAudit(
    doc.audit,
    {
      action: 'create',
      details: { title: 'Sample' },
      account: 'tester',
      software: 'Itinera test',
      at: T0,
    },
    nodeSha256,
  );
  return doc;
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  // A fresh, zero-offset buffer, as the file reader gives.
  const out = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
