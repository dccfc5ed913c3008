/**
 * The composer's state, kept for the session: closing and reopening the composer finds the
 * same choices. One store per app store (tests make their own app stores), created on first use.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExhibitExportFormat, ExportedFile } from '../../../shared/api';
import { defaultExhibitOptions, type ExhibitOptions } from '../../../shared/exhibit/request';
import type { Locale } from '../../../shared/i18n';
import { useAppStore } from '../store/StoreContext';
import type { AppStore } from '../store/store';
import type { ComposerChoices, RangeMode, Span } from './composerModel';

/** The last export, shown in the composer until the next one starts. */
export type ExportStatus =
  | { state: 'idle' }
  | { state: 'busy'; format: ExhibitExportFormat }
  | { state: 'done'; format: ExhibitExportFormat; file: ExportedFile }
  | { state: 'failed'; format: ExhibitExportFormat; message: string };

export interface ComposerState extends ComposerChoices {
  open: boolean;
  status: ExportStatus;
  setOpen(open: boolean): void;
  setOptions(patch: Partial<ExhibitOptions>): void;
  setShow(key: keyof ExhibitOptions['show'], on: boolean): void;
  setZone(zone: string): void;
  setRangeMode(mode: RangeMode): void;
  setCustomRange(range: Span | null): void;
  toggleSource(id: string): void;
  toggleStop(key: string): void;
  /** Selects (`on`) or deselects every stop of `keys` (the ones the checklist shows). */
  setStops(keys: readonly string[], on: boolean): void;
  setStatus(status: ExportStatus): void;
}

export type ComposerStore = StoreApi<ComposerState>;

function toggled(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function createComposerStore(initial: {
  locale: Locale;
  timeBarWindow: Span | null;
}): ComposerStore {
  return createStore<ComposerState>()((set) => ({
    options: defaultExhibitOptions(initial.locale),
    zoneChosen: false,
    rangeMode: initial.timeBarWindow ? 'window' : 'case',
    customRange: null,
    deselectedSources: [],
    deselectedStops: [],
    open: false,
    status: { state: 'idle' },
    setOpen: (open) => set({ open }),
    setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),
    setShow: (key, on) =>
      set((s) => ({ options: { ...s.options, show: { ...s.options.show, [key]: on } } })),
    setZone: (zone) =>
      set((s) => ({ zoneChosen: true, options: { ...s.options, displayZone: zone } })),
    setRangeMode: (rangeMode) => set({ rangeMode }),
    setCustomRange: (customRange) => set({ customRange }),
    toggleSource: (id) => set((s) => ({ deselectedSources: toggled(s.deselectedSources, id) })),
    toggleStop: (key) => set((s) => ({ deselectedStops: toggled(s.deselectedStops, key) })),
    setStops: (keys, on) =>
      set((s) => ({
        deselectedStops: on
          ? s.deselectedStops.filter((k) => !keys.includes(k))
          : [...new Set([...s.deselectedStops, ...keys])],
      })),
    setStatus: (status) => set({ status }),
  }));
}

const stores = new WeakMap<AppStore, ComposerStore>();

/** The composer store of this app store, made on first use from the app's current state. */
export function composerStoreOf(app: AppStore): ComposerStore {
  let store = stores.get(app);
  if (!store) {
    const state = app.getState();
    store = createComposerStore({ locale: state.locale, timeBarWindow: state.timeRange });
    stores.set(app, store);
  }
  return store;
}

export function useComposer<T>(selector: (state: ComposerState) => T): T {
  return useStore(composerStoreOf(useAppStore()), selector);
}
