/**
 * `itinera case create|info|verify|audit`: builds a case file from evidence with the app's own
 * intake, and checks one as a court would (evidence hashes, audit chain, tamper status).
 *
 *   case create <out.itinera> <evidence...> [--title T] [--force]
 *   case info <file> [--json]
 *   case verify <file> [--anchor HASH]... [--json]   exit 1 when anything fails
 *   case audit <file> [--json|--csv]
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ImportResult } from '../../../shared/api';
import { auditToCsv, auditToJson, type AuditVerification } from '../../../shared/case/audit';
import { isCaseFileError } from '../../../shared/case/errors';
import { newCaseDocument, type CaseDocument } from '../../../shared/case/format';
import { openCaseFile, recordAudit, saveCaseFile, type OpenedCase } from '../../services/case-file';
import { verifyEvidence, type EvidenceReport } from '../../services/case-evidence';
import { importEvidence } from '../../services/intake';
import { EXIT_OK, EXIT_SOME_FAILED, UsageError, type CliIo, type Command } from '../command';
import { ChunkedWriter } from '../output';

const CREATE_USAGE = `Usage: itinera case create <out.itinera> <evidence...> [--title TEXT] [--force]

Imports the evidence files (read-only) with the app's intake and saves them as one case file,
with an audit log recording the creation and every import.

Options:
  --title TEXT  title of the case
  --force       replace an existing case file (the old one is kept as <out>.bak)
  -h, --help    show this help

Exit status: 0 every file was imported, 1 some could not be (the case is still written), 2 usage error.`;

const INFO_USAGE = `Usage: itinera case info <file> [--json]

Prints the sources of a case (files, sizes, SHA-256, fixes), the audit summary and whether the
audit log is intact. Changes nothing.

Exit status: 0 opened, 1 the file cannot be opened (the message says why), 2 usage error.`;

const VERIFY_USAGE = `Usage: itinera case verify <file> [--anchor HASH]... [--json]

Re-hashes every original evidence file of the case (at its recorded path, else beside the case
file) and checks the audit chain. --anchor gives an audit head hash printed on an earlier
exhibit: the log must still contain it. Changes nothing.

Exit status: 0 every file matches and the audit log is intact, 1 otherwise, 2 usage error.`;

const AUDIT_USAGE = `Usage: itinera case audit <file> [--json | --csv]

Prints the audit log (table, JSON with its verification, or CSV). Changes nothing.

Exit status: 0 printed, 1 the file cannot be opened, 2 usage error.`;

function parse(
  args: string[],
  usage: string,
  name: string,
  options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean }>,
): {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
} {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`case ${name}: ${(err as Error).message}`, usage);
  }
}

async function openOrReport(
  path: string,
  io: CliIo,
  anchors?: string[],
): Promise<OpenedCase | null> {
  try {
    return await openCaseFile(path, { anchors });
  } catch (err) {
    if (!isCaseFileError(err)) throw err;
    io.stderr.write(`itinera case: ${path}: ${err.message} [${err.code}]\n`);
    return null;
  }
}

function auditLine(audit: AuditVerification): string {
  if (audit.intact) return `intact (${audit.entries} entries, head ${audit.head.hash})`;
  return `TAMPERED: ${audit.problems.length} problem(s), untrusted from entry ${(audit.firstBadIndex ?? 0) + 1}\n${audit.problems.map((p) => `    - ${p.code}: ${p.message}`).join('\n')}`;
}

export const caseCreateCommand: Command = {
  name: ['case', 'create'],
  summary: 'import evidence files into a new .itinera case file',
  usage: CREATE_USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, CREATE_USAGE, 'create', {
      title: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${CREATE_USAGE}\n`);
      return EXIT_OK;
    }
    const [out, ...evidence] = positionals;
    if (!out || evidence.length === 0)
      throw new UsageError(
        'case create: give the case file and at least one evidence file',
        CREATE_USAGE,
      );
    if (!out.endsWith('.itinera'))
      throw new UsageError(
        `case create: the case file must end in .itinera, not '${out}'`,
        CREATE_USAGE,
      );
    if (existsSync(out) && !values.force)
      throw new UsageError(`case create: ${out} exists (use --force to replace it)`, CREATE_USAGE);
    const now = Date.now();
    let doc: CaseDocument = newCaseDocument({
      caseId: randomUUID(),
      title: typeof values.title === 'string' ? values.title : '',
      at: now,
    });
    doc = recordAudit(doc, 'create', { title: doc.title, caseId: doc.caseId });
    const results = await importEvidence(evidence);
    doc = addImports(doc, results);
    doc = recordAudit(doc, 'save', { path: out });
    const saved = await saveCaseFile(out, doc);
    const failed = results.filter((r) => !r.ok);
    for (const r of results) {
      if (r.ok) {
        io.stdout.write(
          `imported ${r.source.label}: ${r.source.format}, ${r.source.fixes.count} fixes, ${r.source.photos?.length ?? 0} photos\n`,
        );
      } else {
        io.stderr.write(`not imported ${r.name}: ${r.message} [${r.code}]\n`);
      }
    }
    io.stdout.write(`saved ${out}: ${saved.bytes} bytes, sha256 ${saved.sha256}\n`);
    return failed.length === 0 ? EXIT_OK : EXIT_SOME_FAILED;
  },
};

/** Adds the imported sources to the case, with one audit entry per file (also the failures). */
export function addImports(doc: CaseDocument, results: ImportResult[]): CaseDocument {
  let next: CaseDocument = { ...doc, sources: [...doc.sources] };
  for (const r of results) {
    if (r.ok) {
      next.sources.push(r.source);
      next = recordAudit(next, 'import', {
        sourceId: r.source.id,
        format: r.source.format,
        fixes: r.source.fixes.count,
        photos: r.source.photos?.length ?? 0,
        issues: r.source.issues.length,
        files: r.source.files.map((f) => ({
          name: f.name,
          path: f.path,
          size: f.size,
          sha256: f.sha256,
        })),
      });
    } else {
      next = recordAudit(next, 'import', { path: r.path, failed: r.code, message: r.message });
    }
  }
  return next;
}

function infoJson(opened: OpenedCase): unknown {
  const { doc } = opened;
  const actions: Record<string, number> = {};
  for (const e of doc.audit) actions[e.action] = (actions[e.action] ?? 0) + 1;
  return {
    path: opened.path,
    caseId: doc.caseId,
    title: doc.title,
    createdAt: doc.createdAt,
    savedAt: opened.savedAt,
    savedBy: opened.software,
    fileVersion: opened.fileVersion,
    bytes: opened.bytes,
    sha256: opened.sha256,
    sources: doc.sources.map((s) => ({
      id: s.id,
      label: s.label,
      kind: s.kind,
      format: s.format,
      fixes: s.fixes.count,
      photos: s.photos?.length ?? 0,
      issues: s.issues.length,
      files: s.files.map((f) => ({ name: f.name, path: f.path, size: f.size, sha256: f.sha256 })),
    })),
    annotations: doc.annotations.length,
    testimony: doc.testimony.length,
    exhibits: doc.exhibits.length,
    audit: {
      entries: doc.audit.length,
      first: doc.audit[0]?.at ?? null,
      last: doc.audit[doc.audit.length - 1]?.at ?? null,
      actions,
      intact: opened.audit.intact,
      head: opened.audit.head,
      problems: opened.audit.problems,
    },
    tampered: opened.tampered,
  };
}

export const caseInfoCommand: Command = {
  name: ['case', 'info'],
  summary: 'show the sources, hashes and audit status of a case file',
  usage: INFO_USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, INFO_USAGE, 'info', { json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${INFO_USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError('case info: give one case file', INFO_USAGE);
    const opened = await openOrReport(positionals[0]!, io);
    if (!opened) return EXIT_SOME_FAILED;
    const out = new ChunkedWriter(io.stdout);
    if (values.json) {
      await out.write(`${JSON.stringify(infoJson(opened), null, 2)}\n`);
    } else {
      const { doc } = opened;
      await out.write(
        `${opened.path}\n  case ${doc.caseId}${doc.title ? ` — ${doc.title}` : ''}\n  created ${doc.createdAt}, saved ${opened.savedAt} by ${opened.software} (format ${opened.fileVersion})\n  ${opened.bytes} bytes, sha256 ${opened.sha256}\n  sources: ${doc.sources.length}\n`,
      );
      for (const s of doc.sources) {
        await out.write(
          `    ${s.label} (${s.format}, ${s.fixes.count} fixes${s.photos ? `, ${s.photos.length} photos` : ''})\n`,
        );
        for (const f of s.files)
          await out.write(`      ${f.name}  ${f.size} B  sha256 ${f.sha256}\n`);
      }
      await out.write(
        `  annotations ${doc.annotations.length}, testimony ${doc.testimony.length}, exhibits ${doc.exhibits.length}\n  audit log: ${auditLine(opened.audit)}\n`,
      );
    }
    await out.flush();
    return EXIT_OK;
  },
};

function evidenceLines(report: EvidenceReport): string {
  return report.checks
    .map(
      (c) =>
        `  ${c.status.toUpperCase().padEnd(8)} ${c.name}${c.foundAt ? `  (${c.foundAt})` : ''}${c.status === 'mismatch' ? `\n           recorded ${c.recordedSha256}\n           now      ${c.actualSha256}` : ''}${c.note ? `  — ${c.note}` : ''}`,
    )
    .join('\n');
}

export const caseVerifyCommand: Command = {
  name: ['case', 'verify'],
  summary: 're-hash the evidence of a case file and check its audit chain',
  usage: VERIFY_USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, VERIFY_USAGE, 'verify', {
      json: { type: 'boolean' },
      anchor: { type: 'string', multiple: true },
    });
    if (values.help) {
      io.stdout.write(`${VERIFY_USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length !== 1)
      throw new UsageError('case verify: give one case file', VERIFY_USAGE);
    const anchors = (values.anchor as string[] | undefined) ?? [];
    for (const a of anchors)
      if (!/^[0-9a-fA-F]{64}$/.test(a))
        throw new UsageError(
          `case verify: an anchor is a 64-digit hex hash, not '${a}'`,
          VERIFY_USAGE,
        );
    const path = positionals[0]!;
    const opened = await openOrReport(path, io, anchors);
    if (!opened) return EXIT_SOME_FAILED;
    const evidence = await verifyEvidence(opened.doc, { casePath: path });
    const ok = evidence.mismatch === 0 && evidence.missing === 0 && opened.audit.intact;
    const out = new ChunkedWriter(io.stdout);
    if (values.json) {
      await out.write(
        `${JSON.stringify({ path, ok, evidence, audit: opened.audit, caseSha256: opened.sha256 }, null, 2)}\n`,
      );
    } else {
      await out.write(
        `${path}\nevidence: ${evidence.match} match, ${evidence.mismatch} mismatch, ${evidence.missing} missing\n${evidenceLines(evidence)}\naudit log: ${auditLine(opened.audit)}\nresult: ${ok ? 'OK' : 'FAILED'}\n`,
      );
    }
    await out.flush();
    return ok ? EXIT_OK : EXIT_SOME_FAILED;
  },
};

export const caseAuditCommand: Command = {
  name: ['case', 'audit'],
  summary: 'print or export the audit log of a case file (table, JSON or CSV)',
  usage: AUDIT_USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args, AUDIT_USAGE, 'audit', {
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(`${AUDIT_USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length !== 1)
      throw new UsageError('case audit: give one case file', AUDIT_USAGE);
    if (values.json && values.csv)
      throw new UsageError('case audit: --json or --csv, not both', AUDIT_USAGE);
    const opened = await openOrReport(positionals[0]!, io);
    if (!opened) return EXIT_SOME_FAILED;
    const log = opened.doc.audit;
    const out = new ChunkedWriter(io.stdout);
    if (values.json) await out.write(auditToJson(log, opened.audit));
    else if (values.csv) await out.write(auditToCsv(log));
    else {
      const bad = new Set(opened.audit.problems.map((p) => p.index));
      for (const [i, e] of log.entries()) {
        await out.write(
          `${bad.has(i) ? '!' : ' '} ${String(e.seq).padStart(4)}  ${e.at}  ${e.account}  ${e.action.padEnd(15)} ${JSON.stringify(e.details)}\n`,
        );
      }
      await out.write(`audit log: ${auditLine(opened.audit)}\n`);
    }
    await out.flush();
    return EXIT_OK;
  },
};

export const caseCommands: readonly Command[] = [
  caseCreateCommand,
  caseInfoCommand,
  caseVerifyCommand,
  caseAuditCommand,
];
