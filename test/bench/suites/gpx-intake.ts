/**
 * GPX intake vs gpsbabel on the same generated 1M-point file: our import (hash + detect +
 * parse in the intake worker) in a child process, against `gpsbabel -i gpx -o unicsv`.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { ensureBenchGpx } from '../gen-gpx';
import { formatMb, measureProcess, type ProcessMeasure } from '../measure';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';

const TARGET_RATIO = 1.0;
const TARGET_RSS_BYTES = 300 * 1024 * 1024;

interface ImportChildOutput {
  importMs: number;
  maxRssBytes: number;
  results: { ok: boolean; points?: number; code?: string; message?: string }[];
}

export const gpxIntakeSuite: BenchSuite = {
  name: 'gpx-intake',
  description: 'import of a generated GPX 1.1 drive: Itinera intake vs gpsbabel',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const file = await ensureBenchGpx(opts.points);
    const sizeMb = (statSync(file).size / 1e6).toFixed(1);
    const rows: BenchRow[] = [];
    const notes: string[] = [
      `input: ${file} (${opts.points.toLocaleString('en')} points, ${sizeMb} MB)`,
    ];

    const ours = await best(opts.repeat, () =>
      measureProcess(
        process.execPath,
        ['--import', 'tsx', 'test/bench/import-child.ts', file],
        opts.repoRoot,
      ),
    );
    const child = parseChild(ours);
    const imported = child?.results[0];
    if (ours.exitCode !== 0 || !child || !imported?.ok) {
      throw new Error(
        `our import failed (exit ${ours.exitCode}): ${imported?.message ?? ours.stderr.slice(0, 2000)}`,
      );
    }
    if (imported.points !== opts.points)
      notes.push(`WARNING: imported ${imported.points} points, expected ${opts.points}`);
    const oursRss = ours.maxRssBytes ?? child.maxRssBytes;
    rows.push({
      suite: this.name,
      subject: 'itinera import (process)',
      wallMs: ours.wallMs,
      maxRssBytes: oursRss,
    });
    rows.push({
      suite: this.name,
      subject: 'itinera import (in-process time)',
      wallMs: child.importMs,
      maxRssBytes: child.maxRssBytes,
      note: 'excludes Node + tsx start-up',
    });
    // The app keeps an intake worker loaded (prewarmIntakeWorker): what an examiner waits for.
    const warm = await best(opts.repeat, () =>
      measureProcess(
        process.execPath,
        ['--import', 'tsx', 'test/bench/import-child.ts', '--warm', file],
        opts.repoRoot,
      ),
    );
    const warmChild = parseChild(warm);
    if (warm.exitCode === 0 && warmChild?.results[0]?.ok) {
      rows.push({
        suite: this.name,
        subject: 'itinera import (warm worker, in-process)',
        wallMs: warmChild.importMs,
        maxRssBytes: warmChild.maxRssBytes,
        note: 'worker loaded before the clock starts',
      });
    } else {
      notes.push(`warm-worker import failed (exit ${warm.exitCode}): ${warm.stderr.slice(0, 500)}`);
    }

    if (!hasGpsbabel()) {
      notes.push('gpsbabel not found on PATH: its column is skipped (apt-get install gpsbabel)');
      notes.push(rssVerdict(oursRss));
      return { rows, notes };
    }
    const babel = await best(opts.repeat, () =>
      measureProcess(
        'gpsbabel',
        ['-i', 'gpx', '-f', file, '-o', 'unicsv', '-F', '/dev/null'],
        opts.repoRoot,
      ),
    );
    if (babel.exitCode !== 0)
      notes.push(`gpsbabel exited ${babel.exitCode}: ${babel.stderr.slice(0, 500)}`);
    rows.push({
      suite: this.name,
      subject: 'gpsbabel gpx → unicsv',
      wallMs: babel.wallMs,
      maxRssBytes: babel.maxRssBytes,
    });

    const ratio = ours.wallMs / babel.wallMs;
    const ratioInProcess = child.importMs / babel.wallMs;
    notes.push(
      `ratio ours/gpsbabel (whole process): ${ratio.toFixed(2)} — target ≤ ${TARGET_RATIO.toFixed(1)}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
    notes.push(`ratio ours/gpsbabel (import only):   ${ratioInProcess.toFixed(2)}`);
    notes.push(rssVerdict(oursRss));
    return { rows, notes };
  },
};

function rssVerdict(rss: number | null): string {
  if (rss === null) return 'our peak RSS: not measured';
  return `our peak RSS ${formatMb(rss)} — target < ${formatMb(TARGET_RSS_BYTES)}: ${rss < TARGET_RSS_BYTES ? 'met' : 'NOT met'}`;
}

function parseChild(measure: ProcessMeasure): ImportChildOutput | undefined {
  const line = measure.stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as ImportChildOutput) : undefined;
  } catch {
    return undefined;
  }
}

async function best(repeat: number, run: () => Promise<ProcessMeasure>): Promise<ProcessMeasure> {
  let fastest: ProcessMeasure | undefined;
  for (let i = 0; i < Math.max(1, repeat); i += 1) {
    const measure = await run();
    if (!fastest || measure.wallMs < fastest.wallMs) fastest = measure;
  }
  return fastest!;
}

function hasGpsbabel(): boolean {
  try {
    execFileSync('gpsbabel', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
