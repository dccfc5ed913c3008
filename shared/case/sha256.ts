/**
 * shared/ has no node:crypto and Web Crypto is asynchronous, so the case code takes its SHA-256
 * from the caller: the Node side passes node:crypto, a renderer could pass a JS implementation.
 */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  /** The 32-byte digest; the hasher is not used after this. */
  digest(): Uint8Array;
}

export type Sha256Factory = () => Sha256;

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

const encoder = new TextEncoder();

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export function sha256Text(text: string, sha: Sha256Factory): string {
  const hasher = sha();
  hasher.update(encoder.encode(text));
  return toHex(hasher.digest());
}
