/**
 * Interview mode (issue 9): the whole window for a hearing, in large type and in the
 * interviewer's language. A header with the hearing (reference, witness, interviewer, start),
 * a panel with the search box, the tools, the pins and what is selected, and the same map made
 * full size. Ctrl+Shift+H or the top-bar button opens it; Esc or "Leave" closes it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ItineraApi } from '../../../shared/api';
import { LOCALES, LOCALE_NAMES, isLocale, type Locale } from '../../../shared/i18n';
import { pathLengthM } from '../../../shared/testimony/compare';
import { wallMinute, wallMinuteToUtc } from '../../../shared/testimony/wall-time';
import { rememberLocale } from '../actions';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { hearingTestimony, type InterviewTool } from '../store/testimonySlice';
import { distanceText } from './format';
import { InterviewSearch } from './InterviewSearch';
import { LookupPanel, PinPanel, SketchPanel } from './PinPanel';
import { printInterviewMap, type PrintOutcome } from './printInterview';
import './interview.css';

export const INTERVIEW_SHORTCUT = { key: 'h', ctrl: true, shift: true } as const;

function isShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === INTERVIEW_SHORTCUT.key;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    (target.tagName === 'INPUT' &&
      !['checkbox', 'radio', 'button'].includes((target as HTMLInputElement).type)) ||
    target.tagName === 'SELECT'
  );
}

/** The top-bar button; also installs the shortcut that opens the mode from anywhere. */
export function InterviewButton() {
  const tr = useT();
  const store = useAppStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e)) return;
      e.preventDefault();
      const s = store.getState();
      if (s.interview.open) s.closeInterview();
      else s.openInterview();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
  return (
    <button
      type="button"
      className="secondary-button"
      data-testid="open-interview"
      title={`${tr('interview.open')} (Ctrl+Shift+H)`}
      onClick={() => store.getState().openInterview()}
    >
      {tr('interview.open')}
    </button>
  );
}

/**
 * Which hearing the screen records into: "New hearing" for the next witness, and a picker once
 * there are several. The pins list and the map selection follow the hearing chosen.
 */
function HearingPicker() {
  const tr = useT();
  const store = useAppStore();
  const locale = useApp((s) => s.locale);
  const zone = useApp((s) => s.displayZone);
  const hearings = useApp((s) => s.testimony.hearings);
  const activeId = useApp((s) => s.activeHearingId);
  const title = (h: (typeof hearings)[number], i: number) =>
    [
      h.reference || tr('interview.hearing.untitled', { n: i + 1 }),
      h.witness,
      wallMinute(h.startedAt, zone).replace('T', ' '),
    ]
      .filter((part) => part !== '')
      .join(' · ');
  return (
    <div className="iv-row iv-hearings" lang={locale}>
      {hearings.length > 1 && (
        <label className="iv-field">
          <span>{tr('interview.hearing.pick')}</span>
          <select
            data-testid="interview-hearing"
            value={activeId ?? ''}
            onChange={(e) => store.getState().selectHearing(e.target.value)}
          >
            {hearings.map((h, i) => (
              <option key={h.id} value={h.id}>
                {title(h, i)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="iv-small-button iv-new-hearing"
        data-testid="interview-new-hearing"
        onClick={() => store.getState().startHearing()}
      >
        + {tr('interview.hearing.new')}
      </button>
    </div>
  );
}

export function InterviewModeHost({ api }: { api: ItineraApi }) {
  const open = useApp((s) => s.interview.open);
  const deviceHidden = useApp((s) => s.interview.hiddenDevice !== null);
  useEffect(() => {
    document.body.classList.toggle('interview-open', open);
    // The legend names the devices' files: hidden with their evidence.
    document.body.classList.toggle('interview-device-hidden', open && deviceHidden);
    return () => document.body.classList.remove('interview-open', 'interview-device-hidden');
  }, [open, deviceHidden]);
  return open ? <InterviewScreen api={api} /> : null;
}

function InterviewScreen({ api }: { api: ItineraApi }) {
  const tr = useT();
  const store = useAppStore();
  const locale = useApp((s) => s.locale);
  const zone = useApp((s) => s.displayZone);
  const testimony = useApp((s) => s.testimony);
  const hearingId = useApp((s) => s.activeHearingId);
  const interview = useApp((s) => s.interview);
  const canUndo = useApp((s) => s.testimonyPast.length > 0);
  const canRedo = useApp((s) => s.testimonyFuture.length > 0);
  const [printing, setPrinting] = useState<PrintOutcome | { state: 'busy' } | null>(null);
  const [dismissedLookup, setDismissedLookup] = useState(0);
  const hearing = testimony.hearings.find((h) => h.id === hearingId);
  const { pins, sketches } = hearingTestimony(testimony, hearingId);
  const selectedPin = pins.find((p) => p.id === interview.selectedId);
  const selectedSketch = sketches.find((s) => s.id === interview.selectedId);
  const lookup =
    interview.lookup && interview.lookup.seq > dismissedLookup ? interview.lookup : null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !isEditable(e.target)) {
        if (key === 'z' && !e.shiftKey) {
          e.preventDefault();
          s.undoTestimony();
          return;
        }
        if (key === 'y' || (key === 'z' && e.shiftKey)) {
          e.preventDefault();
          s.redoTestimony();
          return;
        }
      }
      if (isEditable(e.target)) return;
      if (e.key === 'Enter' && s.interview.draft) {
        e.preventDefault();
        s.finishSketch();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (s.interview.draft) s.cancelSketch();
        else if (s.interview.tool !== 'pan') s.setInterviewTool('pan');
        else s.closeInterview();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const onLocale = useCallback(
    (l: Locale) => {
      store.getState().setLocale(l);
      rememberLocale(l);
    },
    [store],
  );

  const print = async () => {
    setPrinting({ state: 'busy' });
    setPrinting(await printInterviewMap(store, api));
  };

  if (!hearing) return null;
  const tools: InterviewTool[] = ['pan', 'pin', 'sketch'];
  const update = store.getState().updateHearing;

  return (
    <div className="interview" data-testid="interview-mode" lang={locale}>
      <header className="iv-header">
        <h1 className="iv-title">{tr('interview.title')}</h1>
        <label className="iv-field">
          <span>{tr('interview.hearing.reference')}</span>
          <input
            data-testid="interview-reference"
            value={hearing.reference}
            onChange={(e) => update({ reference: e.target.value })}
          />
        </label>
        <label className="iv-field">
          <span>{tr('interview.hearing.witness')}</span>
          <input
            data-testid="interview-witness"
            value={hearing.witness}
            onChange={(e) => update({ witness: e.target.value })}
          />
        </label>
        <label className="iv-field">
          <span>{tr('interview.hearing.interviewer')}</span>
          <input
            data-testid="interview-interviewer"
            value={hearing.interviewer}
            onChange={(e) => update({ interviewer: e.target.value })}
          />
        </label>
        <label className="iv-field">
          <span>{tr('interview.hearing.started', { zone })}</span>
          <input
            type="datetime-local"
            data-testid="interview-started"
            value={wallMinute(hearing.startedAt, zone)}
            onChange={(e) => {
              const t = wallMinuteToUtc(e.target.value, zone);
              if (t !== null) update({ startedAt: t });
            }}
          />
        </label>
        <div className="iv-header-spacer" />
        <label className="iv-field iv-narrow">
          <span>{tr('topbar.language')}</span>
          <select
            value={locale}
            data-testid="interview-language"
            onChange={(e) => {
              if (isLocale(e.target.value)) onLocale(e.target.value);
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="iv-button"
          data-testid="interview-leave"
          onClick={() => store.getState().closeInterview()}
        >
          {tr('interview.leave')}
        </button>
      </header>
      <aside className="iv-panel">
        <HearingPicker />
        <InterviewSearch />
        <div className="iv-tools" role="toolbar" aria-label={tr('interview.tools')}>
          {tools.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={interview.tool === t}
              className={`iv-tool${interview.tool === t ? ' active' : ''}`}
              data-testid={`interview-tool-${t}`}
              onClick={() => store.getState().setInterviewTool(t)}
            >
              {tr(`interview.tool.${t}`)}
            </button>
          ))}
        </div>
        {interview.tool === 'pin' && <p className="iv-hint">{tr('interview.hint.pin')}</p>}
        {interview.tool === 'sketch' && (
          <p className="iv-hint" data-testid="interview-sketch-hint">
            {tr('interview.hint.sketch', { points: interview.draft?.length ?? 0 })}{' '}
            {interview.draft && interview.draft.length >= 2 && (
              <button
                type="button"
                className="iv-small-button"
                data-testid="interview-sketch-finish"
                onClick={() => store.getState().finishSketch()}
              >
                {tr('interview.sketch.finish')}
              </button>
            )}
          </p>
        )}
        <div className="iv-row iv-switches">
          <label className="iv-switch">
            <input
              type="checkbox"
              data-testid="interview-hide-device"
              checked={interview.hiddenDevice !== null}
              onChange={(e) => store.getState().setDeviceEvidenceHidden(e.target.checked)}
            />
            {tr('interview.hideDevice')}
          </label>
          <span className="iv-header-spacer" />
          <button
            type="button"
            className="iv-small-button"
            data-testid="interview-undo"
            disabled={!canUndo}
            title="Ctrl+Z"
            onClick={() => store.getState().undoTestimony()}
          >
            {tr('interview.undo')}
          </button>
          <button
            type="button"
            className="iv-small-button"
            data-testid="interview-redo"
            disabled={!canRedo}
            title="Ctrl+Y"
            onClick={() => store.getState().redoTestimony()}
          >
            {tr('interview.redo')}
          </button>
        </div>
        {lookup && (
          <div className="iv-lookup-wrap">
            <LookupPanel lat={lookup.lat} lon={lookup.lon} />
            <button
              type="button"
              className="iv-close"
              aria-label={tr('interview.close')}
              onClick={() => setDismissedLookup(lookup.seq)}
            >
              ×
            </button>
          </div>
        )}
        <h2 className="iv-section">{tr('interview.pins', { count: pins.length })}</h2>
        <ol className="iv-pins" data-testid="interview-pins">
          {pins.map((p, i) => (
            <li
              key={p.id}
              data-testid="interview-pin"
              data-confidence={p.confidence}
              className={`iv-pin${p.id === interview.selectedId ? ' selected' : ''}`}
              onClick={() => {
                const s = store.getState();
                s.selectTestimony(p.id);
                s.flyToPoint({ lat: p.lat, lon: p.lon }, Math.max(s.view.zoom, 14));
              }}
            >
              <span className="iv-pin-n">{i + 1}</span>
              <span className="iv-pin-label">{p.label || tr('interview.pin.unnamed')}</span>
              <span className={`iv-badge iv-confidence-${p.confidence}`}>
                {tr(`interview.confidence.${p.confidence}`)}
              </span>
            </li>
          ))}
          {sketches.map((s) => (
            <li
              key={s.id}
              data-testid="interview-sketch"
              className={`iv-pin iv-sketch-row${s.id === interview.selectedId ? ' selected' : ''}`}
              onClick={() => store.getState().selectTestimony(s.id)}
            >
              <span className="iv-pin-n iv-sketch-n">~</span>
              <span className="iv-pin-label">{s.label || tr('interview.sketch.unnamed')}</span>
              <span className="iv-muted">{distanceText(locale, pathLengthM(s.points))}</span>
            </li>
          ))}
        </ol>
        {pins.length === 0 && sketches.length === 0 && (
          <p className="iv-muted">{tr('interview.pins.none')}</p>
        )}
        {selectedPin && <PinPanel key={selectedPin.id} pin={selectedPin} />}
        {selectedSketch && <SketchPanel key={selectedSketch.id} sketch={selectedSketch} />}
        <div className="iv-print">
          <button
            type="button"
            className="iv-button iv-primary"
            data-testid="interview-print"
            disabled={printing?.state === 'busy'}
            onClick={() => void print()}
          >
            {printing?.state === 'busy' ? tr('interview.printing') : tr('interview.print')}
          </button>
          {printing && printing.state !== 'busy' && printing.state !== 'cancelled' && (
            <span
              className="iv-muted"
              data-testid="interview-print-status"
              data-state={printing.state}
            >
              {printing.state === 'done' ? printing.path : printing.message}
            </span>
          )}
        </div>
      </aside>
    </div>
  );
}
