/**
 * End to end: opening a table goes through the mapping step (the detected roles are shown and
 * confirmed) before the import, and a long import shows its progress and can be cancelled,
 * leaving no source behind. The built renderer in Debian's Chromium against the test host.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { FIRST_ROUTE_COLOUR } from '../../renderer/src/map/palette';
import { writeGpx } from '../bench/gen-gpx';
import { startTestHost, type TestHost } from './host';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixturesDir = resolve(repoRoot, '../shared/fixtures');
const holux = join(fixturesDir, 'fleet-csv', 'gpsbabel_holux_m241_logger.csv');
const chromiumPath = '/usr/bin/chromium';
const rendererIndex = join(repoRoot, 'dist', 'renderer', 'index.html');
const resultsDir = join(repoRoot, 'test-results');
const BIG_POINTS = 600_000;

const missing = [
  [chromiumPath, 'Debian chromium'],
  [rendererIndex, 'the built renderer (npm run build:renderer)'],
  [holux, '../shared/fixtures'],
].filter(([path]) => !existsSync(path!));
if (missing.length > 0) {
  console.warn(
    `skipping e2e table mapping test: missing ${missing.map(([p, what]) => `${what} (${p})`).join(', ')}`,
  );
}

type E2eWindow = Window & { __ITINERA_E2E__?: boolean; __itineraMap?: unknown };

/** The logger's positions read here without the app: N/E hemispheres, so the signs are positive. */
async function holuxExpected() {
  const lines = (await readFile(holux, 'latin1')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const lat = header.indexOf('LATITUDE');
  const lon = header.indexOf('LONGITUDE');
  const rows = lines.slice(1).map((l) => l.split(','));
  const lats = rows.map((r) => Number(r[lat]));
  const lons = rows.map((r) => Number(r[lon]));
  return {
    header,
    points: rows.length,
    bounds: {
      west: Math.min(...lons),
      east: Math.max(...lons),
      south: Math.min(...lats),
      north: Math.max(...lats),
    },
  };
}

function decodePng(png: Buffer) {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 3);
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
    for (let x = 0; x < width; x++)
      out.set(cur.subarray(x * channels, x * channels + 3), (y * width + x) * 3);
    prev = cur;
  }
  return { width, height, data: out };
}

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

describe.skipIf(missing.length > 0)('table mapping and import progress, end to end', () => {
  let host: TestHost;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  let scratchDir: string;
  let bigGpx: string;
  const offsite: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(resultsDir, { recursive: true });
    host = await startTestHost();
    profileDir = await mkdtemp(join(tmpdir(), 'itinera-e2e-profile-'));
    scratchDir = await mkdtemp(join(tmpdir(), 'itinera-e2e-files-'));
    bigGpx = join(scratchDir, 'long-drive.gpx');
    await writeGpx(bigGpx, BIG_POINTS);
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
      timezoneId: 'Europe/Brussels',
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
    await page.getByTestId('demo-banner').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await host?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  it('shows the detected mapping of a CSV, imports it on confirm and draws its route', async () => {
    const expected = await holuxExpected();
    host.setPickResult([holux]);
    await page.getByTestId('open-evidence').click();
    const dialog = page.getByTestId('mapping-dialog');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.getByTestId('mapping-file').textContent()).toBe(
      'gpsbabel_holux_m241_logger.csv',
    );
    const roleAt = (name: string) =>
      dialog
        .locator(`[data-testid="mapping-role"][data-column="${expected.header.indexOf(name)}"]`)
        .inputValue();
    expect(await roleAt('LATITUDE')).toBe('lat');
    expect(await roleAt('LONGITUDE')).toBe('lon');
    expect(await roleAt('DATE')).toBe('date');
    expect(await roleAt('TIME')).toBe('time');
    expect(await roleAt('N/S')).toBe('lat-hemisphere');
    expect(await roleAt('INDEX')).toBe('');
    // The zone of naive times is shown and is never silently the browser's own (Brussels here).
    expect(await dialog.getByTestId('mapping-zone').inputValue()).toBe('UTC');
    expect(await dialog.getByTestId('mapping-delimiter').getAttribute('data-value')).toBe(',');
    expect(await dialog.getByTestId('mapping-header').isChecked()).toBe(true);
    expect(await dialog.getByTestId('mapping-notes').locator('li').count()).toBeGreaterThan(2);
    // Header + 20 data rows in the preview.
    expect(await dialog.getByTestId('mapping-grid').locator('tbody tr').count()).toBe(21);
    // Nothing is imported while the examiner decides.
    expect(await page.getByTestId('source-row').filter({ hasText: 'holux' }).count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, 'e2e-mapping.png') });

    await dialog.getByTestId('mapping-confirm').click();
    const row = page
      .getByTestId('source-row')
      .filter({ hasText: 'gpsbabel_holux_m241_logger.csv' });
    await row.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('mapping-dialog').count()).toBe(0);
    expect(await row.getByTestId('source-points').getAttribute('data-value')).toBe(
      String(expected.points),
    );
    expect(await row.getAttribute('data-colour')).toBe(FIRST_ROUTE_COLOUR);

    await mapIdle(page);
    const box = await page.evaluate((b) => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        project(p: [number, number]): { x: number; y: number };
      };
      const nw = map.project([b.west, b.north]);
      const se = map.project([b.east, b.south]);
      return { x0: nw.x, y0: nw.y, x1: se.x, y1: se.y };
    }, expected.bounds);
    const png = await page.getByTestId('map-canvas').screenshot({
      path: join(resultsDir, 'e2e-mapping-route.png'),
    });
    const image = decodePng(png);
    const n = parseInt(FIRST_ROUTE_COLOUR.slice(1), 16);
    const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const i = (y * image.width + x) * 3;
        const d = image.data;
        if (
          Math.abs(d[i]! - r) <= 40 &&
          Math.abs(d[i + 1]! - g) <= 40 &&
          Math.abs(d[i + 2]! - b) <= 40
        ) {
          const m = 8;
          if (x >= box.x0 - m && x <= box.x1 + m && y >= box.y0 - m && y <= box.y1 + m) inside++;
          else outside++;
        }
      }
    }
    expect(inside).toBeGreaterThan(500);
    expect(outside).toBeLessThan(inside / 50);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('shows the progress of a long import and cancels it without adding a source', async () => {
    const rowsBefore = await page.getByTestId('source-row').count();
    host.setPickResult([bigGpx]);
    await page.getByTestId('open-evidence').click();
    const file = page.getByTestId('import-file');
    await file.waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => Number((await file.getAttribute('data-bytes-read')) ?? 0), {
        timeout: 30_000,
        interval: 50,
      })
      .toBeGreaterThan(0);
    const read = Number(await file.getAttribute('data-bytes-read'));
    const total = Number(await file.getAttribute('data-total-bytes'));
    expect(total).toBeGreaterThan(50_000_000);
    expect(read).toBeLessThan(total);
    const text = (await file.getByTestId('import-file-bytes').textContent()) ?? '';
    // e.g. "12 % · 8.4 MB of 61 MB", formatted for en-GB.
    expect(text).toMatch(/^\d+ % · [\d.]+ (kB|MB) of [\d.]+ MB$/);
    await page.screenshot({ path: join(resultsDir, 'e2e-progress.png') });

    await page.getByTestId('import-cancel').click();
    await expect
      .poll(() => page.getByTestId('import-progress').count(), { timeout: 20_000 })
      .toBe(0);
    const notice = page.getByTestId('notice').filter({ hasText: 'Import cancelled' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('source-row').count()).toBe(rowsBefore);
    expect(await page.getByTestId('source-row').filter({ hasText: 'long-drive.gpx' }).count()).toBe(
      0,
    );
    expect(await page.getByTestId('import-error-row').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('made no request outside 127.0.0.1', () => {
    expect(offsite).toEqual([]);
  });
});
