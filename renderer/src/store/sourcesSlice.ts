/**
 * Imported evidence: one entry per file, either a read source or a failed import.
 * Failed imports are kept as rows so the examiner sees what was not read; they never
 * touch the map.
 */
import type { StateCreator } from 'zustand';
import { IMPORT_CANCELLED, type ImportedSource, type ImportResult } from '../../../shared/api';
import type { MessageKey, MessageParams } from '../../../shared/i18n';
import { routeColour } from '../map/palette';

export interface SourceEntry {
  kind: 'source';
  key: string;
  path: string;
  source: ImportedSource;
  colour: string;
  demo: boolean;
}

export interface FailedEntry {
  kind: 'failed';
  key: string;
  path: string;
  name: string;
  code: string;
  message: string;
}

export type EvidenceEntry = SourceEntry | FailedEntry;

/** A message for the examiner that belongs to no single file (e.g. an unreadable drop). */
export interface Notice {
  id: number;
  key: MessageKey;
  params?: MessageParams;
}

export interface SourcesSlice {
  entries: EvidenceEntry[];
  /** Number of imports in flight. */
  pending: number;
  notices: Notice[];
  /** Colours handed out so far; a colour stays with its source for the session. */
  coloursUsed: number;
  /** Adds completed files; cancelled ones add nothing (not even a failure row). */
  addResults(results: readonly ImportResult[], options: { demo: boolean }): SourceEntry[];
  /** Replaces one entry by the re-import of its file (e.g. with the date it needed). */
  replaceEntry(key: string, result: ImportResult): SourceEntry | null;
  beginImport(): void;
  endImport(): void;
  addNotice(key: MessageKey, params?: MessageParams): void;
  dismissNotice(id: number): void;
}

let nextKey = 1;
let nextNotice = 1;

export const createSourcesSlice: StateCreator<SourcesSlice, [], [], SourcesSlice> = (set, get) => ({
  entries: [],
  pending: 0,
  notices: [],
  coloursUsed: 0,

  addResults(allResults, { demo }) {
    const state = get();
    const results = allResults.filter((r) => r.ok || r.code !== IMPORT_CANCELLED);
    const anySource = results.some((r) => r.ok);
    // The demo case only stands in for real evidence: the first real source replaces it.
    const dropDemo = !demo && anySource && state.entries.some((e) => e.kind === 'source' && e.demo);
    const entries = dropDemo
      ? state.entries.filter((e) => !(e.kind === 'source' && e.demo))
      : [...state.entries];
    // With the demo gone, the first real source gets the first (documented) colour.
    let coloursUsed = dropDemo && entries.every((e) => e.kind !== 'source') ? 0 : state.coloursUsed;
    const added: SourceEntry[] = [];
    for (const result of results) {
      const key = `e${nextKey++}`;
      if (result.ok) {
        const entry: SourceEntry = {
          kind: 'source',
          key,
          path: result.path,
          source: result.source,
          colour: routeColour(coloursUsed++),
          demo,
        };
        added.push(entry);
        entries.push(entry);
      } else {
        entries.push({
          kind: 'failed',
          key,
          path: result.path,
          name: result.name,
          code: result.code,
          message: result.message,
        });
      }
    }
    set({ entries, coloursUsed });
    return added;
  },

  replaceEntry(key, result) {
    const state = get();
    const index = state.entries.findIndex((e) => e.key === key);
    if (index < 0 || (!result.ok && result.code === IMPORT_CANCELLED)) return null;
    const old = state.entries[index]!;
    const entries = [...state.entries];
    if (result.ok) {
      const entry: SourceEntry = {
        kind: 'source',
        key: `e${nextKey++}`,
        path: result.path,
        source: result.source,
        // The examiner recognises the route by its colour: the re-read keeps it.
        colour: old.kind === 'source' ? old.colour : routeColour(state.coloursUsed),
        demo: false,
      };
      entries[index] = entry;
      set({
        entries,
        coloursUsed: old.kind === 'source' ? state.coloursUsed : state.coloursUsed + 1,
      });
      return entry;
    }
    entries[index] = {
      kind: 'failed',
      key: `e${nextKey++}`,
      path: result.path,
      name: result.name,
      code: result.code,
      message: result.message,
    };
    set({ entries });
    return null;
  },

  beginImport() {
    set((s) => ({ pending: s.pending + 1 }));
  },
  endImport() {
    set((s) => ({ pending: Math.max(0, s.pending - 1) }));
  },

  addNotice(key, params) {
    const notice: Notice = params ? { id: nextNotice++, key, params } : { id: nextNotice++, key };
    set((s) => ({ notices: [...s.notices, notice] }));
  },
  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});

export function sourceEntries(entries: readonly EvidenceEntry[]): SourceEntry[] {
  return entries.filter((e): e is SourceEntry => e.kind === 'source');
}
