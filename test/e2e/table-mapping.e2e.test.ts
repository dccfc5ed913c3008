/**
 * End to end: opening a table goes through the mapping step (the detected roles are shown and
 * confirmed) before the import, and a long import shows its progress and can be cancelled,
 * leaving no source behind. The built renderer in Debian's Chromium against the test host.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIRST_ROUTE_COLOUR } from '../../renderer/src/map/palette';
import { writeGpx } from '../bench/gen-gpx';
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
  type E2eApp,
} from './browser';

const holux = join(fixturesDir, 'fleet-csv', 'gpsbabel_holux_m241_logger.csv');
const BIG_POINTS = 600_000;

const missing = missingPrerequisites('e2e table mapping test', holux);

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

describe.skipIf(missing.length > 0)('table mapping and import progress, end to end', () => {
  let app: E2eApp;
  let page: Page;
  let bigGpx: string;

  beforeAll(async () => {
    app = await openApp({ scratch: 'itinera-e2e-files-' });
    page = app.page;
    bigGpx = join(app.scratch, 'long-drive.gpx');
    await writeGpx(bigGpx, BIG_POINTS);
  }, 120_000);

  afterAll(() => app?.close());

  it('shows the detected mapping of a CSV, imports it on confirm and draws its route', async () => {
    const expected = await holuxExpected();
    app.host.setPickResult([holux]);
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
    const box = await projectBox(page, expected.bounds);
    await foldLegend(page);
    const image = await canvasImage(page, 'e2e-mapping-route.png');
    const { inside, outside } = countColour(image, FIRST_ROUTE_COLOUR, grow(box, 8));
    expect(inside).toBeGreaterThan(500);
    expect(outside).toBeLessThan(inside / 50);
    expect(app.errors).toEqual([]);
  }, 90_000);

  it('shows the progress of a long import and cancels it without adding a source', async () => {
    const rowsBefore = await page.getByTestId('source-row').count();
    app.host.setPickResult([bigGpx]);
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
    expect(app.errors).toEqual([]);
  }, 120_000);

  it('made no request outside 127.0.0.1', () => {
    expect(app.offsite).toEqual([]);
  });
});
