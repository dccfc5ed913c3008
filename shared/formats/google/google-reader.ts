/**
 * One streaming reader for every Google location export. The file goes through the JSON record
 * splitter once; each record is routed by the array it belongs to:
 * `locations` → Records.json, `timelineObjects` → Semantic Location History, `timelineEdits` →
 * Timeline Edits.json, `semanticSegments`/`rawSignals` → Android Timeline.json, elements of a
 * top-level array → iOS location-history.json. The shape is thus decided by content as it
 * arrives, and a truncated file keeps every record completed before the cut.
 *
 * Inferred and measured stay apart: visits and activity segments become `reportedStops` and
 * `reportedMovements`; raw records, raw signals and raw path points become fixes. Settings.json
 * is recognised and reported as not location data; any other JSON is named as an unknown shape.
 */
import {
  JsonRecordSplitter,
  type JsonEnvelope,
  type JsonLocation,
  type JsonRecord,
  type JsonSplitError,
  type ScannedLines,
} from '../json-stream';
import type { FormatReader, ReaderOptions, ReaderResult } from '../reader';
import { AndroidTimelineShape } from './android-timeline';
import { IosHistoryShape } from './ios-history';
import { RecordsShape } from './records';
import { GoogleResultBuilder, isObject, type Where } from './result-builder';
import { SemanticShape } from './semantic';
import { GOOGLE_FORMAT_IDS, type GoogleShape } from './sniff';
import { TimelineEditsShape } from './timeline-edits';

export const GOOGLE_RECORD_ARRAYS = [
  'locations',
  'timelineObjects',
  'semanticSegments',
  'rawSignals',
  'timelineEdits',
] as const;

const RECORD_NAMES: Record<string, string> = {
  locations: 'location',
  timelineObjects: 'timeline object',
  semanticSegments: 'semantic segment',
  rawSignals: 'raw signal',
  timelineEdits: 'timeline edit',
  '': 'segment',
};

const SETTINGS_KEYS = [
  'deviceSettings',
  'hasReportedLocations',
  'retentionWindowDays',
  'hasSetRetention',
];

class GoogleDispatcher {
  readonly b: GoogleResultBuilder;
  records?: RecordsShape;
  semantic?: SemanticShape;
  edits?: TimelineEditsShape;
  android?: AndroidTimelineShape;
  ios?: IosHistoryShape;
  settings = false;
  unknownTop: string | undefined;
  structuralErrors = 0;
  truncated = false;
  bom = false;

  constructor(fileName: string) {
    this.b = new GoogleResultBuilder(fileName);
  }

  rawRecord(bytes: Uint8Array, path: string, index: number, at: JsonLocation): boolean {
    // Only a shape already decided the same way on both paths (a started `{` location, a parsed
    // record or the envelope): creating it here would let a record `JSON.parse` rejects, e.g. one
    // starting with `[`, make the file a Records.json on the fast path alone.
    if (path !== 'locations' || this.records === undefined) return false;
    const where: Where = { what: 'location', record: index, line: at.line, column: at.column };
    return this.records.rawLocation(bytes, where);
  }

  scanRecord(
    b: Uint8Array,
    start: number,
    path: string,
    index: number,
    at: JsonLocation,
    lines: ScannedLines,
  ): number {
    if (path !== 'locations') return -1;
    const where: Where = { what: 'location', record: index, line: at.line, column: at.column };
    return (this.records ??= new RecordsShape(this.b)).scanLocation(b, start, where, lines);
  }

  record(r: JsonRecord, topShape: string): void {
    const where: Where = {
      what: RECORD_NAMES[r.path] ?? 'record',
      record: r.index,
      line: r.line,
      column: r.column,
    };
    switch (r.path) {
      case 'locations':
        (this.records ??= new RecordsShape(this.b)).location(r.value, where);
        return;
      case 'timelineObjects':
        (this.semantic ??= new SemanticShape(this.b)).timelineObject(r.value, where);
        return;
      case 'timelineEdits':
        (this.edits ??= new TimelineEditsShape(this.b)).edit(r.value, where);
        return;
      case 'semanticSegments':
        this.androidShape().segment(r.value, where);
        return;
      case 'rawSignals':
        this.androidShape().rawSignal(r.value, where);
        return;
      default:
        break;
    }
    if (topShape === 'array') {
      (this.ios ??= new IosHistoryShape(this.b)).element(r.value, where);
      return;
    }
    // A whole top-level object without any of the record arrays.
    this.topObject(r.value, where);
  }

  private androidShape(): AndroidTimelineShape {
    return (this.android ??= new AndroidTimelineShape(this.b));
  }

  private topObject(value: unknown, where: Where): void {
    if (isObject(value) && SETTINGS_KEYS.some((k) => k in value)) {
      this.settings = true;
      return;
    }
    if (this.unknownTop === undefined) {
      const keys = isObject(value) ? Object.keys(value) : [];
      this.unknownTop =
        keys.length > 0
          ? `an object with the keys ${keys
              .slice(0, 8)
              .map((k) => `"${k}"`)
              .join(', ')}${keys.length > 8 ? ', …' : ''}`
          : `a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`;
      void where;
    }
  }

  envelope(e: JsonEnvelope): void {
    const where: Where = { what: 'top-level object', line: e.line, column: e.column };
    if (e.recordArrays.includes('locations')) this.records ??= new RecordsShape(this.b);
    if (e.recordArrays.includes('timelineObjects')) this.semantic ??= new SemanticShape(this.b);
    if (e.recordArrays.includes('timelineEdits')) this.edits ??= new TimelineEditsShape(this.b);
    if (
      e.recordArrays.includes('semanticSegments') ||
      e.recordArrays.includes('rawSignals') ||
      'userLocationProfile' in e.value
    ) {
      this.androidShape().envelope(e.value, where);
    }
  }

  error(e: JsonSplitError): void {
    const b = this.b;
    const loc = { line: e.line, column: e.column, offset: e.offset };
    if (e.code === 'json.record.invalid' || e.code === 'json.record.too-large') {
      const what = RECORD_NAMES[e.path ?? ''] ?? 'record';
      const where: Where = { what, ...loc };
      if (e.index !== undefined) where.record = e.index;
      b.report('warning', `google.${e.code}`, e.message, where);
      return;
    }
    if (e.code === 'json.truncated') {
      this.truncated = true;
      b.report(
        'error',
        'google.json.truncated',
        `${e.message}. Reading stopped at line ${e.line}, byte offset ${e.offset}`,
        { what: 'file', ...loc },
      );
      return;
    }
    this.structuralErrors++;
    b.report('warning', `google.${e.code}`, e.message, { what: 'file', ...loc });
  }

  /** The shape that gives the result its format id (the one with the most content). */
  shape(): GoogleShape | undefined {
    if (this.android) return 'android-timeline';
    if (this.semantic) return 'semantic';
    if (this.records) return 'records';
    if (this.edits) return 'timeline-edits';
    if (this.ios && this.ios.segments.segments > 0) return 'ios-history';
    if (this.settings) return 'settings';
    return undefined;
  }
}

export interface GoogleReaderOptions extends ReaderOptions {
  /**
   * Read Records.json locations byte by byte where possible (default). False sends every record
   * through `JSON.parse`: for tests that check both ways agree.
   */
  fastPaths?: boolean;
}

export function createGoogleReader(opts: GoogleReaderOptions): FormatReader {
  const fast = opts.fastPaths !== false;
  const d = new GoogleDispatcher(opts.fileName);
  let topShape = 'empty';
  const splitter = new JsonRecordSplitter(
    {
      record: (r) => {
        topShape = splitter.shape;
        d.record(r, topShape);
      },
      rawRecord: (bytes, path, index, at) => fast && d.rawRecord(bytes, path, index, at),
      scanRecord: (b, start, path, index, at, lines) => {
        // A started location makes the file a Records.json either way, even when it breaks.
        if (path === 'locations') d.records ??= new RecordsShape(d.b);
        return fast ? d.scanRecord(b, start, path, index, at, lines) : -1;
      },
      envelope: (e) => d.envelope(e),
      error: (e) => d.error(e),
    },
    { recordArrayKeys: GOOGLE_RECORD_ARRAYS },
  );
  let first = true;
  let finished: ReaderResult | undefined;
  let crashed: unknown;

  return {
    push(chunk: Uint8Array): void {
      if (finished !== undefined || crashed !== undefined) return;
      try {
        if (first && chunk.length > 0) {
          first = false;
          // Only the first byte is needed to tell a BOM; a split BOM is caught at finish.
          if (chunk[0] === 0xef || chunk[0] === 0xff || chunk[0] === 0xfe) d.bom = true;
        }
        splitter.push(chunk);
      } catch (e) {
        crashed = e;
      }
    },
    finish(): ReaderResult {
      if (finished !== undefined) return finished;
      try {
        if (crashed === undefined) splitter.finish();
      } catch (e) {
        crashed = e;
      }
      finished = buildResult(d, splitter, crashed);
      return finished;
    },
  };
}

function buildResult(
  d: GoogleDispatcher,
  splitter: JsonRecordSplitter,
  crashed: unknown,
): ReaderResult {
  const b = d.b;
  if (crashed !== undefined) {
    b.report(
      'error',
      'google.internal-error',
      `Internal error while reading the file (${String(crashed).slice(0, 200)}); records read before it are kept`,
      { what: 'file' },
    );
  }
  const details: string[] = [];
  if (d.records) details.push(d.records.finish());
  if (d.semantic) details.push(d.semantic.finish());
  if (d.edits) details.push(d.edits.finish());
  if (d.android) details.push(d.android.finish());
  if (d.ios) details.push(d.ios.finish());
  b.summarise();
  const shape = d.shape();
  const readable = shape !== undefined && shape !== 'settings';
  if (d.bom && splitter.transcodedFrom === undefined) {
    b.report('info', 'google.bom', 'The file starts with a UTF-8 byte-order mark; ignored', {
      what: 'file',
    });
  }
  if (splitter.transcodedFrom !== undefined) details.push(splitter.transcodedFrom);
  if (shape === 'settings') {
    b.report(
      'warning',
      'google.not-location-data',
      'Google Takeout Settings.json: account and device settings of Location History, not location data; nothing imported',
      { what: 'file' },
    );
  } else if (!readable) {
    const why =
      splitter.shape === 'empty' && splitter.records === 0
        ? d.structuralErrors > 0
          ? 'it is not JSON'
          : 'the file is empty'
        : d.unknownTop !== undefined
          ? `it is JSON of an unknown shape (${d.unknownTop})`
          : d.ios !== undefined
            ? 'it is JSON of an unknown shape (an array whose elements are not timeline segments)'
            : 'it is JSON of an unknown shape';
    b.report(
      'error',
      'google.unknown-shape',
      `Not a Google location export: ${why}. Known shapes: Records.json, Location History.json, Semantic Location History, Timeline Edits.json, Timeline.json (Android), location-history.json (iOS)`,
      { what: 'file' },
    );
  } else if (b.fixes.count === 0 && b.stops.length === 0 && b.movements.length === 0) {
    b.report('warning', 'google.no-positions', 'The file contains no usable position', {
      what: 'file',
    });
  }
  const { fixes, fixTimeBasis } = b.fixes.build();
  const result: ReaderResult = {
    format: shape === undefined ? 'google' : GOOGLE_FORMAT_IDS[shape],
    formatDetail:
      shape === 'settings'
        ? 'Google Takeout Settings.json (not location data)'
        : details.join('; ') || 'JSON of an unknown shape',
    kind: 'phone',
    fixes,
    fixTimeBasis,
    parts: b.parts.filter((p) => p.segments.length > 0),
    waypoints: b.waypoints,
    issues: b.issues.finish(),
    reportedStops: b.stops,
    reportedMovements: b.movements,
    readable,
  };
  if (b.devices.length > 0) result.device = b.devices.join(', ');
  return result;
}
