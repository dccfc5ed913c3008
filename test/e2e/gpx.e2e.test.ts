/**
 * End to end: the built renderer in Debian's Chromium, against the test host with the real
 * Node services. Opens a real GPX file, checks the sources panel against values computed
 * here independently (hash, point count, first and last time), and checks the route is
 * actually drawn by counting route-coloured pixels where the route must be on screen.
 * Any request leaving 127.0.0.1 fails the test.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatDateTime } from '../../shared/i18n';
import { FIRST_ROUTE_COLOUR } from '../../renderer/src/map/palette';
import {
  canvasImage,
  foldLegend,
  countColour,
  fixturesDir,
  grow,
  openApp,
  mapIdle,
  missingPrerequisites,
  projectBox,
  resultsDir,
  type Bounds,
  type E2eApp,
  type E2eWindow,
  type Rgba,
} from './browser';

const gpxFixture = join(fixturesDir, 'gpx', 'gpxpy_around-visnjan-with-car.gpx');
const DISPLAY_ZONE = 'Europe/Brussels';

const missing = missingPrerequisites('e2e GPX test', gpxFixture);

/** What the fixture holds, read here without the app's parser. */
interface Expected {
  name: string;
  sha256: string;
  points: number;
  first: number;
  last: number;
  bounds: Bounds;
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

function distinctColours(image: Rgba): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) {
    seen.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  }
  return seen.size;
}

// --- page helpers ---

/** Map layers drawn per route (casing, line, the time window's lit casing and line, arrows, points). */
const LAYERS_PER_ROUTE = 6;

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

describe.skipIf(missing.length > 0)('GPX evidence, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ timezoneId: DISPLAY_ZONE, scratch: 'itinera-e2e-files-' });
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('starts with the demo case on the map', async () => {
    await expect.poll(() => page.getByTestId('demo-banner').count(), { timeout: 20_000 }).toBe(1);
    // The demo case: a truck tracker log, a phone's location history and a folder of photos.
    await expect.poll(() => page.getByTestId('source-row').count()).toBe(3);
    await mapIdle(page);
    expect(await routeLayerIds(page)).toHaveLength(3 * LAYERS_PER_ROUTE);
    const image = await canvasImage(page, 'e2e-demo.png');
    // A basemap is drawn (land, sea, borders, labels), not a blank canvas.
    expect(distinctColours(image)).toBeGreaterThan(50);
    expect(app.errors).toEqual([]);
  }, 60_000);

  it('opens a GPX file, lists it with its facts and draws its route', async () => {
    const expected = await readExpected(gpxFixture);
    app.host.setPickResult([gpxFixture]);
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
    expect(layers).toHaveLength(LAYERS_PER_ROUTE);
    const box = await projectBox(page, expected.bounds);
    // The fit put the whole route on screen, away from the edges.
    const size = await page.getByTestId('map-canvas').boundingBox();
    expect(box.x0).toBeGreaterThan(20);
    expect(box.y0).toBeGreaterThan(20);
    expect(box.x1).toBeLessThan(size!.width - 20);
    expect(box.y1).toBeLessThan(size!.height - 20);
    expect(box.x1 - box.x0).toBeGreaterThan(200);

    await foldLegend(page);
    const image = await canvasImage(page, 'e2e-gpx.png');
    const margin = 8;
    const { inside, outside } = countColour(image, FIRST_ROUTE_COLOUR, grow(box, margin));
    // 104 fixes over several hundred pixels, 3.5 px wide: thousands of red pixels.
    expect(inside).toBeGreaterThan(1500);
    expect(outside).toBeLessThan(inside / 50);
    expect(app.errors).toEqual([]);
  }, 60_000);

  it('shows a file it cannot read as an error row and leaves the map alone', async () => {
    const junk = join(app.scratch, 'statement-notes.bin');
    await writeFile(junk, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x01, 0x02, 0xfe]));
    await mapIdle(page);
    const layersBefore = await routeLayerIds(page);
    const before = await canvasImage(page, 'e2e-error-before.png');

    app.host.setPickResult([junk]);
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
    expect(app.offsite).toEqual([]);
  });
});
