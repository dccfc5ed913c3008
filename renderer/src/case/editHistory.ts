/**
 * Undo and redo of timeline edits with the case's command history (shared/case/history.ts).
 * The store keeps edits as `RecordedEdit` (the edit plus the stop numbers it addressed then);
 * the commands work on the edits themselves, by identity, so each recorded edit is found again
 * through its edit object.
 */
import { timelineEditCommand, UndoHistory } from '../../../shared/case/history';
import { defaultTimelineSettings } from '../../../shared/timeline/settings';
import type { TimelineEdit, TimelineSettings } from '../../../shared/timeline/types';
import type { RecordedEdit } from '../store/timelineSlice';

export class TimelineEditHistory {
  private readonly history: UndoHistory<TimelineSettings>;
  /** The recorded form of every edit the history has seen. */
  private readonly recordedOf = new WeakMap<TimelineEdit, RecordedEdit>();

  constructor(limit = 200) {
    this.history = new UndoHistory<TimelineSettings>(limit);
  }

  private settingsOf(edits: readonly RecordedEdit[]): TimelineSettings {
    for (const r of edits) this.recordedOf.set(r.edit, r);
    return { ...defaultTimelineSettings(), edits: edits.map((r) => r.edit) };
  }

  private recordedEdits(settings: TimelineSettings): RecordedEdit[] {
    return settings.edits.map((edit) => this.recordedOf.get(edit) ?? { edit, stopNumbers: [] });
  }

  /** Records an edit that was just appended to `before`. */
  record(recorded: RecordedEdit, before: readonly RecordedEdit[]): void {
    this.recordedOf.set(recorded.edit, recorded);
    this.history.apply(this.settingsOf(before), timelineEditCommand(recorded.edit));
  }

  /** The edits with the last recorded edit taken back; null when there is nothing to undo. */
  undo(current: readonly RecordedEdit[]): RecordedEdit[] | null {
    const next = this.history.undo(this.settingsOf(current));
    return next ? this.recordedEdits(next) : null;
  }

  redo(current: readonly RecordedEdit[]): RecordedEdit[] | null {
    const next = this.history.redo(this.settingsOf(current));
    return next ? this.recordedEdits(next) : null;
  }

  get depth(): { undo: number; redo: number } {
    return this.history.depth;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  clear(): void {
    this.history.clear();
  }
}
