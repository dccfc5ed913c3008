/**
 * One export from the composer: the save dialog with a suggested name, then the export on the
 * Node side, then a notice with the path (or the reason it failed). The request is built from
 * the store at the moment of the click, so it matches what the composer shows.
 */
import type { ExhibitExportFormat, ImportedSource, ItineraApi } from '../../../shared/api';
import { formatFileSize } from '../../../shared/i18n';
import { sourceEntries } from '../store/sourcesSlice';
import type { AppState, AppStore } from '../store/store';
import { timelineSettingsOf } from '../timeline/derivation';
import { buildExhibitRequest, defaultExportName, type ComposerInputs } from './composerModel';
import type { ComposerStore } from './composerStore';

/** What the composer reads from the app: the evidence, the timeline and the time bar. */
export function composerInputs(state: AppState): ComposerInputs {
  const sources: ImportedSource[] = sourceEntries(state.entries).map((e) => e.source);
  return {
    sources,
    settings: timelineSettingsOf(state),
    timeline: state.timeline,
    appDisplayZone: state.displayZone,
    timeBarWindow: state.timeRange,
    basemapId: state.basemap.status === 'ready' ? state.basemap.basemap.id : null,
  };
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // The bridge prefixes the API error code (`[exhibit.export-failed] …`); the examiner needs the text.
  return text.replace(/^\[[\w.-]+\]\s*/, '');
}

export async function exportExhibit(
  app: AppStore,
  composer: ComposerStore,
  api: ItineraApi,
  format: ExhibitExportFormat,
): Promise<void> {
  const c = composer.getState();
  if (c.status.state === 'busy' || (c.rangeMode === 'custom' && c.customRange === null)) return;
  const request = buildExhibitRequest(composerInputs(app.getState()), c);
  const label = format.toUpperCase();
  const { addNotice, locale } = app.getState();
  let path: string | null;
  try {
    path = await api.pickSavePath({
      defaultName: defaultExportName(request.options, format),
      format,
    });
  } catch (err) {
    const message = messageOf(err);
    c.setStatus({ state: 'failed', format, message });
    addNotice('composer.failed', { format: label, message });
    return;
  }
  if (!path) return;
  c.setStatus({ state: 'busy', format });
  try {
    const colours = Object.fromEntries(
      sourceEntries(app.getState().entries).map((e) => [e.source.id, e.colour]),
    );
    const file = await api.exportEvidence({ request, format, path, colours });
    composer.getState().setStatus({ state: 'done', format, file });
    addNotice('composer.saved', {
      format: label,
      path: file.path,
      size: formatFileSize(locale, file.bytes),
    });
  } catch (err) {
    const message = messageOf(err);
    composer.getState().setStatus({ state: 'failed', format, message });
    addNotice('composer.failed', { format: label, message });
  }
}
