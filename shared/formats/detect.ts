/**
 * Format detection by content (never by file name alone): a table of detectors, each looking at
 * the first bytes of the file and answering with a confidence. The most confident wins; the
 * file's extension only breaks ties between equally confident detectors.
 */
import { sniffCdr } from './cdr/cdr';
import { sniffEncoding, tryTextDecoder } from './decode';
import { sniffIleapp } from './forensic/ileapp';
import { xmlRootElement, type XmlRoot } from './xml-root';
import { sniffGeoJson } from './geojson';
import { sniffKml } from './kml';
import { sniffKmz } from './kmz';
import { sniffNmea } from './nmea';
import { sniffOwnTracks } from './owntracks';
import type { FormatDetection } from './reader';
import { sniffGoogle } from './google/sniff';
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
    format: 'google',
    extensions: ['json'],
    detect: ({ bytes, fileName }) => sniffGoogle(bytes, fileName),
  },
  {
    format: 'ileapp',
    extensions: ['json', 'tsv'],
    detect: ({ bytes, fileName }) => sniffIleapp(bytes, fileName),
  },
  {
    format: 'cdr',
    extensions: ['csv', 'txt'],
    detect: ({ bytes, fileName }) => sniffCdr(bytes, fileName),
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

export { xmlRootElement, type XmlRoot };
