/**
 * iLEAPP / ALEAPP results (Alexis Brignoni's iOS/Android logs, events and plists parsers): the
 * JSON form `{"metadata":{...},"headers":[...],"data":[[...],...]}` and the TSV export (one
 * header line, tab-separated). Both are one table per artifact; see `ileapp-rows.ts` for how a
 * row becomes a fix. Epoch numbers are UTC; iLEAPP's text timestamps are UTC too but carry no
 * zone, so they are read as UTC and flagged `naive-as-utc` unless the examiner chose a zone.
 */
import { IssueList, describeRecordLine } from '../issues';
import { JsonRecordSplitter, type JsonRecord } from '../json-stream';
import type { FormatDetection, FormatReader, ReaderOptions, ReaderResult } from '../reader';
import { DelimitedTokenizer } from '../table/delimited';
import type { TrackPart } from '../../model';
import { coordinatesFromMapUrl } from './map-url';
import { IleappTable, ileappColumns } from './ileapp-rows';

const SNIFF_BYTES = 64 * 1024;

export function createIleappReader(opts: ReaderOptions): FormatReader {
  const issues = new IssueList(opts.fileName);
  const table = new IleappTable(issues, opts.naiveZone);
  let mode: 'unknown' | 'json' | 'tsv' = 'unknown';
  let json: JsonRecordSplitter | undefined;
  let tsv: DelimitedTokenizer | undefined;
  let decoder: TextDecoder | undefined;
  let metadata: Record<string, unknown> | undefined;
  const headers: string[] = [];
  let headersDone = false;
  /** Rows met before the headers (a JSON file with "data" first). */
  const early: { cells: unknown[]; at: { record: number; line: number } }[] = [];

  const finishHeaders = (): void => {
    if (headersDone) return;
    headersDone = true;
    table.setHeaders(headers);
    for (const r of early) table.row(r.cells, r.at);
    early.length = 0;
  };

  const onJsonRecord = (r: JsonRecord): void => {
    if (r.path === 'headers') {
      headers.push(typeof r.value === 'string' ? r.value : String(r.value));
      return;
    }
    if (r.path !== 'data') return;
    const at = { record: r.index, line: r.line };
    if (!Array.isArray(r.value)) {
      issues.add('warning', 'ileapp.row.not-array', 'Data row is not an array; skipped', at);
      return;
    }
    if (headersDone) table.row(r.value, at);
    else if (headers.length > 0 && r.index === 0) {
      // "headers" came before "data": the header array is complete once data starts.
      finishHeaders();
      table.row(r.value, at);
    } else early.push({ cells: r.value, at });
  };

  const startJson = (): void => {
    mode = 'json';
    json = new JsonRecordSplitter(
      {
        record: onJsonRecord,
        envelope: (e) => {
          const m = e.value.metadata;
          if (m !== null && typeof m === 'object' && !Array.isArray(m))
            metadata = m as Record<string, unknown>;
        },
        error: (e) => {
          issues.add(e.code === 'json.truncated' ? 'error' : 'warning', e.code, e.message, {
            line: e.line,
            column: e.column,
            offset: e.offset,
          });
        },
      },
      { recordArrayKeys: ['headers', 'data'] },
    );
  };

  const startTsv = (): void => {
    mode = 'tsv';
    decoder = new TextDecoder('utf-8');
    tsv = new DelimitedTokenizer(
      { delimiter: '\t', quote: '"' },
      {
        row: (fields, line) => {
          if (!table.hasHeaders) {
            headers.push(...fields.map((f) => f.replace(/^\uFEFF/, '')));
            finishHeaders();
            return;
          }
          if (fields.length === 1 && fields[0]!.trim() === '') return;
          // Record index counts data rows from 0, like the JSON form.
          table.row(fields, { record: table.rows, line });
        },
        broken: (line, reason) => {
          issues.add('warning', 'ileapp.tsv.broken', reason, { line });
        },
      },
    );
  };

  const pending: Uint8Array[] = [];

  return {
    push(chunk) {
      if (mode === 'unknown') {
        const first = firstSignificantByte(chunk);
        if (first < 0) {
          pending.push(chunk.slice());
          return;
        }
        const c = chunk[first]!;
        if (c === 0x7b || c === 0x5b) startJson();
        else startTsv();
        for (const p of pending) feed(p);
        pending.length = 0;
      }
      feed(chunk);
    },
    finish(): ReaderResult {
      if (mode === 'json') json!.finish();
      if (mode === 'tsv') {
        tsv!.push(decoder!.decode());
        tsv!.finish();
      }
      if (!headersDone && headers.length > 0) finishHeaders();
      if (early.length > 0) {
        issues.add(
          'error',
          'ileapp.no-headers',
          `${early.length} data row(s) but no "headers" array: columns unknown, nothing imported`,
        );
      }
      if (mode === 'unknown') issues.add('error', 'ileapp.empty', 'The file is empty');
      const { fixes, fixTimeBasis } = table.build();
      if (table.fromUrl > 0) {
        issues.add(
          'info',
          'ileapp.position.from-url',
          `${table.fromUrl} position(s) read from map links in the row (coordinate columns empty or absent); the link's point is what the app shared, not necessarily where the device was`,
        );
      }
      if (table.naive.count > 0) {
        issues.add(
          'warning',
          'ileapp.time.naive',
          `${table.naive.count} time(s) without a zone, e.g. "${table.naive.example}" (${describeRecordLine(table.naive.first)}): iLEAPP writes UTC, so they are read as UTC (naive-as-utc); choose a zone if this report was made otherwise`,
          table.naive.first,
        );
      }
      const parts: TrackPart[] =
        fixes.count > 0 ? [{ kind: 'track', segments: [{ start: 0, end: fixes.count }] }] : [];
      const artifact = str(metadata?.artifact_name);
      const module = str(metadata?.module_name);
      const tool = /android|aleapp/i.test(JSON.stringify(metadata ?? {})) ? 'ALEAPP' : 'iLEAPP';
      const readable = mode !== 'unknown' && headers.length > 0;
      if (mode !== 'unknown' && headers.length === 0 && early.length === 0) {
        issues.add(
          'error',
          'ileapp.unknown-shape',
          mode === 'json'
            ? 'JSON without an iLEAPP/ALEAPP "headers" array: not a report this reader knows'
            : 'No header line found',
        );
      }
      if (headers.length > 0 && table.rows > 0 && fixes.count === 0) {
        issues.add('warning', 'ileapp.no-positions', 'No row of this report holds a position');
      }
      const result: ReaderResult = {
        format: 'ileapp',
        formatDetail:
          mode === 'json'
            ? `${tool} JSON${artifact ? ` — ${artifact}` : ''}${module ? ` (${module})` : ''}`
            : `${tool} TSV report`,
        kind: 'phone',
        fixes,
        fixTimeBasis,
        parts,
        waypoints: [],
        issues: issues.finish(),
        readable,
      };
      return result;
    },
  };

  function feed(chunk: Uint8Array): void {
    if (mode === 'json') json!.push(chunk);
    else tsv!.push(decoder!.decode(chunk, { stream: true }));
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function firstSignificantByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    // Whitespace and the UTF-8 BOM's bytes.
    if (
      c === 0x20 ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0xef ||
      c === 0xbb ||
      c === 0xbf
    )
      continue;
    return i;
  }
  return -1;
}

/**
 * iLEAPP/ALEAPP JSON is recognised by its `metadata` with `artifact_name`/`module_name` next to
 * `headers` (near certain). A TSV report is tab-separated with a time column; whose positions are
 * only in map links, a general table reader cannot read it, so it is claimed with 0.85; with
 * latitude/longitude columns the general table reader reads it as well and is left to win (0.5).
 */
export function sniffIleapp(head: Uint8Array, fileName: string): FormatDetection | null {
  const text = new TextDecoder('utf-8')
    .decode(head.subarray(0, SNIFF_BYTES))
    .replace(/^\uFEFF/, '');
  const s = text.trimStart();
  if (s.startsWith('{')) {
    const meta = /"metadata"\s*:\s*\{/.test(s) && /"(?:artifact_name|module_name)"\s*:/.test(s);
    const hdr = /"headers"\s*:\s*\[/.test(s);
    if (meta && hdr) {
      return {
        format: 'ileapp',
        reason: 'JSON with iLEAPP/ALEAPP "metadata" and "headers"',
        confidence: 0.97,
      };
    }
    return null;
  }
  if (s.startsWith('[') || s.startsWith('<')) return null;
  const lines = s.split(/\r?\n/, 30).filter((l) => l.trim() !== '');
  if (lines.length < 2) return null;
  const header = lines[0]!.split('\t');
  if (header.length < 2) return null;
  const cols = ileappColumns(header);
  if (cols.time < 0) return null;
  const data = lines.slice(1);
  if (!data.every((l) => l.split('\t').length >= header.length - 1)) return null;
  const tsvName = /\.tsv$/i.test(fileName);
  if (cols.lat >= 0 && cols.lon >= 0) {
    return {
      format: 'ileapp',
      reason: 'tab-separated report with a time and latitude/longitude columns',
      confidence: tsvName ? 0.5 : 0.45,
    };
  }
  const withLinks = data.filter((l) => coordinatesFromMapUrl(l) !== null).length;
  if (withLinks === 0 || withLinks < data.length / 2) return null;
  return {
    format: 'ileapp',
    reason:
      'tab-separated report with a time column and positions only in map links (iLEAPP/ALEAPP)',
    confidence: 0.85,
  };
}
