/**
 * Co-presence: the examiner picks two sources and a distance; the derivation lists when they
 * were within that distance of each other. Each pair's intervals are listed with their span in
 * the display zone, duration, closest approach and the number of evidence pairs; selecting an
 * interval shows its evidence fixes on the map.
 */
import { useMemo, useState } from 'react';
import { MAX_EVIDENCE_PAIRS } from '../../../shared/timeline/co-presence';
import { useLocale, useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import { coPresenceId, intervalsOfPair } from './coPresence';
import { formatDistance, formatDuration, formatSpan } from './format';
import type { SourceIndex } from './sourceIndex';

/** What "together" means unless the examiner says otherwise: close enough to share a car park. */
export const DEFAULT_COPRESENCE_M = 100;

export function CoPresencePanel({ sources }: { sources: SourceIndex }) {
  const tr = useT();
  const locale = useLocale();
  const requests = useApp((s) => s.timelineSettings.coPresence);
  const timeline = useApp((s) => s.timeline);
  const zone = useApp((s) => s.displayZone);
  const selection = useApp((s) => s.timelineSelection);
  const select = useApp((s) => s.selectTimelineEntry);
  const addPair = useApp((s) => s.addCoPresencePair);
  const removePair = useApp((s) => s.removeCoPresencePair);

  const positioned = useMemo(
    () => [...sources.values()].filter((e) => e.source.fixes.count > 0),
    [sources],
  );
  const [chosenA, setA] = useState('');
  const [chosenB, setB] = useState('');
  const [distance, setDistance] = useState(String(DEFAULT_COPRESENCE_M));
  // Until the examiner chooses (or when a chosen source is gone), the first two with positions.
  const ids = positioned.map((e) => e.source.id);
  const a = ids.includes(chosenA) ? chosenA : (ids[0] ?? '');
  const b = ids.includes(chosenB) && chosenB !== a ? chosenB : (ids.find((id) => id !== a) ?? '');

  const label = (id: string) => sources.get(id)?.source.label ?? id;
  const colour = (id: string) => sources.get(id)?.colour ?? '#888';
  const metres = Number(distance.replace(',', '.'));
  const canAdd = a !== '' && b !== '' && a !== b && Number.isFinite(metres) && metres > 0;

  return (
    <section className="tl-together" data-testid="copresence-panel">
      <p className="muted">{tr('together.note')}</p>
      {positioned.length < 2 ? (
        <p className="empty">{tr('together.needTwo')}</p>
      ) : (
        <form
          className="tl-together-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (canAdd) addPair(a, b, metres);
          }}
        >
          <label className="tset-field">
            <span>{tr('together.first')}</span>
            <select value={a} data-testid="copresence-a" onChange={(e) => setA(e.target.value)}>
              {positioned.map((e) => (
                <option key={e.source.id} value={e.source.id}>
                  {e.source.label}
                </option>
              ))}
            </select>
          </label>
          <label className="tset-field">
            <span>{tr('together.second')}</span>
            <select value={b} data-testid="copresence-b" onChange={(e) => setB(e.target.value)}>
              {positioned
                .filter((e) => e.source.id !== a)
                .map((e) => (
                  <option key={e.source.id} value={e.source.id}>
                    {e.source.label}
                  </option>
                ))}
            </select>
          </label>
          <label className="tset-field">
            <span>{tr('together.distance')}</span>
            <input
              inputMode="decimal"
              value={distance}
              data-testid="copresence-distance"
              onChange={(e) => setDistance(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!canAdd} data-testid="copresence-add">
            {tr('together.add')}
          </button>
        </form>
      )}
      {requests.length === 0 && positioned.length >= 2 && (
        <p className="empty">{tr('together.empty')}</p>
      )}
      {requests.map((request) => {
        const intervals = intervalsOfPair(timeline, request);
        const distanceText = formatDistance(tr, locale, request.distanceM);
        return (
          <div
            key={`${request.a}|${request.b}`}
            className="tl-together-pair"
            data-testid="copresence-pair"
            data-a={request.a}
            data-b={request.b}
          >
            <div className="tl-together-head">
              <span className="tl-source-dot" style={{ background: colour(request.a) }} />
              <span className="tl-source-dot" style={{ background: colour(request.b) }} />
              <strong>
                {tr('together.pair', {
                  a: label(request.a),
                  b: label(request.b),
                  distance: distanceText,
                })}
              </strong>
              <span className="muted">{tr('together.intervals', { count: intervals.length })}</span>
              <button
                type="button"
                className="link-button"
                data-testid="copresence-remove"
                onClick={() => removePair(request.a, request.b)}
              >
                {tr('together.remove')}
              </button>
            </div>
            {timeline && intervals.length === 0 && (
              <p className="muted">{tr('together.none', { distance: distanceText })}</p>
            )}
            <ul className="tl-together-list">
              {intervals.map((interval) => {
                const id = coPresenceId(interval);
                const selected = selection?.id === id;
                return (
                  <li key={id}>
                    <button
                      type="button"
                      className={`tl-together-interval${selected ? ' selected' : ''}`}
                      aria-pressed={selected}
                      data-testid="copresence-interval"
                      data-id={id}
                      data-duration-s={interval.durationS}
                      onClick={() => select(id, 'list')}
                    >
                      <span className="tl-together-span">
                        {formatSpan(locale, interval.start, interval.end, zone)}
                      </span>
                      <span>{formatDuration(tr, interval.durationS)}</span>
                      <span className="muted">
                        {tr('together.closest', {
                          distance: formatDistance(tr, locale, interval.minDistanceM),
                        })}
                        {' · '}
                        {tr(
                          interval.evidence.length >= MAX_EVIDENCE_PAIRS
                            ? 'together.evidenceSampled'
                            : 'together.evidence',
                          { count: interval.evidence.length },
                        )}
                        {(interval.interruptions ?? 0) > 0 &&
                          ` · ${tr('together.interruptions', { count: interval.interruptions ?? 0 })}`}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
