/**
 * JSON wire codec for the end-to-end test host.
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
  return JSON.stringify(toWire(value, 0));
}

/** Decodes what `encodeWire` produced. Throws WireError on a malformed tag. */
export function decodeWire(text: string): unknown {
  return fromWire(JSON.parse(text) as unknown, 0);
}

const MAX_DEPTH = 200;

function toWire(value: unknown, depth: number): unknown {
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
  if (value instanceof ArrayBuffer) return { $ab: bytesToBase64(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) {
    const name = typedArrayName(value);
    if (!name) throw new WireError(`cannot encode a ${value.constructor.name}`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $ta: name, b64: bytesToBase64(bytes) };
  }
  if (Array.isArray(value)) return value.map((item) => toWire(item, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new WireError(`cannot encode a ${ctor}`);
  }
  const out: Record<string, unknown> = {};
  let needsEscape = false;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    // Like structured clone, keep the key; JSON would drop an undefined property silently.
    if (item === undefined) continue;
    if (key.startsWith('$')) needsEscape = true;
    out[key] = toWire(item, depth + 1);
  }
  return needsEscape ? { $esc: out } : out;
}

function fromWire(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new WireError('value nested too deeply to decode');
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => fromWire(item, depth + 1));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return {};
  const first = keys[0]!;
  if (!first.startsWith('$')) return decodeEntries(obj, depth);
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
  if ('$esc' in obj) {
    const inner = obj.$esc;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new WireError('malformed escape tag');
    }
    return decodeEntries(inner as Record<string, unknown>, depth);
  }
  throw new WireError(`unknown wire tag ${first}`);
}

function decodeEntries(obj: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(obj)) out[key] = fromWire(item, depth + 1);
  return out;
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
