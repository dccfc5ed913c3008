/**
 * End to end: the timeline of the bundled demo case in Chromium, with the real intake and the
 * derivation in its web worker. The list shows numbered stops; selecting a row selects the
 * marker on the map (the map's own state is checked) and clicking a marker selects the row;
 * a label typed in the stop panel appears in the list and in the edit log.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  fixturesDir,
  openApp,
  mapIdle,
  missingPrerequisites,
  resultsDir,
  type E2eApp,
  type E2eWindow,
} from './browser';
import { STOP_LAYER_IDS } from '../../renderer/src/map/StopLayer';
import { COPRESENCE_LAYER_IDS } from '../../renderer/src/timeline/CoPresenceLayer';

const DISPLAY_ZONE = 'Europe/Brussels';
// The demo case ships with the repo; the fixtures check only keeps the usual skip message.
const missing = missingPrerequisites('e2e timeline test', fixturesDir);

interface MapProbe {
  getFilter(id: string): unknown;
  getCenter(): { lng: number; lat: number };
  project(p: [number, number]): { x: number; y: number };
  getSource(id: string): { _data?: unknown; serialize?: () => { data: unknown } } | undefined;
  isMoving(): boolean;
}

async function selectedOnMap(page: Page): Promise<string> {
  return page.evaluate((layer) => {
    const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
    const filter = map.getFilter(layer) as [string, unknown, string];
    return filter[2];
  }, STOP_LAYER_IDS.halo);
}

async function mapCentre(page: Page): Promise<{ lng: number; lat: number }> {
  return page.evaluate(() => {
    const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
    const c = map.getCenter();
    return { lng: c.lng, lat: c.lat };
  });
}

/** Where `at` is on the map canvas, the canvas size, the zoom, and the layers box's right edge. */
async function clearView(
  page: Page,
  at: [number, number],
): Promise<{
  at: { x: number; y: number };
  width: number;
  height: number;
  zoom: number;
  clearLeft: number;
}> {
  const legend = await page.getByTestId('map-legend').boundingBox();
  const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
  const view = await page.evaluate((p) => {
    const map = (window as unknown as E2eWindow).__itineraMap as MapProbe & {
      getZoom(): number;
    };
    return { at: map.project(p), zoom: map.getZoom() };
  }, at);
  return {
    ...view,
    width: canvas.width,
    height: canvas.height,
    clearLeft: legend ? legend.x + legend.width - canvas.x : 0,
  };
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !((window as unknown as E2eWindow).__itineraMap as MapProbe).isMoving(),
  );
  await mapIdle(page);
}

/**
 * Stop markers on screen whose topmost marker at their own centre is themselves, with nothing
 * of another layer drawn over them there (an event icon on a stop would take the click).
 */
async function clickableStops(page: Page): Promise<{ id: string; x: number; y: number }[]> {
  return page.evaluate(
    ({ source, layer, ours }) => {
      type F = {
        properties: { id: string };
        geometry: { coordinates: [number, number] };
        layer: { id: string };
      };
      const map = (window as unknown as E2eWindow).__itineraMap as {
        querySourceFeatures(s: string): F[];
        queryRenderedFeatures(p: [number, number], o?: { layers: string[] }): F[];
        project(p: [number, number]): { x: number; y: number };
        getCanvas(): HTMLCanvasElement;
      };
      const { clientWidth: w, clientHeight: h } = map.getCanvas();
      return map
        .querySourceFeatures(source)
        .map((f) => ({ id: f.properties.id, ...map.project(f.geometry.coordinates) }))
        .filter((p) => p.x > 30 && p.y > 30 && p.x < w - 70 && p.y < h - 40)
        .filter(
          (p) =>
            map.queryRenderedFeatures([p.x, p.y], { layers: [layer] })[0]?.properties.id === p.id,
        )
        .filter((p) => {
          const top = map.queryRenderedFeatures([p.x, p.y])[0];
          return top !== undefined && ours.includes(top.layer.id);
        });
    },
    {
      source: STOP_LAYER_IDS.stopsSource,
      layer: STOP_LAYER_IDS.circles,
      ours: [STOP_LAYER_IDS.circles, STOP_LAYER_IDS.numbers, STOP_LAYER_IDS.halo] as string[],
    },
  );
}

describe.skipIf(missing.length > 0)('the timeline, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ timezoneId: DISPLAY_ZONE });
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('lists the demo case as numbered stops, with places from the bundled gazetteer', async () => {
    const stops = page.locator('[data-testid="timeline-row"][data-kind="stop"]');
    await expect.poll(() => stops.count(), { timeout: 60_000 }).toBeGreaterThan(2);
    const numbers = await stops.getByTestId('timeline-stop-number').allTextContents();
    // Numbered 1, 2, 3… in time order (an excluded stop would show –; none is excluded yet).
    const first = numbers.slice(0, 3).map(Number);
    expect(first).toEqual([1, 2, 3]);
    const titles = await stops.getByTestId('timeline-stop-title').allTextContents();
    // The gazetteer was fetched by the worker from the app's origin: places are named, approx.
    expect(titles.some((t) => /\([A-Z]{2}\), approx\./.test(t))).toBe(true);
    expect(await page.getByTestId('timeline-zone').textContent()).toContain(DISPLAY_ZONE);
    await mapIdle(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline.png') });
    expect(app.errors).toEqual([]);
  }, 150_000);

  it('selecting a stop in the list selects its marker and moves the map to it', async () => {
    const row = page.locator('[data-testid="timeline-row"][data-kind="stop"]').nth(1);
    const id = (await row.getAttribute('data-id'))!;
    await row.click();
    await expect.poll(() => selectedOnMap(page)).toBe(id);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('stop-panel').waitFor();
    await settled(page);
    // The map eased to the stop: it is now at the centre of the map.
    const stop = await page.evaluate((sourceId) => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        querySourceFeatures(
          s: string,
        ): { properties: { id: string }; geometry: { coordinates: [number, number] } }[];
      };
      return map.querySourceFeatures(sourceId).map((f) => ({
        id: f.properties.id,
        at: f.geometry.coordinates,
      }));
    }, STOP_LAYER_IDS.stopsSource);
    const target = stop.find((s) => s.id === id)!;
    expect(target).toBeDefined();
    // Eased in to street level, the stop in the middle of the map clear of the layers box.
    const shown = await clearView(page, target.at);
    expect(shown.zoom).toBeGreaterThanOrEqual(11);
    // In the middle of what the layers box (left), the buttons (right) and the time bar leave.
    expect(shown.at.x).toBeGreaterThan(shown.clearLeft);
    expect(Math.abs(shown.at.x - (shown.clearLeft + shown.width - 50) / 2)).toBeLessThan(60);
    expect(Math.abs(shown.at.y - (shown.height - 74) / 2)).toBeLessThan(60);
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-selected.png') });
  }, 120_000);

  it('a row whose marker is already in view leaves the map where it is', async () => {
    // The stop next to the one just shown (both near Dover): on screen at street level.
    const before = await mapCentre(page);
    const rows = page.locator('[data-testid="timeline-row"][data-kind="stop"]');
    await rows.nth(0).click();
    await expect.poll(() => selectedOnMap(page)).toBe(await rows.nth(0).getAttribute('data-id'));
    await page.waitForTimeout(1000);
    await settled(page);
    const after = await mapCentre(page);
    expect(after.lng).toBeCloseTo(before.lng, 9);
    expect(after.lat).toBeCloseTo(before.lat, 9);
  }, 120_000);

  it('clicking a marker on the map selects its row in the list', async () => {
    const current = await selectedOnMap(page);
    let target = (await clickableStops(page)).find((c) => c.id !== current);
    if (!target) {
      // Every other stop is off screen or under another marker: zoom out and look again.
      await page.evaluate(() =>
        (
          (window as unknown as E2eWindow).__itineraMap as { zoomTo(z: number, o: object): void }
        ).zoomTo(6, { duration: 0 }),
      );
      await settled(page);
      target = (await clickableStops(page)).find((c) => c.id !== current);
    }
    expect(target).toBeDefined();
    const canvas = await page.getByTestId('map-canvas').boundingBox();
    await page.mouse.click(canvas!.x + target!.x, canvas!.y + target!.y);
    await expect.poll(() => selectedOnMap(page)).toBe(target!.id);
    const row = page.locator(`[data-testid="timeline-row"][data-id="${target!.id}"]`);
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('stop-panel').getAttribute('data-stop-key')).toBe(
      target!.id.slice('stop:'.length),
    );
  }, 120_000);

  it('a label typed in the stop panel shows in the list and in the edit log', async () => {
    const panel = page.getByTestId('stop-panel');
    const key = (await panel.getAttribute('data-stop-key'))!;
    await panel.getByTestId('stop-label-input').fill('Car park, lorry area');
    await panel.getByTestId('stop-label-save').click();
    const row = page.locator(`[data-testid="timeline-row"][data-id="stop:${key}"]`);
    await expect
      .poll(() => row.getByTestId('timeline-stop-title').textContent(), { timeout: 20_000 })
      .toBe('Car park, lorry area');
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-labelled.png') });
    await page.getByTestId('timeline-tab-edits').click();
    const log = page.getByTestId('edit-log-entry');
    expect(await log.count()).toBe(1);
    expect(await log.first().textContent()).toMatch(
      /^Stop \d+: label set to “Car park, lorry area”/,
    );
    expect(await page.getByTestId('edit-not-applied').count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-editlog.png') });
    expect(app.errors).toEqual([]);
  }, 120_000);

  it('lists when the truck and the phone were together, and shows the evidence on the map', async () => {
    // The demo case uses every piece of evidence: nothing to list as not used.
    expect(await page.getByTestId('timeline-skipped').count()).toBe(0);
    await page.getByTestId('timeline-tab-together').click();
    const panel = page.getByTestId('copresence-panel');
    await panel.waitFor();
    await panel.getByTestId('copresence-a').selectOption({ label: 'truck-TRK-0427.csv' });
    await panel.getByTestId('copresence-b').selectOption({ label: 'Records.json' });
    expect(await panel.getByTestId('copresence-distance').inputValue()).toBe('100');
    await panel.getByTestId('copresence-add').click();
    const intervals = panel.getByTestId('copresence-interval');
    await expect.poll(() => intervals.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await panel.getByTestId('copresence-pair').count()).toBe(1);
    // They drive from Calais to Barcelona together: one stretch lasts many hours.
    const durations = (await intervals.evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-duration-s'))),
    )) as number[];
    const longest = durations.indexOf(Math.max(...durations));
    expect(durations[longest]!).toBeGreaterThan(6 * 3600);
    expect(await page.getByTestId('timeline-tab-together').textContent()).toBe(
      `Together (${durations.length})`,
    );
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-together-form.png') });
    // The longest stretch is the night the truck and the phone stood together at Chanas.
    const row = intervals.nth(longest);
    await row.scrollIntoViewIfNeeded();
    expect(await row.textContent()).toMatch(/\d+ h.*closest \d+ m · \d+ evidence pairs/);
    await row.click();
    expect(await row.getAttribute('aria-pressed')).toBe('true');
    // The evidence fixes of the selected interval are drawn, and the map fitted them.
    const drawn = async () =>
      page.evaluate((id) => {
        const map = (window as unknown as E2eWindow).__itineraMap as {
          querySourceFeatures(s: string): unknown[];
          getSource(s: string): unknown;
        };
        return map.getSource(id) ? map.querySourceFeatures(id).length : -1;
      }, COPRESENCE_LAYER_IDS.source);
    await expect.poll(drawn, { timeout: 20_000 }).toBeGreaterThan(10);
    await settled(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-together.png') });
    // Removing the pair derives again without it.
    await panel.getByTestId('copresence-remove').click();
    await expect.poll(() => panel.getByTestId('copresence-pair').count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('timeline-tab-together').textContent(), { timeout: 20_000 })
      .toBe('Together (0)');
    expect(app.errors).toEqual([]);
  }, 120_000);

  it('a row far off screen is brought into view, an event too', async () => {
    await page.getByTestId('timeline-tab-list').click();
    const rows = page.locator('[data-testid="timeline-row"][data-kind="stop"]');
    // By its id: the list is virtual, `last()` would name another row once it scrolls.
    const id = (await rows.last().getAttribute('data-id'))!;
    const far = page.locator(`[data-testid="timeline-row"][data-id="${id}"]`);
    await far.scrollIntoViewIfNeeded();
    await far.click();
    await expect.poll(() => selectedOnMap(page)).toBe(id);
    await settled(page);
    const at = await page.evaluate(
      ({ source, id }) => {
        const map = (window as unknown as E2eWindow).__itineraMap as {
          querySourceFeatures(
            s: string,
          ): { properties: { id: string }; geometry: { coordinates: [number, number] } }[];
        };
        return map.querySourceFeatures(source).find((f) => f.properties.id === id)!.geometry
          .coordinates;
      },
      { source: STOP_LAYER_IDS.stopsSource, id },
    );
    const shown = await clearView(page, at);
    expect(shown.at.x).toBeGreaterThan(shown.clearLeft);
    expect(shown.at.x).toBeLessThan(shown.width);
    expect(shown.at.y).toBeGreaterThan(0);
    expect(shown.at.y).toBeLessThan(shown.height - 74);

    // An event row (the truck's first ignition): its icon comes into view, its halo selected.
    await page.getByTestId('timeline-row').first().scrollIntoViewIfNeeded();
    const eventId = (await page
      .locator('[data-testid="timeline-row"][data-kind="event"]')
      .first()
      .getAttribute('data-id'))!;
    const event = page.locator(`[data-testid="timeline-row"][data-id="${eventId}"]`);
    await event.click();
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (
              (
                (window as unknown as E2eWindow).__itineraMap as MapProbe & {
                  getFilter(id: string): unknown;
                }
              ).getFilter('evidence-events-selected') as [string, unknown, string] | undefined
            )?.[2],
        ),
      )
      .toBe(eventId);
    await settled(page);
    const eventAt = await page.evaluate((id) => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        getSource(s: string): { serialize(): { data: { features: unknown[] } } } | undefined;
      };
      const features = map.getSource('evidence-events')!.serialize().data.features as {
        properties: { id: string };
        geometry: { coordinates: [number, number] };
      }[];
      return features.find((f) => f.properties.id === id)!.geometry.coordinates;
    }, eventId);
    const shownEvent = await clearView(page, eventAt);
    expect(shownEvent.zoom).toBeGreaterThanOrEqual(13);
    expect(shownEvent.at.x).toBeGreaterThan(shownEvent.clearLeft);
    expect(shownEvent.at.x).toBeLessThan(shownEvent.width);
    expect(shownEvent.at.y).toBeGreaterThan(0);
    expect(shownEvent.at.y).toBeLessThan(shownEvent.height - 74);
    await page.screenshot({ path: join(resultsDir, 'e2e-timeline-event-selected.png') });
  }, 150_000);

  it('made no request outside 127.0.0.1', () => {
    expect(app.offsite).toEqual([]);
  });
});
