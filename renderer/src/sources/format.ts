/** Display helpers for the sources panel. */
import type { ImportIssue, Severity } from '../../../shared/model';
import type { Translate } from '../i18n';

/** `3f9a1c2e…b07d` — enough to tell hashes apart at a glance; the full value is on hover. */
export function shortHash(sha256: string): string {
  return sha256.length <= 20 ? sha256 : `${sha256.slice(0, 12)}…${sha256.slice(-6)}`;
}

export function issueLocation(issue: ImportIssue, tr: Translate): string {
  if (issue.line !== undefined && issue.column !== undefined) {
    return tr('issues.location.lineColumn', {
      line: String(issue.line),
      column: String(issue.column),
    });
  }
  if (issue.line !== undefined) return tr('issues.location.line', { line: String(issue.line) });
  // Records are stored 0-based; examiners count from 1.
  if (issue.record !== undefined) {
    return tr('issues.location.record', { record: String(issue.record + 1) });
  }
  if (issue.offset !== undefined)
    return tr('issues.location.offset', { offset: String(issue.offset) });
  return '';
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function countBySeverity(issues: readonly ImportIssue[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity] += 1;
  return counts;
}
