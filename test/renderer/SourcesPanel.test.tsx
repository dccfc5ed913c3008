// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SourcesPanel } from '../../renderer/src/sources/SourcesPanel';
import { createAppStore, type AppStore } from '../../renderer/src/store/store';
import { StoreProvider } from '../../renderer/src/store/StoreContext';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | null = null;
afterEach(() => {
  container?.remove();
  container = null;
});

function render(store: AppStore) {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <StoreProvider store={store}>
        <SourcesPanel />
      </StoreProvider>,
    ),
  );
  return container;
}

const byId = (root: HTMLElement, id: string) => [
  ...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
];

// 2020-12-18T06:15:50Z and 06:24:24Z
const first = Date.UTC(2020, 11, 18, 6, 15, 50);
const last = Date.UTC(2020, 11, 18, 6, 24, 24);

function sourceWithIssues() {
  const source = fakeSource('visnjan', [
    [45.27, 13.71, first],
    [45.28, 13.72, last],
  ]);
  source.files = [
    { name: 'visnjan.gpx', size: 12_203, sha256: '7c624f58f067'.padEnd(58, '0') + '507fe6' },
  ];
  source.issues = [
    {
      file: 'visnjan.gpx',
      line: 3,
      column: 17,
      severity: 'warning',
      code: 'gpx.x',
      message: 'Odd value',
    },
    {
      file: 'visnjan.gpx',
      line: 9,
      column: 2,
      severity: 'error',
      code: 'gpx.y',
      message: 'Bad row',
    },
    { file: 'visnjan.gpx', record: 0, severity: 'warning', code: 'gpx.z', message: 'Third' },
  ];
  return source;
}

describe('SourcesPanel', () => {
  it('shows the hash of every file of a source read from several files', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
    const source = fakeSource('export', [[50.9, 4.4, first]]);
    source.files = [
      { name: '2024_MAY.json', size: 10, sha256: '1'.repeat(64) },
      { name: '2024_JUNE.json', size: 20, sha256: '2'.repeat(64) },
      { name: 'Records.json', size: 30, sha256: '3'.repeat(64) },
    ];
    store.getState().addResults([{ ok: true, path: '/e/2024_MAY.json', source }], { demo: false });
    const root = render(store);
    expect(byId(root, 'source-sha256').map((e) => e.dataset['sha256'])).toEqual(['1'.repeat(64)]);
    expect(byId(root, 'source-extra-sha256').map((e) => e.dataset['sha256'])).toEqual([
      '2'.repeat(64),
      '3'.repeat(64),
    ]);
  });

  it('lists a source with size, short hash, counts and times in UTC and the display zone', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
    store
      .getState()
      .addResults([{ ok: true, path: '/e/visnjan.gpx', source: sourceWithIssues() }], {
        demo: false,
      });
    const root = render(store);
    expect(byId(root, 'source-row')).toHaveLength(1);
    expect(byId(root, 'source-size')[0]!.textContent).toBe('12.2 kB');
    const hash = byId(root, 'source-sha256')[0]!;
    expect(hash.textContent).toBe('7c624f58f067…507fe6');
    expect(hash.title).toHaveLength(64);
    expect(byId(root, 'source-points')[0]!.textContent).toBe('2');
    expect(byId(root, 'source-first-utc')[0]!.textContent).toBe('18/12/2020, 06:15:50 UTC');
    expect(byId(root, 'source-first-zoned')[0]!.textContent).toBe(
      '18/12/2020, 07:15:50 Europe/Brussels (UTC+01:00)',
    );
    expect(byId(root, 'issue-badge-warning')[0]!.textContent).toBe('Warning 2');
    expect(byId(root, 'issue-badge-error')[0]!.textContent).toBe('Error 1');
    expect(byId(root, 'issue-row')).toHaveLength(0);

    act(() => byId(root, 'issues-toggle')[0]!.click());
    const rows = byId(root, 'issue-row').map((r) => r.textContent);
    expect(rows).toEqual(['line 3:17Odd value', 'line 9:2Bad row', 'record 1Third']);
  });

  it('follows the language and display zone chosen in the UI', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'Europe/Brussels' });
    store.getState().addResults([{ ok: true, path: '/v', source: sourceWithIssues() }], {
      demo: false,
    });
    const root = render(store);
    act(() => {
      store.getState().setLocale('de');
      store.getState().setDisplayZone('America/New_York');
    });
    expect(root.querySelector('h2')!.textContent).toBe('Beweisquellen');
    expect(byId(root, 'source-size')[0]!.textContent).toBe('12,2 kB');
    expect(byId(root, 'source-first-zoned')[0]!.textContent).toBe(
      '18.12.2020, 01:15:50 America/New_York (UTC-05:00)',
    );
  });

  it('shows a failed import as an error row and the demo banner for the demo', () => {
    const store = createAppStore({ locale: 'en', systemZone: 'UTC' });
    store.getState().addResults([{ ok: true, path: '/demo', source: sourceWithIssues() }], {
      demo: true,
    });
    store.getState().addResults(
      [
        {
          ok: false,
          path: '/x.bin',
          name: 'x.bin',
          code: 'format.unknown',
          message: 'Unknown format',
        },
      ],
      { demo: false },
    );
    const root = render(store);
    expect(byId(root, 'demo-banner')).toHaveLength(1);
    expect(byId(root, 'import-error-row')).toHaveLength(1);
    expect(byId(root, 'import-error-message')[0]!.textContent).toBe('Unknown format');
    // With UTC as display zone the time is not shown twice.
    expect(byId(root, 'source-first-zoned')).toHaveLength(0);
  });
});
