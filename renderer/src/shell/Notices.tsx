import { t } from '../../../shared/i18n';
import { useT } from '../i18n';
import { useApp } from '../store/StoreContext';

/** Messages that belong to no single file, such as a drop the host could not read. */
export function Notices() {
  const tr = useT();
  const locale = useApp((s) => s.locale);
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className="notice" data-testid="notice">
          <span>{t(locale, n.key, n.params)}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label={tr('notice.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
