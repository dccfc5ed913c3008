/**
 * Plausibility checks every reader's result goes through before it joins a case.
 *
 * Policy: a suspicious fix is KEPT and flagged — it may be the evidence (a device that reported
 * 0,0 or a wrong clock says something about the device), and dropping it would hide that from
 * the examiner. Each kind of finding becomes ONE issue with the count and the first few
 * locations, so five million flagged fixes cost five issues, not five million.
 *
 * Only positions that cannot be on Earth (latitude outside ±90, longitude outside ±180, or not a
 * number) are removed: readers must already have rejected them, so finding one here is an error
 * in a reader, reported as such, and the fix is taken out so nothing downstream draws it.
 *
 * Checks: out-of-range coordinates (removed), exact 0,0 "null island" (fixes and waypoints),
 * times before 1990-01-01Z, times after the import, times going backwards within a segment
 * (skipped when the reader already reported `*.time.backwards`), and exact duplicate fixes
 * (same t, lat and lon). Pure and deterministic: the input is not modified, the output depends
 * only on the input and the options.
 */
import type { FixColumns, ImportIssue, Severity, TrackPart, Waypoint } from '../model';
import { formatIsoUtc } from '../time/iso';
import type { ReaderResult } from './reader';

export interface SanityOptions {
  fileName: string;
  /** UTC epoch ms of the import: later times are flagged. */
  importedAt: number;
}

/** Times before this are implausible for location evidence (GPS consumer devices, phones). */
export const EARLIEST_PLAUSIBLE_TIME = Date.UTC(1990, 0, 1);

/** How many example locations an issue lists. */
export const EXAMPLES_PER_ISSUE = 5;

type Example = { text: string; line?: number; record?: number };

/** Counts hits and keeps the first few examples in the order they were found. */
class Finding {
  count = 0;
  readonly examples: Example[] = [];

  hit(example: () => Example): void {
    if (this.count++ < EXAMPLES_PER_ISSUE) this.examples.push(example());
  }
}

function iso(t: number): string {
  return Number.isNaN(t) ? 'no time' : formatIsoUtc(t);
}

function fixText(f: FixColumns, i: number): string {
  return `fix #${i} (${iso(f.t[i]!)}, ${f.lat[i]}, ${f.lon[i]})`;
}

/**
 * The example for fix `i`, made only if the finding keeps it. A helper rather than an arrow in
 * the loop: a closure over the loop's `i` would make V8 allocate a context every iteration.
 */
function fixExample(f: FixColumns, i: number, after?: number): () => Example {
  return () => ({
    text: after === undefined ? fixText(f, i) : `${fixText(f, i)} after ${iso(after)}`,
  });
}

function waypointText(w: Waypoint, i: number): Example {
  const ex: Example = {
    text: `waypoint #${i}${w.name ? ` "${w.name}"` : ''}${w.line !== undefined ? ` at line ${w.line}` : ''} (${w.lat}, ${w.lon})`,
  };
  if (w.line !== undefined) ex.line = w.line;
  return ex;
}

function inRange(lat: number, lon: number): boolean {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

function issue(
  file: string,
  severity: Severity,
  code: string,
  finding: Finding,
  what: string,
  tail: string,
): ImportIssue {
  const shown = finding.examples.map((e) => e.text).join('; ');
  const more =
    finding.count > finding.examples.length
      ? `; ${finding.count - finding.examples.length} more`
      : '';
  const out: ImportIssue = {
    file,
    severity,
    code,
    message: `${finding.count} ${what}: ${shown}${more}. ${tail}`,
  };
  const first = finding.examples[0];
  if (first?.line !== undefined) out.line = first.line;
  if (first?.record !== undefined) out.record = first.record;
  return out;
}

/** Removes fixes at the given (sorted) indexes, remapping segment ranges. */
function withoutFixes(
  fixes: FixColumns,
  basis: Uint8Array,
  parts: TrackPart[],
  drop: Uint8Array,
): { fixes: FixColumns; fixTimeBasis: Uint8Array; parts: TrackPart[] } {
  const n = fixes.count;
  // keptBefore[i]: fixes kept among indexes < i.
  const keptBefore = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) keptBefore[i + 1] = keptBefore[i]! + (drop[i] ? 0 : 1);
  const m = keptBefore[n]!;
  const pick = (col: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let i = 0, o = 0; i < n; i++) if (!drop[i]) out[o++] = col[i]!;
    return out;
  };
  const out: FixColumns = {
    count: m,
    t: pick(fixes.t),
    lat: pick(fixes.lat),
    lon: pick(fixes.lon),
  };
  if (fixes.ele) out.ele = pick(fixes.ele);
  if (fixes.accuracyM) out.accuracyM = pick(fixes.accuracyM);
  if (fixes.speedMps) out.speedMps = pick(fixes.speedMps);
  if (fixes.headingDeg) out.headingDeg = pick(fixes.headingDeg);
  const outBasis = new Uint8Array(m);
  for (let i = 0, o = 0; i < n; i++) if (!drop[i]) outBasis[o++] = basis[i]!;
  const outParts = parts.map((p) => ({
    ...p,
    segments: p.segments
      .map((s) => ({
        start: keptBefore[Math.min(s.start, n)]!,
        end: keptBefore[Math.min(s.end, n)]!,
      }))
      .filter((s) => s.end > s.start),
  }));
  return { fixes: out, fixTimeBasis: outBasis, parts: outParts };
}

/**
 * Exact duplicates (same t, lat, lon) without a per-fix key: sort a copy of the times natively,
 * find the times that repeat, then compare only the fixes carrying those times.
 */
function findDuplicates(f: FixColumns, finding: Finding): void {
  const n = f.count;
  const t = f.t;
  const sorted = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(t[i]!)) sorted[k++] = t[i]!;
  // Evidence is nearly always in time order already: then the sort (most of the cost) is moot.
  const kept = sorted.subarray(0, k);
  let ordered = true;
  for (let i = 1; i < k; i++) {
    if (kept[i]! < kept[i - 1]!) {
      ordered = false;
      break;
    }
  }
  const times = ordered ? kept : kept.sort();
  const repeated = new Set<number>();
  for (let i = 1; i < k; i++) if (times[i] === times[i - 1]) repeated.add(times[i]!);
  if (repeated.size === 0) return;
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (repeated.has(t[i]!)) candidates.push(i);
  const lat = f.lat;
  const lon = f.lon;
  candidates.sort((a, b) => t[a]! - t[b]! || lat[a]! - lat[b]! || lon[a]! - lon[b]! || a - b);
  // Later copies, reported in file order.
  const copies: { i: number; of: number }[] = [];
  let groupFirst = candidates[0]!;
  for (let c = 1; c < candidates.length; c++) {
    const a = candidates[c - 1]!;
    const b = candidates[c]!;
    if (t[a] === t[b] && lat[a] === lat[b] && lon[a] === lon[b])
      copies.push({ i: b, of: groupFirst });
    else groupFirst = b;
  }
  copies.sort((x, y) => x.i - y.i);
  for (const c of copies) finding.hit(() => ({ text: `${fixText(f, c.i)} repeats fix #${c.of}` }));
}

export function applySanityChecks(result: ReaderResult, opts: SanityOptions): ReaderResult {
  const file = opts.fileName;
  const added: ImportIssue[] = [];
  let { fixes, fixTimeBasis, parts, waypoints } = result;

  // 1. Impossible coordinates: a reader bug if present; remove them.
  const badFixes = new Finding();
  let drop: Uint8Array | undefined;
  for (let i = 0; i < fixes.count; i++) {
    if (!inRange(fixes.lat[i]!, fixes.lon[i]!)) {
      drop ??= new Uint8Array(fixes.count);
      drop[i] = 1;
      badFixes.hit(fixExample(fixes, i));
    }
  }
  const badWaypoints = new Finding();
  if (waypoints.some((w) => !inRange(w.lat, w.lon))) {
    waypoints = waypoints.filter((w, i) => {
      const ok = inRange(w.lat, w.lon);
      if (!ok) badWaypoints.hit(() => waypointText(w, i));
      return ok;
    });
  }
  if (drop !== undefined)
    ({ fixes, fixTimeBasis, parts } = withoutFixes(fixes, fixTimeBasis, parts, drop));
  if (badFixes.count > 0) {
    added.push(
      issue(
        file,
        'error',
        'sanity.coordinate.out-of-range',
        badFixes,
        'fix(es) with impossible coordinates reached the sanity check',
        'Removed; the reader should have rejected them (please report this).',
      ),
    );
  }
  if (badWaypoints.count > 0) {
    added.push(
      issue(
        file,
        'error',
        'sanity.coordinate.out-of-range',
        badWaypoints,
        'waypoint(s) with impossible coordinates reached the sanity check',
        'Removed; the reader should have rejected them (please report this).',
      ),
    );
  }

  const n = fixes.count;
  const { t, lat, lon } = fixes;

  // 2. Null island.
  const nullIsland = new Finding();
  for (let i = 0; i < n; i++)
    if (lat[i] === 0 && lon[i] === 0) nullIsland.hit(fixExample(fixes, i));
  waypoints.forEach((w, i) => {
    if (w.lat === 0 && w.lon === 0) nullIsland.hit(() => waypointText(w, i));
  });
  if (nullIsland.count > 0) {
    added.push(
      issue(
        file,
        'warning',
        'sanity.null-island',
        nullIsland,
        'position(s) at exactly 0°, 0° ("null island", usually a device without a fix)',
        'Kept, flagged: check before relying on them.',
      ),
    );
  }

  // 3. and 4. Implausible times.
  const early = new Finding();
  const future = new Finding();
  const importedAt = opts.importedAt;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    if (ti < EARLIEST_PLAUSIBLE_TIME) early.hit(fixExample(fixes, i));
    else if (ti > importedAt) future.hit(fixExample(fixes, i));
  }
  waypoints.forEach((w, i) => {
    if (w.t < EARLIEST_PLAUSIBLE_TIME)
      early.hit(() => ({
        ...waypointText(w, i),
        text: `${waypointText(w, i).text} at ${iso(w.t)}`,
      }));
    else if (w.t > importedAt)
      future.hit(() => ({
        ...waypointText(w, i),
        text: `${waypointText(w, i).text} at ${iso(w.t)}`,
      }));
  });
  (result.events ?? []).forEach((e, i) => {
    const ex = (): Example => {
      const o: Example = { text: `event #${i} ${e.type} at ${iso(e.t)}` };
      if (e.line !== undefined) o.line = e.line;
      if (e.record !== undefined) o.record = e.record;
      return o;
    };
    if (e.t < EARLIEST_PLAUSIBLE_TIME) early.hit(ex);
    else if (e.t > importedAt) future.hit(ex);
  });
  if (early.count > 0) {
    added.push(
      issue(
        file,
        'warning',
        'sanity.time.before-1990',
        early,
        'time(s) before 1990-01-01Z',
        'Kept, flagged: usually an unset device clock or a GPS week rollover.',
      ),
    );
  }
  if (future.count > 0) {
    added.push(
      issue(
        file,
        'warning',
        'sanity.time.future',
        future,
        `time(s) after the import (${iso(importedAt)})`,
        'Kept, flagged: the device clock or the time zone reading is wrong.',
      ),
    );
  }

  // 5. Backward steps within a segment.
  if (!result.issues.some((x) => x.code.endsWith('.time.backwards'))) {
    const backwards = new Finding();
    for (const part of parts) {
      for (const seg of part.segments) {
        let last = NaN;
        for (let i = seg.start; i < seg.end && i < n; i++) {
          const ti = t[i]!;
          if (Number.isNaN(ti)) continue;
          if (ti < last) backwards.hit(fixExample(fixes, i, last));
          last = ti;
        }
      }
    }
    if (backwards.count > 0) {
      added.push(
        issue(
          file,
          'warning',
          'sanity.time.backwards',
          backwards,
          'fix(es) earlier than the fix before them in the same segment',
          'Kept in file order, flagged.',
        ),
      );
    }
  }

  // 6. Exact duplicates.
  const dupes = new Finding();
  if (n > 1) findDuplicates(fixes, dupes);
  if (dupes.count > 0) {
    added.push(
      issue(
        file,
        'info',
        'sanity.duplicate',
        dupes,
        'fix(es) repeat an earlier fix exactly (same time and position)',
        'Kept, flagged: they add no information and do not make a stop longer.',
      ),
    );
  }

  if (added.length === 0 && drop === undefined && waypoints === result.waypoints) return result;
  return { ...result, fixes, fixTimeBasis, parts, waypoints, issues: [...result.issues, ...added] };
}
