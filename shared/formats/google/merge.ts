/**
 * Several files of one Google export (every monthly Semantic Location History file, or
 * Records.json with the semantic files) as one result. Overlapping records are de-duplicated:
 * - a timed fix whose time and position already appeared (in any earlier file, or earlier in the
 *   same file) — Semantic files repeat Records.json's raw points in `simplifiedRawPath`;
 * - a visit or activity segment identical to an earlier one (same times, place or activity,
 *   positions) — exports overlap at month ends and re-exports repeat whole months; a dropped
 *   movement's path points go with it.
 * The counts are reported in one info issue. Fix order is kept (file by file); part segments and
 * movement paths are re-indexed to the surviving fixes; stops and movements are sorted by start.
 */
import type { FixRange, ImportIssue, ReportedMovement, ReportedStop, TrackPart } from '../../model';
import { FixColumnsBuilder } from '../columns';
import type { ReaderResult } from '../reader';

export interface MergeOptions {
  /** Names the merged export in the merge's own issue (the files keep their own names). */
  label?: string;
}

const stopKey = (s: ReportedStop): string =>
  `${s.start}|${s.end}|${s.lat}|${s.lon}|${s.placeId ?? ''}|${s.name ?? ''}`;
const movementKey = (m: ReportedMovement): string =>
  `${m.start}|${m.end}|${m.activity ?? ''}|${m.startLat}|${m.startLon}|${m.endLat}|${m.endLon}`;

const byStart = (a: { start: number }, b: { start: number }): number =>
  (Number.isNaN(a.start) ? Infinity : a.start) - (Number.isNaN(b.start) ? Infinity : b.start) || 0;

/** Times that occur more than once over all results (a native sort, no per-fix key). */
function repeatedTimes(results: readonly ReaderResult[]): Set<number> {
  let n = 0;
  for (const r of results) n += r.fixes.count;
  const all = new Float64Array(n);
  let o = 0;
  for (const r of results) {
    all.set(r.fixes.t.subarray(0, r.fixes.count), o);
    o += r.fixes.count;
  }
  all.sort();
  const repeated = new Set<number>();
  for (let i = 1; i < n; i++)
    if (all[i] === all[i - 1] && !Number.isNaN(all[i]!)) repeated.add(all[i]!);
  return repeated;
}

export function mergeGoogleResults(
  results: readonly ReaderResult[],
  opts: MergeOptions = {},
): ReaderResult {
  const repeated = repeatedTimes(results);
  const seenFix = new Set<string>();
  const seenStop = new Set<string>();
  const seenMove = new Set<string>();
  const out = new FixColumnsBuilder(
    Math.max(
      16,
      results.reduce((a, r) => a + r.fixes.count, 0),
    ),
  );
  const parts: TrackPart[] = [];
  const stops: ReportedStop[] = [];
  const movements: ReportedMovement[] = [];
  const waypoints: ReaderResult['waypoints'] = [];
  const seenWaypoint = new Set<string>();
  const issues: ImportIssue[] = [];
  const events: NonNullable<ReaderResult['events']> = [];
  const needs: NonNullable<ReaderResult['needs']> = [];
  const devices: string[] = [];
  const formats: string[] = [];
  const details: string[] = [];
  let droppedFixes = 0;
  let droppedPathFixes = 0;
  let droppedStops = 0;
  let droppedMovements = 0;
  let droppedWaypoints = 0;

  for (const r of results) {
    const f = r.fixes;
    const n = f.count;
    // Fixes belonging to a movement dropped as a repeat go with it.
    const dropPath = new Uint8Array(n);
    const keptMovements: ReportedMovement[] = [];
    for (const m of r.reportedMovements ?? []) {
      const key = movementKey(m);
      if (seenMove.has(key)) {
        droppedMovements++;
        if (m.path) dropPath.fill(1, m.path.start, m.path.end);
        continue;
      }
      seenMove.add(key);
      keptMovements.push(m);
    }
    // before[i] = surviving fixes of this result before fix i.
    const before = new Uint32Array(n + 1);
    const base = out.count;
    for (let i = 0; i < n; i++) {
      before[i] = out.count - base;
      const t = f.t[i]!;
      let keep = dropPath[i] === 0;
      if (keep && repeated.has(t)) {
        const key = `${t}|${f.lat[i]}|${f.lon[i]}`;
        if (seenFix.has(key)) keep = false;
        else seenFix.add(key);
      }
      if (!keep) {
        if (dropPath[i] === 1) droppedPathFixes++;
        else droppedFixes++;
        continue;
      }
      const j = out.push(t, f.lat[i]!, f.lon[i]!, r.fixTimeBasis[i]!);
      if (f.ele) out.set('ele', j, f.ele[i]!);
      if (f.accuracyM) out.set('accuracyM', j, f.accuracyM[i]!);
      if (f.speedMps) out.set('speedMps', j, f.speedMps[i]!);
      if (f.headingDeg) out.set('headingDeg', j, f.headingDeg[i]!);
    }
    before[n] = out.count - base;
    const remap = (range: FixRange): FixRange | undefined => {
      const start = base + before[range.start]!;
      const end = base + before[range.end]!;
      return end > start ? { start, end } : undefined;
    };
    for (const p of r.parts) {
      const segments = p.segments.map(remap).filter((s): s is FixRange => s !== undefined);
      if (segments.length > 0) parts.push({ ...p, segments });
    }
    for (const m of keptMovements) {
      const copy: ReportedMovement = { ...m };
      delete copy.path;
      const path = m.path ? remap(m.path) : undefined;
      if (path) copy.path = path;
      movements.push(copy);
    }
    for (const s of r.reportedStops ?? []) {
      const key = stopKey(s);
      if (seenStop.has(key)) {
        droppedStops++;
        continue;
      }
      seenStop.add(key);
      stops.push(s);
    }
    for (const w of r.waypoints) {
      const key = `${w.name ?? ''}|${w.lat}|${w.lon}|${w.t}`;
      if (seenWaypoint.has(key)) {
        droppedWaypoints++;
        continue;
      }
      seenWaypoint.add(key);
      waypoints.push(w);
    }
    issues.push(...r.issues);
    if (r.events) events.push(...r.events);
    if (r.needs) needs.push(...r.needs);
    for (const d of (r.device ?? '').split(', ')) if (d && !devices.includes(d)) devices.push(d);
    if (r.readable) {
      if (!formats.includes(r.format)) formats.push(r.format);
      if (r.formatDetail && !details.includes(r.formatDetail)) details.push(r.formatDetail);
    }
  }

  const dropped =
    droppedFixes + droppedPathFixes + droppedStops + droppedMovements + droppedWaypoints;
  if (results.length > 1 || dropped > 0) {
    issues.push({
      file: opts.label ?? 'Google export',
      severity: 'info',
      code: 'google.merge.duplicates',
      message:
        `${results.length} file(s) read as one export; repeated records dropped: ` +
        `${droppedFixes} fix(es) (same time and position), ${droppedStops} visit(s), ` +
        `${droppedMovements} activity segment(s) (with their ${droppedPathFixes} path point(s)), ` +
        `${droppedWaypoints} place(s)`,
    });
  }
  stops.sort(byStart);
  movements.sort(byStart);
  const { fixes, fixTimeBasis } = out.build();
  const result: ReaderResult = {
    format: formats.length === 1 ? formats[0]! : formats.length === 0 ? 'google' : 'google-export',
    formatDetail:
      details.length > 0
        ? `${details.join('; ')} (${results.length} file${results.length === 1 ? '' : 's'})`
        : 'Google export (nothing readable)',
    kind: 'phone',
    fixes,
    fixTimeBasis,
    parts,
    waypoints,
    issues,
    reportedStops: stops,
    reportedMovements: movements,
    readable: results.some((r) => r.readable),
  };
  if (events.length > 0) result.events = events;
  if (needs.length > 0) result.needs = needs;
  if (devices.length > 0) result.device = devices.join(', ');
  return result;
}
