/**
 * What the exhibit tests share: whether a browser engine and the built exhibit page are there
 * (skipping with a visible message when not), the poppler tools, and the demo case.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromiumPath } from '../../electron/services/exhibit-print-chromium';

export const repoRoot = resolve(import.meta.dirname, '../..');
/** A renderer built elsewhere (as the e2e tests allow), else dist/renderer. */
export const rendererDir =
  process.env.ITINERA_E2E_RENDERER_DIR ?? join(repoRoot, 'dist', 'renderer');

/** What is missing for a test that prints exhibits; said on the console. */
export function missingForExhibits(test: string): string[] {
  const missing = [
    [chromiumPath(), 'Chromium'],
    [
      join(rendererDir, 'exhibit', 'exhibit.html'),
      'the built exhibit page (npm run build:renderer)',
    ],
    ['/usr/bin/pdftotext', 'pdftotext (poppler-utils)'],
    ['/usr/bin/pdftoppm', 'pdftoppm (poppler-utils)'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length > 0) {
    console.warn(
      `skipping ${test}: missing ${missing.map(([p, what]) => `${what} (${p})`).join(', ')}`,
    );
  }
  return missing.map(([p]) => p!);
}

export function pdfText(pdf: string): string {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return run.stdout;
}

export function pdfPages(pdf: string): number {
  const run = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(run.stdout);
  if (!match) throw new Error(`pdfinfo failed: ${run.stderr}`);
  return Number(match[1]);
}

/** Every page as PNG at `dpi`, in page order. */
export function pdfPageImages(pdf: string, dir: string, prefix: string, dpi = 60): Buffer[] {
  const run = spawnSync('pdftoppm', ['-r', String(dpi), '-png', pdf, join(dir, prefix)]);
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${String(run.stderr)}`);
  return readdirSync(dir)
    .filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.png'))
    .sort()
    .map((n) => readFileSync(join(dir, n)));
}

/** SHA-256 of every evidence file under `paths` (folders walked), computed here, independently. */
export function sha256Of(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) visit(join(p, name));
    } else {
      out.push(createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  for (const p of paths) visit(p);
  return out;
}

/** Text with all whitespace removed, so a hash wrapped over two lines is still found. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
