/**
 * The name index behind place search, for any records with names (gazetteer places, basemap
 * streets): folded keys in one sorted array for exact and prefix matches by binary search, and
 * a trigram index over the keys' beginnings that yields the candidates a bounded edit distance
 * then checks, for typos. Built once, in a few hundred milliseconds for the whole gazetteer.
 */
import { canonicalName, foldName } from './gazetteer-search-fold';

export interface NameRecord {
  /** The record's own name first, then alternates (exonyms, other spellings). */
  names: readonly string[];
}

/** How a query met a record: its whole name, an alternate, the start of one, a later word, or with typos. */
export type MatchKind = 'exact' | 'alternate' | 'prefix' | 'word' | 'fuzzy';

export interface NameHit {
  record: number;
  /** 0..1, higher is a closer match; population and distance are weighed by the caller. */
  quality: number;
  matchedBy: MatchKind;
  /** Which of the record's names matched. */
  nameIndex: number;
  /** Weighted edits (a doubled letter costs half) between query and name; 0 unless fuzzy. */
  editDistance: number;
}

const KEY_NAME = 0;
const KEY_ALTERNATE = 1;
const KEY_WORD = 2;
/** Only a key's beginning is indexed for typos: a query is matched against name prefixes. */
const TRIGRAM_SPAN = 18;
/** Above this many typo candidates the trigram threshold is raised, to bound a keystroke's work. */
const MAX_FUZZY_CANDIDATES = 4_000;
const MIN_FUZZY_LENGTH = 4;
/** Marks a record the lookup's filter rejected (qualities are never this low). */
const FILTERED_OUT = -10;

export function allowedEdits(queryLength: number): number {
  // Two edits at most: more would let every long query match a thousand unrelated names.
  return queryLength < MIN_FUZZY_LENGTH ? 0 : queryLength <= 5 ? 1 : 2;
}

const EXACT_QUALITY = [1, 0.97, 0.8];
function prefixQuality(kind: number, ratio: number): number {
  return kind === KEY_WORD ? 0.55 + 0.15 * ratio : (kind === KEY_NAME ? 0.75 : 0.73) + 0.2 * ratio;
}

/** Reused dynamic-programming rows (queries and keys are short). */
let rowA = new Float32Array(64);
let rowB = new Float32Array(64);
let rowC = new Float32Array(64);

/**
 * Weighted Damerau–Levenshtein distance from `q` to the best prefix of `key` and to the whole
 * key, giving up (null) once every alignment costs more than `k`. Doubling or undoubling a
 * letter costs 0.5: "jabek" is half an edit from "jabbek".
 */
export function boundedDistances(
  q: string,
  key: string,
  k: number,
): { prefix: number; full: number } | null {
  const n = q.length;
  const m = Math.min(key.length, n + 2 * k);
  const fullComparable = key.length === m;
  if (rowA.length < m + 1) {
    rowA = new Float32Array(m + 16);
    rowB = new Float32Array(m + 16);
    rowC = new Float32Array(m + 16);
  }
  let before = rowC;
  let prev = rowA;
  let cur = rowB;
  prev[0] = 0;
  for (let j = 1; j <= m; j++)
    prev[j] = prev[j - 1]! + (j > 1 && key[j - 1] === key[j - 2] ? 0.5 : 1);
  for (let i = 1; i <= n; i++) {
    const qc = q.charCodeAt(i - 1);
    const deletion = i > 1 && qc === q.charCodeAt(i - 2) ? 0.5 : 1;
    cur[0] = prev[0]! + deletion;
    let rowMin = cur[0]!;
    for (let j = 1; j <= m; j++) {
      const kc = key.charCodeAt(j - 1);
      let best = prev[j - 1]! + (qc === kc ? 0 : 1);
      const del = prev[j]! + deletion;
      if (del < best) best = del;
      const ins = cur[j - 1]! + (j > 1 && kc === key.charCodeAt(j - 2) ? 0.5 : 1);
      if (ins < best) best = ins;
      if (i > 1 && j > 1 && qc === key.charCodeAt(j - 2) && q.charCodeAt(i - 2) === kc) {
        const swap = before[j - 2]! + 1;
        if (swap < best) best = swap;
      }
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > k) return null;
    const t = before;
    before = prev;
    prev = cur;
    cur = t;
  }
  let prefix = Infinity;
  for (let j = 0; j <= m; j++) if (prev[j]! < prefix) prefix = prev[j]!;
  return { prefix, full: fullComparable ? prev[m]! : Infinity };
}

export interface LookupOptions {
  /** Only records passing this are considered (e.g. "in Belgium"). */
  filter?: (record: number) => boolean;
  /**
   * Look for typos only when no name matched exactly and prefix matching found fewer records
   * than this (default 5); 0 never looks.
   */
  fuzzyBelow?: number;
}

const DEFAULT_FUZZY_BELOW = 5;

export class NameSearchIndex {
  readonly recordCount: number;
  readonly keyCount: number;
  /** Milliseconds the constructor took. */
  readonly buildMs: number;
  private readonly keys: string[];
  /** Entries of key i are entryRecord[keyStart[i] .. keyStart[i + 1]). */
  private readonly keyStart: Int32Array;
  private readonly entryRecord: Int32Array;
  private readonly entryKind: Uint8Array;
  private readonly entryName: Uint8Array;
  private readonly gramOffset = new Map<number, number>();
  private readonly gramLength = new Map<number, number>();
  private readonly gramPostings: Int32Array;
  /** Character → 12-bit id, assigned as characters are first seen (1 is the start mark). */
  private readonly charIds = new Map<number, number>([[0x5e, 1]]);
  // Per-lookup scratch, stamped by generation instead of cleared.
  private readonly bestQuality: Float64Array;
  private readonly bestKind: Uint8Array;
  private readonly bestName: Uint8Array;
  private readonly bestDistance: Float32Array;
  private readonly stamp: Int32Array;
  private readonly trigramCount: Uint8Array;
  private generation = 0;

  constructor(records: readonly NameRecord[], now: () => number = Date.now) {
    const started = now();
    this.recordCount = records.length;
    // Entries in growable typed arrays, chained per key from a Map of key → last entry: no
    // per-key arrays, which at 200,000 keys cost more in garbage collection than the work.
    let capacity = Math.max(16, records.length * 3);
    let eRecord = new Int32Array(capacity);
    let eKind = new Uint8Array(capacity);
    let eName = new Uint8Array(capacity);
    let eNext = new Int32Array(capacity);
    let entryCount = 0;
    const head = new Map<string, number>();
    const recordKeys: string[] = [];
    const add = (key: string, record: number, kind: number, nameIndex: number): void => {
      if (key === '' || recordKeys.includes(key)) return;
      recordKeys.push(key);
      if (entryCount === capacity) {
        capacity *= 2;
        const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
        eRecord = grow(eRecord, new Int32Array(capacity));
        eKind = grow(eKind, new Uint8Array(capacity));
        eName = grow(eName, new Uint8Array(capacity));
        eNext = grow(eNext, new Int32Array(capacity));
      }
      eRecord[entryCount] = record;
      eKind[entryCount] = kind;
      eName[entryCount] = nameIndex;
      eNext[entryCount] = head.get(key) ?? -1;
      head.set(key, entryCount);
      entryCount++;
    };
    for (let r = 0; r < records.length; r++) {
      recordKeys.length = 0;
      const names = records[r]!.names;
      for (let nameIndex = 0; nameIndex < names.length && nameIndex < 256; nameIndex++) {
        const folded = foldName(names[nameIndex]!);
        const kind = nameIndex === 0 ? KEY_NAME : KEY_ALTERNATE;
        add(folded, r, kind, nameIndex);
        add(canonicalName(folded), r, kind, nameIndex);
        if (folded.includes(' ')) {
          add(folded.replace(/ /g, ''), r, kind, nameIndex);
          const words = folded.split(' ');
          for (let w = 1; w < words.length; w++) {
            const rest = words.slice(w).join(' ');
            if (rest.length >= 3) add(rest, r, KEY_WORD, nameIndex);
          }
        }
      }
    }
    this.keys = [...head.keys()].sort();
    this.keyStart = new Int32Array(this.keys.length + 1);
    this.entryRecord = new Int32Array(entryCount);
    this.entryKind = new Uint8Array(entryCount);
    this.entryName = new Uint8Array(entryCount);
    let at = 0;
    for (let id = 0; id < this.keys.length; id++) {
      this.keyStart[id] = at;
      for (let e = head.get(this.keys[id]!)!; e >= 0; e = eNext[e]!) {
        this.entryRecord[at] = eRecord[e]!;
        this.entryKind[at] = eKind[e]!;
        this.entryName[at] = eName[e]!;
        at++;
      }
    }
    this.keyStart[this.keys.length] = at;
    this.keyCount = this.keys.length;

    // Trigrams as numbers (three 12-bit character ids), postings in one flat array (CSR).
    const gramStart = new Int32Array(this.keys.length + 1);
    let gramFlat = new Float64Array(this.keys.length * 8);
    let gramTotal = 0;
    const gramCount = new Map<number, number>();
    for (let id = 0; id < this.keys.length; id++) {
      gramStart[id] = gramTotal;
      for (const g of this.gramCodes(this.keys[id]!, true)) {
        if (gramTotal === gramFlat.length) {
          const bigger = new Float64Array(gramFlat.length * 2);
          bigger.set(gramFlat);
          gramFlat = bigger;
        }
        gramFlat[gramTotal++] = g;
        gramCount.set(g, (gramCount.get(g) ?? 0) + 1);
      }
    }
    gramStart[this.keys.length] = gramTotal;
    let offset = 0;
    const fill = new Map<number, number>();
    for (const [g, n] of gramCount) {
      this.gramOffset.set(g, offset);
      this.gramLength.set(g, n);
      fill.set(g, offset);
      offset += n;
    }
    this.gramPostings = new Int32Array(offset);
    for (let id = 0; id < this.keys.length; id++) {
      for (let i = gramStart[id]!; i < gramStart[id + 1]!; i++) {
        const g = gramFlat[i]!;
        const slot = fill.get(g)!;
        this.gramPostings[slot] = id;
        fill.set(g, slot + 1);
      }
    }

    this.bestQuality = new Float64Array(records.length);
    this.bestKind = new Uint8Array(records.length);
    this.bestName = new Uint8Array(records.length);
    this.bestDistance = new Float32Array(records.length);
    this.stamp = new Int32Array(records.length);
    this.trigramCount = new Uint8Array(this.keys.length);
    this.buildMs = now() - started;
  }

  /** Distinct trigram codes of `^key`'s first characters; unknown characters give none at query time. */
  private gramCodes(key: string, learn: boolean): number[] {
    const s = `^${key}`.slice(0, TRIGRAM_SPAN);
    const ids: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let id = this.charIds.get(c);
      if (id === undefined && learn && this.charIds.size < 4095) {
        id = this.charIds.size + 1;
        this.charIds.set(c, id);
      }
      ids.push(id ?? 0);
    }
    const out: number[] = [];
    for (let i = 0; i + 3 <= ids.length; i++) {
      if (ids[i] === 0 || ids[i + 1] === 0 || ids[i + 2] === 0) continue;
      const g = (ids[i]! * 4096 + ids[i + 1]!) * 4096 + ids[i + 2]!;
      if (!out.includes(g)) out.push(g);
    }
    return out;
  }

  private anyEntryPasses(id: number, filter: (record: number) => boolean): boolean {
    for (let e = this.keyStart[id]!; e < this.keyStart[id + 1]!; e++) {
      if (filter(this.entryRecord[e]!)) return true;
    }
    return false;
  }

  /** First key ≥ `q`. */
  private lowerBound(q: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < q) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every record the (raw or folded) query matches, each once with its best match. */
  lookup(query: string, options: LookupOptions = {}): NameHit[] {
    const folded = foldName(query);
    if (folded === '') return [];
    const generation = ++this.generation;
    const touched: number[] = [];
    const filter = options.filter;
    const offer = (
      record: number,
      quality: number,
      kind: MatchKind,
      nameIndex: number,
      distance: number,
    ): void => {
      if (this.stamp[record] !== generation) {
        this.stamp[record] = generation;
        if (filter && !filter(record)) {
          this.bestQuality[record] = FILTERED_OUT;
          return;
        }
        this.bestQuality[record] = -Infinity;
        touched.push(record);
      } else if (this.bestQuality[record] === FILTERED_OUT) return;
      if (quality > this.bestQuality[record]!) {
        this.bestQuality[record] = quality;
        this.bestKind[record] = MATCH_KINDS.indexOf(kind);
        this.bestName[record] = nameIndex;
        this.bestDistance[record] = distance;
      }
    };
    const variants = [...new Set([folded, canonicalName(folded)])];
    for (const v of variants) this.prefixMatches(v, offer);
    // Typos are looked for only when the text as typed finds too little: a name that exists
    // is what was meant far more often than a near-miss of another, and this is the costly part.
    let found = 0;
    let exact = false;
    for (const r of touched) {
      const q = this.bestQuality[r]!;
      if (q > FILTERED_OUT) found++;
      if (q >= EXACT_QUALITY[KEY_ALTERNATE]!) exact = true;
    }
    const wanted = options.fuzzyBelow ?? DEFAULT_FUZZY_BELOW;
    if (allowedEdits(folded.length) > 0 && found < wanted && !exact) {
      for (const v of variants) this.fuzzyMatches(v, offer, filter);
    }
    const hits: NameHit[] = [];
    for (const record of touched) {
      const quality = this.bestQuality[record]!;
      if (quality <= FILTERED_OUT) continue;
      hits.push({
        record,
        quality,
        matchedBy: MATCH_KINDS[this.bestKind[record]!]!,
        nameIndex: this.bestName[record]!,
        editDistance: this.bestDistance[record]!,
      });
    }
    return hits;
  }

  private prefixMatches(v: string, offer: Offer): void {
    for (let id = this.lowerBound(v); id < this.keys.length; id++) {
      const key = this.keys[id]!;
      if (!key.startsWith(v)) break;
      const exact = key.length === v.length;
      for (let e = this.keyStart[id]!; e < this.keyStart[id + 1]!; e++) {
        const kind = this.entryKind[e]!;
        const quality = exact ? EXACT_QUALITY[kind]! : prefixQuality(kind, v.length / key.length);
        const matchedBy: MatchKind =
          kind === KEY_WORD
            ? 'word'
            : exact
              ? kind === KEY_NAME
                ? 'exact'
                : 'alternate'
              : 'prefix';
        offer(this.entryRecord[e]!, quality, matchedBy, this.entryName[e]!, 0);
      }
    }
  }

  private fuzzyMatches(v: string, offer: Offer, filter?: (record: number) => boolean): void {
    const k = allowedEdits(v.length);
    const grams = this.gramCodes(v, false);
    // Characters no key has still count as trigrams the query cannot share.
    const gramTotal = Math.max(grams.length, Math.min(TRIGRAM_SPAN, v.length + 1) - 2);
    const counts = this.trigramCount;
    const candidates: number[] = [];
    const postings = this.gramPostings;
    for (const g of grams) {
      const start = this.gramOffset.get(g);
      if (start === undefined) continue;
      const end = start + this.gramLength.get(g)!;
      for (let i = start; i < end; i++) {
        const id = postings[i]!;
        if (counts[id] === 0) candidates.push(id);
        counts[id] = counts[id]! + 1;
      }
    }
    // Each edit spoils at most three trigrams.
    let threshold = Math.max(1, gramTotal - 3 * k);
    let kept = candidates.filter((id) => counts[id]! >= threshold);
    while (kept.length > MAX_FUZZY_CANDIDATES) {
      threshold++;
      kept = kept.filter((id) => counts[id]! >= threshold);
    }
    for (const id of candidates) counts[id] = 0;
    for (const id of kept) {
      const key = this.keys[id]!;
      if (filter && !this.anyEntryPasses(id, filter)) continue;
      const d = boundedDistances(v, key, k);
      if (!d) continue;
      const full = d.full <= k;
      const distance = full ? d.full : d.prefix;
      if (distance === 0 || distance > k) continue;
      for (let e = this.keyStart[id]!; e < this.keyStart[id + 1]!; e++) {
        const kind = this.entryKind[e]!;
        const base = full
          ? EXACT_QUALITY[kind]!
          : prefixQuality(kind, Math.min(1, v.length / key.length));
        offer(this.entryRecord[e]!, base - 0.25 * distance, 'fuzzy', this.entryName[e]!, distance);
      }
    }
  }
}

type Offer = (
  record: number,
  quality: number,
  kind: MatchKind,
  nameIndex: number,
  distance: number,
) => void;

const MATCH_KINDS: readonly MatchKind[] = ['exact', 'alternate', 'prefix', 'word', 'fuzzy'];
