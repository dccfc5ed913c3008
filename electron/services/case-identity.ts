/**
 * Who and what is recorded in a case's audit log: the operating-system account and the software
 * version, plus SHA-256 from node:crypto for the shared case code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sha256Factory } from '../../shared/case/sha256';

export const nodeSha256: Sha256Factory = () => {
  const hash = createHash('sha256');
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => new Uint8Array(hash.digest()),
  };
};

/** The operating-system account running the app; `unknown` where the system cannot say. */
export function currentAccount(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
  }
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}

let cachedVersion: string | undefined;

/**
 * `Itinera <version>` from the package.json above this module. The Electron main process should
 * pass `app.getVersion()` instead (a bundled main has no package.json beside its modules).
 */
export function softwareVersion(): string {
  if (cachedVersion) return cachedVersion;
  let version = 'unknown';
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      const candidate = join(dir, 'package.json');
      if (existsSync(candidate)) {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === 'itinera' && pkg.version) {
          version = pkg.version;
          break;
        }
      }
      dir = dirname(dir);
    }
  } catch {
    // import.meta.url is absent in a CommonJS bundle: the caller supplies the version there.
  }
  cachedVersion = `Itinera ${version}`;
  return cachedVersion;
}
