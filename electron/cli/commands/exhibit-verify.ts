/**
 * `itinera exhibit verify <exhibit.pdf|manifest.json|export.kmz> <evidence...>`: checks that an
 * exhibit follows from the evidence. The evidence is read with the app's intake (which hashes
 * every file), matched to the manifest's inputs by SHA-256 (missing, extra and altered files are
 * differences), re-derived with the manifest's settings and options, and the numbered stops and
 * their digest compared with what the manifest recorded. Prints `match` or each difference.
 *
 * Source ids depend on the order files are given in, so each re-imported source takes the id
 * its files had in the manifest before deriving: the derivation (stop keys, tie-breaks) then
 * sees exactly the sources the exhibit was made from.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { ImportedSource, ImportResult } from '../../../shared/api';
import { buildExhibitModel } from '../../../shared/export/exhibit-model';
import {
  MANIFEST_FILE_NAME,
  canonicalJson,
  manifestStops,
  parseManifest,
  stopsDigest,
  type ExhibitManifest,
  type ManifestStop,
} from '../../../shared/export/manifest';
import { deriveForRequest } from '../../services/export-derive';
import { softwareInfo } from '../../services/export-files';
import { readManifestFromPdf } from '../../services/exhibit-manifest';
import { importEvidence } from '../../services/intake';
import { EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, UsageError, type CliIo } from '../command';
import { expandEvidenceInputs } from '../../services/export-inputs';

export const VERIFY_USAGE = `Usage: itinera exhibit verify <exhibit.pdf | manifest.json | export.kmz> <evidence...>

Reads the exhibit's reproducibility manifest, hashes and re-imports the evidence files (a
folder of photos is one source, as in the app), re-derives the timeline with the manifest's
settings and options, and compares the numbered stops. Prints "match", or each difference:
a file missing, extra or altered, a stop whose number, times or position differ.

Options:
  --gazetteer FILE   gazetteer for place names (default: the bundled one; names are not compared)
  -h, --help         show this help

Exit status: 0 match, 1 differences, 2 usage error or no readable manifest.`;

export type VerifyDifference =
  | { kind: 'missing-file'; name: string; sha256: string }
  | { kind: 'extra-file'; name: string; sha256: string }
  | { kind: 'altered-file'; name: string; expected: string; found: string }
  | { kind: 'unreadable-file'; name: string; message: string }
  | { kind: 'stop-count'; expected: number; found: number }
  | { kind: 'stop'; n: number; field: keyof ManifestStop; expected: string; found: string }
  | { kind: 'digest'; expected: string; found: string }
  | { kind: 'manifest-digest'; expected: string; found: string };

export interface VerifyResult {
  match: boolean;
  differences: VerifyDifference[];
  stops: ManifestStop[];
  digest: string;
  notes: string[];
}

/** The manifest inside a PDF or KMZ, or a manifest file itself. */
export async function loadManifest(path: string): Promise<ExhibitManifest> {
  const bytes = new Uint8Array(await readFile(path));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 5));
  if (head === '%PDF-') {
    const manifest = await readManifestFromPdf(bytes);
    if (!manifest) throw new Error(`${path} is a PDF without an embedded ${MANIFEST_FILE_NAME}`);
    return manifest;
  }
  if (head.startsWith('PK')) {
    const files = unzipSync(bytes, { filter: (f) => f.name === MANIFEST_FILE_NAME });
    const entry = files[MANIFEST_FILE_NAME];
    if (!entry) throw new Error(`${path} is a zip without ${MANIFEST_FILE_NAME}`);
    return parseManifest(new TextDecoder('utf-8').decode(entry));
  }
  return parseManifest(new TextDecoder('utf-8').decode(bytes));
}

function describe(d: VerifyDifference): string {
  switch (d.kind) {
    case 'missing-file':
      return `missing file: ${d.name} (SHA-256 ${d.sha256}) is in the manifest but not among the evidence given`;
    case 'extra-file':
      return `extra file: ${d.name} (SHA-256 ${d.sha256}) is not in the manifest`;
    case 'altered-file':
      return `altered file: ${d.name} has SHA-256 ${d.found}, the manifest records ${d.expected}`;
    case 'unreadable-file':
      return `unreadable file: ${d.name}: ${d.message}`;
    case 'stop-count':
      return `stops: the manifest has ${d.expected}, re-derived ${d.found}`;
    case 'stop':
      return `stop ${d.n}: ${d.field} ${d.expected} in the manifest, ${d.found} re-derived`;
    case 'digest':
      return `result digest: ${d.expected} in the manifest, ${d.found} re-derived`;
    case 'manifest-digest':
      return `the manifest's digest ${d.expected} does not match its own stops (${d.found}): the manifest was edited`;
  }
}

/**
 * Renames each source to the manifest source its files belong to (by hash, else by file name
 * for altered files); sources that match none keep their id.
 */
function alignSourceIds(sources: ImportedSource[], manifest: ExhibitManifest): ImportedSource[] {
  const byHash = new Map(manifest.inputs.map((i) => [i.sha256, i.sourceId]));
  const byName = new Map(manifest.inputs.map((i) => [i.name, i.sourceId]));
  const taken = new Set<string>();
  return sources.map((source) => {
    const votes = source.files.map((f) => byHash.get(f.sha256) ?? byName.get(f.name));
    const id = votes.find((v) => v !== undefined);
    if (id === undefined || taken.has(id)) return source;
    taken.add(id);
    return { ...source, id };
  });
}

function compareFiles(
  sources: readonly ImportedSource[],
  failed: readonly Extract<ImportResult, { ok: false }>[],
  manifest: ExhibitManifest,
): VerifyDifference[] {
  const differences: VerifyDifference[] = [];
  const given = sources.flatMap((s) => s.files);
  const givenHashes = new Set(given.map((f) => f.sha256));
  const expectedHashes = new Set(manifest.inputs.map((i) => i.sha256));
  const altered = new Set<string>();
  for (const input of manifest.inputs) {
    if (givenHashes.has(input.sha256)) continue;
    const sameName = given.find((f) => f.name === input.name && !expectedHashes.has(f.sha256));
    if (sameName) {
      altered.add(sameName.sha256);
      differences.push({
        kind: 'altered-file',
        name: input.name,
        expected: input.sha256,
        found: sameName.sha256,
      });
    } else {
      differences.push({ kind: 'missing-file', name: input.name, sha256: input.sha256 });
    }
  }
  for (const f of given) {
    if (!expectedHashes.has(f.sha256) && !altered.has(f.sha256))
      differences.push({ kind: 'extra-file', name: f.name, sha256: f.sha256 });
  }
  for (const f of failed)
    differences.push({ kind: 'unreadable-file', name: f.name, message: f.message });
  return differences;
}

function compareStops(
  expected: readonly ManifestStop[],
  found: readonly ManifestStop[],
): VerifyDifference[] {
  const differences: VerifyDifference[] = [];
  if (expected.length !== found.length)
    differences.push({ kind: 'stop-count', expected: expected.length, found: found.length });
  const n = Math.max(expected.length, found.length);
  const fields: (keyof ManifestStop)[] = ['id', 'arrival', 'departure', 'lat', 'lon'];
  for (let i = 0; i < n; i++) {
    const a = expected[i];
    const b = found[i];
    for (const field of fields) {
      const x = a ? String(a[field]) : '(none)';
      const y = b ? String(b[field]) : '(none)';
      if (x !== y)
        differences.push({ kind: 'stop', n: a?.n ?? b?.n ?? i + 1, field, expected: x, found: y });
    }
  }
  return differences;
}

export interface VerifyOptions {
  gazetteerPath?: string | null;
}

/** Verifies evidence against a manifest; the CLI prints what this returns. */
export async function verifyManifest(
  manifest: ExhibitManifest,
  evidence: readonly string[],
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const paths = expandEvidenceInputs(evidence);
  let results = await importEvidence(paths);
  // A table read with a mapping the examiner confirmed is read with that mapping again.
  const mappings = new Map(
    manifest.intake.flatMap((m) => (m.tableMapping ? [[m.sourceId, m.tableMapping] as const] : [])),
  );
  if (mappings.size > 0) {
    const byHash = new Map(manifest.inputs.map((i) => [i.sha256, i.sourceId]));
    const files: Record<string, { mapping: NonNullable<ImportedSource['tableMapping']> }> = {};
    for (const r of results) {
      if (!r.ok || r.source.files.length !== 1) continue;
      const id = byHash.get(r.source.files[0]!.sha256);
      const mapping = id === undefined ? undefined : mappings.get(id);
      if (mapping && canonicalJson(mapping) !== canonicalJson(r.source.tableMapping ?? null))
        files[r.path] = { mapping };
    }
    if (Object.keys(files).length > 0) results = await importEvidence(paths, { files });
  }
  const sources = results.flatMap((r) => (r.ok ? [r.source] : []));
  const failed = results.filter((r): r is Extract<ImportResult, { ok: false }> => !r.ok);
  const differences = compareFiles(sources, failed, manifest);

  const request = {
    sources: alignSourceIds(sources, manifest),
    settings: manifest.settings,
    options: manifest.options,
  };
  const timeline = deriveForRequest(
    request,
    opts.gazetteerPath === undefined ? {} : { gazetteerPath: opts.gazetteerPath },
  );
  const model = buildExhibitModel(request, timeline);
  const stops = manifestStops(model);
  const digest = stopsDigest(stops);

  const ownDigest = stopsDigest(manifest.result.stops);
  if (ownDigest !== manifest.result.digest)
    differences.push({
      kind: 'manifest-digest',
      expected: manifest.result.digest,
      found: ownDigest,
    });
  differences.push(...compareStops(manifest.result.stops, stops));
  if (digest !== manifest.result.digest)
    differences.push({ kind: 'digest', expected: manifest.result.digest, found: digest });

  const notes: string[] = [];
  const software = softwareInfo();
  if (manifest.software.version !== software.version || manifest.software.name !== software.name)
    notes.push(
      `made with ${manifest.software.name} ${manifest.software.version}, verified with ${software.name} ${software.version}`,
    );
  return { match: differences.length === 0, differences, stops, digest, notes };
}

export async function runExhibitVerify(args: string[], io: CliIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(`${VERIFY_USAGE}\n`);
    return EXIT_OK;
  }
  let gazetteerPath: string | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--gazetteer') {
      gazetteerPath = args[++i];
      if (gazetteerPath === undefined)
        throw new UsageError('exhibit verify: --gazetteer needs a file', VERIFY_USAGE);
    } else if (a.startsWith('--gazetteer=')) gazetteerPath = a.slice('--gazetteer='.length);
    else if (a.startsWith('-') && a !== '-')
      throw new UsageError(`exhibit verify: unknown option '${a}'`, VERIFY_USAGE);
    else positionals.push(a);
  }
  const [exhibit, ...evidence] = positionals;
  if (exhibit === undefined)
    throw new UsageError('exhibit verify: no exhibit or manifest given', VERIFY_USAGE);
  if (evidence.length === 0)
    throw new UsageError('exhibit verify: no evidence files given', VERIFY_USAGE);

  let manifest: ExhibitManifest;
  try {
    manifest = await loadManifest(exhibit);
  } catch (err) {
    io.stderr.write(
      `itinera exhibit verify: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return EXIT_USAGE;
  }
  const result = await verifyManifest(
    manifest,
    evidence,
    gazetteerPath === undefined ? {} : { gazetteerPath },
  );
  const lines: string[] = [];
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (result.match) {
    lines.push(
      `match: ${manifest.inputs.length} evidence file${manifest.inputs.length === 1 ? '' : 's'}, ` +
        `${result.stops.length} stop${result.stops.length === 1 ? '' : 's'}, digest ${result.digest}`,
    );
  } else {
    for (const d of result.differences) lines.push(describe(d));
    lines.push(
      `${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return result.match ? EXIT_OK : EXIT_SOME_FAILED;
}
