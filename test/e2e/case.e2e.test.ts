/**
 * End to end: case files in the app. On the demo case an edit is made, undone and redone, the
 * case is saved as a file (the host's stand-in for the save dialog), the page is reloaded and
 * the case opened again with the same sources and edits. A truncated copy gives the clear
 * message and changes nothing; a case whose audit entry was altered (and re-encoded with a
 * valid checksum) opens with the red banner. The audit log viewer is screenshotted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCaseFile, saveCaseFile } from '../../electron/services/case-file';
import { fixturesDir, missingPrerequisites, openApp, resultsDir, type E2eApp } from './browser';

const missing = missingPrerequisites('e2e case test', fixturesDir);

/** The SHA-256 of every evidence file the sources panel lists, sorted. */
async function sourceHashes(page: Page): Promise<string[]> {
  const hashes = await page
    .getByTestId('sources-panel')
    .locator('[data-sha256]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-sha256') ?? ''));
  return [...new Set(hashes)].sort();
}

async function editLogTexts(page: Page): Promise<string[]> {
  await page.getByTestId('timeline-tab-edits').click();
  return page.getByTestId('edit-log-entry').locator('.edit-text').allTextContents();
}

async function caseCommand(page: Page, id: string): Promise<void> {
  await page.getByTestId('case-menu').click();
  await page.getByTestId(`case-${id}`).click();
}

describe.skipIf(missing.length > 0)('case files in the app', () => {
  let app: E2eApp;
  let page: Page;
  let casePath = '';
  let hashes: string[] = [];
  let edits: string[] = [];

  beforeAll(async () => {
    app = await openApp({ scratch: 'itinera-e2e-case-' });
    page = app.page;
    // "Discard unsaved changes?" is answered yes where it is asked.
    page.on('dialog', (d) => void d.accept());
    casePath = join(app.scratch, 'demo case.itinera');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('edits the demo case, undoes and redoes the edit', async () => {
    const stops = page.locator('[data-testid="timeline-row"][data-kind="stop"]');
    await expect.poll(() => stops.count(), { timeout: 60_000 }).toBeGreaterThan(2);
    await stops.nth(1).click();
    const panel = page.getByTestId('stop-panel');
    await panel.getByTestId('stop-label-input').fill('Lay-by, case test');
    await panel.getByTestId('stop-label-save').click();
    await page.getByTestId('case-dirty').waitFor();

    expect(await editLogTexts(page)).toHaveLength(1);
    await page.getByTestId('edit-undo').click();
    await expect.poll(() => page.getByTestId('edit-log-entry').count()).toBe(0);
    await page.getByTestId('edit-redo').click();
    await expect.poll(() => page.getByTestId('edit-log-entry').count()).toBe(1);
    // The keyboard does the same (focus off any text field).
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('edit-log-entry').count()).toBe(0);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('edit-log-entry').count()).toBe(1);
    edits = await editLogTexts(page);
    expect(edits[0]).toMatch(/label set to “Lay-by, case test”/);
    hashes = await sourceHashes(page);
    expect(hashes.length).toBeGreaterThan(1);
  }, 120_000);

  it('saves as a file, and opens it again after a reload with the same sources and edits', async () => {
    app.host.setCasePathResult(casePath);
    await caseCommand(page, 'save-as');
    await expect.poll(() => page.getByTestId('case-dirty').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('case-name').textContent()).toBe('demo case');
    expect((await readFile(casePath)).length).toBeGreaterThan(10_000);

    await page.reload();
    await page.getByTestId('demo-banner').waitFor({ timeout: 60_000 });
    expect(await editLogTexts(page)).toEqual([]);
    app.host.setCasePathResult(casePath);
    await caseCommand(page, 'open');
    await expect
      .poll(() => page.getByTestId('case-name').textContent(), { timeout: 30_000 })
      .toBe('demo case');
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    expect(await sourceHashes(page)).toEqual(hashes);
    expect(await editLogTexts(page)).toEqual(edits);
    expect(await page.getByTestId('case-dirty').count()).toBe(0);
    expect(await page.getByTestId('audit-tampered').count()).toBe(0);
    // The recent list has it too.
    await page.getByTestId('case-menu').click();
    await page.getByTestId('case-recent').click();
    expect(await page.getByTestId('case-recent-item').first().textContent()).toContain('demo case');
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
  }, 120_000);

  it('a truncated copy gives the clear message and changes nothing', async () => {
    const bytes = await readFile(casePath);
    const truncated = join(app.scratch, 'truncated.itinera');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    app.host.setCasePathResult(truncated);
    await caseCommand(page, 'open');
    const problem = page.getByTestId('case-problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-code')).toBe('case.truncated');
    expect(await problem.textContent()).toContain('The case file is incomplete');
    expect(await problem.textContent()).toContain('Nothing in the current case was changed.');
    expect(await page.getByTestId('case-name').textContent()).toBe('demo case');
    expect(await sourceHashes(page)).toEqual(hashes);
    expect(await editLogTexts(page)).toEqual(edits);
    await page.screenshot({ path: join(resultsDir, 'e2e-case-truncated.png') });
    // The refused open is the host's 400 answer, which the browser logs; nothing else went wrong.
    expect(app.errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    app.errors.splice(0);
  }, 120_000);

  it('an altered audit entry shows the red banner; the audit viewer shows the break', async () => {
    const opened = await openCaseFile(casePath);
    const doc = opened.doc;
    const index = doc.audit.findIndex((e) => e.action === 'edit');
    expect(index).toBeGreaterThan(0);
    const entry = doc.audit[index]!;
    doc.audit[index] = { ...entry, details: { ...entry.details, label: 'Somewhere else' } };
    const tampered = join(app.scratch, 'tampered.itinera');
    await saveCaseFile(tampered, doc, { software: opened.software, keepBackup: false });

    app.host.setCasePathResult(tampered);
    await caseCommand(page, 'open');
    const banner = page.getByTestId('audit-tampered');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain(
      `The audit log of this case was altered (entry ${entry.seq})`,
    );
    expect(await editLogTexts(page)).toEqual(edits);

    await caseCommand(page, 'audit');
    const dialog = page.getByTestId('audit-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('audit-row').count()).toBeGreaterThan(index);
    expect(await dialog.getByTestId('audit-status').textContent()).toBe(
      `Chain broken at entry ${entry.seq}`,
    );
    expect(await dialog.getByTestId('audit-head').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: join(resultsDir, 'e2e-case-audit.png') });
    await dialog.getByTestId('audit-filter').selectOption('open');
    const openRows = await dialog.getByTestId('audit-row').count();
    expect(openRows).toBe(1); // the tampered copy was never opened before
    await dialog.getByTestId('audit-close').click();

    // The banner stays: the log is never repaired.
    await page
      .getByTestId('timeline-tab-list')
      .click()
      .catch(() => undefined);
    expect(await banner.count()).toBe(1);
    await caseCommand(page, 'verify');
    const evidence = page.getByTestId('evidence-dialog');
    await evidence.getByTestId('evidence-summary').waitFor({ timeout: 30_000 });
    // Every original of the demo case (the tracks and each photo) is where it was, unchanged.
    const statuses = await evidence
      .getByTestId('evidence-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(hashes.length);
    expect(new Set(statuses)).toEqual(new Set(['match']));
    await page.screenshot({ path: join(resultsDir, 'e2e-case-evidence.png') });
    await evidence.getByTestId('evidence-close').click();
    expect(app.errors).toEqual([]);
    expect(app.offsite).toEqual([]);
  }, 120_000);
});
