/**
 * Where the exhibit and export services find the repository's own files (package.json, the
 * bundled gazetteer) when nobody passes their paths. Run by tsx or vitest this module is ESM
 * and `import.meta.url` is set; in Electron's main bundle (CommonJS, electron/build.ts)
 * `import.meta` is empty and `__dirname` is defined instead. Both `electron/services/` and
 * `dist/electron/` sit two levels below the repository root. Evaluated on call, never at module
 * load, so loading an export module can never throw.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function moduleDir(metaUrl: string | undefined): string {
  if (metaUrl) return dirname(fileURLToPath(metaUrl));
  if (typeof __dirname === 'string') return __dirname;
  return process.cwd();
}

/** The repository root seen from `electron/services/*.ts` or from `dist/electron/main.cjs`. */
export function serviceRepoRoot(): string {
  return resolve(moduleDir((import.meta as { url?: string }).url), '..', '..');
}
