/** React access to the shared message catalogue, in the locale chosen in the UI. */
import { useCallback } from 'react';
import { t, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import { useApp } from './store/StoreContext';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function useLocale(): Locale {
  return useApp((s) => s.locale);
}

export function useT(): Translate {
  const locale = useLocale();
  return useCallback((key, params) => t(locale, key, params), [locale]);
}
