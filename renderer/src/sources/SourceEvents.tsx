/**
 * What a source reported besides positions: typed vehicle events counted by type, stops the
 * source itself reported, and the date a GGA-only NMEA log needs before its times mean anything.
 */
import { useState } from 'react';
import type { ImportedSource } from '../../../shared/api';
import type { EventType } from '../../../shared/model';
import { formatNumber } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';

export function countEventsByType(source: ImportedSource): [EventType, number][] {
  const counts = new Map<EventType, number>();
  for (const event of source.events ?? [])
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function SourceEvents({ source }: { source: ImportedSource }) {
  const tr = useT();
  const locale = useLocale();
  const byType = countEventsByType(source);
  const stops = source.reportedStops?.length ?? 0;
  if (byType.length === 0 && stops === 0) return null;
  return (
    <dl className="facts source-events">
      {byType.length > 0 && (
        <>
          <dt>{tr('source.events')}</dt>
          <dd data-testid="source-events" data-value={source.events?.length ?? 0}>
            <ul className="event-counts">
              {byType.map(([type, count]) => (
                <li key={type} data-testid="source-event-count" data-type={type} data-value={count}>
                  <span className="event-type">{tr(`event.${type}`)}</span>{' '}
                  <span className="event-count">{formatNumber(locale, count)}</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {stops > 0 && (
        <>
          <dt>{tr('source.stops')}</dt>
          <dd data-testid="source-stops" data-value={stops}>
            {formatNumber(locale, stops)}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The date input for a log that asked for its date; submitting re-imports the file with it. */
export function NeedsDate({
  source,
  onSubmit,
}: {
  source: ImportedSource;
  onSubmit?: (date: string) => void;
}) {
  const tr = useT();
  const [date, setDate] = useState('');
  const need = source.needs?.find((n) => n.kind === 'date');
  if (!need) return null;
  return (
    <form
      className="needs-date"
      data-testid="source-needs-date"
      onSubmit={(e) => {
        e.preventDefault();
        if (/^\d{4}-\d{2}-\d{2}$/.test(date)) onSubmit?.(date);
      }}
    >
      <label>
        <span>{tr('source.needsDate')}</span>
        <input
          type="date"
          value={date}
          required
          data-testid="source-needs-date-input"
          title={need.message}
          onChange={(e) => setDate(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="secondary-button"
        data-testid="source-needs-date-apply"
        disabled={!onSubmit || date === ''}
      >
        {tr('source.needsDate.apply')}
      </button>
    </form>
  );
}
