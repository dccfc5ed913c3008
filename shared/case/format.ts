/**
 * The `.itinera` case document and its format versions. The byte layout is in container.ts; this
 * module says what a case holds and how an older layout is brought up to date.
 */
import type { ImportedSource } from '../api';
import type { TimelineSettings } from '../timeline/types';
import type { AuditEntry } from './audit';
import { CaseFileError } from './errors';

/** The version this build writes. Older versions are migrated on open; newer ones are refused. */
export const CASE_FORMAT_VERSION = 1;

export const CASE_FILE_EXTENSION = '.itinera';

/**
 * An opaque section (an annotation, a testimony, an exhibit manifest) until its owner types it:
 * any JSON object with a `kind`. Typed arrays, NaN and ±Infinity inside survive a save.
 */
export interface CaseSection {
  kind: string;
  [key: string]: unknown;
}

export interface CaseDocument {
  /** Stable id of the case, kept across saves and "save as". */
  caseId: string;
  title: string;
  /** UTC ISO-8601. */
  createdAt: string;
  /** Every imported source with its evidence files (name, path, size, SHA-256) and parsed data. */
  sources: ImportedSource[];
  /** Timeline settings and the examiner's edits; null before the timeline is first derived. */
  timeline: TimelineSettings | null;
  annotations: CaseSection[];
  testimony: CaseSection[];
  /** Manifests of the exhibits and exports made from this case, as JSON. */
  exhibits: CaseSection[];
  audit: AuditEntry[];
}

export function newCaseDocument(init: {
  caseId: string;
  title?: string;
  at: number;
}): CaseDocument {
  return {
    caseId: init.caseId,
    title: init.title ?? '',
    createdAt: new Date(init.at).toISOString(),
    sources: [],
    timeline: null,
    annotations: [],
    testimony: [],
    exhibits: [],
    audit: [],
  };
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * `migrations[v]` turns a version-v document into version v+1. Version 0 is the pre-release
 * draft layout (`settings`, string `notes`, `log`; no id, title, testimony or exhibits), kept
 * as the worked example of how a later change to the layout is carried.
 */
export const migrations: Readonly<Record<number, Migration>> = {
  0: (doc) => {
    const notes = Array.isArray(doc.notes) ? doc.notes : [];
    return {
      caseId: typeof doc.id === 'string' ? doc.id : 'migrated-v0',
      title: typeof doc.name === 'string' ? doc.name : '',
      createdAt: typeof doc.created === 'string' ? doc.created : '',
      sources: doc.sources ?? [],
      timeline: doc.settings ?? null,
      annotations: notes.map((text: unknown) => ({ kind: 'note', text: String(text) })),
      testimony: [],
      exhibits: [],
      audit: doc.log ?? [],
    };
  },
};

/** Brings a decoded document of `fromVersion` up to CASE_FORMAT_VERSION. */
export function migrateCaseDocument(
  doc: Record<string, unknown>,
  fromVersion: number,
  table: Readonly<Record<number, Migration>> = migrations,
  toVersion: number = CASE_FORMAT_VERSION,
): Record<string, unknown> {
  let current = doc;
  for (let v = fromVersion; v < toVersion; v++) {
    const step = table[v];
    if (!step) {
      throw new CaseFileError(
        'case.corrupt',
        `no migration from case format ${v} to ${v + 1}: this file cannot be read by this version`,
      );
    }
    current = step(current);
  }
  return current;
}

const ARRAY_SECTIONS = ['sources', 'annotations', 'testimony', 'exhibits', 'audit'] as const;

/** Checks the shape a current-version document must have; throws `case.corrupt` otherwise. */
export function checkCaseDocument(doc: Record<string, unknown>): CaseDocument {
  const fail = (what: string): never => {
    throw new CaseFileError('case.corrupt', `the case file is damaged: ${what}`);
  };
  if (typeof doc.caseId !== 'string') fail('no case id');
  if (typeof doc.title !== 'string') fail('no title');
  if (typeof doc.createdAt !== 'string') fail('no creation date');
  for (const key of ARRAY_SECTIONS) if (!Array.isArray(doc[key])) fail(`no ${key} list`);
  if (doc.timeline !== null && (typeof doc.timeline !== 'object' || Array.isArray(doc.timeline)))
    fail('timeline settings are not an object');
  (doc.sources as unknown[]).forEach((raw, i) => {
    const s = raw as Partial<ImportedSource> | null;
    if (!s || typeof s !== 'object' || typeof s.id !== 'string') fail(`source ${i + 1} has no id`);
    const f = s!.fixes;
    if (!f || typeof f.count !== 'number') fail(`source ${i + 1} has no fixes`);
    for (const col of ['t', 'lat', 'lon'] as const) {
      if (!(f![col] instanceof Float64Array) || f![col].length !== f!.count)
        fail(`source ${i + 1} column ${col} does not hold ${f!.count} fixes`);
    }
    if (!(s!.fixTimeBasis instanceof Uint8Array) || s!.fixTimeBasis.length !== f!.count)
      fail(`source ${i + 1} time bases do not match its fixes`);
    if (!Array.isArray(s!.files)) fail(`source ${i + 1} has no file list`);
  });
  return doc as unknown as CaseDocument;
}
