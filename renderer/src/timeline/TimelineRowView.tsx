/** One row of the timeline list; its height is fixed per kind (ROW_HEIGHT) for windowing. */
import { memo, type ReactNode } from 'react';
import type { Locale } from '../../../shared/i18n';
import type { TimelineStop } from '../../../shared/timeline/types';
import type { Translate } from '../i18n';
import type { SourceIndex } from './sourceIndex';
import {
  evidenceSummary,
  formatClock,
  formatDistance,
  formatDuration,
  formatSpan,
  sourceKindName,
  stopTitle,
} from './format';
import { ROW_HEIGHT, type TimelineRow } from './rows';
import { PhotoSlot } from './PhotoSlot';

export interface RowViewProps {
  row: TimelineRow;
  top: number;
  selected: boolean;
  tr: Translate;
  locale: Locale;
  zone: string;
  sources: SourceIndex;
  onSelect: (id: string) => void;
}

export const TimelineRowView = memo(function TimelineRowView(props: RowViewProps) {
  const { row, top, selected, onSelect } = props;
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      className={`tl-row tl-${row.kind}${selected ? ' selected' : ''}${
        row.kind === 'stop' && (row.entry as TimelineStop).excluded ? ' excluded' : ''
      }`}
      style={{ top, height: ROW_HEIGHT[row.kind] }}
      data-testid="timeline-row"
      data-kind={row.kind}
      data-id={row.id}
      onClick={() => onSelect(row.id)}
    >
      <RowBody {...props} />
    </div>
  );
});

function RowBody({ row, tr, locale, zone, sources }: RowViewProps): ReactNode {
  const kindOf = (id: string) => sources.get(id)?.source.kind;
  const labelOf = (id: string) => sources.get(id)?.source.label ?? id;
  switch (row.kind) {
    case 'stop': {
      const stop = row.entry as TimelineStop;
      return (
        <>
          <span className="tl-badge" data-testid="timeline-stop-number">
            {stop.excluded ? '–' : stop.n}
          </span>
          <div className="tl-main">
            <div className="tl-line1">
              <span className="tl-title" data-testid="timeline-stop-title">
                {stopTitle(tr, stop)}
              </span>
              {stop.placeGroup !== undefined && (
                <span className="tl-chip">{tr('timeline.placeGroup', { n: stop.placeGroup })}</span>
              )}
              {stop.excluded && <span className="tl-chip">{tr('timeline.excluded')}</span>}
              <SourceDots ids={stop.sources} sources={sources} />
              <span className="tl-duration">{formatDuration(tr, stop.durationS)}</span>
            </div>
            <div className="tl-line2">
              <span className="tl-time">{formatSpan(locale, stop.start, stop.end, zone)}</span>
              <span className="tl-dot">·</span>
              <span className="tl-evidence" data-testid="timeline-stop-evidence">
                {evidenceSummary(tr, stop.evidence, kindOf)}
              </span>
            </div>
          </div>
        </>
      );
    }
    case 'move': {
      const move = row.entry.type === 'move' ? row.entry : null;
      if (!move) return null;
      const title =
        move.from > 0 && move.to > 0
          ? tr('timeline.move', { from: move.from, to: move.to })
          : tr('timeline.moveOpen');
      return (
        <div className="tl-compact">
          <span className="tl-glyph" aria-hidden="true">
            ↓
          </span>
          <span>{title}</span>
          <span className="tl-dot">·</span>
          <span>{formatDistance(tr, locale, move.distanceM)}</span>
          <span className="tl-dot">·</span>
          <span>{formatDuration(tr, move.durationS)}</span>
          {move.schematic && <span className="tl-chip muted">{tr('timeline.schematic')}</span>}
        </div>
      );
    }
    case 'gap': {
      const gap = row.entry.type === 'gap' ? row.entry : null;
      if (!gap) return null;
      return (
        <div className="tl-compact">
          <span className="tl-glyph" aria-hidden="true">
            ⋯
          </span>
          <span className="tl-time">{formatSpan(locale, gap.start, gap.end, zone)}</span>
          <span className="tl-dot">·</span>
          <span>{tr('timeline.gap', { duration: formatDuration(tr, gap.durationS) })}</span>
          {gap.distanceM > 0 && (
            <>
              <span className="tl-dot">·</span>
              <span>
                {tr('timeline.gapDistance', {
                  distance: formatDistance(tr, locale, gap.distanceM),
                })}
              </span>
            </>
          )}
        </div>
      );
    }
    case 'conflict': {
      const c = row.entry.type === 'conflict' ? row.entry : null;
      if (!c) return null;
      return (
        <>
          <span className="tl-badge conflict" aria-hidden="true">
            !
          </span>
          <div className="tl-main">
            <div className="tl-line1">
              <span className="tl-title">
                {tr('timeline.conflict', {
                  a: labelOf(c.a.sourceId),
                  b: labelOf(c.b.sourceId),
                  distance: formatDistance(tr, locale, c.distanceM),
                })}
              </span>
            </div>
            <div className="tl-line2">
              <span className="tl-time">{formatSpan(locale, c.start, c.end, zone)}</span>
              <span className="tl-dot">·</span>
              <span>
                {tr('timeline.conflictSpeed', {
                  speed: Math.round(c.impliedSpeedKmh),
                  duration: formatDuration(tr, c.durationS),
                })}
              </span>
            </div>
          </div>
        </>
      );
    }
    case 'photo': {
      const p = row.photo;
      const entry = sources.get(p.sourceId);
      const photo = entry?.source.photos?.[p.index];
      const file = photo ? entry?.source.files[photo.fileIndex]?.name : undefined;
      const position =
        p.position === 'own'
          ? tr('timeline.photoOwn')
          : p.position === 'track'
            ? tr('timeline.photoTrack')
            : tr('timeline.photoNone');
      return (
        <>
          <PhotoSlot sourceKey={entry?.key} index={p.index} />
          <div className="tl-main">
            <div className="tl-line1">
              <span className="tl-title">{tr('timeline.photo', { file: file ?? '' })}</span>
            </div>
            <div className="tl-line2">
              <span className="tl-time">{formatClock(locale, p.t, zone)}</span>
              <span className="tl-dot">·</span>
              <span>{position}</span>
              {p.stop !== undefined && (
                <>
                  <span className="tl-dot">·</span>
                  <span>{tr('timeline.photoStop', { n: p.stop })}</span>
                </>
              )}
            </div>
          </div>
        </>
      );
    }
    case 'event':
      return (
        <div className="tl-compact">
          <span className="tl-glyph event" aria-hidden="true">
            ◆
          </span>
          <span className="tl-time">{formatClock(locale, row.start, zone)}</span>
          <span>{tr(`event.${row.event.type}`)}</span>
          {row.event.value !== undefined && (
            <span className="muted">
              {String(row.event.value)}
              {row.event.unit ?? ''}
            </span>
          )}
          <span className="tl-dot">·</span>
          <span className="muted">{sourceKindName(tr, kindOf(row.sourceId))}</span>
        </div>
      );
  }
}

function SourceDots({ ids, sources }: { ids: readonly string[]; sources: SourceIndex }) {
  return (
    <span className="tl-sources" aria-hidden="true">
      {ids.map((id) => (
        <span
          key={id}
          className="tl-source-dot"
          style={{ background: sources.get(id)?.colour ?? '#888' }}
          title={sources.get(id)?.source.label ?? id}
        />
      ))}
    </span>
  );
}
