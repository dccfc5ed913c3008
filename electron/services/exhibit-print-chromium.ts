/**
 * The exhibit printer for the CLI and tests: a headless Chromium (Debian's /usr/bin/chromium,
 * or ITINERA_CHROMIUM) driven by playwright-core. The PDF is Chromium's own print with the
 * page's `@page` size; the PNG is a screenshot of page 1 at the exhibit's dpi. Every request
 * that would leave 127.0.0.1 is aborted, and counted, so a test can assert there was none.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ExhibitPageStatus } from '../../shared/exhibit/document';
import {
  CSS_DPI,
  ExhibitPageError,
  ExhibitPrinterUnavailable,
  mmToCssPx,
  type ExhibitPrinter,
  type ExhibitPrintJob,
  type ExhibitPrintResult,
} from './exhibit-print';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ITINERA_CHROMIUM || DEFAULT_CHROMIUM_PATH;
}

export interface ChromiumPrinterOptions {
  executablePath?: string;
  /** Told of every request that was blocked for leaving 127.0.0.1. */
  onBlocked?: (url: string) => void;
}

export class ChromiumExhibitPrinter implements ExhibitPrinter {
  private browser: Browser | null = null;
  /** Requests refused because they were not for 127.0.0.1. */
  readonly blocked: string[] = [];

  private constructor(private readonly options: ChromiumPrinterOptions) {}

  /** Starts Chromium; throws ExhibitPrinterUnavailable when there is none or it will not start. */
  static async launch(options: ChromiumPrinterOptions = {}): Promise<ChromiumExhibitPrinter> {
    const printer = new ChromiumExhibitPrinter(options);
    const executablePath = options.executablePath ?? chromiumPath();
    if (!existsSync(executablePath)) {
      throw new ExhibitPrinterUnavailable(
        `no browser engine: Chromium was not found at ${executablePath} (set ITINERA_CHROMIUM)`,
      );
    }
    const { chromium } = await import('playwright-core');
    try {
      printer.browser = await chromium.launch({
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          // Software WebGL: the same pixels on every machine, and no GPU needed.
          '--enable-unsafe-swiftshader',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-default-apps',
          '--disable-sync',
          '--no-first-run',
          '--font-render-hinting=none',
        ],
      });
    } catch (err) {
      throw new ExhibitPrinterUnavailable(
        `no browser engine: Chromium at ${executablePath} did not start ` +
          `(${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      );
    }
    return printer;
  }

  async pdf(job: ExhibitPrintJob): Promise<ExhibitPrintResult> {
    return this.withPage(job, 1, async (page, status) => {
      await page.emulateMedia({ media: 'print' });
      const bytes = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        width: `${job.widthMm}mm`,
        height: `${job.heightMm}mm`,
        margin: { top: '0', right: '0', bottom: '0', left: '0' },
        tagged: true,
        outline: false,
      });
      return { bytes: new Uint8Array(bytes), status };
    });
  }

  async png(job: ExhibitPrintJob): Promise<ExhibitPrintResult> {
    return this.withPage(job, job.dpi / CSS_DPI, async (page, status) => {
      await page.emulateMedia({ media: 'print' });
      const sheet = page.locator('article.sheet').first();
      const bytes = await sheet.screenshot({
        type: 'png',
        animations: 'disabled',
        scale: 'device',
      });
      return { bytes: new Uint8Array(bytes), status };
    });
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await browser?.close();
  }

  private async withPage<T>(
    job: ExhibitPrintJob,
    deviceScaleFactor: number,
    use: (page: Page, status: ExhibitPageStatus) => Promise<T>,
  ): Promise<T> {
    if (!this.browser) throw new ExhibitPrinterUnavailable('the printer is closed');
    const context: BrowserContext = await this.browser.newContext({
      viewport: {
        width: Math.ceil(mmToCssPx(job.widthMm)) + 2,
        height: Math.ceil(mmToCssPx(job.heightMm)) + 2,
      },
      deviceScaleFactor,
      // The page formats nothing with the host's zone or locale, but fix them anyway.
      timezoneId: 'UTC',
      locale: 'en-GB',
      serviceWorkers: 'block',
      offline: false,
    });
    try {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (isLocal(url)) return route.continue();
        this.blocked.push(url);
        this.options.onBlocked?.(url);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      if (process.env.ITINERA_EXHIBIT_DEBUG) {
        page.on('console', (m) => process.stderr.write(`exhibit page: ${m.text()}\n`));
        page.on('pageerror', (err) => process.stderr.write(`exhibit page error: ${err.stack}\n`));
      }
      await page.goto(job.url, { waitUntil: 'load', timeout: job.timeoutMs });
      // A function, not EXHIBIT_STATUS_SCRIPT: the page's CSP forbids evaluating strings.
      const handle = await page.waitForFunction(
        () => {
          const s = (globalThis as { __itineraExhibit?: ExhibitPageStatus }).__itineraExhibit;
          return s && s.state !== 'loading' ? s : null;
        },
        undefined,
        { timeout: job.timeoutMs, polling: 100 },
      );
      const status = (await handle.jsonValue()) as ExhibitPageStatus;
      if (status.state === 'error') {
        throw new ExhibitPageError(status.message ?? problems[0] ?? 'the exhibit page failed');
      }
      return await use(page, status);
    } finally {
      await context.close();
    }
  }
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}
