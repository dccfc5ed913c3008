/**
 * The case in the renderer: dirty tracking, autosave after a quiet spell (fake timers), undo and
 * redo of timeline edits through the case history, audit reports, and an open that fails
 * changing nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AppendAuditRequest,
  CaseOpened,
  CaseSaved,
  ItineraApi,
  SaveCaseRequest,
} from '../../shared/api';
import { createAppStore, type AppStore } from '../../renderer/src/store/store';
import {
  applyOpenedCase,
  casePartsOf,
  openCase,
  saveCase,
} from '../../renderer/src/case/caseActions';
import {
  redoTimelineEdit,
  startCaseTracking,
  undoTimelineEdit,
} from '../../renderer/src/case/caseTracking';
import { defaultTimelineSettings } from '../../shared/timeline/settings';
import { fakeSource } from './fakeSource';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

const HEAD = { count: 1, hash: 'a'.repeat(64) };

function fakeApi() {
  const saves: SaveCaseRequest[] = [];
  const audit: AppendAuditRequest[] = [];
  let openResult: CaseOpened | Error = new Error('[case.truncated] the case file is incomplete');
  const api = {
    saveCase: async (req: SaveCaseRequest): Promise<CaseSaved> => {
      saves.push(req);
      return {
        caseId: 'c1',
        title: 'demo',
        path: req.path ?? '/cases/demo.itinera',
        createdAt: '2026-11-28T00:00:00.000Z',
        savedAt: '2026-11-28T10:00:00.000Z',
        auditHead: HEAD,
        tampered: false,
        bytes: 100,
        sha256: 'b'.repeat(64),
      };
    },
    pickCasePath: async () => '/cases/demo.itinera',
    openCase: async () => {
      if (openResult instanceof Error) throw openResult;
      return openResult;
    },
    appendAudit: async (req: AppendAuditRequest) => {
      audit.push(req);
      return HEAD;
    },
    newCase: async () => ({
      caseId: 'c2',
      title: '',
      path: null,
      createdAt: '2026-11-28T00:00:00.000Z',
      savedAt: null,
      auditHead: HEAD,
      tampered: false,
    }),
  } as unknown as ItineraApi;
  return {
    api,
    saves,
    audit,
    setOpenResult: (r: CaseOpened | Error) => {
      openResult = r;
    },
  };
}

function withSource(store: AppStore) {
  store.getState().addResults(
    [
      {
        ok: true,
        path: '/e/a.gpx',
        source: fakeSource('a', [
          [50, 4, 0],
          [50.1, 4.1, 60_000],
        ]) as never,
      },
    ],
    { demo: false },
  );
}

let store: AppStore;
let fake: ReturnType<typeof fakeApi>;
let stop: () => void;
let clock = 1_000;

beforeEach(() => {
  vi.useFakeTimers();
  store = createAppStore({ locale: 'en', systemZone: 'UTC', now: () => ++clock });
  fake = fakeApi();
  stop = startCaseTracking(store, fake.api, {
    autosaveMs: 30_000,
    auditBurstMs: 1_000,
    autosave: () => saveCase(store, fake.api, { auto: true }),
  });
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('case dirty tracking and autosave', () => {
  it('marks the case dirty on a change and clean after a save of that state', async () => {
    expect(store.getState().caseDirty).toBe(false);
    withSource(store);
    expect(store.getState().caseDirty).toBe(true);
    expect(await saveCase(store, fake.api)).toBe(true);
    expect(store.getState().caseDirty).toBe(false);
    expect(store.getState().caseInfo?.path).toBe('/cases/demo.itinera');
    expect(fake.saves[0]!.path).toBe('/cases/demo.itinera');
    expect(fake.saves[0]!.sources.map((s) => s.id)).toEqual(['a']);
  });

  it('demo evidence alone does not make a case to save', () => {
    store
      .getState()
      .addResults(
        [{ ok: true, path: '/demo.gpx', source: fakeSource('d', [[50, 4, 0]]) as never }],
        { demo: true },
      );
    expect(store.getState().caseDirty).toBe(false);
  });

  it('autosaves 30 s after the last change, only with a path, once per burst', async () => {
    withSource(store);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.saves).toHaveLength(0); // never saved: no path, no dialog from a timer
    await saveCase(store, fake.api);
    expect(fake.saves).toHaveLength(1);

    store.getState().setTimelineSettings({ gapS: 100 });
    await vi.advanceTimersByTimeAsync(20_000);
    store.getState().setTimelineSettings({ gapS: 200 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.saves).toHaveLength(1); // still within 30 s of the last change
    await vi.advanceTimersByTimeAsync(10_001);
    expect(fake.saves).toHaveLength(2);
    expect(fake.saves[1]!.auto).toBe(true);
    expect(fake.saves[1]!.path).toBeUndefined(); // to the case's own path
    expect(fake.saves[1]!.timeline?.gapS).toBe(200);
    expect(store.getState().caseDirty).toBe(false);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.saves).toHaveLength(2);
  });

  it('a change during a save keeps the case dirty', async () => {
    withSource(store);
    await saveCase(store, fake.api); // now the case has a path: the next save asks nothing
    store.getState().setTimelineSettings({ gapS: 1 });
    const saving = saveCase(store, fake.api);
    // Changed after the parts were collected, before the save came back.
    store.getState().setTimelineSettings({ gapS: 123 });
    await saving;
    expect(fake.saves[1]!.timeline?.gapS).toBe(1);
    expect(store.getState().caseDirty).toBe(true);
  });
});

describe('undo and redo of timeline edits', () => {
  it('undoes and redoes edits through the case history and reports them', async () => {
    withSource(store);
    const s = () => store.getState();
    s().addTimelineEdit({ kind: 'exclude', stopKey: 'k1' } as never, [1]);
    s().addTimelineEdit({ kind: 'label', stopKey: 'k2', label: 'Home' } as never, [2]);
    expect(s().editHistoryDepth).toEqual({ undo: 2, redo: 0 });
    const [first, second] = s().timelineEdits;

    expect(undoTimelineEdit(store)).toBe(true);
    expect(s().timelineEdits).toEqual([first]);
    expect(undoTimelineEdit(store)).toBe(true);
    expect(s().timelineEdits).toEqual([]);
    expect(undoTimelineEdit(store)).toBe(false);
    expect(redoTimelineEdit(store)).toBe(true);
    expect(redoTimelineEdit(store)).toBe(true);
    // The same edit objects come back, with the stop numbers they addressed.
    expect(s().timelineEdits[0]).toBe(first);
    expect(s().timelineEdits[1]!.edit).toBe(second!.edit);
    expect(s().timelineEdits[1]!.stopNumbers).toEqual([2]);
    expect(redoTimelineEdit(store)).toBe(false);

    // A new edit after an undo forgets what could have been redone.
    undoTimelineEdit(store);
    s().addTimelineEdit({ kind: 'note', stopKey: 'k3', note: 'x' } as never, [3]);
    expect(s().editHistoryDepth).toEqual({ undo: 2, redo: 0 });

    const actions = fake.audit.map((a) => [a.action, Object.keys(a.details ?? {})[0]]);
    expect(actions.filter(([a]) => a === 'exclude').length).toBeGreaterThanOrEqual(1);
    expect(fake.audit.some((a) => a.details && 'undo' in a.details)).toBe(true);
    expect(fake.audit.some((a) => a.details && 'redo' in a.details)).toBe(true);
    expect(s().caseDirty).toBe(true);
  });

  it('reports a burst of setting changes as one audit entry', async () => {
    store.getState().setTimelineSettings({ gapS: 1 });
    store.getState().setTimelineSettings({ gapS: 2 });
    store.getState().setTimelineSettings({ gapS: 3 });
    await vi.advanceTimersByTimeAsync(1_500);
    const settings = fake.audit.filter((a) => a.action === 'setting');
    expect(settings).toHaveLength(1);
    expect(settings[0]!.details).toMatchObject({ gapS: 3 });
  });
});

describe('opening a case', () => {
  function opened(): CaseOpened {
    const timeline = defaultTimelineSettings('Europe/Brussels');
    timeline.gapS = 777;
    timeline.edits = [{ kind: 'exclude', stopKey: 'z', at: 5 } as never];
    return {
      caseId: 'opened-1',
      title: 'Opened',
      path: '/cases/opened.itinera',
      createdAt: '2026-11-01T00:00:00.000Z',
      savedAt: '2026-11-02T00:00:00.000Z',
      auditHead: HEAD,
      tampered: true,
      sources: [fakeSource('o', [[51, 3, 0]]) as never],
      timeline,
      testimony: [{ kind: 'testimony', hearings: [], pins: [], sketches: [] }],
      annotations: [{ kind: 'edit-stop-numbers', numbers: [[4]] }],
      exhibits: 0,
      software: 'Itinera 0.1.0',
      fileVersion: 1,
      audit: {
        intact: false,
        entries: 5,
        firstBadIndex: 2,
        problems: [],
        head: HEAD,
      },
    };
  }

  it('a file that cannot be opened changes nothing and says why', async () => {
    withSource(store);
    store.getState().setTimelineSettings({ gapS: 42 });
    const before = casePartsOf(store.getState());
    const dirty = store.getState().caseDirty;
    expect(await openCase(store, fake.api, '/cases/bad.itinera', { confirm: () => true })).toBe(
      false,
    );
    expect(store.getState().caseProblem).toMatchObject({ kind: 'open', code: 'case.truncated' });
    expect(casePartsOf(store.getState())).toEqual(before);
    expect(store.getState().caseDirty).toBe(dirty);
  });

  it('spreads an opened case over the slices quietly, with the tampered entry', () => {
    withSource(store);
    store.getState().addTimelineEdit({ kind: 'note', stopKey: 'q', note: 'n' } as never, [1]);
    const auditBefore = fake.audit.length;
    applyOpenedCase(store, opened());
    const s = store.getState();
    expect(s.entries.map((e) => (e.kind === 'source' ? e.source.id : ''))).toEqual(['o']);
    expect(s.timelineSettings.gapS).toBe(777);
    expect(s.displayZone).toBe('Europe/Brussels');
    expect(s.timelineEdits).toEqual([
      { edit: { kind: 'exclude', stopKey: 'z', at: 5 }, stopNumbers: [4] },
    ]);
    expect(s.editHistoryDepth).toEqual({ undo: 0, redo: 0 });
    expect(s.caseInfo).toMatchObject({ title: 'Opened', tampered: true, tamperedEntry: 3 });
    expect(fake.audit.length).toBe(auditBefore); // opening is not an edit
  });
});
