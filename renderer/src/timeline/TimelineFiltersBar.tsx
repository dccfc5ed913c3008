/** Filters of the timeline list: entry types, sources, and a time range read in the display zone. */
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { NO_TIMELINE_FILTERS, type TimelineRowKind } from '../store/timelineSlice';
import type { SourceIndex } from './sourceIndex';
import { fromZoneLocalInput, toZoneLocalInput } from './zoneInput';

export function TimelineFiltersBar({
  sources,
  kinds,
}: {
  sources: SourceIndex;
  kinds: readonly TimelineRowKind[];
}) {
  const tr = useT();
  const filters = useApp((s) => s.timelineFilters);
  const zone = useApp((s) => s.displayZone);
  const toggleKind = useApp((s) => s.toggleTimelineKind);
  const toggleSource = useApp((s) => s.toggleTimelineSource);
  const setFilters = useApp((s) => s.setTimelineFilters);
  const range = filters.range;
  const active =
    filters.hiddenKinds.length > 0 ||
    filters.hiddenSources.length > 0 ||
    range !== null ||
    filters.placeGroup !== undefined;

  const setBound = (which: 'start' | 'end', value: string) => {
    const t = value === '' ? NaN : fromZoneLocalInput(value, zone);
    const start = which === 'start' ? t : (range?.start ?? -Infinity);
    const end = which === 'end' ? t : (range?.end ?? Infinity);
    const s = Number.isFinite(start) ? start : -Infinity;
    const e = Number.isFinite(end) ? end : Infinity;
    setFilters({ range: s === -Infinity && e === Infinity ? null : { start: s, end: e } });
  };

  return (
    <div className="tl-filters" data-testid="timeline-filters">
      <div className="tl-filter-row" role="group" aria-label={tr('timeline.filter.types')}>
        {kinds.map((kind) => {
          const on = !filters.hiddenKinds.includes(kind);
          return (
            <button
              key={kind}
              type="button"
              className={`tl-toggle kind-${kind}${on ? ' on' : ''}`}
              aria-pressed={on}
              data-testid={`timeline-filter-${kind}`}
              onClick={() => toggleKind(kind)}
            >
              {tr(`timeline.rowKind.${kind}`)}
            </button>
          );
        })}
      </div>
      {sources.size > 1 && (
        <div className="tl-filter-row" role="group" aria-label={tr('timeline.filter.sources')}>
          {[...sources.values()].map((entry) => {
            const on = !filters.hiddenSources.includes(entry.source.id);
            return (
              <button
                key={entry.source.id}
                type="button"
                className={`tl-toggle source${on ? ' on' : ''}`}
                aria-pressed={on}
                title={entry.source.label}
                onClick={() => toggleSource(entry.source.id)}
              >
                <span className="tl-source-dot" style={{ background: entry.colour }} />
                <span className="tl-toggle-label">{entry.source.label}</span>
              </button>
            );
          })}
        </div>
      )}
      <div className="tl-filter-row tl-range">
        <label>
          <span>{tr('timeline.filter.from')}</span>
          <input
            type="datetime-local"
            data-testid="timeline-filter-from"
            value={range && Number.isFinite(range.start) ? toZoneLocalInput(range.start, zone) : ''}
            onChange={(e) => setBound('start', e.target.value)}
          />
        </label>
        <label>
          <span>{tr('timeline.filter.to')}</span>
          <input
            type="datetime-local"
            data-testid="timeline-filter-to"
            value={range && Number.isFinite(range.end) ? toZoneLocalInput(range.end, zone) : ''}
            onChange={(e) => setBound('end', e.target.value)}
          />
        </label>
        {active && (
          <button
            type="button"
            className="link-button"
            onClick={() => setFilters(NO_TIMELINE_FILTERS)}
          >
            {tr('timeline.filter.clear')}
          </button>
        )}
      </div>
    </div>
  );
}
