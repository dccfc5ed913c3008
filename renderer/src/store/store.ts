/** The renderer's one store, composed of one slice per concern. */
import { create, type StateCreator } from 'zustand';
import { createImportSlice, type ImportSlice } from './importSlice';
import { createMapSlice, type MapSlice } from './mapSlice';
import { createSourcesSlice, type SourcesSlice } from './sourcesSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import type { Locale } from '../../../shared/i18n';

export type AppState = SourcesSlice & MapSlice & UiSlice & ImportSlice;

/** Builds a fresh store; the app uses one, tests make their own. */
export function createAppStore(initial: { locale?: Locale; systemZone?: string } = {}) {
  const ui = createUiSlice(initial);
  return create<AppState>()((...a) => ({
    ...(createSourcesSlice as StateCreator<AppState, [], [], SourcesSlice>)(...a),
    ...(createMapSlice as StateCreator<AppState, [], [], MapSlice>)(...a),
    ...(ui as StateCreator<AppState, [], [], UiSlice>)(...a),
    ...(createImportSlice as StateCreator<AppState, [], [], ImportSlice>)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
