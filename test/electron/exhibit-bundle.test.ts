/**
 * The exhibit and export services as Electron's main bundle carries them: CommonJS built with
 * main's own esbuild options, where `import.meta` is empty. Loading them and running an export
 * must not depend on `import.meta.url` (it crashed the app on its first export).
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundles } from '../../electron/build';
import { demoRequest } from './export-helpers';

const repoRoot = resolve(import.meta.dirname, '../..');
const nodeRequire = createRequire(import.meta.url);

type Loaded = Record<string, (...args: never[]) => unknown>;

describe('exhibit services in the CommonJS main bundle', () => {
  // Two levels below the repository, as dist/electron/main.cjs is.
  const dir = join(repoRoot, 'dist', `test-exhibit-bundle-${process.pid}`);
  const mods: Record<string, Loaded> = {};

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    const main = bundles.find((b) => b.name === 'main')!;
    for (const name of ['export-files', 'exhibit-render', 'export-derive']) {
      const outfile = join(dir, `${name}.cjs`);
      await build({
        ...main.options,
        entryPoints: [`electron/services/${name}.ts`],
        outfile,
        sourcemap: false,
        logLevel: 'silent',
      });
      mods[name] = nodeRequire(outfile) as Loaded;
    }
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads without import.meta and finds package.json and the gazetteer', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const software = mods['export-files']!.softwareInfo!() as { version: string };
    expect(software.version).toBe(pkg.version);
    const app = mods['exhibit-render']!.appSoftware!() as { name: string; version: string };
    expect(app).toEqual({ name: 'Itinera', version: pkg.version });
    expect(mods['export-derive']!.bundledGazetteerPath!()).toBe(
      join(repoRoot, 'assets', 'gazetteer', 'places.bin'),
    );
  });

  it('writes an export from the bundle', async () => {
    const { request } = await demoRequest();
    const renderExport = mods['export-files']!.renderExport as unknown as (
      ...args: unknown[]
    ) => Promise<{ bytes: Uint8Array; model: { stops: unknown[] } }>;
    const out = await renderExport(request, 'csv', { generatedAt: 0 });
    expect(out.model.stops.length).toBeGreaterThan(0);
    const csv = new TextDecoder().decode(out.bytes);
    expect(csv.split('\n').length).toBeGreaterThan(out.model.stops.length);
  }, 120_000);
});
