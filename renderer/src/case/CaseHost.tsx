/**
 * Everything of the case that is not in the top bar: the tampered-log banner, the message of a
 * failed open or save, the audit log viewer and the evidence check; it also starts the case
 * tracking (dirty state, audit reports, autosave) and the save on quit.
 */
import { useEffect } from 'react';
import type { ItineraApi } from '../../../shared/api';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { AuditLogDialog } from './AuditLogDialog';
import { saveCase } from './caseActions';
import { startCaseTracking } from './caseTracking';
import { EvidenceDialog } from './EvidenceDialog';

declare global {
  interface Window {
    /** Called by Electron main before quitting: saves a case that has a path and changes. */
    __itineraBeforeQuit?: () => Promise<boolean>;
  }
}

const OPEN_ERROR_CODES = [
  'case.not-found',
  'case.unreadable',
  'case.foreign',
  'case.truncated',
  'case.newer-version',
  'case.checksum',
  'case.corrupt',
] as const;

export function CaseHost({ api }: { api: ItineraApi }) {
  const store = useAppStore();

  useEffect(
    () =>
      startCaseTracking(store, api, {
        autosave: () => saveCase(store, api, { auto: true }),
      }),
    [store, api],
  );

  useEffect(() => {
    window.__itineraBeforeQuit = async () => {
      const s = store.getState();
      if (!s.caseDirty || !s.caseInfo?.path) return false;
      return saveCase(store, api, { auto: true });
    };
    return () => {
      delete window.__itineraBeforeQuit;
    };
  }, [store, api]);

  return (
    <>
      <TamperBanner />
      <CaseProblemMessage />
      <AuditLogDialog api={api} />
      <EvidenceDialog api={api} />
    </>
  );
}

function TamperBanner() {
  const tr = useT();
  const info = useApp((s) => s.caseInfo);
  if (!info?.tampered) return null;
  return (
    <div className="case-tamper-banner" role="alert" data-testid="audit-tampered">
      <strong>{tr('case.tampered', { n: info.tamperedEntry ?? '?' })}</strong>
      <span>{tr('case.tamperedHint')}</span>
    </div>
  );
}

function CaseProblemMessage() {
  const tr = useT();
  const problem = useApp((s) => s.caseProblem);
  const setProblem = useApp((s) => s.setCaseProblem);
  if (!problem) return null;
  const known = (OPEN_ERROR_CODES as readonly string[]).includes(problem.code);
  const text =
    problem.kind === 'save'
      ? tr('case.saveFailed', { message: problem.message })
      : known
        ? tr(`case.error.${problem.code}` as MessageKey)
        : tr('case.error.other', { message: problem.message });
  return (
    <div className="case-problem" role="alert" data-testid="case-problem" data-code={problem.code}>
      {problem.kind === 'open' && <strong>{tr('case.error.title')}</strong>}
      <span>{text}</span>
      {problem.kind === 'open' && <span className="muted">{tr('case.error.unchanged')}</span>}
      <button type="button" className="secondary-button" onClick={() => setProblem(null)}>
        {tr('case.dismiss')}
      </button>
    </div>
  );
}
