/**
 * End to end: the built renderer in Debian's Chromium, against the test host with the real
 * Node services. Opens a real GPX file, checks the sources panel against values computed
 * here independently (hash, point count, first and last time), and checks the route is
 * actually drawn by counting route-coloured pixels where the route must be on screen.
 * Any request leaving 127.0.0.1 fails the test.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { formatDateTime } from '../../shared/i18n';
import { FIRST_ROUTE_COLOUR } from '../../renderer/src/map/palette';
import { startTestHost, type TestHost } from './host';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixturesDir = resolve(repoRoot, '../shared/fixtures');
const gpxFixture = join(fixturesDir, 'gpx', 'gpxpy_around-visnjan-with-car.gpx');
const chromiumPath = '/usr/bin/chromium';
const rendererIndex = join(repoRoot, 'dist', 'renderer', 'index.html');
const resultsDir = join(repoRoot, 'test-results');
const DISPLAY_ZONE = 'Europe/Brussels';

const missing = [
  [chromiumPath, 'Debian chromium'],
  [rendererIndex, 'the built renderer (npm run build:renderer)'],
  [gpxFixture, '../shared/fixtures'],
].filter(([path]) => !existsSync(path!));
if (missing.length > 0) {
  console.warn(
    `skipping e2e GPX test: missing ${missing.map(([p, what]) => `${what} (${p})`).join(', ')}`,
  );
}

/** What the fixture holds, read here without the app's parser. */
interface Expected {
  name: string;
  sha256: string;
  points: number;
  first: number;
  last: number;
  bounds: { west: number; south: number; east: number; north: number };
}

async function readExpected(path: string): Promise<Expected> {
  const bytes = await readFile(path);
  const text = bytes.toString('utf8');
  const points = [
    ...text.matchAll(/<trkpt\b[^>]*\blat="([^"]+)"[^>]*\blon="([^"]+)"[^>]*>([\s\S]*?)<\/trkpt>/g),
  ];
  const times = points
    .map((m) => /<time>([^<]+)<\/time>/.exec(m[3]!)?.[1])
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  const lats = points.map((m) => Number(m[1]));
  const lons = points.map((m) => Number(m[2]));
  return {
    name: path.split('/').pop()!,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    points: points.length,
    first: Math.min(...times),
    last: Math.max(...times),
    bounds: {
      west: Math.min(...lons),
      east: Math.max(...lons),
      south: Math.min(...lats),
      north: Math.max(...lats),
    },
  };
}

// --- a minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium screenshots are) ---

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decodePng(png: Buffer): Rgba {
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

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels within `tolerance` (per channel) of `colour`, inside and outside `box`. */
function countColour(image: Rgba, colour: string, box: Box, tolerance = 40) {
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

function distinctColours(image: Rgba): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) {
    seen.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  }
  return seen.size;
}

// --- page helpers ---

/** What the renderer exposes when the page sets `__ITINERA_E2E__` (see renderer/src/bridge.ts). */
type E2eWindow = Window & { __ITINERA_E2E__?: boolean; __itineraMap?: unknown };

async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as { loaded(): boolean } | undefined;
    return map !== undefined && map.loaded();
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

async function routeLayerIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getStyle(): { layers: { id: string }[] };
    };
    return map
      .getStyle()
      .layers.map((l) => l.id)
      .filter((id) => id.startsWith('route-'));
  });
}

async function projectBox(page: Page, bounds: Expected['bounds']): Promise<Box> {
  return page.evaluate((b) => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      project(p: [number, number]): { x: number; y: number };
    };
    const nw = map.project([b.west, b.north]);
    const se = map.project([b.east, b.south]);
    return { x0: nw.x, y0: nw.y, x1: se.x, y1: se.y };
  }, bounds);
}

async function canvasImage(page: Page, file: string): Promise<Rgba> {
  const png = await page.getByTestId('map-canvas').screenshot({ path: join(resultsDir, file) });
  return decodePng(png);
}

describe.skipIf(missing.length > 0)('GPX evidence, end to end in Chromium', () => {
  let host: TestHost;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let scratchDir: string;
  const offsite: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(resultsDir, { recursive: true });
    host = await startTestHost();
    profileDir = await mkdtemp(join(tmpdir(), 'itinera-e2e-profile-'));
    scratchDir = await mkdtemp(join(tmpdir(), 'itinera-e2e-files-'));
    // A persistent context on a fresh directory: no state from any earlier run or profile.
    context = await chromium.launchPersistentContext(profileDir, {
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
      timezoneId: DISPLAY_ZONE,
      locale: 'en-GB',
    });
    context.on('request', (request) => {
      const url = new URL(request.url());
      const local = url.protocol === 'http:' && url.hostname === '127.0.0.1';
      if (!local && url.protocol !== 'data:' && url.protocol !== 'blob:')
        offsite.push(request.url());
    });
    await context.addInitScript(() => {
      (window as unknown as E2eWindow).__ITINERA_E2E__ = true;
      localStorage.setItem('itinera.locale', 'en');
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.goto(host.url);
  });

  afterAll(async () => {
    await context?.close();
    await host?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  it('starts with the demo case on the map', async () => {
    await expect.poll(() => page.getByTestId('demo-banner').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('source-row').count()).toBe(1);
    await mapIdle(page);
    expect(await routeLayerIds(page)).toHaveLength(3);
    const image = await canvasImage(page, 'e2e-demo.png');
    // A basemap is drawn (land, sea, borders, labels), not a blank canvas.
    expect(distinctColours(image)).toBeGreaterThan(50);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('opens a GPX file, lists it with its facts and draws its route', async () => {
    const expected = await readExpected(gpxFixture);
    host.setPickResult([gpxFixture]);
    await page.getByTestId('open-evidence').click();
    const row = page.getByTestId('source-row').filter({ hasText: expected.name });
    await row.waitFor({ timeout: 20_000 });
    // The first real source replaces the demo and takes the first palette colour.
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    expect(await page.getByTestId('source-row').count()).toBe(1);
    expect(await row.getAttribute('data-colour')).toBe(FIRST_ROUTE_COLOUR);

    expect(await row.getByTestId('source-name').textContent()).toBe(expected.name);
    expect(await row.getByTestId('source-points').getAttribute('data-value')).toBe(
      String(expected.points),
    );
    expect(await row.getByTestId('source-points').textContent()).toBe(String(expected.points));
    const hash = row.getByTestId('source-sha256');
    expect(await hash.getAttribute('title')).toBe(expected.sha256);
    expect(await hash.textContent()).toBe(
      `${expected.sha256.slice(0, 12)}…${expected.sha256.slice(-6)}`,
    );
    const firstUtc = row.getByTestId('source-first-utc');
    expect(await firstUtc.getAttribute('data-epoch')).toBe(String(expected.first));
    expect(await firstUtc.textContent()).toBe(`${formatDateTime('en', expected.first, 'UTC')} UTC`);
    expect(await row.getByTestId('source-last-utc').textContent()).toBe(
      `${formatDateTime('en', expected.last, 'UTC')} UTC`,
    );
    const lastZoned = await row.getByTestId('source-last-zoned').textContent();
    expect(lastZoned).toBe(
      `${formatDateTime('en', expected.last, DISPLAY_ZONE)} ${DISPLAY_ZONE} (UTC+01:00)`,
    );

    await mapIdle(page);
    const layers = await routeLayerIds(page);
    expect(layers).toHaveLength(3);
    const box = await projectBox(page, expected.bounds);
    // The fit put the whole route on screen, away from the edges.
    const size = await page.getByTestId('map-canvas').boundingBox();
    expect(box.x0).toBeGreaterThan(20);
    expect(box.y0).toBeGreaterThan(20);
    expect(box.x1).toBeLessThan(size!.width - 20);
    expect(box.y1).toBeLessThan(size!.height - 20);
    expect(box.x1 - box.x0).toBeGreaterThan(200);

    const image = await canvasImage(page, 'e2e-gpx.png');
    const margin = 8;
    const { inside, outside } = countColour(image, FIRST_ROUTE_COLOUR, {
      x0: box.x0 - margin,
      y0: box.y0 - margin,
      x1: box.x1 + margin,
      y1: box.y1 + margin,
    });
    // 104 fixes over several hundred pixels, 3.5 px wide: thousands of red pixels.
    expect(inside).toBeGreaterThan(1500);
    expect(outside).toBeLessThan(inside / 50);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows a file it cannot read as an error row and leaves the map alone', async () => {
    const junk = join(scratchDir, 'statement-notes.bin');
    await writeFile(junk, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x01, 0x02, 0xfe]));
    await mapIdle(page);
    const layersBefore = await routeLayerIds(page);
    const before = await canvasImage(page, 'e2e-error-before.png');

    host.setPickResult([junk]);
    await page.getByTestId('open-evidence').click();
    const errorRow = page.getByTestId('import-error-row');
    await errorRow.waitFor({ timeout: 20_000 });
    expect(await errorRow.getByTestId('import-error-name').textContent()).toBe(
      'statement-notes.bin',
    );
    expect(
      (await errorRow.getByTestId('import-error-message').textContent())!.length,
    ).toBeGreaterThan(5);
    expect(await page.getByTestId('source-row').count()).toBe(1);

    await mapIdle(page);
    expect(await routeLayerIds(page)).toEqual(layersBefore);
    const after = await canvasImage(page, 'e2e-error-after.png');
    let differing = 0;
    for (let i = 0; i < before.data.length; i += 4) {
      if (
        before.data[i] !== after.data[i] ||
        before.data[i + 1] !== after.data[i + 1] ||
        before.data[i + 2] !== after.data[i + 2]
      ) {
        differing++;
      }
    }
    expect(differing / (before.width * before.height)).toBeLessThan(0.001);
    await page.screenshot({ path: join(resultsDir, 'e2e-app.png') });
  }, 60_000);

  it('says so when dropped files have no path in this host', async () => {
    const rowsBefore = await page.getByTestId('source-row').count();
    await page.evaluate(() => {
      const files = new DataTransfer();
      files.items.add(new File(['<gpx/>'], 'dropped-track.gpx'));
      const init = { dataTransfer: files, bubbles: true, cancelable: true };
      window.dispatchEvent(new DragEvent('dragenter', init));
      window.dispatchEvent(new DragEvent('drop', init));
    });
    const notice = page.getByTestId('notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(
      '“dropped-track.gpx” could not be read in this host',
    );
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);
    expect(await page.getByTestId('source-row').count()).toBe(rowsBefore);
  });

  it('made no request outside 127.0.0.1', () => {
    expect(offsite).toEqual([]);
  });
});
