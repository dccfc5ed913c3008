/**
 * Streaming JSON record splitter: bytes go in chunk by chunk, each *record* comes out as soon as
 * its last byte has arrived, parsed with `JSON.parse` on its own. The whole file is never one
 * string, so multi-GB exports (Google `Records.json`, big FeatureCollections) stay within memory.
 *
 * What a record is:
 * - each element of a top-level array (`[ {...}, {...} ]`);
 * - each element of a top-level object's member whose key is one of `recordArrayKeys` and whose
 *   value is an array (`{"type":"FeatureCollection","features":[...]}`, `{"locations":[...]}`);
 *   the rest of that object (with those arrays left empty) comes out once as its `envelope`;
 * - any other top-level value: a single Feature, or each line of line-delimited JSON
 *   (NDJSON / GeoJSON text sequences, RS separators tolerated).
 *
 * The splitter itself only follows strings and brackets; `JSON.parse` validates each record, so a
 * broken record costs that record only. A structural break (mismatched bracket, a raw newline
 * inside a string, a stray character between values) is reported and reading resumes at the next
 * line, treating what follows as top-level values: in pretty-printed or line-delimited files the
 * damage stays local.
 *
 * Locations are byte offsets (0-based) and 1-based lines and byte columns of the input. UTF-16
 * input (with a byte-order mark) is transcoded to UTF-8 first; offsets then count UTF-8 bytes.
 */

export interface JsonLocation {
  /** 0-based byte offset. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in bytes. */
  column: number;
}

export interface JsonRecord extends JsonLocation {
  value: unknown;
  /** Key of the record array (`features`), or '' for top-level values and top-level array elements. */
  path: string;
  /** 0-based index within its array, or among the top-level values. */
  index: number;
  /** Length of the record's text in bytes. */
  byteLength: number;
}

export interface JsonEnvelope extends JsonLocation {
  /** The top-level object with its record arrays emptied, e.g. `{"type":"FeatureCollection","features":[]}`. */
  value: Record<string, unknown>;
  /** Keys whose arrays were split into records. */
  recordArrays: string[];
}

export interface JsonSplitError extends JsonLocation {
  code:
    | 'json.record.invalid'
    | 'json.record.too-large'
    | 'json.unexpected'
    | 'json.mismatched'
    | 'json.unterminated-string'
    | 'json.truncated';
  message: string;
  /** For record errors: where the record sits. */
  path?: string;
  index?: number;
}

export interface JsonSplitHandler {
  record(r: JsonRecord): void;
  /**
   * Optional fast path: sees a record's bytes before `JSON.parse` and returns true when it has
   * read the record itself (then `record` is not called). Returning false falls back to
   * `JSON.parse`, so a fast path only needs to handle the records it fully understands.
   */
  rawRecord?(bytes: Uint8Array, path: string, index: number, at: JsonLocation): boolean;
  /**
   * Optional fastest path for object records: reads the record straight from the input chunk
   * `b`, starting at its `{` (`b[start]`), and returns the index just after its closing `}` —
   * having consumed it, with the line breaks it crossed in `lines` — or -1 to let the splitter
   * collect it as usual (it must then have had no effect). Records crossing a chunk boundary
   * always take the usual way. The handler must accept only what `JSON.parse` accepts.
   */
  scanRecord?(
    b: Uint8Array,
    start: number,
    path: string,
    index: number,
    at: JsonLocation,
    lines: ScannedLines,
  ): number;
  envelope?(e: JsonEnvelope): void;
  error(e: JsonSplitError): void;
}

/** Line breaks inside a record read by `scanRecord`. */
export interface ScannedLines {
  count: number;
  /** Index in the chunk of the last one (-1 when none). */
  last: number;
}

export interface JsonSplitOptions {
  /** Keys of a top-level object whose array value is split into records. */
  recordArrayKeys?: readonly string[];
  /** Records longer than this are reported, not parsed (V8 strings stop near 512 MiB anyway). */
  maxRecordBytes?: number;
}

const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Bytes that end a run of string contents. */
const STRING_STOP = new Uint8Array(256);
STRING_STOP[QUOTE] = STRING_STOP[BACKSLASH] = STRING_STOP[LF] = 1;
/** Bytes that matter between the tokens of a value nested inside a record. */
const NESTED_STOP = new Uint8Array(256);
NESTED_STOP[QUOTE] = NESTED_STOP[LF] = 1;
NESTED_STOP[LBRACE] = NESTED_STOP[RBRACE] = NESTED_STOP[LBRACKET] = NESTED_STOP[RBRACKET] = 1;

/** Collects the bytes of one value across chunks, copying only what outlives its chunk. */
class Capture {
  active = false;
  paused = false;
  overflow = false;
  length = 0;
  private pieces: Uint8Array[] = [];
  private from = 0;
  // Where the value starts, for locations.
  offset = 0;
  line = 0;
  column = 0;

  constructor(private readonly max: number) {}

  start(at: number, offset: number, line: number, column: number): void {
    this.active = true;
    this.paused = false;
    this.overflow = false;
    this.length = 0;
    this.pieces = [];
    this.from = at;
    this.offset = offset;
    this.line = line;
    this.column = column;
  }

  private add(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.length += piece.length;
    if (this.overflow) return;
    if (this.length > this.max) {
      this.overflow = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(piece);
  }

  /** Stops collecting before `at` (exclusive); bytes until `resume` are left out. */
  pause(b: Uint8Array, at: number): void {
    this.add(b.subarray(this.from, at));
    this.paused = true;
  }

  resume(at: number): void {
    this.paused = false;
    this.from = at;
  }

  /** The chunk is about to be replaced: keep a copy of the part collected from it. */
  carry(b: Uint8Array): void {
    if (!this.active || this.paused) return;
    this.add(b.slice(this.from));
    this.from = 0;
  }

  /** Ends at `end` (exclusive) and returns the bytes, or undefined when they overflowed. */
  end(b: Uint8Array, end: number): Uint8Array | undefined {
    if (!this.paused) this.add(b.subarray(this.from, end));
    this.active = false;
    const pieces = this.pieces;
    this.pieces = [];
    if (this.overflow) return undefined;
    if (pieces.length === 1) return pieces[0]!;
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of pieces) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  drop(): void {
    this.active = false;
    this.pieces = [];
  }
}

const utf8 = new TextDecoder('utf-8');

export class JsonRecordSplitter {
  /** Bytes of (UTF-8) input seen so far. */
  bytesSeen = 0;
  /** Records emitted (parsed or not). */
  records = 0;
  /** Shape of the first top-level value. */
  shape: 'empty' | 'array' | 'object' | 'other' = 'empty';
  /** Top-level values seen (more than one means line-delimited JSON). */
  topLevelValues = 0;
  /** Set when the input started with a UTF-16 byte-order mark and was transcoded. */
  transcodedFrom: string | undefined;

  private readonly recordKeys: ReadonlySet<string>;
  private readonly maxRecordBytes: number;

  // Structure.
  private stack: number[] = [];
  private inString = false;
  private escaped = false;
  private skipLine = false;
  private line = 1;
  private lineStart = 0;
  private base = 0;

  // The current top-level value.
  private top = 0; // 0, LBRACE or LBRACKET
  private recordDepth = -1;
  private recordPath = '';
  private recordIndex = 0;
  private topIndex = 0;
  private expectKey = false;
  private lastKey = '';
  private recordArrays: string[] = [];
  private topLine = 0;
  private allTopsOneLine = true;
  private lineDelimited = false;

  private readonly scanFast: JsonSplitHandler['scanRecord'];
  private readonly scannedLines: ScannedLines = { count: 0, last: -1 };
  private readonly rec: Capture;
  private recScalar = false;
  private readonly env: Capture;
  private readonly key: Capture;
  private keyActive = false;

  // Encoding decided from the first two bytes.
  private head: Uint8Array | undefined = new Uint8Array(0);
  private transcoder: TextDecoder | undefined;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly handler: JsonSplitHandler,
    opts: JsonSplitOptions = {},
  ) {
    this.recordKeys = new Set(opts.recordArrayKeys ?? []);
    this.scanFast = handler.scanRecord?.bind(handler);
    this.maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.rec = new Capture(this.maxRecordBytes);
    this.env = new Capture(this.maxRecordBytes);
    this.key = new Capture(4096);
  }

  push(chunk: Uint8Array): void {
    if (this.head !== undefined) {
      const head = new Uint8Array(this.head.length + chunk.length);
      head.set(this.head);
      head.set(chunk, this.head.length);
      if (head.length < 3) {
        this.head = head;
        return;
      }
      this.head = undefined;
      this.startEncoding(head, false);
      return;
    }
    if (this.transcoder !== undefined) {
      this.scan(this.encoder.encode(this.transcoder.decode(chunk, { stream: true })));
    } else {
      this.scan(chunk);
    }
  }

  finish(): void {
    if (this.head !== undefined) {
      const head = this.head;
      this.head = undefined;
      this.startEncoding(head, true);
    } else if (this.transcoder !== undefined) {
      this.scan(this.encoder.encode(this.transcoder.decode()));
    }
    this.end();
  }

  private startEncoding(head: Uint8Array, final: boolean): void {
    let body = head;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      body = head.subarray(3);
      this.base = 3; // offsets stay file offsets
      this.lineStart = 3;
    } else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      this.transcodedFrom = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
      this.transcoder = new TextDecoder(this.transcodedFrom);
      const text = this.transcoder.decode(head, { stream: !final });
      body = this.encoder.encode(final ? text + this.transcoder.decode() : text);
    }
    this.scan(body);
  }

  private loc(i: number): JsonLocation {
    const offset = this.base + i;
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }

  private fail(
    code: JsonSplitError['code'],
    message: string,
    at: JsonLocation,
    extra?: Partial<JsonSplitError>,
  ): void {
    this.handler.error({ code, message, ...at, ...extra });
  }

  /** Abandons the current top-level value after a structural break; reading resumes next line. */
  private resync(): void {
    if (this.rec.active) {
      this.fail(
        'json.record.invalid',
        `Record ${this.recordIndex}${this.recordPath ? ` of "${this.recordPath}"` : ''} is cut short by the break below; skipped`,
        { offset: this.rec.offset, line: this.rec.line, column: this.rec.column },
        { path: this.recordPath, index: this.recordIndex },
      );
      this.recordIndex++;
      this.records++;
    }
    this.rec.drop();
    this.env.drop();
    this.key.drop();
    this.keyActive = false;
    this.recScalar = false;
    this.stack.length = 0;
    this.inString = false;
    this.escaped = false;
    this.top = 0;
    this.recordDepth = -1;
    this.skipLine = true;
  }

  private scan(b: Uint8Array): void {
    const n = b.length;
    const stack = this.stack;
    let i = 0;
    while (i < n) {
      if (this.skipLine) {
        const nl = b.indexOf(LF, i);
        if (nl < 0) {
          i = n;
          break;
        }
        i = nl + 1;
        this.line++;
        this.lineStart = this.base + i;
        this.skipLine = false;
        continue;
      }
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          if (b[i] !== LF) {
            i++;
            continue;
          }
          // A raw line break cannot be escaped: the string is broken; fall through to report it.
        }
        // Hot loop: most bytes of a JSON file are string contents.
        while (i < n && STRING_STOP[b[i]!] === 0) i++;
        if (i === n) break;
        const c = b[i]!;
        if (c === BACKSLASH) {
          this.escaped = true;
          i++;
          continue;
        }
        if (c === LF) {
          this.fail(
            'json.unterminated-string',
            'String not closed before the end of the line; reading resumes on the next line',
            this.loc(i),
          );
          this.resync();
          this.skipLine = true; // consumes this very newline
          continue;
        }
        // Closing quote.
        this.inString = false;
        if (this.keyActive) {
          this.keyActive = false;
          const k = this.key.end(b, i);
          this.lastKey = k === undefined ? '' : utf8.decode(k);
        }
        i++;
        if (this.rec.active && this.recScalar && stack.length === this.recordDepth) {
          // A string record ends with its quote.
          this.emitRecord(b, i);
        }
        continue;
      }
      const depth = stack.length;
      if (depth >= 2 && depth > this.recordDepth) {
        // Hot loop: inside a record only strings, brackets and line breaks matter.
        while (i < n && NESTED_STOP[b[i]!] === 0) i++;
        if (i === n) break;
      }
      const c = b[i]!;
      if (this.recScalar && this.rec.active && depth === this.recordDepth) {
        if (
          c === 0x20 ||
          c === 0x09 ||
          c === 0x0d ||
          c === LF ||
          c === COMMA ||
          c === RBRACKET ||
          c === RBRACE
        ) {
          this.emitRecord(b, i);
        } else {
          i++;
          continue;
        }
      }
      switch (c) {
        case 0x20:
        case 0x09:
        case 0x0d:
        case 0x1e: // RS of GeoJSON text sequences (RFC 8142)
          i++;
          continue;
        case LF:
          if (depth > 0 && this.lineDelimited) {
            this.unclosedLine();
            continue;
          }
          i++;
          this.line++;
          this.lineStart = this.base + i;
          continue;
        case QUOTE:
          this.inString = true;
          if (depth === this.recordDepth && !this.rec.active) {
            this.startRecord(i, true);
          } else if (depth === 1 && this.top === LBRACE && this.expectKey) {
            this.keyActive = true;
            this.key.start(i + 1, 0, 0, 0);
          } else if (depth === 0) {
            this.fail(
              'json.unexpected',
              'A string outside any object or array; skipped to the next line',
              this.loc(i),
            );
            this.resync();
            continue;
          }
          i++;
          continue;
        case LBRACE:
        case LBRACKET:
          if (depth === 0) {
            this.startTop(c, i);
          } else if (depth === this.recordDepth && !this.rec.active) {
            if (c === LBRACE && this.scanFast !== undefined && !this.lineDelimited) {
              const end = this.fastRecord(b, i);
              if (end > i) {
                i = end;
                continue;
              }
            }
            this.startRecord(i, false);
          } else if (
            depth === 1 &&
            this.top === LBRACE &&
            c === LBRACKET &&
            !this.expectKey &&
            this.recordDepth < 0 &&
            this.recordKeys.has(this.lastKey)
          ) {
            // A record array: its elements are records, the envelope keeps it empty.
            this.env.pause(b, i + 1);
            this.recordDepth = 2;
            this.recordPath = this.lastKey;
            this.recordIndex = 0;
            this.recordArrays.push(this.lastKey);
          }
          stack.push(c);
          if (stack.length === 1 && c === LBRACE) this.expectKey = true;
          i++;
          continue;
        case RBRACE:
        case RBRACKET: {
          if (depth === 0) {
            this.fail(
              'json.unexpected',
              `Unexpected "${String.fromCharCode(c)}" outside any object or array; skipped to the next line`,
              this.loc(i),
            );
            this.resync();
            continue;
          }
          const open = stack[depth - 1]!;
          if ((c === RBRACE) !== (open === LBRACE)) {
            this.fail(
              'json.mismatched',
              `"${String.fromCharCode(c)}" closes a "${String.fromCharCode(open)}"; skipped to the next line`,
              this.loc(i),
            );
            this.resync();
            continue;
          }
          stack.pop();
          const d = depth - 1;
          i++;
          if (this.recordDepth === 2 && d === 1 && c === RBRACKET && !this.rec.active) {
            this.env.resume(i - 1);
            this.recordDepth = -1;
          } else if (this.rec.active && d === this.recordDepth) {
            this.emitRecord(b, i);
          }
          if (d === 0) this.endTop(b, i);
          continue;
        }
        case COMMA:
          if (depth === 1 && this.top === LBRACE) this.expectKey = true;
          i++;
          continue;
        case COLON:
          if (depth === 1 && this.top === LBRACE) this.expectKey = false;
          i++;
          continue;
        default:
          if (depth === 0) {
            this.fail(
              'json.unexpected',
              `Unexpected ${c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`} outside any object or array; skipped to the next line`,
              this.loc(i),
            );
            this.resync();
            continue;
          }
          if (depth === this.recordDepth && !this.rec.active) this.startRecord(i, true);
          i++;
          continue;
      }
    }
    this.rec.carry(b);
    this.env.carry(b);
    if (this.keyActive) this.key.carry(b);
    this.base += n;
    this.bytesSeen = this.base;
  }

  /**
   * Line-delimited JSON (every value so far on one line): a value still open at the end of its
   * line is broken. Reporting it here keeps one bad line from swallowing the rest of the file.
   */
  private unclosedLine(): void {
    const c = this.rec.active ? this.rec : this.env;
    const at = { offset: c.offset, line: c.line, column: c.column };
    if (!this.rec.active && this.env.active) {
      const index = this.topIndex++;
      this.records++;
      this.fail(
        'json.record.invalid',
        `Record ${index} (line-delimited JSON) is not closed at the end of its line; skipped`,
        at,
        {
          path: '',
          index,
        },
      );
    }
    this.resync(); // reports an open array element itself
    // resync skips to the next line: that is exactly this newline.
  }

  private startTop(c: number, i: number): void {
    if (this.topLevelValues++ === 0) this.shape = c === LBRACKET ? 'array' : 'object';
    else if (this.allTopsOneLine && c === LBRACE) this.lineDelimited = true;
    this.topLine = this.line;
    this.top = c;
    this.recordArrays = [];
    this.lastKey = '';
    if (c === LBRACKET) {
      this.recordDepth = 1;
      this.recordPath = '';
      this.recordIndex = 0;
    } else {
      this.recordDepth = -1;
      const at = this.loc(i);
      this.env.start(i, at.offset, at.line, at.column);
    }
  }

  private endTop(b: Uint8Array, end: number): void {
    const top = this.top;
    this.top = 0;
    if (this.topLine !== this.line) {
      this.allTopsOneLine = false;
      this.lineDelimited = false;
    }
    this.recordDepth = -1;
    if (top !== LBRACE) return;
    const env = this.env;
    const at: JsonLocation = { offset: env.offset, line: env.line, column: env.column };
    const bytes = env.end(b, end);
    if (this.recordArrays.length === 0) {
      // A plain top-level object is itself a record (a single Feature, a line of NDJSON).
      const index = this.topIndex++;
      this.records++;
      this.deliver(bytes, env.length, at, '', index);
      return;
    }
    if (bytes === undefined) {
      this.fail(
        'json.record.too-large',
        `The top-level object outside its record arrays is larger than ${this.maxRecordBytes} bytes; not read`,
        at,
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch (e) {
      this.fail(
        'json.record.invalid',
        `The top-level object is not valid JSON (${errorText(e)})`,
        at,
      );
      return;
    }
    this.handler.envelope?.({
      value: value as Record<string, unknown>,
      recordArrays: this.recordArrays,
      ...at,
    });
  }

  /** A record read in place by the handler's `scanRecord`; returns its end, or -1. */
  private fastRecord(b: Uint8Array, i: number): number {
    const lines = this.scannedLines;
    lines.count = 0;
    lines.last = -1;
    const first = this.recordDepth === 1;
    const index = first ? this.topIndex : this.recordIndex;
    const end = this.scanFast!(b, i, this.recordPath, index, this.loc(i), lines);
    if (end <= i) return -1;
    if (lines.count > 0) {
      this.line += lines.count;
      this.lineStart = this.base + lines.last + 1;
    }
    if (first) this.topIndex++;
    else this.recordIndex++;
    this.records++;
    return end;
  }

  private startRecord(i: number, scalar: boolean): void {
    const at = this.loc(i);
    this.rec.start(i, at.offset, at.line, at.column);
    this.recScalar = scalar;
  }

  private emitRecord(b: Uint8Array, end: number): void {
    const rec = this.rec;
    const at: JsonLocation = { offset: rec.offset, line: rec.line, column: rec.column };
    const bytes = rec.end(b, end);
    this.recScalar = false;
    const path = this.recordPath;
    const index = this.recordDepth === 1 ? this.topIndex++ : this.recordIndex++;
    this.records++;
    this.deliver(bytes, rec.length, at, path, index);
  }

  private deliver(
    bytes: Uint8Array | undefined,
    length: number,
    at: JsonLocation,
    path: string,
    index: number,
  ): void {
    const where = path ? `Record ${index} of "${path}"` : `Record ${index}`;
    if (bytes === undefined) {
      this.fail(
        'json.record.too-large',
        `${where} is ${length} bytes, more than ${this.maxRecordBytes}; not read`,
        at,
        { path, index },
      );
      return;
    }
    if (this.handler.rawRecord?.(bytes, path, index, at) === true) return;
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch (e) {
      this.fail(
        'json.record.invalid',
        `${where} is not valid JSON (${errorText(e)}); skipped`,
        at,
        { path, index },
      );
      return;
    }
    this.handler.record({ value, path, index, byteLength: length, ...at });
  }

  private end(): void {
    if (this.inString || this.stack.length > 0 || this.rec.active) {
      const c = this.rec.active ? this.rec : this.env.active ? this.env : undefined;
      const at = c ? { offset: c.offset, line: c.line, column: c.column } : this.loc(0);
      const what = this.rec.active
        ? `record ${this.recordIndex}${this.recordPath ? ` of "${this.recordPath}"` : ''} is incomplete and was not read`
        : 'the file ends inside a JSON value';
      this.fail('json.truncated', `The file is cut short: ${what}; records before it are kept`, at);
      this.rec.drop();
      this.env.drop();
    }
  }
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 160);
}

/** Convenience for small inputs and tests: all records and errors of the given chunks. */
export function splitJson(
  chunks: Iterable<Uint8Array>,
  opts?: JsonSplitOptions,
): {
  records: JsonRecord[];
  envelopes: JsonEnvelope[];
  errors: JsonSplitError[];
  splitter: JsonRecordSplitter;
} {
  const records: JsonRecord[] = [];
  const envelopes: JsonEnvelope[] = [];
  const errors: JsonSplitError[] = [];
  const splitter = new JsonRecordSplitter(
    {
      record: (r) => records.push(r),
      envelope: (e) => envelopes.push(e),
      error: (e) => errors.push(e),
    },
    opts,
  );
  for (const c of chunks) splitter.push(c);
  splitter.finish();
  return { records, envelopes, errors, splitter };
}
