/**
 * The case in the renderer: which case is open (title, path, audit state), whether it has
 * unsaved changes, the undo history of timeline edits, and the case dialogs. The case's
 * content lives in the other slices (sources, timeline, testimony); renderer/src/case/
 * collects it for a save and spreads an opened case back over them.
 */
import type { StateCreator } from 'zustand';
import type { AuditHead } from '../../../shared/case/audit';
import type { CaseSummary } from '../../../shared/api';
import { TimelineEditHistory } from '../case/editHistory';
import type { RecordedEdit, TimelineSlice } from './timelineSlice';

export interface CaseInfo {
  caseId: string;
  title: string;
  path: string | null;
  savedAt: string | null;
  auditHead: AuditHead;
  tampered: boolean;
  /** First audit entry that cannot be trusted (1-based), when the log was altered. */
  tamperedEntry: number | null;
}

/** Why the last open or save failed; shown until dismissed. The current case is unchanged. */
export interface CaseProblem {
  kind: 'open' | 'save';
  code: string;
  message: string;
}

export type CaseDialog = 'audit' | 'evidence' | null;

export interface CaseSlice {
  caseInfo: CaseInfo | null;
  /** Something the case holds changed since it was last saved or opened. */
  caseDirty: boolean;
  /** Grows with every change, so an autosave knows whether it saved the latest state. */
  caseRevision: number;
  caseBusy: 'saving' | 'opening' | null;
  caseProblem: CaseProblem | null;
  caseDialog: CaseDialog;
  /** The undo/redo stack of timeline edits (mutable; `editHistoryDepth` is what renders). */
  editHistory: TimelineEditHistory;
  editHistoryDepth: { undo: number; redo: number };
  setCaseInfo(summary: CaseSummary, tamperedEntry?: number | null): void;
  markCaseDirty(): void;
  /** Marks the case saved, unless it changed again since `revision` was taken. */
  markCaseSaved(revision: number): void;
  setCaseBusy(busy: CaseSlice['caseBusy']): void;
  setCaseProblem(problem: CaseProblem | null): void;
  setCaseDialog(dialog: CaseDialog): void;
  /** Records a timeline edit the examiner made (already in `timelineEdits`) for undo. */
  recordTimelineEdit(recorded: RecordedEdit, before: readonly RecordedEdit[]): void;
  undoEdit(): boolean;
  redoEdit(): boolean;
  /** Forgets the undo history (a new or opened case starts without one). */
  clearEditHistory(): void;
}

export function createCaseSlice(): StateCreator<CaseSlice & TimelineSlice, [], [], CaseSlice> {
  return (set, get) => {
    const history = new TimelineEditHistory();
    const depth = () => ({ editHistoryDepth: history.depth });
    return {
      caseInfo: null,
      caseDirty: false,
      caseRevision: 0,
      caseBusy: null,
      caseProblem: null,
      caseDialog: null,
      editHistory: history,
      editHistoryDepth: { undo: 0, redo: 0 },

      setCaseInfo(summary, tamperedEntry = null) {
        set({
          caseInfo: {
            caseId: summary.caseId,
            title: summary.title,
            path: summary.path,
            savedAt: summary.savedAt,
            auditHead: summary.auditHead,
            tampered: summary.tampered,
            tamperedEntry: summary.tampered
              ? (tamperedEntry ?? get().caseInfo?.tamperedEntry ?? null)
              : null,
          },
        });
      },
      markCaseDirty() {
        set((s) => ({ caseDirty: true, caseRevision: s.caseRevision + 1 }));
      },
      markCaseSaved(revision) {
        if (get().caseRevision === revision) set({ caseDirty: false });
      },
      setCaseBusy(caseBusy) {
        set({ caseBusy });
      },
      setCaseProblem(caseProblem) {
        set({ caseProblem });
      },
      setCaseDialog(caseDialog) {
        set({ caseDialog });
      },
      recordTimelineEdit(recorded, before) {
        history.record(recorded, before);
        set(depth());
      },
      undoEdit() {
        const edits = history.undo(get().timelineEdits);
        if (!edits) return false;
        set({ timelineEdits: edits, ...depth() });
        return true;
      },
      redoEdit() {
        const edits = history.redo(get().timelineEdits);
        if (!edits) return false;
        set({ timelineEdits: edits, ...depth() });
        return true;
      },
      clearEditHistory() {
        history.clear();
        set(depth());
      },
    };
  };
}
