/**
 * Child of case-crash.test.ts: saves one case file over and over with varying content until it
 * is killed. Prints `ready <seq>` after opening what is there, `begin <seq>` before each save and
 * `saved <seq>` after it, so the parent knows which states may be on disk.
 */
import { randomUUID } from 'node:crypto';
import { newCaseDocument, type CaseDocument } from '../../shared/case/format';
import { openCaseFile, saveCaseFile } from '../../electron/services/case-file';

const [path, seedText] = process.argv.slice(2);
let state = Number(seedText) >>> 0;
const random = (): number => {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};

function build(seq: number): CaseDocument {
  const doc = newCaseDocument({ caseId: randomUUID(), title: `save ${seq}`, at: 0 });
  const n = 20_000 + Math.floor(random() * 300_000);
  const t = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = seq * 1e9 + i;
    lat[i] = seq;
    lon[i] = i;
  }
  doc.sources.push({
    id: `s${seq}`,
    kind: 'tracker',
    format: 'test',
    label: 'crash',
    files: [],
    clock: { offsetMs: 0 },
    fixes: { count: n, t, lat, lon },
    fixTimeBasis: new Uint8Array(n).fill(1),
    parts: [],
    waypoints: [],
    stats: {
      points: n,
      tracks: 0,
      segments: 0,
      routes: 0,
      waypoints: 0,
      first: null,
      last: null,
      timeBases: {},
    },
    issues: [],
  });
  doc.annotations.push({ kind: 'crash-test', seq, fixes: n });
  return doc;
}

async function main(): Promise<void> {
  let seq = 0;
  try {
    const opened = await openCaseFile(path!);
    seq = Number(opened.doc.annotations[0]?.seq);
  } catch (err) {
    if ((err as { code?: string }).code !== 'case.not-found') throw err;
  }
  process.stdout.write(`ready ${seq}\n`);
  for (;;) {
    seq += 1;
    const doc = build(seq);
    process.stdout.write(`begin ${seq}\n`);
    await saveCaseFile(path!, doc, { software: 'crash test' });
    process.stdout.write(`saved ${seq}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(3);
});
