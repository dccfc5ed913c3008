/**
 * The mapping step: before a table is imported the examiner sees how it was read — dialect,
 * the role of each column over a preview of its first rows, the zone of naive times, the
 * notes explaining the detection — and confirms, edits, picks or saves a preset, or refuses.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ItineraApi, PresetInfo } from '../../../shared/api';
import { formatNumber } from '../../../shared/i18n';
import {
  validateTableMapping,
  type ColumnRole,
  type TableMapping,
} from '../../../shared/formats/table/mapping';
import { useLocale, useT } from '../i18n';
import type { MappingPrompt } from '../store/importSlice';
import { useApp } from '../store/StoreContext';
import {
  headerRow,
  mappingFromPreset,
  presetFromMapping,
  ROLE_CHOICES,
  setColumnRole,
} from './mappingEdit';

function zoneChoices(current: string): string[] {
  const all =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...all])];
}

function delimiterLabel(d: string, tab: string): string {
  if (d === '\t') return tab;
  if (d === '') return '—';
  return `“${d}”`;
}

export function MappingDialogHost({ api }: { api: ItineraApi }) {
  const prompt = useApp((s) => s.mappingPrompt);
  if (!prompt) return null;
  // Keyed by path: a new table starts from its own detection, not the previous one's edits.
  return (
    <MappingDialog key={`${prompt.inspection.path}#${prompt.position}`} prompt={prompt} api={api} />
  );
}

function MappingDialog({ prompt, api }: { prompt: MappingPrompt; api: ItineraApi }) {
  const tr = useT();
  const locale = useLocale();
  const addNotice = useApp((s) => s.addNotice);
  const { inspection } = prompt;
  const [mapping, setMapping] = useState<TableMapping>(() => ({
    ...inspection.mapping,
    // Never the host zone: the preset's zone, else UTC, shown and changeable below.
    timeZone: inspection.mapping.timeZone ?? 'UTC',
  }));
  const [presets, setPresets] = useState<PresetInfo[]>(inspection.presets);
  const [presetId, setPresetId] = useState<string>('');
  const [presetProblem, setPresetProblem] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const [saving, setSaving] = useState(false);

  const { rows, lines } = inspection;
  const width = Math.max(1, ...rows.map((r) => r.length));
  const header = headerRow(mapping, rows, lines);
  const check = useMemo(() => validateTableMapping(mapping), [mapping]);
  const zones = useMemo(() => zoneChoices(mapping.timeZone ?? 'UTC'), [mapping.timeZone]);
  const roleOf = (index: number): ColumnRole | '' =>
    mapping.columns.find((c) => c.index === index)?.role ?? '';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') prompt.resolve(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompt]);

  const choosePreset = (id: string) => {
    setPresetId(id);
    setPresetProblem(null);
    if (id === '') {
      setMapping({ ...inspection.mapping, timeZone: inspection.mapping.timeZone ?? 'UTC' });
      return;
    }
    const info = presets.find((p) => p.preset.id === id);
    if (!info) return;
    const next = mappingFromPreset(info.preset, mapping, rows, lines);
    if (next) setMapping(next);
    else setPresetProblem(tr('mapping.preset.noFit', { name: info.preset.label }));
  };

  const save = async () => {
    const name = saveName.trim();
    if (name === '') return;
    setSaving(true);
    try {
      const preset = presetFromMapping(name, mapping, header, width);
      const list = await api.savePreset({ preset });
      setPresets(list);
      setPresetId(preset.id);
      setMapping((m) => ({ ...m, preset: preset.id }));
      addNotice('mapping.saved', { name });
      setSaveName('');
    } catch (err) {
      addNotice('mapping.saveFailed', {
        message: err instanceof Error ? err.message : String(err),
      });
    } finally {
      setSaving(false);
    }
  };

  const builtins = presets.filter((p) => p.origin === 'builtin');
  const users = presets.filter((p) => p.origin === 'user');
  const firstDataLine = mapping.dialect.skipRows + (mapping.dialect.header ? 1 : 0);
  const isWorkbook = inspection.format === 'xlsx';

  return (
    <div className="modal-backdrop">
      <div
        className="mapping-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="mapping-title"
        data-testid="mapping-dialog"
        data-path={inspection.path}
        data-format={inspection.format}
      >
        <header className="mapping-head">
          <h2 id="mapping-title">{tr('mapping.title')}</h2>
          <div className="mapping-file">
            <strong data-testid="mapping-file">{inspection.name}</strong>
            {prompt.count > 1 && (
              <span className="muted">
                {' '}
                ({prompt.position}/{prompt.count})
              </span>
            )}
          </div>
          <div
            className="muted"
            data-testid="mapping-confidence"
            data-value={inspection.confidence}
          >
            {tr('mapping.confidence', {
              percent: `${formatNumber(locale, Math.round(inspection.confidence * 100))} %`,
            })}
          </div>
        </header>

        <div className="mapping-body">
          <section className="mapping-settings">
            <fieldset>
              <legend>{tr('mapping.dialect')}</legend>
              <dl className="facts">
                {/* Workbook cells are not delimited text: no delimiter or encoding to show. */}
                {!isWorkbook && (
                  <>
                    <dt>{tr('mapping.delimiter')}</dt>
                    <dd data-testid="mapping-delimiter" data-value={mapping.dialect.delimiter}>
                      {delimiterLabel(mapping.dialect.delimiter, tr('mapping.delimiter.tab'))}
                    </dd>
                    <dt>{tr('mapping.encoding')}</dt>
                    <dd data-testid="mapping-encoding">{inspection.encoding || '—'}</dd>
                  </>
                )}
                <dt>{tr('mapping.skipRows')}</dt>
                <dd>{mapping.dialect.skipRows}</dd>
              </dl>
              <label className="check">
                <input
                  type="checkbox"
                  data-testid="mapping-header"
                  checked={mapping.dialect.header}
                  onChange={(e) =>
                    setMapping((m) => ({
                      ...m,
                      dialect: { ...m.dialect, header: e.target.checked },
                    }))
                  }
                />
                {tr('mapping.header')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  data-testid="mapping-decimal-comma"
                  checked={mapping.dialect.decimalComma}
                  onChange={(e) =>
                    setMapping((m) => ({
                      ...m,
                      dialect: { ...m.dialect, decimalComma: e.target.checked },
                    }))
                  }
                />
                {tr('mapping.decimalComma')}
              </label>
            </fieldset>

            <fieldset>
              <legend>{tr('mapping.kind')}</legend>
              <select
                value={mapping.kind}
                data-testid="mapping-kind"
                onChange={(e) =>
                  setMapping((m) => ({ ...m, kind: e.target.value as TableMapping['kind'] }))
                }
              >
                <option value="positions">{tr('mapping.kind.positions')}</option>
                <option value="stops-report">{tr('mapping.kind.stops-report')}</option>
              </select>
            </fieldset>

            <fieldset>
              <legend>{tr('mapping.zone')}</legend>
              <select
                value={mapping.timeZone ?? 'UTC'}
                data-testid="mapping-zone"
                onChange={(e) => setMapping((m) => ({ ...m, timeZone: e.target.value }))}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
              <p className="hint">{tr('mapping.zoneHint')}</p>
            </fieldset>

            <fieldset>
              <legend>{tr('mapping.preset')}</legend>
              <select
                value={presetId}
                data-testid="mapping-preset"
                onChange={(e) => choosePreset(e.target.value)}
              >
                <option value="">
                  {tr('mapping.preset.detected')}
                  {inspection.mapping.preset
                    ? ` (${presets.find((p) => p.preset.id === inspection.mapping.preset)?.preset.label ?? inspection.mapping.preset})`
                    : ''}
                </option>
                <optgroup label={tr('mapping.preset.builtin')}>
                  {builtins.map((p) => (
                    <option key={p.preset.id} value={p.preset.id}>
                      {p.preset.label}
                    </option>
                  ))}
                </optgroup>
                {users.length > 0 && (
                  <optgroup label={tr('mapping.preset.user')}>
                    {users.map((p) => (
                      <option key={p.preset.id} value={p.preset.id}>
                        {p.preset.label}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
              {presetProblem && (
                <p className="mapping-problem" role="alert" data-testid="mapping-preset-problem">
                  {presetProblem}
                </p>
              )}
              <div className="save-preset">
                <input
                  type="text"
                  value={saveName}
                  maxLength={200}
                  placeholder={tr('mapping.presetName')}
                  aria-label={tr('mapping.presetName')}
                  data-testid="mapping-preset-name"
                  onChange={(e) => setSaveName(e.target.value)}
                />
                <button
                  type="button"
                  className="secondary-button"
                  data-testid="mapping-save-preset"
                  disabled={saving || saveName.trim() === '' || !check.ok}
                  onClick={() => void save()}
                >
                  {tr('mapping.saveAs')}
                </button>
              </div>
            </fieldset>
          </section>

          <section className="mapping-preview">
            <h3>{tr('mapping.preview')}</h3>
            <div className="preview-scroll">
              <table className="preview-grid" data-testid="mapping-grid">
                <thead>
                  <tr>
                    <th />
                    {Array.from({ length: width }, (_, index) => (
                      <th key={index} scope="col">
                        <div className="col-name">
                          {header?.[index]?.trim() || tr('mapping.column', { n: index + 1 })}
                        </div>
                        <select
                          value={roleOf(index)}
                          data-testid="mapping-role"
                          data-column={index}
                          aria-label={tr('mapping.column', { n: index + 1 })}
                          onChange={(e) =>
                            setMapping((m) =>
                              setColumnRole(
                                m,
                                index,
                                e.target.value === '' ? null : (e.target.value as ColumnRole),
                                header?.[index],
                              ),
                            )
                          }
                        >
                          <option value="">{tr('mapping.role.none')}</option>
                          {ROLE_CHOICES.map((role) => (
                            <option key={role} value={role}>
                              {tr(`role.${role}`)}
                            </option>
                          ))}
                        </select>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, k) => {
                    const line = lines[k] ?? k + 1;
                    const skipped = line <= mapping.dialect.skipRows;
                    const isHeader = !skipped && mapping.dialect.header && line === firstDataLine;
                    return (
                      <tr
                        key={line}
                        className={skipped ? 'row-skipped' : isHeader ? 'row-header' : undefined}
                      >
                        <th scope="row" className="line-no">
                          {line}
                          {skipped && <span className="row-tag">{tr('mapping.row.skipped')}</span>}
                          {isHeader && <span className="row-tag">{tr('mapping.row.header')}</span>}
                        </th>
                        {Array.from({ length: width }, (_, index) => (
                          <td key={index} className={roleOf(index) ? 'mapped' : undefined}>
                            {row[index] ?? ''}
                          </td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {inspection.notes.length > 0 && (
              <details className="mapping-notes" open>
                <summary>{tr('mapping.notes')}</summary>
                <ul data-testid="mapping-notes">
                  {inspection.notes.map((note, k) => (
                    <li key={k}>{note}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        </div>

        {!check.ok && (
          <div className="mapping-problem" role="alert" data-testid="mapping-invalid">
            {tr('mapping.invalid')}
            <ul>
              {check.errors.map((e, k) => (
                <li key={k}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        <footer className="mapping-actions">
          <button
            type="button"
            className="secondary-button"
            data-testid="mapping-cancel"
            onClick={() => prompt.resolve(null)}
          >
            {tr('mapping.cancel')}
          </button>
          <button
            type="button"
            className="primary-button"
            data-testid="mapping-confirm"
            disabled={!check.ok}
            onClick={() => check.ok && prompt.resolve(check.mapping)}
          >
            {tr('mapping.confirm')}
          </button>
        </footer>
      </div>
    </div>
  );
}
