/**
 * End to end: interview mode on the demo case, in Chromium with the real services. The
 * interviewer opens the mode, fills in the hearing, searches "Jabbeke", picks it, drops a pin
 * on the map, labels it and sets how sure the witness is; the pin is in the list and on the map
 * (screenshot), described from the gazetteer and compared with the device stops. A DMS string is
 * previewed before jumping; undo, the device-evidence switch and leaving work; the interview map
 * is printed through the export API when that API accepts interview requests.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  mapIdle,
  missingPrerequisites,
  openApp,
  repoRoot,
  resultsDir,
  type E2eApp,
  type E2eWindow,
} from './browser';
import { TESTIMONY_LAYER_IDS } from '../../renderer/src/map/layers/TestimonyLayer';
import { INTERVIEW_LAYER_IDS } from '../../renderer/src/interview/InterviewMapTools';

const missing = missingPrerequisites('e2e interview test', join(repoRoot, 'package.json'));
const JABBEKE = { lat: 51.18, lon: 3.09 };
const DMS = `51°10'52"N 3°05'50"E`;
const DMS_AT = { lat: 51 + 10 / 60 + 52 / 3600, lon: 3 + 5 / 60 + 50 / 3600 };

interface MapProbe {
  getCenter(): { lng: number; lat: number };
  getZoom(): number;
  isMoving(): boolean;
  project(p: [number, number]): { x: number; y: number };
  getLayer(id: string): unknown;
  getLayoutProperty(id: string, name: string): unknown;
  getStyle(): { layers: { id: string }[] };
  queryRenderedFeatures(o: { layers: string[] }): {
    properties: Record<string, unknown>;
    geometry: { coordinates: unknown };
  }[];
}

/** Runs `fn` on the map in the page (as an expression: the page's CSP forbids eval, CDP does not). */
async function probe<T>(page: Page, fn: (map: MapProbe) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__itineraMap)`) as Promise<T>;
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !((window as unknown as E2eWindow).__itineraMap as MapProbe).isMoving(),
    undefined,
    { timeout: 30_000 },
  );
  await mapIdle(page);
}

describe.skipIf(missing.length > 0)('interview mode, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('opens full screen from the top bar with a hearing started now', async () => {
    const before = Date.now();
    await page.getByTestId('open-interview').click();
    await page.getByTestId('interview-search').waitFor();
    expect(await page.getByTestId('open-evidence').isVisible()).toBe(false);
    // The map fills what the header and the panel leave.
    const box = await page.getByTestId('map-canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(900);
    const started = await page.getByTestId('interview-started').inputValue();
    expect(started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    // Brussels wall time of now (the browser runs in Europe/Brussels, the display zone).
    const wall = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Brussels',
      dateStyle: 'short',
      timeStyle: 'short',
    })
      .format(before)
      .replace(' ', 'T');
    expect(started.slice(0, 13)).toBe(wall.slice(0, 13));
    await page.getByTestId('interview-reference').fill('PV 2026/0099');
    await page.getByTestId('interview-witness').fill('Witness A');
    await page.getByTestId('interview-interviewer').fill('Insp. Claes');
  }, 60_000);

  it('searches "Jabbeke", picks it and flies there', async () => {
    await expect
      .poll(() => page.getByTestId('interview-search-status').getAttribute('data-state'), {
        timeout: 180_000,
        interval: 500,
      })
      .toBe('ready');
    const search = page.getByTestId('interview-search');
    const times: number[] = [];
    await search.click();
    let typed = '';
    for (const ch of 'Jabbeke') {
      typed += ch;
      await search.press(ch);
      const time = page.getByTestId('interview-search-time');
      await expect.poll(() => time.getAttribute('data-query')).toBe(typed);
      times.push(Number(await time.getAttribute('data-ms')));
    }
    await expect
      .poll(() => page.getByTestId('interview-place').first().textContent())
      .toContain('Jabbeke');
    console.info(`interview search "Jabbeke": ${times.join(', ')} ms in the worker`);
    // The per-keystroke budget (50 ms) is measured by the gazetteer-search bench; here the
    // machine is shared, so only a gross regression fails.
    expect(Math.max(...times)).toBeLessThan(500);
    expect(await page.getByTestId('interview-place').first().textContent()).toContain('Belgi');
    await search.press('Enter');
    await settled(page);
    const center = await probe(page, (m) => ({ ...m.getCenter(), zoom: m.getZoom() }));
    expect(Math.abs(center.lat - JABBEKE.lat)).toBeLessThan(0.02);
    expect(Math.abs(center.lng - JABBEKE.lon)).toBeLessThan(0.03);
    expect(center.zoom).toBeGreaterThan(12);
  }, 240_000);

  it('drops a pin, labels it and sets the confidence', async () => {
    await page.getByTestId('interview-tool-pin').click();
    const canvas = page.getByTestId('map-canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width / 2 + 40, y: box.height / 2 + 30 } });
    await expect.poll(() => page.getByTestId('interview-pin').count()).toBe(1);
    await page.getByTestId('interview-pin-label').fill('Farm with red gate');
    await page.getByTestId('interview-confidence-certain').click();
    const row = page.getByTestId('interview-pin').first();
    expect(await row.textContent()).toContain('Farm with red gate');
    expect(await row.getAttribute('data-confidence')).toBe('certain');
    expect(await page.getByTestId('interview-pin-by').inputValue()).toBe('Witness A');
    // Described from the gazetteer, and compared with the demo case's stops.
    await expect
      .poll(() => page.getByTestId('interview-pin-place').textContent(), { timeout: 30_000 })
      .toMatch(/of Jabbeke, Belgium|at Jabbeke, Belgium/);
    expect(await page.getByTestId('interview-compare').textContent()).toMatch(/Nearest stop/);

    await settled(page);
    const features = await probe(page, (m) =>
      m.queryRenderedFeatures({ layers: ['evidence-testimony-pins'] }).map((f) => f.properties),
    );
    expect(TESTIMONY_LAYER_IDS.pins).toBe('evidence-testimony-pins');
    expect(features.map((p) => p.label)).toContain('Farm with red gate');
    expect(features.find((p) => p.label === 'Farm with red gate')?.confidence).toBe('certain');
    await page.screenshot({ path: join(resultsDir, 'e2e-interview-pin.png') });
  }, 90_000);

  it('previews a DMS reading before jumping', async () => {
    const search = page.getByTestId('interview-search');
    await search.fill(DMS);
    const reading = page.getByTestId('interview-coord-reading').first();
    await expect.poll(() => reading.textContent()).toContain('→');
    const text = (await reading.textContent()) ?? '';
    expect(text).toContain('DMS');
    expect(text).toContain(`${DMS_AT.lat.toFixed(4)}° N, ${DMS_AT.lon.toFixed(4)}° E`);
    // The coordinate reading comes before any place.
    expect(
      await page
        .locator('.iv-result')
        .first()
        .evaluate((el) => el.getAttribute('data-testid')),
    ).toBe('interview-coord-reading');
    await settled(page);
    const preview = await probe(page, (m) =>
      m
        .queryRenderedFeatures({ layers: ['interview-preview-dot'] })
        .map((f) => f.geometry.coordinates as [number, number]),
    );
    expect(INTERVIEW_LAYER_IDS.previewDot).toBe('interview-preview-dot');
    expect(preview).toHaveLength(1);
    expect(preview[0]![1]).toBeCloseTo(DMS_AT.lat, 4);
    expect(preview[0]![0]).toBeCloseTo(DMS_AT.lon, 4);
    await page.screenshot({ path: join(resultsDir, 'e2e-interview-dms.png') });
    await search.press('Escape');
    expect(await page.getByTestId('interview-coord-reading').count()).toBe(0);
  }, 60_000);

  it('undoes and redoes, and hides the device evidence with one switch', async () => {
    const row = page.getByTestId('interview-pin').first();
    await page.getByTestId('interview-undo').click();
    expect(await row.getAttribute('data-confidence')).toBe('likely');
    await page.getByTestId('interview-redo').click();
    expect(await row.getAttribute('data-confidence')).toBe('certain');

    const routeLayers = await probe(page, (m) =>
      m
        .getStyle()
        .layers.map((l) => l.id)
        .filter((id) => id.startsWith('route-')),
    );
    expect(routeLayers.length).toBeGreaterThan(0);
    await page.getByTestId('interview-hide-device').check();
    await expect
      .poll(() =>
        page.evaluate(
          (ids) =>
            ids.map((id) =>
              ((window as unknown as E2eWindow).__itineraMap as MapProbe).getLayoutProperty(
                id,
                'visibility',
              ),
            ),
          routeLayers,
        ),
      )
      .toEqual(routeLayers.map(() => 'none'));
    const pinVisibility = await probe(page, (m) =>
      m.getLayoutProperty('evidence-testimony-pins', 'visibility'),
    );
    expect(pinVisibility ?? 'visible').toBe('visible');
    await settled(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-interview-hidden.png') });
  }, 60_000);

  it('sketches a route as the witness describes it and measures it', async () => {
    await page.getByTestId('interview-hide-device').uncheck();
    await page.getByTestId('interview-tool-sketch').click();
    const canvas = page.getByTestId('map-canvas');
    const box = (await canvas.boundingBox())!;
    const points = [
      { x: box.width / 2 - 200, y: box.height / 2 + 150 },
      { x: box.width / 2 - 60, y: box.height / 2 + 200 },
      { x: box.width / 2 + 120, y: box.height / 2 + 170 },
    ];
    for (const position of points.slice(0, 2)) await canvas.click({ position });
    await canvas.dblclick({ position: points[2]! });
    await expect.poll(() => page.getByTestId('interview-sketch').count()).toBe(1);
    await page.getByTestId('interview-sketch-label').fill('Route by van');
    const length = (await page.getByTestId('interview-sketch-length').textContent()) ?? '';
    expect(length).toMatch(/\b3 points/);
    // About 320 px at zoom ~14 at 51° N: some hundreds of metres to a few kilometres.
    expect(length).toMatch(/\d+(\.\d+)? (m|km)/);
    await settled(page);
    const sketches = await probe(page, (m) =>
      m
        .queryRenderedFeatures({ layers: ['evidence-testimony-sketch-lines'] })
        .map((f) => f.properties.label),
    );
    expect(sketches).toContain('Route by van');
    await page.screenshot({ path: join(resultsDir, 'e2e-interview-sketch.png') });
  }, 60_000);

  it('prints the interview map through the export API', async () => {
    const before = app.host.saveDialogs.length;
    await page.getByTestId('interview-print').click();
    await expect.poll(() => app.host.saveDialogs.length).toBe(before + 1);
    expect(app.host.saveDialogs.at(-1)).toEqual({
      defaultName: 'PV 2026-0099 - interview map.pdf',
      format: 'pdf',
    });
    const status = page.getByTestId('interview-print-status');
    await expect
      .poll(() => status.getAttribute('data-state'), { timeout: 240_000, interval: 500 })
      .toMatch(/done|failed/);
    expect(await status.getAttribute('data-state'), (await status.textContent()) ?? '').toBe(
      'done',
    );
    const path = join(app.host.exportsDir, 'PV 2026-0099 - interview map.pdf');
    expect(existsSync(path)).toBe(true);
    expect((await readFile(path)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 300_000);

  it('leaves with Esc; the pin stays on the normal map', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await page.getByTestId('interview-mode').waitFor({ state: 'detached' });
    expect(await page.getByTestId('open-evidence').isVisible()).toBe(true);
    await settled(page);
    const labels = await probe(page, (m) =>
      m
        .queryRenderedFeatures({ layers: ['evidence-testimony-pins'] })
        .map((f) => f.properties.label),
    );
    expect(labels).toContain('Farm with red gate');
    // Device evidence is back.
    const hidden = await probe(page, (m) =>
      m
        .getStyle()
        .layers.filter((l) => l.id.startsWith('route-'))
        .map((l) => m.getLayoutProperty(l.id, 'visibility') ?? 'visible'),
    );
    expect(hidden.every((v) => v === 'visible')).toBe(true);
    expect(app.errors).toEqual([]);
    expect(app.offsite).toEqual([]);
  }, 60_000);
});
