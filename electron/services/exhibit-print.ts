/**
 * What prints the exhibit page: a browser engine that opens the page from the local exhibit
 * server, waits until the page says it is ready (map drawn, pages laid out), and returns a PDF
 * of every page or a PNG of page 1. Chromium through playwright-core in the CLI and tests
 * (exhibit-print-chromium.ts); Electron's webContents.printToPDF / capturePage in the app.
 *
 * A printer must let no request leave 127.0.0.1: the page asks only its own host.
 */
import type { ExhibitPageStatus } from '../../shared/exhibit/document';

export interface ExhibitPrintJob {
  /** The exhibit page on the local server (http://127.0.0.1:<port>/…/exhibit/exhibit.html). */
  url: string;
  /** Paper size; the page's own CSS sets the same with `@page` (print with preferCSSPageSize). */
  widthMm: number;
  heightMm: number;
  /** PNG resolution; the PNG is page 1 at `dpi` (device scale factor dpi / 96). */
  dpi: number;
  /** How long the page may take to get ready (the map image at 300 dpi takes seconds). */
  timeoutMs: number;
}

export interface ExhibitPrintResult {
  bytes: Uint8Array;
  /** What the page reported when it was ready. */
  status: ExhibitPageStatus;
}

export interface ExhibitPrinter {
  pdf(job: ExhibitPrintJob): Promise<ExhibitPrintResult>;
  png(job: ExhibitPrintJob): Promise<ExhibitPrintResult>;
  close(): Promise<void>;
}

/** No browser engine could be started (none installed, or it failed to launch). */
export class ExhibitPrinterUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExhibitPrinterUnavailable';
  }
}

/** The page loaded but could not make the exhibit (its own message says why). */
export class ExhibitPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExhibitPageError';
  }
}

/**
 * Evaluated in the page: its status once it is `ready` or `error`, null while loading. A
 * printer polls it (Electron: `webContents.executeJavaScript(EXHIBIT_STATUS_SCRIPT)`).
 */
export const EXHIBIT_STATUS_SCRIPT =
  "(() => { const s = window.__itineraExhibit; return s && s.state !== 'loading' ? s : null; })()";

/** CSS px per inch, what device scale factors are relative to. */
export const CSS_DPI = 96;

export function mmToCssPx(mm: number): number {
  return (mm / 25.4) * CSS_DPI;
}
