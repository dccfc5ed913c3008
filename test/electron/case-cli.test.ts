import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/itinera';
import { openCaseFile, saveCaseFile } from '../../electron/services/case-file';

function sink(): Writable & { text: () => string } {
  const parts: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk.toString());
      done();
    },
  });
  return Object.assign(w, { text: () => parts.join('') });
}

async function itinera(...args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(args, { stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function gpx(points: number, startMin: number): string {
  const pts = Array.from({ length: points }, (_, i) => {
    const t = new Date(Date.UTC(2024, 4, 1, 8, startMin + i)).toISOString();
    return `<trkpt lat="${(51 + i * 0.001).toFixed(4)}" lon="${(3 + i * 0.001).toFixed(4)}"><time>${t}</time></trkpt>`;
  }).join('');
  return `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts}</trkseg></trk></gpx>`;
}

let dir: string;
let a: string;
let b: string;
let casePath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-case-cli-'));
  a = join(dir, 'phone.gpx');
  b = join(dir, 'tracker.gpx');
  await writeFile(a, gpx(30, 0));
  await writeFile(b, gpx(12, 60));
  await chmod(a, 0o444);
  casePath = join(dir, 'case.itinera');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('itinera case', () => {
  it('creates a case from evidence, leaving the originals untouched', async () => {
    const before = await stat(a);
    const r = await itinera('case', 'create', casePath, a, b, '--title', 'Operation Test');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported phone\.gpx: gpx, 30 fixes/);
    expect(r.stdout).toMatch(/saved .*case\.itinera: \d+ bytes, sha256 [0-9a-f]{64}/);
    const after = await stat(a);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    const opened = await openCaseFile(casePath);
    expect(opened.doc.title).toBe('Operation Test');
    expect(opened.doc.sources.map((s) => s.fixes.count)).toEqual([30, 12]);
    expect(opened.doc.audit.map((e) => e.action)).toEqual(['create', 'import', 'import', 'save']);
    expect(opened.tampered).toBe(false);
  });

  it('refuses to replace an existing case without --force, and a missing .itinera suffix', async () => {
    const r = await itinera('case', 'create', casePath, a);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exists \(use --force/);
    expect((await itinera('case', 'create', join(dir, 'x.case'), a)).code).toBe(2);
  });

  it('prints info as text and JSON', async () => {
    const text = await itinera('case', 'info', casePath);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Operation Test/);
    expect(text.stdout).toMatch(/phone\.gpx {2}\d+ B {2}sha256 [0-9a-f]{64}/);
    expect(text.stdout).toMatch(/audit log: intact \(4 entries, head [0-9a-f]{64}\)/);
    const json = JSON.parse((await itinera('case', 'info', casePath, '--json')).stdout) as {
      sources: { files: { sha256: string }[] }[];
      audit: { entries: number; actions: Record<string, number>; intact: boolean };
      tampered: boolean;
    };
    expect(json.audit).toMatchObject({
      entries: 4,
      actions: { create: 1, import: 2, save: 1 },
      intact: true,
    });
    expect(json.tampered).toBe(false);
    expect(json.sources[0]!.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies evidence and the audit chain, with an anchor', async () => {
    const head = (await openCaseFile(casePath)).audit.head.hash;
    const ok = await itinera('case', 'verify', casePath, '--anchor', head);
    expect(ok.stdout).toMatch(/evidence: 2 match, 0 mismatch, 0 missing/);
    expect(ok.stdout).toMatch(/result: OK/);
    expect(ok.code).toBe(0);
    const wrongAnchor = await itinera('case', 'verify', casePath, '--anchor', 'f'.repeat(64));
    expect(wrongAnchor.code).toBe(1);
    expect(wrongAnchor.stdout).toMatch(/anchor-missing/);
  });

  it('prints the audit log as a table, JSON and CSV', async () => {
    const csv = await itinera('case', 'audit', casePath, '--csv');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('seq,at,account,software,action,details,prev,hash');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatch(/^1,\d{4}-\d\d-\d\dT[\d:.]+Z,[^,]+,Itinera [^,]+,create,/);
    const json = JSON.parse((await itinera('case', 'audit', casePath, '--json')).stdout) as {
      entries: unknown[];
      verification: { intact: boolean };
    };
    expect(json.entries).toHaveLength(4);
    expect(json.verification.intact).toBe(true);
    const table = await itinera('case', 'audit', casePath);
    expect(table.stdout.split('\n').filter((l) => / import /.test(l))).toHaveLength(2);
    expect((await itinera('case', 'audit', casePath, '--json', '--csv')).code).toBe(2);
  });

  it('fails verification when an original changed or is gone, or the log was altered', async () => {
    const copy = join(dir, 'copy.itinera');
    await writeFile(copy, await readFile(casePath));
    await chmod(b, 0o644);
    await writeFile(b, gpx(13, 60));
    let r = await itinera('case', 'verify', copy);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/evidence: 1 match, 1 mismatch, 0 missing/);
    expect(r.stdout).toMatch(/MISMATCH tracker\.gpx/);
    await rm(b);
    r = await itinera('case', 'verify', copy, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, evidence: { missing: 1 } });

    const opened = await openCaseFile(copy);
    const doc = opened.doc;
    doc.audit[1] = { ...doc.audit[1]!, account: 'someone-else' };
    await saveCaseFile(copy, doc);
    r = await itinera('case', 'info', copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/audit log: TAMPERED: 1 problem\(s\), untrusted from entry 2/);
    r = await itinera('case', 'audit', copy);
    expect(r.stdout).toMatch(/^! {4}2 /m);
  });

  it('explains a file it cannot open, with exit 1', async () => {
    const r = await itinera('case', 'info', a);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not an Itinera case file \[case\.foreign\]/);
    const missing = await itinera('case', 'verify', join(dir, 'nothing.itinera'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\[case\.not-found\]/);
  });
});
