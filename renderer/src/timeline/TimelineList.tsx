/**
 * The timeline list, windowed: only the rows in view (plus a few) are in the DOM, so a case
 * with tens of thousands of entries scrolls as smoothly as one with ten. Row heights are
 * fixed per kind, so offsets are a prefix sum and need no measuring.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { Locale } from '../../../shared/i18n';
import type { Translate } from '../i18n';
import type { SourceIndex } from './sourceIndex';
import { rowOffsets, visibleRange, type TimelineRow } from './rows';
import { TimelineRowView } from './TimelineRowView';

export interface TimelineListProps {
  rows: readonly TimelineRow[];
  selectedId: string | null;
  /** Bumped when the map selected something: the list then scrolls it into view. */
  revealSeq: number;
  tr: Translate;
  locale: Locale;
  zone: string;
  sources: SourceIndex;
  onSelect: (id: string) => void;
}

export function TimelineList(props: TimelineListProps) {
  const { rows, selectedId, revealSeq, onSelect } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const { tops, total } = useMemo(() => rowOffsets(rows), [rows]);
  const { first, last } = visibleRange(tops, total, scrollTop, height);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = useMemo(
    () => (selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId)),
    [rows, selectedId],
  );

  // The map selected an entry: bring its row into view (centred when it was far off).
  useEffect(() => {
    const el = viewport.current;
    if (!el || selectedIndex < 0 || revealSeq === 0) return;
    const top = tops[selectedIndex]!;
    const bottom = selectedIndex + 1 < tops.length ? tops[selectedIndex + 1]! : total;
    if (top < el.scrollTop || bottom > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
      setScrollTop(el.scrollTop);
    }
    // Only a new reveal request scrolls; re-derivations keep the examiner's scroll position.
  }, [revealSeq]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      const next =
        selectedIndex < 0
          ? 0
          : Math.min(
              rows.length - 1,
              Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)),
            );
      const row = rows[next];
      if (!row) return;
      onSelect(row.id);
      const el = viewport.current;
      if (el) {
        const top = tops[next]!;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + 64 > el.scrollTop + el.clientHeight)
          el.scrollTop = top + 64 - el.clientHeight;
      }
    },
    [rows, selectedIndex, onSelect, tops],
  );

  const visible = [];
  for (let i = first; i <= last; i++) {
    const row = rows[i]!;
    visible.push(
      <TimelineRowView
        key={row.id}
        row={row}
        top={tops[i]!}
        selected={row.id === selectedId}
        tr={props.tr}
        locale={props.locale}
        zone={props.zone}
        sources={props.sources}
        onSelect={onSelect}
      />,
    );
  }

  return (
    <div
      className="tl-viewport"
      ref={viewport}
      role="listbox"
      tabIndex={0}
      aria-label={props.tr('timeline.title')}
      data-testid="timeline-list"
      data-rows={rows.length}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="tl-canvas" style={{ height: total }}>
        {visible}
      </div>
    </div>
  );
}
