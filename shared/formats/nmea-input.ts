/**
 * Bytes of an NMEA log → bytes the sentence lexer scans. NMEA is ASCII, so ASCII-compatible input
 * passes through untouched (binary frames mixed into the stream stay bytes, to be skipped by the
 * lexer). UTF-16 — marked by a byte-order mark (decided by `sniffEncoding` of decode.ts) or, without
 * one, by the shape of the first characters (`$`, `#` or a letter next to a zero byte) — is decoded
 * and re-encoded as UTF-8, so the lexer only ever sees one encoding.
 */
import { sniffEncoding, tryTextDecoder } from './decode';

/** Bytes needed to decide the encoding: a BOM or two UTF-16 code units. */
const HEAD_BYTES = 4;

function isAsciiText(b: number | undefined): boolean {
  return b !== undefined && b >= 0x20 && b < 0x7f;
}

/** UTF-16 without a byte-order mark, recognised from its first two code units. */
function utf16Shape(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const [b0, b1, b2, b3] = head;
  if (isAsciiText(b0) && b1 === 0 && (isAsciiText(b2) || b2 === 0x0d || b2 === 0x0a) && b3 === 0) {
    return 'utf-16le';
  }
  if (b0 === 0 && isAsciiText(b1) && b2 === 0 && (isAsciiText(b3) || b3 === 0x0d || b3 === 0x0a)) {
    return 'utf-16be';
  }
  return undefined;
}

const EMPTY = new Uint8Array(0);

export class NmeaByteInput {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private started = false;
  private bomLeft = 0;
  private transcoder: TextDecoder | undefined;
  private readonly encoder = new TextEncoder();
  /** `utf-16le`/`utf-16be` when the input was transcoded, with how it was recognised. */
  transcodedFrom: { encoding: string; how: 'bom' | 'shape' } | undefined;

  push(chunk: Uint8Array): Uint8Array {
    if (this.started) return this.convert(chunk, false);
    // Copy: the caller may reuse its buffer before the head is decided.
    this.head.push(chunk.slice());
    this.headLength += chunk.length;
    if (this.headLength < HEAD_BYTES) return EMPTY;
    return this.start(false);
  }

  finish(): Uint8Array {
    if (!this.started) return this.start(true);
    if (this.transcoder !== undefined) return this.encoder.encode(this.transcoder.decode());
    return EMPTY;
  }

  private start(final: boolean): Uint8Array {
    this.started = true;
    const head = concat(this.head, this.headLength);
    this.head = [];
    const sniff = sniffEncoding(head);
    let label: string | undefined;
    if (sniff.how === 'bom') {
      this.bomLeft = sniff.bomLength;
      if (sniff.label !== 'utf-8') {
        label = sniff.label;
        this.transcodedFrom = { encoding: sniff.label, how: 'bom' };
      }
    } else {
      label = utf16Shape(head);
      if (label !== undefined) this.transcodedFrom = { encoding: label, how: 'shape' };
    }
    if (label !== undefined) {
      // Both UTF-16 decoders exist in every runtime the app supports; fall back to bytes if not.
      this.transcoder = tryTextDecoder(label) && new TextDecoder(label, { ignoreBOM: true });
      if (this.transcoder === undefined) this.transcodedFrom = undefined;
    }
    return this.convert(head, final);
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
