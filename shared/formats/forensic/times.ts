/**
 * Times as forensic tools and call records write them: epoch seconds or milliseconds (UTC by
 * definition) and ISO-like text, naive text placed in the examiner's zone when one was chosen,
 * else read as UTC and flagged `naive-as-utc`.
 */
import type { TimeBasis } from '../../model';
import { parseIsoTime } from '../../time/iso';
import { ZoneResolver } from '../table/zone';

export interface ParsedTime {
  t: number;
  basis: TimeBasis;
}

/** Epoch values below this are seconds, above milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

export class RecordTimeParser {
  private readonly zone: ZoneResolver | undefined;
  /** Why the last parse failed in a zone (ambiguous / non-existent local time). */
  zoneProblem: string | undefined;

  constructor(naiveZone: string | undefined) {
    this.zone = naiveZone ? new ZoneResolver(naiveZone) : undefined;
  }

  /** NaN `t` with basis `none` when the value is not a time. */
  parse(v: unknown): ParsedTime {
    this.zoneProblem = undefined;
    if (typeof v === 'number') return epoch(v);
    if (typeof v !== 'string') return NONE;
    const s = v.trim();
    if (s === '') return NONE;
    if (/^\d{9,13}(?:\.\d+)?$/.test(s)) return epoch(Number(s));
    // iLEAPP sometimes appends a zone name; "UTC"/"GMT" is as good as Z.
    const iso = parseIsoTime(
      s.replace(/\s*(?:UTC|GMT|Z)$/i, 'Z').replace(/\s+([+-]\d\d:?\d\d)$/, '$1'),
    );
    if (iso === null) return NONE;
    if (iso.basis !== 'naive-as-utc' || this.zone === undefined) return iso;
    const t = this.zone.toUtc(iso.t);
    if (Number.isNaN(t)) {
      this.zoneProblem = this.zone.lastProblem ?? 'invalid';
      return NONE;
    }
    return { t, basis: 'zone-assumed' };
  }
}

const NONE: ParsedTime = { t: NaN, basis: 'none' };

function epoch(v: number): ParsedTime {
  if (!Number.isFinite(v) || v <= 0) return NONE;
  return { t: v < SECONDS_LIMIT ? Math.round(v * 1000) : Math.round(v), basis: 'utc' };
}
