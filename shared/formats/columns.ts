/**
 * Growable columnar storage for fixes: typed arrays doubling in size, optional columns created
 * only when the first value for them arrives (earlier rows back-filled with NaN).
 */
import type { FixColumns } from '../model';

const INITIAL_CAPACITY = 1024;

type OptionalColumn = 'ele' | 'accuracyM' | 'speedMps' | 'headingDeg';

function grow(a: Float64Array, capacity: number): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  return b;
}

/** Returns exactly `count` elements, copying only when the spare capacity is worth freeing. */
function trimmed<T extends Float64Array | Uint8Array>(a: T, count: number): T {
  if (count === a.length) return a;
  return (count >= a.length * 0.875 ? a.subarray(0, count) : a.slice(0, count)) as T;
}

export class FixColumnsBuilder {
  count = 0;
  private capacity: number;
  private t: Float64Array;
  private lat: Float64Array;
  private lon: Float64Array;
  private basis: Uint8Array;
  private optional: Partial<Record<OptionalColumn, Float64Array>> = {};

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.capacity = Math.max(16, initialCapacity);
    this.t = new Float64Array(this.capacity);
    this.lat = new Float64Array(this.capacity);
    this.lon = new Float64Array(this.capacity);
    this.basis = new Uint8Array(this.capacity);
  }

  /** Appends a fix; returns its index. `basisCode` indexes TIME_BASES. */
  push(t: number, lat: number, lon: number, basisCode: number): number {
    if (this.count === this.capacity) this.growAll();
    const i = this.count++;
    this.t[i] = t;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.basis[i] = basisCode;
    const opt = this.optional;
    if (opt.ele) opt.ele[i] = NaN;
    if (opt.accuracyM) opt.accuracyM[i] = NaN;
    if (opt.speedMps) opt.speedMps[i] = NaN;
    if (opt.headingDeg) opt.headingDeg[i] = NaN;
    return i;
  }

  /** Sets an optional value of fix `i` (already pushed). NaN leaves the column untouched. */
  set(column: OptionalColumn, i: number, value: number): void {
    if (Number.isNaN(value)) return;
    let col = this.optional[column];
    if (col === undefined) {
      col = new Float64Array(this.capacity).fill(NaN);
      this.optional[column] = col;
    }
    col[i] = value;
  }

  private growAll(): void {
    this.capacity *= 2;
    this.t = grow(this.t, this.capacity);
    this.lat = grow(this.lat, this.capacity);
    this.lon = grow(this.lon, this.capacity);
    const basis = new Uint8Array(this.capacity);
    basis.set(this.basis);
    this.basis = basis;
    for (const key of Object.keys(this.optional) as OptionalColumn[]) {
      const col = this.optional[key]!;
      const bigger = new Float64Array(this.capacity).fill(NaN);
      bigger.set(col);
      this.optional[key] = bigger;
    }
  }

  /** The columns, sized exactly; the builder must not be used afterwards. */
  build(): { fixes: FixColumns; fixTimeBasis: Uint8Array } {
    const n = this.count;
    const fixes: FixColumns = {
      count: n,
      t: trimmed(this.t, n),
      lat: trimmed(this.lat, n),
      lon: trimmed(this.lon, n),
    };
    const opt = this.optional;
    if (opt.ele) fixes.ele = trimmed(opt.ele, n);
    if (opt.accuracyM) fixes.accuracyM = trimmed(opt.accuracyM, n);
    if (opt.speedMps) fixes.speedMps = trimmed(opt.speedMps, n);
    if (opt.headingDeg) fixes.headingDeg = trimmed(opt.headingDeg, n);
    return { fixes, fixTimeBasis: trimmed(this.basis, n) };
  }
}
