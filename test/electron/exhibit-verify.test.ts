import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExhibitVerify } from '../../electron/cli/commands/exhibit-verify';
import { attachManifestToPdf } from '../../electron/services/exhibit-manifest';
import { writeExport } from '../../electron/services/export-files';
import type { ExhibitManifest } from '../../shared/export/manifest';
import { demoPaths, requestFor } from './export-helpers';

const repoRoot = resolve(import.meta.dirname, '../..');

let dir: string;
let evidence: string[];
let manifestPath: string;
let pdfPath: string;
let manifest: ExhibitManifest;

function capture(): {
  io: { stdout: Writable; stderr: Writable };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: new Writable({
        write(chunk, _enc, done) {
          out += String(chunk);
          done();
        },
      }),
      stderr: new Writable({
        write(chunk, _enc, done) {
          err += String(chunk);
          done();
        },
      }),
    },
    out: () => out,
    err: () => err,
  };
}

async function verify(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await runExhibitVerify(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** A fresh copy of the demo case (so a file can be altered without touching the repo's). */
function copyCase(name: string): string[] {
  const target = join(dir, name);
  const source = resolve(demoPaths()[0]!, '..');
  cpSync(source, target, { recursive: true });
  return demoPaths().map((p) => join(target, p.slice(source.length + 1)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itinera-verify-'));
  evidence = copyCase('case');
  const request = await requestFor(evidence, 'Europe/Brussels');
  request.options.title = 'Verify test';
  manifestPath = join(dir, 'manifest.json');
  const rendered = await writeExport(request, 'csv', join(dir, 'timeline.csv'), {
    generatedAt: Date.UTC(2026, 10, 28, 12),
    manifestPath,
  });
  manifest = rendered.manifest;
  const doc = await PDFDocument.create();
  doc.addPage();
  pdfPath = join(dir, 'exhibit.pdf');
  writeFileSync(pdfPath, await attachManifestToPdf(await doc.save(), manifest));
}, 120_000);

describe('itinera exhibit verify', () => {
  it('reports a match on the real files, from the manifest file or the PDF, in any order', async () => {
    const a = await verify([manifestPath, ...evidence]);
    expect(a.err).toBe('');
    expect(a.out).toMatch(/^match: 14 evidence files, \d+ stops, digest [0-9a-f]{64}\n$/);
    expect(a.out).toContain(manifest.result.digest);
    expect(a.code).toBe(0);
    const b = await verify([pdfPath, ...[...evidence].reverse()]);
    expect(b.out).toMatch(/^match:/);
    expect(b.code).toBe(0);
  }, 60_000);

  it('reports a missing file and the stops that change without it', async () => {
    const r = await verify([manifestPath, evidence[0]!, evidence[2]!]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/missing file: Records\.json \(SHA-256 [0-9a-f]{64}\)/);
    expect(r.out).toMatch(/result digest: .* in the manifest, .* re-derived/);
    expect(r.out).toMatch(/\d+ differences\n$/);
  }, 60_000);

  it('reports an altered fix as an altered file and a changed stop', async () => {
    const altered = copyCase('altered');
    const csv = altered[0]!;
    // The truck's second fix is where stop 1 is placed: move it about a kilometre north.
    const text = readFileSync(csv, 'utf8').replace(
      '2024-04-16T14:01:00Z,51.120429,1.297591',
      '2024-04-16T14:01:00Z,51.130429,1.297591',
    );
    expect(text).toContain('51.130429');
    writeFileSync(csv, text);
    const r = await verify([manifestPath, ...altered]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /altered file: truck-TRK-0427\.csv has SHA-256 [0-9a-f]{64}, the manifest records [0-9a-f]{64}/,
    );
    expect(r.out).toMatch(/stop 1: (lat|lon|id|arrival|departure) /);
    rmSync(join(dir, 'altered'), { recursive: true });
  }, 60_000);

  it('reports an extra file', async () => {
    const extra = resolve(repoRoot, 'assets/demo/demo-truck.gpx');
    const r = await verify([manifestPath, ...evidence, extra]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/extra file: demo-truck\.gpx/);
  }, 60_000);

  it('reports a manifest whose stops were edited', async () => {
    const edited = structuredClone(manifest);
    edited.result.stops[0]!.arrival = '2024-04-16T13:00:00.000Z';
    const path = join(dir, 'edited.json');
    writeFileSync(path, JSON.stringify(edited));
    const r = await verify([path, ...evidence]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("the manifest's digest");
    expect(r.out).toContain('stop 1: arrival 2024-04-16T13:00:00.000Z in the manifest');
  }, 60_000);

  it('refuses a PDF without a manifest, and bad arguments', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const bare = join(dir, 'bare.pdf');
    writeFileSync(bare, await doc.save());
    const r = await verify([bare, ...evidence]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('without an embedded itinera-manifest.json');
    await expect(verify([manifestPath])).rejects.toThrow(/no evidence files given/);
  });
});
