import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveForRequest } from '../../electron/services/export-derive';
import { attachManifestToPdf, readManifestFromPdf } from '../../electron/services/exhibit-manifest';
import { buildExhibitModel } from '../../shared/export/exhibit-model';
import {
  buildExhibitManifest,
  canonicalJson,
  parseManifest,
  serializeManifest,
  stopsDigest,
  type ExhibitManifest,
} from '../../shared/export/manifest';
import { demoRequest } from './export-helpers';

const SOFTWARE = { name: 'Itinera', version: '0.0.0-test' };
let manifest: ExhibitManifest;

/** A one-page PDF with fixed dates, like the exhibit printer's output before the manifest. */
async function plainPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date(Date.UTC(2026, 10, 28)));
  doc.setModificationDate(new Date(Date.UTC(2026, 10, 28)));
  doc.setProducer('test');
  doc.setCreator('test');
  const page = doc.addPage([595, 842]);
  page.drawText('Exhibit 1', { x: 50, y: 780, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save({ useObjectStreams: false });
}

beforeAll(async () => {
  const { request } = await demoRequest('Europe/Brussels');
  const model = buildExhibitModel(request, deriveForRequest(request));
  manifest = buildExhibitManifest(request, model, {
    software: SOFTWARE,
    generatedAt: Date.UTC(2026, 10, 28, 12),
  });
}, 60_000);

describe('exhibit manifest', () => {
  it('records every input with its hash, the settings, options and a digest of the stops', () => {
    expect(manifest.format).toBe('itinera-exhibit-manifest');
    expect(manifest.generatedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(manifest.inputs.length).toBe(14);
    for (const input of manifest.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.result.stops.map((s) => s.n)).toEqual(
      manifest.result.stops.map((_, i) => i + 1),
    );
    expect(manifest.result.digest).toBe(stopsDigest(manifest.result.stops));
    expect(manifest.settings.displayZone).toBe('Europe/Brussels');
    expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
  });

  it('canonical JSON sorts keys and drops undefined, so the digest does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
    expect(canonicalJson({ a: NaN })).toBe('{"a":null}');
  });

  it('rejects what is not a manifest', () => {
    expect(() => parseManifest('{')).toThrow(/not JSON/);
    expect(() => parseManifest('{"format":"other"}')).toThrow(/not an itinera-exhibit-manifest/);
    expect(() => parseManifest(JSON.stringify({ ...manifest, version: 99 }))).toThrow(/version 99/);
  });

  it('is attached to a PDF as itinera-manifest.json, deterministically, and read back', async () => {
    const pdf = await plainPdf();
    const a = await attachManifestToPdf(pdf, manifest);
    const b = await attachManifestToPdf(pdf, manifest);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(await readManifestFromPdf(a)).toEqual(manifest);
    expect(await readManifestFromPdf(pdf)).toBeNull();

    // Poppler, not just our reader, finds the attachment.
    const dir = mkdtempSync(join(tmpdir(), 'itinera-manifest-'));
    writeFileSync(join(dir, 'exhibit.pdf'), a);
    const list = spawnSync('pdfdetach', ['-list', join(dir, 'exhibit.pdf')], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('itinera-manifest.json');
    const out = join(dir, 'out.json');
    const save = spawnSync('pdfdetach', ['-save', '1', '-o', out, join(dir, 'exhibit.pdf')]);
    expect(save.status).toBe(0);
    expect(parseManifest(readFileSync(out, 'utf8'))).toEqual(manifest);
  });
});
