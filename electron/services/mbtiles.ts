/**
 * An MBTiles file read through the page reader (mbtiles-sqlite.ts): its `metadata` table and
 * tile lookups by z/x/y. MBTiles stores rows in TMS order (y grows northwards); callers give
 * XYZ rows as MapLibre asks for them, and the flip happens here.
 *
 * Three physical layouts are recognised from the schema, never from the file name:
 * - a `tiles` table with a (zoom_level, tile_column, tile_row) index (tilemaker, most tools);
 * - mbutil's deduplicated `map` + `images` tables behind a `tiles` view (TileMill exports);
 * - planetiler's compact `tiles_shallow` (WITHOUT ROWID) + `tiles_data` behind a `tiles` view.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { SqliteFormatError, SqliteReader, type SchemaRow, type SqlValue } from './mbtiles-sqlite';

export class MbtilesError extends Error {
  override name = 'MbtilesError';
  constructor(
    readonly code: 'mbtiles.not-sqlite' | 'mbtiles.no-tiles' | 'mbtiles.corrupt' | 'mbtiles.wal',
    message: string,
  ) {
    super(message);
  }
}

export interface MbtilesTile {
  z: number;
  x: number;
  /** XYZ row. */
  y: number;
  data: Uint8Array;
}

/** Tiles present at one zoom, as an XYZ rectangle (inclusive). */
export interface TileSpan {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** How to find one tile's bytes, resolved once from the schema. */
type TileLookup = (z: number, x: number, tmsY: number) => Promise<Uint8Array | null>;

interface TableShape {
  root: number;
  columns: string[];
  /** Column declared `INTEGER PRIMARY KEY`: stored as NULL, its value is the rowid. */
  rowidAlias: number;
  withoutRowid: boolean;
}

const TILE_KEY = ['zoom_level', 'tile_column', 'tile_row'];

export class MbtilesArchive {
  private constructor(
    private readonly handle: FileHandle,
    private readonly db: SqliteReader,
    readonly metadata: Readonly<Record<string, string>>,
    private readonly lookup: TileLookup,
    /** Root of the b-tree ordered by (zoom_level, tile_column, tile_row), for `firstTile`. */
    private readonly keyIndexRoot: number,
    /** Where the tile id sits in a key-index entry after the three key columns (mbutil, compact). */
    readonly layout: 'tiles-table' | 'mbutil' | 'compact',
  ) {}

  static async open(path: string): Promise<MbtilesArchive> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
        const bytes = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await handle.read(
            bytes,
            filled,
            bytes.length - filled,
            offset + filled,
          );
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === bytes.length ? bytes : bytes.subarray(0, filled);
      };
      let db: SqliteReader;
      try {
        db = await SqliteReader.open(readAt, size);
      } catch (err) {
        throw new MbtilesError('mbtiles.not-sqlite', describe(err, 'not an SQLite database'));
      }
      if (db.writeVersion === 2) await refusePendingWal(path);
      const schema = await wrapCorrupt(() => db.schema());
      const metadata = await wrapCorrupt(() => readMetadata(db, schema));
      const { lookup, keyIndexRoot, layout } = resolveLayout(db, schema);
      return new MbtilesArchive(handle, db, metadata, lookup, keyIndexRoot, layout);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  /** The tile at XYZ z/x/y, or null when the file has none there. */
  async tile(z: number, x: number, y: number): Promise<Uint8Array | null> {
    const n = 2 ** z;
    if (x < 0 || y < 0 || x >= n || y >= n) return null;
    return wrapCorrupt(() => this.lookup(z, x, n - 1 - y));
  }

  /** The tile with the smallest (zoom, column, row), or null when the file holds none. */
  async firstTile(): Promise<MbtilesTile | null> {
    return wrapCorrupt(async () => {
      const entry = await this.db.firstIndexEntry(this.keyIndexRoot);
      if (!entry) return null;
      const [z, x, tmsY] = entry;
      if (typeof z !== 'number' || typeof x !== 'number' || typeof tmsY !== 'number') return null;
      const data = await this.lookup(z, x, tmsY);
      return data ? { z, x, y: 2 ** z - 1 - tmsY, data } : null;
    });
  }

  /** Some tile at zoom `z` (not necessarily the first), or null when that zoom has none. */
  async anyTileAt(z: number): Promise<MbtilesTile | null> {
    return wrapCorrupt(async () => {
      const entry = await this.db.seekIndex(this.keyIndexRoot, [z]);
      if (!entry) return null;
      const [, x, tmsY] = entry;
      if (typeof x !== 'number' || typeof tmsY !== 'number') return null;
      const data = await this.lookup(z, x, tmsY);
      return data ? { z, x, y: 2 ** z - 1 - tmsY, data } : null;
    });
  }

  /**
   * The span of tiles stored at zoom `z` in XYZ rows (min/max column, min/max row), read from
   * the key index: two descents for the columns, then two per column for its rows. Null when the
   * zoom has no tile, or when it spans more than `maxColumns` columns (the caller asks a lower
   * zoom: a coarser extent at a bounded cost on a country-sized file).
   */
  async tileSpanAt(z: number, maxColumns = 256): Promise<TileSpan | null> {
    return wrapCorrupt(async () => {
      const first = await this.db.seekIndex(this.keyIndexRoot, [z]);
      const last = await this.db.lastIndexEntry(this.keyIndexRoot, [z]);
      const x0 = first?.[1];
      const x1 = last?.[1];
      if (typeof x0 !== 'number' || typeof x1 !== 'number') return null;
      if (x1 - x0 + 1 > maxColumns) return null;
      let tmsMin = Infinity;
      let tmsMax = -Infinity;
      for (let x = x0; x <= x1; x++) {
        const low = (await this.db.seekIndex(this.keyIndexRoot, [z, x]))?.[2];
        if (typeof low !== 'number') continue;
        const high = (await this.db.lastIndexEntry(this.keyIndexRoot, [z, x]))?.[2];
        tmsMin = Math.min(tmsMin, low);
        tmsMax = Math.max(tmsMax, typeof high === 'number' ? high : low);
      }
      if (!Number.isFinite(tmsMin)) return null;
      // TMS rows grow northwards: the largest TMS row is the smallest XYZ row.
      const n = 2 ** z;
      return { z, minX: x0, maxX: x1, minY: n - 1 - tmsMax, maxY: n - 1 - tmsMin };
    });
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function describe(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

async function wrapCorrupt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SqliteFormatError) throw new MbtilesError('mbtiles.corrupt', err.message);
    throw err;
  }
}

/** Committed pages in a `-wal` file would be invisible to the page reader: refuse, say why. */
async function refusePendingWal(path: string): Promise<void> {
  try {
    const wal = await open(`${path}-wal`, 'r');
    const { size } = await wal.stat();
    await wal.close();
    if (size > 0) {
      throw new MbtilesError(
        'mbtiles.wal',
        'the file has unsaved changes in its -wal journal: open it once with SQLite (or close the program that writes it) and add it again',
      );
    }
  } catch (err) {
    if (err instanceof MbtilesError) throw err;
    // No -wal file: everything is in the main file.
  }
}

async function readMetadata(
  db: SqliteReader,
  schema: SchemaRow[],
): Promise<Record<string, string>> {
  const table = tableShape(schema, 'metadata');
  const out: Record<string, string> = {};
  if (!table) return out;
  const nameCol = table.columns.indexOf('name');
  const valueCol = table.columns.indexOf('value');
  if (nameCol < 0 || valueCol < 0) return out;
  for await (const row of db.scanTable(table.root)) {
    const name = row.values[nameCol];
    const value = row.values[valueCol];
    if (typeof name !== 'string') continue;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number') out[name] = String(value);
    else if (value instanceof Uint8Array) out[name] = new TextDecoder().decode(value);
  }
  return out;
}

function resolveLayout(
  db: SqliteReader,
  schema: SchemaRow[],
): { lookup: TileLookup; keyIndexRoot: number; layout: MbtilesArchive['layout'] } {
  const tiles = tableShape(schema, 'tiles');
  if (tiles) {
    const dataCol = tiles.columns.indexOf('tile_data');
    if (dataCol >= 0) {
      if (tiles.withoutRowid && startsWith(primaryKeyColumns(schema, 'tiles'), TILE_KEY)) {
        // A WITHOUT ROWID table is itself the index: key columns first, then the rest.
        const order = withoutRowidOrder(tiles, primaryKeyColumns(schema, 'tiles'));
        const at = order.indexOf('tile_data');
        return {
          layout: 'tiles-table',
          keyIndexRoot: tiles.root,
          lookup: async (z, x, y) => asBytes((await db.seekIndex(tiles.root, [z, x, y]))?.[at]),
        };
      }
      const index = keyIndex(schema, 'tiles', TILE_KEY);
      if (index !== null) {
        return {
          layout: 'tiles-table',
          keyIndexRoot: index,
          lookup: async (z, x, y) => {
            const entry = await db.seekIndex(index, [z, x, y]);
            const rowid = entry?.[TILE_KEY.length];
            if (typeof rowid !== 'number') return null;
            return asBytes((await db.seekRowid(tiles.root, rowid))?.values[dataCol]);
          },
        };
      }
    }
  }

  const map = tableShape(schema, 'map');
  const images = tableShape(schema, 'images');
  const mapIndex = keyIndex(schema, 'map', TILE_KEY);
  const imagesIndex = keyIndex(schema, 'images', ['tile_id']);
  if (map && images && mapIndex !== null && imagesIndex !== null) {
    const mapTileId = map.columns.indexOf('tile_id');
    const imageData = images.columns.indexOf('tile_data');
    if (mapTileId >= 0 && imageData >= 0) {
      return {
        layout: 'mbutil',
        keyIndexRoot: mapIndex,
        lookup: async (z, x, y) => {
          const entry = await db.seekIndex(mapIndex, [z, x, y]);
          const mapRowid = entry?.[TILE_KEY.length];
          if (typeof mapRowid !== 'number') return null;
          const row = await db.seekRowid(map.root, mapRowid);
          const tileId = row ? columnValue(map, row.values, row.rowid, mapTileId) : null;
          if (tileId === null) return null;
          const image = await db.seekIndex(imagesIndex, [tileId]);
          const imageRowid = image?.[1];
          if (typeof imageRowid !== 'number') return null;
          const imageRow = await db.seekRowid(images.root, imageRowid);
          return imageRow ? asBytes(imageRow.values[imageData]) : null;
        },
      };
    }
  }

  const shallow = tableShape(schema, 'tiles_shallow');
  const data = tableShape(schema, 'tiles_data');
  if (shallow && data) {
    const pk = primaryKeyColumns(schema, 'tiles_shallow');
    const dataId = data.columns.indexOf('tile_data_id');
    const dataCol = data.columns.indexOf('tile_data');
    if (shallow.withoutRowid && startsWith(pk, TILE_KEY) && dataId >= 0 && dataCol >= 0) {
      const idAt = withoutRowidOrder(shallow, pk).indexOf('tile_data_id');
      const dataIndex =
        data.rowidAlias === dataId ? null : keyIndex(schema, 'tiles_data', ['tile_data_id']);
      return {
        layout: 'compact',
        keyIndexRoot: shallow.root,
        lookup: async (z, x, y) => {
          const id = (await db.seekIndex(shallow.root, [z, x, y]))?.[idAt];
          if (typeof id !== 'number') return null;
          if (data.rowidAlias === dataId) {
            return asBytes((await db.seekRowid(data.root, id))?.values[dataCol]);
          }
          if (dataIndex === null) return null;
          const rowid = (await db.seekIndex(dataIndex, [id]))?.[1];
          if (typeof rowid !== 'number') return null;
          return asBytes((await db.seekRowid(data.root, rowid))?.values[dataCol]);
        },
      };
    }
  }

  const hasTiles = schema.some(
    (row) => row.name === 'tiles' && (row.type === 'table' || row.type === 'view'),
  );
  throw new MbtilesError(
    'mbtiles.no-tiles',
    hasTiles
      ? 'its tiles table has no (zoom_level, tile_column, tile_row) index, or its layout is not one this app reads'
      : 'it is an SQLite database without a tiles table, not an MBTiles file',
  );
}

function asBytes(value: SqlValue | undefined): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  // Some writers store tiles as TEXT; the bytes are what matter.
  if (typeof value === 'string') return new TextEncoder().encode(value);
  return null;
}

function columnValue(table: TableShape, values: SqlValue[], rowid: number, col: number): SqlValue {
  if (col === table.rowidAlias) return rowid;
  return values[col] ?? null;
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function startsWith(columns: string[], prefix: string[]): boolean {
  return sameColumns(columns.slice(0, prefix.length), prefix);
}

/** A WITHOUT ROWID table's record: primary-key columns first, then the others in table order. */
function withoutRowidOrder(table: TableShape, pk: string[]): string[] {
  return [...pk, ...table.columns.filter((c) => !pk.includes(c))];
}

function tableShape(schema: SchemaRow[], name: string): TableShape | null {
  const row = schema.find((r) => r.type === 'table' && r.name.toLowerCase() === name);
  if (!row?.sql || row.rootPage < 1) return null;
  const defs = columnDefinitions(row.sql);
  const columns: string[] = [];
  let rowidAlias = -1;
  for (const def of defs) {
    if (/^(constraint|primary|unique|check|foreign)\b/i.test(def)) continue;
    const name = identifier(def);
    if (name === null) continue;
    if (/^\S+\s+integer\s+primary\s+key\b/i.test(def.replace(/^("[^"]*"|`[^`]*`|\[[^\]]*\])/, 'x')))
      rowidAlias = columns.length;
    columns.push(name);
  }
  const withoutRowid = /\)\s*without\s+rowid\s*;?\s*$/i.test(row.sql);
  return { root: row.rootPage, columns, rowidAlias: withoutRowid ? -1 : rowidAlias, withoutRowid };
}

/** The PRIMARY KEY columns of a table, from a table constraint or a column constraint. */
function primaryKeyColumns(schema: SchemaRow[], name: string): string[] {
  const row = schema.find((r) => r.type === 'table' && r.name.toLowerCase() === name);
  if (!row?.sql) return [];
  for (const def of columnDefinitions(row.sql)) {
    const constraint = /^(?:constraint\s+\S+\s+)?primary\s+key\s*\(([^)]*)\)/i.exec(def);
    if (constraint) return listColumns(constraint[1]!);
    if (/\bprimary\s+key\b/i.test(def)) {
      const col = identifier(def);
      if (col !== null) return [col];
    }
  }
  return [];
}

/**
 * Root page of an index on `table` whose leading columns are `columns`: an explicit
 * CREATE INDEX, or the automatic index of a UNIQUE / PRIMARY KEY table constraint.
 */
function keyIndex(schema: SchemaRow[], table: string, columns: string[]): number | null {
  const indexes = schema.filter((r) => r.type === 'index' && r.tableName.toLowerCase() === table);
  for (const index of indexes) {
    if (!index.sql || index.rootPage < 1) continue;
    const m = /\bon\s+("[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)\s*\(([^)]*)\)/i.exec(index.sql);
    if (m && startsWith(listColumns(m[2]!), columns)) return index.rootPage;
  }
  // Automatic indexes are numbered in the order of the table's UNIQUE / PRIMARY KEY clauses.
  const tableRow = schema.find((r) => r.type === 'table' && r.name.toLowerCase() === table);
  if (!tableRow?.sql) return null;
  let n = 0;
  for (const def of columnDefinitions(tableRow.sql)) {
    const m = /^(?:constraint\s+\S+\s+)?(?:unique|primary\s+key)\s*\(([^)]*)\)/i.exec(def);
    const single =
      !m && /\b(unique|primary\s+key)\b/i.test(def) && !/\binteger\s+primary\s+key\b/i.test(def);
    if (!m && !single) continue;
    n += 1;
    const cols = m ? listColumns(m[1]!) : [identifier(def) ?? ''];
    if (!startsWith(cols, columns)) continue;
    const auto = indexes.find((r) => r.name.toLowerCase() === `sqlite_autoindex_${table}_${n}`);
    if (auto && auto.rootPage > 0) return auto.rootPage;
  }
  return null;
}

/** The comma-separated items between a CREATE TABLE's outer parentheses. */
function columnDefinitions(sql: string): string[] {
  const start = sql.indexOf('(');
  if (start < 0) return [];
  const out: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  for (let i = start + 1; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    if (ch === '(') depth++;
    if (ch === ')') {
      if (depth === 0) break;
      depth--;
    }
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function listColumns(list: string): string[] {
  return list
    .split(',')
    .map((item) => identifier(item.trim()))
    .filter((c): c is string => c !== null);
}

/** The leading identifier of a definition, unquoted and lower-cased. */
function identifier(def: string): string | null {
  const m = /^(?:"([^"]+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*))/.exec(def);
  if (!m) return null;
  return (m[1] ?? m[2] ?? m[3] ?? m[4]!).toLowerCase();
}
