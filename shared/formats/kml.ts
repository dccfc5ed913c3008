/**
 * KML reader (Google Earth, My Tracks, OpenTracks, GPSBabel, Garmin inReach MapShare…) and its
 * detector. The document itself is read by `KmlDocumentReader`; see kml-document.ts for what
 * becomes a fix, a part or a waypoint.
 */
import { FixColumnsBuilder } from './columns';
import { sniffEncoding, tryTextDecoder } from './decode';
import { xmlRootElement } from './xml-root';
import { KmlDocumentReader, type KmlCollector } from './kml-document';
import { FixExtrasBuilder } from './kml-track';
import type { KmlReaderResult } from './kml-types';
import type { FormatDetection, FormatReader, ReaderOptions } from './reader';

export type { KmlReaderResult } from './kml-types';

export function createCollector(): KmlCollector {
  return {
    fixes: new FixColumnsBuilder(4096),
    extras: new FixExtrasBuilder(),
    parts: [],
    waypoints: [],
    placemarkFixes: [],
  };
}

/** The columns and lists of a collector as a result; the collector must not be used afterwards. */
export function collectorResult(
  c: KmlCollector,
  base: Pick<KmlReaderResult, 'format' | 'issues' | 'readable'> & { formatDetail?: string },
): KmlReaderResult {
  const { fixes, fixTimeBasis } = c.fixes.build();
  const result: KmlReaderResult = {
    format: base.format,
    kind: 'track',
    fixes,
    fixTimeBasis,
    parts: c.parts,
    waypoints: c.waypoints,
    issues: base.issues,
    readable: base.readable,
  };
  if (base.formatDetail !== undefined) result.formatDetail = base.formatDetail;
  if (c.placemarkFixes.length > 0) result.placemarkFixes = c.placemarkFixes;
  const extras = c.extras.build(fixes.count);
  if (extras !== undefined) result.fixExtras = extras;
  return result;
}

export function createKmlReader(opts: ReaderOptions): FormatReader & { finish(): KmlReaderResult } {
  const collector = createCollector();
  const doc = new KmlDocumentReader(opts.fileName, collector);
  let finished: KmlReaderResult | undefined;
  return {
    push(chunk: Uint8Array): void {
      if (finished === undefined) doc.push(chunk);
    },
    finish(): KmlReaderResult {
      if (finished !== undefined) return finished;
      const r = doc.finish();
      const base: Parameters<typeof collectorResult>[1] = {
        format: 'kml',
        issues: r.issues,
        readable: r.readable,
      };
      if (r.formatDetail !== undefined) base.formatDetail = r.formatDetail;
      finished = collectorResult(collector, base);
      return finished;
    },
  };
}

const KML_NAMESPACE =
  /^https?:\/\/(www\.opengis\.net\/kml\/2\.2|earth\.google\.com\/kml\/2\.[012])$/;

/** The namespace URI bound to `prefix` ('' for the default) on the root start tag, if any. */
function rootNamespace(text: string, qname: string): string | undefined {
  const start = text.indexOf(`<${qname}`);
  if (start < 0) return undefined;
  const end = text.indexOf('>', start);
  const tag = text.slice(start, end < 0 ? undefined : end);
  const colon = qname.indexOf(':');
  const attr = colon < 0 ? 'xmlns' : `xmlns:${qname.slice(0, colon)}`;
  const m = new RegExp(`\\s${attr.replace(':', '\\:')}\\s*=\\s*(["'])([^"']*)\\1`).exec(tag);
  return m?.[2]?.trim();
}

/**
 * Recognises KML by its root element: `<kml>` with any prefix (confidence 1 with a KML 2.0/2.1/2.2
 * namespace, 0.9 without), or a `<Document>`, `<Folder>` or `<Placemark>` root — in a KML
 * namespace 0.9, without one 0.6 (other XML vocabularies use those names too; a `.kml` name adds
 * 0.05 as a tie-break).
 */
export function sniffKml(head: Uint8Array, fileName: string): FormatDetection | null {
  const sniff = sniffEncoding(head);
  const decoder = tryTextDecoder(sniff.label) ?? new TextDecoder('utf-8');
  const text = decoder.decode(head.subarray(sniff.bomLength)).replace(/^\uFEFF/, '');
  const root = xmlRootElement(text);
  if (root === null) return null;
  const ns = rootNamespace(text, root.name);
  const kmlNs = ns !== undefined && KML_NAMESPACE.test(ns);
  const byName = /\.kml$/i.test(fileName) ? 0.05 : 0;
  if (root.localName === 'kml') {
    return kmlNs
      ? {
          format: 'kml',
          reason: `root element <${root.name}> in the KML namespace ${ns}`,
          confidence: 1,
        }
      : {
          format: 'kml',
          reason: `root element <${root.name}>${ns ? ` (namespace ${ns})` : ' without a namespace'}`,
          confidence: 0.9 + byName,
        };
  }
  if (['Document', 'Folder', 'Placemark'].includes(root.localName)) {
    if (kmlNs) {
      return {
        format: 'kml',
        reason: `root element <${root.name}> in the KML namespace ${ns} (no <kml> wrapper)`,
        confidence: 0.9 + byName,
      };
    }
    if (ns === undefined) {
      return {
        format: 'kml',
        reason: `root element <${root.name}> without a namespace: KML without the <kml> wrapper`,
        confidence: 0.6 + byName,
      };
    }
  }
  return null;
}
