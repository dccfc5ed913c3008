/** What an edit did, in words, for the edit log and exhibits. */
import type { Locale } from '../../../shared/i18n';
import type { Translate } from '../i18n';
import type { RecordedEdit } from '../store/timelineSlice';
import { formatDayClock } from './format';

export function describeEdit(
  tr: Translate,
  locale: Locale,
  zone: string,
  { edit, stopNumbers }: RecordedEdit,
): string {
  const n = stopNumbers[0] ?? 0;
  switch (edit.kind) {
    case 'label':
      return edit.label
        ? tr('edits.label', { n, label: edit.label })
        : tr('edits.labelCleared', { n });
    case 'note':
      return tr('edits.note', { n, note: edit.note });
    case 'exclude':
      return edit.excluded ? tr('edits.exclude', { n }) : tr('edits.include', { n });
    case 'merge':
      return tr('edits.merge', { list: stopNumbers.join(' + ') });
    case 'split':
      return tr('edits.split', { n, time: formatDayClock(locale, edit.atT, zone) });
  }
}
