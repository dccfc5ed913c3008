/**
 * The audit log viewer: every entry (number, time in the display zone, account, version,
 * action, details), a filter by action, the chain's status and head hash, CSV/JSON export.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AuditLogView, ItineraApi } from '../../../shared/api';
import { AUDIT_ACTIONS, canonicalJson } from '../../../shared/case/audit';
import { formatDateTime } from '../../../shared/i18n';
import { useLocale, useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { exportAuditLog, splitApiError } from './caseActions';
import { CaseDialogFrame } from './CaseDialogFrame';

export function AuditLogDialog({ api }: { api: ItineraApi }) {
  const dialog = useApp((s) => s.caseDialog);
  if (dialog !== 'audit') return null;
  return <AuditLogView api={api} />;
}

function AuditLogView({ api }: { api: ItineraApi }) {
  const tr = useT();
  const locale = useLocale();
  const store = useAppStore();
  const zone = useApp((s) => s.displayZone);
  const close = () => store.getState().setCaseDialog(null);
  const [log, setLog] = useState<AuditLogView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<string>('');
  const [exported, setExported] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.auditLog().then(
      (view) => live && setLog(view),
      (err: unknown) => live && setError(splitApiError(err).message),
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.getState().setCaseDialog(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const rows = useMemo(
    () => (log ? log.entries.filter((e) => !filter || e.action === filter) : []),
    [log, filter],
  );
  const badFrom = log?.verification.firstBadIndex ?? null;
  const brokenAt =
    log && !log.verification.intact
      ? badFrom !== null && badFrom < log.entries.length
        ? (log.entries[badFrom]?.seq ?? badFrom + 1)
        : log.entries.length
      : null;

  const doExport = (format: 'csv' | 'json') => {
    exportAuditLog(store, api, format).then(
      (name) => name && setExported(name),
      (err: unknown) => setError(splitApiError(err).message),
    );
  };

  return (
    <CaseDialogFrame
      className="audit-dialog"
      title={tr('audit.title')}
      testId="audit-dialog"
      onClose={close}
      error={error}
      head={
        <>
          {log && (
            <span
              className={brokenAt === null ? 'audit-status ok' : 'audit-status broken'}
              data-testid="audit-status"
            >
              {brokenAt === null
                ? tr('audit.intact', { count: log.entries.length })
                : tr('audit.broken', { n: brokenAt })}
            </span>
          )}
          <label className="audit-filter">
            <span>{tr('audit.filter')}</span>
            <select
              value={filter}
              data-testid="audit-filter"
              onChange={(e) => setFilter(e.target.value)}
            >
              <option value="">{tr('audit.all')}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
        </>
      }
      beforeBody={
        <>
          {log && (
            <div className="audit-head-hash">
              <span>{tr('audit.head')}</span>
              <code data-testid="audit-head">{log.verification.head.hash}</code>
            </div>
          )}
        </>
      }
      footer={
        <>
          {exported && (
            <span className="muted" data-testid="audit-exported">
              {tr('audit.exported', { name: exported })}
            </span>
          )}
          <span className="spacer" />
          <button
            type="button"
            className="secondary-button"
            data-testid="audit-export-csv"
            onClick={() => doExport('csv')}
          >
            {tr('audit.exportCsv')}
          </button>
          <button
            type="button"
            className="secondary-button"
            data-testid="audit-export-json"
            onClick={() => doExport('json')}
          >
            {tr('audit.exportJson')}
          </button>
          <button
            type="button"
            className="primary-button"
            data-testid="audit-close"
            onClick={close}
          >
            {tr('audit.close')}
          </button>
        </>
      }
    >
      <table className="audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>{tr('audit.seq')}</th>
            <th>{tr('audit.time', { zone })}</th>
            <th>{tr('audit.account')}</th>
            <th>{tr('audit.software')}</th>
            <th>{tr('audit.action')}</th>
            <th>{tr('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const index = log!.entries.indexOf(e);
            const bad = badFrom !== null && index >= badFrom;
            return (
              <tr
                key={`${e.seq}-${e.hash}`}
                className={bad ? 'bad' : undefined}
                data-testid="audit-row"
              >
                <td>{e.seq}</td>
                <td>{formatAuditTime(locale, e.at, zone)}</td>
                <td>{e.account}</td>
                <td>{e.software}</td>
                <td>{e.action}</td>
                <td className="audit-details">
                  <code>{canonicalJson(e.details)}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </CaseDialogFrame>
  );
}

function formatAuditTime(locale: Parameters<typeof formatDateTime>[0], iso: string, zone: string) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? formatDateTime(locale, ms, zone) : iso;
}
