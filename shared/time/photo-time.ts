/**
 * A photo's time, resolved from the raw EXIF tag values, never from a library's revived dates
 * (those use the examiner's zone and ignore OffsetTimeOriginal). The order is issue 5's:
 *
 * 1. DateTimeOriginal with OffsetTimeOriginal (basis `offset`; SubSecTimeOriginal kept as ms);
 * 2. else GPSDateStamp + GPSTimeStamp (basis `gps`: UTC, but the time of the position fix);
 * 3. else DateTimeOriginal placed in an assumed zone: the zone at the photo's own position, else
 *    the fallback zone (basis `zone-assumed`);
 * 4. else none. Only then, as lower-rank fallbacks stated in `timeNote`: DateTimeDigitized, then
 *    IFD0 DateTime (the time the camera last wrote the file), each with its own offset tag or the
 *    assumed zone.
 *
 * The shutter time and the GPS time are both kept, so a stale fix or a wrong camera clock shows
 * as a disagreement. Calendar arithmetic is done here; the host zone never matters.
 */
import type { PhotoTimeBasis, Severity } from '../model';
import { isValidTimeZone, ZoneResolver } from '../formats/table/zone';
import { daysFromCivil, daysInMonth } from './iso';
import { plainOfWallMs } from './wall';

const MS_PER_DAY = 86_400_000;
export const DEFAULT_DISAGREEMENT_MS = 60_000;

/** Raw tag values as written, and where each was found (byte offsets, for issues). */
export interface PhotoTimeInput {
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  subSecTimeOriginal?: string;
  dateTimeDigitized?: string;
  offsetTimeDigitized?: string;
  subSecTimeDigitized?: string;
  /** IFD0 DateTime (ModifyDate) with the Exif IFD's OffsetTime / SubSecTime. */
  dateTime?: string;
  offsetTime?: string;
  subSecTime?: string;
  gpsDateStamp?: string;
  /** GPSTimeStamp as hours, minutes, seconds; NaN where a rational was malformed. */
  gpsTimeStamp?: readonly number[];
  /** The photo's accepted position, for the zone of a naive DateTimeOriginal. */
  lat?: number;
  lon?: number;
  at?: Partial<Record<string, number>>;
}

export interface PhotoTimeOptions {
  /** Zone at a position; by default none (the photo reader passes the offline lookup). */
  zoneAt?: (lat: number, lon: number) => string | undefined;
  /** Zone for naive times when the position gives none (usually the source's zone). */
  fallbackZone?: string;
  /** Shutter and GPS time further apart than this are flagged; default 60 s. */
  disagreementMs?: number;
}

export interface PhotoTimeIssue {
  severity: Severity;
  code: string;
  message: string;
  offset?: number;
}

export interface PhotoTime {
  t: number;
  timeBasis: PhotoTimeBasis;
  assumedZone?: string;
  timeNote?: string;
  shutterT: number;
  gpsT: number;
  /** GPSTimeStamp as text, `hh:mm:ss[.fff]`, for `Photo.raw`. */
  gpsTimeStampText?: string;
  issues: PhotoTimeIssue[];
}

/** A parsed EXIF date-time: wall-clock ms (local time written as if UTC), optional offset. */
export interface ExifDateTime {
  wallMs: number;
  /** Minutes east of UTC, when the text itself carries an offset. */
  offsetMinutes?: number;
  /** True when the text carried its own fraction of a second. */
  hasFraction: boolean;
}

const DATE_TIME =
  /^\s*(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/;

/**
 * Parses `YYYY:MM:DD HH:MM:SS` (also with `-` separators, a fraction, an offset, as some writers
 * put there). `empty` for the blank or all-zero placeholders cameras write without a clock.
 */
export function parseExifDateTime(text: string): ExifDateTime | 'empty' | 'malformed' {
  if (/^[\s:0\-.]*$/.test(text)) return 'empty';
  const m = DATE_TIME.exec(text);
  if (!m) return 'malformed';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'malformed';
  if (hour > 23 || minute > 59 || second > 59) return 'malformed';
  const wallMs =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * 3_600_000 +
    minute * 60_000 +
    second * 1000 +
    fractionMs(m[7]);
  const result: ExifDateTime = { wallMs, hasFraction: m[7] !== undefined };
  if (m[8] !== undefined) {
    const off = parseOffset(m[8]);
    if (off === undefined) return 'malformed';
    result.offsetMinutes = off;
  }
  return result;
}

/** Fraction digits to whole ms, truncated: `5` → 500, `72` → 720, `695326` → 695. */
function fractionMs(digits: string | undefined): number {
  if (!digits) return 0;
  return Number((digits + '00').slice(0, 3));
}

/** `+02:00`, `-0530`, `Z` → minutes east of UTC; undefined when malformed or beyond ±14:00. */
export function parseOffset(text: string): number | undefined {
  const s = text.trim();
  if (s === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h > 14 || min > 59 || h * 60 + min > 14 * 60) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** `YYYY:MM:DD` → days since 1970-01-01; undefined when malformed (`2014:09:259`, `0000:00:00`). */
export function parseGpsDateStamp(text: string): number | undefined {
  const m = /^\s*(\d{4})[:-](\d{2})[:-](\d{2})\s*$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return daysFromCivil(year, month, day);
}

/** GPSTimeStamp rationals → ms into the day; undefined when malformed. */
export function gpsTimeOfDayMs(stamp: readonly number[]): number | undefined {
  if (stamp.length < 3) return undefined;
  const [h, m, s] = stamp as [number, number, number];
  if (![h, m, s].every((v) => Number.isFinite(v) && v >= 0)) return undefined;
  if (h >= 24 || m >= 60 || s >= 61 || h !== Math.floor(h) || m !== Math.floor(m)) return undefined;
  return h * 3_600_000 + m * 60_000 + Math.round(s * 1000);
}

export function formatGpsTimeStamp(stamp: readonly number[]): string {
  const part = (v: number | undefined) =>
    v === undefined || !Number.isFinite(v) ? '??' : String(Math.floor(v)).padStart(2, '0');
  const s = stamp[2];
  let sec = part(s);
  if (s !== undefined && Number.isFinite(s) && s !== Math.floor(s)) {
    sec += (s - Math.floor(s)).toFixed(3).slice(1).replace(/0+$/, '');
  }
  return `${part(stamp[0])}:${part(stamp[1])}:${sec}`;
}

function formatDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}

const resolvers = new Map<string, ZoneResolver | null>();

function resolverFor(zone: string): ZoneResolver | undefined {
  let r = resolvers.get(zone);
  if (r === undefined) {
    r = isValidTimeZone(zone) ? new ZoneResolver(zone) : null;
    if (resolvers.size > 1000) resolvers.clear();
    resolvers.set(zone, r);
  }
  return r ?? undefined;
}

/** The earlier of the instants a skipped or repeated wall time could mean. */
function earlierInstant(wallMs: number, zone: string): number {
  return plainOfWallMs(wallMs).toZonedDateTime(zone, { disambiguation: 'earlier' })
    .epochMilliseconds;
}

/** One camera-clock reading (a date-time tag with its offset and sub-second tags). */
interface ClockReading {
  tag: string;
  text?: string;
  offsetText?: string;
  offsetTag: string;
  subSecText?: string;
  at?: number;
  offsetAt?: number;
}

interface ResolvedReading {
  t: number;
  basis: 'offset' | 'zone-assumed';
  zone?: string;
  note?: string;
}

class Resolver {
  readonly issues: PhotoTimeIssue[] = [];
  private zoneCache: { zone: string | undefined; why: string } | undefined;

  constructor(
    private readonly input: PhotoTimeInput,
    private readonly opts: PhotoTimeOptions,
  ) {}

  issue(severity: Severity, code: string, message: string, offset?: number): void {
    const i: PhotoTimeIssue = { severity, code, message };
    if (offset !== undefined) i.offset = offset;
    this.issues.push(i);
  }

  /** The zone a naive time is placed in, and how it was chosen. */
  zone(): { zone: string | undefined; why: string } {
    if (this.zoneCache) return this.zoneCache;
    const { lat, lon } = this.input;
    let found: { zone: string | undefined; why: string } | undefined;
    if (lat !== undefined && lon !== undefined && this.opts.zoneAt) {
      const z = this.opts.zoneAt(lat, lon);
      if (z && resolverFor(z)) found = { zone: z, why: "the zone at the photo's position" };
    }
    if (!found && this.opts.fallbackZone) {
      if (resolverFor(this.opts.fallbackZone)) {
        found = { zone: this.opts.fallbackZone, why: "the source's zone" };
      } else {
        this.issue(
          'warning',
          'photo.time.bad-zone',
          `The fallback time zone "${this.opts.fallbackZone}" is not a known IANA zone`,
        );
      }
    }
    this.zoneCache = found ?? { zone: undefined, why: 'no zone known' };
    return this.zoneCache;
  }

  /**
   * Resolves one clock reading: with its offset tag (or an offset in the text itself), else in
   * the assumed zone. Undefined when absent or unusable (issues say why).
   */
  reading(r: ClockReading): ResolvedReading | undefined {
    if (r.text === undefined) return undefined;
    const parsed = parseExifDateTime(r.text);
    if (parsed === 'empty') {
      this.issue('info', 'photo.time.empty-datetime', `${r.tag} is blank ("${r.text}")`, r.at);
      return undefined;
    }
    if (parsed === 'malformed') {
      this.issue(
        'warning',
        'photo.time.bad-datetime',
        `${r.tag} "${r.text}" is not a valid YYYY:MM:DD HH:MM:SS date-time; not used`,
        r.at,
      );
      return undefined;
    }
    let wall = parsed.wallMs;
    if (!parsed.hasFraction && r.subSecText !== undefined) {
      if (/^\d+$/.test(r.subSecText)) wall += fractionMs(r.subSecText);
      else {
        this.issue(
          'info',
          'photo.time.bad-subsec',
          `SubSec value "${r.subSecText}" for ${r.tag} is not digits; ignored`,
        );
      }
    }
    let offset: number | undefined;
    let note: string | undefined;
    if (r.offsetText !== undefined) {
      offset = parseOffset(r.offsetText);
      if (offset === undefined) {
        this.issue(
          'warning',
          'photo.time.bad-offset',
          `${r.offsetTag} "${r.offsetText}" is not a UTC offset like +02:00; ignored`,
          r.offsetAt,
        );
      }
    }
    if (offset === undefined && parsed.offsetMinutes !== undefined) {
      offset = parsed.offsetMinutes;
      note = `offset taken from the ${r.tag} text itself`;
    }
    if (offset !== undefined) {
      const out: ResolvedReading = { t: wall - offset * 60_000, basis: 'offset' };
      if (note) out.note = note;
      return out;
    }
    const { zone } = this.zone();
    if (!zone) return undefined;
    return { t: this.inZone(wall, zone, r), basis: 'zone-assumed', zone };
  }

  private inZone(wallMs: number, zone: string, r: ClockReading): number {
    const resolver = resolverFor(zone)!;
    const t = resolver.toUtc(wallMs);
    if (!Number.isNaN(t)) return t;
    const earlier = earlierInstant(wallMs, zone);
    if (resolver.lastProblem === 'ambiguous') {
      this.issue(
        'warning',
        'photo.time.dst-overlap',
        `${r.tag} "${r.text}" occurs twice in ${zone} (clocks went back); the earlier instant was chosen`,
        r.at,
      );
    } else {
      this.issue(
        'warning',
        'photo.time.dst-gap',
        `${r.tag} "${r.text}" does not exist in ${zone} (clocks went forward); the earlier of the two instants it could mean was chosen`,
        r.at,
      );
    }
    return earlier;
  }
}

/** Resolves a photo's time from its raw tags (see the module comment for the order). */
export function resolvePhotoTime(input: PhotoTimeInput, opts: PhotoTimeOptions = {}): PhotoTime {
  const at = input.at ?? {};
  const r = new Resolver(input, opts);
  const out: PhotoTime = { t: NaN, timeBasis: 'none', shutterT: NaN, gpsT: NaN, issues: r.issues };

  // GPS fix time.
  let gpsWhyNot: string | undefined;
  const hasDate = input.gpsDateStamp !== undefined;
  const hasTime = input.gpsTimeStamp !== undefined && input.gpsTimeStamp.length > 0;
  if (hasTime) out.gpsTimeStampText = formatGpsTimeStamp(input.gpsTimeStamp!);
  if (hasDate || hasTime) {
    const day = hasDate ? parseGpsDateStamp(input.gpsDateStamp!) : undefined;
    const tod = hasTime ? gpsTimeOfDayMs(input.gpsTimeStamp!) : undefined;
    if (hasDate && day === undefined) {
      gpsWhyNot = `GPSDateStamp "${input.gpsDateStamp}" is malformed`;
      r.issue(
        'warning',
        'photo.time.gps-date-malformed',
        `${gpsWhyNot}; GPS time not used`,
        at.gpsDateStamp,
      );
    } else if (hasTime && tod === undefined) {
      gpsWhyNot = `GPSTimeStamp ${out.gpsTimeStampText} is malformed`;
      r.issue(
        'warning',
        'photo.time.gps-time-malformed',
        `${gpsWhyNot}; GPS time not used`,
        at.gpsTimeStamp,
      );
    } else if (!hasTime) {
      gpsWhyNot = 'GPSTimeStamp missing';
      r.issue(
        'info',
        'photo.time.gps-date-without-time',
        'GPSDateStamp without GPSTimeStamp: no GPS time',
        at.gpsDateStamp,
      );
    } else if (!hasDate) {
      gpsWhyNot = 'GPSDateStamp missing';
      r.issue(
        'info',
        'photo.time.gps-time-without-date',
        'GPSTimeStamp without GPSDateStamp: no GPS time',
        at.gpsTimeStamp,
      );
    } else {
      out.gpsT = day! * MS_PER_DAY + tod!;
    }
  } else {
    gpsWhyNot = 'no GPS time';
  }

  // Shutter time.
  const shutter = r.reading({
    tag: 'DateTimeOriginal',
    text: input.dateTimeOriginal,
    offsetText: input.offsetTimeOriginal,
    offsetTag: 'OffsetTimeOriginal',
    subSecText: input.subSecTimeOriginal,
    at: at.dateTimeOriginal,
    offsetAt: at.offsetTimeOriginal,
  });
  if (shutter) out.shutterT = shutter.t;
  const otoState = input.offsetTimeOriginal === undefined ? 'missing' : 'malformed';

  if (shutter?.basis === 'offset') {
    out.t = shutter.t;
    out.timeBasis = 'offset';
    if (shutter.note) out.timeNote = shutter.note;
  } else if (!Number.isNaN(out.gpsT)) {
    out.t = out.gpsT;
    out.timeBasis = 'gps';
    if (input.dateTimeOriginal === undefined) {
      r.issue(
        'info',
        'photo.time.no-shutter-time',
        'No DateTimeOriginal: the time is the GPS fix time, which can be older than the photo',
      );
    } else {
      r.issue(
        'info',
        'photo.time.gps-basis',
        `OffsetTimeOriginal ${otoState}: the time is the GPS fix time (GPSDateStamp + GPSTimeStamp), which can be older than the photo`,
      );
    }
    out.timeNote =
      input.dateTimeOriginal === undefined
        ? 'DateTimeOriginal missing'
        : shutter
          ? `OffsetTimeOriginal ${otoState}`
          : typeof parseExifDateTime(input.dateTimeOriginal) === 'object'
            ? `OffsetTimeOriginal ${otoState} and no zone known for DateTimeOriginal`
            : 'DateTimeOriginal unusable';
  } else if (shutter) {
    const z = r.zone();
    out.t = shutter.t;
    out.timeBasis = 'zone-assumed';
    out.assumedZone = shutter.zone!;
    out.timeNote = `OffsetTimeOriginal ${otoState} and ${gpsWhyNot}; DateTimeOriginal placed in ${shutter.zone} (${z.why})`;
  } else if (
    input.dateTimeOriginal === undefined ||
    typeof parseExifDateTime(input.dateTimeOriginal) !== 'object'
  ) {
    // A valid DateTimeOriginal without a zone is not replaced by a lower-rank tag that happens
    // to carry an offset (often written later, by a converter or an editor).
    fallbackTime(input, r, out, gpsWhyNot);
  }

  if (input.dateTimeOriginal !== undefined && !shutter && r.zone().zone === undefined) {
    const parsed = parseExifDateTime(input.dateTimeOriginal);
    if (typeof parsed === 'object' && parsed.offsetMinutes === undefined) {
      r.issue(
        out.timeBasis === 'none' ? 'warning' : 'info',
        'photo.time.no-zone',
        'DateTimeOriginal has no offset and no time zone is known for it (no position, no source zone)',
        at.dateTimeOriginal,
      );
    }
  }

  const limit = opts.disagreementMs ?? DEFAULT_DISAGREEMENT_MS;
  if (!Number.isNaN(out.shutterT) && !Number.isNaN(out.gpsT)) {
    const diff = out.shutterT - out.gpsT;
    if (Math.abs(diff) > limit) {
      r.issue(
        'warning',
        'photo.time.disagree',
        `Shutter time and GPS time differ by ${formatDuration(diff)} (shutter ${diff > 0 ? 'later' : 'earlier'}): a stale GPS fix or a wrong camera clock`,
        at.dateTimeOriginal,
      );
    }
  }
  if (out.timeBasis === 'none') {
    r.issue('info', 'photo.time.none', 'The photo carries no usable time');
  }
  return out;
}

/** Lower-rank camera-clock tags, used only when neither DateTimeOriginal nor GPS time is usable. */
function fallbackTime(input: PhotoTimeInput, r: Resolver, out: PhotoTime, gpsWhyNot?: string) {
  const at = input.at ?? {};
  const candidates: [ClockReading, string][] = [
    [
      {
        tag: 'DateTimeDigitized',
        text: input.dateTimeDigitized,
        offsetText: input.offsetTimeDigitized,
        offsetTag: 'OffsetTimeDigitized',
        subSecText: input.subSecTimeDigitized,
        at: at.dateTimeDigitized,
        offsetAt: at.offsetTimeDigitized,
      },
      'DateTimeDigitized (CreateDate)',
    ],
    [
      {
        tag: 'DateTime',
        text: input.dateTime,
        offsetText: input.offsetTime,
        offsetTag: 'OffsetTime',
        subSecText: input.subSecTime,
        at: at.dateTime,
        offsetAt: at.offsetTime,
      },
      'IFD0 DateTime (ModifyDate: when the file was last written, possibly by an editor)',
    ],
  ];
  for (const [reading, label] of candidates) {
    const got = r.reading(reading);
    if (!got) continue;
    out.t = got.t;
    out.shutterT = got.t;
    out.timeBasis = got.basis;
    const why = `${input.dateTimeOriginal === undefined ? 'DateTimeOriginal missing' : 'DateTimeOriginal unusable'} and ${gpsWhyNot ?? 'no GPS time'}`;
    if (got.basis === 'zone-assumed') {
      out.assumedZone = got.zone!;
      out.timeNote = `${why}; used ${label}, placed in ${got.zone} (${r.zone().why})`;
    } else {
      out.timeNote = `${why}; used ${label} with its offset`;
    }
    r.issue(
      'info',
      'photo.time.fallback-tag',
      `No DateTimeOriginal or GPS time; the time comes from ${reading.tag}, a lower-rank tag`,
      reading.at,
    );
    return;
  }
}
