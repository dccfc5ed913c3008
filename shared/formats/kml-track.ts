/**
 * Buffers for one gx:Track while it streams: `<when>` and `<gx:coord>` are paired by index, and
 * writers put either all times first (Google Earth, GPSBabel) or alternate them (My Tracks), so
 * both lists are kept until the track ends. gx:SimpleArrayData per-point values come after the
 * coordinates and are kept the same way. Growable typed arrays: a million-point track costs
 * about 33 MB here, never a million objects.
 */

/** State of one `gx:coord`. */
export const COORD_OK = 0;
/** An empty `<gx:coord/>`: OpenTracks writes one at each pause and resume. */
export const COORD_PAUSE = 1;
/** Not numbers, or out of range: the point is rejected (reported when it was read). */
export const COORD_REJECTED = 2;

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  clear(): void {
    this.length = 0;
  }
}

export class GrowableUint8 {
  data: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Uint8Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint8Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  clear(): void {
    this.length = 0;
  }
}

export class TrackBuffer {
  readonly when = new GrowableFloat64();
  readonly whenBasis = new GrowableUint8();
  readonly lon = new GrowableFloat64();
  readonly lat = new GrowableFloat64();
  readonly alt = new GrowableFloat64();
  readonly state = new GrowableUint8();
  /** gx:SimpleArrayData name → values by point index. */
  readonly arrays = new Map<string, GrowableFloat64>();
  line = 0;
  column = 0;

  reset(line: number, column: number): void {
    this.when.clear();
    this.whenBasis.clear();
    this.lon.clear();
    this.lat.clear();
    this.alt.clear();
    this.state.clear();
    this.arrays.clear();
    this.line = line;
    this.column = column;
  }

  addCoord(lon: number, lat: number, alt: number, state: number): void {
    this.lon.push(lon);
    this.lat.push(lat);
    this.alt.push(alt);
    this.state.push(state);
  }

  array(name: string): GrowableFloat64 {
    let a = this.arrays.get(name);
    if (a === undefined) {
      a = new GrowableFloat64(64);
      this.arrays.set(name, a);
    }
    return a;
  }
}

/**
 * Per-fix numeric columns that are not part of the model (heart rate, cadence…), created when
 * the first value arrives and NaN-filled for fixes without one.
 */
export class FixExtrasBuilder {
  private readonly columns = new Map<string, GrowableFloat64>();
  /** Distinct names kept, so a hostile file cannot create thousands of columns. */
  static readonly MAX_COLUMNS = 32;

  /** False when the column limit stopped a new column from being created. */
  set(name: string, index: number, value: number): boolean {
    let col = this.columns.get(name);
    if (col === undefined) {
      if (this.columns.size >= FixExtrasBuilder.MAX_COLUMNS) return false;
      col = new GrowableFloat64(1024);
      this.columns.set(name, col);
    }
    while (col.length < index) col.push(NaN);
    if (col.length === index) col.push(value);
    else col.data[index] = value;
    return true;
  }

  build(count: number): Record<string, Float64Array> | undefined {
    if (this.columns.size === 0) return undefined;
    const out: Record<string, Float64Array> = {};
    for (const [name, col] of this.columns) {
      const a = new Float64Array(count).fill(NaN);
      a.set(col.data.subarray(0, Math.min(col.length, count)));
      out[name] = a;
    }
    return out;
  }
}
