/**
 * Places visited more than once, from the derivation's place groups. Choosing one filters the
 * list to its visits (and selects the first, so the map goes there); choosing it again, or
 * "show all", lifts the filter.
 */
import { useMemo } from 'react';
import { useLocale, useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { formatPlace, formatSpan } from './format';
import { recurringPlaces } from './recurringPlaces';
import { entryId } from './rows';

export function RecurringPlacesList() {
  const tr = useT();
  const locale = useLocale();
  const timeline = useApp((s) => s.timeline);
  const zone = useApp((s) => s.displayZone);
  const chosen = useApp((s) => s.timelineFilters.placeGroup);
  const setFilters = useApp((s) => s.setTimelineFilters);
  const select = useApp((s) => s.selectTimelineEntry);
  const places = useMemo(() => recurringPlaces(timeline), [timeline]);
  if (places.length === 0 && chosen === undefined) return null;

  const show = (group: number | undefined) => setFilters({ placeGroup: group });
  return (
    <details className="tl-places" data-testid="timeline-places" open={chosen !== undefined}>
      <summary>{tr('places.title', { count: places.length })}</summary>
      {chosen !== undefined && (
        <div className="tl-places-active">
          <span data-testid="timeline-places-active">
            {tr('places.showing', { n: String(chosen) })}
          </span>
          <button
            type="button"
            className="link-button"
            data-testid="timeline-places-all"
            onClick={() => show(undefined)}
          >
            {tr('places.showAll')}
          </button>
        </div>
      )}
      <ul>
        {places.map((p) => {
          const on = chosen === p.group;
          return (
            <li key={p.group}>
              <button
                type="button"
                className={`tl-place${on ? ' selected' : ''}`}
                aria-pressed={on}
                data-testid="timeline-place"
                data-group={p.group}
                onClick={() => {
                  if (on) return show(undefined);
                  show(p.group);
                  const first = p.stops[0];
                  if (first) select(entryId(first), 'list');
                }}
              >
                <strong>{tr('stop.recurring', { n: String(p.group) })}</strong>
                <span>{p.label ?? formatPlace(tr, p.place)}</span>
                <span className="muted">
                  {tr('places.visits', { count: p.stops.length })}
                  {': '}
                  {p.stops
                    .map(
                      (s) =>
                        `${s.n > 0 ? `#${s.n} ` : ''}${formatSpan(locale, s.start, s.end, zone)}`,
                    )
                    .join('; ')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
