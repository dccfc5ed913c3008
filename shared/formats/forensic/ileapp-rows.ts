/**
 * One iLEAPP/ALEAPP report table (the same table whether it came as JSON or TSV): which columns
 * hold the time, the coordinates and the accuracy is read from the headers; a row whose
 * coordinate columns are empty is placed from the first map link found in its cells.
 */
import { FixColumnsBuilder } from '../columns';
import { IssueList, Tally, type IssueLocation } from '../issues';
import { parseCoordinate } from '../table/values';
import { timeBasisCode, type FixColumns } from '../../model';
import { coordinatesFromMapUrl } from './map-url';
import { RecordTimeParser, type ParsedTime } from './times';

export interface IleappColumns {
  time: number;
  lat: number;
  lon: number;
  accuracy: number;
}

const norm = (h: string): string => h.trim().toLowerCase();

function findColumn(headers: readonly string[], tests: readonly RegExp[]): number {
  for (const re of tests) {
    const i = headers.findIndex((h) => re.test(norm(h)));
    if (i >= 0) return i;
  }
  return -1;
}

/** Which header is which; -1 where a role has no column. */
export function ileappColumns(headers: readonly string[]): IleappColumns {
  return {
    // "Card Expires", "End Time", "Duration" are times but not the time of the observation.
    time: findColumn(headers, [
      /^timestamp\b/,
      /^(?:date ?time|time ?stamp|time|date)\b/,
      /(?:timestamp|date ?time)(?! ?(?:expir|end))/,
      /^(?!.*(?:expir|end|durat|zone|offset|modified|created)).*\b(?:time|date)\b/,
    ]),
    lat: findColumn(headers, [/^lat(?:itude)?$/, /\blatitude\b/, /^lat\b/]),
    lon: findColumn(headers, [/^(?:lon|lng|long|longitude)$/, /\blongitude\b/, /^(?:lon|lng)\b/]),
    accuracy: findColumn(headers, [/horizontal ?accuracy/, /^accuracy\b/, /\baccuracy\b/]),
  };
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';

export class IleappTable {
  readonly builder = new FixColumnsBuilder(64);
  readonly rowsNoPosition = new Tally();
  readonly rowsNoTime = new Tally();
  readonly naive = new Tally();
  fromUrl = 0;
  fromColumns = 0;
  rows = 0;
  private cols: IleappColumns | undefined;
  private readonly times: RecordTimeParser;

  constructor(
    private readonly issues: IssueList,
    naiveZone: string | undefined,
  ) {
    this.times = new RecordTimeParser(naiveZone);
  }

  get hasHeaders(): boolean {
    return this.cols !== undefined;
  }

  setHeaders(headers: readonly string[]): void {
    this.cols = ileappColumns(headers);
  }

  row(cells: readonly unknown[], at: IssueLocation): void {
    const cols = this.cols;
    if (cols === undefined) return;
    this.rows++;
    let lat = NaN;
    let lon = NaN;
    if (cols.lat >= 0 && cols.lon >= 0) {
      lat = coordinate(cells[cols.lat], 'lat');
      lon = coordinate(cells[cols.lon], 'lon');
      // 0,0 is the apps' placeholder for "no fix", not a point in the Gulf of Guinea.
      if (lat === 0 && lon === 0) lat = lon = NaN;
    }
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      lat = lon = NaN;
      for (const c of cells) {
        if (typeof c !== 'string') continue;
        const p = coordinatesFromMapUrl(c);
        if (p !== null) {
          lat = p.lat;
          lon = p.lon;
          this.fromUrl++;
          break;
        }
      }
    } else {
      this.fromColumns++;
    }
    if (Number.isNaN(lat)) {
      this.rowsNoPosition.hit(at);
      this.issues.add(
        'warning',
        'ileapp.row.no-position',
        'Row has no coordinates in its columns nor in any map link; not imported',
        at,
      );
      return;
    }
    const time: ParsedTime =
      cols.time >= 0 ? this.times.parse(cells[cols.time]) : { t: NaN, basis: 'none' };
    if (Number.isNaN(time.t)) {
      this.rowsNoTime.hit(at);
      const raw = cols.time >= 0 ? text(cells[cols.time]).slice(0, 40) : '';
      this.issues.add(
        'warning',
        'ileapp.time.invalid',
        cols.time < 0
          ? 'The table has no time column; position kept without a time'
          : this.times.zoneProblem
            ? `Time "${raw}" is ${this.times.zoneProblem} in the chosen zone; position kept without a time`
            : `Time "${raw}" not understood; position kept without a time`,
        at,
      );
    } else if (time.basis === 'naive-as-utc') {
      this.naive.hit(at, () => text(cells[cols.time]));
    }
    const i = this.builder.push(time.t, lat, lon, timeBasisCode(time.basis));
    if (cols.accuracy >= 0) {
      const acc = coordinate(cells[cols.accuracy], 'acc');
      if (acc >= 0) this.builder.set('accuracyM', i, acc);
    }
  }

  build(): { fixes: FixColumns; fixTimeBasis: Uint8Array } {
    return this.builder.build();
  }
}

function coordinate(v: unknown, axis: 'lat' | 'lon' | 'acc'): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v !== 'string' || v.trim() === '') return NaN;
  if (axis === 'acc') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : NaN;
  }
  return parseCoordinate(v, axis);
}
