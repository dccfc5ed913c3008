/**
 * A read-only SQLite b-tree reader that fetches pages by byte range, enough to look up MBTiles
 * tiles without SQLite itself: no native module (Node 20 in tests has no `node:sqlite`, and a
 * native addon would need a per-Electron build), and no whole-file load — a lookup reads the
 * pages on one root-to-leaf path (three or four pages in a multi-gigabyte file).
 *
 * Supported: table b-trees (seek by rowid, full scan), index b-trees and WITHOUT ROWID tables
 * (seek by a key prefix, first entry), overflow chains, UTF-8/UTF-16 text. Not supported: a
 * pending write-ahead log (the caller refuses such files), non-BINARY collations.
 * Format: https://www.sqlite.org/fileformat2.html
 */

export type SqlValue = null | number | string | Uint8Array;

/** Reads `length` bytes at `offset`; may return fewer at the end of the file. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export class SqliteFormatError extends Error {
  override name = 'SqliteFormatError';
}

export interface SchemaRow {
  type: string;
  name: string;
  tableName: string;
  rootPage: number;
  sql: string | null;
}

/** A row of a table b-tree. */
export interface TableRow {
  rowid: number;
  values: SqlValue[];
}

const HEADER_MAGIC = 'SQLite format 3\u0000';
const PAGE_CACHE_LIMIT = 512;

const PAGE_INTERIOR_INDEX = 2;
const PAGE_INTERIOR_TABLE = 5;
const PAGE_LEAF_INDEX = 10;
const PAGE_LEAF_TABLE = 13;

/** The 100-byte file header, for a caller that sniffs before opening. */
export function isSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  for (let i = 0; i < 16; i++) if (bytes[i] !== HEADER_MAGIC.charCodeAt(i)) return false;
  return true;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/** SQLite varint: big-endian 7-bit groups, the ninth byte contributes all 8 bits. */
function varint(b: Uint8Array, at: number): [value: number, length: number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const byte = b[at + i];
    if (byte === undefined) throw new SqliteFormatError('varint runs past its page');
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [v, i + 1];
  }
  const last = b[at + 8];
  if (last === undefined) throw new SqliteFormatError('varint runs past its page');
  return [v * 256 + last, 9];
}

function signedInt(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[at + i]!;
  const limit = 2 ** (8 * size - 1);
  return v >= limit ? v - 2 * limit : v;
}

interface PageView {
  bytes: Uint8Array;
  /** Where the b-tree page header starts (100 on page 1). */
  header: number;
  type: number;
  cells: number;
  /** Right-most child of an interior page. */
  rightChild: number;
}

export class SqliteReader {
  private readonly cache = new Map<number, Promise<Uint8Array>>();
  private readonly textDecoder: InstanceType<typeof TextDecoder>;

  private constructor(
    private readonly readAt: ReadAt,
    readonly pageSize: number,
    /** Page size less the reserved bytes at the end of every page. */
    readonly usableSize: number,
    readonly pageCount: number,
    /** 1 = legacy rollback journal, 2 = write-ahead log. */
    readonly writeVersion: number,
    encoding: number,
  ) {
    this.textDecoder = new TextDecoder(
      encoding === 2 ? 'utf-16le' : encoding === 3 ? 'utf-16be' : 'utf-8',
    );
  }

  static async open(readAt: ReadAt, fileSize: number): Promise<SqliteReader> {
    const head = await readAt(0, 100);
    if (head.length < 100 || !isSqliteHeader(head)) {
      throw new SqliteFormatError('not an SQLite database');
    }
    const rawPageSize = u16(head, 16);
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
    if (pageSize < 512 || pageSize > 65_536 || (pageSize & (pageSize - 1)) !== 0) {
      throw new SqliteFormatError(`invalid page size ${rawPageSize}`);
    }
    const usableSize = pageSize - head[20]!;
    if (usableSize < 480) throw new SqliteFormatError('invalid reserved space');
    const pagesInFile = Math.floor(fileSize / pageSize);
    const headerCount = u32(head, 28);
    // The header's page count is valid only when written by the same change (offset 92 == 24).
    const pageCount =
      headerCount > 0 && u32(head, 92) === u32(head, 24)
        ? Math.min(headerCount, pagesInFile)
        : pagesInFile;
    if (pageCount < 1) throw new SqliteFormatError('database is truncated');
    return new SqliteReader(readAt, pageSize, usableSize, pageCount, head[18]!, u32(head, 56));
  }

  /** Rows of `sqlite_master`. */
  async schema(): Promise<SchemaRow[]> {
    const rows: SchemaRow[] = [];
    for await (const row of this.scanTable(1)) {
      const [type, name, tableName, rootPage, sql] = row.values;
      rows.push({
        type: String(type ?? ''),
        name: String(name ?? ''),
        tableName: String(tableName ?? ''),
        rootPage: typeof rootPage === 'number' ? rootPage : 0,
        sql: typeof sql === 'string' ? sql : null,
      });
    }
    return rows;
  }

  /** Every row of a table b-tree in rowid order. */
  async *scanTable(rootPage: number): AsyncGenerator<TableRow> {
    const stack: number[] = [rootPage];
    const seen = new Set<number>();
    // Depth-first, left to right: children are pushed in reverse.
    while (stack.length > 0) {
      const pgno = stack.pop()!;
      if (seen.has(pgno)) throw new SqliteFormatError(`b-tree page ${pgno} is reached twice`);
      seen.add(pgno);
      const page = await this.btreePage(pgno);
      if (page.type === PAGE_INTERIOR_TABLE) {
        stack.push(page.rightChild);
        for (let i = page.cells - 1; i >= 0; i--) {
          stack.push(u32(page.bytes, this.cellOffset(page, i)));
        }
      } else if (page.type === PAGE_LEAF_TABLE) {
        for (let i = 0; i < page.cells; i++) yield await this.tableLeafRow(page, i);
      } else {
        throw new SqliteFormatError(`page ${pgno} is not a table b-tree page`);
      }
    }
  }

  /** The row with this rowid, or null. */
  async seekRowid(rootPage: number, rowid: number): Promise<TableRow | null> {
    let pgno = rootPage;
    for (let depth = 0; depth < 64; depth++) {
      const page = await this.btreePage(pgno);
      if (page.type === PAGE_LEAF_TABLE) {
        let lo = 0;
        let hi = page.cells;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          const at = this.cellOffset(page, mid);
          const [, n] = varint(page.bytes, at);
          const [key] = varint(page.bytes, at + n);
          if (key < rowid) lo = mid + 1;
          else hi = mid;
        }
        if (lo >= page.cells) return null;
        const row = await this.tableLeafRow(page, lo);
        return row.rowid === rowid ? row : null;
      }
      if (page.type !== PAGE_INTERIOR_TABLE) {
        throw new SqliteFormatError(`page ${pgno} is not a table b-tree page`);
      }
      // Each interior cell holds the largest rowid of its left subtree.
      let lo = 0;
      let hi = page.cells;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const [key] = varint(page.bytes, this.cellOffset(page, mid) + 4);
        if (key < rowid) lo = mid + 1;
        else hi = mid;
      }
      pgno = lo < page.cells ? u32(page.bytes, this.cellOffset(page, lo)) : page.rightChild;
    }
    throw new SqliteFormatError('table b-tree is too deep');
  }

  /**
   * The first index entry whose leading columns equal `key` (an index b-tree, or a WITHOUT
   * ROWID table), or null. The entry is the whole record: key columns, then the rowid (index)
   * or the remaining columns (WITHOUT ROWID).
   */
  async seekIndex(rootPage: number, key: readonly SqlValue[]): Promise<SqlValue[] | null> {
    let pgno = rootPage;
    for (let depth = 0; depth < 64; depth++) {
      const page = await this.btreePage(pgno);
      const interior = page.type === PAGE_INTERIOR_INDEX;
      if (!interior && page.type !== PAGE_LEAF_INDEX) {
        throw new SqliteFormatError(`page ${pgno} is not an index b-tree page`);
      }
      let lo = 0;
      let hi = page.cells;
      let found: SqlValue[] | null = null;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const record = await this.indexRecord(page, mid);
        const c = comparePrefix(record, key);
        if (c < 0) lo = mid + 1;
        else {
          if (c === 0) found = record;
          hi = mid;
        }
      }
      // Interior cells of an index hold real entries: an equal one is the answer.
      if (found) return found;
      if (!interior) return null;
      pgno = lo < page.cells ? u32(page.bytes, this.cellOffset(page, lo)) : page.rightChild;
    }
    throw new SqliteFormatError('index b-tree is too deep');
  }

  /**
   * The last index entry whose leading columns equal `key` (an index b-tree, or a WITHOUT ROWID
   * table), or null. With `seekIndex` this gives both ends of a key range in two descents, e.g.
   * the first and last tile column at a zoom level.
   */
  async lastIndexEntry(rootPage: number, key: readonly SqlValue[]): Promise<SqlValue[] | null> {
    let pgno = rootPage;
    let found: SqlValue[] | null = null;
    for (let depth = 0; depth < 64; depth++) {
      const page = await this.btreePage(pgno);
      const interior = page.type === PAGE_INTERIOR_INDEX;
      if (!interior && page.type !== PAGE_LEAF_INDEX) {
        throw new SqliteFormatError(`page ${pgno} is not an index b-tree page`);
      }
      // lo: the first cell greater than every entry with this key.
      let lo = 0;
      let hi = page.cells;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (comparePrefix(await this.indexRecord(page, mid), key) <= 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) {
        const record = await this.indexRecord(page, lo - 1);
        // Entries in the child below come after this cell: a match there replaces it.
        if (comparePrefix(record, key) === 0) found = record;
      }
      if (!interior) return found;
      pgno = lo < page.cells ? u32(page.bytes, this.cellOffset(page, lo)) : page.rightChild;
    }
    throw new SqliteFormatError('index b-tree is too deep');
  }

  /** The smallest entry of an index b-tree, or null when it is empty. */
  async firstIndexEntry(rootPage: number): Promise<SqlValue[] | null> {
    let pgno = rootPage;
    for (let depth = 0; depth < 64; depth++) {
      const page = await this.btreePage(pgno);
      if (page.type === PAGE_LEAF_INDEX) {
        return page.cells > 0 ? this.indexRecord(page, 0) : null;
      }
      if (page.type !== PAGE_INTERIOR_INDEX) {
        throw new SqliteFormatError(`page ${pgno} is not an index b-tree page`);
      }
      pgno = page.cells > 0 ? u32(page.bytes, this.cellOffset(page, 0)) : page.rightChild;
    }
    throw new SqliteFormatError('index b-tree is too deep');
  }

  /** Whether a b-tree (table or index) holds no entry at all. */
  async isEmpty(rootPage: number): Promise<boolean> {
    const page = await this.btreePage(rootPage);
    return page.cells === 0 && (page.type === PAGE_LEAF_INDEX || page.type === PAGE_LEAF_TABLE);
  }

  private page(pgno: number): Promise<Uint8Array> {
    if (!Number.isInteger(pgno) || pgno < 1 || pgno > this.pageCount) {
      return Promise.reject(new SqliteFormatError(`page ${pgno} is outside the database`));
    }
    let cached = this.cache.get(pgno);
    if (cached) {
      // Move to the back: the map's insertion order is the eviction order.
      this.cache.delete(pgno);
      this.cache.set(pgno, cached);
      return cached;
    }
    cached = this.readAt((pgno - 1) * this.pageSize, this.pageSize).then((bytes) => {
      if (bytes.length < this.pageSize) throw new SqliteFormatError(`page ${pgno} is truncated`);
      return bytes;
    });
    cached.catch(() => this.cache.delete(pgno));
    this.cache.set(pgno, cached);
    if (this.cache.size > PAGE_CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return cached;
  }

  private async btreePage(pgno: number): Promise<PageView> {
    const bytes = await this.page(pgno);
    const header = pgno === 1 ? 100 : 0;
    const type = bytes[header]!;
    if (
      type !== PAGE_INTERIOR_INDEX &&
      type !== PAGE_INTERIOR_TABLE &&
      type !== PAGE_LEAF_INDEX &&
      type !== PAGE_LEAF_TABLE
    ) {
      throw new SqliteFormatError(`page ${pgno} is not a b-tree page (type ${type})`);
    }
    const interior = type === PAGE_INTERIOR_INDEX || type === PAGE_INTERIOR_TABLE;
    return {
      bytes,
      header,
      type,
      cells: u16(bytes, header + 3),
      rightChild: interior ? u32(bytes, header + 8) : 0,
    };
  }

  private cellOffset(page: PageView, i: number): number {
    const interior = page.type === PAGE_INTERIOR_INDEX || page.type === PAGE_INTERIOR_TABLE;
    const at = u16(page.bytes, page.header + (interior ? 12 : 8) + 2 * i);
    if (at >= this.usableSize) throw new SqliteFormatError('cell pointer outside its page');
    return at;
  }

  private async tableLeafRow(page: PageView, i: number): Promise<TableRow> {
    const at = this.cellOffset(page, i);
    const [size, n1] = varint(page.bytes, at);
    const [rowid, n2] = varint(page.bytes, at + n1);
    const payload = await this.payload(page.bytes, at + n1 + n2, size, true);
    return { rowid, values: this.decodeRecord(payload) };
  }

  private async indexRecord(page: PageView, i: number): Promise<SqlValue[]> {
    let at = this.cellOffset(page, i);
    if (page.type === PAGE_INTERIOR_INDEX) at += 4;
    const [size, n] = varint(page.bytes, at);
    return this.decodeRecord(await this.payload(page.bytes, at + n, size, false));
  }

  /** A cell's whole payload, following its overflow chain when it spills. */
  private async payload(
    bytes: Uint8Array,
    at: number,
    size: number,
    tableLeaf: boolean,
  ): Promise<Uint8Array> {
    const u = this.usableSize;
    const maxLocal = tableLeaf ? u - 35 : Math.floor(((u - 12) * 64) / 255) - 23;
    if (size <= maxLocal) {
      if (at + size > bytes.length) throw new SqliteFormatError('cell runs past its page');
      return bytes.subarray(at, at + size);
    }
    const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
    const k = minLocal + ((size - minLocal) % (u - 4));
    const local = k <= maxLocal ? k : minLocal;
    if (at + local + 4 > bytes.length) throw new SqliteFormatError('cell runs past its page');
    const out = new Uint8Array(size);
    out.set(bytes.subarray(at, at + local));
    let filled = local;
    let next = u32(bytes, at + local);
    let hops = 0;
    while (filled < size) {
      if (next === 0 || ++hops > this.pageCount) {
        throw new SqliteFormatError('overflow chain is broken');
      }
      const overflow = await this.page(next);
      const take = Math.min(size - filled, u - 4);
      out.set(overflow.subarray(4, 4 + take), filled);
      filled += take;
      next = u32(overflow, 0);
    }
    return out;
  }

  private decodeRecord(p: Uint8Array): SqlValue[] {
    const [headerSize, n] = varint(p, 0);
    if (headerSize > p.length) throw new SqliteFormatError('record header runs past its payload');
    const types: number[] = [];
    for (let at = n; at < headerSize;) {
      const [t, len] = varint(p, at);
      types.push(t);
      at += len;
    }
    const values: SqlValue[] = [];
    let at = headerSize;
    for (const t of types) {
      let size: number;
      let value: SqlValue;
      if (t === 0) [size, value] = [0, null];
      else if (t >= 1 && t <= 6) {
        size = [0, 1, 2, 3, 4, 6, 8][t]!;
        value = signedInt(p, at, size);
      } else if (t === 7) {
        size = 8;
        value = new DataView(p.buffer, p.byteOffset + at, 8).getFloat64(0);
      } else if (t === 8 || t === 9) [size, value] = [0, t - 8];
      else if (t >= 12) {
        size = Math.floor((t - 12) / 2);
        const raw = p.subarray(at, at + size);
        value = t % 2 === 0 ? raw : this.textDecoder.decode(raw);
      } else throw new SqliteFormatError(`reserved serial type ${t}`);
      if (at + size > p.length) throw new SqliteFormatError('record value runs past its payload');
      values.push(value);
      at += size;
    }
    return values;
  }
}

const utf8 = new TextEncoder();

function rank(v: SqlValue): number {
  if (v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  return 3;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SQLite's order (NULL < numbers < text < blobs; BINARY collation) over `key`'s columns. */
export function comparePrefix(record: readonly SqlValue[], key: readonly SqlValue[]): number {
  for (let i = 0; i < key.length; i++) {
    const a = record[i] ?? null;
    const b = key[i] ?? null;
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (typeof a === 'number' && typeof b === 'number') {
      if (a !== b) return a < b ? -1 : 1;
    } else if (typeof a === 'string' && typeof b === 'string') {
      const c = compareBytes(utf8.encode(a), utf8.encode(b));
      if (c !== 0) return c;
    } else if (a instanceof Uint8Array && b instanceof Uint8Array) {
      const c = compareBytes(a, b);
      if (c !== 0) return c;
    }
  }
  return 0;
}
