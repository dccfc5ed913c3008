/**
 * Streaming NMEA 0183 reader (GPS loggers, trackers, receivers' raw output).
 *
 * Reads RMC, GGA, GLL, ZDA and VTG from any talker (GP, GN, GL, GA, GB, BD, IN, …). One fix per
 * epoch: the sentences of the same time of day are merged (position from GGA, else RMC, else GLL;
 * altitude from GGA; speed and course from RMC, else VTG). Times are UTC; dates come from RMC or
 * ZDA and are carried across midnight (see nmea-epochs.ts).
 *
 * Decisions on bad input, each reported with its line:
 * - bad checksum: the sentence is rejected, one issue each (capped, then a total);
 * - no checksum: the sentence is used, one warning with the count;
 * - void fixes (RMC/GLL status V, GGA quality 0, mode N, empty position fields): not positions,
 *   one info issue with the count;
 * - malformed fields in a valid sentence (bad time, minutes ≥ 60, latitude > 90…): rejected, one
 *   issue each (capped);
 * - proprietary ($P…) and other sentence types, `#` comments, stray text and binary frames
 *   (u-blox UBX…): skipped, one info issue per kind with counts and first line;
 * - a sentence cut off by the end of the file (or by the next `$`): rejected and reported;
 * - times going backwards: kept in file order, one warning with the count and first line;
 * - no date anywhere: fixes dated on `opts.assumedDate` when given, else without time and
 *   `needs: date`.
 */
import { timeBasisCode } from '../model';
import { daysFromCivil, daysInMonth, formatIsoUtc } from '../time/iso';
import { EpochAssembler, MS_PER_DAY, RANK_GGA, RANK_GLL, RANK_RMC } from './nmea-epochs';
import {
  coordinate,
  Fields,
  KMH_TO_MPS,
  KNOTS_TO_MPS,
  rmcDate,
  timeOfDay,
  zdaDate,
} from './nmea-fields';
import { NmeaByteInput } from './nmea-input';
import { IssueList, KeyedTally, Tally } from './issues';
import { NmeaLexer, preview, type SentenceHandler } from './nmea-lexer';
import type { FormatReader, ReaderOptions, ReaderResult } from './reader';

export { sniffNmea } from './nmea-sniff';

/**
 * Per-sentence problems (bad checksum, malformed fields) listed per code: fewer than the other
 * readers list, as the NMEA reader was specified; then one issue states the total, so a log with
 * a million corrupt lines neither floods the sources panel nor hides how bad it is.
 */
export const NMEA_ISSUES_PER_CODE = 50;

const BASIS_UTC = timeBasisCode('utc');
const BASIS_NONE = timeBasisCode('none');

const A = 0x41;
const V = 0x56;
const N = 0x4e;
const T = 0x54;

/** Three-letter sentence type as one number, for a switch without string allocation. */
function typeCode(a: number, b: number, c: number): number {
  return (a << 16) | (b << 8) | c;
}
const RMC = typeCode(0x52, 0x4d, 0x43);
const GGA = typeCode(0x47, 0x47, 0x41);
const GLL = typeCode(0x47, 0x4c, 0x4c);
const VTG = typeCode(0x56, 0x54, 0x47);
const ZDA = typeCode(0x5a, 0x44, 0x41);

function isAddressChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function hms(tod: number): string {
  return formatIsoUtc(tod).slice(11, 23);
}

/** `YYYY-MM-DD` → days since 1970-01-01, NaN when not a real date. */
export function parseAssumedDate(s: string | undefined): number {
  if (s === undefined) return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

class NmeaSentences implements SentenceHandler {
  readonly fields = new Fields();
  readonly epochs = new EpochAssembler();
  /** Sentences with a well-formed address that passed the lexer. */
  valid = 0;
  readonly unchecked = new Tally<number>();
  readonly voids = new KeyedTally<number>();
  readonly proprietary = new KeyedTally<number>();
  readonly ignored = new KeyedTally<number>();
  /** Counts per talker (two letters) and per sentence type used, keyed by their char codes. */
  readonly talkers = new Map<number, number>();
  readonly used = new Map<number, number>();
  // The position read by latLon().
  private lat = NaN;
  private lon = NaN;
  malformed = 0;

  constructor(private readonly issues: IssueList) {}

  private bad(line: number, what: string): void {
    this.malformed++;
    const f = this.fields;
    this.issues.add(
      'warning',
      'nmea.sentence.malformed',
      `Line ${line}: ${what} in "$${preview(f.body, f.end[f.count - 1]!)}"; sentence skipped`,
      { line },
    );
  }

  private voided(line: number, why: string): void {
    this.voids.hit(why, line);
  }

  sentence(body: Uint8Array, end: number, line: number, checksummed: boolean): void {
    const f = this.fields;
    f.split(body, end);
    const as = f.start[0]!;
    const ae = f.end[0]!;
    for (let i = as; i < ae; i++) {
      if (!isAddressChar(body[i]!)) {
        this.bad(line, `"${f.text(0)}" is not a sentence address`);
        return;
      }
    }
    if (ae - as >= 2 && body[as] === 0x50 /* P */) {
      this.valid++;
      if (!checksummed) this.unchecked.hit(line);
      this.proprietary.hit(f.text(0), line);
      return;
    }
    if (ae - as !== 5) {
      this.bad(line, `"${f.text(0)}" is not a sentence address`);
      return;
    }
    this.valid++;
    if (!checksummed) this.unchecked.hit(line);
    const type = typeCode(body[as + 2]!, body[as + 3]!, body[as + 4]!);
    let ok: boolean;
    switch (type) {
      case RMC:
        ok = this.rmc(line);
        break;
      case GGA:
        ok = this.gga(line);
        break;
      case GLL:
        ok = this.gll(line);
        break;
      case VTG:
        ok = this.vtg();
        break;
      case ZDA:
        ok = this.zda(line);
        break;
      default:
        this.ignored.hit(String.fromCharCode(body[as + 2]!, body[as + 3]!, body[as + 4]!), line);
        return;
    }
    if (ok) {
      // Numeric keys: no string per sentence on the hot path.
      const talker = (body[as]! << 8) | body[as + 1]!;
      this.talkers.set(talker, (this.talkers.get(talker) ?? 0) + 1);
      this.used.set(type, (this.used.get(type) ?? 0) + 1);
    }
  }

  /** Reads the position at fields k..k+3 into lat/lon; false (already reported) when void or malformed. */
  private latLon(line: number, k: number): boolean {
    const f = this.fields;
    if (f.isEmpty(k) || f.isEmpty(k + 2)) {
      this.voided(line, 'empty position fields');
      return false;
    }
    const lat = coordinate(f, k, f.char(k + 1), true);
    const lon = coordinate(f, k + 2, f.char(k + 3), false);
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      this.bad(
        line,
        `invalid position "${f.text(k)},${f.text(k + 1)},${f.text(k + 2)},${f.text(k + 3)}"`,
      );
      return false;
    }
    this.lat = lat;
    this.lon = lon;
    return true;
  }

  private time(line: number, k: number): number {
    const f = this.fields;
    if (f.isEmpty(k)) {
      this.bad(line, 'no time of day');
      return NaN;
    }
    const tod = timeOfDay(f, k);
    if (Number.isNaN(tod)) this.bad(line, `invalid time of day "${f.text(k)}"`);
    return tod;
  }

  private rmc(line: number): boolean {
    const f = this.fields;
    const status = f.char(2);
    if (status !== A) {
      this.voided(line, status === V ? 'RMC status V' : 'RMC without status A');
      return false;
    }
    if (f.char(12) === N) {
      this.voided(line, 'RMC mode N');
      return false;
    }
    const tod = this.time(line, 1);
    if (Number.isNaN(tod)) return false;
    if (!this.latLon(line, 3)) return false;
    let day = NaN;
    if (!f.isEmpty(9)) {
      day = rmcDate(f, 9);
      if (Number.isNaN(day)) {
        this.bad(line, `invalid date "${f.text(9)}"`);
        return false;
      }
    }
    const e = this.epochs;
    e.timed(tod, line);
    e.position(RANK_RMC, this.lat, this.lon);
    e.velocity(2, f.number(7) * KNOTS_TO_MPS, f.number(8));
    if (!Number.isNaN(day)) e.date(day, tod, true);
    return true;
  }

  private gga(line: number): boolean {
    const f = this.fields;
    const quality = f.char(6);
    if (quality === 0 || quality === 0x30) {
      this.voided(line, 'GGA quality 0');
      return false;
    }
    const tod = this.time(line, 1);
    if (Number.isNaN(tod)) return false;
    if (!this.latLon(line, 2)) return false;
    const e = this.epochs;
    e.timed(tod, line);
    e.position(RANK_GGA, this.lat, this.lon);
    e.altitude(f.number(9));
    return true;
  }

  private gll(line: number): boolean {
    const f = this.fields;
    // NMEA before 2.0 has neither time nor status: such a GLL is valid but cannot be placed.
    if (f.char(6) === V) {
      this.voided(line, 'GLL status V');
      return false;
    }
    if (f.char(7) === N) {
      this.voided(line, 'GLL mode N');
      return false;
    }
    if (f.isEmpty(5)) {
      this.voided(line, 'GLL without time');
      return false;
    }
    const tod = this.time(line, 5);
    if (Number.isNaN(tod)) return false;
    if (!this.latLon(line, 1)) return false;
    const e = this.epochs;
    e.timed(tod, line);
    e.position(RANK_GLL, this.lat, this.lon);
    return true;
  }

  private vtg(): boolean {
    const f = this.fields;
    let course: number;
    let knots: number;
    let kmh: number;
    if (f.char(2) === T || f.count >= 8) {
      if (f.char(9) === N) return false;
      course = f.number(1);
      knots = f.number(5);
      kmh = f.number(7);
    } else {
      // NMEA 1.x: course true, course magnetic, knots, km/h without unit letters.
      course = f.number(1);
      knots = f.number(3);
      kmh = f.number(4);
    }
    const speed = Number.isNaN(knots) ? kmh * KMH_TO_MPS : knots * KNOTS_TO_MPS;
    if (Number.isNaN(speed) && Number.isNaN(course)) return false;
    this.epochs.velocity(1, speed, course);
    return true;
  }

  private zda(line: number): boolean {
    const f = this.fields;
    if (f.isEmpty(1) && f.isEmpty(2)) {
      this.voided(line, 'empty ZDA');
      return false;
    }
    const tod = this.time(line, 1);
    if (Number.isNaN(tod)) return false;
    const day = zdaDate(f, 2);
    if (Number.isNaN(day)) {
      this.bad(line, `invalid date "${f.text(2)},${f.text(3)},${f.text(4)}"`);
      return false;
    }
    this.epochs.date(day, tod, this.epochs.sameSecond(tod));
    return true;
  }
}

/** Keys (char codes packed 8 bits each) as text, most frequent first. */
function byCount(m: Map<number, number>): string[] {
  const text = (k: number): string =>
    k > 0xffff
      ? String.fromCharCode(k >> 16, (k >> 8) & 0xff, k & 0xff)
      : String.fromCharCode(k >> 8, k & 0xff);
  return [...m]
    .map(([k, n]) => [text(k), n] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
}

class NmeaReader {
  readonly issues: IssueList;
  readonly input = new NmeaByteInput();
  readonly sentences: NmeaSentences;
  readonly lexer: NmeaLexer;

  constructor(private readonly opts: ReaderOptions) {
    this.issues = new IssueList(opts.fileName, { perCode: NMEA_ISSUES_PER_CODE, summary: 'total' });
    this.sentences = new NmeaSentences(this.issues);
    this.lexer = new NmeaLexer(this.sentences, this.issues);
  }

  summarise(): void {
    const { issues, lexer, sentences: s } = this;
    const from = this.input.transcodedFrom;
    if (from !== undefined) {
      issues.add(
        'info',
        'nmea.encoding',
        `The file is ${from.encoding.toUpperCase()} text (${from.how === 'bom' ? 'byte-order mark' : 'recognised from its first characters'}), not the usual ASCII; decoded`,
      );
    }
    if (s.unchecked.count > 0) {
      issues.add(
        'warning',
        'nmea.checksum.missing',
        `${s.unchecked.count} sentence(s) have no checksum and could not be verified (first at line ${s.unchecked.first}); they are used as read`,
        { line: s.unchecked.first },
      );
    }
    if (s.voids.count > 0) {
      issues.add(
        'info',
        'nmea.fix.void',
        `${s.voids.count} position sentence(s) carry no valid fix (${s.voids.describe()}; first at line ${s.voids.first}); they are not positions`,
        { line: s.voids.first },
      );
    }
    if (s.proprietary.count > 0) {
      issues.add(
        'info',
        'nmea.sentence.proprietary',
        `${s.proprietary.count} proprietary sentence(s) skipped (${s.proprietary.describe('$')}; first at line ${s.proprietary.first})`,
        { line: s.proprietary.first },
      );
    }
    if (s.ignored.count > 0) {
      issues.add(
        'info',
        'nmea.sentence.ignored',
        `${s.ignored.count} sentence(s) of types without a position fix skipped (${s.ignored.describe()}; first at line ${s.ignored.first})`,
        { line: s.ignored.first },
      );
    }
    if (lexer.comments.count > 0) {
      issues.add(
        'info',
        'nmea.comment',
        `${lexer.comments.count} comment line(s) starting with "#" skipped (first at line ${lexer.comments.first})`,
        { line: lexer.comments.first },
      );
    }
    if (lexer.binaryLines.count > 0) {
      const ubx = lexer.ubxFrames > 0 ? `, including ${lexer.ubxFrames} u-blox UBX frame(s)` : '';
      issues.add(
        'info',
        'nmea.binary',
        `${lexer.binaryBytes} byte(s) of binary data skipped on ${lexer.binaryLines.count} line(s)${ubx} (first at line ${lexer.binaryLines.first}); NMEA sentences around them are read`,
        { line: lexer.binaryLines.first },
      );
    }
    if (lexer.textJunk.count > 0) {
      issues.add(
        'info',
        'nmea.garbage',
        `${lexer.textJunk.count} line(s) contain text that is not an NMEA sentence, skipped (first at line ${lexer.textJunk.first}: "${lexer.textJunk.example}")`,
        { line: lexer.textJunk.first },
      );
    }
  }

  result(): ReaderResult {
    const { issues, sentences: s } = this;
    const dated = s.epochs.finish();
    const { fixes, fixTimeBasis, lines, days } = dated;
    const n = fixes.count;
    const t = fixes.t;

    // Backwards steps, on the full (or provisional) times before they may become NaN.
    let backwards = 0;
    let backLine = 0;
    let backText = '';
    let prev = -Infinity;
    for (let i = 0; i < n; i++) {
      const full = days[i]! * MS_PER_DAY + t[i]!;
      if (full < prev) {
        if (backwards++ === 0) {
          backLine = lines[i]!;
          backText = `${hms(prev)} to ${hms(full)}`;
        }
      }
      prev = full;
    }

    const needs: ReaderResult['needs'] = [];
    if (dated.datesKnown) {
      for (let i = 0; i < n; i++) t[i] = days[i]! * MS_PER_DAY + t[i]!;
      fixTimeBasis.fill(BASIS_UTC);
    } else if (n > 0) {
      const assumed = parseAssumedDate(this.opts.assumedDate);
      if (this.opts.assumedDate !== undefined && Number.isNaN(assumed)) {
        issues.add(
          'error',
          'nmea.date.assumed-invalid',
          `The assumed date "${this.opts.assumedDate}" is not a valid YYYY-MM-DD date; ignored`,
        );
      }
      if (!Number.isNaN(assumed)) {
        for (let i = 0; i < n; i++) t[i] = (assumed + days[i]!) * MS_PER_DAY + t[i]!;
        fixTimeBasis.fill(BASIS_UTC);
        issues.add(
          'warning',
          'nmea.date.assumed',
          `The file has times of day but no date (no RMC or ZDA sentence with one); the ${n} fix(es) are placed on the examiner's assumed date ${this.opts.assumedDate!.trim()} (UTC), starting ${formatIsoUtc(t[0]!)}`,
        );
      } else {
        const message = `The file has times of day but no date (no RMC or ZDA sentence with one): the date of the first fix (at ${hms(t[0]!)} UTC) is needed to place its ${n} fix(es) in time`;
        t.fill(NaN);
        fixTimeBasis.fill(BASIS_NONE);
        needs.push({ kind: 'date', message });
        issues.add('warning', 'nmea.date.missing', `${message}; until then they have no time`);
      }
    }

    if (backwards > 0) {
      issues.add(
        'warning',
        'nmea.time.backwards',
        `${backwards} fix(es) have a time earlier than the fix before them (first at line ${backLine}: ${backText}); kept in file order`,
        { line: backLine },
      );
    }

    const readable = s.valid > 0;
    if (!readable) {
      issues.add('error', 'nmea.not-nmea', 'No NMEA sentence found in the file');
    } else if (n === 0) {
      issues.add(
        'warning',
        'nmea.no-fixes',
        'The file contains NMEA sentences but no valid position fix (RMC, GGA or GLL with a fix)',
      );
    }

    const talkers = byCount(s.talkers);
    const types = byCount(s.used);
    const result: ReaderResult = {
      format: 'nmea',
      formatDetail:
        talkers.length > 0
          ? `NMEA 0183 (${talkers.join(', ')} talker${talkers.length > 1 ? 's' : ''}; ${types.join(', ')})`
          : 'NMEA 0183',
      kind: 'track',
      fixes,
      fixTimeBasis,
      parts: n > 0 ? [{ kind: 'track', segments: [{ start: 0, end: n }] }] : [],
      waypoints: [],
      issues: issues.finish(),
      readable,
    };
    if (needs.length > 0) result.needs = needs;
    return result;
  }
}

export function createNmeaReader(opts: ReaderOptions): FormatReader {
  const r = new NmeaReader(opts);
  let finished: ReaderResult | undefined;
  let crashed: unknown;

  return {
    push(chunk: Uint8Array): void {
      if (finished !== undefined || crashed !== undefined) return;
      try {
        const bytes = r.input.push(chunk);
        if (bytes.length > 0) r.lexer.push(bytes);
      } catch (e) {
        crashed = e;
      }
    },
    finish(): ReaderResult {
      if (finished !== undefined) return finished;
      try {
        if (crashed === undefined) {
          const bytes = r.input.finish();
          if (bytes.length > 0) r.lexer.push(bytes);
          r.lexer.finish();
        }
      } catch (e) {
        crashed = e;
      }
      if (crashed !== undefined) {
        // A bug of ours, not the file's: say so rather than lose the fixes read so far.
        r.issues.add(
          'error',
          'nmea.internal-error',
          `Internal error while reading the file (${String(crashed).slice(0, 200)}); fixes read before it are kept`,
        );
      }
      r.summarise();
      finished = r.result();
      return finished;
    },
  };
}
