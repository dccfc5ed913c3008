/**
 * Latitude/longitude pairs in decimal degrees, degrees-decimal-minutes or DMS, with symbols,
 * words or nothing between the parts. The text is tokenised, split into two halves (at a
 * separator, at hemisphere letters, at the second degree sign or in the middle), and each half
 * read on its own; the halves' hemisphere letters decide which is latitude, and where there are
 * none both orders are tried.
 */
import { formatDecimal } from '../format-coords';
import type { CoordinateFormat, CoordinateParse } from './types';

type Hemisphere = 'N' | 'S' | 'E' | 'W' | 'O';
type Token =
  | { kind: 'num'; value: number; negative: boolean; fraction: boolean; digits: string }
  | { kind: 'sym'; unit: 0 | 1 | 2 }
  | { kind: 'hem'; letter: Hemisphere }
  | { kind: 'sep' };

interface Half {
  value: number;
  axis?: 'lat' | 'lon';
  format: 'decimal' | 'ddm' | 'dms';
  /** The letter O: east in Dutch and German, west in French. */
  ambiguousO?: boolean;
  integerOnly: boolean;
}

const HEMISPHERE_WORDS: [RegExp, Hemisphere][] = [
  [/\b(NORTH|NOORD|NORD)\b/g, 'N'],
  [/\b(SOUTH|ZUID|SUD|SÜD)\b/g, 'S'],
  [/\b(EAST|OOST|OST|EST)\b/g, 'E'],
  [/\b(WEST|OUEST)\b/g, 'W'],
];

function normalise(text: string): string {
  let s = text.toUpperCase().normalize('NFC');
  s = s
    .replace(/''/g, '"')
    .replace(/[″”“〃]/g, '"')
    .replace(/[′’‘`´]/g, "'");
  s = s.replace(/[º˚°]/g, '°').replace(/(\d)\s*DEG(REES?)?\b/g, '$1°');
  for (const [re, letter] of HEMISPHERE_WORDS) s = s.replace(re, letter);
  // Labels such as "lat:" and "lon=" carry no information the numbers' order does not.
  s = s.replace(/\b(LATITUDE|LAT|LONGITUDE|LONG|LON|LNG)\b\s*[:=]?/g, ' ');
  s = s.replace(/[−–]/g, '-');
  return s;
}

function tokenise(s: string): Token[] | null {
  const tokens: Token[] = [];
  const re = /\s+|([-+]?)(\d+(?:\.\d+)?|\.\d+)|(°)|(')|(")|([NSEWO])(?![A-Z])|([,;/])|(:)|(\S)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0].trim() === '') continue;
    if (m[2] !== undefined) {
      tokens.push({
        kind: 'num',
        value: Number(m[2]),
        negative: m[1] === '-',
        fraction: m[2].includes('.'),
        digits: m[2],
      });
    } else if (m[3]) tokens.push({ kind: 'sym', unit: 0 });
    else if (m[4]) tokens.push({ kind: 'sym', unit: 1 });
    else if (m[5]) tokens.push({ kind: 'sym', unit: 2 });
    else if (m[6]) tokens.push({ kind: 'hem', letter: m[6] as Hemisphere });
    else if (m[7]) tokens.push({ kind: 'sep' });
    else if (m[8])
      continue; // 50:51:00 — colons only separate the parts
    else return null;
  }
  return tokens;
}

const isNum = (t: Token | undefined): boolean => t?.kind === 'num';

/** Splits the tokens into the two coordinates, or null when no split makes sense. */
function splitHalves(tokens: Token[]): [Token[], Token[]] | null {
  const seps = tokens.flatMap((t, i) => (t.kind === 'sep' ? [i] : []));
  if (seps.length === 1) return [tokens.slice(0, seps[0]), tokens.slice(seps[0]! + 1)];
  if (seps.length > 1) return null;
  const hems = tokens.flatMap((t, i) => (t.kind === 'hem' ? [i] : []));
  const last = tokens.length - 1;
  if (hems.length === 2) {
    const prefixStyle = hems[0] === 0 && hems[1]! < last;
    const suffixStyle = hems[1] === last && hems[0]! > 0;
    if (prefixStyle && !suffixStyle) return [tokens.slice(0, hems[1]), tokens.slice(hems[1])];
    if (suffixStyle && !prefixStyle) {
      return [tokens.slice(0, hems[0]! + 1), tokens.slice(hems[0]! + 1)];
    }
  }
  const degrees = tokens.flatMap((t, i) => (t.kind === 'sym' && t.unit === 0 ? [i] : []));
  if (degrees.length === 2 && isNum(tokens[degrees[1]! - 1])) {
    let at = degrees[1]! - 1;
    // A prefix hemisphere letter belongs to the second half.
    if (tokens[at - 1]?.kind === 'hem' && hems.length === 2 && hems[0] === 0) at -= 1;
    return [tokens.slice(0, at), tokens.slice(at)];
  }
  const numbers = tokens.flatMap((t, i) => (t.kind === 'num' ? [i] : []));
  if (numbers.length % 2 !== 0 || numbers.length === 0) return null;
  // After the middle number and whatever symbol or letter follows it.
  let at = numbers[numbers.length / 2 - 1]! + 1;
  while (tokens[at] && tokens[at]!.kind === 'sym') at++;
  if (tokens[at]?.kind === 'hem' && !(hems.length === 2 && hems[0] === 0)) at++;
  return [tokens.slice(0, at), tokens.slice(at)];
}

/** One coordinate: 1 to 3 numbers, optional unit symbols in order, at most one letter. */
function readHalf(tokens: Token[]): Half | null {
  const nums: { value: number; negative: boolean; fraction: boolean; digits: string }[] = [];
  const units: (number | undefined)[] = [];
  let letter: Hemisphere | undefined;
  for (const t of tokens) {
    if (t.kind === 'num') {
      nums.push(t);
      units.push(undefined);
    } else if (t.kind === 'sym') {
      if (nums.length === 0 || units[nums.length - 1] !== undefined) return null;
      units[nums.length - 1] = t.unit;
    } else if (t.kind === 'hem') {
      if (letter) return null;
      letter = t.letter;
    } else return null;
  }
  if (nums.length === 0 || nums.length > 3) return null;
  // Symbols, where given, must say degrees, minutes, seconds in that order.
  for (let i = 0; i < units.length; i++) if (units[i] !== undefined && units[i] !== i) return null;
  if (nums.slice(1).some((x) => x.negative)) return null;
  let parts = nums.map((x) => x.value);
  let format: Half['format'] = nums.length === 1 ? 'decimal' : nums.length === 2 ? 'ddm' : 'dms';
  // Aviation style DDMMSS / DDDMMSS (e.g. 505100N 0042100E) with a letter to say which.
  const only = nums[0]!;
  if (
    nums.length === 1 &&
    letter &&
    units[0] === undefined &&
    /^\d{6,7}(\.\d+)?$/.test(only.digits)
  ) {
    const whole = only.digits.split('.')[0]!;
    const degreeDigits = whole.length - 4;
    parts = [
      Number(whole.slice(0, degreeDigits)),
      Number(whole.slice(degreeDigits, degreeDigits + 2)),
      Number(only.digits.slice(degreeDigits + 2)),
    ];
    format = 'dms';
  }
  if (parts.length >= 2 && (nums[0]!.fraction || parts[1]! >= 60)) return null;
  if (parts.length === 3 && (nums[1]?.fraction || parts[2]! >= 60)) return null;
  const magnitude = parts[0]! + (parts[1] ?? 0) / 60 + (parts[2] ?? 0) / 3600;
  let negative = only.negative;
  let axis: Half['axis'];
  let ambiguousO = false;
  if (letter) {
    axis = letter === 'N' || letter === 'S' ? 'lat' : 'lon';
    const southOrWest = letter === 'S' || letter === 'W';
    // "-4.35 E" contradicts itself; "-33.9 S" only says it twice.
    if (negative && !southOrWest && letter !== 'O') return null;
    negative = southOrWest || (negative && letter === 'O');
    ambiguousO = letter === 'O';
  }
  return {
    value: negative ? -magnitude : magnitude,
    axis,
    format,
    ambiguousO,
    integerOnly: nums.every((x) => !x.fraction),
  };
}

const FORMAT_DETAIL: Record<Half['format'], number> = { decimal: 0, ddm: 1, dms: 2 };

function reading(
  lat: number,
  lon: number,
  format: CoordinateFormat,
  confidence: number,
  note?: string,
): CoordinateParse | null {
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return null;
  return {
    lat,
    lon,
    format,
    confidence: Math.round(confidence * 100) / 100,
    normalized: formatDecimal(lat, lon),
    ...(note ? { note } : {}),
  };
}

function readingsOf(tokens: Token[], baseConfidence: number, baseNote?: string): CoordinateParse[] {
  const halves = splitHalves(tokens);
  if (!halves) return [];
  const a = readHalf(halves[0]);
  const b = readHalf(halves[1]);
  if (!a || !b) return [];
  const format = FORMAT_DETAIL[a.format] >= FORMAT_DETAIL[b.format] ? a.format : b.format;
  const notes = (...extra: (string | undefined)[]): string | undefined =>
    [baseNote, ...extra].filter((x): x is string => Boolean(x)).join('; ') || undefined;
  const confidence =
    baseConfidence * (a.integerOnly && b.integerOnly && format === 'decimal' ? 0.7 : 1);
  const out: (CoordinateParse | null)[] = [];
  if (a.axis && b.axis) {
    if (a.axis === b.axis) return [];
    const [lat, lon] = a.axis === 'lat' ? [a.value, b.value] : [b.value, a.value];
    const oNote = a.ambiguousO || b.ambiguousO;
    out.push(
      reading(
        lat,
        lon,
        format,
        confidence * (oNote ? 0.8 : 1),
        notes(
          a.axis === 'lon' ? 'longitude given first (hemisphere letters say so)' : undefined,
          oNote ? 'O read as east (Oost/Ost)' : undefined,
        ),
      ),
    );
    if (oNote) {
      const flip = (h: Half): number => (h.ambiguousO ? -h.value : h.value);
      const [lat2, lon2] = a.axis === 'lat' ? [flip(a), flip(b)] : [flip(b), flip(a)];
      out.push(
        reading(lat2, lon2, format, confidence * 0.4, notes("O read as west (French 'ouest')")),
      );
    }
    return out.filter((r): r is CoordinateParse => r !== null);
  }
  const latFirst = a.axis === 'lat' || b.axis === 'lon';
  const lonFirst = a.axis === 'lon' || b.axis === 'lat';
  if (latFirst) {
    out.push(reading(a.value, b.value, format, confidence, notes()));
  } else if (lonFirst) {
    out.push(reading(b.value, a.value, format, confidence, notes('longitude given first')));
  } else {
    const straight = reading(a.value, b.value, format, confidence * 0.9, notes());
    const swapped = reading(
      b.value,
      a.value,
      format,
      confidence * (straight ? 0.35 : 0.75),
      notes(
        straight
          ? 'read as longitude, latitude: possible, but latitude usually comes first'
          : 'read as longitude, latitude: the first value is out of latitude range',
      ),
    );
    out.push(straight, swapped);
  }
  return out.filter((r): r is CoordinateParse => r !== null);
}

/** Every lat/lon reading of the text (unsorted, possibly duplicates). */
export function parseLatLonText(text: string): CoordinateParse[] {
  const s = normalise(text);
  const out: CoordinateParse[] = [];
  const asIs = tokenise(s);
  if (asIs) out.push(...readingsOf(asIs, 1));
  // Belgian/French style "50,85; 4,35" or "50,85 4,35": commas between digits as decimal marks.
  if (/\d,\d/.test(s) && !/\d\.\d/.test(s)) {
    const decimalComma = tokenise(s.replace(/(\d),(\d)/g, '$1.$2'));
    if (decimalComma) out.push(...readingsOf(decimalComma, 0.95, 'commas read as decimal marks'));
  }
  return out;
}
