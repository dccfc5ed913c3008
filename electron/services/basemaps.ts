/**
 * Basemap archives served to the renderer by byte range. MapLibre (through the pmtiles
 * library) asks for the header, directories and tiles of an archive; Electron's file:// ignores
 * Range requests, so the renderer asks over IPC and this service reads from a cached,
 * read-only file descriptor. Every range is bounds-checked against the size seen at open.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BasemapInfo } from '../../shared/api';

export interface BasemapEntry {
  id: string;
  name: string;
  origin: BasemapInfo['origin'];
  kind: 'pmtiles';
  path: string;
  attribution: string;
}

export type BasemapErrorCode =
  | 'basemap.unknown'
  | 'basemap.missing'
  | 'basemap.not-pmtiles'
  | 'basemap.unsupported-version'
  | 'basemap.out-of-range';

/** Errors whose message is safe to show the renderer (no paths beyond the file name). */
export class BasemapError extends Error {
  override name = 'BasemapError';
  constructor(
    readonly code: BasemapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const WORLD_BASEMAP_ID = 'world';

/** Same text as the archive's own metadata (assets/basemap/build-world.ts); a test checks. */
export const WORLD_BASEMAP_ATTRIBUTION =
  '© Natural Earth (public domain); places © GeoNames (CC BY 4.0)';

export function worldBasemapEntry(path: string): BasemapEntry {
  return {
    id: WORLD_BASEMAP_ID,
    name: 'World (offline)',
    origin: 'bundled',
    kind: 'pmtiles',
    path,
    attribution: WORLD_BASEMAP_ATTRIBUTION,
  };
}

/** PMTiles v3 header: "PMTiles" then the spec version byte. */
const PMTILES_MAGIC = 'PMTiles';
const PMTILES_VERSION = 3;

interface OpenArchive {
  handle: FileHandle;
  size: number;
}

export class BasemapRegistry {
  private readonly entries = new Map<string, BasemapEntry>();
  private readonly archives = new Map<string, Promise<OpenArchive>>();

  constructor(entries: BasemapEntry[] = []) {
    for (const entry of entries) this.register(entry);
  }

  register(entry: BasemapEntry): void {
    if (this.entries.has(entry.id)) throw new Error(`basemap id ${entry.id} registered twice`);
    this.entries.set(entry.id, entry);
  }

  /** The basemaps whose file exists; a missing bundled map is left out, not an error. */
  async list(): Promise<BasemapInfo[]> {
    const infos: BasemapInfo[] = [];
    for (const entry of this.entries.values()) {
      let size: number;
      try {
        size = (await stat(entry.path)).size;
      } catch {
        continue;
      }
      const { id, name, origin, kind, attribution } = entry;
      infos.push({ id, name, origin, kind, size, attribution });
    }
    return infos;
  }

  /**
   * Bytes [offset, offset + length) of the archive, shortened at the end of the file (the
   * pmtiles library asks for a 16 KiB header even from smaller files). An offset past the end
   * is an error. Returns a fresh ArrayBuffer of exactly the bytes read.
   */
  async readRange(id: string, offset: number, length: number): Promise<ArrayBuffer> {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new BasemapError('basemap.out-of-range', `offset ${offset} is not a valid position`);
    }
    if (!Number.isSafeInteger(length) || length <= 0) {
      throw new BasemapError('basemap.out-of-range', `length ${length} is not a valid length`);
    }
    const archive = await this.archive(id);
    if (offset > archive.size) {
      throw new BasemapError(
        'basemap.out-of-range',
        `offset ${offset} is past the end of basemap ${id} (${archive.size} bytes)`,
      );
    }
    const wanted = Math.min(length, archive.size - offset);
    const bytes = new Uint8Array(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await archive.handle.read(
        bytes,
        filled,
        wanted - filled,
        offset + filled,
      );
      if (bytesRead === 0) break; // the file shrank under us: return what exists
      filled += bytesRead;
    }
    return filled === wanted ? bytes.buffer : bytes.buffer.slice(0, filled);
  }

  /** Closes every cached descriptor; later reads reopen. */
  async close(): Promise<void> {
    const pending = [...this.archives.values()];
    this.archives.clear();
    await Promise.all(
      pending.map((p) =>
        p.then(
          (archive) => archive.handle.close(),
          () => undefined,
        ),
      ),
    );
  }

  private archive(id: string): Promise<OpenArchive> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new BasemapError('basemap.unknown', `no basemap ${id}`));
    let cached = this.archives.get(id);
    if (!cached) {
      cached = openArchive(entry);
      this.archives.set(id, cached);
      // A failed open is not cached: the file may appear later (e.g. assets built afterwards).
      cached.catch(() => this.archives.delete(id));
    }
    return cached;
  }
}

async function openArchive(entry: BasemapEntry): Promise<OpenArchive> {
  let handle: FileHandle;
  try {
    handle = await open(entry.path, 'r');
  } catch {
    throw new BasemapError(
      'basemap.missing',
      `basemap ${entry.id} (${basename(entry.path)}) cannot be opened`,
    );
  }
  try {
    const { size } = await handle.stat();
    const header = new Uint8Array(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    const magic = String.fromCharCode(...header.subarray(0, 7));
    if (bytesRead >= 4 && magic.startsWith('PM') && magic !== PMTILES_MAGIC) {
      // v1/v2 archives start with "PM" and a little-endian uint16 version.
      throw new BasemapError(
        'basemap.unsupported-version',
        `${basename(entry.path)} is PMTiles version ${header[2]! | (header[3]! << 8)}; only version 3 is supported`,
      );
    }
    if (bytesRead < 8 || magic !== PMTILES_MAGIC) {
      throw new BasemapError(
        'basemap.not-pmtiles',
        `${basename(entry.path)} is not a PMTiles archive`,
      );
    }
    // pmtiles 4.x rejects v2 archives with a misleading "compression" error: say it plainly.
    if (header[7] !== PMTILES_VERSION) {
      throw new BasemapError(
        'basemap.unsupported-version',
        `${basename(entry.path)} is PMTiles version ${header[7]}; only version 3 is supported`,
      );
    }
    return { handle, size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}
