/** The modal frame the case dialogs share: backdrop that closes on a click outside, heading, error line. */
import type { ReactNode } from 'react';

export interface CaseDialogFrameProps {
  /** Extra class beside `case-dialog` (e.g. `audit-dialog`). */
  className: string;
  title: string;
  testId: string;
  onClose: () => void;
  /** Shown in the header after the title (status badges, filters). */
  head?: ReactNode;
  /** Shown between the header and the error line. */
  beforeBody?: ReactNode;
  error: string | null;
  footer: ReactNode;
  children: ReactNode;
}

export function CaseDialogFrame(props: CaseDialogFrameProps) {
  const { className, title, testId, onClose, head, beforeBody, error, footer, children } = props;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <section
        className={`case-dialog ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
      >
        <header className="case-dialog-head">
          <h2>{title}</h2>
          {head}
        </header>
        {beforeBody}
        {error && <p className="case-dialog-error">{error}</p>}
        <div className="case-dialog-body">{children}</div>
        <footer className="case-dialog-foot">{footer}</footer>
      </section>
    </div>
  );
}
