import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGoogleReader } from '../../../../shared/formats/google/google-reader';
import type { ReaderResult } from '../../../../shared/formats/reader';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures/google-takeout');
export const fixturesPresent = fs.existsSync(fixturesDir);
if (!fixturesPresent) console.warn(`skipping Google fixture tests: ${fixturesDir} not present`);

export const fixtureNames: string[] = fixturesPresent
  ? fs
      .readdirSync(fixturesDir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  : [];

export function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(fixturesDir, name)));
}

const enc = new TextEncoder();

/** Reads the input fed in pieces ending at `cuts` (then the rest). */
export function readGoogle(
  input: string | Uint8Array,
  name = 'x.json',
  cuts: number[] = [],
  fastPaths = true,
): ReaderResult {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const r = createGoogleReader({ fileName: name, fastPaths });
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    if (c < from) continue;
    r.push(bytes.slice(from, c));
    from = c;
  }
  return r.finish();
}

export const codes = (r: ReaderResult): string[] => r.issues.map((i) => i.code);

/** Everything of a result as plain JSON, for equality checks. */
export function plain(r: ReaderResult): unknown {
  const f = r.fixes;
  const fixes: unknown[] = [];
  for (let i = 0; i < f.count; i++) {
    fixes.push([
      f.t[i],
      r.fixTimeBasis[i],
      f.lat[i],
      f.lon[i],
      f.ele?.[i],
      f.accuracyM?.[i],
      f.speedMps?.[i],
      f.headingDeg?.[i],
    ]);
  }
  return JSON.parse(JSON.stringify({ ...r, fixes, fixTimeBasis: undefined }));
}
