/**
 * End to end: a folder of generated JPEGs (EXIF with GPS, camera clocks, embedded thumbnails)
 * and a GPX track imported in Chromium with the real intake. Photos appear on the map as
 * clusters and thumbnails, a click opens the viewer whose metadata is checked against the
 * values written into the files, a camera's consistent clock error is suggested and applied,
 * and the photo without a position is placed on the track by time. Then the real photos of
 * ../shared/fixtures/photos. Screenshots go to test-results/.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildExifJpeg, type ExifJpegSpec } from '../../assets/lib/exif-jpeg';
import { PHOTO_LAYER_IDS } from '../../renderer/src/photos/PhotoLayer';
import {
  fixturesDir,
  openApp,
  mapIdle,
  missingPrerequisites,
  resultsDir,
  type E2eApp,
  type E2eWindow,
} from './browser';

const DISPLAY_ZONE = 'Europe/Brussels';
const photosFixtures = join(fixturesDir, 'photos');
const missing = missingPrerequisites('e2e photos test', fixturesDir);

interface Rendered {
  layer: string;
  count: number;
  s?: string;
  i?: number;
  x: number;
  y: number;
}

interface MapProbe {
  queryRenderedFeatures(opts: { layers: string[] }): {
    layer: { id: string };
    properties: Record<string, unknown>;
    geometry: { coordinates: [number, number] };
  }[];
  project(p: [number, number]): { x: number; y: number };
  getZoom(): number;
  isMoving(): boolean;
  getSource(id: string): { serialize(): { data: { features: unknown[] } } } | undefined;
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !((window as unknown as E2eWindow).__itineraMap as MapProbe).isMoving(),
  );
  await mapIdle(page);
}

/** The photo features drawn on screen: clusters with their counts, single photos by index. */
async function renderedPhotos(page: Page): Promise<Rendered[]> {
  return page.evaluate((ids) => {
    const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
    return map
      .queryRenderedFeatures({ layers: [ids.clusters, ids.singles, ids.placed] })
      .map((f) => {
        const at = map.project(f.geometry.coordinates);
        return {
          layer: f.layer.id,
          count: Number(f.properties.point_count ?? 1),
          s: f.properties.s as string | undefined,
          i: f.properties.i as number | undefined,
          x: at.x,
          y: at.y,
        };
      });
  }, PHOTO_LAYER_IDS);
}

/** RGB of the centre pixel of each map image (null where the map has no such image). */
async function markerCentres(page: Page, ids: string[]): Promise<(number[] | null)[]> {
  return page.evaluate((imageIds) => {
    const map = (window as unknown as E2eWindow).__itineraMap as {
      getImage(id: string): { data: { width: number; data: Uint8Array } } | undefined;
    };
    return imageIds.map((id) => {
      const image = map.getImage(id)?.data;
      if (!image) return null;
      const w = image.width;
      const at = ((w / 2) * w + w / 2) * 4;
      return [image.data[at]!, image.data[at + 1]!, image.data[at + 2]!];
    });
  }, ids);
}

// --- the generated evidence ---

const GHENT = { lat: 51.0543, lon: 3.7216 };
interface Planned {
  name: string;
  spec: ExifJpegSpec;
}

function plannedPhotos(): Planned[] {
  const list: Planned[] = [];
  // A Canon whose clock runs 1 h fast: shutter (with offset) 1 h after the GPS stamp, on all five.
  for (let k = 0; k < 5; k++) {
    list.push({
      name: `canon_${k}.jpg`,
      spec: {
        make: 'Canon',
        model: 'Canon EOS 5D Mark IV',
        serial: '032021001234',
        dateTimeOriginal: `2024:07:14 13:0${k}:00`,
        offsetTimeOriginal: '+02:00',
        gps: {
          lat: GHENT.lat + k * 0.0003,
          lon: GHENT.lon + k * 0.0004,
          altitudeM: 12 + k,
          dateStamp: '2024:07:14',
          timeStamp: [10, k, 0],
        },
        thumbnail: true,
        rgb: [200, 60 + k * 30, 40],
        imageWidth: 320,
        imageHeight: 240,
        noiseSeed: k + 1,
      },
    });
  }
  const places: [string, number, number][] = [
    ['brussels', 50.8467, 4.3525],
    ['antwerp', 51.2194, 4.4025],
    ['bruges', 51.2093, 3.2247],
  ];
  places.forEach(([place, lat, lon], k) => {
    list.push({
      name: `iphone_${place}.jpg`,
      spec: {
        make: 'Apple',
        model: 'iPhone 12',
        software: '17.1.2',
        dateTimeOriginal: `2024:07:14 1${4 + k}:15:30`,
        offsetTimeOriginal: '+02:00',
        subSecTimeOriginal: '250',
        gps: {
          lat,
          lon,
          altitudeM: 18.5,
          hPositioningErrorM: 4.7,
          imgDirectionDeg: 123.4,
          dateStamp: '2024:07:14',
          timeStamp: [12 + k, 15, 30],
        },
        thumbnail: true,
        rgb: [40, 90 + k * 50, 200],
        imageWidth: 320,
        imageHeight: 240,
        noiseSeed: 10 + k,
      },
    });
  });
  // No position: taken at 10:30Z, half-way along the GPX track below.
  list.push({
    name: 'iphone_nogps.jpg',
    spec: {
      make: 'Apple',
      model: 'iPhone 12',
      dateTimeOriginal: '2024:07:14 12:30:00',
      offsetTimeOriginal: '+02:00',
      thumbnail: true,
      rgb: [90, 160, 90],
    },
  });
  return list;
}

/** Ghent → Brussels, 10:00Z–11:00Z, one fix a minute. */
function gpxTrack(): string {
  const points: string[] = [];
  for (let m = 0; m <= 60; m++) {
    const f = m / 60;
    const lat = GHENT.lat + (50.8467 - GHENT.lat) * f;
    const lon = GHENT.lon + (4.3525 - GHENT.lon) * f;
    const time = new Date(Date.UTC(2024, 6, 14, 10, m, 0)).toISOString();
    points.push(
      `<trkpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><time>${time}</time></trkpt>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="itinera-e2e" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>car</name><trkseg>${points.join('\n')}</trkseg></trk></gpx>
`;
}

describe.skipIf(missing.length > 0)('photos, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;
  let photoDir: string;
  let gpxPath: string;
  const planned = plannedPhotos();
  const hashes = new Map<string, string>();

  beforeAll(async () => {
    app = await openApp({
      timezoneId: DISPLAY_ZONE,
      scratch: 'itinera-e2e-photos-',
      ready: 'source-row',
    });
    page = app.page;
    photoDir = join(app.scratch, 'DCIM');
    await mkdir(photoDir);
    for (const p of planned) {
      const bytes = buildExifJpeg(p.spec);
      hashes.set(p.name, createHash('sha256').update(bytes).digest('hex'));
      await writeFile(join(photoDir, p.name), bytes);
    }
    gpxPath = join(app.scratch, 'car.gpx');
    await writeFile(gpxPath, gpxTrack());
  }, 120_000);

  afterAll(() => app?.close());

  it('imports a folder of photos and draws them as clusters and thumbnails', async () => {
    app.host.setPickResult([photoDir, gpxPath]);
    await page.getByTestId('open-evidence').click();
    // Photos and camera clocks share the left column with the sources, as a second tab.
    await page.getByTestId('side-tab-photos').click();
    // The demo case (which has photos of its own) gives way to the first real evidence.
    const card = page.getByTestId('photo-source').filter({ hasText: 'DCIM' });
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    expect(await page.getByTestId('photo-source').count()).toBe(1);
    expect(await card.getByTestId('photos-total').getAttribute('data-value')).toBe('9');
    expect(await card.getByTestId('photos-positioned').getAttribute('data-value')).toBe('8');
    expect(await card.getByTestId('photos-unpositioned').getAttribute('data-value')).toBe('1');

    await settled(page);
    // Thumbnails load after the first frame: wait until every single photo has its picture.
    await page.waitForTimeout(500);
    await mapIdle(page);
    const drawn = await renderedPhotos(page);
    const clusters = drawn.filter((d) => d.layer === PHOTO_LAYER_IDS.clusters);
    const singles = drawn.filter((d) => d.layer === PHOTO_LAYER_IDS.singles);
    // The five Canon photos lie within 200 m: one cluster at the zoom that shows all of Flanders.
    expect(clusters.map((c) => c.count)).toEqual([5]);
    expect(singles).toHaveLength(3);
    // Each single photo shows its own embedded thumbnail, not the camera placeholder: the
    // centre pixel of its map image has the colour the generator gave one of the iPhone photos,
    // a different one each.
    const ids = singles.map((d) => `photo:${d.s}:${d.i}`);
    const iphoneColours = planned.filter((p) => p.spec.gps && p.name.startsWith('iphone'));
    const matchOf = (c: number[] | null) =>
      c === null
        ? -1
        : iphoneColours.findIndex((p) => p.spec.rgb!.every((v, j) => Math.abs(v - c[j]!) <= 24));
    await expect
      .poll(async () => (await markerCentres(page, ids)).map(matchOf).sort(), { timeout: 15_000 })
      .toEqual([0, 1, 2]);
    await page.screenshot({ path: join(resultsDir, 'e2e-photos-map.png') });
    expect(app.errors).toEqual([]);
  }, 150_000);

  it('opens a photo from the map and shows its metadata', async () => {
    const drawn = await renderedPhotos(page);
    const brussels = drawn
      .filter((d) => d.layer === PHOTO_LAYER_IDS.singles)
      .sort((a, b) => b.y - a.y)[0]!; // southernmost: Brussels
    const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
    // The marker stands on its point (anchor bottom): click its middle.
    await page.mouse.click(canvas.x + brussels.x, canvas.y + brussels.y - 20);
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor({ timeout: 10_000 });
    expect(await viewer.getByTestId('photo-name').textContent()).toBe('iphone_brussels.jpg');
    expect(await viewer.getByTestId('photo-sha256').textContent()).toBe(
      hashes.get('iphone_brussels.jpg'),
    );
    expect(await viewer.getByTestId('photo-basis').textContent()).toBe(
      'DateTimeOriginal 2024:07:14 14:15:30 with OffsetTimeOriginal +02:00 (camera clock, with its offset)',
    );
    const time = await viewer.getByTestId('photo-time').textContent();
    expect(time).toContain('14/07/2024, 12:15:30 UTC');
    expect(time).toContain('14/07/2024, 14:15:30 Europe/Brussels (UTC+02:00)');
    expect(await viewer.getByTestId('photo-difference').textContent()).toBe('+0:00:00.250');
    expect(await viewer.getByTestId('photo-decimal').textContent()).toBe('50.8467000, 4.3525000');
    expect(await viewer.getByTestId('photo-dms').textContent()).toBe('50°50′48.12″N 4°21′09.00″E');
    expect(await viewer.getByTestId('photo-accuracy').textContent()).toBe('± 4.7 m');
    expect(await viewer.getByTestId('photo-make').textContent()).toBe('Apple');
    expect(await viewer.getByTestId('photo-model').textContent()).toBe('iPhone 12');
    // The whole image was read and shown.
    await expect
      .poll(() => viewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 10_000,
      })
      .toBe(320);
    await page.screenshot({ path: join(resultsDir, 'e2e-photos-viewer.png') });

    const index = Number(await viewer.getAttribute('data-index'));
    await page.keyboard.press(index > 0 ? 'ArrowLeft' : 'ArrowRight');
    await expect.poll(() => viewer.getAttribute('data-index')).not.toBe(String(index));
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('photo-viewer').count()).toBe(0);
    expect(app.errors).toEqual([]);
  }, 120_000);

  it('zooms into a cluster on click', async () => {
    // The stops derived from the photos are drawn over their clusters, and a click goes to
    // the topmost feature only (renderer/src/map/topmostHit.ts): hide them for this click.
    await page.getByTestId('layer-toggle-stops').uncheck();
    const zoomBefore = await page.evaluate(() =>
      ((window as unknown as E2eWindow).__itineraMap as MapProbe).getZoom(),
    );
    const cluster = (await renderedPhotos(page)).find((d) => d.layer === PHOTO_LAYER_IDS.clusters)!;
    const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + cluster.x, canvas.y + cluster.y);
    await page.waitForTimeout(400);
    await settled(page);
    const zoomAfter = await page.evaluate(() =>
      ((window as unknown as E2eWindow).__itineraMap as MapProbe).getZoom(),
    );
    expect(zoomAfter).toBeGreaterThan(zoomBefore + 1);
    await page.getByTestId('layer-toggle-stops').check();
  }, 120_000);

  it('suggests and applies the correction of a camera clock that runs an hour fast', async () => {
    const canon = page.locator(
      '[data-testid="camera-row"][data-camera-id="canon|canon eos 5d mark iv|032021001234"]',
    );
    await canon.waitFor();
    expect(await canon.getByTestId('camera-median').textContent()).toBe(
      'median difference +1:00:00 (spread 0:00:00)',
    );
    expect(await canon.getByTestId('camera-suggestion').textContent()).toContain(
      'Suggested correction: −1:00:00',
    );
    await canon.getByTestId('camera-apply').click();
    await expect.poll(() => canon.getByTestId('camera-correction').inputValue()).toBe('−1:00:00');
    // The iPhone agrees with GPS to the sub-second: no suggestion.
    const iphone = page.locator('[data-testid="camera-row"][data-camera-id="apple|iphone 12|"]');
    expect(await iphone.getByTestId('camera-suggestion').count()).toBe(0);
  });

  it('places the photo without a position on the track by time, drawn hollow', async () => {
    const card = page.getByTestId('photo-source');
    expect(await card.getByTestId('unplaced-status').textContent()).toBe('no position');
    const options = await card.getByTestId('photos-track').locator('option').allTextContents();
    const track = options.find((o) => o.includes('car'))!;
    await card.getByTestId('photos-track').selectOption({ label: track });
    await expect
      .poll(() => card.getByTestId('unplaced-status').textContent())
      .toBe('placed on the track (inferred), 0 s from the nearest fix');
    const placed = await page.evaluate((id) => {
      const map = (window as unknown as E2eWindow).__itineraMap as MapProbe;
      return map.getSource(id)!.serialize().data.features as {
        geometry: { coordinates: [number, number] };
      }[];
    }, PHOTO_LAYER_IDS.placedSource);
    expect(placed).toHaveLength(1);
    // 10:30Z is the 31st fix: half-way from Ghent to Brussels.
    expect(placed[0]!.geometry.coordinates[1]).toBeCloseTo((GHENT.lat + 50.8467) / 2, 5);
    await settled(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-photos-placed.png') });
  }, 120_000);

  it('imports the real photos of the fixtures and opens one', async () => {
    if ((await readdir(photosFixtures).catch(() => [])).length === 0) {
      console.warn('skipping the fixtures part: ../shared/fixtures/photos not present');
      return;
    }
    // Through the folder dialog, as an examiner opens a phone extraction's DCIM folder.
    app.host.setPickFolderResult([photosFixtures]);
    await page.getByTestId('open-folder').click();
    const card = page.locator('[data-testid="photo-source"]').last();
    await expect.poll(() => page.getByTestId('photo-source').count(), { timeout: 60_000 }).toBe(2);
    const total = Number(await card.getByTestId('photos-total').getAttribute('data-value'));
    expect(total).toBeGreaterThan(15);
    await settled(page);
    await page.waitForTimeout(800);
    await mapIdle(page);
    await page.screenshot({ path: join(resultsDir, 'e2e-photos-fixtures.png') });
    // Open a fixture photo through the list API of the viewer: the first one with a position.
    const single = (await renderedPhotos(page)).find(
      (d) => d.layer === PHOTO_LAYER_IDS.singles && d.s !== undefined,
    );
    if (single) {
      const canvas = (await page.getByTestId('map-canvas').boundingBox())!;
      await page.mouse.click(canvas.x + single.x, canvas.y + single.y - 20);
      const viewer = page.getByTestId('photo-viewer');
      await viewer.waitFor({ timeout: 10_000 });
      const name = (await viewer.getByTestId('photo-name').textContent())!;
      const bytes = await readFile(join(photosFixtures, name)).catch(() => null);
      if (bytes) {
        expect(await viewer.getByTestId('photo-sha256').textContent()).toBe(
          createHash('sha256').update(bytes).digest('hex'),
        );
      }
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(resultsDir, 'e2e-photos-fixture-viewer.png') });
      await page.keyboard.press('Escape');
    }
    expect(app.errors).toEqual([]);
  }, 120_000);

  it('made no request outside 127.0.0.1', () => {
    expect(app.offsite).toEqual([]);
  });
});
