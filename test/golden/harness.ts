/**
 * The golden sweep every format shares: each fixture of one folder of ../shared/fixtures is read
 * once for reference, then again in other chunk sizes that must not change its summary, and the
 * summary is compared with test/golden/<folder>/<file>.json. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/<format>.golden.test.ts` and review the diff.
 *
 * In a clone without ../shared the sweep is skipped, and says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReaderResult } from '../../shared/formats/reader';
import { applySanityChecks } from '../../shared/formats/sanity';
import { TIME_BASES, type Waypoint } from '../../shared/model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface GoldenSweep<R> {
  /** Names the suite ("<title> golden sweep") and the skip message. */
  title: string;
  /** Folder of ../shared/fixtures to sweep, or several, swept in the order given. */
  fixtures: string | readonly string[];
  /** Folder of test/golden holding the summaries. */
  golden: string;
  /** Which files of the folder are fixtures; default all. */
  accept?: (name: string) => boolean;
  /** Fewer fixtures than this fails the sweep, so a thinned-out folder does not pass quietly. */
  minFiles: number;
  /** Reads one fixture pushed in chunks of `size` bytes. */
  read(bytes: Uint8Array, size: number, name: string): R;
  /** Chunk size of the reference read, the one compared with the golden. */
  referenceChunk(bytes: Uint8Array): number;
  /** Chunk sizes whose summaries must equal the reference one. */
  chunkSizes: readonly number[];
  /** The compact, JSON-able view of a result that the golden holds. */
  summarise(name: string, bytes: Uint8Array, r: R): unknown;
  /** Further checks on each reference read (and its summary), made before the golden comparison. */
  check?(name: string, r: R, summary: unknown): void;
}

export interface SweepContext<R> {
  /** The fixtures swept, sorted within each folder; folder/name when there are several folders. */
  files: readonly string[];
  /** Reads fixture `label` (one of `files`) in chunks of `size` bytes. */
  read(name: string, size: number): R;
}

/** Declares the sweep; `more` may add tests of its own to the same suite. */
export function goldenSweep<R>(spec: GoldenSweep<R>, more?: (ctx: SweepContext<R>) => void): void {
  const folders = typeof spec.fixtures === 'string' ? [spec.fixtures] : spec.fixtures;
  const fixturesDirs = folders.map((f) => path.resolve(repoRoot, '../shared/fixtures', f));
  const goldenDir = path.resolve(repoRoot, 'test/golden', spec.golden);
  const absent = fixturesDirs.filter((dir) => !fs.existsSync(dir));
  const present = absent.length === 0;
  if (!present)
    console.warn(`skipping ${spec.title} golden sweep: ${absent.join(', ')} not present`);

  const accept = spec.accept ?? (() => true);
  // Each fixture's path, by the label of its test: its name, or folder/name over several folders.
  const fixtures = new Map<string, string>();
  for (const [i, dir] of (present ? fixturesDirs : []).entries()) {
    for (const name of fs.readdirSync(dir).filter(accept).sort()) {
      fixtures.set(folders.length > 1 ? `${folders[i]}/${name}` : name, path.join(dir, name));
    }
  }
  const files = [...fixtures.keys()];
  const bytesOf = (label: string): Uint8Array =>
    new Uint8Array(fs.readFileSync(fixtures.get(label) ?? path.join(fixturesDirs[0]!, label)));
  // Through JSON, so the comparison sees what the golden file can hold (no undefined, no -0).
  const summary = (name: string, bytes: Uint8Array, r: R): unknown =>
    JSON.parse(JSON.stringify(spec.summarise(name, bytes, r)));

  describe.skipIf(!present)(`${spec.title} golden sweep`, () => {
    it('finds the fixtures', () => {
      expect(files.length).toBeGreaterThanOrEqual(spec.minFiles);
    });

    it.each(files)('%s matches its golden summary', (label) => {
      const name = path.basename(label);
      const bytes = bytesOf(label);
      const reference = spec.read(bytes, spec.referenceChunk(bytes), name);
      const expected = summary(name, bytes, reference);
      // Chunk boundaries must not change anything.
      for (const size of spec.chunkSizes) {
        expect(summary(name, bytes, spec.read(bytes, size, name))).toEqual(expected);
      }
      spec.check?.(name, reference, expected);
      const goldenPath = path.join(goldenDir, `${name}.json`);
      if (process.env.UPDATE_GOLDEN) {
        fs.mkdirSync(goldenDir, { recursive: true });
        fs.writeFileSync(goldenPath, JSON.stringify(expected, null, 2) + '\n');
      }
      expect(
        fs.existsSync(goldenPath),
        `missing golden ${goldenPath}; run with UPDATE_GOLDEN=1`,
      ).toBe(true);
      expect(expected).toEqual(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
    });

    more?.({ files, read: (label, size) => spec.read(bytesOf(label), size, path.basename(label)) });
  });
}

/** The whole input as one chunk (1 for an empty file: a chunk size must be positive). */
export const wholeFile = (bytes: Uint8Array): number => bytes.length || 1;

/** Pushes `bytes` into `reader` in chunks of `size` bytes, then finishes it. */
export function readInChunks<R>(
  reader: { push(chunk: Uint8Array): void; finish(): R },
  bytes: Uint8Array,
  size: number,
): R {
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  return reader.finish();
}

/** As `readInChunks`, then through the sanity checks an import applies, as of `importedAt`. */
export function readChecked(
  reader: { push(chunk: Uint8Array): void; finish(): ReaderResult },
  bytes: Uint8Array,
  size: number,
  name: string,
  importedAt: number,
): ReaderResult {
  return applySanityChecks(readInChunks(reader, bytes, size), { fileName: name, importedAt });
}

/** The fields of a waypoint a summary shows. */
export function waypointSummary(w: Waypoint): Record<string, unknown> {
  return {
    name: w.name ?? null,
    t: iso(w.t),
    basis: w.timeBasis,
    lat: w.lat,
    lon: w.lon,
    ele: w.ele ?? null,
    line: w.line,
  };
}

export const iso = (t: number | undefined): string | null =>
  t === undefined || Number.isNaN(t) ? null : new Date(t).toISOString();

/** Rounded to `scale` (1e7: about a centimetre in degrees), null when absent. */
export const round = (v: number | undefined, scale = 1e7): number | null =>
  v === undefined || Number.isNaN(v) ? null : Math.round(v * scale) / scale;

/**
 * The summary of a small fixture, with every fix listed: one row per fix, its values in the order
 * of `fixColumns`.
 */
export function everyFixSummary(name: string, sniffed: unknown, r: ReaderResult): unknown {
  return {
    file: name,
    sniffed,
    ...resultHead(r),
    ...everyFix(r),
    parts: r.parts,
    waypoints: r.waypoints.map((w) => ({ ...w, t: iso(w.t) })),
    issues: r.issues,
  };
}

/** The fields of a result a summary opens with, after what identifies the file. */
export function resultHead(r: ReaderResult): Record<string, unknown> {
  return {
    readable: r.readable,
    format: r.format,
    formatDetail: r.formatDetail ?? null,
    kind: r.kind,
    device: r.device ?? null,
  };
}

/** Every fix of a small fixture: the columns held, then one row per fix in `fixColumns` order. */
export function everyFix(r: ReaderResult): {
  columns: string[];
  fixColumns: string[];
  fixes: unknown[];
} {
  const f = r.fixes;
  const fixes: unknown[] = [];
  for (let i = 0; i < f.count; i++) {
    fixes.push([
      iso(f.t[i]!),
      TIME_BASES[r.fixTimeBasis[i]!] ?? null,
      round(f.lat[i]),
      round(f.lon[i]),
      round(f.ele?.[i]),
      round(f.accuracyM?.[i]),
      round(f.speedMps?.[i]),
      round(f.headingDeg?.[i]),
    ]);
  }
  return {
    columns: Object.keys(f).filter((k) => k !== 'count'),
    fixColumns: ['t', 'basis', 'lat', 'lon', 'ele', 'accuracyM', 'speedMps', 'headingDeg'],
    fixes,
  };
}
