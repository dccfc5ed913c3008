import { useCallback, useEffect } from 'react';
import { OPEN_EVIDENCE_EVENT, type ItineraApi } from '../../shared/api';
import type { Locale } from '../../shared/i18n';
import {
  cancelImport,
  chooseInitialLocale,
  dropEvidence,
  loadDemoIfEmpty,
  openEvidence,
  openEvidenceFolder,
  reimportWithDate,
  rememberLocale,
  subscribeImportProgress,
} from './actions';
import { ImportProgressPanel } from './import/ImportProgressPanel';
import { MappingDialogHost } from './import/MappingDialog';
import { EvidenceMap } from './map/EvidenceMap';
import { ExhibitButton, ExhibitComposerHost } from './exhibit/ExhibitComposer';
import { CaseMenu } from './case/CaseMenu';
import { CaseHost } from './case/CaseHost';
import { InterviewButton, InterviewModeHost } from './interview/InterviewMode';
import { BasemapSwitcher } from './basemaps/BasemapSwitcher';
import { loadBasemaps } from './basemaps/basemapActions';
import { DropZone } from './shell/DropZone';
import { Notices } from './shell/Notices';
import { TopBar } from './shell/TopBar';
import { TimeBar } from './time/TimeBar';
import { PhotoViewerHost } from './photos/PhotoViewer';
import { SidePanel } from './shell/SidePanel';
import { startTimelineDerivation } from './timeline/derivation';
import { createTimelineDeriver } from './timeline/timelineAsync';
import { TimelinePanel } from './timeline/TimelinePanel';
import { useApp, useAppStore } from './store/StoreContext';

export function App({ api }: { api: ItineraApi }) {
  const store = useAppStore();
  const locale = useApp((s) => s.locale);

  useEffect(() => {
    void chooseInitialLocale(store, api);
    void loadBasemaps(store, api);
    void loadDemoIfEmpty(store, api);
  }, [store, api]);

  useEffect(() => subscribeImportProgress(store, api), [store, api]);

  // The timeline follows the evidence, its settings and edits, derived in a worker.
  useEffect(() => startTimelineDerivation(store, createTimelineDeriver()), [store]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const onOpen = useCallback(() => void openEvidence(store, api), [store, api]);
  useEffect(() => {
    window.addEventListener(OPEN_EVIDENCE_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_EVIDENCE_EVENT, onOpen);
  }, [onOpen]);

  const onOpenFolder = useCallback(() => void openEvidenceFolder(store, api), [store, api]);
  const onDrop = useCallback((files: File[]) => void dropEvidence(store, api, files), [store, api]);
  const onCancelImport = useCallback(
    (jobId: string) => void cancelImport(store, api, jobId),
    [store, api],
  );
  const onReimportWithDate = useCallback(
    (key: string, date: string) => void reimportWithDate(store, api, key, date),
    [store, api],
  );
  const onLocaleChange = useCallback(
    (l: string) => {
      store.getState().setLocale(l as Locale);
      rememberLocale(l);
    },
    [store],
  );

  return (
    <div className="app">
      <TopBar onOpen={onOpen} onOpenFolder={onOpenFolder} onLocaleChange={onLocaleChange}>
        <CaseMenu api={api} />
        <ExhibitButton />
        <InterviewButton />
      </TopBar>
      <CaseHost api={api} />
      <div className="workspace">
        <SidePanel onReimportWithDate={onReimportWithDate} />
        <main className="map-main">
          <EvidenceMap />
          <BasemapSwitcher api={api} />
          <TimeBar />
          <ImportProgressPanel onCancel={onCancelImport} />
          <Notices />
        </main>
        <TimelinePanel />
      </div>
      <MappingDialogHost api={api} />
      <PhotoViewerHost />
      <ExhibitComposerHost api={api} />
      <InterviewModeHost api={api} />
      <DropZone onFiles={onDrop} />
    </div>
  );
}
