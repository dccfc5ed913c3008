/**
 * The `.itinera` byte layout. Chosen so that opening 5 million fixes is a few large reads plus
 * typed-array views over them (no per-fix parsing) and so that a torn or altered file is told
 * apart from a good one without trusting anything inside it:
 *
 *   header    32 B  magic (12) · format version u32 · directory length u32 · flags u32 ·
 *                   blob area length u64                                  (little-endian)
 *   directory       UTF-8: one line of JSON (format, version, software, savedAt, audit head, the
 *                   blob table), LF, the document as JSON (typed arrays replaced by
 *                   `{"$blob": i}`); zero-padded to 8
 *   blobs           each typed array's raw little-endian bytes, each starting 8-byte aligned
 *   trailer   48 B  end magic (8) · content length u64 · SHA-256 of every byte before the trailer
 *
 * JSON tags inside the directory keep what JSON loses: `{"$num": "NaN"|"Infinity"|"-Infinity"|
 * "-0"}`, `{"$undef": 1}` (undefined inside an array); an object's own key that starts with `$`
 * is written with one more `$` (`$ref` → `$$ref`), so a tag is never mistaken for data. The
 * document is written by JSON.stringify with a replacer and read by JSON.parse with a reviver:
 * no intermediate copy of 20,000 photos is built either way. The magic begins with a non-ASCII byte and holds CR LF, ^Z and LF, as
 * PNG's does, so a text-mode transfer that rewrote line ends is caught at once.
 */
import { auditHead, type AuditHead } from './audit';
import { CaseFileError } from './errors';
import {
  CASE_FORMAT_VERSION,
  checkCaseDocument,
  migrateCaseDocument,
  type CaseDocument,
} from './format';
import type { Sha256Factory } from './sha256';
import { toHex } from './sha256';

export const CASE_MAGIC = new Uint8Array([
  0x89, 0x49, 0x54, 0x4e, 0x43, 0x41, 0x53, 0x45, 0x0d, 0x0a, 0x1a, 0x0a,
]); // \x89 I T N C A S E \r \n ^Z \n
export const CASE_END_MAGIC = new Uint8Array([0x49, 0x54, 0x4e, 0x45, 0x4e, 0x44, 0x0d, 0x0a]); // ITNEND\r\n
export const HEADER_BYTES = 32;
export const TRAILER_BYTES = 48;
export const CASE_FORMAT_ID = 'itinera-case';

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface BlobEntry {
  type: TypedArrayName;
  /** Byte offset from the start of the blob area. */
  offset: number;
  /** Number of elements. */
  length: number;
}

/** The directory's first line; the document follows it. */
export interface CaseDirectory {
  format: typeof CASE_FORMAT_ID;
  version: number;
  software: string;
  /** UTC ISO-8601. */
  savedAt: string;
  /** The audit log's head when saved: a log cut short or re-chained no longer matches it. */
  auditHead: AuditHead;
  blobs: BlobEntry[];
}

export interface EncodedCase {
  /** The file's bytes in order; blob chunks are views on the document's own arrays (no copy). */
  chunks: Uint8Array[];
  byteLength: number;
  /** Bytes of typed-array data (fixes, time bases, cells…): the columnar size. */
  columnBytes: number;
  sha256: string;
}

export interface EncodeOptions {
  software: string;
  savedAt: number;
  /** Only for tests building files of older (or unknown newer) versions. */
  version?: number;
  /** Only for tests: a recorded audit head other than the log's own (a log cut short). */
  auditHead?: AuditHead;
}

const pad8 = (n: number): number => (n + 7) & ~7;

function typedArrayName(view: ArrayBufferView): TypedArrayName | undefined {
  const name = view.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : undefined;
}

function littleEndianBytes(view: AnyTypedArray): Uint8Array {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  if (LITTLE_ENDIAN_HOST || view.BYTES_PER_ELEMENT === 1) return bytes;
  return swapped(bytes, view.BYTES_PER_ELEMENT);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width)
    for (let k = 0; k < width; k++) out[i + k] = bytes[i + width - 1 - k]!;
  return out;
}

const DOLLAR = 36;

function hasDollarKey(obj: object): boolean {
  for (const key in obj) if (key.charCodeAt(0) === DOLLAR) return true;
  return false;
}

/** JSON.stringify replacer: typed arrays to blob references, tags for what JSON cannot hold. */
function storingReplacer(blobs: AnyTypedArray[]) {
  return function (this: unknown, _key: string, value: unknown): unknown {
    switch (typeof value) {
      case 'number':
        if (Number.isFinite(value)) return Object.is(value, -0) ? { $num: '-0' } : value;
        return { $num: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
      case 'undefined':
        // Inside an array JSON would write null; a property JSON drops, as structured clone keeps none.
        return Array.isArray(this) ? { $undef: 1 } : undefined;
      case 'bigint':
      case 'function':
      case 'symbol':
        throw new Error(`a case document cannot hold a ${typeof value}`);
      case 'object': {
        if (value === null || Array.isArray(value)) return value;
        if (ArrayBuffer.isView(value)) {
          const name = typedArrayName(value);
          if (!name) throw new Error(`a case document cannot hold a ${value.constructor.name}`);
          blobs.push(value as AnyTypedArray);
          return { $blob: blobs.length - 1 };
        }
        if (!hasDollarKey(value)) return value;
        const escaped: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value))
          escaped[k.charCodeAt(0) === DOLLAR ? `$${k}` : k] = v;
        return escaped;
      }
      default:
        return value;
    }
  };
}

const encoder = new TextEncoder();

/** The file's bytes before the trailer; the trailer comes from `caseTrailer` once they are hashed. */
export interface EncodedCaseBody {
  /** Blob chunks are views on the document's own arrays (no copy). */
  chunks: Uint8Array[];
  contentLength: number;
  columnBytes: number;
}

/** Lays a document out without hashing it, so a writer can hash each chunk while the previous one is written. */
export function encodeCaseBody(doc: CaseDocument, opts: EncodeOptions): EncodedCaseBody {
  const arrays: AnyTypedArray[] = [];
  const docJson = JSON.stringify(doc, storingReplacer(arrays));
  const blobs: BlobEntry[] = [];
  let blobArea = 0;
  let columnBytes = 0;
  for (const view of arrays) {
    blobs.push({ type: typedArrayName(view)!, offset: blobArea, length: view.length });
    blobArea += pad8(view.byteLength);
    columnBytes += view.byteLength;
  }
  const version = opts.version ?? CASE_FORMAT_VERSION;
  const directory: CaseDirectory = {
    format: CASE_FORMAT_ID,
    version,
    software: opts.software,
    savedAt: new Date(opts.savedAt).toISOString(),
    auditHead: opts.auditHead ?? auditHead(doc.audit ?? []),
    blobs,
  };
  // JSON.stringify never writes a raw line feed, so the first one ends the directory line.
  const dirBytes = encoder.encode(`${JSON.stringify(directory)}\n${docJson}`);
  const header = new Uint8Array(HEADER_BYTES);
  header.set(CASE_MAGIC, 0);
  const hv = new DataView(header.buffer);
  hv.setUint32(12, version, true);
  hv.setUint32(16, dirBytes.length, true);
  hv.setUint32(20, 0, true);
  hv.setBigUint64(24, BigInt(blobArea), true);

  const zeros = new Uint8Array(8);
  const chunks: Uint8Array[] = [header, dirBytes];
  if (pad8(dirBytes.length) > dirBytes.length)
    chunks.push(zeros.subarray(0, pad8(dirBytes.length) - dirBytes.length));
  for (const view of arrays) {
    chunks.push(littleEndianBytes(view));
    const gap = pad8(view.byteLength) - view.byteLength;
    if (gap > 0) chunks.push(zeros.subarray(0, gap));
  }
  const contentLength = chunks.reduce((n, c) => n + c.length, 0);
  return { chunks, contentLength, columnBytes };
}

/** The 48-byte trailer for content of that length and SHA-256 digest. */
export function caseTrailer(contentLength: number, digest: Uint8Array): Uint8Array {
  const trailer = new Uint8Array(TRAILER_BYTES);
  trailer.set(CASE_END_MAGIC, 0);
  new DataView(trailer.buffer).setBigUint64(8, BigInt(contentLength), true);
  trailer.set(digest, 16);
  return trailer;
}

/** The file's bytes for a document. Throws (a programming error) only for values no file can hold. */
export function encodeCase(
  doc: CaseDocument,
  sha: Sha256Factory,
  opts: EncodeOptions,
): EncodedCase {
  const body = encodeCaseBody(doc, opts);
  const hasher = sha();
  for (const chunk of body.chunks) hasher.update(chunk);
  const digest = hasher.digest();
  return {
    chunks: [...body.chunks, caseTrailer(body.contentLength, digest)],
    byteLength: body.contentLength + TRAILER_BYTES,
    columnBytes: body.columnBytes,
    sha256: toHex(digest),
  };
}

export interface DecodedCase {
  doc: CaseDocument;
  /** The version the file was written in (before migration). */
  fileVersion: number;
  software: string;
  savedAt: string;
  auditHead: AuditHead | null;
  columnBytes: number;
  /** SHA-256 of the content (as in the trailer). */
  sha256: string;
}

function startsWithMagic(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, CASE_MAGIC.length);
  for (let i = 0; i < n; i++) if (bytes[i] !== CASE_MAGIC[i]) return false;
  return true;
}

/** What a quick look at the first bytes says, without reading the rest (for pickers and backups). */
export function sniffCase(head: Uint8Array): 'case' | 'foreign' | 'too-short' {
  if (!startsWithMagic(head)) return 'foreign';
  return head.length < CASE_MAGIC.length ? 'too-short' : 'case';
}

/**
 * Reads a whole case file. Typed arrays become views on `bytes` where alignment allows (keep
 * `bytes` unchanged afterwards). Every failure is a CaseFileError with a code.
 */
export function decodeCase(bytes: Uint8Array, sha: Sha256Factory): DecodedCase {
  if (!startsWithMagic(bytes) || bytes.length === 0) {
    throw new CaseFileError('case.foreign', 'this is not an Itinera case file');
  }
  if (bytes.length < HEADER_BYTES) {
    throw new CaseFileError('case.truncated', 'the case file ends before its header is complete');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(12, true);
  if (version > CASE_FORMAT_VERSION) {
    throw new CaseFileError(
      'case.newer-version',
      `this case was saved by a newer Itinera (case format ${version}; this version reads up to ${CASE_FORMAT_VERSION}): open it with that version or later`,
    );
  }
  const dirLength = view.getUint32(16, true);
  const blobArea = Number(view.getBigUint64(24, true));
  const contentLength = HEADER_BYTES + pad8(dirLength) + blobArea;
  const expected = contentLength + TRAILER_BYTES;
  if (bytes.length < expected) {
    throw new CaseFileError(
      'case.truncated',
      `the case file is incomplete: ${bytes.length} of ${expected} bytes (an interrupted copy or save?)`,
    );
  }
  if (bytes.length > expected) {
    throw new CaseFileError(
      'case.corrupt',
      `the case file has ${bytes.length - expected} unexpected bytes after its end`,
    );
  }
  for (let i = 0; i < CASE_END_MAGIC.length; i++) {
    if (bytes[contentLength + i] !== CASE_END_MAGIC[i])
      throw new CaseFileError('case.corrupt', 'the case file has no valid end marker');
  }
  if (Number(view.getBigUint64(contentLength + 8, true)) !== contentLength) {
    throw new CaseFileError('case.corrupt', 'the case file end marker gives a different length');
  }
  const hasher = sha();
  hasher.update(bytes.subarray(0, contentLength));
  const digest = hasher.digest();
  const stored = bytes.subarray(contentLength + 16, contentLength + 48);
  for (let i = 0; i < 32; i++) {
    if (digest[i] !== stored[i]) {
      throw new CaseFileError(
        'case.checksum',
        'the case file does not match its checksum: it was damaged or altered outside Itinera',
      );
    }
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      bytes.subarray(HEADER_BYTES, HEADER_BYTES + dirLength),
    );
  } catch {
    throw new CaseFileError('case.corrupt', 'the case file directory is not UTF-8 text');
  }
  const lineEnd = text.indexOf('\n');
  let directory: Partial<CaseDirectory>;
  try {
    directory = JSON.parse(lineEnd < 0 ? text : text.slice(0, lineEnd)) as Partial<CaseDirectory>;
  } catch {
    throw new CaseFileError('case.corrupt', 'the case file directory is not readable JSON');
  }
  if (directory.format !== CASE_FORMAT_ID || directory.version !== version || lineEnd < 0) {
    throw new CaseFileError('case.corrupt', 'the case file directory does not match its header');
  }
  const blobStart = HEADER_BYTES + pad8(dirLength);
  const arrays = reviveBlobs(bytes, blobStart, blobArea, directory.blobs);
  let revived: unknown;
  try {
    revived = JSON.parse(text.slice(lineEnd + 1), storedReviver(arrays));
  } catch (err) {
    if (err instanceof CaseFileError) throw err;
    throw new CaseFileError('case.corrupt', 'the case document is not readable JSON');
  }
  if (revived === null || typeof revived !== 'object' || Array.isArray(revived)) {
    throw new CaseFileError('case.corrupt', 'the case file holds no document');
  }
  const migrated = migrateCaseDocument(revived as Record<string, unknown>, version);
  const doc = checkCaseDocument(migrated);
  const head = directory.auditHead;
  return {
    doc,
    fileVersion: version,
    software: typeof directory.software === 'string' ? directory.software : '',
    savedAt: typeof directory.savedAt === 'string' ? directory.savedAt : '',
    auditHead:
      head && typeof head.count === 'number' && typeof head.hash === 'string' ? head : null,
    columnBytes: arrays.reduce((n, a) => n + a.byteLength, 0),
    sha256: toHex(digest),
  };
}

function reviveBlobs(
  bytes: Uint8Array,
  blobStart: number,
  blobArea: number,
  table: unknown,
): AnyTypedArray[] {
  if (!Array.isArray(table)) throw new CaseFileError('case.corrupt', 'the blob table is missing');
  return table.map((raw: unknown, i) => {
    const entry = raw as Partial<BlobEntry> | null;
    const ctor = entry && typeof entry.type === 'string' ? TYPED_ARRAYS[entry.type] : undefined;
    const offset = entry?.offset;
    const length = entry?.length;
    if (
      !ctor ||
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset! < 0 ||
      length! < 0 ||
      offset! % 8 !== 0 ||
      offset! + length! * ctor.BYTES_PER_ELEMENT > blobArea
    ) {
      throw new CaseFileError('case.corrupt', `blob ${i} lies outside the file`);
    }
    const byteOffset = bytes.byteOffset + blobStart + offset!;
    const byteLength = length! * ctor.BYTES_PER_ELEMENT;
    if (LITTLE_ENDIAN_HOST && byteOffset % ctor.BYTES_PER_ELEMENT === 0) {
      return new ctor(bytes.buffer as ArrayBuffer, byteOffset, length);
    }
    let copy = bytes.slice(blobStart + offset!, blobStart + offset! + byteLength);
    if (!LITTLE_ENDIAN_HOST) copy = swapped(copy, ctor.BYTES_PER_ELEMENT) as typeof copy;
    return new ctor(copy.buffer, 0, length);
  });
}

const UNDEFINED_MARK = Symbol('undefined');

/** JSON.parse reviver undoing storingReplacer (bottom-up, so tags never see escaped data). */
function storedReviver(arrays: AnyTypedArray[]) {
  let marks = 0;
  return function (_key: string, value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      if (marks > 0) {
        for (let i = 0; i < value.length; i++) {
          if (value[i] === UNDEFINED_MARK) {
            value[i] = undefined;
            marks--;
          }
        }
      }
      return value;
    }
    if (!hasDollarKey(value)) return value;
    const obj = value as Record<string, unknown>;
    if ('$blob' in obj) {
      const array = typeof obj.$blob === 'number' ? arrays[obj.$blob] : undefined;
      if (!array) throw new CaseFileError('case.corrupt', 'a column refers to a missing blob');
      return array;
    }
    if ('$num' in obj) {
      switch (obj.$num) {
        case 'NaN':
          return NaN;
        case 'Infinity':
          return Infinity;
        case '-Infinity':
          return -Infinity;
        case '-0':
          return -0;
      }
      throw new CaseFileError('case.corrupt', 'a number in the case file is malformed');
    }
    // Returning undefined from a reviver would leave a hole; the enclosing array puts undefined back.
    if ('$undef' in obj) {
      marks++;
      return UNDEFINED_MARK;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k.charCodeAt(0) === DOLLAR && k.charCodeAt(1) !== DOLLAR)
        throw new CaseFileError('case.corrupt', `unknown tag ${k} in the case document`);
      // defineProperty, so a stored `__proto__` key stays data instead of setting the prototype.
      Object.defineProperty(out, k.charCodeAt(0) === DOLLAR ? k.slice(1) : k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
}
