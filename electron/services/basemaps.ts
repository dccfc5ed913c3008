/**
 * The basemaps the app can draw: the bundled world map plus the `.pmtiles` and `.mbtiles`
 * files the examiner added (remembered in the app data directory by basemap-store.ts).
 *
 * PMTiles are served to the renderer by byte range (`readRange`): MapLibre, through the
 * pmtiles library, asks for the header, directories and tiles, and Electron's file:// ignores
 * Range requests. MBTiles are served tile by tile (`readTile`), looked up in the SQLite file
 * page by page (mbtiles.ts); PMTiles can be read that way too. Files are opened read-only and
 * their descriptors cached; every range is bounds-checked against the size seen at open.
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PMTiles } from 'pmtiles';
import type { BasemapInfo } from '../../shared/api';
import { WORLD_BOUNDS, type BasemapKind } from '../../shared/map/basemap-info';
import { WORLD_MAX_ZOOM, WORLD_MIN_ZOOM, WORLD_SOURCE_LAYERS } from '../../shared/map/world-schema';
import { BasemapError } from './basemap-errors';
import {
  checkPmtilesHeader,
  fileSource,
  fromMbtilesError,
  plainTile,
  probeBasemap,
  readAt,
  type ProbedBasemap,
} from './basemap-probe';
import type { BasemapStore, RememberedBasemap } from './basemap-store';
import { MbtilesArchive } from './mbtiles';

export { BasemapError, type BasemapErrorCode } from './basemap-errors';

export interface BasemapEntry {
  id: string;
  name: string;
  origin: BasemapInfo['origin'];
  kind: BasemapKind;
  path: string;
  attribution: string;
  /** What the file holds when known without opening it (bundled), or from its last probe. */
  known?: ProbedBasemap;
  /** ISO time a user basemap was added. */
  addedAt?: string;
}

export const WORLD_BASEMAP_ID = 'world';

/** Same text as the archive's own metadata (assets/basemap/build-world.ts); a test checks. */
export const WORLD_BASEMAP_ATTRIBUTION =
  '© Natural Earth (public domain); places © GeoNames (CC BY 4.0)';

export function worldBasemapEntry(path: string): BasemapEntry {
  const name = 'World (offline)';
  return {
    id: WORLD_BASEMAP_ID,
    name,
    origin: 'bundled',
    kind: 'pmtiles',
    path,
    attribution: WORLD_BASEMAP_ATTRIBUTION,
    // Built by the app itself: no need to open it to know what it is.
    known: {
      name,
      kind: 'pmtiles',
      size: 0,
      attribution: WORLD_BASEMAP_ATTRIBUTION,
      tileType: 'vector',
      format: 'pbf',
      schema: 'world',
      role: 'basemap',
      minzoom: WORLD_MIN_ZOOM,
      maxzoom: WORLD_MAX_ZOOM,
      bounds: WORLD_BOUNDS,
      center: [0, 20, 1],
      vectorLayers: Object.values(WORLD_SOURCE_LAYERS),
    },
  };
}

/** A user basemap's id: stable for a path, so adding the same file twice finds the first. */
export function userBasemapId(path: string): string {
  return `user-${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 16)}`;
}

interface OpenPmtiles {
  kind: 'pmtiles';
  handle: FileHandle;
  size: number;
  /** For `readTile`; range reads use the handle directly. */
  pm: PMTiles;
}

interface OpenMbtiles {
  kind: 'mbtiles';
  archive: MbtilesArchive;
}

type OpenBasemap = OpenPmtiles | OpenMbtiles;

interface ProbeCache {
  size: number;
  mtimeMs: number;
  result: ProbedBasemap | BasemapError;
}

/** PMTiles tile ids overflow past zoom 26 (the pmtiles library refuses them). */
const PMTILES_MAX_ZOOM = 26;

export interface BasemapRegistryOptions {
  /** Where user basemaps are remembered; without it `add` and `remove` still work, unpersisted. */
  store?: BasemapStore;
}

export class BasemapRegistry {
  private readonly entries = new Map<string, BasemapEntry>();
  private readonly opened = new Map<string, Promise<OpenBasemap>>();
  private readonly probes = new Map<string, ProbeCache>();
  private readonly store: BasemapStore | undefined;
  /** Adds and removes run one at a time, so the remembered list is never written twice at once. */
  private mutations: Promise<unknown> = Promise.resolve();

  constructor(entries: BasemapEntry[] = [], options: BasemapRegistryOptions = {}) {
    for (const entry of entries) this.register(entry);
    this.store = options.store;
  }

  register(entry: BasemapEntry): void {
    if (this.entries.has(entry.id)) throw new Error(`basemap id ${entry.id} registered twice`);
    this.entries.set(entry.id, entry);
  }

  /** Registers the remembered user basemaps (call once at start). Missing files stay listed. */
  async loadRemembered(): Promise<void> {
    if (!this.store) return;
    for (const item of await this.store.load()) {
      if (this.entries.has(item.id)) continue;
      const { id: _id, origin: _origin, status: _status, note: _note, ...known } = item.info;
      this.register({
        id: item.id,
        name: item.info.name,
        origin: 'user',
        kind: item.info.kind,
        path: item.path,
        attribution: item.info.attribution,
        known,
        addedAt: item.addedAt,
      });
    }
  }

  /**
   * Every basemap: bundled ones whose file exists (a missing bundled map is left out, not an
   * error), and every user basemap, a missing or no longer readable file with its status.
   */
  async list(): Promise<BasemapInfo[]> {
    const infos: BasemapInfo[] = [];
    for (const entry of this.entries.values()) {
      const info = await this.info(entry);
      if (info) infos.push(info);
    }
    return infos;
  }

  /**
   * Opens, checks and remembers a basemap file. Nothing changes when it fails: the error says
   * why (unsupported version, corrupt, empty, not a basemap). Adding a file already added
   * answers its current info.
   */
  add(path: string): Promise<BasemapInfo> {
    return this.serialized(async () => {
      const full = resolve(path);
      const id = userBasemapId(full);
      const existing = this.entries.get(id);
      const probed = await probeBasemap(full);
      if (existing) {
        existing.known = probed;
        this.probes.delete(id);
        await this.closeOne(id);
        return { ...probed, id, origin: existing.origin, status: 'ok' };
      }
      const entry: BasemapEntry = {
        id,
        name: probed.name,
        origin: 'user',
        kind: probed.kind,
        path: full,
        attribution: probed.attribution,
        known: probed,
        addedAt: new Date().toISOString(),
      };
      this.register(entry);
      try {
        await this.persist();
      } catch (err) {
        this.entries.delete(id);
        throw err;
      }
      return { ...probed, id, origin: 'user', status: 'ok' };
    });
  }

  /** Forgets a user basemap (its file is not touched); answers the remaining list. */
  remove(id: string): Promise<BasemapInfo[]> {
    return this.serialized(async () => {
      const entry = this.entries.get(id);
      if (!entry) throw new BasemapError('basemap.unknown', `no basemap ${id}`);
      if (entry.origin !== 'user') {
        throw new BasemapError('basemap.bundled', `${entry.name} comes with the app and stays`);
      }
      this.entries.delete(id);
      this.probes.delete(id);
      await this.closeOne(id);
      try {
        await this.persist();
      } catch (err) {
        this.entries.set(id, entry);
        throw err;
      }
      return this.list();
    });
  }

  /**
   * Bytes [offset, offset + length) of a PMTiles archive, shortened at the end of the file (the
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
    const opened = await this.open(id);
    if (opened.kind !== 'pmtiles') {
      throw new BasemapError(
        'basemap.wrong-kind',
        `basemap ${id} is an MBTiles file: read it tile by tile (readBasemapTile)`,
      );
    }
    if (offset > opened.size) {
      throw new BasemapError(
        'basemap.out-of-range',
        `offset ${offset} is past the end of basemap ${id} (${opened.size} bytes)`,
      );
    }
    return readAt(opened.handle, opened.size, offset, length);
  }

  /**
   * The tile at XYZ z/x/y, decompressed (MapLibre wants raw vector tiles), or an empty
   * ArrayBuffer when the file has none there.
   */
  async readTile(id: string, z: number, x: number, y: number): Promise<ArrayBuffer> {
    const n = 2 ** z;
    if (![z, x, y].every(Number.isSafeInteger) || z < 0 || x < 0 || y < 0 || x >= n || y >= n) {
      throw new BasemapError('basemap.out-of-range', `no tile ${z}/${x}/${y}`);
    }
    const opened = await this.open(id);
    let data: Uint8Array | null;
    if (opened.kind === 'pmtiles') {
      if (z > PMTILES_MAX_ZOOM) return new ArrayBuffer(0);
      const tile = await opened.pm.getZxy(z, x, y).catch((err: unknown) => {
        throw new BasemapError('basemap.corrupt', `basemap ${id} is damaged: ${message(err)}`);
      });
      data = tile ? new Uint8Array(tile.data) : null;
    } else {
      const entry = this.entries.get(id)!;
      data = await opened.archive.tile(z, x, y).catch((err: unknown) => {
        throw fromMbtilesError(err, basename(entry.path));
      });
    }
    if (!data || data.length === 0) return new ArrayBuffer(0);
    return exactBuffer(await plainTile(data));
  }

  /** Closes every cached file; later reads reopen. */
  async close(): Promise<void> {
    const pending = [...this.opened.keys()];
    await Promise.all(pending.map((id) => this.closeOne(id)));
  }

  private async info(entry: BasemapEntry): Promise<BasemapInfo | null> {
    const { id, origin } = entry;
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = await stat(entry.path));
    } catch {
      if (origin === 'bundled') return null;
      return { ...(entry.known ?? unknownInfo(entry)), id, origin, status: 'missing' };
    }
    if (origin === 'bundled' && entry.known) {
      return { ...entry.known, name: entry.name, size, id, origin, status: 'ok' };
    }
    let cached = this.probes.get(id);
    if (!cached || cached.size !== size || cached.mtimeMs !== mtimeMs) {
      let result: ProbedBasemap | BasemapError;
      try {
        result = await probeBasemap(entry.path);
      } catch (err) {
        result =
          err instanceof BasemapError ? err : new BasemapError('basemap.corrupt', message(err));
      }
      cached = { size, mtimeMs, result };
      this.probes.set(id, cached);
    }
    if (cached.result instanceof BasemapError) {
      const base = entry.known ?? unknownInfo(entry);
      return { ...base, size, id, origin, status: 'unreadable', note: cached.result.message };
    }
    return { ...cached.result, id, origin, status: 'ok' };
  }

  private open(id: string): Promise<OpenBasemap> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new BasemapError('basemap.unknown', `no basemap ${id}`));
    let cached = this.opened.get(id);
    if (!cached) {
      cached = openBasemap(entry);
      this.opened.set(id, cached);
      // A failed open is not cached: the file may appear later (e.g. assets built afterwards).
      cached.catch(() => {
        if (this.opened.get(id) === cached) this.opened.delete(id);
      });
    }
    return cached;
  }

  private async closeOne(id: string): Promise<void> {
    const pending = this.opened.get(id);
    if (!pending) return;
    this.opened.delete(id);
    await pending.then(
      (opened) => (opened.kind === 'pmtiles' ? opened.handle.close() : opened.archive.close()),
      () => undefined,
    );
  }

  private async persist(): Promise<void> {
    if (!this.store) return;
    const remembered: RememberedBasemap[] = [];
    for (const entry of this.entries.values()) {
      if (entry.origin !== 'user' || !entry.known) continue;
      remembered.push({
        id: entry.id,
        path: entry.path,
        addedAt: entry.addedAt ?? new Date().toISOString(),
        info: { ...entry.known, id: entry.id, origin: 'user', status: 'ok' },
      });
    }
    await this.store.save(remembered);
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const next = this.mutations.then(run, run);
    this.mutations = next.catch(() => undefined);
    return next;
  }
}

function unknownInfo(entry: BasemapEntry): ProbedBasemap {
  return {
    name: entry.name,
    kind: entry.kind,
    size: 0,
    attribution: entry.attribution,
    tileType: 'vector',
    format: 'unknown',
    schema: 'unknown',
    role: 'basemap',
    minzoom: 0,
    maxzoom: 0,
    bounds: WORLD_BOUNDS,
    center: [0, 0, 0],
    vectorLayers: [],
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

async function openBasemap(entry: BasemapEntry): Promise<OpenBasemap> {
  const fileName = basename(entry.path);
  if (entry.kind === 'mbtiles') {
    try {
      return { kind: 'mbtiles', archive: await MbtilesArchive.open(entry.path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new BasemapError(
          'basemap.missing',
          `basemap ${entry.id} (${fileName}) cannot be opened`,
        );
      }
      throw fromMbtilesError(err, fileName);
    }
  }
  let handle: FileHandle;
  try {
    handle = await open(entry.path, 'r');
  } catch {
    throw new BasemapError('basemap.missing', `basemap ${entry.id} (${fileName}) cannot be opened`);
  }
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(await readAt(handle, size, 0, 8));
    try {
      checkPmtilesHeader(head, fileName);
    } catch (err) {
      // The range channel's callers know this code for "not an archive at all".
      if (err instanceof BasemapError && err.code === 'basemap.not-a-basemap') {
        throw new BasemapError('basemap.not-pmtiles', `${fileName} is not a PMTiles archive`);
      }
      throw err;
    }
    return { kind: 'pmtiles', handle, size, pm: new PMTiles(fileSource(handle, size, entry.id)) };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}
