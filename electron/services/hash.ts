/**
 * SHA-256 of evidence files. Intake hashes while it parses (one pass over the bytes); this
 * module is for callers that only need the digest, e.g. verifying an exhibit's manifest.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

export const HASH_CHUNK_BYTES = 1024 * 1024;

export function createSha256(): Hash {
  return createHash('sha256');
}

/** Lower-case hex SHA-256 of a file, read-only and in chunks (never the whole file in memory). */
export async function sha256File(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const hash = createSha256();
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
