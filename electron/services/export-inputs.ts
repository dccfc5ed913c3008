/**
 * The files to import for the paths an examiner gives on the command line: a folder holding
 * photos is one source (as in the app); any other folder (a case folder such as
 * assets/demo/case) is opened into its files and folders in name order; hidden files are left
 * out. Used by `itinera exhibit`, `export` and `exhibit verify` alike.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.heic', '.heif', '.png', '.tif', '.tiff']);

export function expandEvidenceInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    if (!statSync(path).isDirectory()) {
      out.push(path);
      return;
    }
    const names = readdirSync(path)
      .filter((n) => !n.startsWith('.'))
      .sort();
    if (names.some((n) => PHOTO_EXTENSIONS.has(extname(n).toLowerCase()))) {
      out.push(path);
      return;
    }
    for (const name of names) visit(join(path, name));
  };
  for (const input of inputs) {
    try {
      visit(input);
    } catch {
      // Not there: the intake reports it as a file it could not read.
      out.push(input);
    }
  }
  return out;
}
