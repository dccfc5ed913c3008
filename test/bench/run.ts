/**
 * `npm run bench [-- --only NAME] [--points N] [--repeat N]`: runs the benchmark suites and
 * prints one table. It reports; it does not gate (exit 0 unless a suite crashed).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_POINTS } from './gen-gpx';
import { formatMb, formatSeconds, hasGnuTime } from './measure';
import { SUITES } from './suites/index';
import type { BenchRow } from './suites/suite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    points: { type: 'string' },
    repeat: { type: 'string' },
  },
});
const points = Number(values.points ?? DEFAULT_POINTS);
const repeat = Number(values.repeat ?? 2);
const selected = SUITES.filter((suite) => !values.only || values.only.includes(suite.name));

console.log(`Itinera benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
if (!hasGnuTime())
  console.log(
    'note: /usr/bin/time missing, peak RSS of external tools not measured (apt-get install time)',
  );

let crashed = false;
const rows: BenchRow[] = [];
const notes: string[] = [];
for (const suite of selected) {
  console.log(`\n▶ ${suite.name}: ${suite.description}`);
  try {
    const report = await suite.run({ points, repeat, repoRoot });
    rows.push(...report.rows);
    notes.push(...report.notes.map((note) => `[${suite.name}] ${note}`));
  } catch (err) {
    crashed = true;
    console.error(
      `✖ ${suite.name} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  }
}

const table = [
  ['suite', 'subject', 'wall', 'peak RSS', 'note'],
  ...rows.map((r) => [
    r.suite,
    r.subject,
    formatSeconds(r.wallMs),
    formatMb(r.maxRssBytes),
    r.note ?? '',
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
console.log('');
for (const row of table)
  console.log(
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
console.log('');
for (const note of notes) console.log(note);
process.exitCode = crashed ? 1 : 0;
