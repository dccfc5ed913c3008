/** The imported sources by id: label, kind and route colour, for rows that name a source. */
import { useMemo } from 'react';
import { useApp } from '../store/StoreContext';
import { sourceEntries, type SourceEntry } from '../store/sourcesSlice';

export type SourceIndex = ReadonlyMap<string, SourceEntry>;

export function useSourceIndex(): SourceIndex {
  const entries = useApp((s) => s.entries);
  return useMemo(() => {
    const index = new Map<string, SourceEntry>();
    for (const entry of sourceEntries(entries)) {
      if (!index.has(entry.source.id)) index.set(entry.source.id, entry);
    }
    return index;
  }, [entries]);
}
