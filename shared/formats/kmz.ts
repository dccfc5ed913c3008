/**
 * KMZ reader: a ZIP archive of KML documents (and the images they show), unzipped as it streams.
 * EVERY `.kml` entry is read, not only the first: each is a document whose parts carry its entry
 * name (`document`), and whose issues name it as `file.kmz!/doc.kml`. All documents share one set
 * of fix columns. Images are counted (they will be read as photos later); other entries are
 * counted and ignored.
 */
import type { ImportIssue } from '../model';
import { IssueList } from './issues';
import { collectorResult, createCollector } from './kml';
import { KmlDocumentReader, type KmlDocumentResult } from './kml-document';
import type { KmlArchiveSummary, KmlReaderResult } from './kml-types';
import type { FormatDetection, FormatReader, ReaderOptions } from './reader';
import { createZipEntryStream, isZipHead } from './zip-stream';

const IMAGE = /\.(jpe?g|png|gif|bmp|tiff?|webp|heic)$/i;
const KML_ENTRY = /\.kml$/i;

interface DocumentEntry {
  name: string;
  reader: KmlDocumentReader;
  result?: KmlDocumentResult;
  damage?: string;
}

export function createKmzReader(opts: ReaderOptions): FormatReader & { finish(): KmlReaderResult } {
  const collector = createCollector();
  const archiveIssues = new IssueList(opts.fileName);
  const docs: DocumentEntry[] = [];
  const archive: KmlArchiveSummary = { kmlEntries: [], images: 0, otherEntries: 0 };
  let finished: KmlReaderResult | undefined;

  const zip = createZipEntryStream((entry) => {
    if (entry.name.endsWith('/')) return null;
    if (KML_ENTRY.test(entry.name)) {
      const doc: DocumentEntry = {
        name: entry.name,
        reader: new KmlDocumentReader(`${opts.fileName}!/${entry.name}`, collector, entry.name),
      };
      docs.push(doc);
      archive.kmlEntries.push(entry.name);
      return {
        push: (chunk) => doc.reader.push(chunk),
        end: (error) => {
          if (error !== undefined) doc.damage = error;
          doc.result = doc.reader.finish();
        },
      };
    }
    if (IMAGE.test(entry.name)) archive.images++;
    else archive.otherEntries++;
    return null;
  });

  return {
    push(chunk: Uint8Array): void {
      if (finished === undefined) zip.push(chunk);
    },
    finish(): KmlReaderResult {
      if (finished !== undefined) return finished;
      const summary = zip.finish();
      for (const p of summary.problems) archiveIssues.add('error', `kmz.${p.code}`, p.message);
      if (!summary.isZip) {
        archiveIssues.add('error', 'kmz.not-zip', 'Not a KMZ file: not a ZIP archive');
      } else if (docs.length === 0) {
        archiveIssues.add(
          'error',
          'kmz.no-kml',
          `Not a KMZ file: the ZIP archive (${summary.entries} entries) holds no .kml document`,
        );
      }
      for (const d of docs) {
        d.result ??= d.reader.finish();
        if (d.damage !== undefined) {
          archiveIssues.add(
            'error',
            'kmz.entry.incomplete',
            `${d.name} could not be read to its end (${d.damage.slice(0, 120)}); what was read before is kept`,
          );
        }
      }
      if (archive.images > 0) {
        archiveIssues.add(
          'info',
          'kmz.images',
          `${archive.images} image(s) in the archive are not read yet (photos and icons)`,
        );
      }
      const issues: ImportIssue[] = archiveIssues.finish();
      for (const d of docs) issues.push(...d.result!.issues);
      const versions = [...new Set(docs.map((d) => d.result!.formatDetail).filter(Boolean))];
      const names = docs.map((d) => d.name);
      const base: Parameters<typeof collectorResult>[1] = {
        format: 'kmz',
        issues,
        readable: summary.isZip && docs.some((d) => d.result!.readable),
      };
      if (summary.isZip && docs.length > 0) {
        base.formatDetail = `KMZ: ${docs.length} KML document${docs.length === 1 ? '' : 's'} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})${versions.length > 0 ? `, ${versions.join(' / ')}` : ''}`;
      }
      const result = collectorResult(collector, base);
      result.archive = archive;
      finished = result;
      return result;
    },
  };
}

/**
 * Recognises a KMZ from its head. The ZIP magic alone is weak evidence (XLSX, DOCX and plain ZIP
 * files share it) and the archive's entries cannot all be seen from the head, so: 0.9 when the
 * first entry is a `.kml`, 0.3 for another ZIP (0.5 with a `.kmz` name, the tie-break); OOXML
 * archives (first entry `[Content_Types].xml`) are not KMZ. The intake may confirm after reading.
 */
export function sniffKmz(head: Uint8Array, fileName: string): FormatDetection | null {
  if (!isZipHead(head)) return null;
  const first = firstEntryName(head);
  if (first === '[Content_Types].xml' || first === 'mimetype') return null;
  if (first !== undefined && KML_ENTRY.test(first)) {
    return {
      format: 'kmz',
      reason: `ZIP archive whose first entry is ${first}`,
      confidence: 0.9,
    };
  }
  const named = /\.kmz$/i.test(fileName);
  return {
    format: 'kmz',
    reason: `ZIP archive${first !== undefined ? ` (first entry ${first})` : ''}${named ? ' named .kmz' : ''}; the entries beyond the head cannot be seen yet`,
    confidence: named ? 0.5 : 0.3,
  };
}

/** Name in the first local file header (offset 30, length at 26), when the head holds it. */
function firstEntryName(head: Uint8Array): string | undefined {
  if (head.length < 30) return undefined;
  const len = head[26]! | (head[27]! << 8);
  if (head.length < 30 + len) return undefined;
  let s = '';
  for (let i = 30; i < 30 + len; i++) s += String.fromCharCode(head[i]!);
  return s;
}
