/**
 * The bridge between the photo intake and the metadata reader in shared/: an fs-handle
 * `ByteRangeReader` that serves the reader's many small reads (IFD entries, box headers) from
 * one cached block, so a typical JPEG costs one 64 KiB read.
 */
import type { FileHandle } from 'node:fs/promises';
import { readPhoto } from '../../shared/formats/photo/index';
import type { ImportIssue, Photo } from '../../shared/model';
import { zoneAtCoordinates } from '../../shared/time/zone-at-coordinates';

export interface ByteRangeReader {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface PhotoReadOptions {
  zoneAt?: (lat: number, lon: number) => string | undefined;
  fallbackZone?: string;
  disagreementMs?: number;
}

export interface PhotoReadResult {
  photo: Photo | null;
  issues: ImportIssue[];
  bytesRead: number;
}

export type ReadPhotoFn = (
  file: ByteRangeReader,
  name: string,
  fileIndex: number,
  opts?: PhotoReadOptions,
) => Promise<PhotoReadResult>;

/** Bytes read at once: the head of a JPEG or TIFF holds all its metadata well within this. */
export const PHOTO_BLOCK_BYTES = 64 * 1024;

/**
 * Reads through an open handle, caching the last block read. Reads past the end of the file
 * return what exists (possibly nothing); the reader in shared/ reports truncation itself.
 */
export class HandleRangeReader implements ByteRangeReader {
  private block: Uint8Array = new Uint8Array(0);
  private blockStart = 0;
  /** Bytes actually read from disk. */
  bytesFromDisk = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** The cached block starting at 0, when the caller already read the head. */
  prime(head: Uint8Array): void {
    this.block = head;
    this.blockStart = 0;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + Math.max(0, length), this.size));
    if (start >= this.blockStart && end <= this.blockStart + this.block.length)
      return this.block.subarray(start - this.blockStart, end - this.blockStart);
    const wanted = Math.min(this.size - start, Math.max(end - start, PHOTO_BLOCK_BYTES));
    const bytes = await readAt(this.handle, start, wanted);
    this.bytesFromDisk += bytes.length;
    this.block = bytes;
    this.blockStart = start;
    return bytes.subarray(0, Math.min(bytes.length, end - start));
  }
}

export async function readAt(
  handle: FileHandle,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? bytes : bytes.subarray(0, filled);
}

/** The metadata reader of shared/ (JPEG, HEIF, TIFF, PNG, WebP), typed as this module uses it. */
export const readPhotoInShared: ReadPhotoFn = readPhoto;

/** The offline zone lookup of shared/, for DateTimeOriginal without an offset. */
export const zoneAtCoordinatesInShared = zoneAtCoordinates;
