/**
 * Fleet-tracker CSV intake (issue "Evidence intake I"): a generated 5,000,000-row portal export
 * with event columns (about 450 MB) imported through the real intake service — SHA-256 and parse
 * in one pass, in the intake worker — in a child process. Targets: under 20 s, peak RSS under
 * 600 MB. gpsbabel's `unicsv` reader runs on the same file for scale.
 *
 * `ITINERA_BENCH_TRACKER_ROWS=N` measures another size (the targets are for 5,000,000);
 * `ITINERA_BENCH_SKIP_GPSBABEL=1` leaves gpsbabel out (it needs minutes and over 1 GB here).
 */
import { statSync } from 'node:fs';
import { ensureBenchTrackerCsv } from '../gen-tracker-csv';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';
import {
  describeLoad,
  hasGpsbabel,
  measureGpsbabel,
  measureOurImport,
  megabytes,
  seconds,
  verdictBelow,
} from './intake-common';

export const TRACKER_ROWS = 5_000_000;
const TARGET_WALL_MS = 20_000;
const TARGET_RSS_BYTES = 600 * 1024 * 1024;

/**
 * What gpsbabel makes of the layout, checked by hand on the generated file: `unicsv` maps
 * Latitude, Longitude, Altitude, Speed and Heading, and takes the date from "Date Time" but not
 * its time of day (every point comes out at 00:00:00); the event columns it ignores.
 */
const GPSBABEL_LAYOUT_NOTE =
  'gpsbabel unicsv reads this layout partly: lat/lon/altitude/speed/heading, the date of "Date Time" but not its time of day (all points at 00:00:00), no event columns; so it does less work than our import';

export const trackerCsvSuite: BenchSuite = {
  name: 'tracker-csv',
  description:
    'import of a generated 5M-row tracker CSV with event columns (hash + parse in the intake worker)',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const rows = Number(process.env.ITINERA_BENCH_TRACKER_ROWS ?? TRACKER_ROWS);
    const generating = performance.now();
    const file = await ensureBenchTrackerCsv(rows);
    const generatedMs = performance.now() - generating;
    const size = statSync(file).size;
    const out: BenchRow[] = [];
    const notes: string[] = [
      `input: ${file} (${rows.toLocaleString('en')} rows, ${(size / 1e6).toFixed(1)} MB${generatedMs > 1000 ? `, generated in ${seconds(generatedMs)}` : ', cached'})`,
    ];

    const ours = await measureOurImport(opts.repoRoot, file, opts.repeat);
    const imported = ours.extra.results[0]!;
    if (imported.points !== rows)
      notes.push(`WARNING: imported ${imported.points} fixes, expected ${rows}`);
    const rss = ours.measure.maxRssBytes ?? ours.extra.maxRssBytes;
    const wall = ours.measure.wallMs;
    out.push({
      suite: this.name,
      subject: 'itinera import (process)',
      wallMs: wall,
      maxRssBytes: rss,
      note: `${Math.round(rows / (wall / 1000)).toLocaleString('en')} rows/s, ${describeLoad(ours.load)}`,
    });
    out.push({
      suite: this.name,
      subject: 'itinera import (in-process time)',
      wallMs: ours.extra.importMs,
      maxRssBytes: ours.extra.maxRssBytes,
      note: `${Math.round(rows / (ours.extra.importMs / 1000)).toLocaleString('en')} rows/s; excludes Node + tsx start-up`,
    });
    const targets = rows === TRACKER_ROWS ? '' : ` (targets are for ${TRACKER_ROWS} rows)`;
    notes.push(`${verdictBelow('wall', wall, TARGET_WALL_MS, seconds)}${targets}`);
    notes.push(`${verdictBelow('peak RSS', rss, TARGET_RSS_BYTES, megabytes)}${targets}`);

    if (process.env.ITINERA_BENCH_SKIP_GPSBABEL === '1') {
      notes.push('gpsbabel skipped (ITINERA_BENCH_SKIP_GPSBABEL=1); it took about 4 minutes here');
      return { rows: out, notes };
    }
    if (!hasGpsbabel()) {
      notes.push('gpsbabel not found on PATH: its row is skipped (apt-get install gpsbabel)');
      return { rows: out, notes };
    }
    // One run: gpsbabel holds every point in memory and is slow on this size.
    const babel = await measureGpsbabel(opts.repoRoot, 'unicsv', file, 1);
    if (babel.measure.exitCode !== 0)
      notes.push(
        `gpsbabel exited ${babel.measure.exitCode}: ${babel.measure.stderr.slice(0, 500)}`,
      );
    out.push({
      suite: this.name,
      subject: 'gpsbabel unicsv → unicsv',
      wallMs: babel.measure.wallMs,
      maxRssBytes: babel.measure.maxRssBytes,
      note: describeLoad(babel.load),
    });
    notes.push(GPSBABEL_LAYOUT_NOTE);
    notes.push(`ratio ours/gpsbabel (whole process): ${(wall / babel.measure.wallMs).toFixed(2)}`);
    return { rows: out, notes };
  },
};
