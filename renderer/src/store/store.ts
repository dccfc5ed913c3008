/** The renderer's one store, composed of one slice per concern. */
import { create, type StateCreator } from 'zustand';
import { createImportSlice, type ImportSlice } from './importSlice';
import { createLayersSlice, type LayersSlice } from './layersSlice';
import { createMapSlice, type MapSlice } from './mapSlice';
import { createPhotosSlice, type PhotosSlice } from './photosSlice';
import { createSourcesSlice, type SourcesSlice } from './sourcesSlice';
import { createTimeSlice, type TimeSlice } from './timeSlice';
import { createTimelineSlice, type TimelineSlice } from './timelineSlice';
import { createTestimonySlice, type TestimonySlice } from './testimonySlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createCaseSlice, type CaseSlice } from './caseSlice';
import type { Locale } from '../../../shared/i18n';

export type AppState = SourcesSlice &
  MapSlice &
  UiSlice &
  ImportSlice &
  TimelineSlice &
  PhotosSlice &
  LayersSlice &
  TimeSlice &
  TestimonySlice &
  CaseSlice;

/** Builds a fresh store; the app uses one, tests make their own. */
export function createAppStore(
  initial: { locale?: Locale; systemZone?: string; now?: () => number } = {},
) {
  const ui = createUiSlice(initial);
  const timeline = createTimelineSlice(initial.now);
  return create<AppState>()((...a) => ({
    ...(createSourcesSlice as StateCreator<AppState, [], [], SourcesSlice>)(...a),
    ...(createMapSlice as StateCreator<AppState, [], [], MapSlice>)(...a),
    ...(ui as StateCreator<AppState, [], [], UiSlice>)(...a),
    ...(createImportSlice as StateCreator<AppState, [], [], ImportSlice>)(...a),
    ...(createPhotosSlice as StateCreator<AppState, [], [], PhotosSlice>)(...a),
    ...(timeline as StateCreator<AppState, [], [], TimelineSlice>)(...a),
    ...(createLayersSlice as StateCreator<AppState, [], [], LayersSlice>)(...a),
    ...(createTimeSlice as StateCreator<AppState, [], [], TimeSlice>)(...a),
    ...(createTestimonySlice(initial.now) as StateCreator<AppState, [], [], TestimonySlice>)(...a),
    ...(createCaseSlice() as StateCreator<AppState, [], [], CaseSlice>)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
