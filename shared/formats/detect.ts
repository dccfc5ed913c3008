/**
 * Format detection by content (never by file name alone): a table of detectors, each looking at
 * the first bytes of the file. Later formats (KML, NMEA, CSV, JSON) add a row.
 */
import { sniffEncoding, tryTextDecoder } from './decode';
import type { FormatDetection } from './reader';

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
  /** A reason when the content matches, null otherwise. */
  detect(input: DetectionInput): string | null;
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
    detect: ({ xmlRoot }) => (xmlRoot?.localName === 'gpx' ? 'root element <gpx>' : null),
  },
];

export function detectFormat(head: Uint8Array, fileName: string): FormatDetection | null {
  const bytes = head.length > DETECT_HEAD_BYTES ? head.subarray(0, DETECT_HEAD_BYTES) : head;
  const sniff = sniffEncoding(bytes);
  const decoder = tryTextDecoder(sniff.label) ?? new TextDecoder('utf-8');
  // Not streaming: a character cut at the end of the head becomes U+FFFD, harmless here.
  const text = decoder.decode(bytes.subarray(sniff.bomLength)).replace(/^\uFEFF/, '');
  const input: DetectionInput = { text, bytes, fileName, xmlRoot: xmlRootElement(text) };
  for (const d of DETECTORS) {
    const reason = d.detect(input);
    if (reason !== null) return { format: d.format, reason };
  }
  return null;
}
