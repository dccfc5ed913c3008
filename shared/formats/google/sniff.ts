/**
 * Recognises Google's location exports by content (the head of the file), not by name: which
 * top-level key or element shape it starts with. Takeout's `Settings.json` is recognised too, so
 * it can be reported as "not location data" instead of "unknown JSON".
 */
import type { FormatDetection } from '../reader';

export type GoogleShape =
  'records' | 'semantic' | 'timeline-edits' | 'android-timeline' | 'ios-history' | 'settings';

/** The format id each shape's result carries. */
export const GOOGLE_FORMAT_IDS: Readonly<Record<GoogleShape, string>> = {
  records: 'google-records',
  semantic: 'google-semantic',
  'timeline-edits': 'google-timeline-edits',
  'android-timeline': 'google-android-timeline',
  'ios-history': 'google-ios-history',
  settings: 'google-settings',
};

/** The detector's format id: one registry entry reads every shape. */
export const GOOGLE_FORMAT = 'google';

export const GOOGLE_SNIFF_BYTES = 64 * 1024;

export interface GoogleShapeDetection {
  shape: GoogleShape;
  reason: string;
  confidence: number;
}

function headText(head: Uint8Array): string {
  let bytes = head.subarray(0, Math.min(head.length, GOOGLE_SNIFF_BYTES));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

const KEY = (k: string): RegExp => new RegExp(`"${k}"\\s*:\\s*\\[`);

/** The export shape the head belongs to, or null when it is none of Google's. */
export function detectGoogleShape(head: Uint8Array): GoogleShapeDetection | null {
  const s = headText(head).trimStart();
  if (s.startsWith('{')) {
    const first = /^\{\s*"([^"]*)"/.exec(s)?.[1];
    if (KEY('locations').test(s) && /"(latitudeE7|longitudeE7|timestampMs)"/.test(s)) {
      const legacy = /"timestampMs"/.test(s) && !/"timestamp"\s*:/.test(s);
      return {
        shape: 'records',
        reason: `JSON with a "locations" array of E7 positions (Google Takeout ${legacy ? 'Location History.json' : 'Records.json'})`,
        confidence: first === 'locations' ? 0.97 : 0.9,
      };
    }
    if (KEY('timelineObjects').test(s)) {
      return {
        shape: 'semantic',
        reason: 'JSON with "timelineObjects" (Google Takeout Semantic Location History)',
        confidence: 0.97,
      };
    }
    if (KEY('semanticSegments').test(s) || KEY('rawSignals').test(s)) {
      return {
        shape: 'android-timeline',
        reason:
          'JSON with "semanticSegments"/"rawSignals" (Google Timeline on-device export, Android)',
        confidence: 0.97,
      };
    }
    if (KEY('timelineEdits').test(s)) {
      return {
        shape: 'timeline-edits',
        reason: 'JSON with "timelineEdits" (Google Takeout Timeline Edits.json)',
        confidence: 0.97,
      };
    }
    if (/"(deviceSettings|hasReportedLocations|retentionWindowDays|hasSetRetention)"\s*:/.test(s)) {
      return {
        shape: 'settings',
        reason: 'Google Takeout Location History Settings.json (account settings, no positions)',
        confidence: 0.9,
      };
    }
    return null;
  }
  if (s.startsWith('[')) {
    const element = /^\[\s*\{/.test(s);
    const times = /"startTime"\s*:/.test(s) && /"endTime"\s*:/.test(s);
    const content = /"(visit|activity|timelinePath|timelineMemory)"\s*:/.test(s);
    if (element && times && content) {
      return {
        shape: 'ios-history',
        reason: 'JSON array of timeline segments (Google Timeline on-device export, iOS)',
        confidence: /"geo:/.test(s) ? 0.95 : 0.85,
      };
    }
  }
  return null;
}

/** Detector entry point for `detect.ts`. */
export function sniffGoogle(head: Uint8Array, _fileName: string): FormatDetection | null {
  const d = detectGoogleShape(head);
  return d === null ? null : { format: GOOGLE_FORMAT, reason: d.reason, confidence: d.confidence };
}
