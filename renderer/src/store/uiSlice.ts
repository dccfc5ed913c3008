/** Interface preferences: language, display time zone and panel state. */
import type { StateCreator } from 'zustand';
import { resolveLocale, type Locale } from '../../../shared/i18n';

export interface UiSlice {
  locale: Locale;
  /** The zone every local time is shown in; always displayed next to the times. */
  displayZone: string;
  /** The operating system's zone, as Intl reports it; the default display zone. */
  systemZone: string;
  sourcesPanelOpen: boolean;
  setLocale(locale: Locale): void;
  setDisplayZone(zone: string): void;
  toggleSourcesPanel(): void;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function createUiSlice(initial: {
  locale?: Locale;
  systemZone?: string;
}): StateCreator<UiSlice, [], [], UiSlice> {
  return (set) => {
    const systemZone = initial.systemZone ?? systemTimeZone();
    return {
      locale: initial.locale ?? resolveLocale(globalThis.navigator?.language),
      displayZone: systemZone,
      systemZone,
      sourcesPanelOpen: true,
      setLocale(locale) {
        set({ locale });
      },
      setDisplayZone(zone) {
        set({ displayZone: zone });
      },
      toggleSourcesPanel() {
        set((s) => ({ sourcesPanelOpen: !s.sourcesPanelOpen }));
      },
    };
  };
}
