/**
 * Vehicle events from the event columns of a tracker table, row by row in file order.
 *
 * - Two-state columns (ignition, engine, door) give an event when the state CHANGES; the first
 *   state seen gives none (what happened before the file began is unknown).
 * - Fuel: a `fuel-level` sample for the first value and whenever the level moved by at least
 *   `fuelSampleStep` since the last sample (not one event per row: five million rows must not
 *   become five million events); a `fuel-drop` when, while the vehicle stands still, the level
 *   falls by more than `fuelDropThreshold` below the level it had when it stopped (or at the
 *   last drop reported in the same stop). Standing still: speed below 2 km/h when a speed is
 *   known, otherwise within 50 m of where the stop began.
 * - Status codes: a code listed in the mapping's code table gives that event at every row it
 *   appears on; other codes give a `status` event when the status changes.
 * - Driver: a `driver` event when it changes (first one included: who drove is evidence).
 * - Odometer: an `odometer` event at the first and last reading of each device.
 */
import type { EventType, TimeBasis, TimelineEvent } from '../../model';
import type { TableColumn } from './mapping';

export interface EventOptions {
  /** Litres or percentage points (the column's own unit); default 5. */
  fuelDropThreshold?: number;
  /** Minimum change between two `fuel-level` samples; default 1. */
  fuelSampleStep?: number;
}

export const DEFAULT_FUEL_DROP_THRESHOLD = 5;
export const DEFAULT_FUEL_SAMPLE_STEP = 1;
/** Below this speed (m/s, = 2 km/h) a vehicle counts as standing still. */
export const STATIONARY_SPEED_MPS = 2 / 3.6;
/** Without a speed, a vehicle within this distance (m) of where it stopped is still stopped. */
export const STATIONARY_RADIUS_M = 50;

/** One row's event-relevant values; NaN / null / undefined where the row has none. */
export interface EventRow {
  t: number;
  basis: TimeBasis;
  lat: number;
  lon: number;
  line: number;
  speedMps: number;
  ignition: boolean | null;
  engine: boolean | null;
  door: boolean | null;
  fuel: number;
  odometer: number;
  driver: string | undefined;
  status: string | undefined;
}

export function emptyEventRow(): EventRow {
  return {
    t: NaN,
    basis: 'none',
    lat: NaN,
    lon: NaN,
    line: 0,
    speedMps: NaN,
    ignition: null,
    engine: null,
    door: null,
    fuel: NaN,
    odometer: NaN,
    driver: undefined,
    status: undefined,
  };
}

function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6_371_008.8;
  const p1 = (lat1 * Math.PI) / 180;
  const p2 = (lat2 * Math.PI) / 180;
  const dp = p2 - p1;
  const dl = ((lon2 - lon1) * Math.PI) / 180;
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Event state of one device. */
class DeviceState {
  ignition: boolean | null = null;
  engine: boolean | null = null;
  door: boolean | null = null;
  status: string | undefined;
  driver: string | undefined;
  lastFuelSample = NaN;
  /** Fuel level when the current stop began (or at the last drop reported in it); NaN moving. */
  stopFuel = NaN;
  stopLat = NaN;
  stopLon = NaN;
  firstOdometer: OdometerReading | undefined;
  lastOdometer: OdometerReading | undefined;
}

type OdometerReading = Pick<EventRow, 't' | 'basis' | 'lat' | 'lon' | 'line' | 'odometer'>;

function reading(r: EventRow): OdometerReading {
  return { t: r.t, basis: r.basis, lat: r.lat, lon: r.lon, line: r.line, odometer: r.odometer };
}

type CodeTable = NonNullable<TableColumn['codes']>;

export class EventDeriver {
  readonly events: TimelineEvent[] = [];
  private readonly devices = new Map<string, DeviceState>();
  private readonly dropThreshold: number;
  private readonly sampleStep: number;

  constructor(
    private readonly codes: CodeTable | undefined,
    private readonly fuelUnit: string,
    private readonly odometerUnit: string,
    opts: EventOptions = {},
  ) {
    this.dropThreshold = opts.fuelDropThreshold ?? DEFAULT_FUEL_DROP_THRESHOLD;
    this.sampleStep = opts.fuelSampleStep ?? DEFAULT_FUEL_SAMPLE_STEP;
  }

  private emit(type: EventType, r: OdometerReading, value?: number | string, unit?: string): void {
    const e: TimelineEvent = { type, t: r.t, timeBasis: r.basis, line: r.line };
    if (!Number.isNaN(r.lat) && !Number.isNaN(r.lon)) {
      e.lat = r.lat;
      e.lon = r.lon;
    }
    if (value !== undefined) e.value = value;
    if (unit !== undefined) e.unit = unit;
    this.events.push(e);
  }

  private state(device: string): DeviceState {
    let s = this.devices.get(device);
    if (s === undefined) {
      s = new DeviceState();
      this.devices.set(device, s);
    }
    return s;
  }

  row(device: string, r: EventRow): void {
    const s = this.state(device);
    if (r.ignition !== null) {
      if (s.ignition !== null && s.ignition !== r.ignition)
        this.emit(r.ignition ? 'ignition-on' : 'ignition-off', r);
      s.ignition = r.ignition;
    }
    if (r.engine !== null) {
      if (s.engine !== null && s.engine !== r.engine)
        this.emit(r.engine ? 'engine-start' : 'engine-stop', r);
      s.engine = r.engine;
    }
    if (r.door !== null) {
      if (s.door !== null && s.door !== r.door) this.emit(r.door ? 'door-open' : 'door-close', r);
      s.door = r.door;
    }
    if (r.status !== undefined) this.status(s, r);
    if (r.driver !== undefined && r.driver !== s.driver) {
      this.emit('driver', r, r.driver);
      s.driver = r.driver;
    }
    if (!Number.isNaN(r.fuel)) this.fuel(s, r);
    if (!Number.isNaN(r.odometer)) {
      if (s.firstOdometer === undefined) s.firstOdometer = reading(r);
      else s.lastOdometer = reading(r);
    }
  }

  private status(s: DeviceState, r: EventRow): void {
    const code = r.status!;
    const mapped = this.codes?.[code];
    if (mapped === 'ignore') {
      s.status = code;
      return;
    }
    if (mapped !== undefined) {
      if (typeof mapped === 'string') this.emit(mapped, r, code);
      else this.emit(mapped.type, r, mapped.label ?? code);
      s.status = code;
      return;
    }
    if (code !== s.status) this.emit('status', r, code);
    s.status = code;
  }

  private fuel(s: DeviceState, r: EventRow): void {
    const level = r.fuel;
    if (Number.isNaN(s.lastFuelSample) || Math.abs(level - s.lastFuelSample) >= this.sampleStep) {
      this.emit('fuel-level', r, level, this.fuelUnit);
      s.lastFuelSample = level;
    }
    let stationary: boolean;
    if (!Number.isNaN(r.speedMps)) {
      stationary = r.speedMps < STATIONARY_SPEED_MPS;
    } else if (!Number.isNaN(s.stopLat) && !Number.isNaN(r.lat)) {
      stationary = distanceM(s.stopLat, s.stopLon, r.lat, r.lon) <= STATIONARY_RADIUS_M;
    } else {
      stationary = !Number.isNaN(r.lat);
    }
    if (!stationary) {
      s.stopFuel = NaN;
      s.stopLat = r.lat;
      s.stopLon = r.lon;
      return;
    }
    if (Number.isNaN(s.stopFuel)) {
      s.stopFuel = level;
      if (Number.isNaN(s.stopLat)) {
        s.stopLat = r.lat;
        s.stopLon = r.lon;
      }
      return;
    }
    // A refuel while stopped raises the reference, so a later siphoning is measured from it.
    if (level > s.stopFuel) s.stopFuel = level;
    const drop = s.stopFuel - level;
    if (drop > this.dropThreshold) {
      this.emit('fuel-drop', r, Math.round(drop * 1000) / 1000, this.fuelUnit);
      s.stopFuel = level;
    }
  }

  /** Appends the per-device closing events (odometer readings); call once at the end. */
  finish(): TimelineEvent[] {
    for (const s of this.devices.values()) {
      if (s.firstOdometer)
        this.emit('odometer', s.firstOdometer, s.firstOdometer.odometer, this.odometerUnit);
      if (s.lastOdometer)
        this.emit('odometer', s.lastOdometer, s.lastOdometer.odometer, this.odometerUnit);
    }
    return this.events;
  }
}
