/**
 * The case the app has open, on the Node side. The renderer holds what the examiner works on
 * (sources, timeline settings and edits, testimony) and hands it over on every save; this
 * session holds what only Node may write: the case's identity, the exhibit manifests and the
 * audit log. Whatever passes through Node (opening, saving, importing, exporting, verifying
 * evidence) is recorded here directly, so a compromised page cannot leave it out of the log.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  auditHead,
  canonicalJson,
  auditToCsv,
  auditToJson,
  verifyAuditChain,
  type AuditAction,
  type AuditVerification,
} from '../../shared/case/audit';
import { CASE_FORMAT_VERSION, newCaseDocument, type CaseDocument } from '../../shared/case/format';
import type {
  AuditLogView,
  CaseOpened,
  CaseSaved,
  CaseSummary,
  EvidenceVerification,
  ImportResult,
  RecentCase,
  SaveCaseRequest,
} from '../../shared/api';
import { sha256Text } from '../../shared/case/sha256';
import { openCaseFile, recordAudit, saveCaseFile, caseFileStat } from './case-file';
import { verifyEvidence } from './case-evidence';
import { currentAccount, nodeSha256, softwareVersion } from './case-identity';
import { sha256File } from './hash';

export interface CaseSessionOptions {
  /** `Itinera <version>`; the app passes Electron's version, the test host package.json's. */
  software?: string;
  account?: string;
  /** Where `recent-cases.json` is kept; without it the list lives only in memory. */
  userDataDir?: string;
  now?: () => number;
  /** How many recent cases are remembered. */
  recentLimit?: number;
}

export const RECENT_CASES_FILE = 'recent-cases.json';

interface RecentRecord {
  path: string;
  title: string;
  savedAt: string;
}

/** Above this many files (a photo folder) a source's files are logged as a count and one hash. */
export const AUDIT_FILE_LIST_LIMIT = 50;

/**
 * A stable description of a source for the audit log: every file with its SHA-256, or for a
 * large folder the count and the SHA-256 of the canonical list (the case holds the list itself).
 */
function sourceDetails(source: { id: string; label?: string; files?: unknown[] }) {
  const raw = (source.files ?? []) as { name?: string; sha256?: string; size?: number }[];
  const files = raw.map((f) => ({ name: f.name ?? '', size: f.size ?? 0, sha256: f.sha256 ?? '' }));
  const base = { sourceId: source.id, label: source.label ?? '' };
  if (files.length <= AUDIT_FILE_LIST_LIMIT) return { ...base, files };
  return {
    ...base,
    fileCount: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    filesSha256: sha256Text(canonicalFileList(files), nodeSha256),
  };
}

/**
 * `canonicalJson(files)` for the `{ name, size, sha256 }` records above, written directly: for
 * a 10,000-photo folder the generic walk (keys listed, filtered and sorted per record) was
 * most of the import's log entry. Any other shape goes through `canonicalJson` itself.
 */
export function canonicalFileList(
  files: readonly { name: unknown; size: unknown; sha256: unknown }[],
): string {
  const parts: string[] = new Array<string>(files.length);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const { name, size, sha256 } = f;
    if (
      typeof name !== 'string' ||
      typeof size !== 'number' ||
      typeof sha256 !== 'string' ||
      Object.keys(f).length !== 3
    )
      return canonicalJson(files);
    // Keys in sorted order, as canonicalJson writes them.
    const sizeText = Number.isFinite(size) ? JSON.stringify(size) : 'null';
    parts[i] =
      `{"name":${JSON.stringify(name)},"sha256":${JSON.stringify(sha256)},"size":${sizeText}}`;
  }
  return `[${parts.join(',')}]`;
}

function titleFromPath(path: string): string {
  return basename(path, extname(path));
}

export class CaseSession {
  private doc: CaseDocument;
  private path: string | null = null;
  private savedAt: string | null = null;
  private tampered = false;
  private recent: RecentRecord[] | null = null;
  /** Sources imported since the case was last opened or saved, for "verify evidence". */
  private imported = new Map<string, CaseDocument['sources'][number]>();
  private readonly software: string;
  private readonly account: string;
  private readonly now: () => number;
  /** Saves run one after the other: an autosave never overlaps a "save as". */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: CaseSessionOptions = {}) {
    this.software = opts.software ?? softwareVersion();
    this.account = opts.account ?? currentAccount();
    this.now = opts.now ?? (() => Date.now());
    this.doc = this.freshDocument();
  }

  private freshDocument(title = ''): CaseDocument {
    const doc = newCaseDocument({ caseId: randomUUID(), title, at: this.now() });
    return this.record(doc, 'create', { caseId: doc.caseId });
  }

  private record(
    doc: CaseDocument,
    action: AuditAction,
    details: Record<string, unknown> = {},
  ): CaseDocument {
    return recordAudit(doc, action, details, {
      software: this.software,
      account: this.account,
      now: this.now(),
    });
  }

  /** Appends one entry to the current case's log; resolves to the new head. */
  append(action: AuditAction, details: Record<string, unknown> = {}) {
    this.doc = this.record(this.doc, action, details);
    return auditHead(this.doc.audit);
  }

  get currentPath(): string | null {
    return this.path;
  }

  get document(): CaseDocument {
    return this.doc;
  }

  summary(): CaseSummary {
    return {
      caseId: this.doc.caseId,
      title: this.doc.title,
      path: this.path,
      createdAt: this.doc.createdAt,
      savedAt: this.savedAt,
      auditHead: auditHead(this.doc.audit),
      tampered: this.tampered,
    };
  }

  newCase(title?: string): CaseSummary {
    this.doc = this.freshDocument(title ?? '');
    this.path = null;
    this.savedAt = null;
    this.tampered = false;
    this.imported.clear();
    return this.summary();
  }

  /**
   * Opens a case file. On any failure the current case is kept exactly as it was (the error
   * is a CaseFileError with its code); on success it replaces the current case.
   */
  async open(path: string): Promise<CaseOpened> {
    const opened = await openCaseFile(path, { recover: true });
    let doc = opened.doc;
    if (opened.recoveredFrom) {
      doc = this.record(doc, 'recover', {
        path,
        reason: opened.recoveredFrom.code,
        backup: opened.path,
      });
    }
    if (opened.fileVersion < CASE_FORMAT_VERSION) {
      doc = this.record(doc, 'migrate', { from: opened.fileVersion, to: CASE_FORMAT_VERSION });
    }
    doc = this.record(doc, 'open', {
      path,
      sha256: opened.sha256,
      savedBy: opened.software,
      savedAt: opened.savedAt,
      auditIntact: opened.audit.intact,
    });
    this.doc = doc;
    this.imported.clear();
    // The recovered backup is a copy of this case: saving again writes over the damaged file.
    this.path = path;
    this.savedAt = opened.savedAt;
    this.tampered = opened.tampered;
    await this.remember(path, doc.title, opened.savedAt);
    return {
      ...this.summary(),
      sources: doc.sources,
      timeline: doc.timeline,
      testimony: doc.testimony,
      annotations: doc.annotations,
      exhibits: doc.exhibits.length,
      software: opened.software,
      fileVersion: opened.fileVersion,
      audit: opened.audit,
      ...(opened.recoveredFrom ? { recoveredFrom: opened.recoveredFrom } : {}),
    };
  }

  /** Saves what the renderer holds together with the session's own sections. */
  save(req: SaveCaseRequest & { path: string }): Promise<CaseSaved> {
    const run = this.queue.then(() => this.saveNow(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(req: SaveCaseRequest & { path: string }): Promise<CaseSaved> {
    // A case is named after its file unless given a title; "save as" renames it.
    const keep = req.path === this.path ? this.doc.title : '';
    const title = req.title?.trim() || keep || titleFromPath(req.path);
    const body: CaseDocument = {
      ...this.doc,
      title,
      sources: req.sources,
      timeline: req.timeline,
      testimony: req.testimony,
      annotations: req.annotations ?? this.doc.annotations,
    };
    const withEntry = this.record(body, 'save', {
      path: req.path,
      sources: req.sources.length,
      edits: req.timeline?.edits.length ?? 0,
      ...(req.auto ? { auto: true } : {}),
    });
    const at = this.now();
    const result = await saveCaseFile(req.path, withEntry, { software: this.software, now: at });
    // Only a save that reached the disk becomes the session's state (and its log entry).
    this.doc = withEntry;
    this.path = req.path;
    this.savedAt = new Date(at).toISOString();
    await this.remember(req.path, title, this.savedAt);
    return {
      ...this.summary(),
      path: req.path,
      savedAt: this.savedAt,
      bytes: result.bytes,
      sha256: result.sha256,
    };
  }

  /** Records the sources an import returned (and the files that failed) in the log. */
  recordImport(results: readonly ImportResult[], demo = false): void {
    for (const r of results) {
      if (r.ok) {
        this.imported.set(r.source.id, r.source);
        this.append('import', { ...sourceDetails(r.source), ...(demo ? { demo } : {}) });
      } else this.append('import', { path: r.path, name: r.name, failed: r.code });
    }
  }

  /** Records an export and keeps its manifest (when the writer gave one) with the case. */
  recordExport(
    file: { path: string; bytes: number; sha256: string },
    format: string,
    manifest?: unknown,
  ): void {
    const entry = {
      kind: 'export',
      format,
      name: basename(file.path),
      path: file.path,
      bytes: file.bytes,
      sha256: file.sha256,
      at: new Date(this.now()).toISOString(),
      ...(manifest && typeof manifest === 'object' ? { manifest } : {}),
    };
    this.doc = { ...this.doc, exhibits: [...this.doc.exhibits, entry] };
    this.append('export', { format, name: entry.name, bytes: file.bytes, sha256: file.sha256 });
  }

  /** Re-hashes the originals of the saved case and of every source imported since. */
  async verifyEvidence(): Promise<EvidenceVerification> {
    const known = new Set(this.doc.sources.map((s) => s.id));
    const sources = [
      ...this.doc.sources,
      ...[...this.imported.values()].filter((s) => !known.has(s.id)),
    ];
    const doc = { ...this.doc, sources };
    const report = await verifyEvidence(doc, this.path ? { casePath: this.path } : {});
    this.append('verify-evidence', {
      match: report.match,
      mismatch: report.mismatch,
      missing: report.missing,
      files: report.checks.map((c) => ({ name: c.name, status: c.status })),
    });
    return report;
  }

  auditVerification(): AuditVerification {
    return verifyAuditChain(this.doc.audit, nodeSha256);
  }

  auditLog(): AuditLogView {
    const verification = this.auditVerification();
    // A log that was altered before it was opened stays marked so, though the chain since is sound.
    return {
      entries: this.doc.audit,
      verification:
        this.tampered && verification.intact ? { ...verification, intact: false } : verification,
    };
  }

  async exportAudit(format: 'csv' | 'json', path: string) {
    const text =
      format === 'csv'
        ? auditToCsv(this.doc.audit)
        : auditToJson(this.doc.audit, this.auditVerification());
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
    const sha256 = await sha256File(path);
    return { path, bytes: Buffer.byteLength(text, 'utf8'), sha256 };
  }

  /** Recent cases, newest first, each marked whether its file is still there. */
  async recentCases(): Promise<RecentCase[]> {
    const list = await this.loadRecent();
    return Promise.all(
      list.map(async (r) => ({ ...r, exists: (await caseFileStat(r.path)) !== null })),
    );
  }

  async isRecent(path: string): Promise<boolean> {
    return (await this.loadRecent()).some((r) => r.path === path);
  }

  private async loadRecent(): Promise<RecentRecord[]> {
    if (this.recent) return this.recent;
    this.recent = [];
    if (!this.opts.userDataDir) return this.recent;
    try {
      const raw = JSON.parse(
        await readFile(join(this.opts.userDataDir, RECENT_CASES_FILE), 'utf8'),
      ) as unknown;
      const list = Array.isArray((raw as { cases?: unknown })?.cases)
        ? ((raw as { cases: unknown[] }).cases as Partial<RecentRecord>[])
        : [];
      this.recent = list
        .filter((r) => typeof r?.path === 'string' && r.path.length > 0)
        .map((r) => ({
          path: r.path!,
          title: typeof r.title === 'string' ? r.title : '',
          savedAt: typeof r.savedAt === 'string' ? r.savedAt : '',
        }));
    } catch {
      // No list yet, or an unreadable one: start afresh (it is only a convenience).
    }
    return this.recent;
  }

  private async remember(path: string, title: string, savedAt: string): Promise<void> {
    const list = (await this.loadRecent()).filter((r) => r.path !== path);
    list.unshift({ path, title, savedAt });
    this.recent = list.slice(0, this.opts.recentLimit ?? 10);
    const dir = this.opts.userDataDir;
    if (!dir) return;
    try {
      await mkdir(dir, { recursive: true });
      const file = join(dir, RECENT_CASES_FILE);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ version: 1, cases: this.recent }, null, 2)}\n`);
      await rename(temp, file);
    } catch (err) {
      // Losing the recent list must never fail a save or an open.
      await rm(join(dir, `${RECENT_CASES_FILE}.${process.pid}.tmp`), { force: true }).catch(
        () => undefined,
      );
      console.warn('itinera: could not remember recent cases', err);
    }
  }
}
