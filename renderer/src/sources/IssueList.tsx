import { useState } from 'react';
import type { ImportIssue } from '../../../shared/model';
import { useT } from '../i18n';
import { SEVERITIES, countBySeverity, issueLocation } from './format';

/** Rendering thousands of rows would stall the panel; the rest are counted, not hidden. */
const MAX_SHOWN = 300;

export function IssueSummary({ issues }: { issues: readonly ImportIssue[] }) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  if (issues.length === 0) {
    return <div className="issues-none">{tr('issues.none')}</div>;
  }
  const counts = countBySeverity(issues);
  const shown = issues.slice(0, MAX_SHOWN);
  return (
    <div className="issues">
      <button
        type="button"
        className="issues-toggle"
        aria-expanded={open}
        data-testid="issues-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="issues-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span>{tr('issues.count', { count: issues.length })}</span>
        {SEVERITIES.filter((s) => counts[s] > 0).map((severity) => (
          <span
            key={severity}
            className={`badge badge-${severity}`}
            data-testid={`issue-badge-${severity}`}
            title={tr(`severity.${severity}`)}
          >
            {tr(`severity.${severity}`)} {counts[severity]}
          </span>
        ))}
      </button>
      {open && (
        <ol className="issue-list" aria-label={tr('issues.hide')}>
          {shown.map((issue, i) => (
            <li
              key={i}
              className={`issue-row issue-${issue.severity}`}
              data-testid="issue-row"
              data-code={issue.code}
            >
              <span
                className={`severity-dot dot-${issue.severity}`}
                title={tr(`severity.${issue.severity}`)}
              />
              <span className="issue-location">{issueLocation(issue, tr)}</span>
              <span className="issue-message">{issue.message}</span>
            </li>
          ))}
          {issues.length > shown.length && (
            <li className="issue-more">
              {tr('issues.more', { count: issues.length - shown.length })}
            </li>
          )}
        </ol>
      )}
    </div>
  );
}
