import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/case/audit';
import { canonicalFileList } from '../../electron/services/case-session';

describe('canonicalFileList', () => {
  it('writes exactly what canonicalJson writes for file records', () => {
    const record = fc.record({
      name: fc.string({ unit: 'binary' }),
      size: fc.oneof(fc.nat(), fc.double(), fc.constant(-0), fc.constant(NaN)),
      sha256: fc.string(),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (files) => {
        expect(canonicalFileList(files)).toBe(canonicalJson(files));
      }),
    );
  });

  it('falls back to canonicalJson for any other shape', () => {
    const odd = [
      { name: 'a.jpg', size: 1, sha256: 'ab' },
      { name: 'b.jpg', size: '2', sha256: 'cd' },
      { name: 'c.jpg', size: 3, sha256: 'ef', extra: true },
    ];
    expect(canonicalFileList(odd)).toBe(canonicalJson(odd));
    expect(canonicalFileList([{ sha256: 'x', size: 5, name: 'z"\u2028.jpg' }])).toBe(
      '[{"name":"z\\"\u2028.jpg","sha256":"x","size":5}]',
    );
  });
});
