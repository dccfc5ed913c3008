/**
 * End to end: every fixture basemap added through the switcher (Protomaps and OpenMapTiles in
 * PMTiles and MBTiles, raster PNG/JPEG/WebP, a legacy PMTiles v2, a vector overlay of unknown
 * schema), the view fitted to its extent, a screenshot kept in test-results/, and pixels
 * checked: a street map draws its road colour and many colours, a raster many colours. The
 * demo routes survive every switch, a bad file changes nothing, and no request leaves
 * 127.0.0.1.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  canvasImage,
  fixturesDir,
  openApp,
  mapIdle,
  missingPrerequisites,
  type E2eApp,
  type E2eWindow,
  type Rgba,
} from './browser';
import { STREET_PALETTES } from '../../shared/map/styles/variants';

const dir = join(fixturesDir, 'basemaps');
const missing = missingPrerequisites('e2e basemaps test', dir);

interface MapProbe {
  layers: string[];
  sources: string[];
  zoom: number;
}

async function probe(page: Page): Promise<MapProbe> {
  return page.evaluate(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getStyle(): { layers: { id: string }[]; sources: Record<string, unknown> };
      getZoom(): number;
    };
    const style = map.getStyle();
    return {
      layers: style.layers.map((l) => l.id),
      sources: Object.keys(style.sources),
      zoom: map.getZoom(),
    };
  });
}

function distinctColours(image: Rgba): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) {
    seen.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  }
  return seen.size;
}

/** Pixels within `tolerance` of `hex` (whole canvas). */
function colourCount(image: Rgba, hex: string, tolerance = 6): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (
      Math.abs(image.data[i]! - r) <= tolerance &&
      Math.abs(image.data[i + 1]! - g) <= tolerance &&
      Math.abs(image.data[i + 2]! - b) <= tolerance
    )
      count++;
  }
  return count;
}

const STREET_FILES = [
  {
    file: 'pmtiles-protomaps/moorwegsiedlung_protomaps-v3.1.0_z0-14.pmtiles',
    prefix: 'protomaps-',
  },
  {
    file: 'pmtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.pmtiles',
    prefix: 'omt-',
  },
  {
    file: 'mbtiles-openmaptiles/moorwegsiedlung_openmaptiles-3.14_planetiler_z0-14.mbtiles',
    prefix: 'omt-',
  },
  {
    file: 'mbtiles-openmaptiles/monaco-2025-02-15_openmaptiles_tilemaker_z0-14.mbtiles',
    prefix: 'omt-',
  },
  { file: 'extras/moorwegsiedlung_protomaps-v3.1.0_z0-14.mbtiles', prefix: 'protomaps-' },
];

const RASTER_FILES = [
  'raster/usgs-mt-whitney-8-15-webp-512.pmtiles',
  'raster/usgs-mt-whitney_webp512_z8-15.mbtiles',
  'raster/stamen_toner_raster_CC-BY+ODbL_z0-3.pmtiles',
  'raster/geography-class-png.mbtiles',
  'raster/geography-class-jpg.mbtiles',
  'raster/geography-class-webp.mbtiles',
];

function shotName(file: string): string {
  return `e2e-basemap-${file
    .split('/')
    .pop()!
    .replace(/\.[a-z]+$/, '')}.png`;
}

describe.skipIf(missing.length > 0)('basemaps, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  async function add(file: string): Promise<void> {
    app.host.setPickBasemapResult([join(dir, file)]);
    await page.getByTestId('basemap-add').click();
  }

  async function routeLayers(): Promise<number> {
    return (await probe(page)).layers.filter((id) => id.startsWith('route-')).length;
  }

  it('starts on the bundled world map with the demo routes', { timeout: 60_000 }, async () => {
    await expect.poll(() => page.getByTestId('demo-banner').count(), { timeout: 20_000 }).toBe(1);
    await mapIdle(page);
    await page.getByTestId('basemap-button').click();
    await page.getByTestId('basemap-panel').waitFor();
    const p = await probe(page);
    expect(p.layers.some((id) => id.startsWith('world-'))).toBe(true);
    expect(await routeLayers()).toBeGreaterThan(0);
  });

  it.each(STREET_FILES)(
    '$file draws streets and labels',
    async ({ file, prefix }) => {
      const routes = await routeLayers();
      const options = page.getByTestId('basemap-option');
      const before = await options.count();
      await add(file);
      await expect.poll(() => options.count(), { timeout: 20_000 }).toBe(before + 1);
      await expect
        .poll(() => options.last().locator('input:checked').count(), { timeout: 20_000 })
        .toBe(1);
      // The evidence layers come back once the new style has loaded.
      await expect.poll(() => routeLayers(), { timeout: 20_000 }).toBe(routes);
      expect((await probe(page)).layers.some((id) => id.startsWith(prefix))).toBe(true);
      await mapIdle(page);
      // Fitted to the file's area (Monaco's header bounds are wider than the town).
      expect((await probe(page)).zoom).toBeGreaterThan(10);
      const image = await canvasImage(page, shotName(file));
      expect(distinctColours(image)).toBeGreaterThan(200);
      // White road fill with its casing: roads were drawn.
      expect(colourCount(image, STREET_PALETTES.light.road, 0)).toBeGreaterThan(500);
      expect(colourCount(image, STREET_PALETTES.light.roadCasing, 10)).toBeGreaterThan(100);
      // Label text colour (dark grey on a halo) is present.
      expect(colourCount(image, STREET_PALETTES.light.text, 12)).toBeGreaterThan(30);
    },
    60_000,
  );

  it('the dark and print variants redraw the same basemap, keeping the routes', async () => {
    const routes = await routeLayers();
    for (const variant of ['dark', 'print'] as const) {
      await page.getByTestId(`basemap-variant-${variant}`).click();
      await mapIdle(page);
      const image = await canvasImage(page, `e2e-basemap-variant-${variant}.png`);
      expect(colourCount(image, STREET_PALETTES[variant].background, 2)).toBeGreaterThan(1000);
      expect(await routeLayers()).toBe(routes);
    }
    await page.getByTestId('basemap-variant-light').click();
    await mapIdle(page);
  }, 60_000);

  it.each(RASTER_FILES)(
    '%s draws its raster tiles',
    async (file) => {
      const options = page.getByTestId('basemap-option');
      const before = await options.count();
      await add(file);
      // Added at the end of the list and chosen.
      await expect.poll(() => options.count(), { timeout: 20_000 }).toBe(before + 1);
      await expect
        .poll(() => options.last().locator('input:checked').count(), { timeout: 20_000 })
        .toBe(1);
      expect((await probe(page)).layers).toContain('raster-tiles');
      await mapIdle(page);
      const image = await canvasImage(page, shotName(file));
      expect(distinctColours(image)).toBeGreaterThan(100);
    },
    60_000,
  );

  it('a legacy PMTiles v2 file is refused with its version named, the map unchanged', async () => {
    const before = await probe(page);
    const notices = await page.getByTestId('notice').count();
    await add('extras/tpe_sample_LEGACY-PMTiles-v2.pmtiles');
    await expect
      .poll(() => page.getByTestId('notice').count(), { timeout: 20_000 })
      .toBe(notices + 1);
    const text = await page.getByTestId('notice').last().textContent();
    expect(text).toMatch(/version 2/i);
    expect(text).toContain('tpe_sample_LEGACY-PMTiles-v2.pmtiles');
    expect((await probe(page)).layers).toEqual(before.layers);
  }, 60_000);

  it('a vector tileset that is not a basemap is laid over the current basemap', async () => {
    // Back to a street basemap first, then the overlay on top of it.
    await page
      .getByTestId('basemap-option')
      .filter({ hasText: 'Protomaps · z0–14 · PMTiles' })
      .locator('input')
      .check();
    await expect
      .poll(async () => (await probe(page)).layers.some((id) => id.startsWith('protomaps-')))
      .toBe(true);
    await add('extras/world_cities.mbtiles');
    await expect
      .poll(
        async () => (await probe(page)).layers.some((id) => id.startsWith('basemap-overlay-')),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const p = await probe(page);
    expect(p.layers.some((id) => id.startsWith('protomaps-'))).toBe(true);
    await page.evaluate(() => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        jumpTo(o: { center: [number, number]; zoom: number }): void;
      };
      map.jumpTo({ center: [10, 50], zoom: 3.5 });
    });
    await mapIdle(page);
    const image = await canvasImage(page, 'e2e-basemap-overlay-world-cities.png');
    // The overlay's points (#6a3d9a) are drawn.
    expect(colourCount(image, '#6a3d9a', 30)).toBeGreaterThan(20);
  }, 60_000);

  it('a raster overlay takes the opacity slider without reloading the style', async () => {
    const select = page.getByTestId('basemap-overlay-select');
    const value = await select
      .locator('option', { hasText: 'Geography Class' })
      .first()
      .getAttribute('value');
    await select.selectOption(value!);
    await expect
      .poll(async () => (await probe(page)).layers.includes('basemap-overlay'), { timeout: 20_000 })
      .toBe(true);
    await page.getByTestId('basemap-overlay-opacity').fill('20');
    const opacity = await page.evaluate(() => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        getPaintProperty(layer: string, prop: string): unknown;
      };
      return map.getPaintProperty('basemap-overlay', 'raster-opacity');
    });
    expect(opacity).toBeCloseTo(0.2, 5);
    await mapIdle(page);
    await canvasImage(page, 'e2e-basemap-raster-overlay.png');
  }, 60_000);

  it('sent no request off 127.0.0.1 and logged no page error', () => {
    expect(app.offsite).toEqual([]);
    // The refused v2 file is an API error answered 400 by the test host; Chromium logs that.
    const refused = app.errors.filter((e) => /status of 400/.test(e));
    expect(refused.length).toBeLessThanOrEqual(1);
    expect(app.errors.filter((e) => !refused.includes(e))).toEqual([]);
  });
});
