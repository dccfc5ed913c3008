import { describe, expect, it } from 'vitest';
import {
  UndoHistory,
  timelineEditCommand,
  timelineSettingCommand,
  type HistoryEdit,
} from '../../../shared/case/history';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type { TimelineEdit } from '../../../shared/timeline/types';

const add = (n: number): HistoryEdit<number> => ({
  label: `add ${n}`,
  apply: (d) => d + n,
  revert: (d) => d - n,
});

describe('UndoHistory', () => {
  it('undoes and redoes in order', () => {
    const h = new UndoHistory<number>();
    let doc = 0;
    doc = h.apply(doc, add(1));
    doc = h.apply(doc, add(10));
    expect(doc).toBe(11);
    expect(h.undoLabel).toBe('add 10');
    doc = h.undo(doc)!;
    expect(doc).toBe(1);
    expect(h.redoLabel).toBe('add 10');
    doc = h.undo(doc)!;
    expect(doc).toBe(0);
    expect(h.undo(doc)).toBeNull();
    expect(h.canUndo).toBe(false);
    doc = h.redo(doc)!;
    doc = h.redo(doc)!;
    expect(doc).toBe(11);
    expect(h.redo(doc)).toBeNull();
  });

  it('forgets the redo branch when a new edit is made', () => {
    const h = new UndoHistory<number>();
    let doc = h.apply(0, add(1));
    doc = h.apply(doc, add(2));
    doc = h.undo(doc)!;
    doc = h.apply(doc, add(100));
    expect(doc).toBe(101);
    expect(h.canRedo).toBe(false);
    expect(h.undo(doc)).toBe(1);
  });

  it('is bounded: the oldest edits fall off', () => {
    const h = new UndoHistory<number>(3);
    let doc = 0;
    for (let i = 1; i <= 5; i++) doc = h.apply(doc, add(i));
    expect(h.depth).toEqual({ undo: 3, redo: 0 });
    while (h.canUndo) doc = h.undo(doc)!;
    expect(doc).toBe(1 + 2);
  });

  it('folds consecutive edits with the same merge key into one step', () => {
    const h = new UndoHistory<number>();
    let doc = h.apply(0, add(1));
    for (let i = 0; i < 20; i++) doc = h.apply(doc, { ...add(1), mergeKey: 'slider' });
    expect(doc).toBe(21);
    expect(h.depth.undo).toBe(2);
    doc = h.undo(doc)!;
    expect(doc).toBe(1);
    doc = h.redo(doc)!;
    expect(doc).toBe(21);
  });
});

describe('timeline commands', () => {
  it('undoes a timeline edit by removing exactly that edit', () => {
    const h = new UndoHistory<ReturnType<typeof defaultTimelineSettings>>();
    const e1: TimelineEdit = { kind: 'label', stopKey: 'k1', label: 'Home', at: 1 };
    const e2: TimelineEdit = { kind: 'exclude', stopKey: 'k2', excluded: true, at: 2 };
    const start = defaultTimelineSettings('UTC');
    let s = h.apply(start, timelineEditCommand(e1));
    s = h.apply(s, timelineEditCommand(e2));
    expect(s.edits).toEqual([e1, e2]);
    expect(start.edits).toEqual([]);
    s = h.undo(s)!;
    expect(s.edits).toEqual([e1]);
    s = h.undo(s)!;
    expect(s.edits).toEqual([]);
    s = h.redo(s)!;
    expect(s.edits).toEqual([e1]);
  });

  it('undoes a setting change to its old value (and to absent when it was absent)', () => {
    const h = new UndoHistory<ReturnType<typeof defaultTimelineSettings>>();
    const start = { ...defaultTimelineSettings('UTC') };
    delete start.stopRadiusM;
    let s = h.apply(start, timelineSettingCommand('gapS', 900, start));
    s = h.apply(s, timelineSettingCommand('gapS', 1200, s));
    s = h.apply(s, timelineSettingCommand('stopRadiusM', 75, s));
    expect(s.gapS).toBe(1200);
    expect(h.depth.undo).toBe(2);
    s = h.undo(s)!;
    expect('stopRadiusM' in s).toBe(false);
    s = h.undo(s)!;
    expect(s.gapS).toBe(start.gapS);
  });
});
