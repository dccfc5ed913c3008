/** Every edit of the derived timeline, in order, with when it was made; the last can be undone. */
import { formatDateTimeWithZone } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import { redoTimelineEdit, undoTimelineEdit } from '../case/caseTracking';
import { useApp, useAppStore } from '../store/StoreContext';
import { describeEdit } from './editText';

export function EditLog() {
  const tr = useT();
  const locale = useLocale();
  const zone = useApp((s) => s.displayZone);
  const edits = useApp((s) => s.timelineEdits);
  const store = useAppStore();
  // Through the case history, so an undone edit can be redone (Ctrl+Z / Ctrl+Y too).
  const depth = useApp((s) => s.editHistoryDepth);
  const outcomes = useApp((s) => s.timeline?.editLog);
  const redoButton = (
    <button
      type="button"
      data-testid="edit-redo"
      disabled={depth.redo === 0}
      onClick={() => redoTimelineEdit(store)}
    >
      {tr('edits.redo')}
    </button>
  );
  return (
    <section className="edit-log" aria-label={tr('edits.title')} data-testid="edit-log">
      {edits.length === 0 ? (
        <>
          <p className="empty">{tr('edits.empty')}</p>
          {depth.redo > 0 && redoButton}
        </>
      ) : (
        <>
          <ol>
            {edits.map((recorded, i) => {
              const outcome = outcomes?.find((o) => o.index === i);
              return (
                <li key={i} data-testid="edit-log-entry">
                  <span className="edit-text">{describeEdit(tr, locale, zone, recorded)}</span>
                  {outcome && !outcome.applied && (
                    <div className="edit-failed" data-testid="edit-not-applied">
                      {tr('edits.notApplied', { reason: outcome.reason ?? '' })}
                    </div>
                  )}
                  <time className="muted" dateTime={new Date(recorded.edit.at).toISOString()}>
                    {formatDateTimeWithZone(locale, recorded.edit.at, zone)}
                  </time>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            data-testid="edit-undo"
            disabled={depth.undo === 0}
            onClick={() => undoTimelineEdit(store)}
          >
            {tr('edits.undo')}
          </button>
          {redoButton}
        </>
      )}
    </section>
  );
}
