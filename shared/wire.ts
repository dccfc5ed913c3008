/**
 * Wire codec for the end-to-end test host: JSON, or JSON plus raw binary (see below).
 *
 * Electron IPC uses the structured-clone algorithm, which keeps typed arrays, ArrayBuffers,
 * NaN and ±Infinity. Plain JSON loses all of them (a Float64Array becomes an object of
 * indexed keys, NaN becomes null), so the HTTP test host would return data the renderer never
 * sees in production. This codec tags those values so that `decodeWire(encodeWire(x))`
 * gives what structured clone would have given.
 *
 * Tags (an object whose only key is the tag, plus its payload):
 * - `{"$ta": "Float64Array", "b64": "…"}`  typed array, bytes in platform (little-endian) order
 * - `{"$ab": "…"}`                          ArrayBuffer
 * - `{"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}`
 * - `{"$undef": 1}`                         undefined inside an array (JSON would write null)
 * - `{"$esc": {…}}`                         a plain object that itself has a key starting with `$`
 * - `{"$plain": […]}`                       an array with no tag anywhere inside, decoded as JSON
 *                                            gave it (no walk); only long arrays are marked
 *
 * The binary framing (`encodeWireBinary`) carries typed arrays and ArrayBuffers as raw bytes
 * after a JSON header instead of base64 inside it: a million-fix source is ~50 MB of typed
 * arrays, which cost the page seconds as base64 and Electron's structured clone tens of ms.
 * Layout: the 4 bytes `ITW1`, the header's UTF-8 length (uint32, little-endian), the header,
 * zero padding to a multiple of 8, then the data section, every blob starting at a multiple
 * of 8 (so any typed array can be a view on it). In the header a blob is
 * `{"$tb": "Float64Array", "o": byteOffset, "n": elementCount}` (typed array) or
 * `{"$bb": byteOffset, "n": byteLength}` (ArrayBuffer), offsets into the data section.
 * Decoding makes views on the received buffer without copying; each value gets its own
 * region, so no two views overlap.
 */

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
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

export class WireError extends Error {
  override name = 'WireError';
}

/** Encodes a value as a JSON string, keeping typed arrays, ArrayBuffers and special numbers. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(toWire(value, 0, null));
}

/** Decodes what `encodeWire` produced. Throws WireError on a malformed tag. */
export function decodeWire(text: string): unknown {
  return fromWire(JSON.parse(text) as unknown, 0, null);
}

/** The media type of the binary framing (the test host sends it to clients that accept it). */
export const WIRE_BINARY_TYPE = 'application/x-itinera-wire';

const MAGIC = [0x49, 0x54, 0x57, 0x31]; // "ITW1"
const PREFIX_BYTES = 8;
const ALIGN = 8;

/** Blobs gathered while encoding, with where each starts in the data section. */
interface BlobSink {
  blobs: Uint8Array[];
  size: number;
}

/** Blob tags are only meaningful with the data section they point into. */
interface BlobSource {
  buffer: ArrayBuffer;
  /** Where the data section starts in `buffer`. */
  start: number;
  length: number;
}

/**
 * Encodes a value in the binary framing, as chunks to write one after the other (the blobs
 * are views on the value's own buffers, not copies). Their total length is the body length.
 */
export function encodeWireBinary(value: unknown): Uint8Array[] {
  const sink: BlobSink = { blobs: [], size: 0 };
  const header = utf8Encode(JSON.stringify(toWire(value, 0, sink)));
  const headerEnd = PREFIX_BYTES + header.byteLength;
  const head = new Uint8Array(alignUp(headerEnd));
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, header.byteLength, true);
  head.set(header, PREFIX_BYTES);
  const chunks: Uint8Array[] = [head];
  for (const blob of sink.blobs) {
    chunks.push(blob);
    const pad = alignUp(blob.byteLength) - blob.byteLength;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  return chunks;
}

/** Decodes the binary framing; typed arrays come back as views on `buffer`. Throws WireError. */
export function decodeWireBinary(buffer: ArrayBuffer): unknown {
  if (buffer.byteLength < PREFIX_BYTES) throw new WireError('binary wire body too short');
  const prefix = new Uint8Array(buffer, 0, PREFIX_BYTES);
  if (MAGIC.some((b, i) => prefix[i] !== b)) throw new WireError('not a binary wire body');
  const headerLength = new DataView(buffer).getUint32(4, true);
  const headerEnd = PREFIX_BYTES + headerLength;
  if (headerEnd > buffer.byteLength) throw new WireError('binary wire header overruns the body');
  const start = Math.min(alignUp(headerEnd), buffer.byteLength);
  const text = utf8Decode(new Uint8Array(buffer, PREFIX_BYTES, headerLength));
  const source: BlobSource = { buffer, start, length: buffer.byteLength - start };
  return fromWire(JSON.parse(text) as unknown, 0, source);
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** Appends bytes to the sink; returns their offset in the data section. */
function addBlob(sink: BlobSink, bytes: Uint8Array): number {
  const offset = sink.size;
  sink.blobs.push(bytes);
  sink.size += alignUp(bytes.byteLength);
  return offset;
}

// shared/ has neither DOM nor Node types; both runtimes have TextEncoder and TextDecoder.
interface Utf8Codecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (
    label: string,
    options: { fatal: boolean },
  ) => {
    decode(bytes: Uint8Array): string;
  };
}
const UTF8 = globalThis as unknown as Partial<Utf8Codecs>;

function utf8Encode(text: string): Uint8Array {
  if (!UTF8.TextEncoder) throw new WireError('no TextEncoder in this runtime');
  return new UTF8.TextEncoder().encode(text);
}

function utf8Decode(bytes: Uint8Array): string {
  if (!UTF8.TextDecoder) throw new WireError('no TextDecoder in this runtime');
  try {
    return new UTF8.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WireError('binary wire header is not UTF-8');
  }
}

const MAX_DEPTH = 200;

function toWire(value: unknown, depth: number, sink: BlobSink | null): unknown {
  const wire = toWireValue(value, depth, sink);
  return wire === value ? wrapPlain(value) : wire;
}

/**
 * Arrays of at least this many items that need no tag anywhere inside are sent as
 * `{"$plain": [...]}`, which the decoder takes as JSON gave it without walking it: a source's
 * 10,000 photo records and file entries are decoded at JSON.parse speed.
 */
const PLAIN_MIN_ITEMS = 32;

function wrapPlain(value: unknown): unknown {
  return Array.isArray(value) && value.length >= PLAIN_MIN_ITEMS ? { $plain: value } : value;
}

/**
 * A string, boolean or number that JSON writes as itself (not NaN, ±Infinity or -0): checked
 * inline, as most values of a large result are, rather than through a call per value.
 */
function plainScalar(item: unknown): boolean {
  switch (typeof item) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return item - item === 0 && (item !== 0 || 1 / item > 0);
    default:
      return false;
  }
}

/**
 * The wire form of `value`: the value itself (not a copy) when JSON would already write it
 * as the decoder must read it, so a large plain subtree is neither copied nor wrapped twice.
 */
function toWireValue(value: unknown, depth: number, sink: BlobSink | null): unknown {
  if (depth > MAX_DEPTH) throw new WireError('value nested too deeply to encode');
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return { $num: 'NaN' };
      if (value === Infinity) return { $num: 'Infinity' };
      if (value === -Infinity) return { $num: '-Infinity' };
      if (Object.is(value, -0)) return { $num: '-0' };
      return value;
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $undef: 1 };
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new WireError(`cannot encode a ${typeof value}`);
  }
  if (value === null) return null;
  if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    return sink
      ? { $bb: addBlob(sink, bytes), n: bytes.byteLength }
      : { $ab: bytesToBase64(bytes) };
  }
  if (ArrayBuffer.isView(value)) {
    const name = typedArrayName(value);
    if (!name) throw new WireError(`cannot encode a ${value.constructor.name}`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (sink) return { $tb: name, o: addBlob(sink, bytes), n: (value as AnyTypedArray).length };
    return { $ta: name, b64: bytesToBase64(bytes) };
  }
  if (Array.isArray(value)) {
    // Copied only from the first item that changes.
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      const wire = plainScalar(item) ? item : toWire(item, depth + 1, sink);
      if (out === null && wire !== item) out = value.slice(0, i);
      if (out !== null) out.push(wire);
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new WireError(`cannot encode a ${ctor}`);
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  let needsEscape = false;
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const item = record[key];
    // Like structured clone, keep the key; JSON would drop an undefined property silently.
    // (JSON.stringify drops it from an object sent as it is, too.)
    if (item === undefined) continue;
    if (key.charCodeAt(0) === 36 /* $ */) needsEscape = true;
    const wire = plainScalar(item) ? item : toWire(item, depth + 1, sink);
    if (out === null && (wire !== item || needsEscape)) {
      out = {};
      for (let j = 0; j < k; j++) {
        const earlier = keys[j]!;
        if (record[earlier] !== undefined) out[earlier] = record[earlier];
      }
    }
    if (out !== null) out[key] = wire;
  }
  if (out === null) return value;
  return needsEscape ? { $esc: out } : out;
}

function fromWire(value: unknown, depth: number, blobs: BlobSource | null): unknown {
  if (depth > MAX_DEPTH) throw new WireError('value nested too deeply to decode');
  if (value === null || typeof value !== 'object') return value;
  // JSON.parse made every array and object afresh: they are decoded in place, which keeps a
  // 10,000-photo source from being rebuilt object by object.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromWire(value[i], depth + 1, blobs);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return obj;
  const first = keys[0]!;
  if (!first.startsWith('$')) return decodeEntries(obj, depth, blobs);
  if ('$tb' in obj) return typedArrayBlob(obj, blobs);
  if ('$bb' in obj) {
    const { offset, bytes } = blobRegion(obj.$bb, obj.n, 1, blobs);
    return blobs!.buffer.slice(blobs!.start + offset, blobs!.start + offset + bytes);
  }
  if ('$ta' in obj) {
    const name = obj.$ta;
    if (typeof name !== 'string' || !(name in TYPED_ARRAYS) || typeof obj.b64 !== 'string') {
      throw new WireError('malformed typed-array tag');
    }
    const ctor = TYPED_ARRAYS[name as TypedArrayName];
    const bytes = base64ToBytes(obj.b64);
    if (bytes.byteLength % ctor.BYTES_PER_ELEMENT !== 0) {
      throw new WireError(`${name} payload is not a whole number of elements`);
    }
    // base64ToBytes returns a fresh, zero-offset buffer, so it is aligned for any element size.
    return new ctor(bytes.buffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
  }
  if ('$ab' in obj) {
    if (typeof obj.$ab !== 'string') throw new WireError('malformed ArrayBuffer tag');
    return base64ToBytes(obj.$ab).buffer;
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
    throw new WireError('malformed number tag');
  }
  if ('$undef' in obj) return undefined;
  // Made by JSON.parse from a subtree with no tag in it: already what was sent.
  if ('$plain' in obj) {
    if (keys.length !== 1 || typeof obj.$plain !== 'object' || obj.$plain === null) {
      throw new WireError('malformed plain tag');
    }
    return obj.$plain;
  }
  if ('$esc' in obj) {
    const inner = obj.$esc;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new WireError('malformed escape tag');
    }
    return decodeEntries(inner as Record<string, unknown>, depth, blobs);
  }
  throw new WireError(`unknown wire tag ${first}`);
}

function decodeEntries(
  obj: Record<string, unknown>,
  depth: number,
  blobs: BlobSource | null,
): Record<string, unknown> {
  for (const key of Object.keys(obj)) obj[key] = fromWire(obj[key], depth + 1, blobs);
  return obj;
}

/** A typed array as a view on the data section (no copy). */
function typedArrayBlob(obj: Record<string, unknown>, blobs: BlobSource | null): AnyTypedArray {
  const name = obj.$tb;
  if (typeof name !== 'string' || !(name in TYPED_ARRAYS)) {
    throw new WireError('malformed typed-array blob tag');
  }
  const ctor = TYPED_ARRAYS[name as TypedArrayName];
  const { offset } = blobRegion(obj.o, obj.n, ctor.BYTES_PER_ELEMENT, blobs);
  if (offset % ctor.BYTES_PER_ELEMENT !== 0) throw new WireError(`${name} blob is misaligned`);
  return new ctor(blobs!.buffer, blobs!.start + offset, obj.n as number);
}

/** Checks a blob tag's offset and size against the data section; both in bytes. */
function blobRegion(
  offset: unknown,
  count: unknown,
  elementBytes: number,
  blobs: BlobSource | null,
): { offset: number; bytes: number } {
  if (!blobs) throw new WireError('blob tag outside a binary wire body');
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(count)) {
    throw new WireError('malformed blob tag');
  }
  const o = offset as number;
  const bytes = (count as number) * elementBytes;
  if (o < 0 || bytes < 0 || o + bytes > blobs.length) {
    throw new WireError('blob lies outside the data section');
  }
  return { offset: o, bytes };
}

function typedArrayName(view: ArrayBufferView): TypedArrayName | undefined {
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (view instanceof TYPED_ARRAYS[name]) return name;
  }
  return undefined;
}

export function isTypedArray(value: unknown): value is AnyTypedArray {
  return ArrayBuffer.isView(value) && typedArrayName(value) !== undefined;
}

// shared/ has neither DOM (btoa) nor Node (Buffer) types, so base64 is done here.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/**
 * The runtime's own base64, where there is one: Node's Buffer (the test host) and the TC39
 * `Uint8Array.fromBase64`/`toBase64` (Chromium). A 1M-fix source is ~40 MB of typed arrays;
 * the loops below take seconds for it, the native codecs tens of milliseconds. Looked up
 * at run time since shared/ has neither type; the loops remain for runtimes without them.
 */
interface NodeBufferLike {
  from(
    buffer: ArrayBufferLike,
    offset: number,
    length: number,
  ): { toString(enc: 'base64'): string };
  from(text: string, enc: 'base64'): Uint8Array;
}
const NODE_BUFFER = (globalThis as { Buffer?: NodeBufferLike }).Buffer;
const NATIVE_FROM_BASE64 = (
  Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }
).fromBase64;
const NATIVE_TO_BASE64 = (Uint8Array.prototype as unknown as { toBase64?: () => string }).toBase64;
/** Only what the loops accept: Node's decoder skips whitespace and stray characters. */
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `fromBase64` skips ASCII whitespace; the loops refuse it. indexOf is far quicker than a regex. */
function hasAsciiWhitespace(text: string): boolean {
  for (const c of [' ', '\n', '\r', '\t', '\f']) if (text.includes(c)) return true;
  return false;
}

export function bytesToBase64(bytes: Uint8Array): string {
  if (NODE_BUFFER) {
    return NODE_BUFFER.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
  if (NATIVE_TO_BASE64) return NATIVE_TO_BASE64.call(bytes);
  return bytesToBase64Loop(bytes);
}

/** The portable encoder (exported for tests: it must agree with the native ones). */
export function bytesToBase64Loop(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  const codes = new Array<number>((CHUNK / 3) * 4);
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let n = 0;
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes[n++] = ALPHABET.charCodeAt(v >> 18);
      codes[n++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[n++] = ALPHABET.charCodeAt((v >> 6) & 63);
      codes[n++] = ALPHABET.charCodeAt(v & 63);
    }
    const rest = end - i;
    if (rest > 0) {
      const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
      codes[n++] = ALPHABET.charCodeAt(v >> 18);
      codes[n++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[n++] = rest === 2 ? ALPHABET.charCodeAt((v >> 6) & 63) : 61;
      codes[n++] = 61;
    }
    parts.push(String.fromCharCode(...codes.slice(0, n)));
  }
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) throw new WireError('base64 length is not a multiple of 4');
  if (NATIVE_FROM_BASE64 && !hasAsciiWhitespace(text)) {
    // It throws on any other character outside the alphabet, and on misplaced padding.
    try {
      return NATIVE_FROM_BASE64(text);
    } catch {
      throw new WireError('invalid base64');
    }
  }
  if (NODE_BUFFER && STRICT_BASE64.test(text)) {
    // A fresh, zero-offset copy: Node may hand out a slice of its shared pool.
    return new Uint8Array(NODE_BUFFER.from(text, 'base64'));
  }
  return base64ToBytesLoop(text);
}

/** The portable decoder (exported for tests); throws WireError on anything not base64. */
export function base64ToBytesLoop(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) throw new WireError('base64 length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const lastQuad = i + 4 === text.length;
    const c = lastQuad && padding === 2 ? 0 : sextet(text, i + 2);
    const d = lastQuad && padding >= 1 ? 0 : sextet(text, i + 3);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? DECODE[code]! : -1;
  if (value < 0) throw new WireError(`invalid base64 character at ${index}`);
  return value;
}
