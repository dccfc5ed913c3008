/**
 * End to end: the exhibit composer on the demo case, in Chromium with the real services. The
 * examiner fills in the details, chooses Dutch, leaves one stop out and exports CSV, KML and a
 * PDF; the files are where the save dialog said, the left-out stop is in none of them, and the
 * PDF speaks Dutch. A cancelled dialog writes nothing; the choices survive closing the composer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { missingPrerequisites, openApp, repoRoot, resultsDir, type E2eApp } from './browser';

const missing = missingPrerequisites('e2e exhibit composer test', join(repoRoot, 'package.json'));
const hasPdftotext = existsSync('/usr/bin/pdftotext');

const DETAILS = {
  title: 'Reconstructie route vrachtwagen',
  caseReference: 'PV 2026/0042',
  exhibitNumber: 'S-12',
  author: 'Insp. De Smet',
};
/** What the save dialog suggests: exhibit number and case reference (the slash made safe). */
const BASE_NAME = 'S-12 - PV 2026-0042';

function isoUtc(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

async function exportAs(app: E2eApp, format: string): Promise<string> {
  const { page } = app;
  const before = app.host.saveDialogs.length;
  await page.getByTestId(`exhibit-export-${format}`).click();
  await expect.poll(() => app.host.saveDialogs.length).toBe(before + 1);
  const status = page.getByTestId('exhibit-status');
  const path = join(app.host.exportsDir, `${BASE_NAME}.${format}`);
  // The previous export's "done" may still be showing: wait for this export's own outcome.
  const outcome = async () => {
    const state = await status.getAttribute('data-state');
    const text = (await status.textContent()) ?? '';
    if (state === 'failed') return 'failed';
    return state === 'done' && text.includes(path) ? 'done' : 'pending';
  };
  await expect.poll(outcome, { timeout: 240_000, interval: 250 }).toMatch(/done|failed/);
  expect(await outcome(), (await status.textContent()) ?? '').toBe('done');
  return path;
}

async function stopRows(page: Page) {
  return page.getByTestId('exhibit-stop').evaluateAll((rows) =>
    rows.map((r) => ({
      key: r.getAttribute('data-key')!,
      n: Number(r.getAttribute('data-n')),
      start: Number(r.getAttribute('data-start')),
      checked: (r.querySelector('input') as HTMLInputElement).checked,
    })),
  );
}

describe.skipIf(missing.length > 0)('the exhibit composer, end to end in Chromium', () => {
  let app: E2eApp;
  let page: Page;
  let left: { key: string; n: number; start: number };
  let chosen: number;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  it('opens from the top bar with every stop of the case chosen', async () => {
    // The composer lists the timeline's stops: wait until the timeline is derived.
    const stops = page.locator('[data-testid="timeline-row"][data-kind="stop"]');
    await expect.poll(() => stops.count(), { timeout: 60_000 }).toBeGreaterThan(2);
    // The list is virtualised: the first rows are rendered, not necessarily all of them.
    const firstNumbers = (await stops.getByTestId('timeline-stop-number').allTextContents()).map(
      Number,
    );
    await page.getByTestId('open-exhibit').click();
    await page.getByTestId('exhibit-composer').waitFor();
    const rows = await stopRows(page);
    expect(rows.length).toBeGreaterThanOrEqual(firstNumbers.length);
    expect(rows.slice(0, firstNumbers.length).map((r) => r.n)).toEqual(firstNumbers);
    expect(rows.every((r) => r.checked)).toBe(true);
    expect(rows.map((r) => r.n)).toEqual(rows.map((_, i) => i + 1));
    const counts = await page.getByTestId('exhibit-counts').textContent();
    expect(counts).toContain(`${rows.length} stops`);
    expect(counts).toMatch(/3 sources/);
  }, 90_000);

  it('takes the details, Dutch, and one stop left out; counts and preview follow', async () => {
    await page.getByTestId('exhibit-field-title').fill(DETAILS.title);
    await page.getByTestId('exhibit-field-case').fill(DETAILS.caseReference);
    await page.getByTestId('exhibit-field-number').fill(DETAILS.exhibitNumber);
    await page.getByTestId('exhibit-field-author').fill(DETAILS.author);
    await page.getByTestId('exhibit-locale').selectOption('nl');
    // The exhibit's language is its own: the app stays in English.
    expect(await page.getByTestId('language').inputValue()).toBe('en');
    const rows = await stopRows(page);
    left = rows[1]!;
    await page.locator(`[data-testid="exhibit-stop"][data-key="${left.key}"] input`).uncheck();
    chosen = rows.length - 1;
    await expect
      .poll(() => page.getByTestId('exhibit-counts').textContent())
      .toContain(`${chosen} stops`);
    expect(await page.getByTestId('exhibit-preview-stop').count()).toBe(chosen);
    await page.screenshot({ path: join(resultsDir, 'e2e-exhibit-composer.png') });
  });

  it('exports CSV to the path the save dialog gave, without the left-out stop', async () => {
    const path = await exportAs(app, 'csv');
    expect(app.host.saveDialogs.at(-1)).toEqual({ defaultName: `${BASE_NAME}.csv`, format: 'csv' });
    const bytes = await readFile(path);
    const csv = bytes.toString('utf8');
    const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const kindAt = header.indexOf('kind');
    const idAt = header.indexOf('stop_id');
    expect(kindAt).toBeGreaterThanOrEqual(0);
    const stopLines = lines.slice(1).filter((l) => l.split(',')[kindAt] === 'stop');
    expect(stopLines.length).toBe(chosen);
    expect(csv).not.toContain(left.key);
    expect(csv).not.toContain(isoUtc(left.start));
    expect(idAt).toBeGreaterThanOrEqual(0);
    // The notice and the composer name the file, its size and its SHA-256.
    const status = await page.getByTestId('exhibit-status').textContent();
    expect(status).toContain(path);
    expect(status).toContain(createHash('sha256').update(bytes).digest('hex'));
    expect(await page.getByTestId('notice').last().textContent()).toContain(path);
  }, 120_000);

  it('exports KML with a numbered placemark per chosen stop and none for the left-out one', async () => {
    const path = await exportAs(app, 'kml');
    const kml = await readFile(path, 'utf8');
    expect(kml).toContain('<kml');
    expect(kml).toContain(DETAILS.title);
    const begins = [...kml.matchAll(/<begin>([^<]+)<\/begin>/g)].map((m) => m[1]);
    expect(begins).not.toContain(isoUtc(left.start));
    expect(kml).not.toContain(left.key);
  }, 120_000);

  it('a cancelled save dialog writes nothing', async () => {
    app.host.setSavePathResult(null);
    const before = (await stat(app.host.exportsDir)).mtimeMs;
    const dialogs = app.host.saveDialogs.length;
    await page.getByTestId('exhibit-export-gpx').click();
    await expect.poll(() => app.host.saveDialogs.length).toBe(dialogs + 1);
    expect(existsSync(join(app.host.exportsDir, `${BASE_NAME}.gpx`))).toBe(false);
    expect((await stat(app.host.exportsDir)).mtimeMs).toBe(before);
    expect(await page.getByTestId('exhibit-status').getAttribute('data-state')).toBe('done');
  });

  it('keeps the choices when the composer is closed and opened again', async () => {
    await page.getByTestId('exhibit-close').click();
    expect(await page.getByTestId('exhibit-composer').count()).toBe(0);
    await page.getByTestId('open-exhibit').click();
    expect(await page.getByTestId('exhibit-field-title').inputValue()).toBe(DETAILS.title);
    expect(await page.getByTestId('exhibit-locale').inputValue()).toBe('nl');
    const rows = await stopRows(page);
    expect(rows.find((r) => r.key === left.key)?.checked).toBe(false);
    expect(app.errors).toEqual([]);
    expect(app.offsite).toEqual([]);
  });

  it.skipIf(!hasPdftotext)(
    'exports a PDF in Dutch with every chosen stop and not the left-out one',
    async () => {
      const path = await exportAs(app, 'pdf');
      const pdf = await readFile(path);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      expect(text).toContain(DETAILS.caseReference);
      expect(text).toContain('Aankomst');
      // Arrival clocks in the exhibit's zone (the composer lists them in the same zone).
      const clock = (t: number) =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Brussels',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(t);
      const rows = await stopRows(page);
      for (const row of rows.filter((r) => r.checked)) expect(text).toContain(clock(row.start));
      expect(text).not.toContain(clock(left.start));
      execFileSync('pdftoppm', [
        '-r',
        '60',
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        path,
        join(resultsDir, 'e2e-exhibit-composer-pdf'),
      ]);
    },
    300_000,
  );
});
