/**
 * End to end: the evidence layers on the bundled demo case (truck tracker events, phone fixes
 * with accuracy) and on call detail records (a generated one with sector azimuths and stated
 * ranges, and the fixture CDR with cell sites only), in Chromium with the real intake.
 * Layers are switched in the legend and checked on the map itself (layout visibility and
 * rendered features); an event's details popup is opened and selects its timeline row; a
 * distance is measured; coordinates are offered in decimal and DMS on right-click.
 */
import { writeFile } from 'node:fs/promises';
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
import { haversineM } from '../../shared/geo/distance';
import { formatDecimal, formatDms } from '../../shared/geo/format-coords';
import { EVENT_LAYER_IDS } from '../../renderer/src/map/layers/EventLayer';
import { ACCURACY_LAYER_IDS } from '../../renderer/src/map/layers/AccuracyLayer';
import { SECTOR_LAYER_IDS } from '../../renderer/src/map/layers/SectorLayer';
import { MEASURE_LAYER_IDS } from '../../renderer/src/map/tools/MapTools';
import { layersToQuery } from '../../renderer/src/map/tools/featureDetails';

const DISPLAY_ZONE = 'Europe/Brussels';
const cdrFixture = join(fixturesDir, 'cdr', 'spatialdatacommons_fictional_cdr_2013-10-01.csv');
const missing = missingPrerequisites('e2e layers test', cdrFixture);

type Feature = {
  layer: { id: string };
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
};
interface MapProbe {
  getLayoutProperty(layer: string, name: string): unknown;
  getLayer(id: string): unknown;
  getFilter(id: string): unknown;
  queryRenderedFeatures(o?: { layers: string[] }): Feature[];
  queryRenderedFeatures(p: [number, number], o: { layers: string[] }): Feature[];
  project(p: [number, number]): { x: number; y: number };
  unproject(p: [number, number]): { lng: number; lat: number };
  jumpTo(o: { center: [number, number]; zoom: number }): void;
  fitBounds(b: [[number, number], [number, number]], o: object): void;
  isMoving(): boolean;
  getCanvas(): HTMLCanvasElement;
}

async function rendered(page: Page, layer: string): Promise<Feature[]> {
  return page.evaluate((id) => {
    const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
    return map.getLayer(id)
      ? map.queryRenderedFeatures({ layers: [id] }).map((f) => ({
          layer: { id: f.layer.id },
          properties: f.properties,
          geometry: { type: f.geometry.type, coordinates: f.geometry.coordinates },
        }))
      : [];
  }, layer);
}

async function visibility(page: Page, layer: string): Promise<unknown> {
  return page.evaluate(
    (id) =>
      ((window as unknown as E2eWindow).__itineraMap as MapProbe).getLayoutProperty(
        id,
        'visibility',
      ) ?? 'visible',
    layer,
  );
}

async function jump(
  page: Page,
  center: [number, number],
  zoom: number,
  idle = true,
): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) =>
      ((window as unknown as E2eWindow).__itineraMap as MapProbe).jumpTo({ center, zoom }),
    { center, zoom },
  );
  // Past the bundled basemap's own zoom levels "idle" can take long on a loaded machine;
  // those callers poll for what they need instead.
  if (idle) await mapIdle(page);
}

/**
 * A point on the map where a feature of a layer matching `wanted` is the topmost of everything
 * the map tools inspect (what the tooltip would name), away from the map's overlays; or null.
 */
async function topmostOf(
  page: Page,
  wanted: (id: string) => boolean,
  geometry: 'Point' | 'LineString',
): Promise<{ x: number; y: number } | null> {
  const order = await page.evaluate(() =>
    (
      (window as unknown as E2eWindow).__itineraMap as { getLayersOrder(): string[] }
    ).getLayersOrder(),
  );
  const targets = order.filter(wanted);
  const inspected = layersToQuery(order.map((id) => ({ id })));
  return page.evaluate(
    ({ targets, inspected, geometry }) => {
      const map = (window as unknown as E2eWindow).__itineraMap as MapProbe & {
        queryRenderedFeatures(
          b: [[number, number], [number, number]],
          o: { layers: string[] },
        ): Feature[];
      };
      const { clientWidth: w, clientHeight: h } = map.getCanvas();
      for (const f of map.queryRenderedFeatures({ layers: targets })) {
        if (f.geometry.type !== geometry) continue;
        const coords =
          geometry === 'Point'
            ? [f.geometry.coordinates as [number, number]]
            : (f.geometry.coordinates as [number, number][]);
        for (let k = 0; k < coords.length; k++) {
          const c =
            geometry === 'Point'
              ? coords[k]!
              : k + 1 < coords.length
                ? ([
                    (coords[k]![0] + coords[k + 1]![0]) / 2,
                    (coords[k]![1] + coords[k + 1]![1]) / 2,
                  ] as [number, number])
                : null;
          if (!c) continue;
          const p = map.project(c);
          // Clear of the layers box (left), the buttons (right) and the time bar (bottom).
          if (p.x < 280 || p.x > w - 70 || p.y < 40 || p.y > h - 120) continue;
          const top = map.queryRenderedFeatures(
            [
              [p.x - 4, p.y - 4],
              [p.x + 4, p.y + 4],
            ],
            { layers: inspected },
          )[0];
          if (top && targets.includes(top.layer.id)) return { x: p.x, y: p.y };
        }
      }
      return null;
    },
    { targets, inspected, geometry },
  );
}

/** The map canvas's offset in the page, to turn map pixels into mouse positions. */
async function canvasOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('map-canvas').boundingBox();
  return { x: box!.x, y: box!.y };
}

/** A call detail record with sector azimuths, beam widths and stated ranges (Brussels). */
function generatedCdr(): string {
  const rows = [
    'subscriber,start time,duration,cell id,latitude,longitude,azimuth,beam width,range',
  ];
  const cells = [
    ['206-01-1001', 50.8466, 4.3528, 60, 65, 1500],
    ['206-01-1002', 50.8466, 4.3528, 180, 65, 1500],
    ['206-01-2001', 50.8796, 4.7005, 300, 90, 4000],
    // No azimuth and no range: a circle of the assumed default range, drawn dashed.
    ['206-01-3001', 50.8503, 4.4, '', '', ''],
  ] as const;
  for (let i = 0; i < 12; i++) {
    const c = cells[i % cells.length]!;
    const t = new Date(Date.UTC(2024, 3, 16, 8, i * 15, 0)).toISOString();
    rows.push(`32470000001,${t},${30 + i},${c.join(',')}`);
  }
  return rows.join('\n') + '\n';
}

describe.skipIf(missing.length > 0)('evidence layers, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ timezoneId: DISPLAY_ZONE, scratch: 'itinera-e2e-layers-' });
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('draws the demo truck events as icons and switches them in the legend', async () => {
    await page.getByTestId('map-legend').waitFor({ timeout: 120_000 });
    await expect
      .poll(async () => (await rendered(page, EVENT_LAYER_IDS.icons)).length, { timeout: 60_000 })
      .toBeGreaterThan(3);
    const events = await rendered(page, EVENT_LAYER_IDS.icons);
    const types = new Set(events.map((f) => String(f.properties.type)));
    expect([...types].some((t) => t.startsWith('ignition'))).toBe(true);
    expect(events.every((f) => String(f.properties.icon).startsWith('itinera-event|'))).toBe(true);
    // The legend lists the event kinds with their icons.
    const legend = page.getByTestId('map-legend');
    expect(await legend.locator('li[data-kind="events"] img').count()).toBeGreaterThan(1);
    await mapIdle(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-demo.png') });

    await page.getByTestId('layer-toggle-events').uncheck();
    await expect.poll(() => visibility(page, EVENT_LAYER_IDS.icons)).toBe('none');
    await mapIdle(page);
    expect(await rendered(page, EVENT_LAYER_IDS.icons)).toHaveLength(0);
    await page.getByTestId('layer-toggle-events').check();
    await expect.poll(() => visibility(page, EVENT_LAYER_IDS.icons)).toBe('visible');
    await mapIdle(page);
    expect((await rendered(page, EVENT_LAYER_IDS.icons)).length).toBe(events.length);

    // Stops are switched from the same legend.
    await page.getByTestId('layer-toggle-stops').uncheck();
    await expect.poll(() => visibility(page, 'timeline-stops-circle')).toBe('none');
    await page.getByTestId('layer-toggle-stops').check();
    await expect.poll(() => visibility(page, 'timeline-stops-circle')).toBe('visible');
    expect(app.errors).toEqual([]);
  }, 240_000);

  it('hovering and clicking an event shows its details and selects it in the timeline', async () => {
    // An event with its own position, not under a stop marker: zoom onto it.
    const events = await rendered(page, EVENT_LAYER_IDS.icons);
    const door = events.find((f) => String(f.properties.type).startsWith('door')) ?? events[0]!;
    const at = door.geometry.coordinates as [number, number];
    // Stops are drawn over the events at each stop: hide them, as an examiner would, to reach
    // the events under them.
    await page.getByTestId('layer-toggle-stops').uncheck();
    await expect.poll(() => visibility(page, 'timeline-stops-circle')).toBe('none');
    await jump(page, at, 15, false);
    // Where an event is the top hit: its badge sits up and to the right of its point. The
    // coordinates are read again at this zoom (rendered geometry is tile-quantised).
    let target: { x: number; y: number; id: string } | null = null;
    await expect
      .poll(
        async () => {
          target = await page.evaluate(
            (layers) => {
              const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
              const { clientWidth: w, clientHeight: h } = map.getCanvas();
              for (const f of map.queryRenderedFeatures({ layers: [layers[0]!] })) {
                const c = map.project(f.geometry.coordinates as [number, number]);
                for (const [dx, dy] of [
                  [9, -9],
                  [11, -11],
                  [7, -7],
                ] as const) {
                  const p: [number, number] = [c.x + dx, c.y + dy];
                  if (p[0] < 200 || p[0] > w - 60 || p[1] < 40 || p[1] > h - 40) continue;
                  const top = map.queryRenderedFeatures(p, { layers })[0];
                  if (top && top.layer.id === layers[0]) {
                    return { x: p[0], y: p[1], id: String(top.properties.id) };
                  }
                }
              }
              return null;
            },
            [EVENT_LAYER_IDS.icons, 'timeline-stops-circle', 'timeline-stops-number'],
          );
          return target;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .not.toBeNull();
    const origin = await canvasOrigin(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-event-target.png') });
    await page.mouse.move(origin.x + target!.x - 30, origin.y + target!.y + 30);
    await page.mouse.move(origin.x + target!.x, origin.y + target!.y, { steps: 8 });
    const tooltip = page.getByTestId('map-tooltip');
    await tooltip.waitFor({ timeout: 60_000 });
    expect(await tooltip.textContent()).toMatch(/Door|Ignition|Fuel|Engine/);
    await page.mouse.click(origin.x + target!.x, origin.y + target!.y);
    const popup = page.getByTestId('details-popup');
    await popup.waitFor({ timeout: 60_000 });
    const text = (await popup.textContent())!;
    expect(text).toContain('Source');
    expect(text).toMatch(/truck-TRK-0427\.csv, line \d+/);
    // Times in the display zone, with its abbreviation.
    expect(text).toMatch(/\d{2}:\d{2}:\d{2} CES?T/);
    expect(await popup.getByTestId('details-decimal').first().textContent()).toMatch(
      /^\d+\.\d{6}, -?\d+\.\d{6}$/,
    );
    expect(await popup.getByTestId('details-dms').first().textContent()).toMatch(
      /^\d+°\d{2}′\d{2}\.\d{2}″N \d+°\d{2}′\d{2}\.\d{2}″[EW]$/,
    );
    // The event is now the timeline's selection: the map's halo follows it.
    await expect
      .poll(() =>
        page.evaluate(
          (layer) =>
            (
              ((window as unknown as E2eWindow).__itineraMap as MapProbe).getFilter(layer) as [
                string,
                unknown,
                string,
              ]
            )[2],
          EVENT_LAYER_IDS.halo,
        ),
      )
      .toBe(target!.id);
    await mapIdle(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-event-popup.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => popup.count()).toBe(0);
    await page.getByTestId('layer-toggle-stops').check();
  }, 180_000);

  it('hovering and clicking a route names the fix there, a stop its stay', async () => {
    const tooltip = page.getByTestId('map-tooltip');
    const popup = page.getByTestId('details-popup');
    // A route line at street level, between stops, where nothing else is drawn over it.
    const along = await page.evaluate(() => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        getStyle(): { sources: Record<string, unknown> };
        querySourceFeatures(s: string): { geometry: { coordinates: [number, number][] } }[];
      };
      const id = Object.keys(map.getStyle().sources).find((s) => /^route-.*-lines$/.test(s))!;
      const lines = map.querySourceFeatures(id).filter((f) => f.geometry.coordinates.length > 2);
      const line = lines[Math.floor(lines.length / 2)]!.geometry.coordinates;
      return line[Math.floor(line.length / 2)]!;
    });
    // Only routes and stops answer here: the phone's accuracy circles, the events and photos
    // drawn along the same roads would be the topmost feature under the pointer.
    const others = ['accuracy', 'events', 'photos', 'stops'];
    for (const kind of others) await page.getByTestId(`layer-toggle-${kind}`).uncheck();
    await jump(page, along, 13, false);
    let route: { x: number; y: number } | null = null;
    await expect
      .poll(
        async () =>
          (route = await topmostOf(page, (id) => /^route-.*-line$/.test(id), 'LineString')),
        { timeout: 60_000, interval: 1000 },
      )
      .not.toBeNull();
    const origin = await canvasOrigin(page);
    await page.mouse.move(origin.x + route!.x - 25, origin.y + route!.y - 25);
    await page.mouse.move(origin.x + route!.x, origin.y + route!.y, { steps: 6 });
    await tooltip.waitFor({ timeout: 60_000 });
    expect(await tooltip.textContent()).toMatch(/^Fix \d+ · /);
    await page.mouse.click(origin.x + route!.x, origin.y + route!.y);
    await popup.waitFor({ timeout: 60_000 });
    const fixText = (await popup.locator('section').first().textContent())!;
    expect(fixText).toMatch(/Fix \d+ · /);
    expect(fixText).toMatch(/\d{2}:\d{2}:\d{2} CES?T/);
    expect(fixText).toMatch(/, fix \d+ of \d+/);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-route-popup.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => popup.count()).toBe(0);

    // A stop marker: its place, stay, sources and evidence counts.
    await page.getByTestId('layer-toggle-stops').check();
    let stop: { x: number; y: number } | null = null;
    await expect
      .poll(
        async () => {
          stop = await topmostOf(page, (id) => id === 'timeline-stops-circle', 'Point');
          if (!stop) {
            // None on screen here: go to the first stop. From the source's whole data, not
            // querySourceFeatures, which only sees the tiles in view — where there is none.
            const at = await page.evaluate(async () => {
              const map = (window as unknown as E2eWindow).__itineraMap as {
                getSource(
                  s: string,
                ):
                  | { getData(): Promise<{ features: { geometry: { coordinates: unknown } }[] }> }
                  | undefined;
              };
              const data = await map.getSource('timeline-stops')?.getData();
              return (data?.features[0]?.geometry.coordinates as [number, number]) ?? null;
            });
            if (at) await jump(page, at, 13, false);
          }
          return stop;
        },
        { timeout: 60_000, interval: 1500 },
      )
      .not.toBeNull();
    await page.mouse.move(origin.x + stop!.x + 30, origin.y + stop!.y + 30);
    await page.mouse.move(origin.x + stop!.x, origin.y + stop!.y, { steps: 6 });
    await expect.poll(() => tooltip.textContent(), { timeout: 60_000 }).toMatch(/^Stop \d+/);
    await page.mouse.click(origin.x + stop!.x, origin.y + stop!.y);
    await popup.waitFor({ timeout: 60_000 });
    const stopText = (await popup.locator('section[data-kind="stop"]').textContent())!;
    expect(stopText).toMatch(/Stop \d+/);
    expect(stopText).toContain('Stayed');
    expect(stopText).toMatch(/\d+ fixes, \d+ events, \d+ photos/);
    // The stop is the timeline's selection too.
    await expect
      .poll(() => page.locator('[data-testid="timeline-row"][aria-selected="true"]').count())
      .toBe(1);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-stop-popup.png') });
    await page.keyboard.press('Escape');
    for (const kind of others) await page.getByTestId(`layer-toggle-${kind}`).check();
    expect(app.errors).toEqual([]);
  }, 240_000);

  it('draws accuracy circles for the phone fixes at street level, true to scale', async () => {
    // The demo phone's first fixes (Calais area, WiFi, ~25-45 m).
    await jump(page, [1.8957989, 50.9662789], 16, false);
    await expect
      .poll(async () => (await rendered(page, ACCURACY_LAYER_IDS.fill)).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const circles = await rendered(page, ACCURACY_LAYER_IDS.fill);
    expect(circles.every((f) => Number(f.properties.a) > 0)).toBe(true);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-accuracy.png') });
    await page.getByTestId('layer-toggle-accuracy').uncheck();
    await expect.poll(() => visibility(page, ACCURACY_LAYER_IDS.fill)).toBe('none');
    await page.getByTestId('layer-toggle-accuracy').check();
    // Zoomed out to the whole country they are not drawn at all.
    await jump(page, [2.5, 50.5], 7);
    expect(await rendered(page, ACCURACY_LAYER_IDS.fill)).toHaveLength(0);
  }, 180_000);

  it('measures a distance by clicking points', async () => {
    await jump(page, [4.35, 50.85], 12, false);
    await page.waitForFunction(
      () => !((window as unknown as E2eWindow).__itineraMap as MapProbe).isMoving(),
    );
    const origin = await canvasOrigin(page);
    await page.getByTestId('tool-measure').click();
    const size = await page.getByTestId('map-canvas').boundingBox();
    // Right of the legend, below the map's buttons.
    const pixels: [number, number][] = [
      [Math.round(size!.width * 0.45), Math.round(size!.height * 0.5)],
      [Math.round(size!.width * 0.75), Math.round(size!.height * 0.5)],
      [Math.round(size!.width * 0.75), Math.round(size!.height * 0.72)],
    ];
    for (const [x, y] of pixels) await page.mouse.click(origin.x + x, origin.y + y);
    const lngLats = await page.evaluate(
      (pts) =>
        pts.map((p) => {
          const ll = ((window as unknown as E2eWindow).__itineraMap as MapProbe).unproject(p);
          return [ll.lng, ll.lat] as [number, number];
        }),
      pixels,
    );
    let total = 0;
    for (let i = 1; i < lngLats.length; i++) {
      const [a, b] = [lngLats[i - 1]!, lngLats[i]!];
      total += haversineM(a[1], a[0], b[1], b[0]);
    }
    const shown = (await page.getByTestId('measure-total').textContent())!;
    const km = Number(/([\d.,]+) km/.exec(shown)![1]!.replace(',', '.'));
    expect(Math.abs(km - total / 1000)).toBeLessThanOrEqual(0.051);
    await expect.poll(async () => (await rendered(page, MEASURE_LAYER_IDS.points)).length).toBe(3);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-measure.png') });
    await page.getByTestId('measure-clear').click();
    await page.getByTestId('tool-measure').click();
    await expect.poll(async () => (await rendered(page, MEASURE_LAYER_IDS.points)).length).toBe(0);
  }, 180_000);

  it('offers the coordinates under the pointer in decimal and DMS on right-click', async () => {
    const origin = await canvasOrigin(page);
    await page.mouse.click(origin.x + 400, origin.y + 350, { button: 'right' });
    const menu = page.getByTestId('map-context-menu');
    await menu.waitFor();
    const ll = await page.evaluate(() =>
      ((window as unknown as E2eWindow).__itineraMap as MapProbe).unproject([400, 350]),
    );
    const codes = await menu.locator('code').allTextContents();
    expect(codes).toEqual([formatDecimal(ll.lat, ll.lng), formatDms(ll.lat, ll.lng)]);
    await page.keyboard.press('Escape');
  }, 30_000);

  it('draws call records as sector wedges and circles, assumed ranges dashed', async () => {
    const generated = join(app.scratch, 'cdr-brussels.csv');
    await writeFile(generated, generatedCdr());
    app.host.setPickResult([generated, cdrFixture]);
    await page.getByTestId('open-evidence').click();
    // Brussels–Leuven: the generated CDR's cells.
    await expect
      .poll(
        async () => {
          await jump(page, [4.5, 50.86], 10);
          return (await rendered(page, SECTOR_LAYER_IDS.fill)).length;
        },
        { timeout: 150_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    const areas = await rendered(page, SECTOR_LAYER_IDS.fill);
    const shapes = new Set(areas.map((f) => f.properties.shape));
    expect(shapes).toEqual(new Set(['wedge', 'circle']));
    expect((await rendered(page, SECTOR_LAYER_IDS.stated)).length).toBeGreaterThan(0);
    expect((await rendered(page, SECTOR_LAYER_IDS.assumed)).length).toBeGreaterThan(0);
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-sectors.png') });

    // The fixture CDR (Sri Lanka): cell sites only, every range assumed.
    await jump(page, [80.63, 7.3], 9);
    await expect
      .poll(async () => (await rendered(page, SECTOR_LAYER_IDS.assumed)).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const lanka = await rendered(page, SECTOR_LAYER_IDS.fill);
    expect(lanka.every((f) => f.properties.shape === 'circle' && f.properties.rangeAssumed)).toBe(
      true,
    );
    await page.screenshot({ path: join(resultsDir, 'e2e-layers-sectors-fixture.png') });

    await page.getByTestId('layer-toggle-sectors').uncheck();
    await expect.poll(() => visibility(page, SECTOR_LAYER_IDS.fill)).toBe('none');
    await mapIdle(page);
    expect(await rendered(page, SECTOR_LAYER_IDS.fill)).toHaveLength(0);
    await page.getByTestId('layer-toggle-sectors').check();
    await expect.poll(() => visibility(page, SECTOR_LAYER_IDS.fill)).toBe('visible');
    expect(app.offsite).toEqual([]);
    expect(app.errors).toEqual([]);
  }, 300_000);
});
