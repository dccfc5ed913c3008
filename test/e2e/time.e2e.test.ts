/**
 * End to end: the time bar over the bundled demo case in Chromium. Dragging the window's
 * handles dims the routes outside it (checked on the map's own feature state and the
 * in-window pieces it draws), the keyboard moves a handle, reset brightens everything, and
 * playback moves the subject marker along the route with the clock in the display zone.
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
import { PLAYBACK_LAYER_IDS } from '../../renderer/src/time/PlaybackMarker';

const DISPLAY_ZONE = 'Europe/Brussels';
const missing = missingPrerequisites('e2e time bar test', fixturesDir);

interface Dimming {
  range: { start: number; end: number };
  chunks: number;
  out: number;
  wrong: number;
  lit: number;
}

/** Every drawn route chunk's dimming, checked against its time span and the handles' values. */
async function dimming(page: Page): Promise<Dimming> {
  const start = Number(await page.getByTestId('time-handle-start').getAttribute('aria-valuenow'));
  const end = Number(await page.getByTestId('time-handle-end').getAttribute('aria-valuenow'));
  return page.evaluate(
    ({ start, end }) => {
      type F = { id: number; properties: { t0?: number; t1?: number } };
      const map = (window as unknown as E2eWindow).__itineraMap as {
        getStyle(): { sources: Record<string, unknown> };
        querySourceFeatures(id: string): F[];
        getFeatureState(f: { source: string; id: number }): { out?: boolean };
        getSource(id: string): { serialize(): { data: { features: unknown[] } } } | undefined;
      };
      const ids = Object.keys(map.getStyle().sources).filter((id) => /^route-.*-lines$/.test(id));
      let chunks = 0;
      let out = 0;
      let wrong = 0;
      let lit = 0;
      for (const source of ids) {
        const seen = new Set<number>();
        for (const f of map.querySourceFeatures(source)) {
          if (seen.has(f.id)) continue;
          seen.add(f.id);
          chunks++;
          const state = map.getFeatureState({ source, id: f.id }).out === true;
          const { t0, t1 } = f.properties;
          // Rounded handle values: a chunk within a millisecond of an edge may go either way.
          const outside = t0 !== undefined && t1 !== undefined && (t1 < start - 1 || t0 > end + 1);
          const inside = t0 === undefined || t1 === undefined || (t0 >= start + 1 && t1 <= end - 1);
          if (state) out++;
          if ((outside && !state) || (inside && state)) wrong++;
        }
        const litSource = map.getSource(source.replace(/-lines$/, '-lit'));
        lit += litSource?.serialize().data.features.length ?? 0;
      }
      return { range: { start, end }, chunks, out, wrong, lit };
    },
    { start, end },
  );
}

async function drag(page: Page, testId: string, toFraction: number): Promise<void> {
  const handle = await page.getByTestId(testId).boundingBox();
  const track = await page.getByTestId('time-track').boundingBox();
  if (!handle || !track) throw new Error(`${testId} or the track is not on screen`);
  const y = handle.y + handle.height / 2;
  await page.mouse.move(handle.x + handle.width / 2, y);
  await page.mouse.down();
  const target = track.x + track.width * toFraction;
  const from = handle.x + handle.width / 2;
  // Few steps: with software GL each frame of the whole app can take seconds on a busy machine.
  for (let k = 1; k <= 3; k++) await page.mouse.move(from + ((target - from) * k) / 3, y);
  await page.mouse.up();
}

async function markerPosition(page: Page): Promise<[number, number] | null> {
  return page.evaluate((source) => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getSource(
        id: string,
      ):
        | { serialize(): { data: { features: { geometry: { coordinates: number[] } }[] } } }
        | undefined;
    };
    const f = map.getSource(source)?.serialize().data.features[0];
    return f ? (f.geometry.coordinates as [number, number]) : null;
  }, PLAYBACK_LAYER_IDS.source);
}

/** The map's centre, and whether the playback marker is inside the map canvas. */
async function view(page: Page): Promise<{
  lng: number;
  lat: number;
  marker: boolean;
  at: { x: number; y: number };
  height: number;
  clearLeft: number;
}> {
  const legend = await page.getByTestId('map-legend').boundingBox();
  const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
  const clearLeft = legend ? legend.x + legend.width - canvas.x : 0;
  const seen = await page.evaluate((source) => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getCenter(): { lng: number; lat: number };
      project(p: [number, number]): { x: number; y: number };
      getCanvas(): HTMLCanvasElement;
      getSource(id: string): { serialize(): { data: { features: unknown[] } } } | undefined;
    };
    const c = map.getCenter();
    const f = map.getSource(source)?.serialize().data.features[0] as
      { geometry: { coordinates: [number, number] } } | undefined;
    let marker = false;
    let at = { x: NaN, y: NaN };
    const { clientWidth: w, clientHeight: h } = map.getCanvas();
    if (f) {
      at = map.project(f.geometry.coordinates);
      marker = at.x >= 0 && at.y >= 0 && at.x <= w && at.y <= h;
    }
    return { lng: c.lng, lat: c.lat, marker, at: { x: at.x, y: at.y }, height: h };
  }, PLAYBACK_LAYER_IDS.source);
  return { ...seen, clearLeft };
}

describe.skipIf(missing.length > 0)('the time bar, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ timezoneId: DISPLAY_ZONE });
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('shows the demo case’s observations as a histogram with times in the display zone', async () => {
    await page.getByTestId('source-row').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('time-track').waitFor({ timeout: 30_000 });
    const bars = await page.locator('.time-histogram path').getAttribute('d');
    expect((bars ?? '').match(/M/g)?.length ?? 0).toBeGreaterThan(5);
    expect(await page.getByTestId('time-clock').textContent()).toContain(DISPLAY_ZONE);
    await mapIdle(page);
    const before = await dimming(page);
    expect(before.chunks).toBeGreaterThan(0);
    expect(before.out).toBe(0);
    await page.screenshot({ path: join(resultsDir, 'e2e-time-bar.png') });
  }, 180_000);

  it('dragging the handles dims the routes outside the window', async () => {
    const textBefore = await page.getByTestId('time-range-text').textContent();
    await drag(page, 'time-handle-start', 0.3);
    await drag(page, 'time-handle-end', 0.55);
    await mapIdle(page);
    const d = await dimming(page);
    // The demo routes are a few chunks each: some are dimmed, crossing ones re-drawn bright.
    expect(d.out).toBeGreaterThan(0);
    expect(d.wrong).toBe(0);
    // The window's edges cut a route: those pieces are drawn bright on top.
    expect(d.lit).toBeGreaterThan(0);
    expect(await page.getByTestId('time-range-text').textContent()).not.toBe(textBefore);
    expect(await page.getByTestId('time-reset').isEnabled()).toBe(true);
    await page.screenshot({ path: join(resultsDir, 'e2e-time-dimmed.png') });
  }, 180_000);

  it('moves a handle from the keyboard', async () => {
    const end = page.getByTestId('time-handle-end');
    const before = Number(await end.getAttribute('aria-valuenow'));
    await end.focus();
    await page.keyboard.press('Shift+ArrowLeft');
    const after = Number(await end.getAttribute('aria-valuenow'));
    expect(after).toBeLessThan(before);
    await mapIdle(page);
    expect((await dimming(page)).wrong).toBe(0);
  }, 90_000);

  it('plays the subject along the route, inside the window, with the clock', async () => {
    const range = (await dimming(page)).range;
    // 3600×: slow enough that the marker is caught before it reaches the window's end.
    await page.getByTestId('time-speed').selectOption('3600');
    const clockBefore = await page.getByTestId('time-clock').textContent();
    await page.getByTestId('time-play').click();
    await expect.poll(() => markerPosition(page), { timeout: 30_000 }).not.toBeNull();
    const first = (await markerPosition(page))!;
    // The window (about half a day) plays in seconds; playback stops at its end.
    await expect
      .poll(() => page.getByTestId('time-play').getAttribute('aria-pressed'), { timeout: 90_000 })
      .toBe('false');
    const last = (await markerPosition(page))!;
    expect(last).not.toEqual(first);
    expect(await page.getByTestId('time-clock').textContent()).not.toBe(clockBefore);
    // The playhead stopped at the window's end, not the case's.
    const playhead = await page.getByTestId('time-playhead').boundingBox();
    const endHandle = await page.getByTestId('time-handle-end').boundingBox();
    expect(
      Math.abs(playhead!.x + playhead!.width / 2 - (endHandle!.x + endHandle!.width / 2)),
    ).toBeLessThan(3);
    expect(range.end).toBeGreaterThan(range.start);
    await mapIdle(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-time-playback.png') });
  }, 180_000);

  it('the map follows the marker while playing; panning by hand stops following', async () => {
    const follow = page.getByTestId('time-follow');
    // Street level, where the truck leaves the screen within minutes of case time.
    const start = (await markerPosition(page))!;
    await page.evaluate((center) => {
      const map = (window as unknown as E2eWindow).__itineraMap as {
        jumpTo(o: { center: [number, number]; zoom: number }): void;
      };
      map.jumpTo({ center, zoom: 12 });
    }, start);
    await page.getByTestId('time-speed').selectOption('600');
    await follow.click();
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    // Every start of playback follows again.
    await page.getByTestId('time-play').click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    const from = await view(page);
    // The map has moved a good way (two screen widths at zoom 12 are ~0.2°) with the marker.
    await expect
      .poll(
        async () =>
          Math.hypot((await view(page)).lng - from.lng, (await view(page)).lat - from.lat),
        {
          timeout: 90_000,
          interval: 1000,
        },
      )
      .toBeGreaterThan(0.05);
    for (let k = 0; k < 3; k++) {
      const v = await view(page);
      expect(v.marker, `sample ${k}: the marker is on screen`).toBe(true);
      await page.waitForTimeout(700);
    }
    // Paused (unless the window has already played out), the map drawn to rest: the marker is
    // in the clear part of the map.
    const play = page.getByTestId('time-play');
    if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');
    // The settling ease starts once React has run the pause's effects: poll, not one look.
    await expect
      .poll(
        async () => {
          await mapIdle(page);
          const v = await view(page);
          return v.marker && v.at.x > v.clearLeft && v.at.y < v.height - 74;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await page.screenshot({ path: join(resultsDir, 'e2e-time-follow.png') });
    await page.getByTestId('time-play').click();
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    // A drag on the map: following stops, the map stays where the user put it.
    const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
    const x = canvas.x + canvas.width * 0.6;
    const y = canvas.y + canvas.height * 0.4;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let k = 1; k <= 4; k++) await page.mouse.move(x - 30 * k, y + 10 * k);
    await page.mouse.up();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    if ((await page.getByTestId('time-play').getAttribute('aria-pressed')) === 'true') {
      const after = await view(page);
      await page.waitForTimeout(2000);
      const later = await view(page);
      expect(Math.abs(later.lng - after.lng) + Math.abs(later.lat - after.lat)).toBeLessThan(1e-9);
    }
    // Stopped for the next test (a click racing the window's end would start it again).
    for (let k = 0; k < 3 && (await play.getAttribute('aria-pressed')) === 'true'; k++) {
      await play.click();
      await page.waitForTimeout(300);
    }
    expect(await play.getAttribute('aria-pressed')).toBe('false');
    expect(app.errors).toEqual([]);
  }, 240_000);

  it('reset brightens every route again; no request left 127.0.0.1', async () => {
    await page.getByTestId('time-reset').click();
    await mapIdle(page);
    const d = await dimming(page);
    expect(d.out).toBe(0);
    expect(d.lit).toBe(0);
    expect(app.offsite).toEqual([]);
    expect(app.errors).toEqual([]);
  }, 90_000);
});
