import { useCallback, useEffect } from 'react';
import { OPEN_EVIDENCE_EVENT, type ItineraApi } from '../../shared/api';
import type { Locale } from '../../shared/i18n';
import {
  chooseInitialLocale,
  dropEvidence,
  loadBasemap,
  loadDemoIfEmpty,
  openEvidence,
  rememberLocale,
} from './actions';
import { EvidenceMap } from './map/EvidenceMap';
import { DropZone } from './shell/DropZone';
import { Notices } from './shell/Notices';
import { TopBar } from './shell/TopBar';
import { SourcesPanel } from './sources/SourcesPanel';
import { useApp, useAppStore } from './store/StoreContext';

export function App({ api }: { api: ItineraApi }) {
  const store = useAppStore();
  const locale = useApp((s) => s.locale);

  useEffect(() => {
    void chooseInitialLocale(store, api);
    void loadBasemap(store, api);
    void loadDemoIfEmpty(store, api);
  }, [store, api]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const onOpen = useCallback(() => void openEvidence(store, api), [store, api]);
  useEffect(() => {
    window.addEventListener(OPEN_EVIDENCE_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_EVIDENCE_EVENT, onOpen);
  }, [onOpen]);

  const onDrop = useCallback((files: File[]) => void dropEvidence(store, api, files), [store, api]);
  const onLocaleChange = useCallback(
    (l: string) => {
      store.getState().setLocale(l as Locale);
      rememberLocale(l);
    },
    [store],
  );

  return (
    <div className="app">
      <TopBar onOpen={onOpen} onLocaleChange={onLocaleChange} />
      <div className="workspace">
        <SourcesPanel />
        <main className="map-main">
          <EvidenceMap />
          <Notices />
        </main>
      </div>
      <DropZone onFiles={onDrop} />
    </div>
  );
}
