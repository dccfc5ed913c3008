/**
 * Prints the interview map of the active hearing: the save dialog, then the export through the
 * same API as route exhibits, with `kind: 'interview'`, the hearing id and its testimony.
 */
import type { ImportedSource, ItineraApi } from '../../../shared/api';
import { formatFileSize } from '../../../shared/i18n';
import {
  buildInterviewRequest,
  interviewExportName,
} from '../../../shared/testimony/interview-request';
import type { ExhibitRequest } from '../../../shared/exhibit/request';
import { sourceEntries } from '../store/sourcesSlice';
import type { AppState, AppStore } from '../store/store';
import { timelineSettingsOf } from '../timeline/derivation';

export function interviewRequestOf(state: AppState): ExhibitRequest | null {
  const hearingId = state.activeHearingId;
  if (!hearingId) return null;
  const sources: ImportedSource[] = sourceEntries(state.entries).map((e) => e.source);
  return buildInterviewRequest({
    sources,
    settings: timelineSettingsOf(state),
    testimony: state.testimony,
    hearingId,
    displayZone: state.displayZone,
    basemapId: state.basemap.status === 'ready' ? state.basemap.basemap.id : null,
    showDeviceEvidence: state.interview.hiddenDevice === null,
  });
}

export type PrintOutcome =
  { state: 'done'; path: string } | { state: 'cancelled' } | { state: 'failed'; message: string };

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^\[[\w.-]+\]\s*/, '');
}

export async function printInterviewMap(app: AppStore, api: ItineraApi): Promise<PrintOutcome> {
  const state = app.getState();
  const request = interviewRequestOf(state);
  const hearing = state.testimony.hearings.find((h) => h.id === state.activeHearingId);
  if (!request || !hearing) return { state: 'failed', message: 'no hearing' };
  const { addNotice, locale } = state;
  try {
    const path = await api.pickSavePath({
      defaultName: interviewExportName(hearing, 'pdf'),
      format: 'pdf',
    });
    if (!path) return { state: 'cancelled' };
    const colours = Object.fromEntries(
      sourceEntries(state.entries).map((e) => [e.source.id, e.colour]),
    );
    const file = await api.exportEvidence({ request, format: 'pdf', path, colours });
    addNotice('composer.saved', {
      format: 'PDF',
      path: file.path,
      size: formatFileSize(locale, file.bytes),
    });
    return { state: 'done', path: file.path };
  } catch (err) {
    const message = messageOf(err);
    addNotice('composer.failed', { format: 'PDF', message });
    return { state: 'failed', message };
  }
}
