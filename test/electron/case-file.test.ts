import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditHead } from '../../shared/case/audit';
import { CaseFileError } from '../../shared/case/errors';
import { CASE_FORMAT_VERSION } from '../../shared/case/format';
import { encodeCase } from '../../shared/case/container';
import { nodeSha256 } from '../../electron/services/case-identity';
import {
  backupPathFor,
  openCaseFile,
  recordAudit,
  saveCaseFile,
} from '../../electron/services/case-file';
import { verifyEvidence } from '../../electron/services/case-evidence';
import { sha256File } from '../../electron/services/hash';
import { concat, sampleCase } from '../shared/case/sample';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-case-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function expectCode(p: Promise<unknown>, code: string): Promise<CaseFileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CaseFileError);
  expect((err as CaseFileError).code).toBe(code);
  return err as CaseFileError;
}

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) {
    const s = await stat(join(folder, name));
    out[name] = `${s.size}:${s.mtimeMs}:${await sha256File(join(folder, name))}`;
  }
  return out;
}

describe('saving and opening case files', () => {
  it('saves and opens a case with its columns, audit and sections', async () => {
    const path = join(dir, 'case.itinera');
    const doc = recordAudit(
      sampleCase(20_000),
      'save',
      { path },
      { account: 'tester', software: 'Itinera test' },
    );
    const saved = await saveCaseFile(path, doc, { software: 'Itinera test' });
    expect(saved.bytes).toBe((await stat(path)).size);
    expect(saved.backupPath).toBeNull();
    const opened = await openCaseFile(path);
    expect(opened.fileVersion).toBe(CASE_FORMAT_VERSION);
    expect(opened.tampered).toBe(false);
    expect(opened.audit.entries).toBe(2);
    expect(opened.sha256).toBe(saved.sha256);
    expect(Array.from(opened.doc.sources[0]!.fixes.lat)).toEqual(
      Array.from(doc.sources[0]!.fixes.lat),
    );
    expect(opened.doc.annotations).toEqual(doc.annotations);
    expect(await readdir(dir)).toEqual(['case.itinera']);
  });

  it('keeps the previous save as <name>.bak and leaves no temporary file', async () => {
    const path = join(dir, 'case.itinera');
    const first = sampleCase(100);
    first.title = 'first';
    const second = { ...first, title: 'second' };
    const third = { ...first, title: 'third' };
    await saveCaseFile(path, first);
    const r2 = await saveCaseFile(path, second);
    expect(r2.backupPath).toBe(backupPathFor(path));
    expect((await openCaseFile(backupPathFor(path))).doc.title).toBe('first');
    await saveCaseFile(path, third);
    expect((await openCaseFile(path)).doc.title).toBe('third');
    expect((await openCaseFile(backupPathFor(path))).doc.title).toBe('second');
    expect((await readdir(dir)).sort()).toEqual(['case.itinera', 'case.itinera.bak']);
  });

  it('never makes a torn file the backup', async () => {
    const path = join(dir, 'case.itinera');
    await saveCaseFile(path, { ...sampleCase(100), title: 'good' });
    await saveCaseFile(path, { ...sampleCase(100), title: 'newer' });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    await saveCaseFile(path, { ...sampleCase(100), title: 'after' });
    expect((await openCaseFile(backupPathFor(path))).doc.title).toBe('good');
  });

  it('removes temporary files a killed save left behind', async () => {
    const path = join(dir, 'case.itinera');
    await writeFile(join(dir, '.case.itinera.new-123-abc.tmp'), 'half a case');
    await writeFile(join(dir, 'unrelated.tmp'), 'not ours');
    await saveCaseFile(path, sampleCase(10));
    expect((await readdir(dir)).sort()).toEqual(['case.itinera', 'unrelated.tmp']);
  });

  it('gives typed errors for missing, folder, foreign, truncated, newer and altered files, changing nothing', async () => {
    const good = join(dir, 'good.itinera');
    await saveCaseFile(good, sampleCase(2000));
    const bytes = await readFile(good);
    await writeFile(join(dir, 'foreign.itinera'), '<?xml version="1.0"?><gpx/>');
    await writeFile(
      join(dir, 'truncated.itinera'),
      bytes.subarray(0, Math.floor(bytes.length / 2)),
    );
    const altered = Buffer.from(bytes);
    altered[altered.length - 100]! ^= 1;
    await writeFile(join(dir, 'altered.itinera'), altered);
    const newer = encodeCase(sampleCase(10), nodeSha256, {
      software: 'Itinera 99',
      savedAt: 0,
      version: CASE_FORMAT_VERSION + 1,
    });
    await writeFile(join(dir, 'newer.itinera'), concat(newer.chunks));
    const before = await snapshot(dir);

    await expectCode(openCaseFile(join(dir, 'absent.itinera')), 'case.not-found');
    await expectCode(openCaseFile(dir), 'case.unreadable');
    await expectCode(openCaseFile(join(dir, 'foreign.itinera')), 'case.foreign');
    await expectCode(openCaseFile(join(dir, 'truncated.itinera')), 'case.truncated');
    await expectCode(openCaseFile(join(dir, 'altered.itinera')), 'case.checksum');
    const e = await expectCode(openCaseFile(join(dir, 'newer.itinera')), 'case.newer-version');
    expect(e.message).toMatch(/newer Itinera/);
    // Recovery never replaces a foreign or newer file by a backup.
    await expectCode(
      openCaseFile(join(dir, 'newer.itinera'), { recover: true }),
      'case.newer-version',
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it('recovers from the backup when asked and the case is damaged', async () => {
    const path = join(dir, 'case.itinera');
    await saveCaseFile(path, { ...sampleCase(100), title: 'previous' });
    await saveCaseFile(path, { ...sampleCase(100), title: 'last' });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, 1000));
    await expectCode(openCaseFile(path), 'case.truncated');
    const opened = await openCaseFile(path, { recover: true });
    expect(opened.doc.title).toBe('previous');
    expect(opened.recoveredFrom).toMatchObject({ path, code: 'case.truncated' });
    expect(opened.path).toBe(backupPathFor(path));
  });

  it('opens a case whose audit log was altered, flagged as tampered', async () => {
    const path = join(dir, 'case.itinera');
    let doc = sampleCase(100);
    for (const action of ['import', 'setting', 'edit', 'export'] as const)
      doc = recordAudit(
        doc,
        action,
        { what: action },
        { account: 'tester', software: 'Itinera test' },
      );
    // Altered outside Itinera with a tool that rewrites the file (and so its checksum) correctly.
    const altered = {
      ...doc,
      audit: doc.audit.map((e, i) => (i === 2 ? { ...e, details: { what: 'nothing' } } : e)),
    };
    await saveCaseFile(path, altered);
    const opened = await openCaseFile(path);
    expect(opened.tampered).toBe(true);
    expect(opened.audit.firstBadIndex).toBe(2);
    // Entries cut off the end by a tool that left the recorded head alone.
    const cut = encodeCase({ ...doc, audit: doc.audit.slice(0, 3) }, nodeSha256, {
      software: 's',
      savedAt: 0,
      auditHead: auditHead(doc.audit),
    });
    await writeFile(path, concat(cut.chunks));
    const reopened = await openCaseFile(path);
    expect(reopened.tampered).toBe(true);
    expect(reopened.audit.problems.map((p) => p.code)).toEqual(['head-mismatch']);
  });
});

describe('verify evidence', () => {
  it('reports match, mismatch and missing, looking beside the case file by name', async () => {
    const evidenceDir = join(dir, 'evidence');
    const caseDir = join(dir, 'handover');
    await import('node:fs/promises').then((fs) =>
      Promise.all([fs.mkdir(evidenceDir), fs.mkdir(caseDir)]),
    );
    const files = {
      kept: join(evidenceDir, 'kept.gpx'),
      changed: join(evidenceDir, 'changed.gpx'),
      gone: join(evidenceDir, 'gone.gpx'),
      moved: join(evidenceDir, 'moved.gpx'),
    };
    for (const [name, path] of Object.entries(files)) await writeFile(path, `<gpx>${name}</gpx>`);
    const doc = sampleCase(10);
    doc.sources[0]!.files = await Promise.all(
      Object.values(files).map(async (path) => ({
        name: path.split('/').pop()!,
        path,
        size: (await stat(path)).size,
        sha256: await sha256File(path),
      })),
    );
    doc.sources[1]!.files = [];
    await writeFile(files.changed, '<gpx>changed!</gpx>');
    await rm(files.gone);
    await copyFile(files.moved, join(caseDir, 'moved.gpx'));
    await rm(files.moved);
    await chmod(files.kept, 0o444);
    const keptBefore = await stat(files.kept);

    const report = await verifyEvidence(doc, { casePath: join(caseDir, 'case.itinera') });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['kept.gpx']).toMatchObject({ status: 'match', foundAt: files.kept });
    expect(byName['changed.gpx']).toMatchObject({ status: 'mismatch', foundAt: files.changed });
    expect(byName['changed.gpx']!.actualSha256).not.toBe(byName['changed.gpx']!.recordedSha256);
    expect(byName['gone.gpx']).toMatchObject({ status: 'missing' });
    expect(byName['moved.gpx']).toMatchObject({
      status: 'match',
      foundAt: join(caseDir, 'moved.gpx'),
    });
    expect([report.match, report.mismatch, report.missing]).toEqual([2, 1, 1]);
    // Read-only original: still readable, never touched.
    const keptAfter = await stat(files.kept);
    expect(keptAfter.mtimeMs).toBe(keptBefore.mtimeMs);
    expect(keptAfter.mode & 0o777).toBe(0o444);
  });
});
