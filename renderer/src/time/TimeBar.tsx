/**
 * The bottom bar over the map: the case's observations as a histogram, a brush choosing the
 * time window every timed layer keeps bright (drag either handle, drag the window, or drag
 * across the histogram for a new one; arrow keys, Shift for larger steps, Home/End), a reset
 * to the whole case, and playback at a chosen speed with its clock in the display zone.
 * The histogram is binned once per set of sources, never per render or per drag.
 */
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import type { Source } from '../../../shared/model';
import { useLocale, useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { sourceEntries } from '../store/sourcesSlice';
import { PLAYBACK_SPEEDS, type PlaybackSpeed, type TimeSpan } from '../store/timeSlice';
import { caseExtentOf, observationHistogram, type Histogram } from './observations';
import { advancePlayhead } from './playback';
import {
  clampRange,
  fractionToTime,
  keyboardStep,
  moveHandle,
  shiftWindow,
  timeToFraction,
  timeTicks,
} from './rangeMath';
import { formatInstant, formatTick } from './timeFormat';
import './time.css';

export const HISTOGRAM_BINS = 240;

type Drag =
  | { kind: 'start' | 'end' }
  | { kind: 'window'; fromT: number; range: TimeSpan }
  | { kind: 'new'; anchorT: number };

/** The case's time extent over the imported sources (memoised per entry list). */
export function useCaseExtent(): TimeSpan | null {
  const entries = useApp((s) => s.entries);
  return useMemo(() => caseExtentOf(sourceEntries(entries).map((e) => e.source)), [entries]);
}

export function TimeBar() {
  const tr = useT();
  const locale = useLocale();
  const store = useAppStore();
  const entries = useApp((s) => s.entries);
  const zone = useApp((s) => s.displayZone);
  const timeRange = useApp((s) => s.timeRange);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const playhead = useApp((s) => s.playhead);
  const follow = useApp((s) => s.follow);
  const sources = useMemo<Source[]>(() => sourceEntries(entries).map((e) => e.source), [entries]);
  const extent = useMemo(() => caseExtentOf(sources), [sources]);
  const histogram = useMemo(
    () => (extent ? observationHistogram(sources, extent, HISTOGRAM_BINS) : null),
    [sources, extent],
  );
  usePlayback(extent);

  // A window from an earlier case that no longer fits is clipped to this one.
  useEffect(() => {
    const state = store.getState();
    if (!extent) {
      if (state.timeRange) state.setTimeRange(null);
      return;
    }
    const clipped = clampRange(extent, state.timeRange);
    if (clipped?.start !== state.timeRange?.start || clipped?.end !== state.timeRange?.end) {
      state.setTimeRange(clipped);
    }
  }, [extent, store]);

  if (!extent || !histogram) {
    return (
      <div className="time-bar time-bar-empty" data-testid="time-bar" aria-label={tr('time.bar')}>
        {sources.length > 0 && <span className="time-empty">{tr('time.empty')}</span>}
      </div>
    );
  }

  const range = timeRange ?? extent;
  const togglePlay = () => {
    const state = store.getState();
    state.setPlaying(!state.playing);
  };

  return (
    <div className="time-bar" data-testid="time-bar" role="group" aria-label={tr('time.bar')}>
      <div className="time-controls">
        <div className="time-buttons">
          <button
            type="button"
            className="time-play"
            data-testid="time-play"
            aria-pressed={playing}
            title={playing ? tr('time.pause') : tr('time.play')}
            aria-label={playing ? tr('time.pause') : tr('time.play')}
            onClick={togglePlay}
          >
            {playing ? '❚❚' : '▶'}
          </button>
          <select
            className="time-speed"
            data-testid="time-speed"
            aria-label={tr('time.speed')}
            value={speed}
            onChange={(e) => store.getState().setSpeed(Number(e.target.value) as PlaybackSpeed)}
          >
            {PLAYBACK_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {`${s.toLocaleString(locale === 'en' ? 'en-GB' : locale)}×`}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="time-follow"
            data-testid="time-follow"
            aria-pressed={follow}
            title={tr('time.followHint')}
            onClick={() => store.getState().setFollow(!follow)}
          >
            <FollowGlyph />
            <span>{tr('time.follow')}</span>
          </button>
        </div>
        <div
          className="time-clock"
          data-testid="time-clock"
          role="timer"
          aria-label={tr('time.clock', { zone })}
          title={tr('time.clock', { zone })}
        >
          <span className="time-clock-value">
            {formatInstant(locale, playhead ?? range.start, zone)}
          </span>
          <span className="time-clock-zone">{zone}</span>
        </div>
      </div>
      <TimeBrush
        extent={extent}
        histogram={histogram}
        range={range}
        active={timeRange !== null}
        playhead={playhead}
        zone={zone}
        onChange={(r) => store.getState().setTimeRange(clampRange(extent, r))}
      />
      <div className="time-range-side">
        <span className="time-range-text" data-testid="time-range-text">
          {formatInstant(locale, range.start, zone)}
          <br />
          {formatInstant(locale, range.end, zone)}
        </span>
        <button
          type="button"
          className="time-reset"
          data-testid="time-reset"
          disabled={timeRange === null}
          onClick={() => store.getState().setTimeRange(null)}
        >
          {tr('time.reset')}
        </button>
      </div>
    </div>
  );
}

interface TimeBrushProps {
  extent: TimeSpan;
  histogram: Histogram;
  range: TimeSpan;
  active: boolean;
  playhead: number | null;
  zone: string;
  onChange(range: TimeSpan): void;
}

function TimeBrush({ extent, histogram, range, active, playhead, zone, onChange }: TimeBrushProps) {
  const tr = useT();
  const locale = useLocale();
  const track = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const el = track.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const bars = useMemo(() => histogramPath(histogram), [histogram]);
  const ticks = useMemo(
    () => timeTicks(extent, Math.max(2, Math.floor(width / 110)), zone),
    [extent, width, zone],
  );

  const timeAt = (clientX: number): number => {
    const box = track.current!.getBoundingClientRect();
    return fractionToTime(extent, box.width > 0 ? (clientX - box.left) / box.width : 0);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const role = (event.target as HTMLElement).dataset.brush;
    const t = timeAt(event.clientX);
    if (role === 'start' || role === 'end') drag.current = { kind: role };
    else if (role === 'window' && active) drag.current = { kind: 'window', fromT: t, range };
    else drag.current = { kind: 'new', anchorT: t };
    event.currentTarget.setPointerCapture(event.pointerId);
    event.preventDefault();
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const t = timeAt(event.clientX);
    if (d.kind === 'start' || d.kind === 'end') onChange(moveHandle(extent, range, d.kind, t));
    else if (d.kind === 'window') onChange(shiftWindow(extent, d.range, t - d.fromT));
    else if (d.kind === 'new' && t !== d.anchorT) {
      const anchor = { start: d.anchorT, end: d.anchorT };
      onChange(
        t < d.anchorT
          ? moveHandle(extent, anchor, 'start', t)
          : moveHandle(extent, anchor, 'end', t),
      );
    }
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
  };

  const onKey = (which: 'start' | 'end' | 'window') => (event: KeyboardEvent) => {
    const small = keyboardStep(extent, false);
    const large = keyboardStep(extent, true);
    let delta: number | null = null;
    let to: number | null = null;
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowDown':
        delta = -(event.shiftKey ? large : small);
        break;
      case 'ArrowRight':
      case 'ArrowUp':
        delta = event.shiftKey ? large : small;
        break;
      case 'PageDown':
        delta = -large;
        break;
      case 'PageUp':
        delta = large;
        break;
      case 'Home':
        to = extent.start;
        break;
      case 'End':
        to = extent.end;
        break;
      default:
        return;
    }
    event.preventDefault();
    if (which === 'window') {
      const shift = to !== null ? to - (to === extent.start ? range.start : range.end) : delta!;
      onChange(shiftWindow(extent, range, shift));
    } else {
      const current = which === 'start' ? range.start : range.end;
      onChange(moveHandle(extent, range, which, to ?? current + delta!));
    }
  };

  const left = timeToFraction(extent, range.start) * 100;
  const right = timeToFraction(extent, range.end) * 100;
  const slider = (which: 'start' | 'end') => ({
    role: 'slider',
    tabIndex: 0,
    'aria-label': tr(which === 'start' ? 'time.start' : 'time.end'),
    'aria-valuemin': extent.start,
    'aria-valuemax': extent.end,
    'aria-valuenow': Math.round(which === 'start' ? range.start : range.end),
    'aria-valuetext': `${formatInstant(locale, which === 'start' ? range.start : range.end, zone)} (${zone})`,
    onKeyDown: onKey(which),
  });

  return (
    <div className="time-brush-area">
      <div
        className="time-track"
        ref={track}
        data-testid="time-track"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <svg
          className="time-histogram"
          viewBox={`0 0 ${histogram.counts.length} 100`}
          preserveAspectRatio="none"
          role="img"
          aria-label={tr('time.histogram')}
        >
          <path d={bars} />
        </svg>
        <div className="time-shade" style={{ left: 0, width: `${left}%` }} />
        <div className="time-shade" style={{ left: `${right}%`, right: 0 }} />
        <div
          className={active ? 'time-window active' : 'time-window'}
          data-brush="window"
          data-testid="time-window"
          style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
          role="slider"
          tabIndex={0}
          aria-label={tr('time.window')}
          aria-valuemin={extent.start}
          aria-valuemax={extent.end}
          aria-valuenow={Math.round(range.start)}
          aria-valuetext={`${formatInstant(locale, range.start, zone)} – ${formatInstant(locale, range.end, zone)} (${zone})`}
          onKeyDown={onKey('window')}
        />
        <div
          className="time-handle"
          data-brush="start"
          data-testid="time-handle-start"
          style={{ left: `${left}%` }}
          {...slider('start')}
        />
        <div
          className="time-handle"
          data-brush="end"
          data-testid="time-handle-end"
          style={{ left: `${right}%` }}
          {...slider('end')}
        />
        {playhead !== null && (
          <div
            className="time-playhead"
            data-testid="time-playhead"
            style={{ left: `${timeToFraction(extent, playhead) * 100}%` }}
          />
        )}
      </div>
      <div className="time-ticks" aria-hidden="true">
        {ticks.ticks.map((t) => (
          <span
            key={t}
            className="time-tick"
            style={{ left: `${timeToFraction(extent, t) * 100}%` }}
          >
            {formatTick(locale, t, zone, ticks.stepMs)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** The histogram as one SVG path of bars (square-root heights, so sparse hours still show). */
export function histogramPath(histogram: Histogram): string {
  const { counts, max } = histogram;
  if (max === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const h = Math.max(3, Math.sqrt(c / max) * 96);
    parts.push(`M${i} 100V${(100 - h).toFixed(1)}h0.86V100z`);
  }
  return parts.join('');
}

/**
 * Playback: while playing, the playhead advances by real time × speed inside the window (the
 * whole case when none); it starts from the window's start and stops at its end.
 */
function usePlayback(extent: TimeSpan | null): void {
  const store = useAppStore();
  const playing = useApp((s) => s.playing);
  useEffect(() => {
    if (!playing || !extent) return;
    let frame = 0;
    let last = performance.now();
    let first = true;
    const tick = (now: number) => {
      const state = store.getState();
      const window = state.timeRange ?? extent;
      const step = advancePlayhead(
        first && (state.playhead === null || state.playhead >= window.end) ? null : state.playhead,
        first ? 0 : now - last,
        state.speed,
        window.start,
        window.end,
      );
      first = false;
      last = now;
      state.setPlayhead(step.playhead);
      if (step.done) {
        state.setPlaying(false);
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, extent, store]);
}

/** A target: the map keeps the marker in its sights. */
function FollowGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <circle cx="7" cy="7" r="1.6" fill="currentColor" />
      <path d="M7 0.5v2.5M7 11v2.5M0.5 7h2.5M11 7h2.5" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
