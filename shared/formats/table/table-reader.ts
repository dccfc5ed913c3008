/**
 * Streaming reader for delimited tables (CSV, TSV, semicolon CSV): bytes → text (BOM, UTF-16,
 * else UTF-8 when the head is valid UTF-8, else windows-1252) → rows → the mapping's fixes,
 * events and reported stops. Without a mapping, one is detected from the first 64 KiB; the
 * result names the mapping used (`formatDetail`) so the examiner can confirm or edit it.
 */
import type { ImportIssue, SourceKind } from '../../model';
import type { FormatDetection, FormatReader, ReaderOptions, ReaderResult } from '../reader';
import { ByteLineSplitter } from './byte-lines';
import type { CellDecoder } from './cells';
import { DelimitedTokenizer } from './delimited';
import { detectTableMapping, type MappingDetection } from './detect-mapping';
import type { EventOptions } from './vehicle-events';
import { validateTableMapping, type TableMapping } from './mapping';
import { BUILTIN_PRESETS, type TablePreset } from './presets';
import { sniffDialect } from './sniff-dialect';
import { TableRowProcessor } from './table-rows';
import { isValidTimeZone } from './zone';

/** Bytes of the head used to detect the encoding and the mapping. */
export const TABLE_HEAD_BYTES = 64 * 1024;

export interface TableReaderOptions extends ReaderOptions, EventOptions {
  /** The mapping the examiner confirmed; detected from the head when absent. */
  mapping?: TableMapping;
  /** Presets tried by detection (built-ins by default). */
  presets?: readonly TablePreset[];
}

export interface TextEncodingChoice {
  label: string;
  bomLength: number;
  how: 'mapping' | 'bom' | 'utf8-valid' | 'fallback-windows-1252';
}

/** Decides a table's encoding from its head. */
export function chooseTableEncoding(head: Uint8Array, declared?: string): TextEncodingChoice {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { label: 'utf-8', bomLength: 3, how: 'bom' };
  if (head[0] === 0xff && head[1] === 0xfe) return { label: 'utf-16le', bomLength: 2, how: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { label: 'utf-16be', bomLength: 2, how: 'bom' };
  if (declared !== undefined) return { label: declared, bomLength: 0, how: 'mapping' };
  // A multi-byte character may be cut at the end of the head: ignore the last 3 bytes.
  const body = head.length > 4 ? head.subarray(0, head.length - 3) : head;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { label: 'utf-8', bomLength: 0, how: 'utf8-valid' };
  } catch {
    return { label: 'windows-1252', bomLength: 0, how: 'fallback-windows-1252' };
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function kindOf(m: TableMapping): SourceKind {
  if (m.sourceKind) return m.sourceKind;
  return m.kind === 'stops-report' ? 'tracker' : 'track';
}

function describeDelimiter(d: string): string {
  return d === '\t' ? 'TSV' : d === ';' ? 'CSV (semicolon)' : d === '|' ? 'CSV (pipe)' : 'CSV';
}

/**
 * Common end of the CSV and XLSX readers: rows in, result out. The header row and skipped rows
 * are handled here so both readers only deliver raw rows with their line (or sheet row) numbers.
 */
export class TableIntake {
  processor: TableRowProcessor | undefined;
  header: string[] | undefined;
  readonly issues: ImportIssue[] = [];
  private headerPending: boolean;
  /** The tokenizer's delimiter (a mapping without one reads as CSV). */
  private readonly delimiter: string;
  private readonly delimiterCode: number;

  constructor(
    readonly mapping: TableMapping,
    private readonly opts: TableReaderOptions,
  ) {
    this.headerPending = mapping.dialect.header;
    this.delimiter = mapping.dialect.delimiter || ',';
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.processor = new TableRowProcessor(mapping, opts);
  }

  row(fields: string[], line: number): void {
    if (line <= this.mapping.dialect.skipRows) return;
    if (this.headerPending) {
      if (fields.length === 1 && fields[0]!.trim() === '') return;
      this.header = fields;
      this.headerPending = false;
      return;
    }
    this.processor!.row(fields, line);
  }

  /** A quote-free line of the file's bytes, read without decoding it (see `ByteLineSplitter`). */
  lineBytes(
    bytes: Uint8Array,
    start: number,
    end: number,
    line: number,
    decoder: CellDecoder,
  ): void {
    if (line <= this.mapping.dialect.skipRows || this.headerPending) {
      this.row(decoder.decode(bytes.subarray(start, end)).split(this.delimiter), line);
      return;
    }
    this.processor!.rowInBytes(bytes, start, end, this.delimiterCode, decoder, line);
  }

  /** A record without quotes, read in place (see `RowSink.line`). */
  line(text: string, start: number, end: number, line: number): void {
    if (line <= this.mapping.dialect.skipRows || this.headerPending) {
      this.row(text.slice(start, end).split(this.delimiter), line);
      return;
    }
    this.processor!.rowInLine(text, start, end, this.delimiterCode, line);
  }

  broken(line: number, reason: string): void {
    const p = this.processor!;
    p.rowsSeen++;
    p.rowsRejected++;
    p.issues.add('error', 'table.row.syntax', `Row rejected: ${reason}`, { line });
  }

  result(format: string, formatDetail: string, extraIssues: ImportIssue[]): ReaderResult {
    const p = this.processor!;
    const out = p.finish();
    const issues = [...extraIssues, ...p.issues.finish()];
    const readable = out.fixes.count > 0 || out.reportedStops.length > 0;
    if (!readable) {
      issues.push({
        file: this.opts.fileName,
        severity: 'error',
        code: 'table.unreadable',
        message:
          p.rowsSeen === 0
            ? 'The table has no data rows'
            : `None of the ${p.rowsSeen} data row(s) could be read with this mapping (${this.mapping.kind}); check the column roles`,
      });
    }
    const result: ReaderResult = {
      format,
      formatDetail,
      kind: kindOf(this.mapping),
      fixes: out.fixes,
      fixTimeBasis: out.fixTimeBasis,
      parts: out.parts,
      waypoints: [],
      issues,
      events: out.events,
      reportedStops: out.reportedStops,
      readable,
    };
    if (out.devices.length === 1 && out.devices[0]) result.device = out.devices[0];
    return result;
  }
}

/** Checks an examiner-given mapping and zone; returns issues for what is wrong. */
export function mappingProblems(opts: TableReaderOptions): ImportIssue[] {
  const out: ImportIssue[] = [];
  if (opts.mapping !== undefined) {
    const v = validateTableMapping(opts.mapping);
    if (!v.ok)
      out.push({
        file: opts.fileName,
        severity: 'error',
        code: 'table.mapping.invalid',
        message: `The mapping is not valid: ${v.errors.join('; ')}`,
      });
  }
  const zone = opts.naiveZone ?? opts.mapping?.timeZone;
  if (zone !== undefined && !isValidTimeZone(zone))
    out.push({
      file: opts.fileName,
      severity: 'error',
      code: 'table.zone.unknown',
      message: `Unknown time zone "${zone}"`,
    });
  return out;
}

export function createTableReader(opts: TableReaderOptions): FormatReader {
  const head: Uint8Array[] = [];
  let headLength = 0;
  let decoder: TextDecoder | undefined;
  let tokenizer: DelimitedTokenizer | undefined;
  /** Reads lines from the bytes until the first quote; then `tokenizer` takes over. */
  let splitter: ByteLineSplitter | undefined;
  let started = false;
  let intake: TableIntake | undefined;
  let detection: MappingDetection | undefined;
  let encodingHow = '';
  const early = mappingProblems(opts);
  const fatal = early.some((i) => i.severity === 'error');

  function start(final: boolean): void {
    const bytes = concat(head, headLength);
    head.length = 0;
    const enc = chooseTableEncoding(bytes, opts.mapping?.dialect.encoding);
    encodingHow = enc.how;
    try {
      decoder = new TextDecoder(enc.label, { ignoreBOM: true });
    } catch {
      early.push({
        file: opts.fileName,
        severity: 'warning',
        code: 'table.encoding.unknown',
        message: `Encoding "${enc.label}" is not supported; reading as UTF-8`,
      });
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    }
    const body = bytes.subarray(enc.bomLength);
    // Detection gets its own decoder: the file's may go on with bytes the text does not cover.
    const headDecoder = new TextDecoder(decoder.encoding, { ignoreBOM: true });
    const text = headDecoder.decode(body, { stream: !final }) + (final ? headDecoder.decode() : '');
    let mapping = opts.mapping;
    if (mapping === undefined) {
      detection = detectTableMapping(text, opts.fileName, {
        complete: final,
        ...(opts.presets ? { presets: opts.presets } : {}),
      });
      mapping = detection.mapping;
    }
    if (enc.how !== 'mapping' && enc.how !== 'bom')
      mapping = { ...mapping, dialect: { ...mapping.dialect, encoding: decoder.encoding } };
    intake = new TableIntake(mapping, opts);
    started = true;
    const delimiter = mapping.dialect.delimiter || ',';
    const quote = mapping.dialect.quote;
    if (readsAsBytes(decoder.encoding, delimiter, quote)) {
      const sink = intake;
      const cells = cellDecoder();
      splitter = new ByteLineSplitter(quote === '' ? -1 : quote.charCodeAt(0), {
        line: (b, start, end, line) => sink.lineBytes(b, start, end, line, cells),
      });
      pushBytes(body, final);
      if (final) finishRows();
    } else {
      startText(1);
      tokenizer!.push(decoder.decode(body, { stream: !final }) + (final ? decoder.decode() : ''));
      if (final) tokenizer!.finish();
    }
  }

  function startText(firstLine: number): void {
    const sink = intake!;
    tokenizer = new DelimitedTokenizer(
      {
        delimiter: sink.mapping.dialect.delimiter || ',',
        quote: sink.mapping.dialect.quote,
        firstLine,
      },
      {
        row: (f, l) => sink.row(f, l),
        line: (text, start, end, l) => sink.line(text, start, end, l),
        broken: (l, r) => sink.broken(l, r),
      },
    );
  }

  /** `final`: the chunk is the whole file, decoded in one call as the text reader does. */
  function pushBytes(chunk: Uint8Array, final: boolean): void {
    const rest = splitter!.push(chunk);
    if (rest === undefined) return;
    startText(splitter!.line);
    splitter = undefined;
    tokenizer!.push(final ? decoder!.decode(rest) : decoder!.decode(rest, { stream: true }));
  }

  /** End of file: the last line, and the decoder's last bytes. */
  function finishRows(): void {
    if (splitter !== undefined) {
      finishBytes();
      return;
    }
    tokenizer!.push(decoder!.decode());
    tokenizer!.finish();
  }

  function finishBytes(): void {
    const rest = splitter!.finish();
    if (rest !== undefined) {
      startText(splitter!.line);
      tokenizer!.push(decoder!.decode(rest));
      tokenizer!.finish();
    }
    splitter = undefined;
  }

  return {
    push(chunk: Uint8Array): void {
      if (fatal || chunk.length === 0) return;
      if (!started) {
        head.push(chunk.slice());
        headLength += chunk.length;
        if (headLength >= TABLE_HEAD_BYTES) start(false);
        return;
      }
      if (splitter !== undefined) pushBytes(chunk, false);
      else tokenizer!.push(decoder!.decode(chunk, { stream: true }));
    },
    finish(): ReaderResult {
      if (fatal) {
        return {
          format: 'csv',
          kind: 'track',
          fixes: {
            count: 0,
            t: new Float64Array(0),
            lat: new Float64Array(0),
            lon: new Float64Array(0),
          },
          fixTimeBasis: new Uint8Array(0),
          parts: [],
          waypoints: [],
          issues: early,
          readable: false,
        };
      }
      if (!started) start(true);
      else finishRows();
      const m = intake!.mapping;
      const extra: ImportIssue[] = [...early];
      if (detection !== undefined) {
        extra.push({
          file: opts.fileName,
          severity: 'info',
          code: 'table.mapping.detected',
          message: `Mapping detected automatically (confidence ${detection.confidence}); confirm it: ${detection.notes.join('; ')}`,
        });
      }
      if (encodingHow === 'fallback-windows-1252') {
        extra.push({
          file: opts.fileName,
          severity: 'info',
          code: 'table.encoding.windows-1252',
          message: 'The file is not valid UTF-8: read as windows-1252 (Western European)',
        });
      }
      const detail = `${describeDelimiter(m.dialect.delimiter)}${m.preset ? ` (${presetLabel(m.preset, opts.presets)})` : ''}${m.kind === 'stops-report' ? ', stops report' : ''}`;
      return intake!.result('csv', detail, extra);
    },
  };
}

/**
 * Decodes single cells of a UTF-8 byte line to exactly the text the whole-file decoding gives:
 * a sequence cut by a delimiter is one U+FFFD either way, and a decoder error never swallows an
 * ASCII byte.
 */
function cellDecoder(): CellDecoder {
  const d = new TextDecoder('utf-8', { ignoreBOM: true });
  return { decode: (b) => d.decode(b) };
}

/**
 * Can lines be read from the bytes? Yes for UTF-8 (ASCII files included) with a one-character
 * ASCII delimiter and quote: every ASCII byte is that character and never part of a multi-byte
 * sequence, so lines and cells split the same as in the decoded text. Not for windows-1252:
 * there Node's decoder gives cells decoded one by one another text than the whole file (0x80–0x9F
 * and a leading 0xFF differ between its streaming and one-shot modes); such files take the
 * text path.
 */
function readsAsBytes(encoding: string, delimiter: string, quote: string): boolean {
  const ascii = (c: string): boolean => c.length === 1 && c.charCodeAt(0) < 0x80;
  return (
    encoding === 'utf-8' &&
    ascii(delimiter) &&
    delimiter !== '\n' &&
    delimiter !== '\r' &&
    (quote === '' || (ascii(quote) && quote !== '\n' && quote !== '\r'))
  );
}

function presetLabel(id: string, presets: readonly TablePreset[] | undefined): string {
  return (presets ?? BUILTIN_PRESETS).find((p) => p.id === id)?.label ?? id;
}

/**
 * Is this a delimited table? Content decides (consistent columns and a mapping that reads the
 * sampled rows); the confidence stays below structured formats (GPX, KML, NMEA, OwnTracks,
 * JSON), whose sniffers recognise their syntax outright. A `.csv`/`.tsv`/`.txt` name only adds
 * a tie-breaking 0.02.
 */
export function sniffTable(head: Uint8Array, fileName: string): FormatDetection | null {
  if (head.length === 0) return null;
  if (head[0] === 0x50 && head[1] === 0x4b) return null; // zip (XLSX is sniffed separately)
  const enc = chooseTableEncoding(head);
  let text: string;
  try {
    text = new TextDecoder(enc.label).decode(head.subarray(enc.bomLength));
  } catch {
    return null;
  }
  if (text.indexOf('\u0000') >= 0) return null;
  const trimmed = text.trimStart();
  if (/^[<{[]/.test(trimmed)) return null;
  const lines = trimmed.split('\n', 20).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  if (lines.filter((l) => /^[$!][A-Z]{2}/.test(l)).length > lines.length / 2) return null; // NMEA
  if (lines.filter((l) => /\t\{"_type"|^\S+\s+\S+\s+\{/.test(l)).length > lines.length / 2)
    return null; // OwnTracks
  const complete = head.length < TABLE_HEAD_BYTES;
  const dialect = sniffDialect(text, complete);
  if (dialect.confidence < 0.6 || dialect.rows.length < 2) return null;
  const det = detectTableMapping(text, fileName, { complete });
  if (det.confidence < 0.3) return null;
  const ext = /\.(csv|tsv|tab|txt)$/i.test(fileName) ? 0.02 : 0;
  const conf = Math.min(0.75, 0.4 + 0.35 * det.confidence) + ext;
  const what = det.mapping.preset
    ? `layout "${det.mapping.preset}"`
    : `${det.mapping.columns.length} mapped column(s)`;
  return {
    format: 'csv',
    reason: `delimited table (${describeDelimiter(det.mapping.dialect.delimiter)}), ${what}, ${det.mapping.kind}`,
    confidence: Math.round(conf * 1000) / 1000,
  };
}
