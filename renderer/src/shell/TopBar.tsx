import { useMemo, type ReactNode } from 'react';
import { LOCALES, LOCALE_NAMES, isLocale } from '../../../shared/i18n';
import { useT } from '../i18n';
import { zoneChoices } from './zones';
import { useApp } from '../store/StoreContext';

export function TopBar({
  onOpen,
  onOpenFolder,
  onLocaleChange,
  children,
}: {
  onOpen: () => void;
  onOpenFolder: () => void;
  onLocaleChange: (l: string) => void;
  /** Further actions after the open buttons (the exhibit composer's button). */
  children?: ReactNode;
}) {
  const tr = useT();
  const locale = useApp((s) => s.locale);
  const displayZone = useApp((s) => s.displayZone);
  const systemZone = useApp((s) => s.systemZone);
  const setDisplayZone = useApp((s) => s.setDisplayZone);
  const pending = useApp((s) => s.pending);
  const zones = useMemo(() => zoneChoices(systemZone, displayZone), [systemZone, displayZone]);

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{tr('app.name')}</span>
        <span className="brand-tagline">{tr('app.tagline')}</span>
      </div>
      <button
        type="button"
        className="primary-button"
        data-testid="open-evidence"
        onClick={onOpen}
        disabled={pending > 0}
      >
        {pending > 0 ? tr('topbar.importing') : tr('topbar.open')}
      </button>
      <button
        type="button"
        className="secondary-button top-bar-folder"
        data-testid="open-folder"
        onClick={onOpenFolder}
        disabled={pending > 0}
      >
        {tr('topbar.openFolder')}
      </button>
      {children}
      <div className="top-bar-spacer" />
      <label className="top-field">
        <span>{tr('topbar.displayZone')}</span>
        <select
          value={displayZone}
          data-testid="display-zone"
          onChange={(e) => setDisplayZone(e.target.value)}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone === systemZone ? tr('topbar.systemZone', { zone }) : zone}
            </option>
          ))}
        </select>
      </label>
      <label className="top-field">
        <span>{tr('topbar.language')}</span>
        <select
          value={locale}
          data-testid="language"
          onChange={(e) => {
            if (isLocale(e.target.value)) onLocaleChange(e.target.value);
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l.toUpperCase()} · {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
