/**
 * Child process for the intake benchmark: imports the given files through the real intake
 * service (worker thread, hash + parse in one pass) and prints one JSON line of figures.
 */
import { importEvidence } from '../../electron/services/intake';

const paths = process.argv.slice(2);
const started = performance.now();
const results = await importEvidence(paths);
const importMs = performance.now() - started;
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
process.stdout.write(`${JSON.stringify({ importMs, maxRssBytes, results: summary })}\n`);
