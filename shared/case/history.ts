/**
 * Undo and redo for document edits, as commands: each edit knows how to apply itself and how to
 * take itself back, so the stack holds small edits, never copies of the document (a case with
 * millions of fixes cannot be copied per keystroke). Bounded: the oldest edits fall off.
 * Documents are treated as immutable: `apply` and `revert` return a new document.
 */
import type { TimelineEdit, TimelineSettings } from '../timeline/types';

export interface HistoryEdit<D> {
  /** Shown as "Undo <label>". */
  label: string;
  apply(doc: D): D;
  revert(doc: D): D;
  /**
   * Consecutive edits with the same key fold into one step (a slider dragged through twenty
   * values is undone at once): the folded step reverts to the state before the first.
   */
  mergeKey?: string;
}

export class UndoHistory<D> {
  private past: HistoryEdit<D>[] = [];
  private future: HistoryEdit<D>[] = [];

  constructor(readonly limit = 200) {
    if (!(limit >= 1)) throw new RangeError('history limit must be at least 1');
  }

  /** Applies an edit, records it and forgets anything that could have been redone. */
  apply(doc: D, edit: HistoryEdit<D>): D {
    const next = edit.apply(doc);
    const last = this.past[this.past.length - 1];
    if (edit.mergeKey !== undefined && last && last.mergeKey === edit.mergeKey) {
      this.past[this.past.length - 1] = {
        label: edit.label,
        mergeKey: edit.mergeKey,
        apply: (d) => edit.apply(last.apply(d)),
        revert: (d) => last.revert(edit.revert(d)),
      };
    } else {
      this.past.push(edit);
      if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    }
    this.future = [];
    return next;
  }

  /** The document before the last edit, or null when there is nothing to undo. */
  undo(doc: D): D | null {
    const edit = this.past.pop();
    if (!edit) return null;
    this.future.push(edit);
    return edit.revert(doc);
  }

  redo(doc: D): D | null {
    const edit = this.future.pop();
    if (!edit) return null;
    this.past.push(edit);
    return edit.apply(doc);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  get undoLabel(): string | null {
    return this.past[this.past.length - 1]?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future[this.future.length - 1]?.label ?? null;
  }

  get depth(): { undo: number; redo: number } {
    return { undo: this.past.length, redo: this.future.length };
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }
}

/** Records one examiner edit of the timeline (label, note, exclude, merge, split). */
export function timelineEditCommand(edit: TimelineEdit): HistoryEdit<TimelineSettings> {
  return {
    label: `${edit.kind} edit`,
    apply: (s) => ({ ...s, edits: [...s.edits, edit] }),
    // Removes this very edit (by identity), wherever later edits have put it.
    revert: (s) => {
      const at = s.edits.lastIndexOf(edit);
      return at < 0 ? s : { ...s, edits: [...s.edits.slice(0, at), ...s.edits.slice(at + 1)] };
    },
  };
}

/** The case-wide timeline settings that are a single number or zone. */
export type ScalarSettingKey =
  'stopRadiusM' | 'stopMinS' | 'gapS' | 'conflictSpeedKmh' | 'mergeRadiusM' | 'displayZone';

/** Changes one case-wide timeline setting; repeated changes of the same setting fold into one step. */
export function timelineSettingCommand<K extends ScalarSettingKey>(
  key: K,
  value: TimelineSettings[K],
  current: TimelineSettings,
): HistoryEdit<TimelineSettings> {
  const before = current[key];
  return {
    label: `change ${key}`,
    mergeKey: `setting:${key}`,
    apply: (s) => ({ ...s, [key]: value }),
    revert: (s) => {
      if (before !== undefined) return { ...s, [key]: before };
      // Absent before: take the key out again rather than leave it present and undefined.
      const { [key]: _dropped, ...rest } = s;
      return rest as TimelineSettings;
    },
  };
}
