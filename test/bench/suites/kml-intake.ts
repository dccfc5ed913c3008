/**
 * KML intake vs gpsbabel (issue "Evidence intake I"): a generated 1,000,000-point gx:Track (all
 * `<when>` first, then all `<gx:coord>`, as Google Earth writes it) imported through the real
 * intake service in a child process, against `gpsbabel -i kml -o unicsv`. Target: no slower than
 * gpsbabel.
 */
import { statSync } from 'node:fs';
import { ensureBenchKml } from '../gen-kml';
import type { BenchOptions, BenchReport, BenchRow, BenchSuite } from './suite';
import {
  describeLoad,
  hasGpsbabel,
  measureGpsbabel,
  measureOurImport,
  megabytes,
} from './intake-common';

const TARGET_RATIO = 1.0;

export const kmlIntakeSuite: BenchSuite = {
  name: 'kml-intake',
  description: 'import of a generated KML gx:Track: Itinera intake vs gpsbabel',
  async run(opts: BenchOptions): Promise<BenchReport> {
    const file = await ensureBenchKml(opts.points);
    const sizeMb = (statSync(file).size / 1e6).toFixed(1);
    const rows: BenchRow[] = [];
    const notes: string[] = [
      `input: ${file} (${opts.points.toLocaleString('en')} points, ${sizeMb} MB)`,
    ];

    const ours = await measureOurImport(opts.repoRoot, file, opts.repeat);
    const imported = ours.extra.results[0]!;
    if (imported.points !== opts.points)
      notes.push(`WARNING: imported ${imported.points} points, expected ${opts.points}`);
    const rss = ours.measure.maxRssBytes ?? ours.extra.maxRssBytes;
    rows.push({
      suite: this.name,
      subject: 'itinera import (process)',
      wallMs: ours.measure.wallMs,
      maxRssBytes: rss,
      note: describeLoad(ours.load),
    });
    rows.push({
      suite: this.name,
      subject: 'itinera import (in-process time)',
      wallMs: ours.extra.importMs,
      maxRssBytes: ours.extra.maxRssBytes,
      note: 'excludes Node + tsx start-up',
    });

    if (!hasGpsbabel()) {
      notes.push('gpsbabel not found on PATH: no ratio (apt-get install gpsbabel)');
      return { rows, notes };
    }
    const babel = await measureGpsbabel(opts.repoRoot, 'kml', file, opts.repeat);
    if (babel.measure.exitCode !== 0)
      notes.push(
        `gpsbabel exited ${babel.measure.exitCode}: ${babel.measure.stderr.slice(0, 500)}`,
      );
    rows.push({
      suite: this.name,
      subject: 'gpsbabel kml → unicsv',
      wallMs: babel.measure.wallMs,
      maxRssBytes: babel.measure.maxRssBytes,
      note: describeLoad(babel.load),
    });

    const ratio = ours.measure.wallMs / babel.measure.wallMs;
    const ratioInProcess = ours.extra.importMs / babel.measure.wallMs;
    notes.push(
      `ratio ours/gpsbabel (whole process): ${ratio.toFixed(2)} — target ≤ ${TARGET_RATIO.toFixed(1)}: ${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'}`,
    );
    notes.push(`ratio ours/gpsbabel (import only):   ${ratioInProcess.toFixed(2)}`);
    notes.push(
      `peak RSS ours ${megabytes(rss ?? 0)} vs gpsbabel ${babel.measure.maxRssBytes === null ? 'n/a' : megabytes(babel.measure.maxRssBytes)}`,
    );
    return { rows, notes };
  },
};
