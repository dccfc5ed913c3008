/**
 * The manifest inside a PDF exhibit: an embedded file `itinera-manifest.json` (PDF attachment,
 * visible in any reader's attachments panel), so the exhibit and the record of how it was made
 * cannot be separated. Attaching is deterministic: the attachment's dates are the manifest's own
 * generation time and the PDF's metadata is left as it was.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import {
  MANIFEST_FILE_NAME,
  parseManifest,
  serializeManifest,
  type ExhibitManifest,
} from '../../shared/export/manifest';

export async function attachManifestToPdf(
  pdf: Uint8Array,
  manifest: ExhibitManifest,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const at = new Date(manifest.generatedAt);
  const date = Number.isFinite(at.getTime()) ? at : new Date(0);
  await doc.attach(new TextEncoder().encode(serializeManifest(manifest)), MANIFEST_FILE_NAME, {
    mimeType: 'application/json',
    description: 'Itinera reproducibility manifest: inputs with SHA-256, settings, result',
    creationDate: date,
    modificationDate: date,
  });
  return doc.save({ useObjectStreams: false });
}

function text(obj: unknown): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

/** Every embedded file in the document's name tree: name → decoded bytes. */
function embeddedFiles(doc: PDFDocument): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const root = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const visit = (node: PDFDict, depth: number): void => {
    if (depth > 32) return;
    const leaves = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    if (leaves) {
      for (let i = 0; i + 1 < leaves.size(); i += 2) {
        const spec = leaves.lookup(i + 1);
        if (!(spec instanceof PDFDict)) continue;
        const name =
          text(spec.lookup(PDFName.of('UF'))) ??
          text(spec.lookup(PDFName.of('F'))) ??
          text(leaves.lookup(i));
        const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
        const stream = ef?.lookup(PDFName.of('F'));
        if (name === undefined || !(stream instanceof PDFStream)) continue;
        const bytes =
          stream instanceof PDFRawStream
            ? decodePDFRawStream(stream).decode()
            : stream.getContents();
        files.set(name, bytes);
      }
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids) {
      for (let i = 0; i < kids.size(); i++) {
        const kid = kids.lookup(i);
        if (kid instanceof PDFDict) visit(kid, depth + 1);
      }
    }
  };
  if (root) visit(root, 0);
  return files;
}

/** The embedded manifest, or null when the PDF has none. Throws when it is there but malformed. */
export async function readManifestFromPdf(pdf: Uint8Array): Promise<ExhibitManifest | null> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const bytes = embeddedFiles(doc).get(MANIFEST_FILE_NAME);
  if (!bytes) return null;
  return parseManifest(new TextDecoder('utf-8').decode(bytes));
}
