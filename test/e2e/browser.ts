/**
 * What the end-to-end tests share: Debian's Chromium on a fresh profile, the skip when something
 * the tests need is missing, the guard recording every request that leaves 127.0.0.1, and the
 * screenshots of the map decoded to pixels so a test can check what is actually drawn.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestHost, type TestHost, type TestHostOptions } from './host';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');
export const chromiumPath = '/usr/bin/chromium';
/**
 * A renderer built elsewhere (ITINERA_E2E_RENDERER_DIR), so that parallel work does not fight over
 * dist/renderer; dist/renderer otherwise.
 */
export const rendererDir =
  process.env.ITINERA_E2E_RENDERER_DIR ?? join(repoRoot, 'dist', 'renderer');
export const rendererIndex = join(rendererDir, 'index.html');
export const resultsDir = join(repoRoot, 'test-results');

/** What the renderer exposes when the page sets `__ITINERA_E2E__` (see renderer/src/bridge.ts). */
export type E2eWindow = Window & {
  __ITINERA_E2E__?: boolean;
  __itineraMap?: unknown;
  /** Whether the map is drawn at its lower motion resolution (motionResolution.ts). */
  __itineraMapReduced?: () => boolean;
};

/**
 * What `test` needs and does not have (Chromium, the built renderer, `fixture` from
 * ../shared/fixtures), said on the console; an empty list when it can run.
 */
export function missingPrerequisites(test: string, fixture: string): string[] {
  const missing = [
    [chromiumPath, 'Debian chromium'],
    [rendererIndex, 'the built renderer (npm run build:renderer)'],
    [fixture, '../shared/fixtures'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length > 0) {
    console.warn(
      `skipping ${test}: missing ${missing.map(([p, what]) => `${what} (${p})`).join(', ')}`,
    );
  }
  return missing.map(([path]) => path!);
}

export interface E2eBrowser {
  context: BrowserContext;
  page: Page;
  /** Every request that left 127.0.0.1 (data: and blob: URLs aside). */
  offsite: string[];
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Chromium on a fresh profile, 1400×900 at scale 1, en-GB in `timezoneId`, the app in e2e mode. */
export async function launchBrowser(timezoneId: string): Promise<E2eBrowser> {
  await mkdir(resultsDir, { recursive: true });
  const profileDir = await mkdtemp(join(tmpdir(), 'itinera-e2e-profile-'));
  // A persistent context on a fresh directory: no state from any earlier run or profile.
  const context = await chromium
    .launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 1,
      timezoneId,
      locale: 'en-GB',
    })
    .catch(async (err: unknown) => {
      await rm(profileDir, { recursive: true, force: true });
      throw err;
    });
  const offsite: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const local = url.protocol === 'http:' && url.hostname === '127.0.0.1';
    if (!local && url.protocol !== 'data:' && url.protocol !== 'blob:') offsite.push(request.url());
  });
  await context.addInitScript(() => {
    (window as unknown as E2eWindow).__ITINERA_E2E__ = true;
    localStorage.setItem('itinera.locale', 'en');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  return {
    context,
    page,
    offsite,
    pageErrors,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

export interface OpenAppOptions {
  /** The browser's time zone (the display zone of the case); Europe/Brussels by default. */
  timezoneId?: string;
  /** Passed to the test host (the renderer directory defaults to `rendererDir`). */
  host?: TestHostOptions;
  /** Makes a scratch directory under the system temp dir (deleted on close) with this prefix. */
  scratch?: string;
  /**
   * What shows the app is ready: a test id to wait for (the demo banner by default, i.e. the demo
   * case is loaded), or false to return as soon as the page is opened.
   */
  ready?: string | false;
  /** How long to wait for `ready`, in ms. */
  readyTimeout?: number;
}

export interface E2eApp {
  page: Page;
  host: TestHost;
  browser: E2eBrowser;
  /** Uncaught page errors and console errors (the same array as `browser.pageErrors`). */
  errors: string[];
  /** Every request that left 127.0.0.1 (the same array as `browser.offsite`). */
  offsite: string[];
  /** The scratch directory when `scratch` was asked for, '' otherwise. */
  scratch: string;
  /** Closes the browser, the host and removes the scratch directory; safe to call twice. */
  close(): Promise<void>;
}

/**
 * The setup every end-to-end file shares: the test host with the real services, Chromium on a
 * fresh profile in e2e mode, the page opened, and (by default) the demo case loaded. Use it in
 * `beforeAll` and call `close` in `afterAll`.
 */
export async function openApp(opts: OpenAppOptions = {}): Promise<E2eApp> {
  const scratch = opts.scratch ? await mkdtemp(join(tmpdir(), opts.scratch)) : '';
  let host: TestHost | undefined;
  let browser: E2eBrowser | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser?.close();
    await host?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
  try {
    host = await startTestHost({ rendererDir, ...opts.host });
    browser = await launchBrowser(opts.timezoneId ?? 'Europe/Brussels');
    const { page } = browser;
    await page.goto(host.url);
    const ready = opts.ready ?? 'demo-banner';
    if (ready) {
      const timeout = opts.readyTimeout ?? 60_000;
      await page.getByTestId(ready).first().waitFor({ timeout });
      // What is still being imported (the demo case) finishes before a test opens more.
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="open-evidence"]')?.hasAttribute('disabled') ===
          false,
        undefined,
        { timeout },
      );
    }
    return {
      page,
      host,
      browser,
      errors: browser.pageErrors,
      offsite: browser.offsite,
      scratch,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Waits until the map has loaded and finished drawing a fresh frame. */
export async function mapIdle(page: Page): Promise<void> {
  // Loaded, and back at full resolution after a movement or a drag (motionResolution.ts).
  await page.waitForFunction(() => {
    const w = window as unknown as E2eWindow;
    const map = w.__itineraMap as { loaded(): boolean } | undefined;
    return map !== undefined && map.loaded() && !(w.__itineraMapReduced?.() ?? false);
  });
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const map = (window as unknown as E2eWindow).__itineraMap as {
          once(e: string, f: () => void): void;
          triggerRepaint(): void;
        };
        map.once('idle', () => done());
        map.triggerRepaint();
      }),
  );
}

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where `bounds` fall on the map canvas, in CSS pixels. */
export async function projectBox(page: Page, bounds: Bounds): Promise<Box> {
  return page.evaluate((b) => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      project(p: [number, number]): { x: number; y: number };
    };
    const nw = map.project([b.west, b.north]);
    const se = map.project([b.east, b.south]);
    return { x0: nw.x, y0: nw.y, x1: se.x, y1: se.y };
  }, bounds);
}

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Screenshot of the map canvas, kept in test-results/`file`, decoded. */
/** Folds the map legend away (its swatches are drawn in the route colours), for pixel counts. */
export async function foldLegend(page: Page): Promise<void> {
  const legend = page.getByTestId('map-legend');
  if ((await legend.count()) === 0) return;
  if ((await legend.getAttribute('class'))?.includes('open'))
    await page.getByTestId('map-legend-toggle').click();
}

export async function canvasImage(page: Page, file: string): Promise<Rgba> {
  const png = await page.getByTestId('map-canvas').screenshot({ path: join(resultsDir, file) });
  return decodePng(png);
}

/** A minimal PNG decoder: 8-bit RGB/RGBA, non-interlaced, which is what Chromium screenshots are. */
export function decodePng(png: Buffer): Rgba {
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('unsupported PNG');
      colourType = body[9]!;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (!channels) throw new Error(`unsupported PNG colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = line[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      out.set(
        [cur[x * channels]!, cur[x * channels + 1]!, cur[x * channels + 2]!, 255],
        (y * width + x) * 4,
      );
    }
    prev = cur;
  }
  return { width, height, data: out };
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels within `tolerance` (per channel) of `colour` (#rrggbb), inside and outside `box`. */
export function countColour(
  image: Rgba,
  colour: string,
  box: Box,
  tolerance = 40,
): { inside: number; outside: number } {
  const [r, g, b] = hexToRgb(colour);
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const d = image.data;
      if (
        Math.abs(d[i]! - r) <= tolerance &&
        Math.abs(d[i + 1]! - g) <= tolerance &&
        Math.abs(d[i + 2]! - b) <= tolerance
      ) {
        if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) inside++;
        else outside++;
      }
    }
  }
  return { inside, outside };
}

/** `box` grown by `margin` pixels on every side. */
export function grow(box: Box, margin: number): Box {
  return {
    x0: box.x0 - margin,
    y0: box.y0 - margin,
    x1: box.x1 + margin,
    y1: box.y1 + margin,
  };
}
