import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  appendAudit,
  auditHead,
  auditToCsv,
  auditToJson,
  canonicalJson,
  verifyAuditChain,
  type AuditAction,
  type AuditEntry,
} from '../../../shared/case/audit';
import { nodeSha256 } from '../../../electron/services/case-identity';
import { T0 } from './sample';

function log(n: number): AuditEntry[] {
  const actions: AuditAction[] = [
    'create',
    'import',
    'setting',
    'edit',
    'exclude',
    'export',
    'save',
  ];
  let out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out = appendAudit(
      out,
      {
        action: actions[i % actions.length]!,
        details: { i, file: `f${i}.gpx`, nested: { b: 2, a: [1, 'x'] } },
        account: 'investigator',
        software: 'Itinera 0.1.0',
        at: T0 + i * 60_000,
      },
      nodeSha256,
    );
  }
  return out;
}

describe('audit chain', () => {
  it('chains entries: seq from 1, prev is the previous hash, times are UTC ISO', () => {
    const entries = log(5);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < 5; i++) expect(entries[i]!.prev).toBe(entries[i - 1]!.hash);
    expect(entries[0]!.at).toBe('2024-06-01T08:00:00.000Z');
    expect(entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(5);
    const check = verifyAuditChain(entries, nodeSha256, { recordedHead: auditHead(entries) });
    expect(check).toMatchObject({ intact: true, entries: 5, firstBadIndex: null, problems: [] });
  });

  it('does not change the log it appends to', () => {
    const before = log(2);
    const copy = JSON.stringify(before);
    appendAudit(before, { action: 'save', account: 'a', software: 's', at: T0 }, nodeSha256);
    expect(JSON.stringify(before)).toBe(copy);
  });

  it('hashes canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: null }] })).toBe(
      '{"a":[2,{"c":null,"d":1}],"b":1}',
    );
    const a = appendAudit(
      [],
      { action: 'edit', details: { x: 1, y: 2 }, account: 'a', software: 's', at: T0 },
      nodeSha256,
    );
    const b = appendAudit(
      [],
      { action: 'edit', details: { y: 2, x: 1 }, account: 'a', software: 's', at: T0 },
      nodeSha256,
    );
    const c = appendAudit(
      [],
      { action: 'edit', details: { y: 2, x: 3 }, account: 'a', software: 's', at: T0 },
      nodeSha256,
    );
    expect(a[0]!.hash).toBe(b[0]!.hash);
    expect(a[0]!.hash).not.toBe(c[0]!.hash);
  });

  it('detects a changed entry and says which', () => {
    const entries = log(6);
    const tampered = entries.map((e) => ({ ...e }));
    tampered[2] = { ...tampered[2]!, details: { ...tampered[2]!.details, file: 'other.gpx' } };
    const check = verifyAuditChain(tampered, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.firstBadIndex).toBe(2);
    expect(check.problems).toEqual([
      expect.objectContaining({ index: 2, seq: 3, code: 'hash-mismatch' }),
    ]);
    // A changed account or time is a change too.
    const byAccount = entries.map((e, i) => (i === 4 ? { ...e, account: 'someone else' } : e));
    expect(verifyAuditChain(byAccount, nodeSha256).firstBadIndex).toBe(4);
  });

  it('detects a changed entry whose hash was recomputed (the next link breaks)', () => {
    const entries = log(6);
    const forged = entries.slice();
    const body = { ...entries[1]!, action: 'setting' as const, details: { forged: true } };
    forged[1] = appendAudit(
      [entries[0]!],
      { ...body, at: Date.parse(entries[1]!.at) },
      nodeSha256,
    )[1]!;
    const check = verifyAuditChain(forged, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.problems.map((p) => [p.index, p.code])).toEqual([[2, 'chain-broken']]);
  });

  it('detects a removed entry', () => {
    const entries = log(6);
    const removed = [...entries.slice(0, 3), ...entries.slice(4)];
    const check = verifyAuditChain(removed, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.firstBadIndex).toBe(3);
    expect(check.problems.map((p) => p.code).sort()).toEqual(['chain-broken', 'seq-order']);
  });

  it('detects reordered entries', () => {
    const entries = log(6);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)];
    const check = verifyAuditChain(swapped, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.firstBadIndex).toBe(1);
  });

  it('detects entries cut from the end through the recorded head, and a missing anchor', () => {
    const entries = log(6);
    const head = auditHead(entries);
    const cut = entries.slice(0, 4);
    expect(verifyAuditChain(cut, nodeSha256).intact).toBe(true);
    const check = verifyAuditChain(cut, nodeSha256, { recordedHead: head });
    expect(check.intact).toBe(false);
    expect(check.problems[0]!.code).toBe('head-mismatch');
    expect(check.firstBadIndex).toBe(4);
    const anchorOld = entries[3]!.hash;
    expect(verifyAuditChain(entries, nodeSha256, { anchors: [anchorOld] }).intact).toBe(true);
    const rewritten = log(3);
    const anchored = verifyAuditChain(rewritten, nodeSha256, { anchors: [anchorOld] });
    expect(anchored.problems.map((p) => p.code)).toEqual(['anchor-missing']);
  });

  it('reports a malformed entry without throwing', () => {
    const entries: unknown[] = [...log(2), { seq: 3, note: 'not an entry' }, null];
    const check = verifyAuditChain(entries, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.problems.filter((p) => p.code === 'malformed').map((p) => p.index)).toEqual([
      2, 3,
    ]);
  });

  it('keeps a break visible after further entries are appended', () => {
    const entries = log(4);
    const tampered = entries.map((e, i) => (i === 1 ? { ...e, account: 'x' } : e));
    const more = appendAudit(
      tampered,
      { action: 'open', account: 'a', software: 's', at: T0 },
      nodeSha256,
    );
    const check = verifyAuditChain(more, nodeSha256);
    expect(check.intact).toBe(false);
    expect(check.firstBadIndex).toBe(1);
    expect(more[4]!.prev).toBe(tampered[3]!.hash);
  });
});

describe('audit export', () => {
  it('writes RFC 4180 CSV with a header and quoted details', () => {
    const entries = log(3);
    const csv = auditToCsv(entries);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('seq,at,account,software,action,details,prev,hash');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[1]).toBe(
      `1,2024-06-01T08:00:00.000Z,investigator,Itinera 0.1.0,create,"{""file"":""f0.gpx"",""i"":0,""nested"":{""a"":[1,""x""],""b"":2}}",${GENESIS_HASH},${entries[0]!.hash}`,
    );
  });

  it('writes JSON with the entries and the verification', () => {
    const entries = log(2);
    const parsed = JSON.parse(auditToJson(entries, verifyAuditChain(entries, nodeSha256))) as {
      entries: AuditEntry[];
      verification: { intact: boolean };
    };
    expect(parsed.entries).toEqual(entries);
    expect(parsed.verification.intact).toBe(true);
  });
});
