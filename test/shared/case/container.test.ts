import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_MAGIC,
  HEADER_BYTES,
  TRAILER_BYTES,
  decodeCase,
  encodeCase,
} from '../../../shared/case/container';
import { CaseFileError, type CaseErrorCode } from '../../../shared/case/errors';
import { CASE_FORMAT_VERSION, migrateCaseDocument } from '../../../shared/case/format';
import { nodeSha256 } from '../../../electron/services/case-identity';
import { concat, sampleCase, T0 } from './sample';

const OPTS = { software: 'Itinera test', savedAt: T0 };

function encodeBytes(doc = sampleCase(), opts: Partial<typeof OPTS & { version: number }> = {}) {
  const encoded = encodeCase(doc, nodeSha256, { ...OPTS, ...opts });
  return { encoded, bytes: concat(encoded.chunks) };
}

function codeOf(f: () => unknown): CaseErrorCode | 'no error' | 'other error' {
  try {
    f();
    return 'no error';
  } catch (err) {
    return err instanceof CaseFileError ? err.code : 'other error';
  }
}

describe('case container', () => {
  it('round-trips sources, columns, NaN, -0, undefined in arrays and $-keys', () => {
    const doc = sampleCase(500);
    const { bytes, encoded } = encodeBytes(doc);
    expect(encoded.byteLength).toBe(bytes.length);
    const decoded = decodeCase(bytes, nodeSha256);
    expect(decoded.fileVersion).toBe(CASE_FORMAT_VERSION);
    expect(decoded.software).toBe('Itinera test');
    expect(decoded.savedAt).toBe(new Date(T0).toISOString());
    expect(decoded.sha256).toBe(encoded.sha256);
    const a = decoded.doc.sources[0]!;
    expect(a.fixes.t).toBeInstanceOf(Float64Array);
    expect(Array.from(a.fixes.t)).toEqual(Array.from(doc.sources[0]!.fixes.t));
    expect(Number.isNaN(a.fixes.t[1])).toBe(true);
    expect(Array.from(a.fixes.ele!)).toEqual(Array.from(doc.sources[0]!.fixes.ele!));
    expect(a.fixTimeBasis).toBeInstanceOf(Uint8Array);
    expect(a.fixCells).toEqual(new Int32Array([1, -1, 2]));
    expect(Number.isNaN(a.waypoints[0]!.t)).toBe(true);
    expect(Object.is(a.photos![0]!.gpsT, -0)).toBe(true);
    expect(decoded.doc.annotations[0]).toEqual({
      kind: 'pin',
      lat: 51,
      lon: 3,
      text: 'here',
      $ref: 'odd key',
      list: [1, undefined, 3],
    });
    expect(decoded.doc.timeline).toEqual(doc.timeline);
    expect(decoded.doc.audit).toEqual(doc.audit);
    expect(decoded.doc.testimony).toEqual(doc.testimony);
    expect(decoded.doc.exhibits).toEqual(doc.exhibits);
  });

  it('opens columns as views on the file bytes, not copies', () => {
    const { bytes } = encodeBytes();
    const decoded = decodeCase(bytes, nodeSha256);
    const t = decoded.doc.sources[0]!.fixes.t;
    expect(t.buffer).toBe(bytes.buffer);
    expect(t.byteOffset % 8).toBe(0);
  });

  it('copies a column when the bytes are not aligned, and still reads it right', () => {
    const { bytes } = encodeBytes();
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const decoded = decodeCase(shifted, nodeSha256);
    expect(decoded.doc.sources[0]!.fixes.lat[10]).toBe(sampleCase().sources[0]!.fixes.lat[10]);
  });

  it('writes at most 1.5x the columnar bytes, and encoding is deterministic', () => {
    const { encoded, bytes } = encodeBytes(sampleCase(100_000));
    expect(encoded.byteLength / encoded.columnBytes).toBeLessThan(1.5);
    expect(encoded.byteLength / encoded.columnBytes).toBeGreaterThan(1);
    const again = encodeBytes(sampleCase(100_000)).bytes;
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(again))).toBe(0);
  });

  it('starts with the magic and ends with the trailer', () => {
    const { bytes } = encodeBytes();
    expect(Array.from(bytes.subarray(0, CASE_MAGIC.length))).toEqual(Array.from(CASE_MAGIC));
    expect(
      Buffer.from(bytes.subarray(bytes.length - TRAILER_BYTES, bytes.length - 40)).toString(),
    ).toBe('ITNEND\r\n');
  });

  it('reports every truncation as truncated, never as something else', () => {
    const { bytes } = encodeBytes(sampleCase(2000));
    const cuts = new Set([1, 5, 11, 12, 20, HEADER_BYTES, HEADER_BYTES + 1, bytes.length - 1]);
    for (let k = 1; k < 40; k++) cuts.add(Math.floor((bytes.length * k) / 40));
    for (const cut of cuts) {
      expect(
        codeOf(() => decodeCase(bytes.slice(0, cut), nodeSha256)),
        `cut at ${cut}`,
      ).toBe('case.truncated');
    }
  });

  it('calls any other file foreign', () => {
    const samples = [
      new Uint8Array(0),
      new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>'),
      new TextEncoder().encode('PK\x03\x04 a zip'),
      new Uint8Array(4096).map((_, i) => (i * 31) & 255),
      new TextEncoder().encode('{"format":"itinera-case"}'),
    ];
    for (const s of samples) expect(codeOf(() => decodeCase(s, nodeSha256))).toBe('case.foreign');
  });

  it('detects line-end conversion of a transfer in text mode', () => {
    const { bytes } = encodeBytes();
    const crlfToLf = concat([bytes.subarray(0, 8), bytes.subarray(9)]);
    expect(codeOf(() => decodeCase(crlfToLf, nodeSha256))).toBe('case.foreign');
  });

  it('refuses a newer format version with a clear message', () => {
    const { bytes } = encodeBytes(sampleCase(), { version: CASE_FORMAT_VERSION + 1 });
    try {
      decodeCase(bytes, nodeSha256);
      expect.unreachable();
    } catch (err) {
      expect((err as CaseFileError).code).toBe('case.newer-version');
      expect((err as Error).message).toMatch(/newer Itinera.*format 2/);
    }
  });

  it('detects a single changed byte anywhere by its checksum', () => {
    const { bytes } = encodeBytes(sampleCase(3000));
    const positions = [HEADER_BYTES + 5, HEADER_BYTES + 200, bytes.length - TRAILER_BYTES - 1];
    for (let k = 1; k < 20; k++)
      positions.push(HEADER_BYTES + Math.floor(((bytes.length - 100) * k) / 20));
    for (const at of positions) {
      const bad = bytes.slice();
      bad[at]! ^= 0x01;
      expect(
        codeOf(() => decodeCase(bad, nodeSha256)),
        `byte ${at}`,
      ).toMatch(/^case\.(checksum|truncated|corrupt)$/);
    }
    const inData = bytes.slice();
    inData[bytes.length - TRAILER_BYTES - 9]! ^= 0x80;
    expect(codeOf(() => decodeCase(inData, nodeSha256))).toBe('case.checksum');
    const inDigest = bytes.slice();
    inDigest[bytes.length - 1]! ^= 0x80;
    expect(codeOf(() => decodeCase(inDigest, nodeSha256))).toBe('case.checksum');
  });

  it('reports extra bytes after the end as corrupt', () => {
    const { bytes } = encodeBytes();
    expect(codeOf(() => decodeCase(concat([bytes, new Uint8Array(3)]), nodeSha256))).toBe(
      'case.corrupt',
    );
  });
});

describe('case format migrations', () => {
  it('opens a hand-built version 0 file as version 1', () => {
    const v1 = sampleCase(50);
    // The pre-release draft layout: settings, string notes, log; no id, title or testimony.
    const v0 = {
      id: 'old-case',
      name: 'Draft case',
      created: '2024-01-02T03:04:05.000Z',
      sources: v1.sources,
      settings: v1.timeline,
      notes: ['first note', 'second note'],
      log: v1.audit,
    } as unknown as Parameters<typeof encodeCase>[0];
    const { bytes } = encodeBytes(v0, { version: 0 });
    const decoded = decodeCase(bytes, nodeSha256);
    expect(decoded.fileVersion).toBe(0);
    expect(decoded.doc.caseId).toBe('old-case');
    expect(decoded.doc.title).toBe('Draft case');
    expect(decoded.doc.createdAt).toBe('2024-01-02T03:04:05.000Z');
    expect(decoded.doc.timeline).toEqual(v1.timeline);
    expect(decoded.doc.annotations).toEqual([
      { kind: 'note', text: 'first note' },
      { kind: 'note', text: 'second note' },
    ]);
    expect(decoded.doc.testimony).toEqual([]);
    expect(decoded.doc.exhibits).toEqual([]);
    expect(decoded.doc.audit).toEqual(v1.audit);
    expect(Array.from(decoded.doc.sources[0]!.fixes.lon)).toEqual(
      Array.from(v1.sources[0]!.fixes.lon),
    );
  });

  it('runs a chain of steps in order and refuses a gap in the chain', () => {
    const table = {
      0: (d: Record<string, unknown>) => ({ ...d, steps: ['0→1'] }),
      1: (d: Record<string, unknown>) => ({ ...d, steps: [...(d.steps as string[]), '1→2'] }),
    };
    expect(migrateCaseDocument({}, 0, table, 2)).toEqual({ steps: ['0→1', '1→2'] });
    expect(() => migrateCaseDocument({}, 0, { 1: table[1] }, 2)).toThrow(
      /no migration from case format 0/,
    );
  });

  it('reports a document of the right version but the wrong shape as corrupt', () => {
    const broken = { ...sampleCase(10), audit: 'not a list' } as unknown as Parameters<
      typeof encodeCase
    >[0];
    expect(codeOf(() => decodeCase(encodeBytes(broken).bytes, nodeSha256))).toBe('case.corrupt');
    const short = sampleCase(10);
    short.sources[0]!.fixes.count = 11;
    expect(codeOf(() => decodeCase(encodeBytes(short).bytes, nodeSha256))).toBe('case.corrupt');
  });
});

describe('case container properties', () => {
  const key = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('$blob', '$num', '$undef', '$$x', '$'),
  );
  const leaf = fc.oneof(
    fc.double(),
    fc.constantFrom(NaN, -0, Infinity, -Infinity),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
    fc.constant(null),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(fc.oneof(tie('tree'), fc.constant(undefined)), { maxLength: 4 }),
      fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    ),
  }));

  it('round-trips any JSON-like annotation, tags and $-keys included', () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (payload) => {
        const doc = sampleCase(5);
        const section = { ...payload, kind: 'prop' };
        doc.annotations = [section];
        const decoded = decodeCase(encodeBytes(doc).bytes, nodeSha256);
        expect(decoded.doc.annotations[0]).toEqual(section);
      }),
      { numRuns: 200 },
    );
  });

  it('answers any damaged file with a CaseFileError, never another exception', () => {
    const { bytes } = encodeBytes(sampleCase(200));
    fc.assert(
      fc.property(
        fc.nat({ max: bytes.length }),
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          maxLength: 4,
        }),
        (cut, flips) => {
          const bad = bytes.slice(0, cut);
          for (const [at, x] of flips) if (at < bad.length) bad[at]! ^= x;
          const code = codeOf(() => decodeCase(bad, nodeSha256));
          expect(code).not.toBe('other error');
          if (cut < bytes.length || flips.length > 0) expect(code).not.toBe('no error');
        },
      ),
      { numRuns: 300 },
    );
  });
});
