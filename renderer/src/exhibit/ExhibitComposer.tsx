/**
 * The exhibit composer: a large sheet over the workspace where the examiner sets what an
 * exhibit shows (details, language, page, map style, layers, zone, time range, sources,
 * stops), sees how much it holds and a schematic preview, and exports it in one format
 * at a time through the native save dialog.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  EXHIBIT_EXPORT_FORMATS,
  type ExhibitExportFormat,
  type ItineraApi,
} from '../../../shared/api';
import type {
  ExhibitMapStyle,
  ExhibitOrientation,
  ExhibitPageSize,
  ExhibitShow,
} from '../../../shared/exhibit/request';
import { LOCALES, LOCALE_NAMES, formatFileSize, isLocale } from '../../../shared/i18n';
import { useT, type Translate } from '../i18n';
import { zoneChoices } from '../shell/zones';
import { useApp, useAppStore } from '../store/StoreContext';
import { sourceEntries } from '../store/sourcesSlice';
import { formatSpan, stopTitle } from '../timeline/format';
import { fromZoneLocalInput, toZoneLocalInput } from '../timeline/zoneInput';
import {
  candidateStops,
  effectiveRange,
  photoCount,
  selectedSourceIds,
  selectedStops,
  uniqueSources,
  type RangeMode,
  type Span,
} from './composerModel';
import { composerStoreOf, useComposer } from './composerStore';
import { exportExhibit } from './exportExhibit';
import { SchematicPreview } from './SchematicPreview';
import './exhibit.css';

const PAGE_SIZES: readonly ExhibitPageSize[] = ['A4', 'A3', 'Letter'];
const ORIENTATIONS: readonly ExhibitOrientation[] = ['portrait', 'landscape'];
const MAP_STYLES: readonly ExhibitMapStyle[] = ['print', 'light', 'dark'];
const SHOW_KEYS: readonly (keyof ExhibitShow)[] = [
  'route',
  'stops',
  'photos',
  'events',
  'accuracy',
  'testimony',
];
/** The printed exhibit and its diagram first, then the data formats for Google Earth and GIS. */
const EXHIBIT_FORMATS: readonly ExhibitExportFormat[] = ['pdf', 'png', 'svg'];
const DATA_FORMATS = EXHIBIT_EXPORT_FORMATS.filter((f) => !EXHIBIT_FORMATS.includes(f));

/** The "Exhibit…" button of the top bar. */
export function ExhibitButton() {
  const tr = useT();
  const hasSources = useApp((s) => s.entries.some((e) => e.kind === 'source'));
  const setOpen = useComposer((s) => s.setOpen);
  return (
    <button
      type="button"
      className="secondary-button top-bar-exhibit"
      data-testid="open-exhibit"
      disabled={!hasSources}
      onClick={() => setOpen(true)}
    >
      {tr('topbar.exhibit')}
    </button>
  );
}

export function ExhibitComposerHost({ api }: { api: ItineraApi }) {
  const open = useComposer((s) => s.open);
  return open ? <ExhibitComposer api={api} /> : null;
}

function ExhibitComposer({ api }: { api: ItineraApi }) {
  const tr = useT();
  const app = useAppStore();
  const composer = composerStoreOf(app);
  const c = useComposer((s) => s);
  const uiLocale = useApp((s) => s.locale);
  const entries = useApp((s) => s.entries);
  const timeline = useApp((s) => s.timeline);
  const timelineStatus = useApp((s) => s.timelineStatus);
  const appZone = useApp((s) => s.displayZone);
  const systemZone = useApp((s) => s.systemZone);
  const timeBarWindow = useApp((s) => s.timeRange);

  const zone = c.zoneChosen ? c.options.displayZone : appZone;
  const zones = useMemo(() => zoneChoices(systemZone, zone), [systemZone, zone]);
  const sourceRows = useMemo(() => {
    const byId = new Map(sourceEntries(entries).map((e) => [e.source.id, e]));
    return uniqueSources(sourceEntries(entries).map((e) => e.source)).map((s) => byId.get(s.id)!);
  }, [entries]);
  const sources = sourceRows.map((e) => e.source);
  const range = effectiveRange(c, timeBarWindow);
  const sourceIds = selectedSourceIds(sources, c);
  const candidates = candidateStops(timeline, range, sourceIds);
  const chosenStops = selectedStops(candidates, c);
  const photos = photoCount(timeline, range, sourceIds);
  // A custom range that is not one instant at each end exports nothing, rather than the whole case.
  const rangeInvalid = c.rangeMode === 'custom' && c.customRange === null;
  const busy = c.status.state === 'busy' || rangeInvalid;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') composer.getState().setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [composer]);

  const counts = [
    tr('composer.count.stops', { count: chosenStops.length }),
    tr('composer.count.sources', { count: sourceIds.length }),
    tr('composer.count.photos', { count: photos }),
  ].join(', ');

  return (
    <div className="modal-backdrop exhibit-backdrop">
      <div
        className="exhibit-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="exhibit-title"
        data-testid="exhibit-composer"
      >
        <header className="exhibit-head">
          <h2 id="exhibit-title">{tr('composer.heading')}</h2>
          <span className="exhibit-counts" data-testid="exhibit-counts">
            {counts}
          </span>
          <div className="top-bar-spacer" />
          <button
            type="button"
            className="secondary-button"
            data-testid="exhibit-close"
            onClick={() => c.setOpen(false)}
          >
            {tr('composer.close')}
          </button>
        </header>
        <div className="exhibit-body">
          <section className="exhibit-column exhibit-settings">
            <fieldset>
              <legend>{tr('composer.details')}</legend>
              <TextField
                label={tr('composer.field.title')}
                testId="exhibit-field-title"
                value={c.options.title}
                onChange={(title) => c.setOptions({ title })}
              />
              <TextField
                label={tr('composer.field.caseReference')}
                testId="exhibit-field-case"
                value={c.options.caseReference}
                onChange={(caseReference) => c.setOptions({ caseReference })}
              />
              <TextField
                label={tr('composer.field.exhibitNumber')}
                testId="exhibit-field-number"
                value={c.options.exhibitNumber}
                onChange={(exhibitNumber) => c.setOptions({ exhibitNumber })}
              />
              <TextField
                label={tr('composer.field.author')}
                testId="exhibit-field-author"
                value={c.options.author}
                onChange={(author) => c.setOptions({ author })}
              />
            </fieldset>
            <fieldset>
              <legend>{tr('composer.page')}</legend>
              <label className="exhibit-field">
                <span>{tr('composer.language')}</span>
                <select
                  value={c.options.locale}
                  data-testid="exhibit-locale"
                  onChange={(e) => {
                    if (isLocale(e.target.value)) c.setOptions({ locale: e.target.value });
                  }}
                >
                  {LOCALES.map((l) => (
                    <option key={l} value={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              </label>
              <div className="exhibit-pair">
                <label className="exhibit-field">
                  <span>{tr('composer.pageSize')}</span>
                  <select
                    value={c.options.pageSize}
                    data-testid="exhibit-page-size"
                    onChange={(e) => c.setOptions({ pageSize: e.target.value as ExhibitPageSize })}
                  >
                    {PAGE_SIZES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="exhibit-field">
                  <span>{tr('composer.orientation')}</span>
                  <select
                    value={c.options.orientation}
                    data-testid="exhibit-orientation"
                    onChange={(e) =>
                      c.setOptions({ orientation: e.target.value as ExhibitOrientation })
                    }
                  >
                    {ORIENTATIONS.map((o) => (
                      <option key={o} value={o}>
                        {tr(`composer.orientation.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <label className="exhibit-field">
                <span>{tr('composer.mapStyle')}</span>
                <select
                  value={c.options.mapStyle}
                  data-testid="exhibit-map-style"
                  onChange={(e) => c.setOptions({ mapStyle: e.target.value as ExhibitMapStyle })}
                >
                  {MAP_STYLES.map((m) => (
                    <option key={m} value={m}>
                      {tr(`composer.mapStyle.${m}`)}
                    </option>
                  ))}
                </select>
              </label>
            </fieldset>
            <fieldset>
              <legend>{tr('composer.show')}</legend>
              <div className="exhibit-checks">
                {SHOW_KEYS.map((key) => (
                  <label key={key} className="check">
                    <input
                      type="checkbox"
                      data-testid={`exhibit-show-${key}`}
                      checked={c.options.show[key]}
                      onChange={(e) => c.setShow(key, e.target.checked)}
                    />
                    {tr(`composer.show.${key}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>{tr('composer.when')}</legend>
              <label className="exhibit-field">
                <span>{tr('composer.zone')}</span>
                <select
                  value={zone}
                  data-testid="exhibit-zone"
                  onChange={(e) => c.setZone(e.target.value)}
                >
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z === systemZone ? tr('topbar.systemZone', { zone: z }) : z}
                    </option>
                  ))}
                </select>
              </label>
              <RangeChooser
                tr={tr}
                mode={c.rangeMode}
                window={timeBarWindow}
                custom={c.customRange}
                fallback={range ?? caseSpan(timeline)}
                zone={zone}
                locale={uiLocale}
                onMode={c.setRangeMode}
                onCustom={c.setCustomRange}
              />
            </fieldset>
          </section>

          <section className="exhibit-column exhibit-lists">
            <fieldset className="exhibit-sources">
              <legend>{tr('composer.sources')}</legend>
              {sourceRows.map((e) => (
                <label key={e.source.id} className="check" data-testid="exhibit-source">
                  <input
                    type="checkbox"
                    checked={!c.deselectedSources.includes(e.source.id)}
                    onChange={() => c.toggleSource(e.source.id)}
                  />
                  <span className="exhibit-swatch" style={{ background: e.colour }} />
                  <span className="exhibit-source-label">{e.source.label}</span>
                </label>
              ))}
            </fieldset>
            <fieldset className="exhibit-stops">
              <legend>{tr('composer.stops')}</legend>
              <div className="exhibit-stops-head">
                <span className="muted">
                  {tr('composer.stopsChosen', {
                    chosen: chosenStops.length,
                    count: candidates.length,
                  })}
                </span>
                <div className="top-bar-spacer" />
                <button
                  type="button"
                  className="secondary-button"
                  data-testid="exhibit-stops-all"
                  onClick={() =>
                    c.setStops(
                      candidates.map((s) => s.key),
                      true,
                    )
                  }
                >
                  {tr('composer.selectAll')}
                </button>
                <button
                  type="button"
                  className="secondary-button"
                  data-testid="exhibit-stops-none"
                  onClick={() =>
                    c.setStops(
                      candidates.map((s) => s.key),
                      false,
                    )
                  }
                >
                  {tr('composer.selectNone')}
                </button>
              </div>
              <div className="exhibit-stop-list">
                {candidates.length === 0 && (
                  <p className="muted">
                    {timelineStatus.state === 'deriving' || !timeline
                      ? tr('composer.deriving')
                      : tr('composer.noStops')}
                  </p>
                )}
                {candidates.map((stop) => (
                  <label
                    key={stop.key}
                    className="check exhibit-stop"
                    data-testid="exhibit-stop"
                    data-key={stop.key}
                    data-n={stop.n}
                    data-start={stop.start}
                  >
                    <input
                      type="checkbox"
                      checked={!c.deselectedStops.includes(stop.key)}
                      onChange={() => c.toggleStop(stop.key)}
                    />
                    <span className="exhibit-stop-n">{stop.n}</span>
                    <span className="exhibit-stop-time">
                      {formatSpan(uiLocale, stop.start, stop.end, zone)}
                    </span>
                    <span className="exhibit-stop-place">{stopTitle(tr, stop)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </section>

          <section className="exhibit-column exhibit-output">
            <h3>{tr('composer.preview')}</h3>
            <SchematicPreview stops={chosenStops} label={tr('composer.preview')} />
            <p className="hint">
              {chosenStops.length > 0 &&
                `${tr('composer.previewNumbers', { count: chosenStops.length })} `}
              {tr('composer.previewNote')}
            </p>
            <h3>{tr('composer.export.exhibit')}</h3>
            <div className="exhibit-formats">
              {EXHIBIT_FORMATS.map((f) => (
                <FormatButton key={f} format={f} busy={busy} api={api} primary={f === 'pdf'} />
              ))}
            </div>
            <h3>{tr('composer.export.data')}</h3>
            <div className="exhibit-formats">
              {DATA_FORMATS.map((f) => (
                <FormatButton key={f} format={f} busy={busy} api={api} />
              ))}
            </div>
            <ExportStatusLine tr={tr} />
          </section>
        </div>
      </div>
    </div>
  );
}

function FormatButton({
  format,
  busy,
  api,
  primary = false,
}: {
  format: ExhibitExportFormat;
  busy: boolean;
  api: ItineraApi;
  primary?: boolean;
}) {
  const app = useAppStore();
  return (
    <button
      type="button"
      className={primary ? 'primary-button' : 'secondary-button'}
      data-testid={`exhibit-export-${format}`}
      disabled={busy}
      onClick={() => void exportExhibit(app, composerStoreOf(app), api, format)}
    >
      {format === 'geojson' ? 'GeoJSON' : format.toUpperCase()}
    </button>
  );
}

function ExportStatusLine({ tr }: { tr: Translate }) {
  const status = useComposer((s) => s.status);
  const locale = useApp((s) => s.locale);
  if (status.state === 'idle') return null;
  const format = status.format.toUpperCase();
  const text =
    status.state === 'busy'
      ? tr('composer.exporting', { format })
      : status.state === 'done'
        ? tr('composer.saved', {
            format,
            path: status.file.path,
            size: formatFileSize(locale, status.file.bytes),
          })
        : tr('composer.failed', { format, message: status.message });
  return (
    <div
      className={`exhibit-status exhibit-status-${status.state}`}
      data-testid="exhibit-status"
      data-state={status.state}
      role="status"
    >
      <span>{text}</span>
      {status.state === 'done' && (
        <code className="exhibit-hash" title="SHA-256">
          SHA-256 {status.file.sha256}
        </code>
      )}
    </div>
  );
}

function TextField({
  label,
  value,
  testId,
  onChange,
}: {
  label: string;
  value: string;
  testId: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="exhibit-field">
      <span>{label}</span>
      <input
        type="text"
        value={value}
        maxLength={500}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** First to last instant of the derived timeline; null before there is one. */
function caseSpan(timeline: { entries: { start: number; end: number }[] } | null): Span | null {
  const entries = timeline?.entries ?? [];
  if (entries.length === 0) return null;
  return { start: entries[0]!.start, end: entries[entries.length - 1]!.end };
}

function RangeChooser({
  tr,
  mode,
  window: timeBarWindow,
  custom,
  fallback,
  zone,
  locale,
  onMode,
  onCustom,
}: {
  tr: Translate;
  mode: RangeMode;
  window: Span | null;
  custom: Span | null;
  fallback: Span | null;
  zone: string;
  locale: Parameters<typeof formatSpan>[0];
  onMode: (mode: RangeMode) => void;
  onCustom: (range: Span | null) => void;
}) {
  const initial = custom ?? fallback;
  const [from, setFrom] = useState(initial ? toZoneLocalInput(initial.start, zone) : '');
  const [to, setTo] = useState(initial ? toZoneLocalInput(initial.end, zone) : '');
  // The inputs are wall times in the exhibit's zone: rewrite them when the zone changes.
  useEffect(() => {
    if (!custom) return;
    setFrom(toZoneLocalInput(custom.start, zone));
    setTo(toZoneLocalInput(custom.end, zone));
  }, [custom, zone]);
  const start = fromZoneLocalInput(from, zone);
  const end = fromZoneLocalInput(to, zone);
  const valid = Number.isFinite(start) && Number.isFinite(end) && start <= end;
  const commit = (f: string, t: string) => {
    const s = fromZoneLocalInput(f, zone);
    // The end minute is inclusive: a stop starting at 14:30 is in a range "to 14:30".
    const e = fromZoneLocalInput(t, zone) + 59_999;
    onCustom(Number.isFinite(s) && Number.isFinite(e) && s <= e ? { start: s, end: e } : null);
  };
  const option = (value: RangeMode, label: string) => (
    <label className="check">
      <input
        type="radio"
        name="exhibit-range"
        value={value}
        data-testid={`exhibit-range-${value}`}
        checked={mode === value}
        onChange={() => {
          onMode(value);
          if (value === 'custom') commit(from, to);
        }}
      />
      {label}
    </label>
  );
  return (
    <div className="exhibit-range" data-testid="exhibit-range">
      <span className="exhibit-range-title">{tr('composer.range')}</span>
      {option(
        'window',
        timeBarWindow
          ? tr('composer.range.window', {
              span: formatSpan(locale, timeBarWindow.start, timeBarWindow.end, zone),
            })
          : tr('composer.range.windowNone'),
      )}
      {option('case', tr('composer.range.case'))}
      {option('custom', tr('composer.range.custom'))}
      {mode === 'custom' && (
        <div className="exhibit-pair">
          <label className="exhibit-field">
            <span>{tr('composer.range.from')}</span>
            <input
              type="datetime-local"
              value={from}
              data-testid="exhibit-range-from"
              onChange={(e) => {
                setFrom(e.target.value);
                commit(e.target.value, to);
              }}
            />
          </label>
          <label className="exhibit-field">
            <span>{tr('composer.range.to')}</span>
            <input
              type="datetime-local"
              value={to}
              data-testid="exhibit-range-to"
              onChange={(e) => {
                setTo(e.target.value);
                commit(from, e.target.value);
              }}
            />
          </label>
        </div>
      )}
      {mode === 'custom' && !valid && (
        <p className="exhibit-invalid" role="alert">
          {tr('composer.range.invalid', { zone })}
        </p>
      )}
    </div>
  );
}
