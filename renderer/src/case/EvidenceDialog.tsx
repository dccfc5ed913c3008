/** "Verify evidence": each original file with match / mismatch / missing and both hashes. */
import { useEffect, useState } from 'react';
import type { EvidenceVerification, ItineraApi } from '../../../shared/api';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { verifyCaseEvidence } from './caseActions';
import { CaseDialogFrame } from './CaseDialogFrame';

export function EvidenceDialog({ api }: { api: ItineraApi }) {
  const dialog = useApp((s) => s.caseDialog);
  if (dialog !== 'evidence') return null;
  return <EvidenceView api={api} />;
}

function EvidenceView({ api }: { api: ItineraApi }) {
  const tr = useT();
  const store = useAppStore();
  const close = () => store.getState().setCaseDialog(null);
  const [report, setReport] = useState<EvidenceVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void verifyCaseEvidence(store, api).then((result) => {
      if (!live) return;
      if ('error' in result) setError(result.error);
      else setReport(result);
    });
    return () => {
      live = false;
    };
  }, [store, api]);

  return (
    <CaseDialogFrame
      className="evidence-dialog"
      title={tr('evidence.title')}
      testId="evidence-dialog"
      onClose={close}
      error={error}
      head={
        <>
          {report && (
            <span
              className={
                report.mismatch + report.missing === 0 ? 'audit-status ok' : 'audit-status broken'
              }
              data-testid="evidence-summary"
            >
              {tr('evidence.summary', {
                match: report.match,
                mismatch: report.mismatch,
                missing: report.missing,
              })}
            </span>
          )}
        </>
      }
      footer={
        <>
          <span className="spacer" />
          <button
            type="button"
            className="primary-button"
            data-testid="evidence-close"
            onClick={close}
          >
            {tr('audit.close')}
          </button>
        </>
      }
    >
      {!report && !error && <p className="muted">{tr('evidence.running')}</p>}
      {report && report.checks.length === 0 && <p className="muted">{tr('evidence.none')}</p>}
      {report && report.checks.length > 0 && (
        <table className="audit-table evidence-table" data-testid="evidence-table">
          <thead>
            <tr>
              <th>{tr('evidence.file')}</th>
              <th>{tr('evidence.source')}</th>
              <th>{tr('evidence.status')}</th>
              <th>{tr('evidence.recorded')}</th>
              <th>{tr('evidence.actual')}</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c, i) => (
              <tr
                key={i}
                className={c.status === 'match' ? undefined : 'bad'}
                data-testid="evidence-row"
                data-status={c.status}
              >
                <td title={c.foundAt ?? c.recordedPath}>{c.name}</td>
                <td>{c.sourceLabel}</td>
                <td className={`evidence-status ${c.status}`}>{tr(`evidence.${c.status}`)}</td>
                <td>
                  <code>{c.recordedSha256}</code>
                </td>
                <td>
                  <code>{c.actualSha256 ?? c.note ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </CaseDialogFrame>
  );
}
