/**
 * Child process for the intake benchmark: imports the given files through the real intake
 * service (worker thread, hash + parse in one pass) and prints one JSON line of figures.
 * With `--warm`, an intake worker is started and loaded before the clock starts, as the app
 * does at start-up (prewarmIntakeWorker), so the figure is the import an examiner waits for.
 */
import {
  importEvidence,
  prewarmIntakeWorker,
  stopWarmWorker,
} from '../../electron/services/intake';

const args = process.argv.slice(2);
const warm = args.includes('--warm');
const paths = args.filter((a) => a !== '--warm');
if (warm) await prewarmIntakeWorker();
const started = performance.now();
const results = await importEvidence(paths);
const importMs = performance.now() - started;
stopWarmWorker();
const summary = results.map((r) =>
  r.ok
    ? {
        ok: true,
        points: r.source.stats.points,
        sha256: r.source.files[0]?.sha256,
        issues: r.source.issues.length,
      }
    : { ok: false, code: r.code, message: r.message },
);
// maxRSS covers the whole process, worker threads included (they share it); in KiB.
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ importMs, maxRssBytes, warm, results: summary })}\n`);
