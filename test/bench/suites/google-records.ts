/**
 * Google Records.json intake (issue "Evidence intake II"): a generated 2.4-million-location
 * Records.json (over 550 MB, beyond what whole-file `JSON.parse` handles) imported through the
 * real intake service — SHA-256 and streaming parse in one pass, in the intake worker — in a
 * child process. Targets: under 15 s, peak RSS under 500 MB.
 *
 * `ITINERA_BENCH_RECORDS=N` measures another size (the targets are for 2,400,000).
 */
import { statSync } from 'node:fs';
import { DEFAULT_RECORDS, ensureBenchRecordsJson } from '../gen-records-json';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';
import { describeLoad, measureOurImport, megabytes, seconds, verdictBelow } from './intake-common';

const TARGET_WALL_MS = 15_000;
const TARGET_RSS_BYTES = 500 * 1024 * 1024;

export const googleRecordsSuite: BenchSuite = {
  name: 'google-records',
  description:
    'import of a generated 2.4M-location Google Records.json (hash + streaming parse in the intake worker)',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const count = Number(process.env.ITINERA_BENCH_RECORDS ?? DEFAULT_RECORDS);
    const generating = performance.now();
    const file = await ensureBenchRecordsJson(count);
    const generatedMs = performance.now() - generating;
    const size = statSync(file).size;
    const notes: string[] = [
      `input: ${file} (${count.toLocaleString('en')} locations, ${(size / 1e6).toFixed(1)} MB${generatedMs > 1000 ? `, generated in ${seconds(generatedMs)}` : ', cached'})`,
    ];
    const ours = await measureOurImport(opts.repoRoot, file, opts.repeat);
    const imported = ours.extra.results[0]!;
    // The generator writes some rejected and duplicate records on purpose; a big gap means a bug.
    if ((imported.points ?? 0) < count * 0.9)
      notes.push(`WARNING: imported ${imported.points} fixes of ${count} locations`);
    const rss = ours.measure.maxRssBytes ?? ours.extra.maxRssBytes;
    const wall = ours.measure.wallMs;
    const rows: BenchRow[] = [
      {
        suite: this.name,
        subject: 'itinera import (process)',
        wallMs: wall,
        maxRssBytes: rss,
        note: `${Math.round(count / (wall / 1000)).toLocaleString('en')} locations/s, ${(size / 1e6 / (wall / 1000)).toFixed(0)} MB/s, ${describeLoad(ours.load)}`,
      },
      {
        suite: this.name,
        subject: 'itinera import (in-process time)',
        wallMs: ours.extra.importMs,
        maxRssBytes: ours.extra.maxRssBytes,
        note: `${imported.points ?? 0} fixes; excludes Node + tsx start-up`,
      },
    ];
    const targets = count === DEFAULT_RECORDS ? '' : ` (targets are for ${DEFAULT_RECORDS})`;
    notes.push(`${verdictBelow('wall', wall, TARGET_WALL_MS, seconds)}${targets}`);
    notes.push(`${verdictBelow('peak RSS', rss, TARGET_RSS_BYTES, megabytes)}${targets}`);
    return { rows, notes };
  },
};
