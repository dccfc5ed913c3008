/**
 * Bundles the Electron side with esbuild:
 *   electron/main.ts                  → dist/electron/main.cjs          (CJS, electron external)
 *   electron/preload.ts               → dist/electron/preload.cjs       (CJS, one file, electron external)
 *   electron/workers/intake-worker.ts → dist/electron/intake-worker.mjs (ESM worker thread)
 * A sandboxed preload can `require` nothing but `electron`, so it must be a single file; main
 * and the worker are bundled too so the packaged app needs no node_modules.
 */
import { build, type BuildOptions } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'dist', 'electron');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: repoRoot,
};

export const bundles: { name: string; options: BuildOptions }[] = [
  {
    name: 'main',
    options: {
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: join(outDir, 'main.cjs'),
      format: 'cjs',
      external: ['electron'],
      // intake-worker-client falls back to __filename when import.meta is empty, and main
      // passes the worker location explicitly anyway.
      logOverride: { 'empty-import-meta': 'silent' },
    },
  },
  {
    name: 'preload',
    options: {
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: join(outDir, 'preload.cjs'),
      format: 'cjs',
      // The sandboxed preload runs in a renderer: no Node built-ins, only `electron`.
      platform: 'browser',
      target: 'chrome130',
      external: ['electron'],
    },
  },
  {
    name: 'intake-worker',
    options: {
      ...common,
      entryPoints: ['electron/workers/intake-worker.ts'],
      outfile: join(outDir, 'intake-worker.mjs'),
      format: 'esm',
      // Some CommonJS dependencies call require() on Node built-ins; give the ESM bundle one.
      banner: {
        js: "import { createRequire as __itineraCreateRequire } from 'node:module'; const require = __itineraCreateRequire(import.meta.url);",
      },
    },
  },
];

export async function buildElectron(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await Promise.all(bundles.map((b) => build(b.options)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().then(
    () => console.log(`electron: bundles written to ${outDir}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
