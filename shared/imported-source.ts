/**
 * A source as an import hands it to the renderer. Kept apart from the API's channels so that
 * modules the API itself refers to (the exhibit request) can name it without a cycle.
 */
import type { TableMapping } from './formats/table/mapping';
import type { Source } from './model';

/** Something the examiner must supply before a source's times can be trusted. */
export interface SourceNeed {
  kind: 'date';
  message: string;
}

/**
 * A Source with what the reader found besides fixes. (Candidates for `Source` itself in
 * shared/model.ts; kept here so the model's meaning does not change under other readers.)
 */
export interface ImportedSource extends Source {
  needs?: SourceNeed[];
  /** The table mapping the file was read with (tables only), for the sources panel. */
  tableMapping?: TableMapping;
}
