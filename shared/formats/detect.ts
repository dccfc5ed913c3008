/**
 * Format detection by content (never by file name alone): a table of detectors, each looking at
 * the first bytes of the file and answering with a confidence. The most confident wins; the
 * file's extension only breaks ties between equally confident detectors.
 */
import { sniffEncoding, tryTextDecoder } from './decode';
import { sniffGeoJson } from './geojson';
import { sniffKml } from './kml';
import { sniffKmz } from './kmz';
import { sniffNmea } from './nmea';
import { sniffOwnTracks } from './owntracks';
import type { FormatDetection } from './reader';
import { sniffTable } from './table/table-reader';
import { sniffXlsx } from './xlsx';

/** Bytes of the head a detector may look at. */
export const DETECT_HEAD_BYTES = 64 * 1024;

export interface DetectionInput {
  /** The head decoded with the sniffed encoding, BOM removed. */
  text: string;
  bytes: Uint8Array;
  fileName: string;
  /** Root element of an XML head, when there is one. */
  xmlRoot: XmlRoot | null;
}

export interface XmlRoot {
  /** Qualified name as written, e.g. `gpx` or `g:gpx`. */
  name: string;
  localName: string;
}

export interface Detector {
  format: string;
  /** Extensions (lower case, no dot) that break a tie in this format's favour. */
  extensions: readonly string[];
  /**
   * A reason (confidence 1) or a detection with its own confidence when the content matches,
   * null otherwise.
   */
  detect(input: DetectionInput): string | FormatDetection | null;
}

/**
 * The root element of an XML document head: skips the declaration, comments, processing
 * instructions and a DOCTYPE. Null when the head does not start like XML.
 */
export function xmlRootElement(text: string): XmlRoot | null {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n || text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return null;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return null;
      i = e + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const open = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (gt < 0) return null;
      if (open >= 0 && open < gt) {
        const close = text.indexOf(']', open);
        const gt2 = close < 0 ? -1 : text.indexOf('>', close);
        if (gt2 < 0) return null;
        i = gt2 + 1;
      } else {
        i = gt + 1;
      }
    } else {
      const m = /^<([A-Za-z_\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*)[\s/>]/.exec(
        text.slice(i, i + 256),
      );
      if (!m) return null;
      const name = m[1]!;
      const colon = name.indexOf(':');
      return { name, localName: colon < 0 ? name : name.slice(colon + 1) };
    }
  }
}

export const DETECTORS: Detector[] = [
  {
    format: 'gpx',
    extensions: ['gpx'],
    detect: ({ xmlRoot }) => (xmlRoot?.localName === 'gpx' ? 'root element <gpx>' : null),
  },
  {
    format: 'kml',
    extensions: ['kml'],
    detect: ({ bytes, fileName }) => sniffKml(bytes, fileName),
  },
  {
    format: 'kmz',
    extensions: ['kmz'],
    detect: ({ bytes, fileName }) => sniffKmz(bytes, fileName),
  },
  {
    format: 'nmea',
    extensions: ['nmea', 'log', 'txt'],
    detect: ({ bytes, fileName }) => sniffNmea(bytes, fileName),
  },
  {
    format: 'geojson',
    extensions: ['geojson', 'json', 'ndjson', 'jsonl'],
    detect: ({ bytes, fileName }) => sniffGeoJson(bytes, fileName),
  },
  {
    format: 'owntracks',
    extensions: ['rec'],
    detect: ({ bytes, fileName }) => sniffOwnTracks(bytes, fileName),
  },
  {
    format: 'table',
    extensions: ['csv', 'tsv', 'txt'],
    detect: ({ bytes, fileName }) => sniffTable(bytes, fileName),
  },
  {
    format: 'xlsx',
    extensions: ['xlsx'],
    detect: ({ bytes, fileName }) => sniffXlsx(bytes, fileName),
  },
];

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function detectFormat(head: Uint8Array, fileName: string): FormatDetection | null {
  const bytes = head.length > DETECT_HEAD_BYTES ? head.subarray(0, DETECT_HEAD_BYTES) : head;
  const sniff = sniffEncoding(bytes);
  const decoder = tryTextDecoder(sniff.label) ?? new TextDecoder('utf-8');
  // Not streaming: a character cut at the end of the head becomes U+FFFD, harmless here.
  const text = decoder.decode(bytes.subarray(sniff.bomLength)).replace(/^\uFEFF/, '');
  const input: DetectionInput = { text, bytes, fileName, xmlRoot: xmlRootElement(text) };
  const ext = extensionOf(fileName);
  let best: { detection: FormatDetection; confidence: number; extMatch: boolean } | null = null;
  for (const d of DETECTORS) {
    let answer: string | FormatDetection | null;
    try {
      answer = d.detect(input);
    } catch {
      // A detector that trips over odd bytes simply does not recognise the file.
      answer = null;
    }
    if (answer === null) continue;
    const detection =
      typeof answer === 'string'
        ? { format: d.format, reason: answer, confidence: 1 }
        : { ...answer, format: d.format };
    const confidence = detection.confidence ?? 1;
    if (confidence <= 0) continue;
    const extMatch = d.extensions.includes(ext);
    if (
      !best ||
      confidence > best.confidence ||
      (confidence === best.confidence && extMatch && !best.extMatch)
    ) {
      best = { detection: { ...detection, confidence }, confidence, extMatch };
    }
  }
  return best?.detection ?? null;
}
