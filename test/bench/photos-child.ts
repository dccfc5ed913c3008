/**
 * Child process of the `photos` benchmark, one measurement per run, one JSON line out:
 *   metadata <dir>               head-only metadata of every file (the intake's reader, no hashing)
 *   hash <dir> <count> <hasher>  SHA-256 of the first <count> files; hasher pool1 | pool2 | inline
 * The hash runs also sample the event loop every 10 ms: hashing on the calling thread stalls it.
 */
import { HashPool, InlineHasher, type FileHasher } from '../../electron/services/photo-hash';
import { readPhotoCandidates } from '../../electron/services/photo-intake';
import { walkFolder } from '../../electron/services/photo-walk';

const [mode, dir, countArg, hasherName] = process.argv.slice(2);
if (!dir) throw new Error('usage: photos-child metadata|hash <dir> [count] [hasher]');
const walk = await walkFolder(dir);
const files = walk.files.filter((f) => !f.rel.startsWith('.'));

if (mode === 'metadata') {
  const started = performance.now();
  const reads = await readPhotoCandidates(
    files.map((f) => ({ path: f.path, rel: f.rel })),
    { skipHash: true },
    undefined,
  );
  const ms = performance.now() - started;
  const photos = reads.filter((r) => r.photo).length;
  const withGps = reads.filter((r) => r.photo?.lat !== undefined).length;
  const withTime = reads.filter((r) => r.photo && Number.isFinite(r.photo.t)).length;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({ ms, files: files.length, photos, withGps, withTime, maxRssBytes })}\n`,
  );
} else if (mode === 'hash') {
  const subset = files.slice(0, Number(countArg ?? 200));
  const hasher: FileHasher =
    hasherName === 'inline' ? new InlineHasher() : new HashPool(hasherName === 'pool1' ? 1 : 2);
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 10);
    last = now;
  }, 10);
  const started = performance.now();
  // As the intake does: up to 16 files in flight, the hasher decides how many really run.
  let next = 0;
  let bytes = 0;
  const lane = async (): Promise<void> => {
    while (next < subset.length) {
      const file = subset[next++]!;
      const digest = await hasher.hash(file.path);
      bytes += digest.size;
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  const ms = performance.now() - started;
  clearInterval(timer);
  await hasher.close();
  process.stdout.write(`${JSON.stringify({ ms, files: subset.length, bytes, maxLagMs })}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
