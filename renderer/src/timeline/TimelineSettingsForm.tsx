/**
 * The method: the parameters of the derivation for the whole case and per source. They are
 * stored with the case and printed on exhibits; changing one derives the timeline again.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatNumber } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import { useApp } from '../store/StoreContext';
import type { SourceIndex } from './sourceIndex';

function NumberField({
  label,
  value,
  scale = 1,
  placeholder,
  testId,
  allowNegative = false,
  onCommit,
}: {
  label: string;
  /** In the stored unit; shown divided by `scale` (seconds shown as minutes: 60). */
  value: number | undefined;
  scale?: number;
  placeholder?: string;
  testId?: string;
  allowNegative?: boolean;
  onCommit: (value: number | undefined) => void;
}) {
  const shown = value === undefined ? '' : String(Math.round((value / scale) * 1000) / 1000);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    if (text.trim() === '') return onCommit(undefined);
    const n = Number(text.replace(',', '.'));
    if (!Number.isFinite(n) || (!allowNegative && n < 0)) return setText(shown);
    onCommit(n * scale);
  };
  return (
    <label className="tset-field">
      <span>{label}</span>
      <input
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

function zones(current: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([current, 'UTC', ...all])];
}

export function TimelineSettingsForm({ sources }: { sources: SourceIndex }) {
  const tr = useT();
  const locale = useLocale();
  const settings = useApp((s) => s.timelineSettings);
  const parameters = useApp((s) => s.timeline?.parameters);
  const zone = useApp((s) => s.displayZone);
  const setZone = useApp((s) => s.setDisplayZone);
  const set = useApp((s) => s.setTimelineSettings);
  const setSource = useApp((s) => s.setSourceTimelineSettings);
  const zoneOptions = useMemo(() => zones(zone), [zone]);
  const byKind = tr('tsettings.byKind');

  return (
    <section className="tset" data-testid="timeline-settings">
      <p className="muted">{tr('tsettings.note')}</p>
      <h4>{tr('tsettings.case')}</h4>
      <div className="tset-grid">
        <NumberField
          label={tr('tsettings.stopRadius')}
          value={settings.stopRadiusM}
          placeholder={byKind}
          testId="tset-stop-radius"
          onCommit={(v) => set({ stopRadiusM: v })}
        />
        <NumberField
          label={tr('tsettings.stopMin')}
          value={settings.stopMinS}
          scale={60}
          placeholder={byKind}
          testId="tset-stop-min"
          onCommit={(v) => set({ stopMinS: v })}
        />
        <NumberField
          label={tr('tsettings.gap')}
          value={settings.gapS}
          scale={60}
          testId="tset-gap"
          onCommit={(v) => v !== undefined && set({ gapS: v })}
        />
        <NumberField
          label={tr('tsettings.conflictSpeed')}
          value={settings.conflictSpeedKmh}
          testId="tset-conflict-speed"
          onCommit={(v) => v !== undefined && set({ conflictSpeedKmh: v })}
        />
        <NumberField
          label={tr('tsettings.mergeRadius')}
          value={settings.mergeRadiusM}
          testId="tset-merge-radius"
          onCommit={(v) => v !== undefined && set({ mergeRadiusM: v })}
        />
        <label className="tset-field">
          <span>{tr('tsettings.displayZone')}</span>
          <select value={zone} onChange={(e) => setZone(e.target.value)}>
            {zoneOptions.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h4>{tr('tsettings.perSource')}</h4>
      {[...sources.values()].map((entry) => {
        const id = entry.source.id;
        const own = settings.perSource[id] ?? {};
        const applied = parameters?.perSource[id];
        return (
          <fieldset key={id} className="tset-source" data-testid="tset-source">
            <legend>
              <span className="tl-source-dot" style={{ background: entry.colour }} />
              {entry.source.label}
            </legend>
            <div className="tset-grid">
              <NumberField
                label={tr('tsettings.stopRadius')}
                value={own.stopRadiusM}
                placeholder={applied ? String(applied.stopRadiusM) : ''}
                onCommit={(v) => setSource(id, { stopRadiusM: v })}
              />
              <NumberField
                label={tr('tsettings.stopMin')}
                value={own.stopMinS}
                scale={60}
                placeholder={applied ? String(applied.stopMinS / 60) : ''}
                onCommit={(v) => setSource(id, { stopMinS: v })}
              />
              <NumberField
                label={tr('tsettings.clockOffset')}
                value={own.clockOffsetMs}
                scale={1000}
                allowNegative
                placeholder="0"
                onCommit={(v) => setSource(id, { clockOffsetMs: v })}
              />
              <label className="tset-check">
                <input
                  type="checkbox"
                  checked={own.excluded === true}
                  onChange={(e) => setSource(id, { excluded: e.target.checked || undefined })}
                />
                <span>{tr('tsettings.leaveOut')}</span>
              </label>
            </div>
            {applied && (
              <div className="muted tset-applied">
                {tr('tsettings.applied', {
                  radius: formatNumber(locale, applied.stopRadiusM),
                  min: formatNumber(locale, applied.stopMinS / 60, 1),
                  offset: formatNumber(locale, applied.clockOffsetMs / 1000, 1),
                })}
              </div>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
