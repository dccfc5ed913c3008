import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { FailedRow, SourceRow } from './SourceRow';

export function SourcesPanel({
  onReimportWithDate,
}: {
  onReimportWithDate?: (entryKey: string, date: string) => void;
} = {}) {
  const tr = useT();
  const entries = useApp((s) => s.entries);
  const pending = useApp((s) => s.pending);
  const isDemo = entries.some((e) => e.kind === 'source' && e.demo);
  const sourceCount = entries.filter((e) => e.kind === 'source').length;
  return (
    <aside className="sources-panel" aria-label={tr('sources.title')} data-testid="sources-panel">
      <header className="panel-header">
        <h2>{tr('sources.title')}</h2>
        {sourceCount > 0 && (
          <span className="panel-count">{tr('sources.count', { count: sourceCount })}</span>
        )}
      </header>
      {isDemo && (
        <div className="demo-banner" data-testid="demo-banner" role="note">
          <strong>{tr('sources.demo.title')}</strong>
          <span>{tr('sources.demo.body')}</span>
        </div>
      )}
      {pending > 0 && (
        <div className="loading-row" data-testid="sources-loading" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          {tr('sources.loading')}
        </div>
      )}
      {entries.length === 0 && pending === 0 && <p className="empty">{tr('sources.empty')}</p>}
      <ul className="source-list">
        {entries.map((entry) =>
          entry.kind === 'source' ? (
            <SourceRow key={entry.key} entry={entry} onReimportWithDate={onReimportWithDate} />
          ) : (
            <FailedRow key={entry.key} entry={entry} />
          ),
        )}
      </ul>
    </aside>
  );
}
