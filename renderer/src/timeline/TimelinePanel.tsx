/**
 * The timeline column: what was derived (summary and status), filters, the windowed list,
 * the selected stop's panel, evidence not used, recurring places, co-presence, the method
 * settings and the edit log.
 */
import { useCallback, useMemo, useState } from 'react';
import { useLocale, useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { TIMELINE_ROW_KINDS } from '../store/timelineSlice';
import { EditLog } from './EditLog';
import { buildTimelineRows, filterTimelineRows, stopOfId } from './rows';
import { useSourceIndex } from './sourceIndex';
import { StopPanel } from './StopPanel';
import { TimelineFiltersBar } from './TimelineFiltersBar';
import { TimelineList } from './TimelineList';
import { TimelineSettingsForm } from './TimelineSettingsForm';
import { CoPresencePanel } from './CoPresencePanel';
import { RecurringPlacesList } from './RecurringPlacesList';
import { SkippedList } from './SkippedList';
import { timelineSources } from './derivation';
import './timeline.css';

type Tab = 'list' | 'together' | 'settings' | 'edits';

export function TimelinePanel() {
  const tr = useT();
  const locale = useLocale();
  const [tab, setTab] = useState<Tab>('list');
  const timeline = useApp((s) => s.timeline);
  const status = useApp((s) => s.timelineStatus);
  const filters = useApp((s) => s.timelineFilters);
  const selection = useApp((s) => s.timelineSelection);
  const edits = useApp((s) => s.timelineEdits);
  const zone = useApp((s) => s.displayZone);
  const entries = useApp((s) => s.entries);
  const select = useApp((s) => s.selectTimelineEntry);
  const sourceIndex = useSourceIndex();

  const allRows = useMemo(
    () => (timeline ? buildTimelineRows(timeline, timelineSources(entries)) : []),
    [timeline, entries],
  );
  const rows = useMemo(() => filterTimelineRows(allRows, filters), [allRows, filters]);
  const counts = useMemo(() => {
    const c = { stops: 0, gaps: 0, conflicts: 0 };
    for (const e of timeline?.entries ?? []) {
      if (e.type === 'stop' && !e.excluded) c.stops += 1;
      else if (e.type === 'gap') c.gaps += 1;
      else if (e.type === 'conflict') c.conflicts += 1;
    }
    return c;
  }, [timeline]);

  const skippedCount = timeline?.skipped?.length ?? 0;

  const selectedId = selection?.id ?? null;
  const selectedStop = stopOfId(timeline, selectedId);
  const revealSeq = selection?.origin === 'map' ? selection.seq : 0;
  const onSelect = useCallback((id: string) => select(id, 'list'), [select]);

  return (
    <aside
      className="timeline-panel"
      aria-label={tr('timeline.title')}
      data-testid="timeline-panel"
    >
      <header className="panel-header tl-header">
        <h2>{tr('timeline.title')}</h2>
        {timeline && (
          <span className="panel-count" data-testid="timeline-summary">
            {[
              tr('timeline.summaryStops', { count: counts.stops }),
              tr('timeline.summaryGaps', { count: counts.gaps }),
              tr('timeline.summaryConflicts', { count: counts.conflicts }),
              ...(skippedCount > 0 ? [tr('timeline.summarySkipped', { count: skippedCount })] : []),
            ].join(' · ')}
          </span>
        )}
      </header>
      <div className="tl-status" aria-live="polite">
        {status.state === 'deriving' && (
          <span data-testid="timeline-deriving">
            <span className="spinner" aria-hidden="true" /> {tr('timeline.deriving')}
          </span>
        )}
        {status.state === 'error' && (
          <span className="tl-error" role="alert">
            {tr('timeline.error', { message: status.message })}
          </span>
        )}
        {status.state !== 'error' && (
          <span className="tl-zone" data-testid="timeline-zone">
            {tr('timeline.zone', { zone })}
          </span>
        )}
      </div>
      <div className="tl-tabs" role="tablist">
        {(['list', 'together', 'settings', 'edits'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            data-testid={`timeline-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'list'
              ? tr('timeline.tab.list')
              : t === 'together'
                ? tr('timeline.tab.together', { count: timeline?.coPresence.length ?? 0 })
                : t === 'settings'
                  ? tr('timeline.tab.settings')
                  : tr('timeline.tab.edits', { count: edits.length })}
          </button>
        ))}
      </div>
      {tab === 'list' && (
        <>
          <TimelineFiltersBar sources={sourceIndex} kinds={TIMELINE_ROW_KINDS} />
          <RecurringPlacesList />
          <SkippedList sources={sourceIndex} />
          {!timeline && status.state !== 'deriving' && (
            <p className="empty">{tr('timeline.empty')}</p>
          )}
          {timeline && rows.length === 0 && <p className="empty">{tr('timeline.noMatch')}</p>}
          <div className="tl-shown">{tr('timeline.shown', { count: rows.length })}</div>
          <TimelineList
            rows={rows}
            selectedId={selectedId}
            revealSeq={revealSeq}
            tr={tr}
            locale={locale}
            zone={zone}
            sources={sourceIndex}
            onSelect={onSelect}
          />
          {selectedStop && timeline && (
            <StopPanel stop={selectedStop} timeline={timeline} sources={sourceIndex} />
          )}
        </>
      )}
      {tab === 'together' && <CoPresencePanel sources={sourceIndex} />}
      {tab === 'settings' && <TimelineSettingsForm sources={sourceIndex} />}
      {tab === 'edits' && <EditLog />}
    </aside>
  );
}
