/**
 * "Not used": evidence the derivation could not place (no time, no position, an ignition off
 * without a later on), each with its source and where it is in the file. Shown whenever there
 * is any, so nothing leaves the timeline silently.
 */
import { useMemo } from 'react';
import type { Source } from '../../../shared/model';
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { eventName } from './format';
import { skippedId, skippedItems } from './skipped';
import type { SourceIndex } from './sourceIndex';

export function SkippedList({ sources }: { sources: SourceIndex }) {
  const tr = useT();
  const timeline = useApp((s) => s.timeline);
  const byId = useMemo(() => {
    const map = new Map<string, Source>();
    for (const [id, entry] of sources) map.set(id, entry.source);
    return map;
  }, [sources]);
  const items = useMemo(() => skippedItems(timeline, byId), [timeline, byId]);
  if (items.length === 0) return null;
  return (
    <details className="tl-skipped" data-testid="timeline-skipped">
      <summary>{tr('skipped.title', { count: items.length })}</summary>
      <p className="muted">{tr('skipped.note')}</p>
      <ul>
        {items.map((s) => {
          const what =
            s.item.kind === 'reported-stop'
              ? tr('skipped.reportedStop', { index: String(s.item.index) })
              : tr('skipped.event', {
                  event: eventName(tr, s.eventType ?? 'event'),
                  index: String(s.item.index),
                });
          const where = [
            s.line !== undefined ? tr('skipped.line', { line: String(s.line) }) : null,
            s.record !== undefined ? tr('skipped.record', { record: String(s.record) }) : null,
          ].filter((x) => x !== null);
          return (
            <li
              key={skippedId(s.item)}
              data-testid="timeline-skipped-item"
              data-reason={s.item.reason}
            >
              <span
                className="tl-source-dot"
                style={{ background: sources.get(s.item.sourceId)?.colour ?? '#888' }}
              />
              <span className="tl-skipped-source">{s.sourceLabel}</span>
              <span>{[what, ...where].join(', ')}</span>
              <span className="tl-skipped-reason">{tr(`skipped.reason.${s.item.reason}`)}</span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
