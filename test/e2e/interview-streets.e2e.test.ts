/**
 * End to end: interview mode on a street-level basemap, in Chromium with the real services.
 * The fixture basemaps of Moorwegsiedlung (Wedel, near Hamburg; Protomaps and OpenMapTiles
 * schemas) are added through the switcher; with the interview screen open, the street names of
 * the tiles on screen join the gazetteer in the search, so "Rebhuhnweg" (no GeoNames place) is
 * found, marked as a street from the basemap, and flown to. Then a second hearing is started:
 * its pins list starts empty, and the hearing picker brings back the first one's pins.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  fixturesDir,
  mapIdle,
  missingPrerequisites,
  openApp,
  resultsDir,
  type E2eApp,
  type E2eWindow,
} from './browser';

const dir = join(fixturesDir, 'basemaps');
const missing = missingPrerequisites('e2e interview streets test', dir);
/** The fixture's extent (from its metadata): west, south, east, north. */
const BOUNDS = [9.712515, 53.588429, 9.738092, 53.605417] as const;

const FILES = [
  { file: 'pmtiles-protomaps/moorwegsiedlung_protomaps-v3.1.0_z0-14.pmtiles', schema: 'protomaps' },
  {
    file: 'pmtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.pmtiles',
    schema: 'openmaptiles',
  },
];

async function center(page: Page): Promise<{ lng: number; lat: number; zoom: number }> {
  return page.evaluate(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getCenter(): { lng: number; lat: number };
      getZoom(): number;
    };
    return { ...map.getCenter(), zoom: map.getZoom() };
  });
}

/** Labels of the testimony pins drawn on the map now. */
async function drawnPins(page: Page): Promise<string[]> {
  await mapIdle(page);
  return page.evaluate(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      queryRenderedFeatures(o: { layers: string[] }): { properties: { label: string } }[];
    };
    return map
      .queryRenderedFeatures({ layers: ['evidence-testimony-pins'] })
      .map((f) => f.properties.label);
  });
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !((window as unknown as E2eWindow).__itineraMap as { isMoving(): boolean }).isMoving(),
    undefined,
    { timeout: 30_000 },
  );
  await mapIdle(page);
}

describe.skipIf(missing.length > 0)('interview mode on a street basemap, in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it.each(FILES)(
    'finds a street of the $schema basemap by name and flies to it',
    async ({ file, schema }) => {
      const open = await page.getByTestId('interview-mode').count();
      if (open) await page.getByTestId('interview-leave').click();
      if (!(await page.getByTestId('basemap-panel').isVisible())) {
        await page.getByTestId('basemap-button').click();
      }
      await page.getByTestId('basemap-panel').waitFor();
      const options = page.getByTestId('basemap-option');
      const before = await options.count();
      app.host.setPickBasemapResult([join(dir, file)]);
      await page.getByTestId('basemap-add').click();
      await expect.poll(() => options.count(), { timeout: 20_000 }).toBe(before + 1);
      await expect
        .poll(() => options.last().locator('input:checked').count(), { timeout: 20_000 })
        .toBe(1);
      await mapIdle(page);

      await page.getByTestId('open-interview').click();
      const search = page.getByTestId('interview-search');
      await search.waitFor();
      await expect
        .poll(() => page.getByTestId('interview-search-status').getAttribute('data-state'), {
          timeout: 180_000,
          interval: 500,
        })
        .toBe('ready');
      // The names of the tiles on screen reach the worker once the map is idle.
      const names = page.getByTestId('interview-basemap-names');
      await expect.poll(() => names.count(), { timeout: 30_000 }).toBe(1);
      const count = Number(((await names.textContent()) ?? '').match(/\d+/)?.[0]);
      console.info(`${schema}: ${count} names from the basemap`);
      expect(count).toBeGreaterThan(20);

      await search.fill('Rebhuhn');
      const first = page.getByTestId('interview-place').first();
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('Rebhuhnweg');
      expect(await first.getAttribute('data-source')).toBe('basemap');
      expect(await first.getAttribute('data-category')).toBe('street');
      expect(await first.textContent()).toMatch(/street · from the basemap/);
      expect(await first.locator('.iv-result-glyph').count()).toBe(1);
      // Folded: "tucholskystrasse" finds the Straße.
      await search.fill('tucholskystrasse');
      await expect
        .poll(() => first.textContent(), { timeout: 20_000 })
        .toContain('Tucholskystraße');

      await search.fill('Rebhuhnweg');
      await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('Rebhuhnweg');
      await search.press('Enter');
      await settled(page);
      const at = await center(page);
      expect(at.lng).toBeGreaterThan(BOUNDS[0]);
      expect(at.lng).toBeLessThan(BOUNDS[2]);
      expect(at.lat).toBeGreaterThan(BOUNDS[1]);
      expect(at.lat).toBeLessThan(BOUNDS[3]);
      expect(at.zoom).toBeGreaterThan(15);
      await page.screenshot({ path: join(resultsDir, `e2e-interview-street-${schema}.png`) });
    },
    240_000,
  );

  it('starts a new hearing, and the picker brings back the first one with its pins', async () => {
    await page.getByTestId('interview-reference').fill('PV first');
    await page.getByTestId('interview-witness').fill('Witness A');
    await page.getByTestId('interview-result-pin').first().click();
    await expect.poll(() => page.getByTestId('interview-pin').count()).toBe(1);
    expect(await page.getByTestId('interview-pin').first().textContent()).toContain('Rebhuhnweg');
    // One hearing so far: no picker.
    expect(await page.getByTestId('interview-hearing').count()).toBe(0);

    await expect.poll(() => drawnPins(page)).toEqual(['Rebhuhnweg']);

    await page.getByTestId('interview-new-hearing').click();
    expect(await page.getByTestId('interview-pin').count()).toBe(0);
    // The next witness does not see what the first one indicated.
    await expect.poll(() => drawnPins(page)).toEqual([]);
    expect(await page.getByTestId('interview-reference').inputValue()).toBe('');
    await page.getByTestId('interview-reference').fill('PV second');
    const picker = page.getByTestId('interview-hearing');
    expect(await picker.locator('option').allTextContents()).toEqual([
      expect.stringContaining('PV first · Witness A'),
      expect.stringContaining('PV second'),
    ]);
    await page.screenshot({ path: join(resultsDir, 'e2e-interview-hearings.png') });

    await picker.selectOption({ index: 0 });
    await expect.poll(() => page.getByTestId('interview-pin').count()).toBe(1);
    expect(await page.getByTestId('interview-reference').inputValue()).toBe('PV first');
    await expect.poll(() => drawnPins(page)).toEqual(['Rebhuhnweg']);
    await picker.selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('interview-pin').count()).toBe(0);
    await expect.poll(() => drawnPins(page)).toEqual([]);
    await picker.selectOption({ index: 0 });
    expect(app.errors).toEqual([]);
    expect(app.offsite).toEqual([]);
  }, 60_000);

  it("the evidence map's popups and copy menu stand aside for the interview's own panels", async () => {
    if ((await page.getByTestId('interview-mode').count()) === 0) {
      await page.getByTestId('open-interview').click();
    }
    if (await page.getByTestId('basemap-panel').isVisible()) {
      await page.getByTestId('basemap-button').click();
    }
    await mapIdle(page);
    const canvas = page.getByTestId('map-canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ button: 'right', position: { x: box.width / 2, y: box.height / 2 } });
    // On the first hearing's pin, in the middle: a right-click there describes, never drags.
    await page.getByTestId('interview-lookup').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('map-context-menu').count()).toBe(0);
    expect(await page.getByTestId('details-popup').count()).toBe(0);
    // Out of interview mode the same right-click opens the copy menu.
    await page.getByTestId('interview-leave').click();
    await page.getByTestId('interview-mode').waitFor({ state: 'detached' });
    await mapIdle(page);
    const after = (await canvas.boundingBox())!;
    await canvas.click({ button: 'right', position: { x: after.width / 2, y: after.height / 2 } });
    await expect.poll(() => page.getByTestId('map-context-menu').count()).toBe(1);
    await page.keyboard.press('Escape');
    // Coming back closes it: the interview answers right-clicks itself.
    await canvas.click({ button: 'right', position: { x: after.width / 2, y: after.height / 2 } });
    await expect.poll(() => page.getByTestId('map-context-menu').count()).toBe(1);
    await page.getByTestId('open-interview').click();
    await expect.poll(() => page.getByTestId('map-context-menu').count()).toBe(0);
    expect(app.errors).toEqual([]);
    expect(app.offsite).toEqual([]);
  }, 60_000);
});
