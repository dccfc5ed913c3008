/**
 * The photo files the renderer may read back (embedded previews, whole images for the viewer).
 * Only files of photo sources imported in this app session are served, only inside the file,
 * and whole images only up to a cap: the renderer can never turn these channels into a way of
 * reading arbitrary files from the examiner's disk.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { ImportResult } from '../../shared/api';

/** A POSIX path that `resolve` returns unchanged: absolute, no empty, `.` or `..` segment. */
const RESOLVED_POSIX = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/**
 * `resolve(path)`, without resolving a path that already is resolved. A photo folder registers
 * ten thousand paths per import, each already absolute: `resolve` walks every character of
 * each in JavaScript, while the check runs in the regular-expression engine.
 */
export function resolvedPath(path: string): string {
  return sep === '/' && RESOLVED_POSIX.test(path) ? path : resolve(path);
}

/** Whole images above this are refused: the viewer shows the embedded preview instead. */
export const MAX_PHOTO_IMAGE_BYTES = 64 * 1024 * 1024;

export type PhotoFileErrorCode =
  'photo.not-imported' | 'photo.out-of-range' | 'photo.too-large' | 'photo.unreadable';

/** An error whose message may be shown to the renderer (it names only the path it was sent). */
export class PhotoFileError extends Error {
  override name = 'PhotoFileError';
  constructor(
    readonly code: PhotoFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class PhotoFileRegistry {
  /** Absolute path → size at import. */
  private readonly files = new Map<string, number>();

  constructor(private readonly maxImageBytes = MAX_PHOTO_IMAGE_BYTES) {}

  /** Registers the files of every photo source among the results. */
  registerResults(results: readonly ImportResult[]): void {
    for (const result of results) {
      if (!result.ok || result.source.kind !== 'photos') continue;
      for (const file of result.source.files)
        if (file.path !== undefined) this.files.set(resolvedPath(file.path), file.size);
    }
  }

  has(path: string): boolean {
    return this.files.has(resolve(path));
  }

  get size(): number {
    return this.files.size;
  }

  /** `length` bytes from `offset`; a range reaching past the end of the file is refused. */
  async readRange(path: string, offset: number, length: number): Promise<ArrayBuffer> {
    const key = this.known(path);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length <= 0)
      throw new PhotoFileError('photo.out-of-range', `invalid range ${offset}+${length}`);
    return this.withFile(path, key, async (handle, size) => {
      if (offset + length > size)
        throw new PhotoFileError(
          'photo.out-of-range',
          `range ${offset}+${length} is outside ${path} (${size} bytes)`,
        );
      return readExactly(handle, offset, length, path);
    });
  }

  /** The whole file, refused above the cap. */
  async readImage(path: string): Promise<ArrayBuffer> {
    const key = this.known(path);
    return this.withFile(path, key, async (handle, size) => {
      if (size > this.maxImageBytes)
        throw new PhotoFileError(
          'photo.too-large',
          `${path} is ${size} bytes, more than the viewer's limit of ${this.maxImageBytes}`,
        );
      return readExactly(handle, 0, size, path);
    });
  }

  private known(path: string): string {
    const key = resolve(path);
    if (!this.files.has(key))
      throw new PhotoFileError(
        'photo.not-imported',
        `${path} is not a photo imported in this session`,
      );
    return key;
  }

  private async withFile<T>(
    path: string,
    key: string,
    use: (handle: FileHandle, size: number) => Promise<T>,
  ): Promise<T> {
    let handle: FileHandle;
    try {
      handle = await open(key, 'r');
    } catch {
      throw new PhotoFileError('photo.unreadable', `${path} can no longer be opened`);
    }
    try {
      const info = await handle.stat();
      // The smaller of the size at import and now: a file that grew serves no new bytes.
      const size = Math.min(info.size, this.files.get(key) ?? info.size);
      return await use(handle, size);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }
}

async function readExactly(
  handle: FileHandle,
  offset: number,
  length: number,
  path: string,
): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, offset + filled);
    if (bytesRead === 0)
      throw new PhotoFileError('photo.unreadable', `${path} shrank while it was read`);
    filled += bytesRead;
  }
  return bytes.buffer;
}
