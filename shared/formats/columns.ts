/**
 * Columnar fix storage for evidence of any size, with a bounded memory peak. Every reader
 * builds its fixes here.
 *
 * A doubling array holds up to twice the rows it needs, copies everything at each growth and
 * once more when trimmed to size: for five million rows with six columns that peaked above
 * 650 MB. Here a builder starts as small doubling arrays; past a million rows each column moves
 * (once) into a resizable ArrayBuffer, which grows in place: the reserved address space costs
 * no memory, only the pages written do. `build` copies each column into an exactly sized array
 * and shrinks its resizable buffer to nothing straight away, so the peak is the data plus one
 * column, and the arrays handed on are ordinary fixed-length ones, owning their buffers whole.
 * Where resizable buffers are missing or refused (address space), the builder keeps doubling.
 *
 * Optional columns exist only once a value arrived, and rows without one read NaN.
 */
import type { FixColumns } from '../model';

type OptionalColumn = 'ele' | 'accuracyM' | 'speedMps' | 'headingDeg';
const OPTIONAL: readonly OptionalColumn[] = ['ele', 'accuracyM', 'speedMps', 'headingDeg'];

/** Rows from which a builder moves to resizable buffers. */
const RESIZABLE_FROM_ROWS = 1 << 20;
/** Reserved per column: 2^29 rows of 8 bytes (the largest reservation Node 20 accepts here). */
const MAX_COLUMN_BYTES = 2 ** 32;

/** ES2024 resizable ArrayBuffer, typed locally (this folder's lib is ES2023). */
interface ResizableBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
type ResizableCtor = new (byteLength: number, opts: { maxByteLength: number }) => ResizableBuffer;

function newResizable(byteLength: number): ResizableBuffer | undefined {
  try {
    const b = new (ArrayBuffer as unknown as ResizableCtor)(byteLength, {
      maxByteLength: MAX_COLUMN_BYTES,
    });
    return typeof b.resize === 'function' && b.byteLength === byteLength ? b : undefined;
  } catch {
    return undefined;
  }
}

/** One growable column: a fixed view over a plain or a resizable buffer. */
class Column<T extends Float64Array | Uint8Array> {
  private resizable: ResizableBuffer | undefined;

  constructor(
    public data: T,
    private readonly make: (buffer: ArrayBuffer | number, length?: number) => T,
  ) {}

  /** Grows to `capacity` elements (new elements zero, or NaN with `fill`). */
  grow(capacity: number, useResizable: boolean, fill?: number): void {
    const old = this.data;
    const bytes = capacity * old.BYTES_PER_ELEMENT;
    if (this.resizable !== undefined && bytes <= this.resizable.maxByteLength) {
      this.resizable.resize(bytes);
      this.data = this.make(this.resizable, capacity);
    } else {
      const buffer = useResizable && bytes <= MAX_COLUMN_BYTES ? newResizable(bytes) : undefined;
      this.resizable = buffer;
      this.data = buffer ? this.make(buffer, capacity) : this.make(capacity);
      this.data.set(old);
    }
    if (fill !== undefined) this.data.fill(fill, old.length);
  }

  /** The first `count` elements in an exactly sized array; the column is empty afterwards. */
  take(count: number): T {
    const d = this.data;
    let out: T;
    if (this.resizable === undefined && d.length === count && d.byteOffset === 0) out = d;
    else {
      out = this.make(count);
      out.set(d.subarray(0, count));
    }
    // Give the memory back now: the next column is copied while this one is already gone.
    this.resizable?.resize(0);
    this.resizable = undefined;
    this.data = this.make(0);
    return out;
  }
}

const f64 = (b: ArrayBuffer | number, length?: number): Float64Array =>
  typeof b === 'number' ? new Float64Array(b) : new Float64Array(b, 0, length);
const u8 = (b: ArrayBuffer | number, length?: number): Uint8Array =>
  typeof b === 'number' ? new Uint8Array(b) : new Uint8Array(b, 0, length);

export class FixColumnsBuilder {
  count = 0;
  private capacity: number;
  private readonly t: Column<Float64Array>;
  private readonly lat: Column<Float64Array>;
  private readonly lon: Column<Float64Array>;
  private readonly basis: Column<Uint8Array>;
  private readonly optional: Partial<Record<OptionalColumn, Column<Float64Array>>> = {};
  // The columns' current arrays, kept at hand for the per-row writes.
  private tA: Float64Array;
  private latA: Float64Array;
  private lonA: Float64Array;
  private basisA: Uint8Array;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.t = new Column(new Float64Array(this.capacity), f64);
    this.lat = new Column(new Float64Array(this.capacity), f64);
    this.lon = new Column(new Float64Array(this.capacity), f64);
    this.basis = new Column(new Uint8Array(this.capacity), u8);
    this.tA = this.t.data;
    this.latA = this.lat.data;
    this.lonA = this.lon.data;
    this.basisA = this.basis.data;
  }

  /** Appends a fix; returns its index. `basisCode` indexes TIME_BASES. */
  push(t: number, lat: number, lon: number, basisCode: number): number {
    if (this.count === this.capacity) this.growAll();
    const i = this.count++;
    this.tA[i] = t;
    this.latA[i] = lat;
    this.lonA[i] = lon;
    this.basisA[i] = basisCode;
    return i;
  }

  /** Sets an optional value of fix `i` (already pushed). NaN leaves the column untouched. */
  set(column: OptionalColumn, i: number, value: number): void {
    if (Number.isNaN(value)) return;
    let col = this.optional[column];
    if (col === undefined) {
      col = new Column(new Float64Array(0), f64);
      col.grow(this.capacity, this.capacity >= RESIZABLE_FROM_ROWS, NaN);
      this.optional[column] = col;
    }
    col.data[i] = value;
  }

  private growAll(): void {
    const next =
      this.capacity < RESIZABLE_FROM_ROWS ? this.capacity * 2 : Math.ceil(this.capacity * 1.5);
    const resizable = next >= RESIZABLE_FROM_ROWS;
    this.capacity = next;
    this.t.grow(next, resizable);
    this.lat.grow(next, resizable);
    this.lon.grow(next, resizable);
    this.basis.grow(next, resizable);
    for (const key of OPTIONAL) this.optional[key]?.grow(next, resizable, NaN);
    this.tA = this.t.data;
    this.latA = this.lat.data;
    this.lonA = this.lon.data;
    this.basisA = this.basis.data;
  }

  /** The columns, sized exactly; the builder must not be used afterwards. */
  build(): { fixes: FixColumns; fixTimeBasis: Uint8Array } {
    const n = this.count;
    const fixes: FixColumns = {
      count: n,
      t: this.t.take(n),
      lat: this.lat.take(n),
      lon: this.lon.take(n),
    };
    for (const key of OPTIONAL) {
      const col = this.optional[key];
      if (col !== undefined) fixes[key] = col.take(n);
    }
    const fixTimeBasis = this.basis.take(n);
    this.tA = this.latA = this.lonA = new Float64Array(0);
    this.basisA = new Uint8Array(0);
    return { fixes, fixTimeBasis };
  }
}
