/**
 * Random access to a photo file by byte range. Metadata sits in the head of most photos, but not
 * all (a TIFF's IFDs, a HEIF `Exif` item at the end of the file), so the parsers ask for bytes by
 * absolute offset and the cache fetches what is missing in 64 KiB pages.
 *
 * The parsers are synchronous: a read of bytes not yet loaded throws {@link NeedBytes}, the driver
 * loads them and parses again from the start. Metadata parsing costs microseconds, a read costs a
 * system call, so re-parsing is cheaper than making every field access asynchronous.
 */

/** Random access to one file; the Node side implements it with fs handles, tests with buffers. */
export interface ByteRangeReader {
  readonly size: number;
  /** Bytes [offset, offset + length), clipped to the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A reader over bytes already in memory. */
export function bytesReader(bytes: Uint8Array): ByteRangeReader {
  return {
    size: bytes.length,
    read: (offset, length) =>
      Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
  };
}

/** Thrown by a parser reading bytes that are in the file but not loaded yet. */
export class NeedBytes {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}
}

/** Thrown by a parser reading past the end of the file: the file is truncated or an offset is bad. */
export class PastEnd {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}
}

const PAGE = 65_536;

export class RangeCache {
  /** Bytes loaded from the file so far. */
  bytesRead = 0;
  private head: Uint8Array = new Uint8Array(0);
  private readonly pages = new Map<number, Uint8Array>();
  /** Scratch for values that straddle two pages. */
  private readonly straddle = new Uint8Array(16);

  constructor(
    private readonly file: ByteRangeReader,
    private readonly headBytes: number,
  ) {}

  get size(): number {
    return this.file.size;
  }

  async loadHead(): Promise<void> {
    this.head = await this.file.read(0, Math.min(this.file.size, this.headBytes));
    this.bytesRead += this.head.length;
  }

  /** Loads every page of [offset, offset + length) that is not loaded yet. */
  async load(offset: number, length: number): Promise<void> {
    const end = Math.min(this.file.size, offset + length);
    for (let p = Math.floor(offset / PAGE); p * PAGE < end; p++) {
      if ((p + 1) * PAGE <= this.head.length || this.pages.has(p)) continue;
      const page = await this.file.read(p * PAGE, PAGE);
      this.bytesRead += page.length;
      this.pages.set(p, page);
    }
  }

  /**
   * The bytes [offset, offset + length) as a buffer and the index they start at in it. The
   * buffer is shared: copy what must outlive the next call.
   */
  span(offset: number, length: number): { buf: Uint8Array; at: number } {
    if (offset < 0 || length < 0 || offset + length > this.file.size) {
      throw new PastEnd(offset, length);
    }
    if (offset + length <= this.head.length) return { buf: this.head, at: offset };
    const first = Math.floor(offset / PAGE);
    const last = Math.floor((offset + length - 1) / PAGE);
    if (first === last || length === 0) {
      const page = this.pageFor(first, offset, length);
      return { buf: page, at: offset - first * PAGE };
    }
    const out = length <= this.straddle.length ? this.straddle : new Uint8Array(length);
    let written = 0;
    for (let p = first; p <= last; p++) {
      const page = this.pageFor(p, offset, length);
      const from = Math.max(offset, p * PAGE) - p * PAGE;
      const to = Math.min(offset + length, (p + 1) * PAGE) - p * PAGE;
      out.set(page.subarray(from, to), written);
      written += to - from;
    }
    return { buf: out, at: 0 };
  }

  private pageFor(p: number, offset: number, length: number): Uint8Array {
    if ((p + 1) * PAGE <= this.head.length) return this.head.subarray(p * PAGE, (p + 1) * PAGE);
    const page = this.pages.get(p);
    if (!page) throw new NeedBytes(offset, length);
    return page;
  }

  /** True when [offset, offset + length) can be read without fetching. */
  has(offset: number, length: number): boolean {
    if (offset + length <= this.head.length) return true;
    for (let p = Math.floor(offset / PAGE); p * PAGE < offset + length; p++) {
      if ((p + 1) * PAGE > this.head.length && !this.pages.has(p)) return false;
    }
    return true;
  }

  /** A copy of the bytes [offset, offset + length). */
  bytes(offset: number, length: number): Uint8Array {
    const { buf, at } = this.span(offset, length);
    return buf.slice(at, at + length);
  }

  u8(offset: number): number {
    const { buf, at } = this.span(offset, 1);
    return buf[at]!;
  }

  u16(offset: number, little: boolean): number {
    const { buf, at } = this.span(offset, 2);
    return little ? buf[at]! | (buf[at + 1]! << 8) : (buf[at]! << 8) | buf[at + 1]!;
  }

  u32(offset: number, little: boolean): number {
    const { buf, at } = this.span(offset, 4);
    return little
      ? (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)) + buf[at + 3]! * 0x1000000
      : buf[at]! * 0x1000000 + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
  }

  /** Four ASCII characters, e.g. a box or chunk type. */
  fourCC(offset: number): string {
    const { buf, at } = this.span(offset, 4);
    return String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
  }
}
