// @vitest-environment jsdom
/**
 * The import progress panel: the share read per file, as text and as the bar. The bar is
 * scaled, never resized: a width change would lay out and repaint the page on every frame of
 * an import, which on a machine without a GPU takes a core from the import itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportProgressPanel } from '../../renderer/src/import/ImportProgressPanel';
import { createAppStore } from '../../renderer/src/store/store';
import { StoreProvider } from '../../renderer/src/store/StoreContext';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
let container: HTMLDivElement | null = null;
afterEach(() => {
  container?.remove();
  container = null;
});

describe('ImportProgressPanel', () => {
  it('shows each file’s share on a scaled bar, without width changes or transitions', () => {
    const store = createAppStore();
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    act(() => store.getState().startJob('j1', ['/evidence/drive.gpx', '/evidence/phone.json']));
    act(() =>
      root.render(
        <StoreProvider store={store}>
          <ImportProgressPanel onCancel={() => undefined} />
        </StoreProvider>,
      ),
    );
    const bars = () => [...container!.querySelectorAll<HTMLElement>('[role="progressbar"]')];
    const fill = (bar: HTMLElement) => bar.querySelector<HTMLElement>('.import-bar-fill')!;
    expect(bars().map((b) => b.getAttribute('aria-valuenow'))).toEqual(['0', '0']);
    const drivePart = {
      jobId: 'j1',
      fileIndex: 0,
      fileCount: 2,
      path: '/evidence/drive.gpx',
      name: 'drive.gpx',
      totalBytes: 100_000_000,
      jobTotalBytes: 120_000_000,
    };
    act(() =>
      store.getState().applyProgress({
        ...drivePart,
        bytesRead: 25_000_000,
        jobBytesRead: 25_000_000,
        state: 'reading',
      }),
    );
    const [drive, phone] = bars();
    expect(drive!.getAttribute('aria-valuenow')).toBe('25');
    expect(fill(drive!).style.transform).toBe('scaleX(0.2500)');
    expect(fill(drive!).style.width).toBe('');
    expect(fill(phone!).style.transform).toBe('scaleX(0.0000)');
    act(() =>
      store.getState().applyProgress({
        ...drivePart,
        bytesRead: 100_000_000,
        jobBytesRead: 100_000_000,
        state: 'done',
      }),
    );
    expect(fill(bars()[0]!).style.transform).toBe('scaleX(1.0000)');
    act(() => root.unmount());
  });

  it('has no transition on the bar: each one would be frames drawn during the import', () => {
    const css = readFileSync(join(repoRoot, 'renderer/src/styles.css'), 'utf8');
    const block = /\.import-bar-fill \{[^}]*\}/.exec(css)?.[0];
    expect(block).toContain('transform-origin');
    expect(block).not.toMatch(/transition|animation/);
  });
});
