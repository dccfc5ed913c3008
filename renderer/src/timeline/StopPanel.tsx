/**
 * The selected stop, with everything that supports it per source, its place (approximate,
 * by nature) and the examiner's edits: label, note, exclude, split, merge. Every edit goes
 * to the edit log and the timeline is derived again with it.
 */
import { useState } from 'react';
import { formatDateTimeWithZone, formatNumber, type Locale } from '../../../shared/i18n';
import type { EvidenceRef, Timeline, TimelineStop } from '../../../shared/timeline/types';
import { useLocale, useT, type Translate } from '../i18n';
import { useApp } from '../store/StoreContext';
import type { NewTimelineEdit } from '../store/timelineSlice';
import {
  eventName,
  formatClock,
  formatDistance,
  formatDuration,
  sourceKindName,
  stopTitle,
} from './format';
import { PhotoSlot } from './PhotoSlot';
import type { SourceIndex } from './sourceIndex';
import { fromZoneLocalInput, toZoneLocalInput } from './zoneInput';

export function StopPanel({
  stop,
  timeline,
  sources,
}: {
  stop: TimelineStop;
  timeline: Timeline;
  sources: SourceIndex;
}) {
  const tr = useT();
  const locale = useLocale();
  const zone = useApp((s) => s.displayZone);
  const addEdit = useApp((s) => s.addTimelineEdit);
  const select = useApp((s) => s.selectTimelineEntry);
  const [label, setLabel] = useState(stop.label ?? '');
  const [note, setNote] = useState(stop.note ?? '');
  const [splitAt, setSplitAt] = useState(toZoneLocalInput((stop.start + stop.end) / 2, zone));
  const [splitError, setSplitError] = useState(false);

  const stops = timeline.entries.filter((e): e is TimelineStop => e.type === 'stop');
  const position = stops.findIndex((s) => s.key === stop.key);
  const previous = position > 0 ? stops[position - 1] : undefined;
  const next = position >= 0 ? stops[position + 1] : undefined;
  const edit = (e: NewTimelineEdit, numbers: number[] = [stop.n]) => addEdit(e, numbers);

  const split = () => {
    const t = fromZoneLocalInput(splitAt, zone);
    if (!(t > stop.start && t < stop.end)) {
      setSplitError(true);
      return;
    }
    setSplitError(false);
    edit({ kind: 'split', stopKey: stop.key, atT: t });
  };

  const bySource = new Map<string, EvidenceRef[]>();
  for (const ref of stop.evidence) {
    const list = bySource.get(ref.sourceId) ?? [];
    list.push(ref);
    bySource.set(ref.sourceId, list);
  }

  return (
    <section
      className={`stop-panel${stop.excluded ? ' excluded' : ''}`}
      aria-label={tr('stop.title', { n: stop.n })}
      data-testid="stop-panel"
      data-stop-key={stop.key}
    >
      <header className="stop-header">
        <span className="tl-badge">{stop.excluded ? '–' : stop.n}</span>
        <div className="stop-heading">
          <h3>{stop.excluded ? tr('stop.titleExcluded') : tr('stop.title', { n: stop.n })}</h3>
          <div className="stop-subtitle" data-testid="stop-title">
            {stopTitle(tr, stop)}
          </div>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={tr('stop.close')}
          title={tr('stop.close')}
          onClick={() => select(null, 'list')}
        >
          ×
        </button>
      </header>

      <dl className="stop-facts">
        <dt>{tr('stop.arrival')}</dt>
        <dd data-epoch={stop.start}>{formatDateTimeWithZone(locale, stop.start, zone)}</dd>
        <dt>{tr('stop.departure')}</dt>
        <dd data-epoch={stop.end}>{formatDateTimeWithZone(locale, stop.end, zone)}</dd>
        <dt>{tr('stop.duration')}</dt>
        <dd>{formatDuration(tr, stop.durationS)}</dd>
        <dt>{tr('stop.position')}</dt>
        <dd>
          {stop.lat.toFixed(5)}, {stop.lon.toFixed(5)}{' '}
          <span className="muted">
            ({tr('stop.radius', { m: formatNumber(locale, stop.radiusM) })})
          </span>
        </dd>
        <dt>{tr('stop.place')}</dt>
        <dd>
          {stop.place
            ? tr('stop.placeNearest', {
                name: stop.place.name,
                country: stop.place.country,
                distance: formatDistance(tr, locale, stop.place.distanceM),
              })
            : tr('timeline.noPlace')}
          {stop.placeGroup !== undefined && (
            <div className="muted">{tr('stop.recurring', { n: stop.placeGroup })}</div>
          )}
        </dd>
        <dt>{tr('stop.origin')}</dt>
        <dd>{stop.origin.map((o) => tr(`stop.origin.${o}`)).join(', ')}</dd>
      </dl>

      <form
        className="stop-edit"
        onSubmit={(e) => {
          e.preventDefault();
          if (label.trim() === (stop.label ?? '')) return;
          edit({ kind: 'label', stopKey: stop.key, label: label.trim() });
        }}
      >
        <label htmlFor="stop-label">{tr('stop.label')}</label>
        <div className="stop-edit-row">
          <input
            id="stop-label"
            data-testid="stop-label-input"
            value={label}
            maxLength={200}
            onChange={(e) => setLabel(e.target.value)}
          />
          <button type="submit" data-testid="stop-label-save">
            {tr('stop.save')}
          </button>
        </div>
      </form>
      <form
        className="stop-edit"
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim() === (stop.note ?? '')) return;
          edit({ kind: 'note', stopKey: stop.key, note: note.trim() });
        }}
      >
        <label htmlFor="stop-note">{tr('stop.note')}</label>
        <div className="stop-edit-row">
          <textarea
            id="stop-note"
            data-testid="stop-note-input"
            rows={2}
            value={note}
            maxLength={4000}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit">{tr('stop.save')}</button>
        </div>
      </form>

      <div className="stop-actions" role="group" aria-label={tr('stop.actions')}>
        <button
          type="button"
          data-testid="stop-exclude"
          onClick={() => edit({ kind: 'exclude', stopKey: stop.key, excluded: !stop.excluded })}
        >
          {stop.excluded ? tr('stop.include') : tr('stop.exclude')}
        </button>
        <button
          type="button"
          disabled={!previous}
          onClick={() =>
            previous &&
            edit({ kind: 'merge', stopKeys: [previous.key, stop.key] }, [previous.n, stop.n])
          }
        >
          {tr('stop.mergePrevious')}
        </button>
        <button
          type="button"
          disabled={!next}
          onClick={() =>
            next && edit({ kind: 'merge', stopKeys: [stop.key, next.key] }, [stop.n, next.n])
          }
        >
          {tr('stop.mergeNext')}
        </button>
        <div className="stop-split">
          <label>
            <span>{tr('stop.splitAt')}</span>
            <input
              type="datetime-local"
              data-testid="stop-split-at"
              value={splitAt}
              min={toZoneLocalInput(stop.start, zone)}
              max={toZoneLocalInput(stop.end, zone)}
              onChange={(e) => setSplitAt(e.target.value)}
            />
          </label>
          <button type="button" data-testid="stop-split" onClick={split}>
            {tr('stop.split')}
          </button>
        </div>
        {splitError && <div className="tl-error">{tr('stop.splitInvalid')}</div>}
      </div>

      <h4>{tr('stop.evidence')}</h4>
      <ul className="stop-evidence" data-testid="stop-evidence">
        {[...bySource].map(([sourceId, refs]) => {
          const entry = sources.get(sourceId);
          return (
            <li key={sourceId}>
              <div className="stop-evidence-source">
                <span className="tl-source-dot" style={{ background: entry?.colour ?? '#888' }} />
                <strong>{entry?.source.label ?? sourceId}</strong>
                <span className="muted">{sourceKindName(tr, entry?.source.kind)}</span>
              </div>
              <ul>
                {refs.map((ref, i) => (
                  <li key={i} className={`ev-${ref.kind}`}>
                    <EvidenceLine
                      evidence={ref}
                      tr={tr}
                      locale={locale}
                      zone={zone}
                      sourceKey={entry?.key}
                      reportedName={
                        ref.kind === 'reported-stop'
                          ? (ref.name ?? entry?.source.reportedStops?.[ref.index]?.name)
                          : undefined
                      }
                    />
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function EvidenceLine({
  evidence: ref,
  tr,
  locale,
  zone,
  sourceKey,
  reportedName,
}: {
  evidence: EvidenceRef;
  tr: Translate;
  locale: Locale;
  zone: string;
  sourceKey: string | undefined;
  reportedName: string | undefined;
}) {
  switch (ref.kind) {
    case 'fixes':
      return (
        <>
          {tr('stop.fixes', {
            count: ref.count,
            from: formatClock(locale, ref.start, zone),
            to: formatClock(locale, ref.end, zone),
          })}
        </>
      );
    case 'reported-stop':
      return (
        <>
          {reportedName ? tr('stop.reported', { name: reportedName }) : tr('stop.reportedUnnamed')}
        </>
      );
    case 'event':
      return (
        <>
          {formatClock(locale, ref.t, zone)} {eventName(tr, ref.type)}
        </>
      );
    case 'photo':
      return (
        <span className="ev-photo-line">
          <PhotoSlot sourceKey={sourceKey} index={ref.index} size={48} />
          {formatClock(locale, ref.t, zone)}
        </span>
      );
    case 'silence':
      return (
        <>
          {tr('stop.silence', {
            from: formatClock(locale, ref.before, zone),
            to: formatClock(locale, ref.after, zone),
          })}
        </>
      );
  }
}
