import type { RangeDecoder } from '../xml/tokenizer';

/**
 * Bytes → text for XML-like evidence files, streaming. The encoding is decided once from the
 * head of the file: a byte-order mark wins, then the UTF-16 shape of `<?`, then the `encoding`
 * of the XML declaration, else UTF-8. Multi-byte characters split across chunks are carried
 * over by TextDecoder's `stream` mode.
 */

export interface EncodingSniff {
  /** WHATWG encoding label to give TextDecoder. */
  label: string;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** How the encoding was decided, for issues and the sources panel. */
  how: 'bom' | 'utf16-shape' | 'declaration' | 'default';
  /** The label as declared in the XML declaration, when there is one. */
  declared?: string;
}

/** Bytes needed before the encoding can be decided without waiting for the whole file. */
export const SNIFF_BYTES = 1024;

/** Reads the `encoding="…"` pseudo-attribute of an ASCII-compatible XML declaration. */
function declaredEncoding(head: Uint8Array): string | undefined {
  // The declaration is ASCII by definition: map bytes 1:1 to characters.
  const n = Math.min(head.length, SNIFF_BYTES);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(head[i]!);
  if (!s.startsWith('<?xml')) return undefined;
  const end = s.indexOf('?>');
  const decl = end < 0 ? s : s.slice(0, end);
  const m = /\sencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._:-]*)\1/.exec(decl);
  return m?.[2];
}

export function sniffEncoding(head: Uint8Array): EncodingSniff {
  const b0 = head[0];
  const b1 = head[1];
  const b2 = head[2];
  const b3 = head[3];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf)
    return { label: 'utf-8', bomLength: 3, how: 'bom' };
  if (b0 === 0xff && b1 === 0xfe) return { label: 'utf-16le', bomLength: 2, how: 'bom' };
  if (b0 === 0xfe && b1 === 0xff) return { label: 'utf-16be', bomLength: 2, how: 'bom' };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) {
    return { label: 'utf-16le', bomLength: 0, how: 'utf16-shape' };
  }
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) {
    return { label: 'utf-16be', bomLength: 0, how: 'utf16-shape' };
  }
  const declared = declaredEncoding(head);
  if (declared !== undefined)
    return { label: declared, bomLength: 0, how: 'declaration', declared };
  return { label: 'utf-8', bomLength: 0, how: 'default' };
}

/** A TextDecoder for `label`, or undefined when this runtime does not know the encoding. */
export function tryTextDecoder(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

export interface DecoderNote {
  code: string;
  message: string;
}

/**
 * Streams bytes to text. Holds back the first bytes until the encoding can be decided, so
 * callers just push chunks and take the text each push returns.
 */
export class StreamingTextDecoder {
  private decoder: TextDecoder | undefined;
  private head: Uint8Array[] = [];
  private headLength = 0;
  /** How the encoding was decided, once it is. */
  sniff: EncodingSniff | undefined;
  /** The WHATWG name of the encoding in use, once decided. */
  encoding: string | undefined;
  /** Problems met deciding the encoding (e.g. an unknown declared label). */
  readonly notes: DecoderNote[] = [];

  push(chunk: Uint8Array): string {
    if (this.decoder !== undefined) return this.decoder.decode(chunk, { stream: true });
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return '';
    return this.start(false);
  }

  finish(): string {
    if (this.decoder === undefined) return this.start(true);
    return this.decoder.decode();
  }

  private start(final: boolean): string {
    const head = concat(this.head, this.headLength);
    this.head = [];
    const sniff = sniffEncoding(head);
    this.sniff = sniff;
    let decoder = tryTextDecoder(sniff.label);
    if (decoder === undefined) {
      this.notes.push({
        code: 'encoding.unknown',
        message: `Declared encoding "${sniff.label}" is not supported; reading the file as UTF-8`,
      });
      decoder = new TextDecoder('utf-8');
    } else if (sniff.how === 'declaration' && /^utf-?16/i.test(sniff.label)) {
      // A UTF-16 declaration readable as ASCII means the bytes are not UTF-16 at all.
      this.notes.push({
        code: 'encoding.mismatch',
        message: `Declared encoding "${sniff.label}" contradicts the bytes; reading the file as UTF-8`,
      });
      decoder = new TextDecoder('utf-8');
    }
    this.decoder = decoder;
    this.encoding = decoder.encoding;
    const body = sniff.bomLength > 0 ? head.subarray(sniff.bomLength) : head;
    // TextDecoder strips a leading BOM itself; we already skipped it so nothing else is lost.
    const text = decoder.decode(body, { stream: !final });
    return final ? text + decoder.decode() : text;
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Encodings in which a byte below 0x80 is always that ASCII character (markup can be scanned as bytes). */
function isAsciiSafe(encoding: string): boolean {
  return !/^(utf-16|iso-2022|replacement)/.test(encoding);
}

const utf8 = new TextDecoder('utf-8');

function asciiOrDecode(decoder: TextDecoder): RangeDecoder {
  return (b, start, end) => {
    if (end - start <= 64) {
      let s = '';
      let i = start;
      for (; i < end && b[i]! < 0x80; i++) s += String.fromCharCode(b[i]!);
      if (i === end) return s;
    }
    return decoder.decode(b.subarray(start, end));
  };
}

const decodeUtf8 = asciiOrDecode(utf8);

// windows-1252 0x80-0x9F; some runtimes (Node 20) decode the label as ISO-8859-1 instead.
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeCp1252(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    s += c >= 0x80 && c <= 0x9f ? CP1252_C1[c - 0x80]! : String.fromCharCode(c);
  }
  return s;
}

/**
 * Bytes of an XML file → bytes the byte tokenizer can scan. ASCII-compatible encodings pass
 * through untouched (no decoding of the bulk of the file at all); UTF-16 and other encodings
 * whose bytes can look like markup are decoded and re-encoded as UTF-8. `decodeRange` turns a
 * range of the output back into text, `utf8Columns` says whether columns can count characters.
 */
export class XmlByteInput {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private started = false;
  private bomLeft = 0;
  private transcoder: TextDecoder | undefined;
  private readonly encoder = new TextEncoder();
  sniff: EncodingSniff | undefined;
  /** WHATWG name of the encoding in use, once decided. */
  encoding: string | undefined;
  decodeRange: RangeDecoder = decodeUtf8;
  utf8Columns = true;
  readonly notes: DecoderNote[] = [];

  /** Returns the bytes to tokenize now (possibly empty while the encoding is being decided). */
  push(chunk: Uint8Array): Uint8Array {
    if (this.started) return this.convert(chunk, false);
    this.head.push(chunk.slice());
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return EMPTY;
    return this.start(false);
  }

  finish(): Uint8Array {
    if (!this.started) return this.start(true);
    if (this.transcoder !== undefined) return this.encoder.encode(this.transcoder.decode());
    return EMPTY;
  }

  private convert(chunk: Uint8Array, final: boolean): Uint8Array {
    let bytes = chunk;
    if (this.bomLeft > 0) {
      const skip = Math.min(this.bomLeft, bytes.length);
      bytes = bytes.subarray(skip);
      this.bomLeft -= skip;
    }
    if (this.transcoder === undefined) return bytes;
    const text = this.transcoder.decode(bytes, { stream: !final });
    return this.encoder.encode(final ? text + this.transcoder.decode() : text);
  }

  private start(final: boolean): Uint8Array {
    this.started = true;
    const head = concat(this.head, this.headLength);
    this.head = [];
    const sniff = sniffEncoding(head);
    this.sniff = sniff;
    this.bomLeft = sniff.bomLength;
    let decoder = tryTextDecoder(sniff.label);
    if (decoder === undefined || decoder.encoding === 'replacement') {
      this.notes.push({
        code: 'encoding.unknown',
        message: `Declared encoding "${sniff.label}" is not supported; reading the file as UTF-8`,
      });
      decoder = utf8;
    } else if (sniff.how === 'declaration' && /^utf-16/.test(decoder.encoding)) {
      // A UTF-16 declaration readable as ASCII means the bytes are not UTF-16 at all.
      this.notes.push({
        code: 'encoding.mismatch',
        message: `Declared encoding "${sniff.label}" contradicts the bytes; reading the file as UTF-8`,
      });
      decoder = utf8;
    }
    this.encoding = decoder.encoding;
    if (isAsciiSafe(decoder.encoding)) {
      this.decodeRange =
        decoder.encoding === 'utf-8'
          ? decodeUtf8
          : decoder.encoding === 'windows-1252'
            ? decodeCp1252
            : asciiOrDecode(decoder);
      this.utf8Columns = decoder.encoding === 'utf-8';
    } else {
      this.transcoder = new TextDecoder(decoder.encoding, { ignoreBOM: true });
    }
    return this.convert(head, final);
  }
}

const EMPTY = new Uint8Array(0);
