/**
 * The case channels through the same handlers the app and the test host use: save, open,
 * recent cases, the audit entries Node records itself, refused paths, files that cannot be
 * opened (the current case unchanged) and a tampered log.
 */
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiHandlers,
  invokeChannel,
  type ApiHandlers,
} from '../../electron/services/api-handlers';
import { BasemapRegistry } from '../../electron/services/basemaps';
import { CaseSession, RECENT_CASES_FILE } from '../../electron/services/case-session';
import { saveCaseFile, openCaseFile } from '../../electron/services/case-file';
import { nodeSha256 } from '../../electron/services/case-identity';
import { auditEntryHash } from '../../shared/case/audit';
import type {
  AuditLogView,
  CaseOpened,
  CaseSaved,
  EvidenceVerification,
  ImportResult,
  RecentCase,
} from '../../shared/api';
import { defaultTimelineSettings } from '../../shared/timeline/settings';
import { sampleSource } from '../shared/case/sample';

let dir: string;
let userData: string;
let nextPick: string | null = null;
let handlers: ApiHandlers;
let session: CaseSession;
let clock = Date.UTC(2026, 10, 28, 9, 0, 0);

const call = <T>(channel: string, payload?: unknown) =>
  invokeChannel(handlers, channel, payload) as Promise<T>;

function makeHandlers(importResults: ImportResult[] = []): void {
  session = new CaseSession({
    software: 'Itinera 9.9.9-test',
    account: 'examiner1',
    userDataDir: userData,
    now: () => (clock += 1000),
  });
  handlers = createApiHandlers({
    appInfo: () => ({ name: 'itinera', version: '9.9.9', locale: 'en', platform: 'linux' }),
    pickEvidence: async () => [],
    importEvidence: async () => importResults,
    demoEvidencePaths: [],
    basemaps: new BasemapRegistry([]),
    cases: session,
    pickCasePath: async () => {
      const answer = nextPick;
      nextPick = null;
      return answer;
    },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'itinera-case-session-'));
  userData = join(dir, 'user-data');
  makeHandlers();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function caseParts(edits = 1) {
  const timeline = defaultTimelineSettings('Europe/Brussels');
  for (let i = 0; i < edits; i++)
    timeline.edits.push({ kind: 'exclude', stopKey: `s${i}`, at: clock + i } as never);
  return {
    sources: [sampleSource('a', 500, 1)],
    timeline,
    testimony: [{ kind: 'testimony', hearings: [], pins: [], sketches: [] }],
  };
}

async function saveAs(name: string, parts = caseParts()): Promise<CaseSaved> {
  const path = join(dir, name);
  nextPick = path;
  expect(await call('case:pick-path', { purpose: 'save', defaultName: name })).toBe(path);
  return call<CaseSaved>('case:save', { ...parts, path });
}

describe('case channels', () => {
  it('logs a large photo folder as a count and one hash, a small source file by file', async () => {
    const big = sampleSource('photos', 5, 4);
    big.files = Array.from({ length: 60 }, (_, i) => ({
      name: `IMG_${i}.JPG`,
      size: 1000 + i,
      sha256: i.toString(16).padStart(64, '0'),
    }));
    const small = sampleSource('track', 5, 5);
    makeHandlers([
      { ok: true, path: '/p', source: big },
      { ok: true, path: '/t', source: small },
    ]);
    await call('evidence:import', { paths: ['/p', '/t'] });
    const [, photos, track] = (await call<AuditLogView>('case:audit-log')).entries;
    expect(photos!.details).toMatchObject({ sourceId: 'photos', fileCount: 60 });
    expect(photos!.details.filesSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(photos!.details.files).toBeUndefined();
    expect((track!.details.files as unknown[]).length).toBe(small.files.length);
  });

  it('saves, reopens and round-trips sources (typed arrays), settings, edits and testimony', async () => {
    const saved = await saveAs('round.itinera');
    expect(saved.bytes).toBeGreaterThan(500 * 8 * 3);
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);

    makeHandlers(); // a fresh app start
    nextPick = saved.path;
    await call('case:pick-path', { purpose: 'open' });
    const opened = await call<CaseOpened>('case:open', { path: saved.path });
    const original = caseParts();
    expect(opened.sources).toHaveLength(1);
    expect(opened.sources[0]!.fixes.lat).toBeInstanceOf(Float64Array);
    expect(Array.from(opened.sources[0]!.fixes.lat)).toEqual(
      Array.from(original.sources[0]!.fixes.lat),
    );
    expect(opened.timeline?.edits).toHaveLength(1);
    expect(opened.timeline?.displayZone).toBe('Europe/Brussels');
    expect(opened.testimony[0]!.kind).toBe('testimony');
    expect(opened.tampered).toBe(false);
    expect(opened.audit.intact).toBe(true);
    expect(opened.title).toBe('round');
    const actions = (await call<AuditLogView>('case:audit-log')).entries.map((e) => e.action);
    expect(actions).toEqual(['create', 'save', 'open']);
    const log = await call<AuditLogView>('case:audit-log');
    expect(log.entries.every((e) => e.account === 'examiner1')).toBe(true);
    expect(log.entries.every((e) => e.software === 'Itinera 9.9.9-test')).toBe(true);
  });

  it('saves to the case path without a dialog once it has one, and refuses paths not chosen', async () => {
    await expect(call('case:save', caseParts())).rejects.toMatchObject({ code: 'case.no-path' });
    await expect(
      call('case:save', { ...caseParts(), path: join(dir, 'sneaky.itinera') }),
    ).rejects.toMatchObject({ code: 'case.path-not-chosen' });
    await expect(call('case:open', { path: join(dir, 'x.itinera') })).rejects.toMatchObject({
      code: 'case.path-not-chosen',
    });
    const first = await saveAs('own.itinera');
    const again = await call<CaseSaved>('case:save', { ...caseParts(2), auto: true });
    expect(again.path).toBe(first.path);
    const log = await call<AuditLogView>('case:audit-log');
    const saves = log.entries.filter((e) => e.action === 'save');
    expect(saves).toHaveLength(2);
    expect(saves[1]!.details).toMatchObject({ auto: true, edits: 2 });
  });

  it('remembers recent cases in the user data folder and reopens them without a dialog', async () => {
    await saveAs('one.itinera');
    await saveAs('two.itinera');
    const recent = await call<RecentCase[]>('case:recent');
    expect(recent.map((r) => r.title)).toEqual(['two', 'one']);
    expect(recent.every((r) => r.exists)).toBe(true);
    const stored = JSON.parse(await readFile(join(userData, RECENT_CASES_FILE), 'utf8'));
    expect(stored.cases).toHaveLength(2);

    await rm(join(dir, 'one.itinera'));
    makeHandlers();
    const later = await call<RecentCase[]>('case:recent');
    expect(later.map((r) => [r.title, r.exists])).toEqual([
      ['two', true],
      ['one', false],
    ]);
    const opened = await call<CaseOpened>('case:open', { path: later[0]!.path });
    expect(opened.title).toBe('two');
  });

  it('a truncated, foreign or newer file gives its code and leaves the current case as it was', async () => {
    const good = await saveAs('good.itinera');
    const before = await call<AuditLogView>('case:audit-log');
    const bytes = await readFile(good.path);
    const cases: [string, Buffer, string][] = [
      ['truncated.itinera', bytes.subarray(0, bytes.length - 100), 'case.truncated'],
      ['foreign.itinera', Buffer.from('PK\u0003\u0004 not a case'), 'case.foreign'],
    ];
    const newer = Buffer.from(bytes);
    newer.writeUInt32LE(99, 12);
    cases.push(['newer.itinera', newer, 'case.newer-version']);
    for (const [name, content, code] of cases) {
      const path = join(dir, name);
      await writeFile(path, content);
      nextPick = path;
      await call('case:pick-path', { purpose: 'open' });
      await expect(call('case:open', { path })).rejects.toMatchObject({ code });
    }
    const after = await call<AuditLogView>('case:audit-log');
    expect(after.entries).toEqual(before.entries);
    expect(session.currentPath).toBe(good.path);
  });

  it('opens the backup of a damaged case and says so', async () => {
    const first = await saveAs('bak.itinera');
    await call('case:save', caseParts(3)); // the first save is now the .bak
    await truncate(first.path, 1000);
    nextPick = first.path;
    await call('case:pick-path', { purpose: 'open' });
    const opened = await call<CaseOpened>('case:open', { path: first.path });
    expect(opened.recoveredFrom?.code).toBe('case.truncated');
    expect(opened.timeline?.edits).toHaveLength(1);
    const log = await call<AuditLogView>('case:audit-log');
    expect(log.entries.map((e) => e.action)).toContain('recover');
  });

  it('flags a tampered audit entry on open and keeps it flagged', async () => {
    const saved = await saveAs('tamper.itinera');
    const opened = await openCaseFile(saved.path);
    const doc = opened.doc;
    // Re-encoded with the core's own functions: valid file, checksum and all, but entry 2 changed.
    const entry = doc.audit[1]!;
    doc.audit[1] = { ...entry, details: { ...entry.details, path: '/elsewhere.itinera' } };
    await saveCaseFile(saved.path, doc, { software: 'Itinera 9.9.9-test', keepBackup: false });
    nextPick = saved.path;
    await call('case:pick-path', { purpose: 'open' });
    const reopened = await call<CaseOpened>('case:open', { path: saved.path });
    expect(reopened.tampered).toBe(true);
    expect(reopened.audit.firstBadIndex).toBe(1);
    const log = await call<AuditLogView>('case:audit-log');
    expect(log.verification.intact).toBe(false);
    // The entry hashes itself as recorded: only its content changed.
    expect(auditEntryHash(log.entries[1]!, nodeSha256)).not.toBe(log.entries[1]!.hash);
  });

  it('records imports, renderer-reported changes and evidence checks; exports the log', async () => {
    const source = sampleSource('imp', 10, 3);
    const evidence = join(dir, 'track.gpx');
    await writeFile(evidence, 'not really gpx');
    source.files = [{ name: 'track.gpx', path: evidence, size: 14, sha256: '0'.repeat(64) }];
    makeHandlers([{ ok: true, path: evidence, source }]);
    await call('evidence:import', { paths: [evidence] });
    await call('case:append-audit', { action: 'setting', details: { gapS: 600 } });
    await expect(call('case:append-audit', { action: 'save' })).rejects.toMatchObject({
      code: 'api.invalid-request',
    });
    const report = await call<EvidenceVerification>('case:verify-evidence');
    expect(report.checks.map((c) => c.status)).toEqual(['mismatch']);
    const log = await call<AuditLogView>('case:audit-log');
    expect(log.entries.map((e) => e.action)).toEqual([
      'create',
      'import',
      'setting',
      'verify-evidence',
    ]);
    expect(log.entries[1]!.details).toMatchObject({ sourceId: 'imp' });
    expect(log.verification.intact).toBe(true);

    const csvPath = join(dir, 'audit.csv');
    await expect(call('case:export-audit', { format: 'csv', path: csvPath })).rejects.toMatchObject(
      { code: 'case.path-not-chosen' },
    );
    nextPick = csvPath;
    await call('case:pick-path', { purpose: 'audit-csv' });
    const written = await call<{ bytes: number }>('case:export-audit', {
      format: 'csv',
      path: csvPath,
    });
    const csv = await readFile(csvPath, 'utf8');
    expect(written.bytes).toBe(Buffer.byteLength(csv));
    expect(csv.split('\r\n')[0]).toBe('seq,at,account,software,action,details,prev,hash');
    expect(csv).toContain('verify-evidence');
  });
});
