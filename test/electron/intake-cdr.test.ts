/**
 * Call detail records with a cell-site list in one import job: the list is applied to the CDR
 * (one source listing both files with their hashes, cells carrying azimuths) and does not
 * become a source of its own; a CDR alone keeps the coordinates its rows give.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEvidence } from '../../electron/services/intake';
import { sniffCellSites } from '../../shared/formats/cdr/cells';
import type { ImportedSource, ImportResult } from '../../shared/api';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CDR = resolve(
  repoRoot,
  '../shared/fixtures/cdr/spatialdatacommons_fictional_cdr_2013-10-01.csv',
);
const present = existsSync(CDR);
if (!present) console.warn(`skipping CDR + site list intake: ${CDR} not present`);

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');
const IMPORTED_AT = Date.UTC(2026, 0, 1);

function sourceOf(result: ImportResult | undefined): ImportedSource {
  if (!result?.ok) throw new Error(`expected a source, got ${JSON.stringify(result)}`);
  return result.source;
}

/** The fixture's rows are `subscriber,time,duration,cell,lon,lat`. */
function fixtureRows(): string[][] {
  return readFileSync(CDR, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

describe('sniffCellSites', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('recognises a site list header and rejects logs with a time column', () => {
    expect(sniffCellSites(enc('cell_id,lat,lon,azimuth\n44786,7.47,80.63,120\n'))?.extras).toEqual([
      'azimuth',
    ]);
    expect(sniffCellSites(enc('\uFEFFCell ID;Latitude;Longitude\n1;50.1;4.2\n'))).not.toBeNull();
    expect(sniffCellSites(enc('time,cell,lat,lon\n2013-10-01 10:00,1,7,80\n'))).toBeNull();
    expect(sniffCellSites(enc('name,lat,lon\nx,7,80\n'))).toBeNull();
    expect(sniffCellSites(enc('cell,lat,lon\n'))).toBeNull();
  });
});

describe.skipIf(!present)('CDR with a cell-site list', () => {
  let dir: string;
  let sitesPath: string;
  let bareCdr: string;
  const cells = new Map<string, { lon: number; lat: number }>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'itinera-cdr-'));
    const rows = fixtureRows();
    for (const r of rows) cells.set(r[3]!, { lon: Number(r[4]), lat: Number(r[5]) });
    // Azimuth by position in the list; the last cell is left out of the list on purpose.
    const listed = [...cells].slice(0, -1);
    sitesPath = join(dir, 'sites.csv');
    writeFileSync(
      sitesPath,
      'Cell ID,Latitude,Longitude,Azimuth,Beam width,Range\n' +
        listed
          .map(([id, p], i) => `${id},${p.lat},${p.lon},${(i * 120) % 360},65,${1000 + i}`)
          .join('\n') +
        '\n',
    );
    // The same records without coordinates: only the site list can place them.
    bareCdr = join(dir, 'bare-cdr.csv');
    writeFileSync(bareCdr, rows.map((r) => r.slice(0, 4).join(',')).join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a CDR alone with its in-row coordinates', async () => {
    const results = await importEvidence([CDR], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.kind).toBe('cell');
    expect(source.files).toHaveLength(1);
    expect(source.fixes.count).toBe(fixtureRows().length);
    expect(source.cells?.length).toBe(cells.size);
    expect(source.cells!.every((c) => c.azimuthDeg === undefined && c.rangeAssumed)).toBe(true);
    expect(source.fixCells?.length).toBe(source.fixes.count);
  });

  it('applies the site list: one source, both files hashed, cells with azimuths', async () => {
    const results = await importEvidence([sitesPath, CDR], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    expect(source.format).toBe('cdr');
    expect(source.files.map((f) => [f.name, f.sha256])).toEqual([
      [basename(CDR), sha256(CDR)],
      [basename(sitesPath), sha256(sitesPath)],
    ]);
    const withAzimuth = source.cells!.filter((c) => c.azimuthDeg !== undefined);
    expect(withAzimuth).toHaveLength(cells.size - 1);
    expect(withAzimuth.every((c) => c.beamWidthDeg === 65 && !c.rangeAssumed)).toBe(true);
    expect(new Set(withAzimuth.map((c) => c.azimuthDeg))).toEqual(new Set([0, 120, 240]));
    expect(
      source.issues.some((i) => i.code === 'cdr.sites.applied' && i.file === 'sites.csv'),
    ).toBe(true);
    // Each fix points at its cell, and its accuracy is that cell's range.
    for (let i = 0; i < source.fixes.count; i += 50) {
      const cell = source.cells![source.fixCells![i]!]!;
      expect(source.fixes.lat[i]).toBe(cell.lat);
      expect(source.fixes.accuracyM![i]).toBe(cell.rangeM);
    }
  });

  it('places records without coordinates at the listed sites', async () => {
    const [alone] = await importEvidence([bareCdr], { importedAt: IMPORTED_AT, inProcess: true });
    expect(sourceOf(alone).fixes.count).toBe(0);
    const results = await importEvidence([bareCdr, sitesPath], { importedAt: IMPORTED_AT });
    expect(results).toHaveLength(1);
    const source = sourceOf(results[0]);
    const [lastId] = [...cells.keys()].slice(-1);
    const unlisted = fixtureRows().filter((r) => r[3] === lastId).length;
    expect(source.fixes.count).toBe(fixtureRows().length - unlisted);
    expect(source.files).toHaveLength(2);
    const first = fixtureRows()[0]!;
    expect(source.fixes.lat[0]).toBeCloseTo(Number(first[5]), 6);
    expect(source.fixes.lon[0]).toBeCloseTo(Number(first[4]), 6);
  });

  it('keeps a site list imported without a CDR as it was', async () => {
    const results = await importEvidence([sitesPath], { importedAt: IMPORTED_AT, inProcess: true });
    expect(results).toHaveLength(1);
    expect(results[0]!.path).toBe(sitesPath);
  });
});
