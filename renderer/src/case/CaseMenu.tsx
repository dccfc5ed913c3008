/**
 * The "Case" menu of the top bar (new, open, open recent, save, save as, verify evidence,
 * audit log), the case name with its unsaved-changes dot, and the keyboard shortcuts:
 * Ctrl+N/O/S/Shift+S for the case, Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z for timeline edits.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  CASE_COMMAND_EVENT,
  CASE_COMMANDS,
  type CaseCommand,
  type ItineraApi,
  type RecentCase,
} from '../../../shared/api';
import { useT } from '../i18n';
import { useApp, useAppStore } from '../store/StoreContext';
import { newCase, openCase, saveCase } from './caseActions';
import { redoTimelineEdit, undoTimelineEdit } from './caseTracking';
import './case.css';

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function caseDisplayName(title: string | undefined, path: string | null | undefined) {
  if (title?.trim()) return title.trim();
  if (path) return fileName(path).replace(/\.itinera$/i, '');
  return null;
}

export function CaseMenu({ api }: { api: ItineraApi }) {
  const tr = useT();
  const store = useAppStore();
  const info = useApp((s) => s.caseInfo);
  const dirty = useApp((s) => s.caseDirty);
  const busy = useApp((s) => s.caseBusy);
  const setDialog = useApp((s) => s.setCaseDialog);
  const [open, setOpen] = useState(false);
  const [recentOpen, setRecentOpen] = useState(false);
  const [recent, setRecent] = useState<RecentCase[] | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const name = caseDisplayName(info?.title, info?.path) ?? tr('case.untitled');

  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — ${tr('app.name')}`;
  }, [name, dirty, tr]);

  const run = useCallback(
    (command: CaseCommand) => {
      setOpen(false);
      setRecentOpen(false);
      if (command === 'new') void newCase(store, api);
      else if (command === 'open') void openCase(store, api);
      else void saveCase(store, api, { saveAs: command === 'save-as' });
    },
    [store, api],
  );

  // The File menu of the app (Electron) sends the same commands.
  useEffect(() => {
    const onCommand = (e: Event) => {
      const command = (e as CustomEvent<unknown>).detail;
      if (typeof command === 'string' && (CASE_COMMANDS as readonly string[]).includes(command))
        run(command as CaseCommand);
    };
    window.addEventListener(CASE_COMMAND_EVENT, onCommand);
    return () => window.removeEventListener(CASE_COMMAND_EVENT, onCommand);
  }, [run]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'n' && !e.shiftKey) run('new');
      else if (key === 'o' && !e.shiftKey) run('open');
      else if (key === 's') run(e.shiftKey ? 'save-as' : 'save');
      else if ((key === 'z' || key === 'y') && !isEditable(e.target)) {
        // In interview mode Ctrl+Z belongs to the testimony being taken.
        if (store.getState().interview.open) return;
        if (key === 'z' && !e.shiftKey) undoTimelineEdit(store);
        else redoTimelineEdit(store);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, store]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) {
        setOpen(false);
        setRecentOpen(false);
      }
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const toggle = () => {
    setOpen((o) => !o);
    setRecentOpen(false);
    if (!open) {
      api.recentCases().then(setRecent, () => setRecent([]));
    }
  };

  return (
    <div className="case-menu" ref={rootRef}>
      <button
        type="button"
        className="secondary-button case-menu-button"
        data-testid="case-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={toggle}
      >
        {tr('case.menu')} ▾
      </button>
      <span className="case-name" data-testid="case-name" title={info?.path ?? undefined}>
        {name}
        {dirty && (
          <span
            className="case-dirty"
            data-testid="case-dirty"
            title={tr('case.unsaved')}
            aria-label={tr('case.unsaved')}
          >
            ●
          </span>
        )}
        {busy === 'saving' && <span className="case-busy">…</span>}
      </span>
      {open && (
        <div className="case-menu-list" role="menu" data-testid="case-menu-list">
          <MenuItem label={tr('case.new')} keys="Ctrl+N" onClick={() => run('new')} id="new" />
          <MenuItem label={tr('case.open')} keys="Ctrl+O" onClick={() => run('open')} id="open" />
          <div className="case-menu-sub">
            <button
              type="button"
              role="menuitem"
              data-testid="case-recent"
              aria-expanded={recentOpen}
              onClick={() => setRecentOpen((r) => !r)}
            >
              <span>{tr('case.recent')}</span>
              <span className="keys">▸</span>
            </button>
            {recentOpen && (
              <div className="case-menu-list case-recent-list" role="menu">
                {recent === null || recent.length === 0 ? (
                  <div className="case-menu-empty">{tr('case.recentEmpty')}</div>
                ) : (
                  recent.map((r) => (
                    <button
                      key={r.path}
                      type="button"
                      role="menuitem"
                      disabled={!r.exists}
                      data-testid="case-recent-item"
                      title={r.path}
                      onClick={() => {
                        setOpen(false);
                        setRecentOpen(false);
                        void openCase(store, api, r.path);
                      }}
                    >
                      <span>
                        {caseDisplayName(r.title, r.path)}
                        {!r.exists && ` ${tr('case.recentMissing')}`}
                      </span>
                      <span className="keys">{fileName(r.path)}</span>
                    </button>
                  ))
                )}
              </div>
            )}
          </div>
          <hr />
          <MenuItem label={tr('case.save')} keys="Ctrl+S" onClick={() => run('save')} id="save" />
          <MenuItem
            label={tr('case.saveAs')}
            keys="Ctrl+Shift+S"
            onClick={() => run('save-as')}
            id="save-as"
          />
          <hr />
          <MenuItem
            label={tr('case.verify')}
            onClick={() => {
              setOpen(false);
              setDialog('evidence');
            }}
            id="verify"
          />
          <MenuItem
            label={tr('case.audit')}
            onClick={() => {
              setOpen(false);
              setDialog('audit');
            }}
            id="audit"
          />
        </div>
      )}
    </div>
  );
}

function MenuItem({
  label,
  keys,
  onClick,
  id,
}: {
  label: string;
  keys?: string;
  onClick: () => void;
  id: string;
}) {
  return (
    <button type="button" role="menuitem" data-testid={`case-${id}`} onClick={onClick}>
      <span>{label}</span>
      {keys && <span className="keys">{keys}</span>}
    </button>
  );
}
